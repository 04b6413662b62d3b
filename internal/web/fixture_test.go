package web

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// hostile is stored in names, notes and CSV cells; it must come back
// escaped everywhere.
const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)>`

const password = "correct horse battery"

// cents writes amounts of money in units (1234.56).
var cents = testkit.Cents

// fixture is a running server over a small real SQLite store with an
// admin, a staff user and a viewer.
type fixture struct {
	st        *store.Store
	srv       *Server
	ts        *httptest.Server
	accountID int64 // the account with the hostile name
	users     map[crm.Role]crm.User
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureOn(t, testkit.SQLite(t))
}

// onDatabases runs test on a fresh SQLite file and, when
// VITALFEW_TEST_POSTGRES is set, on a fresh PostgreSQL database.
func onDatabases(t *testing.T, test func(t *testing.T, dsn string)) {
	for name, dsn := range apiDatabases(t) {
		t.Run(name, func(t *testing.T) { test(t, dsn) })
	}
}

// newFixtureOn is newFixture on the database dsn.
func newFixtureOn(t *testing.T, dsn string) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	op := crm.WithActor(ctx, crm.Operator)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	var orders []crm.OrderRecord
	names := []string{"Hostile " + hostile, "Brandt KG", "Cramer AG", "Dietz GmbH", "Ebert OHG"}
	for i, n := range names {
		for k := 0; k <= 4-i; k++ {
			orders = append(orders, crm.OrderRecord{Line: len(orders) + 2, Account: crm.AccountRef{Name: n},
				Order: crm.Order{ExternalID: "INV-" + itoa(len(orders)), OrderedAt: day("2024-0" + itoa(k+1) + "-15"), Amount: crm.Money(1000*(5-i)) * 100}})
		}
	}
	if _, err := st.ImportOrders(crm.WithActor(ctx, crm.Operator), orders, crm.ImportOptions{File: "fixture.csv"}); err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st, users: map[crm.Role]crm.User{}}
	for _, r := range []crm.Role{crm.RoleAdmin, crm.RoleStaff, crm.RoleViewer} {
		h, _ := auth.HashPassword(password)
		u, err := st.CreateUser(op, string(r)+"@example.com", strings.ToUpper(string(r)), r, h)
		if err != nil {
			t.Fatal(err)
		}
		f.users[r] = u
	}
	dir, err := st.Directory(op)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dir {
		if strings.HasPrefix(d.Name, "Hostile") {
			f.accountID = d.ID
		}
	}
	if _, err := st.CreateTouchpoint(crm.WithActor(ctx, crm.ActorOf(f.users[crm.RoleStaff])), crm.Touchpoint{
		AccountID: f.accountID, Kind: "note", Department: "sales", Subject: "Note " + hostile, Body: hostile, OccurredAt: day("2024-06-01")}); err != nil {
		t.Fatal(err)
	}
	if f.srv, err = New(Config{Store: st}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.srv.Close() })
	f.ts = httptest.NewServer(f.srv.Handler())
	t.Cleanup(f.ts.Close)
	return f
}

// client returns an HTTP client that does not follow redirects, signed in
// as role ("" for anonymous).
func (f *fixture) client(t *testing.T, role crm.Role) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if role == "" {
		return c
	}
	res, err := c.PostForm(f.ts.URL+"/login", url.Values{"email": {string(role) + "@example.com"}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %s", role, res.Status)
	}
	return c
}

// token returns an API token of role's user.
func (f *fixture) token(t *testing.T, role crm.Role) string {
	t.Helper()
	tok, h := auth.NewToken(auth.APIPrefix)
	if _, err := f.st.CreateToken(crm.WithActor(context.Background(), crm.Operator), string(role)+"@example.com", "test", h, time.Time{}); err != nil {
		t.Fatal(err)
	}
	return tok
}
