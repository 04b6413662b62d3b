package web

// The hardening tests: what an attacker or a chaos tester tried, and what
// the server must answer. docs/security.md lists the promises they keep.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// burst posts n sign-ins at once through the handler, the i-th from
// addr(i) for email(i) with a wrong password, and counts the answers by
// status.
func burst(f *fixture, n int, addr, email func(i int) string) map[int]int {
	h := f.srv.Handler()
	var mu sync.Mutex
	got := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := url.Values{"email": {email(i)}, "password": {"wrong password " + strconv.Itoa(i)}}
			req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.RemoteAddr = addr(i) + ":40000"
			rec := httptest.NewRecorder()
			<-start
			h.ServeHTTP(rec, req)
			mu.Lock()
			got[rec.Code]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return got
}

// TestSignInLimitUnderConcurrency: wrong passwords sent at once are
// checked at most ten times per account and per address (the limiter
// counted failures only after the check, so every one of a burst was
// checked). The others are refused (429), or turned away while the
// password checks are full (503) — never checked.
func TestSignInLimitUnderConcurrency(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name        string
		addr, email func(i int) string
	}{
		{"one account from many addresses", func(i int) string { return "10.0." + strconv.Itoa(i/250) + "." + strconv.Itoa(i%250+1) },
			func(int) string { return "staff@example.com" }},
		{"many accounts from one address", func(int) string { return "192.0.2.7" },
			func(i int) string { return "user" + strconv.Itoa(i) + "@example.com" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := burst(f, 150, tc.addr, tc.email)
			checked := got[http.StatusUnauthorized]
			if checked > 10 || checked == 0 {
				t.Errorf("%d of 150 concurrent wrong passwords were checked, want 1..10 (answers by status: %v)", checked, got)
			}
			if checked+got[http.StatusTooManyRequests]+got[http.StatusServiceUnavailable] != 150 {
				t.Errorf("answers by status %v: want only 401, 429 and 503", got)
			}
		})
	}
	// The account was attacked; its owner's right password is refused until
	// the window passes, and so is the address.
	got := burst(f, 1, func(int) string { return "10.9.9.9" }, func(int) string { return "staff@example.com" })
	if got[http.StatusTooManyRequests] != 1 {
		t.Errorf("a sign-in to the attacked account: %v, want 429", got)
	}
}

