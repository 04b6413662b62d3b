package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// webFixture: one account C1 with the contact buyer@firm1.example, and the
// active activity "Spring webinar" with the code SPRING24.
func webFixture(t *testing.T, st *store.Store) (act, contact, account int64) {
	t.Helper()
	op := crm.WithActor(context.Background(), crm.Operator)
	if _, err := st.ImportAccounts(op, []crm.AccountRecord{{Line: 2, Account: crm.Account{ExternalID: "C1", Name: "Firm 1 GmbH",
		Owner: "ben@example.com", Status: crm.AccountActive}}}, crm.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportContacts(op, []crm.ContactRecord{{Line: 2, Account: crm.AccountRef{ExternalID: "C1"}, Contact: crm.Contact{Name: "Buyer",
		Status: crm.ContactActive, Identities: []crm.Identity{{Kind: crm.IdentityEmail, Value: "buyer@firm1.example"}}}}}, crm.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportActivities(op, []crm.ActivityRecord{active(activity(2, "Spring webinar", "webinar", 100_000, "2026-03-01", "SPRING24", true))},
		crm.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	acts, err := st.Activities(op)
	if err != nil || len(acts) != 1 {
		t.Fatalf("%+v %v", acts, err)
	}
	contacts, _, err := st.ListContacts(op, store.ContactQuery{})
	if err != nil || len(contacts) != 1 {
		t.Fatalf("%+v %v", contacts, err)
	}
	return acts[0].ID, contacts[0].ID, contacts[0].AccountID
}

// TestWebHits: visits, visitors, pages, referrers, campaigns, abandoned
// forms and inquiries of hits, worked out by hand; a visit's activity by
// its landing code, its account by a link token or a sent form's e-mail,
// and the forward touch that makes; the salt of a day gone the next.
func TestWebHits(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		act, contact, c1 := webFixture(t, st)
		if err := st.SetSetting(op, "goal_pages", " /thanks, /danke "); err != nil {
			t.Fatal(err)
		}
		tok, err := st.ContactLinkToken(op, contact)
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
		v1 := crm.WebHit{Site: "www.firm.example", IP: "192.0.2.1", UserAgent: "Mozilla/5.0 A"}
		v2 := crm.WebHit{Site: "www.firm.example", IP: "192.0.2.2", UserAgent: "Mozilla/5.0 B"}
		v3 := crm.WebHit{Site: "www.firm.example", IP: "192.0.2.3", UserAgent: "Mozilla/5.0 C"}
		hit := func(h crm.WebHit, min int, event, path string, f func(*crm.WebHit)) crm.WebHit {
			h.At, h.Event, h.Path = at(min), event, path
			if f != nil {
				f(&h)
			}
			return h
		}
		hits := []crm.WebHit{
			// Visit 1: lands from a newsletter with the campaign in other
			// case, reads pricing, sends the form with the buyer's e-mail,
			// sees the goal page.
			hit(v1, 0, crm.HitPageview, "/", func(h *crm.WebHit) { h.Referrer, h.UTMCampaign, h.UTMSource = "news.example", "spring24", "newsletter" }),
			hit(v1, 1, crm.HitPageview, "/pricing", nil),
			hit(v1, 2, crm.HitFormStart, "/pricing", nil),
			hit(v1, 3, crm.HitFormSent, "/pricing", func(h *crm.WebHit) { h.Email = " Buyer@Firm1.example" }),
			hit(v1, 3, crm.HitPageview, "/thanks", nil),
			// Visit 2: the same visitor two hours later, one page.
			hit(v1, 120, crm.HitPageview, "/", nil),
			// Visit 3: lands by vf=, begins the form and leaves it.
			hit(v2, 5, crm.HitPageview, "/pricing", func(h *crm.WebHit) { h.Code = "SPRING24" }),
			hit(v2, 6, crm.HitFormStart, "/pricing", nil),
			// Visit 4: the contact's e-mail link (vf_c=), one page.
			hit(v3, 7, crm.HitPageview, "/", func(h *crm.WebHit) { h.Contact = tok }),
		}
		for _, h := range hits {
			if err := st.LogHit(context.Background(), h); err != nil {
				t.Fatal(err)
			}
		}
		ws, err := st.WebStats(op, crm.WebQuery{})
		if err != nil {
			t.Fatal(err)
		}
		want := []crm.WebVisit{
			{ActivityID: act, AccountID: c1, Pageviews: 3, FormStart: true, FormSent: true, Goal: true},
			{Pageviews: 1},
			{ActivityID: act, Pageviews: 1, FormStart: true},
			{AccountID: c1, Pageviews: 1},
		}
		if len(ws.Visits) != len(want) {
			t.Fatalf("visits %+v, want %+v", ws.Visits, want)
		}
		for i, v := range ws.Visits {
			if v.Visitor == "" || len(v.Visitor) != 32 {
				t.Errorf("visit %d: visitor %q, want a 16-byte hash in hex", i, v.Visitor)
			}
			v.Visitor = ""
			if v != want[i] {
				t.Errorf("visit %d: %+v, want %+v", i, v, want[i])
			}
		}
		if ws.Visits[0].Visitor != ws.Visits[1].Visitor || ws.Visits[0].Visitor == ws.Visits[2].Visitor {
			t.Errorf("visitors: visits 1 and 2 are one visitor's, 3 another's: %+v", ws.Visits)
		}
		wantPages := []crm.WebCount{{Value: "/", Visitors: 2, Pageviews: 3}, {Value: "/pricing", Visitors: 2, Pageviews: 2}, {Value: "/thanks", Visitors: 1, Pageviews: 1}}
		if fmt.Sprint(ws.Pages) != fmt.Sprint(wantPages) {
			t.Errorf("pages %+v, want %+v", ws.Pages, wantPages)
		}
		if want := []crm.WebCount{{Value: "news.example", Visitors: 1, Pageviews: 1}}; fmt.Sprint(ws.Referrers) != fmt.Sprint(want) {
			t.Errorf("referrers %+v, want %+v", ws.Referrers, want)
		}
		if want := []crm.WebCount{{Value: "spring24", Visitors: 1, Pageviews: 1}}; fmt.Sprint(ws.Campaigns) != fmt.Sprint(want) {
			t.Errorf("campaigns %+v, want %+v", ws.Campaigns, want)
		}
		// One activity's visits only.
		if ws, err := st.WebStats(op, crm.WebQuery{ActivityID: act}); err != nil || len(ws.Visits) != 2 {
			t.Errorf("activity's visits: %+v %v", ws.Visits, err)
		}
		// A day without hits.
		if ws, err := st.WebStats(op, crm.WebQuery{Since: day("2026-03-03")}); err != nil || len(ws.Visits) != 0 || len(ws.Pages) != 0 {
			t.Errorf("since the next day: %+v %v", ws, err)
		}
		// Visit 1 came by the webinar's code and counts as C1's by the
		// e-mail typed into its form — but anyone can type an address:
		// no touch is written for it.
		touches, err := st.ActivityTouches(op)
		if err != nil || len(touches) != 0 {
			t.Errorf("touches %+v %v; want none from an e-mail typed into a form", touches, err)
		}
		// A visit by the contact's signed link and the code: C1's forward
		// touch of the webinar.
		v4 := crm.WebHit{Site: "www.firm.example", IP: "192.0.2.4", UserAgent: "Mozilla/5.0 D"}
		if err := st.LogHit(context.Background(), hit(v4, 9, crm.HitPageview, "/", func(h *crm.WebHit) { h.Contact, h.Code = tok, "spring24" })); err != nil {
			t.Fatal(err)
		}
		if _, err := st.WebStats(op, crm.WebQuery{Since: day("2026-03-03")}); err != nil { // writes the queue
			t.Fatal(err)
		}
		touches, err = st.ActivityTouches(op)
		if err != nil || len(touches) != 1 || touches[0].AccountID != c1 || touches[0].ActivityID != act || touches[0].Method != crm.TouchForward ||
			!touches[0].Date.Equal(day("2026-03-02")) {
			t.Errorf("touches %+v %v; want C1's forward touch of the webinar on 2026-03-02", touches, err)
		}

		// The next day the visitor has another hash, and the first day's
		// salt is gone.
		next := hit(v1, 24*60, crm.HitPageview, "/", nil)
		if err := st.LogHit(context.Background(), next); err != nil {
			t.Fatal(err)
		}
		ws, err = st.WebStats(op, crm.WebQuery{})
		if err != nil || len(ws.Visits) != 6 { // the four, the signed link's, the next day's
			t.Fatalf("%+v %v", ws.Visits, err)
		}
		if ws.Visits[5].Visitor == ws.Visits[0].Visitor {
			t.Errorf("the same visitor has the same hash on the next day")
		}
		if p := st.Path(); p != "" {
			db, err := sql.Open("sqlite", p)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var names []string
			rows, err := db.Query(`SELECT name FROM web_keys ORDER BY name`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var n string
				rows.Scan(&n)
				names = append(names, n)
			}
			rows.Close()
			if fmt.Sprint(names) != "[contact-link salt:2026-03-03]" {
				t.Errorf("web keys %v, want the link key and the salt of 2026-03-03 only", names)
			}
		}

		// Scopes: a user who owns no account sees the visits, tied to no
		// account; a portal contact sees nothing; a contact out of scope
		// has no link token.
		nobody := crm.WithActor(context.Background(), crm.ActorOf(crm.User{ID: 43, Email: "nobody@example.com", Role: crm.RoleViewer, OwnAccountsOnly: true}))
		ws, err = st.WebStats(nobody, crm.WebQuery{})
		if err != nil || len(ws.Visits) != 6 {
			t.Fatalf("%+v %v", ws, err)
		}
		for _, v := range ws.Visits {
			if v.AccountID != 0 {
				t.Errorf("a visit tied to an account out of scope shows it: %+v", v)
			}
		}
		if _, err := st.ContactLinkToken(nobody, contact); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("link token of a contact out of scope: %v, want not found", err)
		}
		portal := crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{Email: "buyer@firm1.example", AccountID: c1, ContactID: contact}, ""))
		if _, err := st.WebStats(portal, crm.WebQuery{}); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a portal contact reads web stats: %v", err)
		}

		// A bad event or path is refused; a forged token ties nothing.
		if err := st.LogHit(context.Background(), crm.WebHit{Event: "click", Path: "/"}); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("event click: %v", err)
		}
		if err := st.LogHit(context.Background(), crm.WebHit{Event: crm.HitPageview, Path: "pricing"}); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("path without /: %v", err)
		}
		forged := hit(v2, 24*60+5, crm.HitPageview, "/", func(h *crm.WebHit) { h.Contact = fmt.Sprintf("%d.AAAAAAAAAAAAAAAA", contact) })
		if err := st.LogHit(context.Background(), forged); err != nil {
			t.Fatal(err)
		}
		if ws, err := st.WebStats(op, crm.WebQuery{Since: day("2026-03-03")}); err != nil || len(ws.Visits) != 2 || ws.Visits[1].AccountID != 0 {
			t.Errorf("forged token: %+v %v", ws.Visits, err)
		}
	})
}

