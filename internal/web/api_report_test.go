package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/cli"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
	"github.com/vitalfew/vitalfew/internal/web"
)

// reportData writes a small business over two years: orders of seven
// customers, contacts, touchpoints with effort, and social mentions.
func reportData(t *testing.T, dir string) map[string]string {
	t.Helper()
	var orders, contacts, touchpoints, mentions strings.Builder
	orders.WriteString("invoice,customer_id,customer,date,amount\n")
	contacts.WriteString("customer_id,customer,name,email,last_verified_at\n")
	touchpoints.WriteString("id,customer_id,customer,kind,department,subject,date,effort_minutes\n")
	mentions.WriteString("platform,id,author_handle,email,text,posted_at\n")
	n := 0
	for c := range 7 {
		name := fmt.Sprintf("Kunde %d GmbH", c)
		for k := range 12 - c {
			n++
			fmt.Fprintf(&orders, "RE-%d,K%d,%s,2023-%02d-%02d,%d.50\n", n, c, name, 1+k%12, 1+c*3, 1000*(7-c)+k*37)
			if c < 3 {
				n++
				fmt.Fprintf(&orders, "RE-%d,K%d,%s,2024-%02d-15,%d\n", n, c, name, 1+k%12, 500*(3-c)+k)
			}
		}
		email := fmt.Sprintf("buyer%d@kunde%d.de", c, c)
		fmt.Fprintf(&contacts, "K%d,%s,Buyer %d,%s,%s\n", c, name, c, email, []string{"2022-01-10", "2024-06-01", ""}[c%3])
		fmt.Fprintf(&touchpoints, "T%d,K%d,%s,ticket,support,Help %d,2024-%02d-03,%d\n", c, c, name, c, 1+c, 30*(c+1))
		fmt.Fprintf(&mentions, "x,M%d,buyer%d,%s,%q,2024-%02d-20\n", c, c, email,
			[]string{"Great service, thank you!", "Terrible delay, very disappointed.", "Delivery arrived today."}[c%3], 1+c)
	}
	files := map[string]string{"orders": orders.String(), "contacts": contacts.String(), "touchpoints": touchpoints.String(), "mentions": mentions.String()}
	paths := map[string]string{}
	for kind, content := range files {
		p := filepath.Join(dir, kind+".csv")
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		paths[kind] = p
	}
	return paths
}

