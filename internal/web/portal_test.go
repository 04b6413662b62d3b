package web

import (
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/ingest"
	"github.com/vitalfew/vitalfew/internal/mail"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// portalWorld: the fixture's top account (tier A) with contact a1, its
// smallest (tier C) with b1, a space granted to tier A with a page, and
// both contacts invited.
type portalWorld struct {
	f            *fixture
	a, b         int64 // accounts
	a1, b1       crm.Contact
	space, page  int64
	tokA, tokB   string
	ordA, ordB   int64 // an order of each account
	anon, staffC *http.Client
}

func newPortalWorld(t *testing.T, dsn string) *portalWorld {
	t.Helper()
	f := newFixtureOn(t, dsn)
	w := &portalWorld{f: f, anon: f.client(t, ""), staffC: f.client(t, crm.RoleStaff)}
	op := crm.WithActor(context.Background(), crm.Operator)
	dir, err := f.st.Directory(op)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dir {
		switch d.Name {
		case "Ebert OHG":
			w.b = d.ID
		}
	}
	w.a = f.accountID
	for _, c := range []struct {
		dst     *crm.Contact
		account int64
		email   string
	}{{&w.a1, w.a, "a1@hostile.example"}, {&w.b1, w.b, "b1@ebert.example"}} {
		made, err := f.st.CreateContact(op, crm.Contact{AccountID: c.account, Name: c.email, Status: "active",
			Identities: []crm.Identity{{Kind: "email", Value: c.email}}})
		if err != nil {
			t.Fatal(err)
		}
		*c.dst = made
	}
	sp, err := f.st.CreateSpace(op, "Key accounts", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelReply}})
	if err != nil {
		t.Fatal(err)
	}
	w.space = sp.ID
	p, err := f.st.AddSpacePage(op, sp.ID, "Datasheets", "# Bearings\n\nSee [the manual](https://example.com/m.pdf).\n\n<script>alert(1)</script>\n[x](javascript:alert(1))\n")
	if err != nil {
		t.Fatal(err)
	}
	w.page = p.ID
	for _, c := range []struct {
		tok   *string
		email string
	}{{&w.tokA, "a1@hostile.example"}, {&w.tokB, "b1@ebert.example"}} {
		token, hash := auth.NewToken(auth.InvitePrefix)
		if _, err := f.st.InvitePortal(op, c.email, hash, time.Now().Add(time.Hour), nil); err != nil {
			t.Fatal(err)
		}
		*c.tok = token
	}
	for _, x := range []struct {
		dst     *int64
		account int64
	}{{&w.ordA, w.a}, {&w.ordB, w.b}} {
		os, _, err := f.st.ListOrders(op, store.OrderQuery{AccountID: x.account, Limit: 1})
		if err != nil || len(os) == 0 {
			t.Fatalf("orders of %d: %v", x.account, err)
		}
		*x.dst = os[0].ID
	}
	settled(t, w.staffC, f.ts.URL)
	return w
}