// TestWebHitsConcurrent: hits sent at once from many goroutines are all
// written, each once.
func TestWebHitsConcurrent(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		const senders, each = 40, 100
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		errs := make(chan error, senders*each)
		for g := range senders {
			wg.Go(func() {
				for i := range each {
					errs <- st.LogHit(context.Background(), crm.WebHit{At: at.Add(time.Duration(i) * time.Second), Site: "firm.example",
						IP: fmt.Sprintf("198.51.100.%d", g), UserAgent: "UA", Event: crm.HitPageview, Path: fmt.Sprintf("/p/%d", i)})
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		op := crm.WithActor(context.Background(), crm.Operator)
		ws, err := st.WebStats(op, crm.WebQuery{})
		if err != nil {
			t.Fatal(err)
		}
		pageviews := 0
		for _, v := range ws.Visits {
			pageviews += v.Pageviews
		}
		// Each sender is one visitor with one visit (its hits a second
		// apart) of 100 pages.
		if pageviews != senders*each || len(ws.Visits) != senders {
			t.Errorf("%d pageviews in %d visits, want %d in %d", pageviews, len(ws.Visits), senders*each, senders)
		}
	})
}

// TestWebHitsHostileBytes: a hit whose parts carry a NUL, invalid UTF-8
// or control characters (URL-decoded from anyone's request) is written
// cleaned, and the hits after it are written too: one bad hit does not
// stop the writer (PostgreSQL refuses a NUL in text).
func TestWebHitsHostileBytes(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		bad := crm.WebHit{At: at, Site: "firm.example", IP: "198.51.100.7", UserAgent: "UA\x00", Event: crm.HitPageview, Path: "/a\x00b",
			Referrer: "https://x.example/\xff\xfe", UTMSource: "\x00news", UTMCampaign: "spring\x01\x00", Email: "a\x00@b.example", HeardAbout: "\xc3"}
		if err := st.LogHit(context.Background(), bad); err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if err := st.LogHit(context.Background(), crm.WebHit{At: at.Add(time.Duration(i+1) * time.Second), Site: "firm.example", IP: "198.51.100.8",
				UserAgent: "UA", Event: crm.HitPageview, Path: "/ok"}); err != nil {
				t.Fatal(err)
			}
		}
		ws, err := st.WebStats(crm.WithActor(context.Background(), crm.Operator), crm.WebQuery{})
		if err != nil {
			t.Fatal(err)
		}
		pages := map[string]int{}
		for _, p := range ws.Pages {
			pages[p.Value] += p.Pageviews
		}
		if pages["/a b"] != 1 || pages["/ok"] != 3 {
			t.Errorf("pages %v, want /a b once (cleaned) and /ok three times", pages)
		}
	})
}

