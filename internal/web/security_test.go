package web

// The hardening tests: what an attacker or a chaos tester tried, and what
// the server must answer. docs/security.md lists the promises they keep.

import (
	"context"
	csvpkg "encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
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
	limited := false // the burst on the one account reached its limit
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := burst(f, 150, tc.addr, tc.email)
			if tc.name == cases[0].name {
				limited = got[http.StatusTooManyRequests] > 0
			}
			checked := got[http.StatusUnauthorized]
			if checked > 10 || checked == 0 {
				t.Errorf("%d of 150 concurrent wrong passwords were checked, want 1..10 (answers by status: %v)", checked, got)
			}
			if checked+got[http.StatusTooManyRequests]+got[http.StatusServiceUnavailable] != 150 {
				t.Errorf("answers by status %v: want only 401, 429 and 503", got)
			}
		})
	}
	// The account was attacked; once the burst reached its limit, its
	// owner's right password is refused until the window passes. (On a
	// busy machine the burst may instead be turned away while the password
	// checks are full, 503, which counts no attempt: then wrong passwords
	// one at a time reach the limit.)
	for i := 0; !limited; i++ { // one at a time now: each is checked until the limit
		if i == 10 {
			t.Fatal("ten more wrong passwords for the account, one at a time, and no limit")
		}
		limited = burst(f, 1, func(int) string { return "10.8.8." + strconv.Itoa(i+1) },
			func(int) string { return "staff@example.com" })[http.StatusTooManyRequests] == 1
	}
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

// TestConcurrentWriters: 200 API clients writing at once all get their
// answer, none a 5xx, and every acknowledged write is there afterwards. On
// SQLite they got SQLITE_BUSY as 500 when the writers raced for the
// database's lock; on PostgreSQL "too many clients" when each opened a
// connection of its own.
func TestConcurrentWriters(t *testing.T) {
	for name, dsn := range apiDatabases(t) {
		t.Run(name, func(t *testing.T) { concurrentWriters(t, dsn) })
	}
}

func concurrentWriters(t *testing.T, dsn string) {
	e := newAPIEnv(t, dsn)
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

// runImport posts action on the upload up and waits for the job page to
// show its result.
func runImport(t *testing.T, f *fixture, c *http.Client, up string, v url.Values) string {
	t.Helper()
	res, err := c.PostForm(f.ts.URL+up, v)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); loc != up+"/job" {
		t.Fatalf("%v on %s: %d to %q, want the job page", v, up, res.StatusCode, loc)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		_, page := get(t, c, f.ts.URL+up+"/job")
		if strings.Contains(page, `id="import-result"`) {
			return page
		}
		if time.Now().After(deadline) {
			t.Fatalf("import did not finish: %s", page)
		}
	}
}

// TestWebImportRunsOnce: "Import now" sent several times at once (a double
// click, two tabs) runs the import once, and once more after it finished
// does not run it again.
func TestWebImportRunsOnce(t *testing.T) {
	f := newFixture(t)
	staff := f.client(t, crm.RoleStaff)
	up := uploadCSV(t, f, staff, "orders", "invoice,customer,date,amount\nR-1,Once AG,2024-02-01,10\nR-2,Once AG,2024-02-02,20\n")
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := staff.PostForm(f.ts.URL+up, url.Values{"action": {"run"}})
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
		}()
	}
	wg.Wait()
	runImport(t, f, staff, up, url.Values{"action": {"run"}})
	entries, _, err := f.st.Audit(crm.WithActor(context.Background(), crm.Operator), store.AuditFilter{Entity: "orders"})
	runs := 0
	for _, e := range entries {
		if e.Actor == "staff@example.com" {
			runs++
		}
	}
	if err != nil || runs != 1 {
		t.Errorf("the import ran %d times (%v), want once", runs, err)
	}
}

