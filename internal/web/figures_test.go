package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// settled waits until the figures are of the current data (GET /figures)
// and returns their state.
func settled(t *testing.T, c *http.Client, base string) figuresState {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, body := get(t, c, base+"/figures")
		var st figuresState
		if err := json.Unmarshal([]byte(body), &st); err != nil {
			t.Fatalf("GET /figures: %v: %s", err, body)
		}
		if !st.Stale {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("figures still stale after 30 s: %s", body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestFiguresNeverWait: after a write, the next page comes at once with
// the previous figures, says they are being updated, and the refresh works
// out only the figures that read what changed: a note is a touchpoint, so
// cost-to-serve and health are worked out again and the customer model is
// not. An
// order is, and the API says which data its report is of.
func TestFiguresNeverWait(t *testing.T) {
	f := newFixture(t)
	staff := f.client(t, crm.RoleStaff)
	first := settled(t, staff, f.ts.URL)
	if !slices.Contains(first.WorkedOut, "model") || first.AsOfVersion != first.Version {
		t.Fatalf("first figures: %+v", first)
	}
	_, page := get(t, staff, f.ts.URL+"/")
	if strings.Contains(page, "updating…") {
		t.Errorf("the dashboard says updating with current figures")
	}

	id := strconv.FormatInt(f.accountID, 10)
	res, err := staff.PostForm(f.ts.URL+"/accounts/"+id+"/touchpoints", url.Values{"kind": {"call"}, "department": {"support"},
		"subject": {"Escalation"}, "effort_minutes": {"600"}, "occurred_at": {"2024-05-01"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add a note: %d", res.StatusCode)
	}
	_, page = get(t, staff, f.ts.URL+"/")
	if !strings.Contains(page, "updating…") || !strings.Contains(page, `data-figures="/figures"`) {
		t.Errorf("the dashboard right after a note does not say its figures are being updated")
	}
	after := settled(t, staff, f.ts.URL)
	// The stages are derived again with health (at risk reads it).
	if want := []string{"cost-to-serve", "health", "stages", "directory"}; !slices.Equal(after.WorkedOut, want) {
		t.Errorf("a note worked out %v; want %v: not the model, the pareto or the stale contacts", after.WorkedOut, want)
	}
	if after.AsOfVersion == first.AsOfVersion {
		t.Errorf("figures of the same data after a note: %s", after.AsOfVersion)
	}
	_, page = get(t, staff, f.ts.URL+"/")
	if strings.Contains(page, "updating…") {
		t.Errorf("the dashboard says updating after the refresh")
	}

	// An order moves the customer model; the API answers with the previous
	// report at once, saying so.
	tok := f.token(t, crm.RoleStaff)
	req, _ := http.NewRequest("POST", f.ts.URL+"/api/v1/orders", strings.NewReader(`{"account_id":`+id+`,"external_id":"INV-NEW","ordered_at":"2024-06-20","amount":99}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create order: %d", res.StatusCode)
	}
	req, _ = http.NewRequest("GET", f.ts.URL+"/api/v1/reports/pareto", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		AsOfVersion string  `json:"as_of_version"`
		Stale       bool    `json:"stale"`
		Revenue     float64 `json:"revenue"`
	}
	err = json.NewDecoder(res.Body).Decode(&rep)
	res.Body.Close()
	if err != nil || !rep.Stale || rep.AsOfVersion != after.AsOfVersion {
		t.Errorf("pareto right after an order: %+v (%v), want stale figures of %s", rep, err, after.AsOfVersion)
	}
	last := settled(t, staff, f.ts.URL)
	if !slices.Contains(last.WorkedOut, "model") || !slices.Contains(last.WorkedOut, "pareto") {
		t.Errorf("an order worked out %v; want the model and the pareto", last.WorkedOut)
	}
	req, _ = http.NewRequest("GET", f.ts.URL+"/api/v1/reports/pareto", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	before := rep.Revenue
	err = json.NewDecoder(res.Body).Decode(&rep)
	res.Body.Close()
	if err != nil || rep.Stale || rep.AsOfVersion != last.Version || rep.Revenue != before+99 {
		t.Errorf("pareto after the refresh: %+v (%v), want fresh figures of %s with revenue %v", rep, err, last.Version, before+99)
	}
}

// TestOneAccountSearch: the accounts page (over the kept figures) and the
// API (in SQL) find the same accounts for what a person types: part of the
// name without accents, case or legal form, part of the domain, the whole
// external id.
func TestOneAccountSearch(t *testing.T) {
	f := newFixture(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	for _, a := range []crm.Account{
		{Name: "Müller Präzision GmbH", Domain: "mueller-praezision.example", ExternalID: "K-77"},
		{Name: "Mueller & Söhne KG", Domain: "muellersoehne.example"},
	} {
		if _, err := f.st.CreateAccount(op, a); err != nil {
			t.Fatal(err)
		}
	}
	settled(t, f.client(t, crm.RoleViewer), f.ts.URL)
	snap, _, err := f.srv.insight.get(op)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"muller", "MÜLLER präzision", "mueller", "praezision.example", "K-77", "k-77", "gmbh", "brandt", "Brandt KG", "söhne", "KG", "x"} {
		_, page := accountsQuery{Q: q, Sort: "name", Page: 1}.filter(snap, crm.AllAccounts(), 0, 1000)
		var fromPage []int64
		for _, i := range page {
			fromPage = append(fromPage, snap.accounts[i].ID)
		}
		slices.Sort(fromPage)
		as, _, err := f.st.ListAccounts(op, store.AccountQuery{Q: q, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		var fromAPI []int64
		for _, a := range as {
			fromAPI = append(fromAPI, a.ID)
		}
		slices.Sort(fromAPI)
		if !slices.Equal(fromPage, fromAPI) {
			t.Errorf("q=%q: the page finds %v, the API %v", q, fromPage, fromAPI)
		}
	}
	if _, page := (accountsQuery{Q: "muller", Sort: "name", Page: 1}).filter(snap, crm.AllAccounts(), 0, 1000); len(page) != 1 {
		t.Errorf("muller: %d accounts, want Müller Präzision alone", len(page))
	}
}