// TestWebHitsLandingPath: a tracking code that begins with / is a landing
// page: a visit that starts on it (whatever the case) is the activity's; a
// visit that reaches it later is not.
func TestWebHitsLandingPath(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		webFixture(t, st)
		if _, err := st.ImportActivities(op, []crm.ActivityRecord{active(activity(2, "Fair", "event", 50_000, "2026-03-01", "/fair-2026", true))}, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		var fair int64
		acts, _ := st.Activities(op)
		for _, a := range acts {
			if a.Name == "Fair" {
				fair = a.ID
			}
		}
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		for _, h := range []crm.WebHit{
			{At: at, IP: "192.0.2.1", Path: "/Fair-2026"},
			{At: at, IP: "192.0.2.2", Path: "/"}, {At: at.Add(time.Minute), IP: "192.0.2.2", Path: "/fair-2026"},
		} {
			h.Site, h.UserAgent, h.Event = "firm.example", "UA", crm.HitPageview
			if err := st.LogHit(context.Background(), h); err != nil {
				t.Fatal(err)
			}
		}
		ws, err := st.WebStats(op, crm.WebQuery{ActivityID: fair})
		if err != nil || len(ws.Visits) != 1 || ws.Visits[0].Pageviews != 1 {
			t.Errorf("the fair's visits: %+v %v; want the one that landed on its page", ws.Visits, err)
		}
	})
}

