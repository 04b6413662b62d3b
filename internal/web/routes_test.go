package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// request builds a request for a route pattern, filling its path values.
func (f *fixture) request(t *testing.T, pattern string) *http.Request {
	t.Helper()
	method, path, _ := strings.Cut(pattern, " ")
	path = strings.TrimSuffix(path, "{$}")
	repl := strings.NewReplacer("{id}", strconv.FormatInt(f.accountID, 10), "{email}", "viewer@example.com", "{name}", "pareto", "{file}", "orders.csv", "{token}", "pi_nosuchtoken", "{page_id}", "1", "{thread_id}", "1", "{event_id}", "1", "{idea_id}", "1", "{file_id}", "1", "{product_id}", "1", "{act_id}", "1", "{slug}", "nosuchslug")
	path = repl.Replace(path)
	if strings.Contains(path, "{") {
		t.Fatalf("route %s: no test value for a path parameter", pattern)
	}
	var body io.Reader
	if method == http.MethodPost || method == http.MethodPatch || method == http.MethodPut {
		body = strings.NewReader("{}")
	}
	req, err := http.NewRequest(method, f.ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil && isAPI(path) {
		req.Header.Set("Content-Type", "application/json")
	} else if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req
}

// TestRouteAccess walks the one routes table: every non-public route refuses
// the anonymous, every route above viewer refuses a viewer, and every state
// change refuses a cross-origin request.
func TestRouteAccess(t *testing.T) {
	f := newFixture(t)
	anon := f.client(t, "")
	viewer := f.client(t, crm.RoleViewer)
	admin := f.client(t, crm.RoleAdmin)
	viewerToken := f.token(t, crm.RoleViewer)
	routes := f.srv.routes()
	if len(routes) < 15 {
		t.Fatalf("only %d routes", len(routes))
	}
	for _, rt := range routes {
		t.Run(rt.pattern, func(t *testing.T) {
			api := isAPI(strings.Fields(rt.pattern)[1])
			if rt.role != "" {
				res := do(t, anon, f.request(t, rt.pattern))
				switch {
				case api && res.StatusCode != http.StatusUnauthorized:
					t.Errorf("anonymous: %d, want 401", res.StatusCode)
				case !api && (res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=")):
					t.Errorf("anonymous: %d to %q, want a redirect to /login", res.StatusCode, res.Header.Get("Location"))
				}
			}
			// A viewer reads only: every state change (but signing out) and
			// every route declared above viewer is refused, whatever the table
			// says about the route.
			write := !strings.HasPrefix(rt.pattern, "GET ") && rt.role != "" && rt.pattern != "POST /logout"
			if write || rt.role == crm.RoleStaff || rt.role == crm.RoleAdmin {
				req := f.request(t, rt.pattern)
				client := viewer
				if api {
					req.Header.Set("Authorization", "Bearer "+viewerToken)
					client = anon
				}
				if res := do(t, client, req); res.StatusCode != http.StatusForbidden {
					t.Errorf("viewer: %d, want 403", res.StatusCode)
				}
			}
			if m := strings.Fields(rt.pattern)[0]; m != http.MethodGet && m != http.MethodHead {
				req := f.request(t, rt.pattern)
				req.Header.Set("Origin", "https://evil.example")
				req.Header.Set("Sec-Fetch-Site", "cross-site")
				if res := do(t, admin, req); res.StatusCode != http.StatusForbidden {
					t.Errorf("cross-origin %s as admin: %d, want 403", m, res.StatusCode)
				}
			}
		})
	}
}

func do(t *testing.T, c *http.Client, req *http.Request) *http.Response {
	t.Helper()
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

func get(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestEscaping: HTML in account names, notes and CSV cells comes back
// escaped on every page that shows it.
func TestEscaping(t *testing.T) {
	f := newFixture(t)
	staff := f.client(t, crm.RoleStaff)
	// A CSV cell with HTML, through the import page's preview.
	up := uploadCSV(t, f, staff, "orders", "invoice,customer,date,amount\nZ-1,"+`"`+strings.ReplaceAll(hostile, `"`, `""`)+`"`+",2024-07-01,5\n")
	id := strconv.FormatInt(f.accountID, 10)
	for _, path := range []string{"/", "/accounts", "/accounts?q=hostile", "/accounts/" + id, up} {
		code, body := get(t, staff, f.ts.URL+path)
		if code != http.StatusOK {
			t.Fatalf("%s: %d", path, code)
		}
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("%s: unescaped HTML from stored text", path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
			t.Errorf("%s: the hostile text is not shown escaped", path)
		}
	}
}

// uploadCSV posts a file on the import page and returns the preview's path.
func uploadCSV(t *testing.T, f *fixture, c *http.Client, kind, csv string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("--X\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n" + kind + "\r\n")
	b.WriteString("--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"up.csv\"\r\nContent-Type: text/csv\r\n\r\n" + csv + "\r\n--X--\r\n")
	req, _ := http.NewRequest(http.MethodPost, f.ts.URL+"/import", strings.NewReader(b.String()))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=X")
	res := do(t, c, req)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", res.StatusCode)
	}
	return res.Header.Get("Location")
}