// TestSafeNext: the page after sign-in is a path on this site, whatever
// the next parameter says. Browsers drop tabs and line breaks and read "\"
// as "/", so "/\t/evil.example" is "//evil.example", another host.
func TestSafeNext(t *testing.T) {
	cases := []struct{ next, want string }{
		{"/accounts?tier=A", "/accounts?tier=A"},
		{"/", "/"},
		{"/accounts/12#notes", "/accounts/12#notes"},
		{"/%2F%2Fevil.example", "/%2F%2Fevil.example"}, // an escaped slash is part of a path here
		{"", "/"},
		{"accounts", "/"},
		{"//evil.example", "/"},
		{"/\\evil.example", "/"},
		{"\\\\evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/\r/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"/ /evil.example", "/"},
		{"/\u00a0/evil.example", "/"},
		{"https://evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{" /accounts", "/"},
	}
	for _, tc := range cases {
		if got := safeNext(tc.next); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.next, got, tc.want)
		}
	}
	// Through sign-in: the redirect goes where safeNext says; the form's
	// value decoded from "%2F%09%2Fevil.example" is "/\t/evil.example".
	f := newFixture(t)
	c := f.client(t, "")
	for _, next := range []string{"/\t/evil.example", "//evil.example", "/\\evil.example", "/accounts"} {
		res, err := c.PostForm(f.ts.URL+"/login", url.Values{"email": {"viewer@example.com"}, "password": {password}, "next": {next}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); loc != safeNext(next) || strings.Contains(loc, "evil") {
			t.Errorf("sign-in with next=%q redirected to %q", next, loc)
		}
	}
}

// TestAPIRefusesValuesBeyondLimits: absurd numbers, dates and text reach
// the API as 400 naming the field, on both databases (a NUL byte was a
// 500 on PostgreSQL; an order of 1e308 dated 9999-12-31 hung the care
// queue), and the reports still answer.
func TestAPIRefusesValuesBeyondLimits(t *testing.T) {
	for name, dsn := range apiDatabases(t) {
		t.Run(name, func(t *testing.T) {
			e := newAPIEnv(t, dsn)
			staff := crm.RoleStaff
			status, body := e.call(staff, "POST", "/api/v1/accounts", map[string]any{"name": "Acme GmbH"})
			if status != http.StatusCreated {
				t.Fatalf("create account: %d %s", status, body)
			}
			var acc struct{ ID int64 }
			json.Unmarshal(body, &acc)
			order := func(amount any, date string) string {
				return fmt.Sprintf(`{"account_id":%d,"ordered_at":%q,"amount":%v}`, acc.ID, date, amount)
			}
			note := func(effort any, body string) string {
				b, _ := json.Marshal(body)
				return fmt.Sprintf(`{"account_id":%d,"kind":"note","department":"sales","subject":"x","occurred_at":"2024-01-02","effort_minutes":%v,"body":%s}`, acc.ID, effort, b)
			}
			cases := []struct{ path, body, field string }{
				{"/api/v1/orders", order("1e308", "2024-01-02"), "amount"},
				{"/api/v1/orders", order("1e309", "2024-01-02"), "amount"},
				{"/api/v1/orders", order("-2e12", "2024-01-02"), "amount"},
				{"/api/v1/orders", order("10", "9999-12-31"), "ordered_at"},
				{"/api/v1/orders", order("10", "0001-01-01"), "ordered_at"},
				{"/api/v1/accounts", `{"name":"Evil\u0000Corp"}`, "name"},
				{"/api/v1/accounts", `{"name":"` + strings.Repeat("n", 501) + `"}`, "name"},
				{"/api/v1/touchpoints", note("1e308", ""), "effort_minutes"},
				{"/api/v1/touchpoints", note("1000001", ""), "effort_minutes"},
				{"/api/v1/touchpoints", note("5", "a\u0000b"), "body"},
				{"/api/v1/touchpoints", note("5", strings.Repeat("b", crm.MaxTextBytes+1)), "body"},
			}
			for _, tc := range cases {
				status, body := e.call(staff, "POST", tc.path, tc.body)
				var res struct {
					Error struct{ Code, Message string }
				}
				json.Unmarshal(body, &res)
				if status != http.StatusBadRequest || !strings.HasPrefix(res.Error.Message, tc.field+": ") {
					t.Errorf("POST %s %.80s: %d %s, want 400 naming %s", tc.path, tc.body, status, body, tc.field)
				}
			}
			// The edges are kept, and every report over them answers.
			for _, body := range []string{order("1e12", "2100-12-31"), order("-1e12", "1900-01-01"), order("1e12", "2024-05-06"), order("0.01", "2024-05-07")} {
				if status, body := e.call(staff, "POST", "/api/v1/orders", body); status != http.StatusCreated {
					t.Errorf("POST an order at the edges: %d %s", status, body)
				}
			}
			if status, body := e.call(staff, "POST", "/api/v1/mentions", `{"platform":"x","id":"1","text":"Where is my delivery? Terrible.","posted_at":"2024-05-08"}`); status >= 300 {
				t.Errorf("POST a mention: %d %s", status, body)
			}
			for _, path := range []string{"/api/v1/reports/care", "/api/v1/reports/clv", "/api/v1/reports/pareto", "/api/v1/reports/lapsed", "/api/v1/reports/cost-to-serve"} {
				if status, body := e.call(crm.RoleViewer, "GET", path, nil); status != http.StatusOK {
					t.Errorf("GET %s: %d %s", path, status, body)
				}
			}
		})
	}
}

// TestResponsesAreNotCached: pages and API answers carry customer data and
// say no-store.
func TestResponsesAreNotCached(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, crm.RoleViewer)
	tok := f.token(t, crm.RoleViewer)
	for _, path := range []string{"/", "/accounts", "/api/v1/accounts", "/api/v1/reports/pareto", "/api/v1/nothing-here", "/login"} {
		req, _ := http.NewRequest(http.MethodGet, f.ts.URL+path, nil)
		if strings.HasPrefix(path, "/api/") {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", path, cc)
		}
	}
}

