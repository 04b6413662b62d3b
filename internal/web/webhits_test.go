package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

const browserUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"

// postHit sends one hit as the script does from the business's site
// (cross-site, text/plain like sendBeacon) and returns the status.
func postHit(t *testing.T, f *fixture, ua, body, contentType string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", f.ts.URL+"/t", strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", "https://www.firm.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("User-Agent", ua)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// pageviews counts the stored pageviews.
func pageviews(t *testing.T, f *fixture) int {
	t.Helper()
	ws, err := f.st.WebStats(crm.WithActor(context.Background(), crm.Operator), crm.WebQuery{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, v := range ws.Visits {
		n += v.Pageviews
	}
	return n
}

// TestHitEndpoint: POST /t takes cross-site hits as JSON and as a form
// and answers 202; bots are dropped, bodies over the limit and bad ones
// refused, an address over its rate limited; hits sent at once are all
// stored, each once; the script is served at /t.js. On SQLite and
// PostgreSQL.
func TestHitEndpoint(t *testing.T) {
	onDatabases(t, func(t *testing.T, dsn string) {
		f := newFixtureOn(t, dsn)
		res, err := http.Get(f.ts.URL + "/t.js")
		if err != nil {
			t.Fatal(err)
		}
		js, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(string(js), "sendBeacon") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
			t.Fatalf("/t.js: %s %q", res.Status, res.Header.Get("Content-Type"))
		}

		hit := `{"e":"pageview","u":"https://www.firm.example/pricing?utm_campaign=spring&utm_source=news","r":"https://www.google.com/search?q=x"}`
		if code := postHit(t, f, browserUA, hit, "text/plain;charset=UTF-8"); code != http.StatusAccepted {
			t.Fatalf("JSON hit: %d", code)
		}
		form := url.Values{"e": {"pageview"}, "u": {"https://www.firm.example/"}}.Encode()
		if code := postHit(t, f, browserUA, form, "application/x-www-form-urlencoded"); code != http.StatusAccepted {
			t.Fatalf("form hit: %d", code)
		}
		// Dropped: a crawler, a script, no user agent (202 all the same).
		for _, ua := range []string{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "curl/8.5.0", ""} {
			if code := postHit(t, f, ua, hit, "text/plain"); code != http.StatusAccepted {
				t.Errorf("bot %q: %d", ua, code)
			}
		}
		// Refused: too large, not JSON, no page, an unknown event.
		big := `{"e":"pageview","u":"https://www.firm.example/` + strings.Repeat("a", maxHitBody) + `"}`
		for _, c := range []struct {
			body string
			want int
		}{{big, http.StatusRequestEntityTooLarge}, {"{", http.StatusBadRequest}, {`{"e":"pageview","u":"javascript:alert(1)"}`, http.StatusBadRequest},
			{`{"e":"click","u":"https://www.firm.example/"}`, http.StatusBadRequest}} {
			if code := postHit(t, f, browserUA, c.body, "text/plain"); code != c.want {
				t.Errorf("%.40s: %d, want %d", c.body, code, c.want)
			}
		}
		if n := pageviews(t, f); n != 2 {
			t.Fatalf("%d pageviews stored, want the 2 of browsers", n)
		}
		ws, _ := f.st.WebStats(crm.WithActor(context.Background(), crm.Operator), crm.WebQuery{})
		if len(ws.Referrers) != 1 || ws.Referrers[0].Value != "google.com" || len(ws.Campaigns) != 1 || ws.Campaigns[0].Value != "spring" {
			t.Errorf("referrers %+v, campaigns %+v; want google.com and spring", ws.Referrers, ws.Campaigns)
		}

		// Sent at once: every one stored.
		const n = 300
		var wg sync.WaitGroup
		codes := make(chan int, n)
		for i := range n {
			wg.Go(func() {
				codes <- postHit(t, f, browserUA, fmt.Sprintf(`{"e":"pageview","u":"https://www.firm.example/p/%d"}`, i), "text/plain")
			})
		}
		wg.Wait()
		close(codes)
		for c := range codes {
			if c != http.StatusAccepted {
				t.Fatalf("a concurrent hit: %d", c)
			}
		}
		if got := pageviews(t, f); got != n+2 {
			t.Errorf("%d pageviews stored, want %d", got, n+2)
		}

		// The rate limit: this address has sent 2+3+4+300 hits this
		// minute (or fewer, when a minute began meanwhile).
		f.srv.hitLimit.mu.Lock()
		f.srv.hitLimit.max = 1
		f.srv.hitLimit.n = map[string]int{"127.0.0.1": 1}
		f.srv.hitLimit.mu.Unlock()
		if code := postHit(t, f, browserUA, hit, "text/plain"); code != http.StatusTooManyRequests {
			t.Errorf("over the rate: %d, want 429", code)
		}
	})
}

// TestWebPage: the web analytics page and its CSV, in English and German.
func TestWebPage(t *testing.T) {
	f := newFixture(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	if _, err := f.st.ImportActivities(op, []crm.ActivityRecord{{Line: 2, Activity: crm.Activity{Name: "Spring " + hostile, Kind: "email",
		Marketing: true, Status: crm.ActivityActive}, Code: "spring"}}, crm.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for i, u := range []string{"https://www.firm.example/?utm_campaign=SPRING", "https://www.firm.example/?utm_campaign=other", "https://www.firm.example/a"} {
		h, _ := parseHit(hitInput{Event: crm.HitPageview, URL: u, Referrer: "https://news.example/x"})
		h.IP, h.UserAgent = fmt.Sprintf("192.0.2.%d", i), browserUA
		if err := f.st.LogHit(context.Background(), h); err != nil {
			t.Fatal(err)
		}
	}
	viewer := f.client(t, crm.RoleViewer)
	code, page := get(t, viewer, f.ts.URL+"/marketing/web")
	if code != http.StatusOK {
		t.Fatalf("%d %s", code, page)
	}
	// 3 visits of 3 visitors, all single-page; 1 landed with the code
	// spring; utm_campaign other is no activity's.
	for _, w := range []string{"Web analytics", "Spring &lt;script&gt;", "100.0%", "no activity has this code", "news.example", "&lt;script defer src=&#34;http"} {
		if !strings.Contains(page, w) {
			t.Errorf("the page lacks %q", w)
		}
	}
	if strings.Contains(page, hostile) {
		t.Error("an activity's name is not escaped")
	}
	code, rows := csvRows(t, viewer, f.ts.URL+"/marketing/web.csv")
	if code != http.StatusOK || len(rows) != 3 || rows[1][0] != "(all)" || rows[1][1] != "3" || rows[2][1] != "1" {
		t.Errorf("CSV %d %q", code, rows)
	}
	if code, _ := get(t, viewer, f.ts.URL+"/marketing/web?since=yesterday"); code != http.StatusBadRequest {
		t.Errorf("a bad date: %d", code)
	}
	req, _ := http.NewRequest("GET", f.ts.URL+"/marketing/web", nil)
	req.Header.Set("Accept-Language", "de-DE,de;q=0.9")
	res, err := viewer.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, w := range []string{"Web-Analyse", "Besuche nach Kampagne", "100,0\u00a0%", "keine Maßnahme hat diesen Code"} {
		if !strings.Contains(string(b), w) {
			t.Errorf("the German page lacks %q", w)
		}
	}
}

// BenchmarkHitEndpoint: hits a second through POST /t, from many clients
// at once, every one stored (docs/benchmarks.md). The rate limit is
// lifted: the clients share one address.
func BenchmarkHitEndpoint(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			dsn := b.TempDir() + "/bench.db" // a fresh database for each b.N
			if name == "postgres" {
				var ok bool
				if dsn, ok = testkit.Postgres(b); !ok {
					b.Skip("VITALFEW_TEST_POSTGRES not set")
				}
			}
			st, err := store.Open(context.Background(), dsn, nil)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			srv, err := New(Config{Store: st})
			if err != nil {
				b.Fatal(err)
			}
			defer srv.Close()
			srv.hitLimit.max = 1 << 30
			ts := httptest.NewServer(srv.Handler())
			defer ts.Close()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			var seq atomic.Int64
			b.SetParallelism(16)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := seq.Add(1)
					req, _ := http.NewRequest("POST", ts.URL+"/t", strings.NewReader(fmt.Sprintf(`{"e":"pageview","u":"https://www.firm.example/p/%d?utm_campaign=spring","r":"https://news.example/"}`, i%500)))
					req.Header.Set("User-Agent", browserUA)
					req.Header.Set("Sec-Fetch-Site", "cross-site")
					res, err := client.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != http.StatusAccepted {
						b.Fatalf("status %d", res.StatusCode)
					}
				}
			})
			ws, err := st.WebStats(crm.WithActor(context.Background(), crm.Operator), crm.WebQuery{})
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			got := 0
			for _, v := range ws.Visits {
				got += v.Pageviews
			}
			if got != b.N {
				b.Fatalf("%d hits stored of %d", got, b.N)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "hits/s")
		})
	}
}

