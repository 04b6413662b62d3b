package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

func TestSignInRateLimitAndSignOut(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, "")
	try := func(pw string) *http.Response {
		res, err := c.PostForm(f.ts.URL+"/login", url.Values{"email": {"staff@example.com"}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := try("wrong password!"); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", res.StatusCode)
	}
	for range 9 {
		try("wrong password!")
	}
	if res := try(password); res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("11th attempt with the right password after 10 failures: %d, want 429 with Retry-After", res.StatusCode)
	}
	// Another account is not locked by the failures on this one... but the address is.
	res, _ := c.PostForm(f.ts.URL+"/login", url.Values{"email": {"admin@example.com"}, "password": {password}})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("same address, other account: %d, want 429", res.StatusCode)
	}

	f.srv.limiter.Reset("ip:127.0.0.1")
	s := f.client(t, crm.RoleViewer)
	u, _ := url.Parse(f.ts.URL)
	cookie := s.Jar.Cookies(u)[0]
	if code, _ := get(t, s, f.ts.URL+"/"); code != http.StatusOK {
		t.Fatalf("dashboard after sign-in: %d", code)
	}
	req, _ := http.NewRequest(http.MethodPost, f.ts.URL+"/logout", nil)
	if res := do(t, s, req); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %d", res.StatusCode)
	}
	// The old session token no longer works, even if a copy was kept.
	stolen := &http.Client{CheckRedirect: s.CheckRedirect}
	req, _ = http.NewRequest(http.MethodGet, f.ts.URL+"/", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie.Value})
	if res := do(t, stolen, req); res.StatusCode != http.StatusSeeOther {
		t.Errorf("ended session still signs in: %d", res.StatusCode)
	}
}

