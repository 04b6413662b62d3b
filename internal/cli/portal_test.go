package cli_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/cli"
)

// TestPortalCommands drives the portal as the contract has it: "portal
// invite --json" prints the link, "space create" and "space page" print
// ids, and on the served application the invited contact sets a password
// at the link, is signed in, and reads the page of the tier-A space; the
// contact of a small account is invited too and finds nothing.
func TestPortalCommands(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			examples := filepath.Join("..", "..", "examples")
			for _, f := range []struct{ kind, file string }{{"accounts", "clients.csv"}, {"orders", "invoices.csv"}, {"contacts", "contacts.csv"}} {
				if _, errOut, code := vf(t, db, "import", f.kind, filepath.Join(examples, f.file)); code != 0 {
					t.Fatalf("import %s: %s", f.file, errOut)
				}
			}
			// Greyfield is in tier A of the example business, Kingsmead Foods in C.
			big, small := "david.richter@greyfield.example", "hannah.hoffmann@kingsmead-1.example"
			out, errOut, code := vf(t, db, "space", "create", "--name", "Key accounts", "--grant", "tier:A", "--level", "reply", "--json")
			var sp struct{ ID int64 }
			if code != 0 || json.Unmarshal([]byte(out), &sp) != nil || sp.ID < 1 {
				t.Fatalf("space create: %d %q %s", code, out, errOut)
			}
			page := writeFile(t, "datasheets.md", "# Bearings\n\nBR-100 fits every pump since 2019.\n")
			out, errOut, code = vf(t, db, "space", "page", strconv.FormatInt(sp.ID, 10), "--title", "Datasheets", page, "--json")
			var pg struct{ ID int64 }
			if code != 0 || json.Unmarshal([]byte(out), &pg) != nil || pg.ID < 1 {
				t.Fatalf("space page: %d %q %s", code, out, errOut)
			}
			if _, errOut, code := vf(t, db, "space", "create", "--name", "x", "--grant", "tier:Z"); code != 2 || !strings.Contains(errOut, "grant") {
				t.Errorf("a bad grant: %d %s", code, errOut)
			}
			invite := func(email string) string {
				out, errOut, code := vf(t, db, "portal", "invite", email, "--json")
				var inv struct{ URL string }
				if code != 0 || json.Unmarshal([]byte(out), &inv) != nil || !regexp.MustCompile(`^http://127\.0\.0\.1:8080/portal/invite/[A-Za-z0-9_-]{20,}$`).MatchString(inv.URL) {
					t.Fatalf("portal invite %s: %d %q %s", email, code, out, errOut)
				}
				return inv.URL
			}
			linkBig, linkSmall := invite(big), invite(small)
			if _, errOut, code := vf(t, db, "portal", "invite", "nobody@nowhere.example"); code == 0 || !strings.Contains(errOut, "no active contact") {
				t.Errorf("inviting an unknown address: %d %s", code, errOut)
			}

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stderr := &lockedBuffer{}
			done := make(chan error, 1)
			go func() {
				done <- cli.Run(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, func(string) string { return "" }, strings.NewReader(""), io.Discard, stderr)
			}()
			var base string
			for deadline := time.Now().Add(30 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				if m := regexp.MustCompile(`serving on (http://\S+)`).FindStringSubmatch(stderr.String()); m != nil {
					base = m[1]
				}
			}
			if base == "" {
				t.Fatalf("serve did not start: %s", stderr.String())
			}
			contact := func(link string) *http.Client {
				jar, _ := cookiejar.New(nil)
				c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
				path := strings.TrimPrefix(link, "http://127.0.0.1:8080")
				res, err := c.PostForm(base+path, url.Values{"password": {"a long portal password"}, "password_confirm": {"a long portal password"}})
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != http.StatusSeeOther || len(jar.Cookies(mustURL(t, base+"/portal"))) == 0 {
					t.Fatalf("accept %s: %d, cookies %v", path, res.StatusCode, jar.Cookies(mustURL(t, base+"/portal")))
				}
				return c
			}
			read := func(c *http.Client, path string) (int, string) {
				res, err := c.Get(base + path)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				return res.StatusCode, string(b)
			}
			pagePath := "/portal/spaces/" + strconv.FormatInt(sp.ID, 10) + "/pages/" + strconv.FormatInt(pg.ID, 10)
			a := contact(linkBig)
			if code, body := read(a, pagePath); code != http.StatusOK || !strings.Contains(body, "BR-100 fits every pump") {
				t.Errorf("the tier-A contact reads the page: %d", code)
			}
			if code, body := read(a, "/portal/orders"); code != http.StatusOK || !strings.Contains(body, "INV-") {
				t.Errorf("the tier-A contact's orders: %d", code)
			}
			c := contact(linkSmall)
			if code, _ := read(c, pagePath); code != http.StatusNotFound {
				t.Errorf("the small account's contact reads the page: %d", code)
			}
			// Signing in again with the password.
			jar, _ := cookiejar.New(nil)
			again := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			res, err := again.PostForm(base+"/portal/login", url.Values{"email": {big}, "password": {"a long portal password"}})
			if err != nil || res.StatusCode != http.StatusSeeOther {
				t.Fatalf("portal login: %v %v", err, res)
			}
			res.Body.Close()
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestDemoPortal: "vitalfew demo" seeds the A tier's space and prints a
// portal login for a contact of the largest customer, which signs in and
// reads the space.
func TestDemoPortal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- cli.Run(ctx, []string{"--db", db, "demo", "--accounts", "400", "--quiet", "--addr", "127.0.0.1:0"},
			func(string) string { return "" }, strings.NewReader(""), io.Discard, stderr)
	}()
	var base, email, password string
	for deadline := time.Now().Add(2 * time.Minute); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		out := stderr.String()
		if m := regexp.MustCompile(`customer portal \(/portal/login\), a contact of .+: (\S+)  password: (\S+)`).FindStringSubmatch(out); m != nil {
			email, password = m[1], m[2]
		}
		if m := regexp.MustCompile(`serving on (http://\S+)`).FindStringSubmatch(out); m != nil && email != "" {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("demo did not serve with a portal login: %s", stderr.String())
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.PostForm(base+"/portal/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "Key accounts") {
		t.Fatalf("the demo contact's portal: %d %s", res.StatusCode, b)
	}
	sp := regexp.MustCompile(`href="(/portal/spaces/\d+)"`).FindStringSubmatch(string(b))
	if sp == nil {
		t.Fatal("no space link")
	}
	res, err = c.Get(base + sp[1])
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "Datasheets and manuals") || !strings.Contains(string(b), "Ask us anything") ||
		!strings.Contains(string(b), "What&#39;s new in our motors") {
		t.Errorf("the space: %d %s", res.StatusCode, b)
	}
	// Its products, with what the largest customer bought of them.
	product := regexp.MustCompile(`href="(/portal/spaces/\d+/products/\d+)"`).FindStringSubmatch(string(b))
	if product == nil {
		t.Fatalf("no product in the space: %s", b)
	}
	res, err = c.Get(base + product[1])
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "Spare parts kept for ten years") || !strings.Contains(string(b), `<a href="/portal/orders/`) {
		t.Errorf("a product of the space: %d %s", res.StatusCode, b)
	}
	res, err = c.Get(base + sp[1] + "/ideas")
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "Order history as an Excel export") || !strings.Contains(string(b), "A dark mode for the portal") ||
		strings.Contains(string(b), "asked on a call") {
		t.Errorf("the space's ideas: %d %s", res.StatusCode, b)
	}
	// Their latest order is on its way, with the carrier's tracking link.
	res, err = c.Get(base + "/portal/orders")
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	order := regexp.MustCompile(`href="(/portal/orders/\d+)"`).FindStringSubmatch(string(b))
	if res.StatusCode != http.StatusOK || order == nil {
		t.Fatalf("the demo contact's orders: %d %s", res.StatusCode, b)
	}
	res, err = c.Get(base + order[1])
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), `href="https://www.dhl.com/de-en/home/tracking/tracking-parcel.html?submit=1&amp;tracking-id=00340434`) {
		t.Errorf("the latest order has no tracking link: %d %s", res.StatusCode, b)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("demo: %v", err)
	}
	// The demo's post-project survey was answered: the A tier's NPS above
	// the C tier's.
	out, errOut, code := vf(t, db, "report", "nps", "--json")
	var nps struct {
		Responses  int `json:"responses"`
		Detractors int `json:"detractors"`
		ByTier     []struct {
			Tier string   `json:"tier"`
			NPS  *float64 `json:"nps"`
		} `json:"by_tier"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &nps) != nil || nps.Responses < 30 {
		t.Fatalf("the demo's survey answers: %s %s", out, errOut)
	}
	byTier := map[string]float64{}
	for _, b := range nps.ByTier {
		if b.NPS != nil {
			byTier[b.Tier] = *b.NPS
		}
	}
	if byTier["A"] <= byTier["C"] {
		t.Errorf("the demo's NPS by tier: %+v", nps.ByTier)
	}
	// It went with final invoices, and still does; each detractor waits in
	// the care queue.
	if out, _, _ := vf(t, db, "survey", "final-invoice"); strings.TrimSpace(out) == "0" || strings.TrimSpace(out) == "" {
		t.Errorf("no survey goes with the demo's final invoices: %q", out)
	}
	out, errOut, code = vf(t, db, "report", "care", "--json")
	var care struct {
		Queue []struct{ Platform string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &care) != nil {
		t.Fatalf("report care: %s", errOut)
	}
	fromSurvey := 0
	for _, q := range care.Queue {
		if q.Platform == "survey" {
			fromSurvey++
		}
	}
	// (of an import, the detractors of the 90 days up to its newest answer)
	if fromSurvey == 0 || fromSurvey >= nps.Detractors {
		t.Errorf("%d survey answers in the care queue, %d detractors (the recent ones only)", fromSurvey, nps.Detractors)
	}
	// The owners believe far more of their customers would recommend them
	// than do: the perception gap of the NPS question (the twelfth).
	out, errOut, code = vf(t, db, "report", "perception", "--json")
	var gap struct {
		Questions []struct {
			Position        int
			Staff           int
			StaffTopPct     *float64 `json:"staff_top_pct"`
			CustomersTopPct *float64 `json:"customers_top_pct"`
			GapPts          *float64 `json:"gap_pts"`
		}
		Widest []struct{ Gap float64 }
	}
	if code != 0 || json.Unmarshal([]byte(out), &gap) != nil {
		t.Fatalf("report perception: %s %s", out, errOut)
	}
	found := false
	for _, q := range gap.Questions {
		if q.Position != 12 {
			continue
		}
		found = true
		if q.Staff < 30 || q.StaffTopPct == nil || *q.StaffTopPct < 75 || *q.StaffTopPct > 95 || q.GapPts == nil || *q.GapPts < 20 {
			t.Errorf("the demo's perception gap of the NPS question: %s", out)
		}
	}
	if !found || len(gap.Widest) != 10 || gap.Widest[0].Gap <= 0 {
		t.Errorf("the demo's perception gap: %s", out)
	}
}
