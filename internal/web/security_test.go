package web

// The hardening tests: what an attacker or a chaos tester tried, and what
// the server must answer. docs/security.md lists the promises they keep.

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
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
