package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestBrowserAccountPicker: on the unmatched mentions, typing part of a
// name lists the accounts it finds as you type (app.js asks the API), and
// a click on one matches the mention to it and comes back to the list.
func TestBrowserAccountPicker(t *testing.T) {
	f := newFixture(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	kestrel, err := f.st.CreateAccount(op, crm.Account{Name: "Kestrel Maschinenbau AG", Domain: "kestrel.example"})
	if err != nil {
		t.Fatal(err)
	}
	if code, res := f.postJSON(t, f.token(t, crm.RoleStaff), "/api/v1/mentions",
		`[{"platform":"x","id":"p-1","author_handle":"@plantmgr","text":"Third late delivery this month.","posted_at":"2026-11-20T10:00:00Z"}]`); code != http.StatusOK {
		t.Fatalf("post: %d %s", code, res)
	}
	ctx := browser(t)
	var options []string
	var after string
	err = chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/login"),
		chromedp.WaitVisible(`input[name=email]`),
		chromedp.SendKeys(`input[name=email]`, "staff@example.com"),
		chromedp.SendKeys(`input[name=password]`, password),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitReady(`header details.menu`), // signed in: the sign-in page has a main h1 too
		chromedp.Navigate(f.ts.URL+"/mentions/unmatched"),
		chromedp.WaitVisible(`input[data-account-search]`),
		chromedp.SendKeys(`input[data-account-search]`, "kestr"),
		// The list fills without the search button being pressed.
		chromedp.WaitVisible(`[data-account-results] li form button`),
		into(&options, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-account-results] li form button')].map(b => b.textContent)`)),
		chromedp.Click(`[data-account-results] li form button`),
		chromedp.WaitVisible(`p.ok`),
		into(&after, chromedp.Text(`main`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(options) != 1 || options[0] != "Kestrel Maschinenbau AG" {
		t.Errorf("found as typed: %q", options)
	}
	if !strings.Contains(after, "Matched.") || strings.Contains(after, "Third late delivery") {
		t.Errorf("after the click: %q", after)
	}
	ms, _, err := f.st.ListMentions(op, store.MentionQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].AccountID != kestrel.ID {
		t.Errorf("the mention's account: %+v, want %d", ms, kestrel.ID)
	}
}