// TestGoalPagesSetting: admins set the goal pages on the settings page;
// a form without the field keeps them, an empty field clears them, a path
// without a slash is refused.
func TestGoalPagesSetting(t *testing.T) {
	f := newFixture(t)
	admin := f.client(t, crm.RoleAdmin)
	op := crm.WithActor(context.Background(), crm.Operator)
	goal := func() string { s, _ := f.st.Settings(op); return s.GoalPages }
	post := func(v url.Values) int {
		res, err := admin.PostForm(f.ts.URL+"/settings", v)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := post(url.Values{"goal_pages": {" /danke , /thanks "}}); code != http.StatusSeeOther || goal() != "/danke,/thanks" {
		t.Fatalf("%d %q", code, goal())
	}
	if code := post(url.Values{"window_months": {"12"}}); code != http.StatusSeeOther || goal() != "/danke,/thanks" {
		t.Errorf("a form without the field: %d %q", code, goal())
	}
	if code := post(url.Values{"goal_pages": {"danke"}}); code != http.StatusBadRequest || goal() != "/danke,/thanks" {
		t.Errorf("a path without a slash: %d %q", code, goal())
	}
	if code := post(url.Values{"goal_pages": {""}}); code != http.StatusSeeOther || goal() != "" {
		t.Errorf("cleared: %d %q", code, goal())
	}
	if _, page := get(t, admin, f.ts.URL+"/settings"); !strings.Contains(page, `name="goal_pages"`) {
		t.Error("the settings page lacks the goal pages")
	}
}