// BenchmarkLogHit: hits a second the store takes and writes, from many
// senders at once (docs/benchmarks.md).
func BenchmarkLogHit(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			var dsn string
			if name == "sqlite" {
				dsn = b.TempDir() + "/bench.db"
			} else {
				dsn = MustPostgres(b)
			}
			st := MustOpen(b, dsn)
			var n sync.Mutex
			i := 0
			b.SetParallelism(16)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				n.Lock()
				g := i
				i++
				n.Unlock()
				k := 0
				for pb.Next() {
					k++
					if err := st.LogHit(context.Background(), crm.WebHit{Site: "firm.example", IP: fmt.Sprintf("203.0.113.%d", g), UserAgent: "UA",
						Event: crm.HitPageview, Path: fmt.Sprintf("/p/%d", k%500), Referrer: "news.example"}); err != nil {
						b.Fatal(err)
					}
				}
			})
			op := crm.WithActor(context.Background(), crm.Operator)
			ws, err := st.WebStats(op, crm.WebQuery{}) // writes what is queued
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

// TestContactLinkTokens: the tokens of many contacts at once are the
// single ones, only of the contacts in the actor's scope.
func TestContactLinkTokens(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		_, contact, _ := webFixture(t, st) // C1 is Ben's
		one, err := st.ContactLinkToken(op, contact)
		if err != nil {
			t.Fatal(err)
		}
		many, err := st.ContactLinkTokens(op, []int64{contact, 99999})
		if err != nil || len(many) != 1 || many[contact] != one {
			t.Errorf("tokens %v %v, want {%d: %s}", many, err, contact, one)
		}
		anna := crm.WithActor(context.Background(), crm.ActorOf(crm.User{ID: 42, Email: "anna@example.com", Role: crm.RoleStaff, OwnAccountsOnly: true}))
		if got, err := st.ContactLinkTokens(anna, []int64{contact}); err != nil || len(got) != 0 {
			t.Errorf("out of scope: %v %v", got, err)
		}
	})
}

// TestWebFormHeardAbout: a form sent with an answer to "how did you hear
// about us?" in a visit by a contact's signed link gives the account its
// answer (once: a later one does not replace it), and a mapped answer its
// pos touch; a form with only a customer's e-mail typed in (anyone can
// type it) writes nothing to the account.
func TestWebFormHeardAbout(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		act, contact, c1 := webFixture(t, st)
		if _, err := st.MapHeardAbout(op, "the webinar", act); err != nil {
			t.Fatal(err)
		}
		tok, err := st.ContactLinkToken(op, contact)
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		// A stranger types the buyer's e-mail: nothing written.
		if err := st.LogHit(context.Background(), crm.WebHit{At: at, Site: "firm.example", IP: "203.0.113.5", UserAgent: "UA",
			Event: crm.HitFormSent, Path: "/contact", Email: "buyer@firm1.example", HeardAbout: "a colleague"}); err != nil {
			t.Fatal(err)
		}
		for i, heard := range []string{"The Webinar!", "a colleague"} {
			if err := st.LogHit(context.Background(), crm.WebHit{At: at.Add(time.Duration(i+1) * time.Hour), Site: "firm.example", IP: "192.0.2.9",
				UserAgent: "UA", Event: crm.HitFormSent, Path: "/contact", Contact: tok, HeardAbout: heard}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.WebStats(op, crm.WebQuery{}); err != nil { // writes the queue
			t.Fatal(err)
		}
		a, err := st.Account(op, c1)
		if err != nil || a.HeardAbout != "The Webinar!" {
			t.Errorf("account's answer %q %v", a.HeardAbout, err)
		}
		touches, err := st.ActivityTouches(op)
		if err != nil || len(touches) != 1 || touches[0].Method != crm.TouchPOS || touches[0].ActivityID != act || touches[0].RecordedBy != "web" {
			t.Errorf("touches %+v %v", touches, err)
		}
	})
}
