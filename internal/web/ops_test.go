package web

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// TestHealthAndReadiness: /healthz answers "ok" to anyone while the
// process serves, whatever the database does; /readyz answers 200 while
// the database answers and its migrations are current, 503 with the
// reason when migrations are pending or the database is gone.
func TestHealthAndReadiness(t *testing.T) {
	onDatabases(t, testHealthAndReadiness)
}

func testHealthAndReadiness(t *testing.T, dsn string) {
	st, err := store.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv, err := New(Config{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	ready := func() (int, map[string]any) {
		t.Helper()
		code, body := get(t, anon, ts.URL+"/readyz")
		var v map[string]any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatalf("/readyz %d: not JSON: %q", code, body)
		}
		return code, v
	}
	health := func() {
		t.Helper()
		if code, body := get(t, anon, ts.URL+"/healthz"); code != http.StatusOK || body != "ok\n" {
			t.Errorf("/healthz: %d %q, want 200 ok", code, body)
		}
	}
	health()
	if code, v := ready(); code != http.StatusOK || v["status"] != "ready" {
		t.Errorf("/readyz on a current database: %d %v", code, v)
	}

	// A migration the database lacks (as when an older process migrated
	// it, or a migration failed half-way).
	driver := "sqlite"
	if store.IsPostgres(dsn) {
		driver = "pgx"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE goose_db_version SET is_applied = FALSE WHERE version_id = (SELECT MAX(version_id) FROM goose_db_version)`); err != nil {
		t.Fatal(err)
	}
	if code, v := ready(); code != http.StatusServiceUnavailable || !strings.Contains(v["reason"].(string), "1 pending") {
		t.Errorf("/readyz with a migration pending: %d %v", code, v)
	}
	if _, err := raw.Exec(`UPDATE goose_db_version SET is_applied = TRUE`); err != nil {
		t.Fatal(err)
	}
	if code, _ := ready(); code != http.StatusOK {
		t.Errorf("/readyz once migrated again: %d", code)
	}

	st.Close()
	if code, v := ready(); code != http.StatusServiceUnavailable || !strings.Contains(v["reason"].(string), "database") {
		t.Errorf("/readyz with the database closed: %d %v", code, v)
	}
	health()
}

// metricValue reads one sample from a Prometheus text exposition; -1 when
// it is not there.
func metricValue(t *testing.T, text, name string, labels ...string) float64 {
	t.Helper()
	for line := range strings.SplitSeq(text, "\n") {
		if !strings.HasPrefix(line, name) {
			continue
		}
		rest := line[len(name):]
		i := strings.LastIndexByte(rest, ' ')
		if i < 0 {
			continue
		}
		sel, val := rest[:i], rest[i+1:]
		if sel != "" && sel[0] != '{' || (len(labels) == 0) != (sel == "") {
			continue
		}
		match := true
		for _, l := range labels {
			match = match && strings.Contains(sel, l)
		}
		if match {
			v, err := strconv.ParseFloat(val, 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
	return -1
}

// TestMetrics: /metrics is in Prometheus text format, to an admin's API
// token only on the main listener (MetricsHandler serves it without, for
// a listener of its own); requests are counted by route pattern and
// status and timed; the analytics snapshot, the imports and the
// database pools are there.
func TestMetrics(t *testing.T) {
	f := newFixture(t)
	anon := f.client(t, "")
	scrape := func(c *http.Client, token string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, f.ts.URL+"/metrics", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode, string(b)
	}
	if code, _ := scrape(anon, ""); code != http.StatusUnauthorized {
		t.Errorf("/metrics without a token: %d, want 401", code)
	}
	if code, _ := scrape(anon, f.token(t, crm.RoleViewer)); code != http.StatusForbidden {
		t.Errorf("/metrics with a viewer's token: %d, want 403", code)
	}
	admin := f.token(t, crm.RoleAdmin)
	code, before := scrape(anon, admin)
	if code != http.StatusOK || !strings.Contains(before, "# TYPE vitalfew_http_requests_total counter") {
		t.Fatalf("/metrics with an admin's token: %d\n%.500s", code, before)
	}
	dashboard := `route="GET /{$}"`
	ok := `code="200"`
	was := max(0, metricValue(t, before, "vitalfew_http_requests_total", dashboard, ok))

	viewer := f.client(t, crm.RoleViewer)
	for range 3 {
		if code, _ := get(t, viewer, f.ts.URL+"/"); code != http.StatusOK {
			t.Fatalf("dashboard: %d", code)
		}
	}
	if code, _ := get(t, viewer, f.ts.URL+"/accounts/999999"); code != http.StatusNotFound {
		t.Fatalf("unknown account: %d", code)
	}
	// Without authentication, as a separate --metrics-addr listener serves it.
	rec := httptest.NewRecorder()
	f.srv.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	after := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("MetricsHandler: %d", rec.Code)
	}

	for _, c := range []struct {
		name   string
		labels []string
		want   func(float64) bool
		say    string
	}{
		{"vitalfew_http_requests_total", []string{dashboard, ok}, func(v float64) bool { return v == was+3 }, "3 more dashboards"},
		{"vitalfew_http_requests_total", []string{`route="GET /accounts/{id}"`, `code="404"`}, func(v float64) bool { return v == 1 }, "one 404"},
		{"vitalfew_http_requests_total", []string{`route="GET /metrics"`, `code="401"`}, func(v float64) bool { return v == 1 }, "one refused scrape"},
		{"vitalfew_http_request_duration_seconds_count", []string{dashboard}, func(v float64) bool { return v == was+3 }, "3 more timed"},
		{"vitalfew_http_request_duration_seconds_bucket", []string{dashboard, `le="+Inf"`}, func(v float64) bool { return v == was+3 }, "in the histogram"},
		{"vitalfew_analytics_snapshot_age_seconds", nil, func(v float64) bool { return v > 0 && v < 600 }, "a snapshot made by the dashboards"},
		{"vitalfew_analytics_last_rebuild_timestamp_seconds", nil, func(v float64) bool { return v > float64(time.Now().Add(-time.Hour).Unix()) }, "a recent rebuild"},
		{"vitalfew_analytics_last_rebuild_duration_seconds", nil, func(v float64) bool { return v > 0 }, "how long it took"},
		{"vitalfew_imports_running", nil, func(v float64) bool { return v == 0 }, "no import"},
		{"vitalfew_outbox_waiting", nil, func(v float64) bool { return v == 0 }, "an empty outbox"},
		{"vitalfew_db_connections_open", []string{`pool="read"`}, func(v float64) bool { return v >= 1 }, "a reader open"},
		{"vitalfew_db_connections_max_open", []string{`pool="write"`}, func(v float64) bool { return v == 1 }, "one SQLite writer"},
	} {
		if v := metricValue(t, after, c.name, c.labels...); !c.want(v) {
			t.Errorf("%s%v = %v, want %s", c.name, c.labels, v, c.say)
		}
	}
}

// syncBuffer is a log destination the server's goroutines and the test
// share.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestShutdownFinishesOrRollsBackImports: at shutdown an import under way
// may finish within the timeout, and is written; one still running at the
// timeout is cancelled, its transaction rolls back, nothing of it is
// written; the log says which. The imports are held at their start by a
// write transaction of another connection, as another process's import
// would hold them.
func TestShutdownFinishesOrRollsBackImports(t *testing.T) {
	for _, tc := range []struct {
		name    string
		timeout time.Duration
		release time.Duration // after shutdown starts, the other writer commits
		written bool
		log     string
	}{
		{"finishes", 20 * time.Second, 200 * time.Millisecond, true, "import finished during shutdown"},
		{"rolled back", 200 * time.Millisecond, -1, false, "import cancelled by shutdown and rolled back"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dsn := testkit.SQLite(t)
			f := newFixtureOn(t, dsn)
			logs := &syncBuffer{}
			f.srv.log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
			staff := f.client(t, crm.RoleStaff)
			up := uploadCSV(t, f, staff, "orders", "invoice,customer,date,amount\nS-1,Shutdown AG,2024-02-01,10\nS-2,Shutdown AG,2024-02-02,20\n")

			other, err := sql.Open("sqlite", dsn+"?_pragma=busy_timeout(10000)")
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			hold, err := other.Begin()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := hold.Exec(`CREATE TABLE shutdown_hold (x INTEGER)`); err != nil { // takes the write lock
				t.Fatal(err)
			}
			res, err := staff.PostForm(f.ts.URL+up, url.Values{"action": {"run"}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
				if _, page := get(t, staff, f.ts.URL+up+"/job"); strings.Contains(page, "waiting for another import") {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the import did not wait for the other writer")
				}
			}
			if tc.release >= 0 {
				time.AfterFunc(tc.release, func() { hold.Rollback() })
			} else {
				defer hold.Rollback()
			}
			ctx, cancel := context.WithTimeout(context.Background(), tc.timeout)
			start := time.Now()
			f.srv.Shutdown(ctx)
			cancel()
			if time.Since(start) > tc.timeout+5*time.Second {
				t.Errorf("shutdown took %v with a timeout of %v", time.Since(start), tc.timeout)
			}
			if tc.release < 0 {
				hold.Rollback()
			}
			if !strings.Contains(logs.String(), tc.log) || !strings.Contains(logs.String(), "file=up.csv") {
				t.Errorf("the log does not say %q of up.csv:\n%s", tc.log, logs.String())
			}
			_, n, err := f.st.ListOrders(crm.WithActor(context.Background(), crm.Operator), store.OrderQuery{
				Since: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2024, 2, 2, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{true: 2, false: 0}[tc.written]; n != want {
				t.Errorf("%d of the import's orders written, want %d", n, want)
			}
			if code, body := get(t, f.client(t, ""), f.ts.URL+"/readyz"); code != http.StatusServiceUnavailable || !regexp.MustCompile(`shutting down`).MatchString(body) {
				t.Errorf("/readyz after shutdown: %d %s", code, body)
			}
		})
	}
}

// TestFooterVersion: signed-in pages name the program's version in their
// footer; the sign-in page does not.
func TestFooterVersion(t *testing.T) {
	f := newFixture(t)
	srv, err := New(Config{Store: f.st, Version: "v9.9.9 (abc1234)"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	f.ts = ts
	if _, body := get(t, f.client(t, crm.RoleViewer), ts.URL+"/accounts"); !strings.Contains(body, `<footer class="note">vitalfew v9.9.9 (abc1234)</footer>`) {
		t.Errorf("no version in the footer: %s", body[max(0, len(body)-300):])
	}
	if _, body := get(t, f.client(t, ""), ts.URL+"/login"); strings.Contains(body, "v9.9.9") {
		t.Error("the sign-in page tells the version")
	}
}