// accept takes up an invitation with password and returns the signed-in
// contact's client.
func (w *portalWorld) accept(t *testing.T, token, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(w.f.ts.URL+"/portal/invite/"+token, url.Values{"password": {password}, "password_confirm": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/portal" {
		t.Fatalf("accept: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	return c
}

// page gets path and checks that it is private and never cached.
func (w *portalWorld) get(t *testing.T, c *http.Client, path string) (int, string) {
	t.Helper()
	res, err := c.Get(w.f.ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if cc := res.Header.Get("Cache-Control"); strings.HasPrefix(path, "/portal") && cc != "private, no-store" {
		t.Errorf("GET %s: Cache-Control %q, want private, no-store", path, cc)
	}
	return res.StatusCode, string(b)
}

func TestPortal(t *testing.T) { onDatabases(t, testPortal) }

// testPortal: a contact of the tier-A account is invited, sets a password,
// reads the tier-A space's wiki (sanitised) and sees their own orders; the
// contact of a tier-C account sees none of it by any path, each answer the
// same bytes as a missing id; a used invitation, a staff session, a
// contact who left and an account that left tier A are all refused.
func testPortal(t *testing.T, dsn string) {
	w := newPortalWorld(t, dsn)
	base := w.f.ts.URL
	sp, pg := strconv.FormatInt(w.space, 10), strconv.FormatInt(w.page, 10)

	// The invitation: a form, the passwords must agree and follow the rules.
	if code, body := w.get(t, w.anon, "/portal/invite/"+w.tokA); code != http.StatusOK || !strings.Contains(body, `name="password_confirm"`) || !strings.Contains(body, "Hostile") {
		t.Fatalf("invitation page: %d %s", code, mainOf(body))
	}
	for _, bad := range []url.Values{{"password": {"a long password 1"}, "password_confirm": {"a long password 2"}}, {"password": {"short"}, "password_confirm": {"short"}}} {
		res, err := w.anon.PostForm(base+"/portal/invite/"+w.tokA, bad)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("accept with %v: %d, want 400", bad, res.StatusCode)
		}
	}
	a1 := w.accept(t, w.tokA, "a1's long password")
	b1 := w.accept(t, w.tokB, "b1's long password")

	_, missing := w.get(t, b1, "/portal/spaces/99999999")
	if !strings.Contains(missing, "404") {
		t.Fatalf("a missing space: %s", mainOf(missing))
	}
	// A used invitation is as unknown as one never made.
	if code, body := w.get(t, w.anon, "/portal/invite/"+w.tokA); code != http.StatusNotFound || body != missing {
		t.Errorf("a used invitation: %d, not the not-found page", code)
	}
	if code, body := w.get(t, w.anon, "/portal/invite/vfi_nosuchtoken"); code != http.StatusNotFound || body != missing {
		t.Errorf("an unknown invitation: %d, not the not-found page", code)
	}

	// a1: the space, its page (sanitised), their orders.
	if code, body := w.get(t, a1, "/portal"); code != http.StatusOK || !strings.Contains(body, `href="/portal/spaces/`+sp+`"`) {
		t.Errorf("a1's portal: %d %s", code, mainOf(body))
	}
	if code, body := w.get(t, a1, "/portal/spaces/"+sp); code != http.StatusOK || !strings.Contains(body, "Datasheets") {
		t.Errorf("a1's space: %d %s", code, mainOf(body))
	}
	code, body := w.get(t, a1, "/portal/spaces/"+sp+"/pages/"+pg)
	if code != http.StatusOK || !strings.Contains(body, "<h1>Bearings</h1>") || !strings.Contains(body, `href="https://example.com/m.pdf"`) ||
		strings.Contains(body, "alert(1)</script>") || strings.Contains(body, "javascript:") {
		t.Errorf("a1's page: %d %s", code, mainOf(body))
	}
	ordA, ordB := strconv.FormatInt(w.ordA, 10), strconv.FormatInt(w.ordB, 10)
	if code, body := w.get(t, a1, "/portal/orders"); code != http.StatusOK || !strings.Contains(body, `href="/portal/orders/`+ordA+`"`) || strings.Contains(body, `href="/portal/orders/`+ordB+`"`) {
		t.Errorf("a1's orders: %d %s", code, mainOf(body))
	}
	if code, _ := w.get(t, a1, "/portal/orders/"+ordA); code != http.StatusOK {
		t.Errorf("a1's order: %d", code)
	}
	// Shipments: a1 sees their order's tracking link and its status in
	// the list of orders, nothing of B's shipment.
	op := crm.WithActor(context.Background(), crm.Operator)
	var ship []crm.ShipmentRecord
	for i, x := range []struct {
		order          int64
		number, status string
	}{{w.ordA, "00340434161234567890", crm.ShipmentInTransit}, {w.ordB, "EBERT-SECRET-777", crm.ShipmentDelivered}} {
		o, err := w.f.st.Order(op, x.order)
		if err != nil {
			t.Fatal(err)
		}
		ship = append(ship, crm.ShipmentRecord{Line: i + 2, OrderExternalID: o.ExternalID, Shipment: crm.Shipment{ExternalID: x.number, Carrier: "DHL",
			TrackingURL: ingest.TrackingURL("DHL", x.number), ShippedAt: o.OrderedAt.AddDate(0, 0, 1), Status: x.status}})
	}
	if _, err := w.f.st.ImportShipments(op, ship, crm.ImportOptions{File: "shipments.csv"}); err != nil {
		t.Fatal(err)
	}
	link := `<a class="tracking" href="https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161234567890" rel="noopener noreferrer nofollow" target="_blank">00340434161234567890</a>`
	if code, body := w.get(t, a1, "/portal/orders/"+ordA); code != http.StatusOK || !strings.Contains(body, link) || !strings.Contains(body, "<td>in transit</td>") {
		t.Errorf("a1's order with a shipment: %d %s", code, mainOf(body))
	}
	if code, body := w.get(t, a1, "/portal/orders"); code != http.StatusOK || !strings.Contains(body, `<td class="text">in transit</td>`) ||
		strings.Contains(body, "delivered") || strings.Contains(body, "EBERT-SECRET") {
		t.Errorf("a1's orders with shipments: %d %s", code, mainOf(body))
	}

	// Search: a1 finds the page of A's space; b1 finds nothing of it.
	if code, body := w.get(t, a1, "/portal/search?q=bearings"); code != http.StatusOK || !strings.Contains(body, `href="/portal/spaces/`+sp+`/pages/`+pg+`"`) {
		t.Errorf("a1's search: %d %s", code, mainOf(body))
	}
	if code, body := w.get(t, b1, "/portal/search?q=bearings"); code != http.StatusOK || strings.Contains(body, "Datasheets") || !strings.Contains(body, "Nothing found.") {
		t.Errorf("b1's search: %d %s", code, mainOf(body))
	}

	// Staff see who uses the portal: the dashboard's card by tier and
	// Account 360's section with the access log.
	if _, body := get(t, w.staffC, base+"/"); !strings.Contains(body, `id="portal"`) {
		t.Errorf("the dashboard has no portal card")
	} else if row := regexp.MustCompile(`<tr><td>A</td>(<td>[^<]*</td>){7}</tr>`).FindString(body); row == "" || strings.Contains(row, "<td>0</td><td>0</td><td>0</td><td>0</td><td>0</td>") {
		t.Errorf("tier A's portal row: %q", row)
	}
	if _, body := get(t, w.staffC, base+"/accounts/"+strconv.FormatInt(w.a, 10)); !strings.Contains(body, "Read lately") || !strings.Contains(body, "1 with a login") {
		t.Errorf("Account 360's portal section: %s", mainOf(body))
	}

	// b1 (tier C): none of it, by any path; every refusal the missing page.
	if _, body := w.get(t, b1, "/portal"); strings.Contains(body, "Key accounts") || strings.Contains(body, "/portal/spaces/") {
		t.Errorf("b1's portal lists A's space: %s", mainOf(body))
	}
	if code, body := w.get(t, a1, "/portal/spaces/"+sp+"/pages/"+pg+"/revisions"); code != http.StatusOK || !strings.Contains(body, "+ # Bearings") {
		t.Errorf("a1's page history: %d %s", code, mainOf(body))
	}
	for _, path := range []string{"/portal/spaces/" + sp, "/portal/spaces/" + sp + "/pages/" + pg, "/portal/spaces/" + sp + "/pages/" + pg + "/revisions", "/portal/orders/" + ordA,
		"/portal/spaces/99999999/pages/" + pg, "/portal/orders/99999999", "/portal/spaces/x", "/portal/orders/-1"} {
		if code, body := w.get(t, b1, path); code != http.StatusNotFound || body != missing {
			t.Errorf("b1 GET %s: %d, not byte for byte the missing page", path, code)
		}
	}
	if code, body := w.get(t, b1, "/portal/orders"); code != http.StatusOK || strings.Contains(body, `href="/portal/orders/`+ordA+`"`) {
		t.Errorf("b1's orders: %d %s", code, mainOf(body))
	}

	// The forum: staff start a thread; a1 (reply) answers but starts none;
	// b1 neither reads nor writes it, and hears only "not found".
	staffCtx := crm.WithActor(context.Background(), crm.ActorOf(w.f.users[crm.RoleStaff]))
	th, err := w.f.st.CreateThread(staffCtx, w.space, "New MT-4 firmware", "Version **2.1** is out.")
	if err != nil {
		t.Fatal(err)
	}
	thPath := "/portal/spaces/" + sp + "/threads/" + strconv.FormatInt(th.ID, 10)
	post := func(c *http.Client, path string, v url.Values) (int, string) {
		res, err := c.PostForm(base+path, v)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, _ := post(a1, thPath+"/replies", url.Values{"body": {"Does it fix the <script>alert(1)</script> bug?"}}); code != http.StatusSeeOther {
		t.Errorf("a1 replies: %d", code)
	}
	if code, body := w.get(t, a1, thPath); code != http.StatusOK || !strings.Contains(body, "<strong>2.1</strong>") ||
		!strings.Contains(body, "Does it fix the") || strings.Contains(body, "<script>alert(1)") {
		t.Errorf("a1 reads the thread: %d %s", code, mainOf(body))
	}
	if code, _ := post(a1, "/portal/spaces/"+sp+"/threads", url.Values{"title": {"Mine"}, "body": {"x"}}); code != http.StatusForbidden {
		t.Errorf("a1 starts a thread at reply: %d", code)
	}
	for _, path := range []string{thPath, "/portal/spaces/" + sp + "/threads/99999999"} {
		if code, body := w.get(t, b1, path); code != http.StatusNotFound || body != missing {
			t.Errorf("b1 GET %s: %d, not the missing page", path, code)
		}
		if code, body := post(b1, path+"/replies", url.Values{"body": {"hello"}}); code != http.StatusNotFound || body != missing {
			t.Errorf("b1 replies to %s: %d, not the missing page", path, code)
		}
	}
	if code, body := post(b1, "/portal/spaces/"+sp+"/threads", url.Values{"title": {"Hi"}, "body": {"x"}}); code != http.StatusNotFound || body != missing {
		t.Errorf("b1 starts a thread in A's space: %d", code)
	}
	if code, body := post(w.anon, thPath+"/replies", url.Values{"body": {"hello"}}); code != http.StatusNotFound || body != missing {
		t.Errorf("anonymous reply: %d", code)
	}

	// Events: staff add a webinar; a1 registers (once), gets the join link
	// and the calendar file, and it is on A's timeline; b1 gets nothing.
	starts := time.Now().Add(72 * time.Hour).Format("2006-01-02T15:04")
	res, err := w.staffC.PostForm(base+"/spaces/"+sp+"/events", url.Values{"title": {"MT-4 firmware 2.1"}, "kind": {"webinar"},
		"starts_at": {starts}, "minutes": {"45"}, "join_url": {"https://meet.jit.si/vitalfew-mt4"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	m := regexp.MustCompile(`#event-(\d+)$`).FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("add an event: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	evPath := "/portal/spaces/" + sp + "/events/" + m[1]
	if code, body := w.get(t, a1, "/portal/spaces/"+sp); code != http.StatusOK || !strings.Contains(body, `action="`+evPath+`/register"`) {
		t.Errorf("a1 sees the event: %d", code)
	}
	for range 2 {
		if code, _ := post(a1, evPath+"/register", nil); code != http.StatusSeeOther {
			t.Errorf("a1 registers: %d", code)
		}
	}
	if code, body := w.get(t, a1, "/portal/spaces/"+sp); code != http.StatusOK || !strings.Contains(body, `href="https://meet.jit.si/vitalfew-mt4"`) {
		t.Errorf("a1's join link: %d", code)
	}
	if code, body := w.get(t, a1, evPath+"/event.ics"); code != http.StatusOK || !strings.Contains(body, "SUMMARY:MT-4 firmware 2.1\r\n") {
		t.Errorf("a1's calendar file: %d %q", code, body)
	}
	if _, body := get(t, w.staffC, base+"/accounts/"+strconv.FormatInt(w.a, 10)); strings.Count(body, "Registered: MT-4 firmware 2.1") != 1 {
		t.Errorf("the registration is not once on A's timeline")
	}
	for _, path := range []string{evPath + "/event.ics", "/portal/spaces/" + sp + "/events/99999999/event.ics"} {
		if code, body := w.get(t, b1, path); code != http.StatusNotFound || body != missing {
			t.Errorf("b1 GET %s: %d", path, code)
		}
	}
	if code, body := post(b1, evPath+"/register", nil); code != http.StatusNotFound || body != missing {
		t.Errorf("b1 registers: %d", code)
	}

	// The two sign-ins stay apart: a staff session is no portal session,
	// and a portal session opens no staff page.
	if res, _ := w.staffC.Get(base + "/portal"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/portal/login") {
		t.Errorf("staff on /portal: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := a1.Get(base + "/accounts"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("a portal contact on /accounts: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := a1.Get(base + "/api/v1/accounts"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a portal contact on the API: %d", res.StatusCode)
	}

	// Sign in again with the password.
	jar, _ := cookiejar.New(nil)
	again := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if res, err := again.PostForm(base+"/portal/login", url.Values{"email": {"B1@ebert.example"}, "password": {"wrong password!"}}); err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a wrong password: %v %d", err, res.StatusCode)
	}
	if res, err := again.PostForm(base+"/portal/login", url.Values{"email": {"B1@ebert.example"}, "password": {"b1's long password"}, "next": {"//evil.example"}}); err != nil ||
		res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/portal" {
		t.Errorf("sign in: %v %d to %q", err, res.StatusCode, res.Header.Get("Location"))
	}

	// Access follows the tier: Ebert's big order puts it in A and Hostile
	// out of it, at the next request after the figures move.
	if _, err := w.f.st.CreateOrder(op, crm.Order{AccountID: w.b, ExternalID: "BIG-1", OrderedAt: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), Amount: 10_000_000_00}); err != nil {
		t.Fatal(err)
	}
	settled(t, w.staffC, base)
	if code, body := w.get(t, a1, "/portal/spaces/"+sp); code != http.StatusNotFound || body != missing {
		t.Errorf("a1 after leaving tier A: %d", code)
	}
	if code, _ := w.get(t, b1, "/portal/spaces/"+sp); code != http.StatusOK {
		t.Errorf("b1 after joining tier A: %d", code)
	}
	// Staff see who lost their space.
	if _, body := get(t, w.staffC, base+"/spaces"); !strings.Contains(body, `id="shut-out"`) || !strings.Contains(body, "a1@hostile.example") ||
		strings.Contains(body, "b1@ebert.example") {
		t.Errorf("the shut-out list: %s", mainOf(body))
	}
	if code, body := get(t, w.staffC, base+"/spaces/shut-out.csv"); code != http.StatusOK || !strings.Contains(body, "account_id,account,tier_now,contact_id,name,email\n") ||
		!strings.Contains(body, ",a1@hostile.example\n") || strings.Contains(body, "b1@ebert.example") {
		t.Errorf("the shut-out list as CSV: %d %s", code, body)
	}

	// A contact who leaves is signed out at the next request.
	if _, err := w.f.st.UpdateContact(op, w.b1.ID, func(c *crm.Contact) error { c.Status = "left"; return nil }); err != nil {
		t.Fatal(err)
	}
	if res, _ := b1.Get(base + "/portal"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/portal/login") {
		t.Errorf("a contact who left: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// TestInviteFromAccount360: staff invite a contact from Account 360.
// Without a mail server the page shows the link to pass on, and it works;
// with one, the mail reaches the contact through the outbox and its link
// works.
func TestInviteFromAccount360(t *testing.T) {
	w := newPortalWorld(t, testkit.SQLite(t))
	staff := w.staffC
	contact := strconv.FormatInt(w.a1.ID, 10)
	res, err := staff.PostForm(w.f.ts.URL+"/contacts/"+contact+"/invite", url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	link := regexp.MustCompile(`<code class="invite-link">(http://[^<]+/portal/invite/vfi_[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(string(b))
	if res.StatusCode != http.StatusOK || link == nil {
		t.Fatalf("invite without a mail server: %d %s", res.StatusCode, mainOf(string(b)))
	}
	a1 := w.accept(t, strings.TrimPrefix(link[1], w.f.ts.URL+"/portal/invite/"), "a1's long password")
	// a1 reads the portal in German (the switch of a portal page): their
	// mail comes in German, whoever posts.
	_, home := w.get(t, a1, "/portal")
	if !strings.Contains(home, `<form class="lang" method="post" action="/portal/lang"`) {
		t.Fatalf("the portal's language switch: %s", home)
	}
	if res, err := a1.PostForm(w.f.ts.URL+"/portal/lang", url.Values{"lang": {"de"}, "next": {"/portal"}}); err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a1 switches to German: %v", err)
	}

	// With a mail server: a server of its own on the same database.
	in := testkit.StartInbox(t, "127.0.0.1:0")
	sender, err := mail.Parse("smtp://crm:s3cret@" + in.Addr + "?from=crm@vitalfew.example")
	if err != nil {
		t.Fatal(err)
	}
	wake := make(chan struct{}, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go mail.Run(ctx, w.f.st, sender, time.Hour, wake, w.f.srv.log)
	srv, err := New(Config{Store: w.f.st, MailWake: wake, BaseURL: "https://crm.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if res, err := c.PostForm(ts.URL+"/login", url.Values{"email": {"staff@example.com"}, "password": {password}}); err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %v", err)
	}
	res, err = c.PostForm(ts.URL+"/contacts/"+strconv.FormatInt(w.b1.ID, 10)+"/invite", url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "is on its way to b1@ebert.example") || strings.Contains(string(b), "invite-link") {
		t.Fatalf("invite with a mail server: %d %s", res.StatusCode, mainOf(string(b)))
	}
	var msgs []testkit.Received
	for deadline := time.Now().Add(10 * time.Second); len(msgs) == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		msgs = in.Messages()
	}
	if len(msgs) != 1 || msgs[0].To[0] != "b1@ebert.example" {
		t.Fatalf("mail: %+v", msgs)
	}
	m := regexp.MustCompile(`https://crm\.example\.com/portal/invite/(vfi_[A-Za-z0-9_=\r\n-]+)`).FindStringSubmatch(msgs[0].Data)
	if m == nil {
		t.Fatalf("no link in the mail: %s", msgs[0].Data)
	}
	token := strings.NewReplacer("=\r\n", "", "\r", "", "\n", "").Replace(m[1]) // quoted-printable soft breaks
	w.accept(t, token, "b1's long password")

	// A new thread in the tier-A space mails a1 (a portal user there), not
	// b1 (tier C); a1 unsubscribes by the mail's link and gets no more.
	sp := strconv.FormatInt(w.space, 10)
	res, err = c.PostForm(ts.URL+"/spaces/"+sp+"/threads", url.Values{"title": {"Firmware 2.2"}, "body": {"Out now."}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("staff thread: %v %v", err, res.Status)
	}
	res.Body.Close()
	var post []testkit.Received
	for deadline := time.Now().Add(10 * time.Second); len(post) == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		post = in.Messages()[1:]
	}
	if len(post) != 1 || post[0].To[0] != "a1@hostile.example" {
		t.Fatalf("post mail: %+v", post)
	}
	body := strings.ReplaceAll(post[0].Data, "=\r\n", "")
	if !strings.Contains(body, "Neu in ") || !strings.Contains(body, "Guten Tag") {
		t.Errorf("a1's mail is not in German, the language they chose: %s", body)
	}
	unsub := regexp.MustCompile(`https://crm\.example\.com(/portal/unsubscribe/[A-Za-z0-9_-]+)`).FindStringSubmatch(body)
	if unsub == nil || !strings.Contains(body, "/portal/spaces/"+sp+"/threads/") {
		t.Fatalf("the post mail: %s", body)
	}
	anon := &http.Client{}
	if res, err := anon.Get(ts.URL + unsub[1]); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("unsubscribe page: %v", err)
	}
	res, err = anon.PostForm(ts.URL+unsub[1], url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "you get no more mail") {
		t.Fatalf("unsubscribe: %d %s", res.StatusCode, mainOf(string(b)))
	}
	res, err = c.PostForm(ts.URL+"/spaces/"+sp+"/threads", url.Values{"title": {"Firmware 2.3"}, "body": {"Out now too."}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	// Whatever the thread queued is sent once the outbox is empty.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if waiting, _, err := w.f.st.OutboxWaiting(context.Background()); err != nil || waiting == 0 {
			break
		}
	}
	if n := len(in.Messages()); n != 2 {
		t.Errorf("%d mails after unsubscribing, want 2", n)
	}
}

func TestStaffSpaces(t *testing.T) { onDatabases(t, testStaffSpaces) }

// testStaffSpaces: staff create a space, add a page and start a thread in
// the web app; a viewer reads them; "invite a tier" without a mail server
// gives a CSV of links for the tier-A contacts only, and each link works.
func testStaffSpaces(t *testing.T, dsn string) {
	w := newPortalWorld(t, dsn)
	base := w.f.ts.URL
	post := func(c *http.Client, path string, v url.Values) *http.Response {
		res, err := c.PostForm(base+path, v)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := post(w.staffC, "/spaces", url.Values{"name": {"Pump users"}, "grants": {"tier:A\naccount:" + strconv.FormatInt(w.b, 10)}, "level": {"create"}})
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/spaces/\d+$`).MatchString(loc) {
		t.Fatalf("create a space: %d to %q", res.StatusCode, loc)
	}
	res = post(w.staffC, "/spaces", url.Values{"name": {"Bad"}, "grants": {"tier:Z"}, "level": {"see"}})
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad grant: %d", res.StatusCode)
	}
	res = post(w.staffC, loc+"/pages", url.Values{"title": {"Spare parts"}, "body": {"Order **BR-100** by noon."}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add a page: %d", res.StatusCode)
	}
	pageLoc := res.Header.Get("Location")
	res = post(w.staffC, loc+"/threads", url.Values{"title": {"Welcome"}, "body": {"Ask us anything."}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start a thread: %d", res.StatusCode)
	}
	res = post(w.staffC, pageLoc, url.Values{"title": {"Spare parts"}, "body": {"Order **BR-100** by noon.\nShips the same day."}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit the page: %d", res.StatusCode)
	}
	viewer := w.f.client(t, crm.RoleViewer)
	if code, body := get(t, viewer, base+pageLoc+"/revisions"); code != http.StatusOK || !strings.Contains(body, `<span class="d2">+ Ships the same day.</span>`) ||
		!strings.Contains(body, "staff@example.com") {
		t.Errorf("the page's history: %d %s", code, mainOf(body))
	}
	if code, body := get(t, viewer, base+"/spaces"); code != http.StatusOK || !strings.Contains(body, "Pump users") || !strings.Contains(body, "tier A") {
		t.Errorf("the spaces page: %d %s", code, mainOf(body))
	}
	// The list filters by name and exports what it shows as CSV.
	for _, c := range []struct {
		q          string
		pump, rest bool
	}{{"", true, true}, {"PUMP", true, false}, {"nothing like it", false, false}} {
		code, body := get(t, viewer, base+"/spaces?q="+url.QueryEscape(c.q))
		if code != http.StatusOK || strings.Contains(body, ">Pump users</a>") != c.pump || strings.Contains(body, ">Key accounts</a>") != c.rest {
			t.Errorf("the spaces named %q: %d %s", c.q, code, mainOf(body))
		}
		code, body = get(t, viewer, base+"/spaces.csv?q="+url.QueryEscape(c.q))
		if code != http.StatusOK || !strings.HasPrefix(body, "id,name,created_at,open_to\n") || strings.Contains(body, ",Pump users,") != c.pump ||
			(c.pump && !strings.Contains(body, "account:"+strconv.FormatInt(w.b, 10)+" create; tier:A create")) {
			t.Errorf("the spaces named %q as CSV: %d %s", c.q, code, body)
		}
	}
	if code, body := get(t, viewer, base+pageLoc); code != http.StatusOK || !strings.Contains(body, "<strong>BR-100</strong>") {
		t.Errorf("the page: %d", code)
	}
	if code, body := get(t, viewer, base+loc); code != http.StatusOK || !strings.Contains(body, "Welcome") || strings.Contains(body, `action="`+loc+`/threads"`) {
		t.Errorf("the space as a viewer: %d", code)
	}

	// b1's account was granted by id: b1 sees the space; a1 by the tier.
	res = post(w.staffC, "/spaces/invitations", url.Values{"tier": {"A"}})
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil || res.StatusCode != http.StatusOK || len(rows) != 2 || rows[1][2] != "a1@hostile.example" {
		t.Fatalf("invite tier A: %d %v %q", res.StatusCode, err, b)
	}
	a1 := w.accept(t, strings.TrimPrefix(rows[1][3], base+"/portal/invite/"), "a1's long password")
	if code, body := w.get(t, a1, "/portal"); code != http.StatusOK || !strings.Contains(body, "Pump users") {
		t.Errorf("a1's portal: %d", code)
	}
	// Invited once: a second round leaves out who is a portal user now.
	res = post(w.staffC, "/spaces/invitations", url.Values{"tier": {"A"}})
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if rows, _ := csv.NewReader(strings.NewReader(string(b))).ReadAll(); len(rows) != 1 {
		t.Errorf("the second round invites again: %q", b)
	}
}

func TestPortalIDOR(t *testing.T) { onDatabases(t, testPortalIDOR) }

// testPortalIDOR walks every portal route of the routes table with the
// ids of another account's things in its path (and mixed with the
// contact's own space): each answers the missing page, byte for byte,
// never 200, 403 or 500. Extra form fields naming another account or
// contact change nothing of theirs (mass assignment).
func testPortalIDOR(t *testing.T, dsn string) {
	w := newPortalWorld(t, dsn)
	op := crm.WithActor(context.Background(), crm.Operator)
	// B's own space, with a page, a thread and an event.
	bSpace, err := w.f.st.CreateSpace(op, "Ebert only", []crm.Grant{{Kind: "account", Value: strconv.FormatInt(w.b, 10), Level: crm.LevelModerate}})
	if err != nil {
		t.Fatal(err)
	}
	bPage, err := w.f.st.AddSpacePage(op, bSpace.ID, "Ebert prices", "secret")
	if err != nil {
		t.Fatal(err)
	}
	bThread, err := w.f.st.CreateThread(op, bSpace.ID, "Ebert claim", "secret")
	if err != nil {
		t.Fatal(err)
	}
	bEvent, err := w.f.st.CreateEvent(op, crm.Event{SpaceID: bSpace.ID, Title: "Ebert call", Kind: crm.EventVideoChat, StartsAt: time.Now().Add(time.Hour), Minutes: 30})
	if err != nil {
		t.Fatal(err)
	}
	bFile, err := w.f.st.AddSpaceFile(op, bSpace.ID, "ebert.pdf", []byte("%PDF-1.4\nsecret"))
	if err != nil {
		t.Fatal(err)
	}
	bProduct := lineFor(t, w.f.st, w.b, "EB-SECRET", "Ebert special", 1)
	if err := w.f.st.ShowProducts(op, bSpace.ID, []string{"EB-SECRET"}); err != nil {
		t.Fatal(err)
	}
	a1 := w.accept(t, w.tokA, "a1's long password")
	_, missing := w.get(t, a1, "/portal/spaces/99999999")
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	fills := []map[string]string{
		{"{id}": id(bSpace.ID), "{page_id}": id(bPage.ID), "{thread_id}": id(bThread.ID), "{event_id}": id(bEvent.ID), "{file_id}": id(bFile.ID), "{name}": "ebert.pdf", "{product_id}": id(bProduct)}, // B's space, B's things
		{"{id}": id(w.space), "{page_id}": id(bPage.ID), "{thread_id}": id(bThread.ID), "{event_id}": id(bEvent.ID), "{file_id}": id(bFile.ID), "{name}": "ebert.pdf", "{product_id}": id(bProduct)},   // a1's space, B's things
	}
	walked := 0
	for _, rt := range w.f.srv.routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if !strings.HasPrefix(path, "/portal/") || !strings.Contains(path, "{") || strings.Contains(path, "{token}") {
			continue
		}
		for i, fill := range fills {
			if i == 1 && !strings.Contains(strings.Replace(path, "{id}", "", 1), "{") {
				continue // a1's own space alone is a1's
			}
			p := path
			if strings.HasPrefix(path, "/portal/orders/") {
				p = strings.ReplaceAll(p, "{id}", id(w.ordB))
			}
			for k, v := range fill {
				p = strings.ReplaceAll(p, k, v)
			}
			var res *http.Response
			if method == http.MethodGet {
				res, err = a1.Get(w.f.ts.URL + p)
			} else {
				res, err = a1.PostForm(w.f.ts.URL+p, url.Values{"title": {"x"}, "body": {"x"}, "notify": {"1"}})
			}
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusNotFound || string(b) != missing {
				t.Errorf("%s %s as a1: %d, not the missing page", method, p, res.StatusCode)
			}
			walked++
		}
	}
	if walked < 16 {
		t.Fatalf("walked %d portal routes with ids; the routes table has more", walked)
	}

	// Mass assignment: fields that name B's account, b1 or a level are
	// not read; a1's reply is a1's, on A's timeline.
	th, err := w.f.st.CreateThread(op, w.space, "Open thread", "Hello")
	if err != nil {
		t.Fatal(err)
	}
	res, err := a1.PostForm(w.f.ts.URL+"/portal/spaces/"+id(w.space)+"/threads/"+id(th.ID)+"/replies", url.Values{"body": {"mine"},
		"account_id": {id(w.b)}, "contact_id": {id(w.b1.ID)}, "author": {"b1@ebert.example"}, "level": {"moderate"}, "space_id": {id(bSpace.ID)}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d", res.StatusCode)
	}
	_, posts, err := w.f.st.Thread(op, w.space, th.ID)
	if err != nil || len(posts) != 2 || posts[1].Author != "a1@hostile.example" {
		t.Errorf("the reply: %+v %v", posts, err)
	}
	tps, _, err := w.f.st.ListTouchpoints(op, store.TouchpointQuery{AccountID: w.b, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range tps {
		if tp.Source == "portal" {
			t.Errorf("a1's reply landed on B's timeline: %+v", tp)
		}
	}
}