// TestUploadLimitsAndCleanup: a file over the server's limit is refused;
// the uploads live in a directory of the server's own, removed when it
// closes; a directory left by a server that was killed is removed when
// the next one starts, one of a server still running is not.
func TestUploadLimitsAndCleanup(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	stale := filepath.Join(tmp, "vitalfew-uploads-99999999-old")
	live := filepath.Join(tmp, "vitalfew-uploads-"+strconv.Itoa(os.Getpid())+"-other")
	for _, d := range []string{stale, live} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	f := newFixture(t)
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the upload directory of a stopped server is still there: %v", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("the upload directory of a running server was removed: %v", err)
	}
	srv, err := New(Config{Store: f.st, MaxUpload: 4096})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	small := &fixture{st: f.st, srv: srv, ts: ts}
	staff := small.client(t, crm.RoleStaff)
	var b strings.Builder
	b.WriteString("--X\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\norders\r\n")
	b.WriteString("--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\nContent-Type: text/csv\r\n\r\n")
	b.WriteString("invoice,customer,date,amount\n" + strings.Repeat("R-1,Big AG,2024-02-01,10\n", 200) + "\r\n--X--\r\n")
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/import", strings.NewReader(b.String()))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=X")
	res, err := staff.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "larger than") {
		t.Errorf("a 5 KB upload to a server taking 4 KB: %d %s", res.StatusCode, body)
	}
	up := uploadCSV(t, small, staff, "orders", "invoice,customer,date,amount\nR-1,Small AG,2024-02-01,10\n")
	if up == "" {
		t.Fatal("no upload")
	}
	dirs, _ := filepath.Glob(filepath.Join(tmp, "vitalfew-uploads-"+strconv.Itoa(os.Getpid())+"-*"))
	if len(dirs) != 3 { // live, the fixture's, this server's
		t.Fatalf("upload directories %v, want 3", dirs)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	after, _ := filepath.Glob(filepath.Join(tmp, "vitalfew-uploads-"+strconv.Itoa(os.Getpid())+"-*"))
	if len(after) != 2 {
		t.Errorf("after Close the upload directories are %v, want this server's gone", after)
	}
}

// TestRejectsCSVDefusesFormulas: rejected rows go back to the user as CSV
// (web download) with every cell that a spreadsheet would run defused,
// the header's too.
func TestRejectsCSVDefusesFormulas(t *testing.T) {
	f := newFixture(t)
	staff := f.client(t, crm.RoleStaff)
	csv := "invoice,customer,date,amount,\"=HYPERLINK(\"\"http://evil.example\"\")\"\n" +
		"R-1,Good AG,2024-02-01,10,x\n" +
		"=cmd|' /C calc'!A0,@SUM(A1),not a date,+1+1,-2+3\n"
	up := uploadCSV(t, f, staff, "orders", csv)
	page := runImport(t, f, staff, up, url.Values{"action": {"run"}, "skip_invalid": {"1"}})
	if !strings.Contains(page, "1 rejected") {
		t.Fatalf("the import did not reject the bad row: %s", page[strings.Index(page, "<main>"):])
	}
	code, out := get(t, staff, f.ts.URL+up+"/rejects.csv")
	if code != http.StatusOK {
		t.Fatalf("rejects.csv: %d", code)
	}
	r := csvpkg.NewReader(strings.NewReader(out))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("rejects.csv = %q (%v)", out, err)
	}
	for _, rec := range recs {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("rejects.csv has a live formula cell %q", cell)
			}
		}
	}
	if recs[1][0] != "'=cmd|' /C calc'!A0" || recs[0][4] != "'=HYPERLINK(\"http://evil.example\")" {
		t.Errorf("rejects.csv rows %q", recs)
	}
}

// TestWebImportSpeaksOfTheForm: messages on the web import name the form's
// controls, not the command line's flags.
func TestWebImportSpeaksOfTheForm(t *testing.T) {
	f := newFixture(t)
	staff := f.client(t, crm.RoleStaff)
	up := uploadCSV(t, f, staff, "orders", "Nummer,Wann,Wert\n1,03/04/2024,10\n")
	_, page := get(t, staff, f.ts.URL+up)
	if strings.Contains(page, "--map") || !strings.Contains(page, "Pick the column that holds the customer") {
		t.Errorf("the preview of a file without a customer column says: %s", page[strings.Index(page, "<main>"):])
	}
	up = uploadCSV(t, f, staff, "orders", "invoice,customer,date,amount\nR-1,Form AG,03/04/2024,10\n")
	page = runImport(t, f, staff, up, url.Values{"action": {"run"}})
	if strings.Contains(page, "--date-format") || !strings.Contains(page, "choose the date format") {
		t.Errorf("an ambiguous date on the web says: %s", page[strings.Index(page, "<main>"):])
	}
}

// TestAPIRefusesUnknownQueryParameters: every GET route of the API refuses
// a query parameter it does not take (GET /api/v1/mentions took any).
func TestAPIRefusesUnknownQueryParameters(t *testing.T) {
	e := newAPIEnv(t, testkit.SQLite(t))
	for _, rt := range e.srv.routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if method != http.MethodGet || !strings.HasPrefix(path, "/api/v1/") || rt.role == "" {
			continue
		}
		path = strings.NewReplacer("{id}", "1", "{name}", "pareto").Replace(path)
		status, body := e.call(crm.RoleAdmin, "GET", path+"?bogus=1", nil)
		if status != http.StatusBadRequest || !strings.Contains(string(body), "bogus: unknown query parameter") {
			t.Errorf("GET %s?bogus=1: %d %s, want 400", path, status, body)
		}
	}
}
