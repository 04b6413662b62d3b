package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser starts Debian's chromium for the test; it skips when chromium is
// not installed (.ci/run installs it).
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("chromium is not installed")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.Flag("headless", "new"), chromedp.WindowSize(1280, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// into runs a, storing its value in dst.
func into[T any](dst *T, a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		v, err := a(ctx, t)
		*dst = v
		return chromedp.Void{}, err
	}
}

// screenshot saves the page to $VITALFEW_SCREENSHOTS/name.png when set.
func screenshot(name string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		dir := os.Getenv("VITALFEW_SCREENSHOTS")
		if dir == "" {
			return chromedp.Void{}, nil
		}
		png, err := chromedp.FullScreenshot(100)(ctx, t)
		if err != nil {
			return chromedp.Void{}, err
		}
		return chromedp.Void{}, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
}

// TestBrowser signs in, reads the dashboard chart, opens an account and its
// timeline, imports a CSV with a bad row and sees it rejected, and signs out
// — in a real browser.
func TestBrowser(t *testing.T) {
	f := newFixture(t)
	ctx := browser(t)
	base := f.ts.URL
	var (
		chartTitle, top20, accountH1, timeline, refused, rejectRow, after string
		deNav, deTop20, deChart                                           string
		bars                                                              int
	)
	csv := filepath.Join(t.TempDir(), "invoices.csv")
	if err := os.WriteFile(csv, []byte("Rechnungsnr;Kunde;Datum;Betrag\nB-1;Browser GmbH;01.02.2024;100,00\nB-2;Browser GmbH;2024-13-45;50\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/accounts"),
		chromedp.WaitVisible(`input[name=email]`),
		chromedp.SendKeys(`input[name=email]`, "staff@example.com"),
		chromedp.SendKeys(`input[name=password]`, password),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitVisible(`table.accounts`), // back where the sign-in started
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`#pareto-chart .chart-wide svg`),
		into(&top20, chromedp.Text(`#top20`)),
		into(&chartTitle, chromedp.TextContent(`#pareto-chart .chart-wide svg > title`)),
		into(&bars, chromedp.Evaluate[int](`document.querySelectorAll('#pareto-chart .chart-wide svg rect title').length`)),
		screenshot("dashboard"),
		chromedp.Click(`button.lang-switch`), // Deutsch
		chromedp.WaitVisible(`html[lang=de] #pareto-chart .chart-wide svg`),
		into(&deNav, chromedp.Text(`header nav`)),
		into(&deTop20, chromedp.Text(`#top20`)),
		into(&deChart, chromedp.TextContent(`#pareto-chart .chart-wide svg > title`)),
		screenshot("dashboard-de"),
		chromedp.Click(`button.lang-switch`), // English again
		chromedp.WaitVisible(`html[lang=en] #pareto-chart .chart-wide svg`),
		chromedp.Navigate(base+"/accounts?q=brandt"),
		chromedp.Click(`table.accounts tbody a`),
		chromedp.WaitVisible(`#timeline`),
		into(&accountH1, chromedp.Text(`h1`)),
		into(&timeline, chromedp.Text(`#timeline ol`)),
		screenshot("account"),
		chromedp.Navigate(base+"/import"),
		chromedp.SetValue(`select[name=kind]`, "orders"),
		chromedp.SetUploadFiles(`input[type=file]`, []string{csv}),
		chromedp.Click(`form[action="/import"] button[type=submit]`),
		chromedp.WaitVisible(`button[value=run]`),
		screenshot("import-preview"),
		chromedp.Click(`button[value=run]`),
		chromedp.WaitVisible(`#import-result`),
		into(&refused, chromedp.Text(`#refused`)),
		into(&rejectRow, chromedp.Text(`table.rejects tbody`)),
		screenshot("import-refused"),
		chromedp.Click(`button.link`), // sign out
		chromedp.WaitVisible(`input[name=email]`),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`input[name=email]`),
		into(&after, chromedp.Location()),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(top20, "%") || chartTitle != "Revenue by account, ranked" || bars != 5 {
		t.Errorf("dashboard: top20 %q, chart %q with %d bars", top20, chartTitle, bars)
	}
	if !strings.Contains(deNav, "Übersicht") || !strings.Contains(deNav, "Kundenanliegen") || !strings.HasSuffix(deTop20, "\u00a0%") ||
		deChart != "Umsatz je Kunde, nach Rang" {
		t.Errorf("German dashboard: nav %q, top20 %q, chart %q", deNav, deTop20, deChart)
	}
	if !strings.Contains(accountH1, "Brandt KG") || strings.Count(timeline, "INV-") != 4 {
		t.Errorf("account page %q, timeline %q", accountH1, timeline)
	}
	if !strings.Contains(refused, "Nothing was written") || !strings.Contains(rejectRow, "3") || !strings.Contains(rejectRow, "date") {
		t.Errorf("import: %q / %q", refused, rejectRow)
	}
	if !strings.Contains(after, "/login") {
		t.Errorf("after signing out the dashboard is at %s", after)
	}
	dir, _ := f.st.Directory(context.Background())
	for _, d := range dir {
		if d.Name == "Browser GmbH" {
			t.Error("the refused import wrote an account")
		}
	}
}