// TestTokensOfDisabledUsersStayRevoked: disabling a user revokes their API
// tokens for good (enabling them again revived the old tokens), and a
// token past its expiry is refused.
func TestTokensOfDisabledUsersStayRevoked(t *testing.T) {
	f := newFixture(t)
	tok := f.token(t, crm.RoleStaff)
	api := func(tok string) int {
		req, _ := http.NewRequest(http.MethodGet, f.ts.URL+"/api/v1/accounts", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := api(tok); got != http.StatusOK {
		t.Fatalf("a fresh token: %d", got)
	}
	admin := f.client(t, crm.RoleAdmin)
	for _, action := range []string{"disable", "enable"} {
		res, err := admin.PostForm(f.ts.URL+"/users/staff@example.com/"+action, url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s the staff user: %d", action, res.StatusCode)
		}
		if got := api(tok); got != http.StatusUnauthorized {
			t.Errorf("the token after %s: %d, want 401", action, got)
		}
	}

	raw, hash := auth.NewToken(auth.APIPrefix)
	if _, err := f.st.CreateToken(crm.WithActor(context.Background(), crm.Operator), "viewer@example.com", "short-lived", hash,
		time.Now().Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	if got := api(raw); got != http.StatusOK {
		t.Errorf("a token before its expiry: %d, want 200", got)
	}
	time.Sleep(2100 * time.Millisecond)
	if got := api(raw); got != http.StatusUnauthorized {
		t.Errorf("a token past its expiry: %d, want 401", got)
	}
}

// TestConcurrentWritersOnSQLite: 200 API clients writing at once on SQLite
// all get their answer, none a 5xx (they got SQLITE_BUSY as 500 when the
// writers raced for the database's lock), and every acknowledged write is
// there afterwards.
func TestConcurrentWritersOnSQLite(t *testing.T) {
	e := newAPIEnv(t, testkit.SQLite(t))
	e.check = nil // 1,000 requests; the document is checked elsewhere
	status, body := e.call(crm.RoleStaff, "POST", "/api/v1/accounts", map[string]any{"name": "Acme GmbH"})
	if status != http.StatusCreated {
		t.Fatalf("create account: %d %s", status, body)
	}
	var acc struct{ ID int64 }
	json.Unmarshal(body, &acc)
	const writers, each = 200, 5
	var mu sync.Mutex
	byStatus := map[int]int{}
	acked := map[string]bool{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range each {
				subject := fmt.Sprintf("call %d/%d", w, i)
				raw := fmt.Sprintf(`{"account_id":%d,"kind":"call","department":"sales","subject":%q,"occurred_at":"2024-03-01","effort_minutes":5}`, acc.ID, subject)
				req := e.request("POST", "/api/v1/touchpoints", []byte(raw))
				req.Header.Set("Authorization", "Bearer "+e.tokens[crm.RoleStaff])
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				mu.Lock()
				byStatus[res.StatusCode]++
				if res.StatusCode == http.StatusCreated {
					acked[subject] = true
				}
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	if byStatus[http.StatusCreated] != writers*each {
		t.Errorf("answers by status: %v, want %d × 201", byStatus, writers*each)
	}
	stored := 0
	for off := 0; ; off += store.MaxPageSize {
		tps, _, err := e.st.ListTouchpoints(crm.WithActor(context.Background(), crm.Operator),
			store.TouchpointQuery{AccountID: acc.ID, Limit: store.MaxPageSize, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		for _, tp := range tps {
			delete(acked, tp.Subject)
		}
		stored += len(tps)
		if len(tps) < store.MaxPageSize {
			break
		}
	}
	if len(acked) > 0 || stored != writers*each {
		t.Errorf("%d touchpoints stored, %d acknowledged writes missing", stored, len(acked))
	}
}
