package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// TestOwnAccountsOnly: a staff user restricted to the accounts she owns
// sees those alone on every page and through the API — the accounts list
// and its filters, account pages, the dashboard's lists, reports — and no
// figure of the whole business; her first request building the analytics
// snapshot does not narrow it for the others; an admin lifts the
// restriction on the users page.
func TestOwnAccountsOnly(t *testing.T) {
	f := newFixture(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	dir, err := f.st.Directory(op)
	if err != nil {
		t.Fatal(err)
	}
	id := map[string]int64{}
	for _, d := range dir {
		id[strings.Fields(d.Name)[0]] = d.ID
	}
	// She is "STAFF", staff@example.com: Hostile by her name (another
	// case), Brandt by her email; the others are someone else's.
	for name, owner := range map[string]string{"Hostile": "Staff", "Brandt": "STAFF@example.com", "Cramer": "Olga", "Dietz": "Olga"} {
		if _, err := f.st.UpdateAccount(op, id[name], func(a *crm.Account) error { a.Owner = owner; return nil }); err != nil {
			t.Fatal(err)
		}
		if _, err := f.st.CreateContact(op, crm.Contact{AccountID: id[name], Name: "Contact of " + name}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.st.SetOwnAccountsOnly(op, "staff@example.com", true, ""); err != nil {
		t.Fatal(err)
	}
	staff, admin := f.client(t, crm.RoleStaff), f.client(t, crm.RoleAdmin)
	others := []string{"Cramer", "Dietz", "Ebert", "Olga"}
	page := func(c *http.Client, path string, want int) string {
		t.Helper()
		code, body := get(t, c, f.ts.URL+path)
		if code != want {
			t.Fatalf("%s: %d, want %d", path, code, want)
		}
		return body
	}
	hidesOthers := func(path, body string) {
		t.Helper()
		for _, o := range others {
			if strings.Contains(body, o) {
				t.Errorf("%s shows %s, of an account she does not own", path, o)
			}
		}
	}
	// Her request is the first: it builds the snapshot everyone shares.
	body := page(staff, "/accounts", http.StatusOK)
	if !strings.Contains(body, "<h1>Accounts <small>2</small></h1>") || !strings.Contains(body, "Brandt") {
		t.Errorf("her accounts list does not show her two accounts:\n%s", body)
	}
	hidesOthers("/accounts", body)
	if body := page(admin, "/accounts", http.StatusOK); !strings.Contains(body, "<h1>Accounts <small>5</small></h1>") {
		t.Error("after her request, the admin's accounts list lost accounts: the snapshot must be computed for everyone")
	}
	for _, path := range []string{"/accounts?q=cramer", "/accounts?tier=A", "/accounts?sort=-revenue"} {
		hidesOthers(path, page(staff, path, http.StatusOK))
	}
	if body := page(staff, "/accounts?owner=Olga", http.StatusOK); !strings.Contains(body, "<h1>Accounts <small>0</small></h1>") ||
		strings.Contains(body, "<option>Olga") {
		t.Error("filtered by another owner, her list finds that owner's accounts or offers the owner")
	}
	page(staff, "/accounts/"+strconv.FormatInt(id["Brandt"], 10), http.StatusOK)
	if body := page(staff, "/accounts/"+strconv.FormatInt(id["Cramer"], 10), http.StatusNotFound); strings.Contains(body, "Cramer") {
		t.Error("the 404 of another account names it")
	}
	body = page(staff, "/", http.StatusOK)
	if !strings.Contains(body, `id="scoped"`) || strings.Contains(body, "Who carries the business") || strings.Contains(body, "Recent imports") {
		t.Errorf("her dashboard shows figures of the whole business:\n%s", body)
	}
	if strings.Contains(body, `href="/import"`) {
		t.Error("her menu offers imports, which need every account")
	}
	hidesOthers("/", body)
	if body := page(staff, "/stale-contacts", http.StatusOK); !strings.Contains(body, "Contact of Brandt") {
		t.Errorf("her stale contacts miss her own:\n%s", body)
	} else {
		hidesOthers("/stale-contacts", body)
	}
	for _, path := range []string{"/lapsed", "/listening", "/care", "/mentions/unmatched"} {
		hidesOthers(path, page(staff, path, http.StatusOK))
	}
	if body := page(admin, "/", http.StatusOK); !strings.Contains(body, "Who carries the business") || !strings.Contains(body, "Contact of Cramer") {
		t.Error("the admin's dashboard lost the whole business")
	}

	// The API, with her token.
	tok := f.token(t, crm.RoleStaff)
	api := func(path string, want int) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, f.ts.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		if res := do(t, http.DefaultClient, req); res.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, res.StatusCode, want)
		}
	}
	total := func(path string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, f.ts.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var l struct{ Total int }
		if err := json.NewDecoder(res.Body).Decode(&l); err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %v", path, res.StatusCode, err)
		}
		return l.Total
	}
	for path, want := range map[string]int{"/api/v1/accounts": 2, "/api/v1/accounts?owner=Olga": 0, "/api/v1/contacts": 2,
		"/api/v1/orders": 5 + 4, "/api/v1/accounts?tier=A": 2} {
		if got := total(path); got != want {
			t.Errorf("%s: total %d, want %d", path, got, want)
		}
	}
	api("/api/v1/accounts/"+strconv.FormatInt(id["Cramer"], 10), http.StatusNotFound)
	req, _ := http.NewRequest(http.MethodGet, f.ts.URL+"/api/v1/reports/pareto", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct{ Customers int }
	if err := json.NewDecoder(res.Body).Decode(&rep); err != nil || rep.Customers != 2 {
		t.Errorf("her pareto report counts %d customers (%v), want her 2", rep.Customers, err)
	}
	res.Body.Close()

	// The admin lets her see every account again.
	body = page(admin, "/users", http.StatusOK)
	if !strings.Contains(body, "own accounts") {
		t.Error("the users page does not say she sees her own accounts only")
	}
	res, err = admin.PostForm(f.ts.URL+"/users/staff@example.com/accounts", url.Values{"own": {""}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("lift: %s", res.Status)
	}
	if body := page(staff, "/accounts", http.StatusOK); !strings.Contains(body, "<h1>Accounts <small>5</small></h1>") {
		t.Error("lifted, she still sees only her accounts")
	}
	res, err = admin.PostForm(f.ts.URL+"/users/admin@example.com/accounts", url.Values{"own": {"1"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("restricting an admin: %s, want 400", res.Status)
	}
	res, err = admin.PostForm(f.ts.URL+"/users/staff@example.com/accounts", url.Values{"own": {"1"}, "owner": {"Olga"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if body := page(staff, "/accounts", http.StatusOK); !strings.Contains(body, "<h1>Accounts <small>4</small></h1>") {
		t.Error("restricted with the owner name Olga, she does not see her two accounts and Olga's two")
	}
}
