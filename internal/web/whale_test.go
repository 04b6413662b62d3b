package web_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
	"github.com/vitalfew/vitalfew/internal/textfmt"
	"github.com/vitalfew/vitalfew/internal/web"
)

// TestWhalePeakSameEverywhere: on the demo business, the dashboard (its
// text and its whale chart) and `report cost-to-serve` (JSON and text)
// state one peak, one number of accounts at the peak, and one count and
// sum of the accounts that lose money; the sum is that of the accounts
// the report lists, and the peak less the total is what they lose.
func TestWhalePeakSameEverywhere(t *testing.T) {
	db := testkit.SQLite(t)
	if _, stderr, code := vitalfew(t, db, "demo", "--quiet", "--no-serve"); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}

	// The report, as JSON: the peak, and the loss makers summed from
	// their own rows.
	stdout, stderr, code := vitalfew(t, db, "report", "cost-to-serve", "--json")
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	var r struct {
		Settings struct{ Currency string }
		Whale    struct {
			PeakProfit  float64 `json:"peak_profit"`
			PeakRank    int     `json:"peak_rank"`
			TotalProfit float64 `json:"total_profit"`
		}
		LossMakers []int64 `json:"loss_makers"`
		Accounts   []struct {
			ID     int64
			Profit float64
		}
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	profit := map[int64]float64{}
	losing := 0
	for _, a := range r.Accounts {
		profit[a.ID] = a.Profit
		if a.Profit < 0 {
			losing++
		}
	}
	var loss float64
	for _, id := range r.LossMakers {
		loss += profit[id]
	}
	peak, peakN, losers, lost := textfmt.Money(r.Whale.PeakProfit), textfmt.Count(int64(r.Whale.PeakRank)),
		textfmt.Count(int64(len(r.LossMakers))), textfmt.Money(-loss)
	t.Logf("report: peak %s after %s accounts; %s accounts lose %s", peak, peakN, losers, lost)
	if len(r.LossMakers) != losing || losing == 0 {
		t.Errorf("report lists %d loss makers, %d accounts have a profit below zero", len(r.LossMakers), losing)
	}
	if got := textfmt.Money(r.Whale.PeakProfit - r.Whale.TotalProfit); got != lost {
		t.Errorf("report: peak less total is %s, the loss makers lose %s", got, lost)
	}
	if r.Whale.PeakRank+len(r.LossMakers) != len(r.Accounts) {
		t.Errorf("report: %d accounts at the peak and %d loss makers, of %d accounts", r.Whale.PeakRank, len(r.LossMakers), len(r.Accounts))
	}

	// The report's text.
	text, _, _ := vitalfew(t, db, "report", "cost-to-serve")
	cur := r.Settings.Currency
	for _, want := range []string{
		"profit peaks at " + peak + " " + cur + " after the " + peakN + " accounts",
		"The other " + losers + " accounts lose " + lost + " " + cur,
		"Accounts that lose money (" + losers + ")",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report text lacks %q:\n%.900s", want, text)
		}
	}

	// The dashboard, signed in as a viewer.
	ctx := context.Background()
	st, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, _ := auth.HashPassword("correct horse battery")
	if _, err := st.CreateUser(crm.WithActor(ctx, crm.Operator), "viewer@example.com", "", crm.RoleViewer, h); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.PostForm(ts.URL+"/login", url.Values{"email": {"viewer@example.com"}, "password": {"correct horse battery"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	page, code := fetch(t, c, ts.URL+"/")
	if code != http.StatusOK {
		t.Fatalf("dashboard: %d", code)
	}

	// The whale chart's description names the peak and what the rest lose.
	desc := html.UnescapeString(submatch(t, page, `<desc id="whale-d">([^<]*)</desc>`))
	if want := "Peak " + peak + " after " + peakN + " customers; " + losers + " customers lose " + lost + ";"; !strings.Contains(desc, want) {
		t.Errorf("whale chart says %q,\nwant %q", desc, want)
	}
	// The dashboard's text under the chart.
	for id, want := range map[string]string{"whale-peak": peak, "whale-peak-accounts": peakN, "whale-losers": losers, "whale-loss": lost} {
		if got := submatch(t, page, `id="`+id+`"[^>]*>([^<]*)<`); got != want {
			t.Errorf("dashboard #%s = %q, want %q", id, got, want)
		}
	}
}

// submatch returns the first group of re's first match in s, or "".
func submatch(t *testing.T, s, re string) string {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1]
}

func fetch(t *testing.T, c *http.Client, u string) (string, int) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), res.StatusCode
}