// vitalfew runs the command line on db and returns stdout, stderr and the
// exit status.
func vitalfew(t *testing.T, db string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := cli.Run(context.Background(), append([]string{"--db", db}, args...), func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	code := cli.ExitCode(err, &errOut)
	return out.String(), errOut.String(), code
}

// TestAPIReportsEqualCLI: GET /api/v1/reports/NAME answers, byte for byte,
// what `vitalfew report NAME --json` prints on the same database, for
// every report and several parameter sets; and where the command refuses
// the parameters, the API refuses them too.
func TestAPIReportsEqualCLI(t *testing.T) {
	dbs := map[string]string{"sqlite": testkit.SQLite(t)}
	if dsn, ok := testkit.Postgres(t); ok {
		dbs["postgres"] = dsn
	}
	for dbName, db := range dbs {
		t.Run(dbName, func(t *testing.T) {
			files := reportData(t, t.TempDir())
			for _, kind := range []string{"orders", "contacts", "touchpoints", "mentions"} {
				if _, stderr, code := vitalfew(t, db, "import", kind, files[kind]); code != 0 {
					t.Fatalf("import %s: exit %d: %s", kind, code, stderr)
				}
			}
			ctx := context.Background()
			st, err := store.Open(ctx, db, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			op := crm.WithActor(ctx, crm.Operator)
			if _, err := st.CreateUser(op, "viewer@example.com", "", crm.RoleViewer, "x"); err != nil {
				t.Fatal(err)
			}
			token, hash := auth.NewToken(auth.APIPrefix)
			if _, err := st.CreateToken(op, "viewer@example.com", "test", hash, time.Time{}); err != nil {
				t.Fatal(err)
			}
			srv, err := web.New(web.Config{Store: st})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { srv.Close() })
			ts := httptest.NewServer(srv.Handler())
			defer ts.Close()

			params := []struct{ query, flags string }{
				{"", ""},
				{"as_of=2024-06-30", "--as-of 2024-06-30"},
				{"since=2023-01-01&until=2023-12-31&tiers=70,90", "--since 2023-01-01 --until 2023-12-31 --tiers 70,90"},
				{"after=90d&stale_after=2y", "--after 90d --stale-after 2y"},
				{"tiers=90,80", "--tiers 90,80"},
				{"until=2023-01-01&since=2023-06-01", "--until 2023-01-01 --since 2023-06-01"},
			}
			compared := 0
			for _, name := range report.Names() {
				for _, p := range params {
					args := append([]string{"report", name, "--json"}, strings.Fields(p.flags)...)
					stdout, stderr, code := vitalfew(t, db, args...)
					req, _ := http.NewRequest("GET", ts.URL+"/api/v1/reports/"+name+"?"+p.query, nil)
					req.Header.Set("Authorization", "Bearer "+token)
					res, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					body, _ := io.ReadAll(res.Body)
					res.Body.Close()
					if code != 0 {
						var e struct {
							Error struct{ Code, Message string }
						}
						json.Unmarshal(body, &e)
						if res.StatusCode < 400 || e.Error.Code == "" || e.Error.Code == crm.EINTERNAL {
							t.Errorf("%s?%s: the command refused (exit %d: %s) but the API answered %d %s", name, p.query, code, strings.TrimSpace(stderr), res.StatusCode, body)
						}
						continue
					}
					if res.StatusCode != http.StatusOK {
						t.Errorf("%s?%s: %d %s; the command printed a report", name, p.query, res.StatusCode, body)
						continue
					}
					// Without parameters, the reports the pages show come
					// from the analytics snapshot and say which data they
					// are of; the rest is what the command prints (ideas
					// too: their votes are read as they are, no figure).
					if p.query == "" && !strings.Contains(name, "care") && !strings.Contains(name, "clv") &&
						!slices.Contains([]string{"repeat", "holiday-cards", "ideas", "funnel", "segments", "drift", "health", "ideal", "advocates", "groups", "social-maturity", "nps", "perception", "attribution", "web", "reach"}, name) {
						var head struct {
							AsOfVersion *string `json:"as_of_version"`
							Stale       *bool   `json:"stale"`
						}
						if err := json.Unmarshal(body, &head); err != nil || head.AsOfVersion == nil || *head.AsOfVersion == "" || head.Stale == nil {
							t.Errorf("%s: no as_of_version and stale in %.200s", name, body)
						}
						body = figuresHead.ReplaceAll(body, []byte("{"))
					}
					// A report that reads the clock (its "now" key, when no
					// as-of date pins it) may differ in the last digits of
					// ages between two runs; all else must be the same bytes.
					// The two runs may also straddle a second: the clock
					// itself is left out of that comparison.
					clock := bytes.Contains(body, []byte(`"now":`)) && !strings.Contains(p.query, "as_of")
					if clock && testkit.SameJSON(withoutNow(t, body), withoutNow(t, []byte(stdout))) == nil {
						compared++
						continue
					}
					if !bytes.Equal(body, []byte(stdout)) {
						diff := testkit.SameJSON(body, []byte(stdout))
						if clock {
							diff = testkit.SameJSON(withoutNow(t, body), withoutNow(t, []byte(stdout)))
						}
						t.Errorf("%s?%s: the API's JSON differs from `vitalfew %s`: %v\napi: %.300s\ncli: %.300s", name, p.query, strings.Join(args, " "), diff, body, stdout)
					}
					compared++
				}
			}
			if compared < 4*len(report.Names()) {
				t.Errorf("only %d reports compared", compared)
			}
		})
	}
}

// figuresHead is what a report from the analytics snapshot starts with.
var figuresHead = regexp.MustCompile(`^\{"as_of_version":"[0-9.]+","stale":(true|false),`)

// withoutNow returns the JSON object doc without its "now" key, and the
// ages of its queue in whole minutes: two runs a fraction of a second
// apart measure ages a fraction of a second apart, which is all a clock
// may change (a minute's boundary between them is left to chance: one
// run in thousands at most).
func withoutNow(t *testing.T, doc []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "now")
	if q, ok := m["queue"].([]any); ok {
		for _, it := range q {
			if row, ok := it.(map[string]any); ok {
				if age, ok := row["age_hours"].(float64); ok {
					row["age_hours"] = math.Floor(age * 60)
				}
			}
		}
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