func TestSessionCookieFlags(t *testing.T) {
	f := newFixture(t)
	res, err := f.client(t, "").PostForm(f.ts.URL+"/login", url.Values{"email": {"viewer@example.com"}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	h := res.Header.Get("Set-Cookie")
	for _, want := range []string{sessionCookie + "=vfs_", "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="} {
		if !strings.Contains(h, want) {
			t.Errorf("Set-Cookie %q lacks %q", h, want)
		}
	}
	if strings.Contains(h, "Secure") {
		t.Errorf("Secure cookie over plain HTTP: %q", h)
	}
}

func TestNotesAuditAndFreshAnalytics(t *testing.T) {
	f := newFixture(t)
	staff := f.client(t, crm.RoleStaff)
	id := strconv.FormatInt(f.accountID, 10)
	res, err := staff.PostForm(f.ts.URL+"/accounts/"+id+"/touchpoints", url.Values{"kind": {"call"}, "department": {"support"},
		"subject": {"Escalation call"}, "body": {"They want a discount"}, "effort_minutes": {"90"}, "occurred_at": {"2024-05-01"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add touchpoint: %d", res.StatusCode)
	}
	_, page := get(t, staff, f.ts.URL+"/accounts/"+id+"?department=support")
	if !strings.Contains(page, "Escalation call") || !strings.Contains(page, "90 min") || strings.Contains(page, "Note &lt;script") {
		t.Errorf("the support timeline does not show the call alone")
	}
	// Bad input is shown on the form, not stored.
	res, _ = staff.PostForm(f.ts.URL+"/accounts/"+id+"/touchpoints", url.Values{"kind": {"call"}, "department": {"support"}, "subject": {"x"}, "effort_minutes": {"lots"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad effort: %d", res.StatusCode)
	}
	res.Body.Close()

	admin := f.client(t, crm.RoleAdmin)
	_, audit := get(t, admin, f.ts.URL+"/audit")
	if !strings.Contains(audit, "staff@example.com") || !strings.Contains(audit, "Escalation call") {
		t.Errorf("the audit log does not show the staff user's call")
	}

	// Raising the service rate lowers the account's profit once the
	// figures are worked out again: the cached analytics follow every
	// write, without making anyone wait for them.
	profit := func() string {
		settled(t, admin, f.ts.URL)
		_, p := get(t, admin, f.ts.URL+"/accounts/"+id)
		i := strings.Index(p, `id="profit">`)
		if i < 0 {
			t.Fatal("no profit on Account 360")
		}
		return p[i : i+40]
	}
	before := profit()
	res, _ = admin.PostForm(f.ts.URL+"/settings", url.Values{"cost_per_service_hour": {"1000"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save settings: %d", res.StatusCode)
	}
	if after := profit(); after == before {
		t.Errorf("profit unchanged after the service rate changed: %s", after)
	}
}

func TestImportInBrowserFlow(t *testing.T) {
	f := newFixture(t)
	staff := f.client(t, crm.RoleStaff)
	csv := "Rechnungsnr;Kunde;Datum;Betrag\nN-1;Neukunde AG;01.02.2024;1.234,50\nN-2;Neukunde AG;31.02.2024;12\nN-3;Neukunde AG;03.02.2024;7\n"
	up := uploadCSV(t, f, staff, "orders", csv)
	_, preview := get(t, staff, f.ts.URL+up)
	for _, want := range []string{`<option value="invoice_id" selected>`, `<option value="amount" selected>`, "31.02.2024", "up.csv:3: date"} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	run := func(v url.Values) string {
		res, err := staff.PostForm(f.ts.URL+up, v)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		deadline := time.Now().Add(10 * time.Second)
		for {
			_, page := get(t, staff, f.ts.URL+up+"/job")
			if strings.Contains(page, `id="import-result"`) {
				return page
			}
			if time.Now().After(deadline) {
				t.Fatal("import did not finish")
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	page := run(url.Values{"action": {"run"}})
	if !strings.Contains(page, "Nothing was written") || !strings.Contains(page, "<td>3</td><td>date</td>") {
		t.Errorf("the refused import does not show the bad row")
	}
	dir, _ := f.st.Directory(context.Background())
	for _, d := range dir {
		if d.Name == "Neukunde AG" {
			t.Fatal("a refused import wrote an account")
		}
	}
	page = run(url.Values{"action": {"run"}, "skip_invalid": {"1"}})
	if !strings.Contains(page, "2 inserted, 0 updated, 0 unchanged, 1 rejected; 1 new account") {
		t.Errorf("skip-invalid summary missing: %s", page[strings.Index(page, "<main>"):])
	}
	// One entry for the import that ran (the fixture's own import is the
	// operator's).
	entries, _, err := f.st.Audit(crm.WithActor(context.Background(), crm.Operator), store.AuditFilter{Entity: "orders"})
	if err != nil || len(entries) != 2 || entries[0].Actor != "staff@example.com" || entries[1].Actor != crm.Operator.Name {
		t.Errorf("import audit = %+v, %v", entries, err)
	}
	_, dash := get(t, staff, f.ts.URL+"/")
	if !strings.Contains(dash, "up.csv") {
		t.Error("the dashboard's recent imports do not list the upload")
	}
	// Another user cannot see the upload.
	other := f.client(t, crm.RoleAdmin)
	if code, _ := get(t, other, f.ts.URL+up); code != http.StatusNotFound {
		t.Errorf("another user's upload: %d, want 404", code)
	}
}

func TestAccountsList(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, crm.RoleViewer)
	names := func(path string) []string {
		code, body := get(t, c, f.ts.URL+path)
		if code != http.StatusOK {
			t.Fatalf("%s: %d", path, code)
		}
		var out []string
		for _, name := range regexpAll(body, `<td class="text"[^>]*><a href="/accounts/\d+">([^<]*)</a>`) {
			out = append(out, strings.Fields(name)[0])
		}
		return out
	}
	for _, tc := range []struct{ path, want string }{
		{"/accounts", "Hostile Brandt Cramer Dietz Ebert"},               // by rank
		{"/accounts?sort=-revenue", "Ebert Dietz Cramer Brandt Hostile"}, // smallest first
		{"/accounts?sort=name", "Brandt Cramer Dietz Ebert Hostile"},
		{"/accounts?tier=A", "Hostile Brandt Cramer"},
		{"/accounts?tier=C", "Ebert"},
		{"/accounts?q=DIETZ", "Dietz"},
		{"/accounts?q=nobody", ""},
		{"/accounts?page=2", ""},
	} {
		if got := strings.Join(names(tc.path), " "); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.path, got, tc.want)
		}
	}
	if code, _ := get(t, c, f.ts.URL+"/accounts?sort=evil"); code != http.StatusBadRequest {
		t.Errorf("unknown sort: %d", code)
	}
}
