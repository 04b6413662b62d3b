package store_test

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The scoped-read tests. Every exported read method of *store.Store is run
// as the operator (every account) and as actors who may see less — a
// portal contact of one account, a staff user restricted to the accounts
// they own, an actor without a scope — and the scoped result must be the
// unscoped one filtered by account with crm.Scope.Allows: nothing of
// another account, totals and counts as if the hidden rows did not exist,
// a hidden record not found exactly like a missing one. A method that is
// neither tested here nor on the commented list of methods that read no
// customer data fails TestEveryStoreMethodIsScoped.

// scopeFixture is a database of six accounts with contacts, orders and
// their lines, touchpoints and mentions (matched to an account, and not),
// some of them in the care queue; and what the operator reads of it.
type scopeFixture struct {
	st    *store.Store
	empty *store.Store // a database with nothing in it, of the same kind
	ids   map[string]int64
	owner map[int64]string // owner column by account id
	// The account of each contact, order, touchpoint and mention, as
	// the operator reads them (0: a mention matched to no account).
	contactAccount, orderAccount, touchpointAccount, mentionAccount map[int64]int64
}

// owners of the accounts K1…K6. The restricted user below is
// anna@example.com, "Anna Becker", with the owner name "änna becker": she
// owns K1 (her name), K3 (her name in capitals) and K6 (her email, letters
// A–Z without case); not K5, whose Ä is not folded (crm.OwnerKey), nor K2
// and K4.
var scopeOwners = []string{"Anna Becker", "ben@example.com", "ANNA BECKER", "", "Änna Becker", "anna@EXAMPLE.com"}

// ownUser is the staff user restricted to the accounts she owns.
var ownUser = crm.User{ID: 42, Email: "anna@example.com", Name: "Anna Becker", Role: crm.RoleStaff, OwnAccountsOnly: true, OwnerName: "änna becker"}

func newScopeFixture(t *testing.T, st, empty *store.Store) *scopeFixture {
	t.Helper()
	op := crm.WithActor(context.Background(), crm.Operator)
	fx := &scopeFixture{st: st, empty: empty, ids: map[string]int64{}, owner: map[int64]string{}}
	var accounts []crm.AccountRecord
	var contacts []crm.ContactRecord
	var orders []crm.OrderRecord
	var lines []crm.OrderLineRecord
	var touchpoints []crm.TouchpointRecord
	var mentions []crm.MentionRecord
	var shipments []crm.ShipmentRecord
	line := 1
	next := func() int { line++; return line }
	for i, owner := range scopeOwners {
		k := fmt.Sprintf("K%d", i+1)
		domain := fmt.Sprintf("firm%d.example", i+1)
		ref := crm.AccountRef{ExternalID: k}
		a := crm.AccountRecord{Line: next(), Account: crm.Account{ExternalID: k, Name: fmt.Sprintf("Firm %d GmbH", i+1), Domain: domain,
			Segment: []string{"industry", "trade"}[i%2], Owner: owner, Status: crm.AccountActive}}
		if i > 0 {
			a.ReferredBy = crm.AccountRef{ExternalID: "K1"}
		}
		accounts = append(accounts, a)
		buyer, tech := "buyer@"+domain, "tech@"+domain
		contacts = append(contacts,
			crm.ContactRecord{Line: next(), Account: ref, Contact: crm.Contact{Name: "Buyer " + k, Title: "Einkauf", Status: crm.ContactActive,
				LastVerifiedAt: day("2023-01-15"), Identities: []crm.Identity{{Kind: crm.IdentityEmail, Value: buyer}, {Kind: crm.IdentityPhone, Value: fmt.Sprintf("+4930555%04d", i)}}}},
			crm.ContactRecord{Line: next(), Account: ref, Contact: crm.Contact{Name: "Tech " + k, Status: []string{crm.ContactActive, crm.ContactLeft}[i%2],
				Identities: []crm.Identity{{Kind: crm.IdentityEmail, Value: tech}, {Kind: crm.IdentityLinkedIn, Value: fmt.Sprintf("tech-%d", i+1)}}}})
		for j := range 3 {
			inv := fmt.Sprintf("%s-%d", k, j+1)
			amount := cents(float64(100*(i+1) + 10*j))
			at := day("2024-01-10").AddDate(0, j*5, i)
			if i == 4 {
				at = at.AddDate(1, 0, 0) // the newest orders are K5's, which no scoped actor sees
			}
			if j == 2 {
				amount = -cents(float64(5 * (i + 1))) // a credit note
			}
			orders = append(orders, crm.OrderRecord{Line: next(), Account: ref,
				Order: crm.Order{ExternalID: inv, OrderedAt: at, Amount: amount, Final: j == 1}}) // each account's second invoice closes a project
			if j < 2 {
				shipments = append(shipments, crm.ShipmentRecord{Line: next(), OrderExternalID: inv, Shipment: crm.Shipment{
					ExternalID: fmt.Sprintf("0034043416%04d", 10*i+j), Carrier: "DHL", ShippedAt: at.AddDate(0, 0, 1), Status: crm.ShipmentShipped}})
			}
			if j < 2 {
				lines = append(lines,
					crm.OrderLineRecord{Line: next(), OrderExternalID: inv, SKU: "S1", ProductName: "Spindle", UnitCost: cents(20), HasUnitCost: true,
						OrderLine: crm.OrderLine{LineNo: 1, Quantity: float64(i + 1), UnitPrice: cents(50), Amount: cents(float64(50 * (i + 1)))}},
					crm.OrderLineRecord{Line: next(), OrderExternalID: inv, SKU: "S2", ProductName: "Service",
						OrderLine: crm.OrderLine{LineNo: 2, Quantity: 1, UnitPrice: cents(10), Amount: cents(10)}})
			}
		}
		touchpoints = append(touchpoints,
			crm.TouchpointRecord{Line: next(), Account: ref, ContactEmail: buyer, Touchpoint: crm.Touchpoint{ExternalID: k + "-t1", Kind: "ticket",
				Department: "support", OccurredAt: day("2024-05-02").AddDate(0, i, 0), EffortMinutes: float64(15 * (i + 1)), Subject: "Spindle noise " + k}},
			crm.TouchpointRecord{Line: next(), Account: ref, Touchpoint: crm.Touchpoint{ExternalID: k + "-t2", Kind: "call",
				Department: "sales", OccurredAt: day("2024-08-20").AddDate(0, 0, i), EffortMinutes: 20, Subject: "Renewal " + k}})
		mentions = append(mentions,
			mention(next(), "x", "x-"+k, "", buyer, "Where is my spindle? "+k, -0.4),
			mention(next(), "linkedin", "li-"+k, "tech-"+strconv.Itoa(i+1), "", "Great service by "+k, 0.6))
	}
	// Mentions that match no account: data of no account.
	mentions = append(mentions,
		mention(next(), "x", "x-stranger-1", "stranger", "", "Anyone used these spindles?", 0),
		mention(next(), "instagram", "ig-stranger-2", "passerby", "", "Terrible support", -0.7))
	for _, imp := range []func() (crm.ImportSummary, error){
		func() (crm.ImportSummary, error) {
			return st.ImportAccounts(op, accounts, crm.ImportOptions{File: "accounts.csv"})
		},
		func() (crm.ImportSummary, error) {
			return st.ImportContacts(op, contacts, crm.ImportOptions{File: "contacts.csv"})
		},
		func() (crm.ImportSummary, error) {
			return st.ImportOrders(op, orders, crm.ImportOptions{File: "orders.csv"})
		},
		func() (crm.ImportSummary, error) {
			return st.ImportOrderLines(op, lines, crm.ImportOptions{File: "lines.csv"})
		},
		func() (crm.ImportSummary, error) {
			return st.ImportShipments(op, shipments, crm.ImportOptions{File: "shipments.csv"})
		},
		func() (crm.ImportSummary, error) {
			return st.ImportTouchpoints(op, touchpoints, crm.ImportOptions{File: "touchpoints.csv"})
		},
		func() (crm.ImportSummary, error) {
			return st.ImportMentions(op, mentions, crm.ImportOptions{File: "mentions.jsonl"})
		},
		// A marketing activity every account met once.
		func() (crm.ImportSummary, error) {
			return st.ImportActivities(op, []crm.ActivityRecord{{Line: 2, Activity: crm.Activity{Name: "Trade show", Kind: "event",
				Marketing: true, Cost: 500_000}, Code: "SHOW25"}}, crm.ImportOptions{File: "activities.csv"})
		},
		func() (crm.ImportSummary, error) {
			var touches []crm.ActivityTouchRecord
			for i := range scopeOwners {
				touches = append(touches, crm.ActivityTouchRecord{Line: i + 2, CustomerID: fmt.Sprintf("K%d", i+1), Code: "show25",
					Date: time.Date(2024, 3, 1+i, 0, 0, 0, 0, time.UTC), Method: crm.TouchForward})
			}
			return st.ImportActivityTouches(op, touches, crm.ImportOptions{File: "touches.csv"})
		},
	} {
		if _, err := imp(); err != nil {
			t.Fatal(err)
		}
	}
	dir, err := st.Directory(op)
	if err != nil || len(dir) != len(scopeOwners) {
		t.Fatalf("directory: %v %v", dir, err)
	}
	for _, d := range dir {
		fx.ids[mustAccount(t, st, op, d.ID).ExternalID] = d.ID
		fx.owner[d.ID] = d.Owner
		// An advocacy act of every account.
		if _, err := st.RecordAdvocacy(op, crm.AdvocacyAct{AccountID: d.ID, Kind: "review", On: day("2024-06-01"), Evidence: "review of " + d.Name}); err != nil {
			t.Fatal(err)
		}
	}
	// The care queue: resolve one of K2's, open one of no account.
	ms, _, err := st.ListMentions(op, store.MentionQuery{Limit: store.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	for _, m := range ms {
		switch {
		case m.AccountID == fx.ids["K2"] && m.Care == crm.CareOpen:
			_, err = st.UpdateCare(op, m.ID, store.CareUpdate{Resolve: &yes}, m.PostedAt.Add(2*time.Hour))
		case m.AccountID == 0 && m.Care == crm.CareNone:
			_, err = st.UpdateCare(op, m.ID, store.CareUpdate{Open: true}, m.PostedAt)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// A survey answered by the buyer of each account (a touchpoint on its
	// timeline), and once through the open link (of no account).
	sv, err := st.CreateSurvey(op, crm.Survey{Name: "Scope", Language: "en", Questions: []crm.Question{{Type: crm.QuestionNPS, Text: "Recommend?"}}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range scopeOwners {
		hash := fmt.Sprintf("scope-survey-%d", i)
		if _, err := st.InviteSurvey(op, sv.ID, store.SurveyInvite{Email: fmt.Sprintf("buyer@firm%d.example", i+1), TokenHash: hash, Expires: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := st.SubmitSurvey(context.Background(), hash, store.Submission{Answers: map[int][]string{1: {strconv.Itoa(i)}}, Finish: true}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SubmitOpenSurvey(context.Background(), sv.Slug, "scope-browser", store.Submission{Answers: map[int][]string{1: {"10"}}, Finish: true}); err != nil {
		t.Fatal(err)
	}
	// What staff believe each account would answer, and the company as a
	// whole (of no account).
	for i, k := range []string{"K1", "K2", "K3", "K4", "K5", "K6"} {
		if _, err := st.SaveBeliefs(op, sv.ID, fx.ids[k], map[int][]string{1: {strconv.Itoa(10 - i)}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.SaveBeliefs(op, sv.ID, 0, map[int][]string{1: {"9"}}); err != nil {
		t.Fatal(err)
	}
	fx.contactAccount = accountsOf(t, func() ([]crm.Contact, int, error) {
		return st.ListContacts(op, store.ContactQuery{Limit: store.MaxPageSize})
	}, func(c crm.Contact) (int64, int64) { return c.ID, c.AccountID })
	fx.orderAccount = accountsOf(t, func() ([]crm.Order, int, error) {
		return st.ListOrders(op, store.OrderQuery{Limit: store.MaxPageSize})
	}, func(o crm.Order) (int64, int64) { return o.ID, o.AccountID })
	fx.touchpointAccount = accountsOf(t, func() ([]crm.Touchpoint, int, error) {
		return st.ListTouchpoints(op, store.TouchpointQuery{Limit: store.MaxPageSize})
	}, func(tp crm.Touchpoint) (int64, int64) { return tp.ID, tp.AccountID })
	fx.mentionAccount = accountsOf(t, func() ([]crm.Mention, int, error) {
		return st.ListMentions(op, store.MentionQuery{Limit: store.MaxPageSize})
	}, func(m crm.Mention) (int64, int64) { return m.ID, m.AccountID })
	// Every account has some of everything, and some mentions have none:
	// the test below cannot pass for want of data to hide.
	for _, m := range []map[int64]int64{fx.contactAccount, fx.orderAccount, fx.touchpointAccount, fx.mentionAccount} {
		has := map[int64]bool{}
		for _, acc := range m {
			has[acc] = true
		}
		for k, id := range fx.ids {
			if !has[id] {
				t.Fatalf("fixture: account %s has no rows in %v", k, m)
			}
		}
	}
	if !slices.Contains(slices.Collect(mapValues(fx.mentionAccount)), 0) {
		t.Fatal("fixture: no unmatched mention")
	}
	// A contact of each account with an e-mail is a portal user, and each
	// contact read a page in the portal: the portal's lists, the access log
	// and the engagement have rows of every account.
	users := map[int64]bool{}
	for contact, account := range fx.contactAccount {
		c, err := st.Contact(op, contact)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range c.Identities {
			if i.Kind != "email" || users[account] || c.Status != crm.ContactActive {
				continue
			}
			hash := fmt.Sprintf("scope-invite-%d", contact)
			if _, err := st.InvitePortal(op, i.Value, hash, time.Now().Add(time.Hour), nil); err != nil {
				t.Fatal(err)
			}
			if _, err := st.AcceptPortalInvitation(context.Background(), hash, "pw"); err != nil {
				t.Fatal(err)
			}
			users[account] = true
		}
	}
	for contact, account := range fx.contactAccount {
		ctx := crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: contact, AccountID: account, Email: "x"}, "A"))
		if err := st.LogPortalRead(ctx, "space", 1); err != nil {
			t.Fatal(err)
		}
	}
	// The buyers of every account attended a webinar (user groups'
	// events).
	sp, err := st.CreateSpace(op, "Scope webinars", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelSee}})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := st.CreateEvent(op, crm.Event{SpaceID: sp.ID, Title: "Scope webinar", Kind: crm.EventWebinar, StartsAt: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), Minutes: 30})
	if err != nil {
		t.Fatal(err)
	}
	var attendees []crm.Attendee
	for i := range scopeOwners {
		attendees = append(attendees, crm.Attendee{Email: fmt.Sprintf("buyer@firm%d.example", i+1), Seconds: 600})
	}
	if _, err := st.ImportAttendance(op, sp.ID, ev.ID, "scope.csv", attendees, 0); err != nil {
		t.Fatal(err)
	}
	// Each account became a customer (the stored transitions).
	var ts []crm.StageTransition
	for _, id := range fx.ids {
		ts = append(ts, crm.StageTransition{AccountID: id, Stage: "customer", On: day("2023-01-01"), Reason: "first order"})
	}
	if err := st.SaveStageTransitions(crm.WithActor(context.Background(), crm.System), ts); err != nil {
		t.Fatal(err)
	}
	// Each contact has a referral code.
	for contact := range fx.contactAccount {
		if _, err := st.ReferralCodeFor(op, contact); err != nil {
			t.Fatal(err)
		}
	}
	return fx
}

func mustAccount(t *testing.T, st *store.Store, ctx context.Context, id int64) crm.Account {
	t.Helper()
	a, err := st.Account(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return *a
}

func accountsOf[T any](t *testing.T, list func() ([]T, int, error), key func(T) (id, account int64)) map[int64]int64 {
	t.Helper()
	xs, n, err := list()
	if err != nil || n != len(xs) || n == 0 {
		t.Fatalf("list: %d of %d: %v", len(xs), n, err)
	}
	out := map[int64]int64{}
	for _, x := range xs {
		id, acc := key(x)
		out[id] = acc
	}
	return out
}

func mapValues[K comparable, V any](m map[K]V) func(func(V) bool) {
	return func(yield func(V) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}

// outcome is what one call returned: a value or an error (code and
// message).
type outcome struct {
	V   any
	Err string
}

func out(v any, err error) outcome {
	if err != nil {
		return outcome{Err: crm.ErrorCode(err) + ": " + err.Error()}
	}
	return outcome{V: v}
}

// missingID is an id no record has.
const missingID int64 = 1 << 40

// page is one page of a list and the list's total.
type page struct {
	Items any
	Total int
}

// scopedRead is one read method under test. run calls it (several times
// when it takes an id or a page) as the actor in ctx and returns what it
// read; want returns what a scoped actor must read, given what the
// operator read and which accounts the scope allows (0: data of no
// account).
type scopedRead struct {
	run  func(ctx context.Context, fx *scopeFixture) any
	want func(fx *scopeFixture, unscoped any, allows func(account int64) bool) any
}

// keepIf returns the xs whose account allows, in order; nil when none.
func keepIf[T any](xs []T, account func(T) int64, allows func(int64) bool) []T {
	var out []T
	for _, x := range xs {
		if allows(account(x)) {
			out = append(out, x)
		}
	}
	return out
}

// list is a read of a list: every item, by account.
func list[T any](read func(ctx context.Context, st *store.Store) ([]T, error), account func(T) int64) scopedRead {
	return scopedRead{
		run: func(ctx context.Context, fx *scopeFixture) any { return out(read(ctx, fx.st)) },
		want: func(_ *scopeFixture, unscoped any, allows func(int64) bool) any {
			o := unscoped.(outcome)
			if o.Err != "" {
				return o
			}
			return outcome{V: keepIf(o.V.([]T), account, allows)}
		},
	}
}

// paged is a read of a paged list: all of it, and a page from the second
// item with its total (the total counts only what the scope allows).
func paged[T any](read func(ctx context.Context, st *store.Store, limit, offset int) ([]T, int, error), account func(T) int64) scopedRead {
	return scopedRead{
		run: func(ctx context.Context, fx *scopeFixture) any {
			all, n, err := read(ctx, fx.st, store.MaxPageSize, 0)
			if err != nil {
				return out(nil, err)
			}
			part, m, err := read(ctx, fx.st, 2, 1)
			return out([2]page{{all, n}, {part, m}}, err)
		},
		want: func(_ *scopeFixture, unscoped any, allows func(int64) bool) any {
			all := keepIf(unscoped.(outcome).V.([2]page)[0].Items.([]T), account, allows)
			var part []T
			if len(all) > 1 {
				part = all[1:min(3, len(all))]
			}
			return outcome{V: [2]page{{all, len(all)}, {part, len(all)}}}
		},
	}
}

// byID is a read of one record (or one account's records) by id: every
// id of the fixture's records, and one that does not exist. A record the
// scope hides must read exactly as the missing one, its id in the message.
func byID(ids func(fx *scopeFixture) map[int64]int64, read func(ctx context.Context, st *store.Store, id int64) outcome) scopedRead {
	return scopedRead{
		run: func(ctx context.Context, fx *scopeFixture) any {
			got := map[int64]outcome{}
			for id := range ids(fx) {
				got[id] = read(ctx, fx.st, id)
			}
			got[missingID] = read(ctx, fx.st, missingID)
			return got
		},
		want: func(fx *scopeFixture, unscoped any, allows func(int64) bool) any {
			all := unscoped.(map[int64]outcome)
			missing := all[missingID]
			want := map[int64]outcome{}
			for id, o := range all {
				if acc, ok := ids(fx)[id]; ok && !allows(acc) {
					o = outcome{V: missing.V, Err: strings.ReplaceAll(missing.Err, strconv.FormatInt(missingID, 10), strconv.FormatInt(id, 10))}
				}
				want[id] = o
			}
			return want
		},
	}
}

func (fx *scopeFixture) accounts() map[int64]int64 {
	m := map[int64]int64{}
	for _, id := range fx.ids {
		m[id] = id
	}
	return m
}

// latest is a read of the newest date of something: that of the rows
// the scope allows, or what a database without any says.
func latest(read func(ctx context.Context, st *store.Store) (time.Time, error),
	rows func(fx *scopeFixture) map[int64]time.Time, account func(fx *scopeFixture, id int64) int64) scopedRead {
	return scopedRead{
		run: func(ctx context.Context, fx *scopeFixture) any { return out(read(ctx, fx.st)) },
		want: func(fx *scopeFixture, _ any, allows func(int64) bool) any {
			var last time.Time
			for id, at := range rows(fx) {
				if allows(account(fx, id)) && at.After(last) {
					last = at
				}
			}
			if last.IsZero() {
				return out(read(crm.WithActor(context.Background(), crm.Operator), fx.empty))
			}
			return outcome{V: last}
		},
	}
}

var (
	window      = [2]time.Time{day("2000-01-01"), day("2030-01-01")}
	asOf        = day("2030-01-01")
	listenSince = day("2026-01-01")
	listenUntil = day("2027-01-01")
)

// scopedReads are the read methods of *store.Store that read customer
// data, each with its differential test.
func scopedReads() map[string]scopedRead {
	return map[string]scopedRead{
		"Directory": list(func(ctx context.Context, st *store.Store) ([]store.DirectoryEntry, error) { return st.Directory(ctx) },
			func(d store.DirectoryEntry) int64 { return d.ID }),
		"Referrals": list(func(ctx context.Context, st *store.Store) ([]store.Referral, error) { return st.Referrals(ctx) },
			func(r store.Referral) int64 { return r.AccountID }),
		"ReferralCodes": list(func(ctx context.Context, st *store.Store) ([]crm.ReferralCode, error) {
			return st.ReferralCodes(ctx, 0)
		},
			func(r crm.ReferralCode) int64 { return r.AccountID }),
		"StageTransitions": list(func(ctx context.Context, st *store.Store) ([]crm.StageTransition, error) {
			return st.StageTransitions(ctx, 0, time.Time{})
		},
			func(t crm.StageTransition) int64 { return t.AccountID }),
		"GroupContacts": list(func(ctx context.Context, st *store.Store) ([]store.GroupContact, error) { return st.GroupContacts(ctx) },
			func(g store.GroupContact) int64 { return g.AccountID }),
		"AccountProducts": list(func(ctx context.Context, st *store.Store) ([]store.AccountProduct, error) {
			return st.AccountProducts(ctx)
		},
			func(p store.AccountProduct) int64 { return p.AccountID }),
		"EventAttendance": list(func(ctx context.Context, st *store.Store) ([]store.Attendance, error) { return st.EventAttendance(ctx) },
			func(a store.Attendance) int64 { return a.AccountID }),
		"PricesPaid": list(func(ctx context.Context, st *store.Store) ([]store.PricePaid, error) {
			return st.PricesPaid(ctx, time.Time{}, time.Time{})
		},
			func(p store.PricePaid) int64 { return p.AccountID }),
		"MentionCounts": list(func(ctx context.Context, st *store.Store) ([]store.MentionCount, error) {
			return st.MentionCounts(ctx, time.Unix(0, 0), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))
		},
			func(m store.MentionCount) int64 { return m.AccountID }),
		"ReferralList": list(func(ctx context.Context, st *store.Store) ([]store.ReferralEntry, error) { return st.ReferralList(ctx) },
			func(r store.ReferralEntry) int64 { return r.AccountID }),
		"AdvocacyActs": list(func(ctx context.Context, st *store.Store) ([]crm.AdvocacyAct, error) {
			return st.AdvocacyActs(ctx, 0, time.Time{})
		},
			func(a crm.AdvocacyAct) int64 { return a.AccountID }),
		"Account": byID((*scopeFixture).accounts, func(ctx context.Context, st *store.Store, id int64) outcome {
			a, err := st.Account(ctx, id)
			if err != nil {
				return out(nil, err)
			}
			return out(*a, nil)
		}),
		"AccountContacts": byID((*scopeFixture).accounts, func(ctx context.Context, st *store.Store, id int64) outcome {
			return out(st.AccountContacts(ctx, id))
		}),
		"AccountOrders": byID((*scopeFixture).accounts, func(ctx context.Context, st *store.Store, id int64) outcome {
			return out(st.AccountOrders(ctx, id))
		}),
		"Timeline": byID((*scopeFixture).accounts, func(ctx context.Context, st *store.Store, id int64) outcome {
			all, n, err := st.Timeline(ctx, id, store.TimelineFilter{Limit: store.MaxPageSize})
			if err != nil {
				return out(nil, err)
			}
			part, m, err := st.Timeline(ctx, id, store.TimelineFilter{Department: "sales", Limit: 1, Offset: 1})
			return out([2]page{{all, n}, {part, m}}, err)
		}),
		"TimelineFacets": byID((*scopeFixture).accounts, func(ctx context.Context, st *store.Store, id int64) outcome {
			deps, kinds, err := st.TimelineFacets(ctx, id)
			return out([2][]string{deps, kinds}, err)
		}),
		"AccountNames": {
			run: func(ctx context.Context, fx *scopeFixture) any {
				ids := []int64{missingID}
				for _, id := range fx.ids {
					ids = append(ids, id)
				}
				return out(fx.st.AccountNames(ctx, ids))
			},
			want: func(_ *scopeFixture, unscoped any, allows func(int64) bool) any {
				names := map[int64]string{}
				for id, n := range unscoped.(outcome).V.(map[int64]string) {
					if allows(id) {
						names[id] = n
					}
				}
				return outcome{V: names}
			},
		},
		"RecentImports": list(func(ctx context.Context, st *store.Store) ([]store.ImportRecord, error) {
			return st.RecentImports(ctx, 100)
		},
			func(store.ImportRecord) int64 { return 0 }),
		"LatestOrderDate": latest(func(ctx context.Context, st *store.Store) (time.Time, error) { return st.LatestOrderDate(ctx) },
			func(fx *scopeFixture) map[int64]time.Time {
				os, _, _ := fx.st.ListOrders(crm.WithActor(context.Background(), crm.Operator), store.OrderQuery{Limit: store.MaxPageSize})
				m := map[int64]time.Time{}
				for _, o := range os {
					m[o.ID] = o.OrderedAt
				}
				return m
			}, func(fx *scopeFixture, id int64) int64 { return fx.orderAccount[id] }),
		"LatestMention": latest(func(ctx context.Context, st *store.Store) (time.Time, error) { return st.LatestMention(ctx) },
			func(fx *scopeFixture) map[int64]time.Time {
				ms, _, _ := fx.st.ListMentions(crm.WithActor(context.Background(), crm.Operator), store.MentionQuery{Limit: store.MaxPageSize})
				m := map[int64]time.Time{}
				for _, x := range ms {
					if x.Platform != crm.PlatformSurvey { // a detractor's answer in the care queue is no social mention
						m[x.ID] = x.PostedAt
					}
				}
				return m
			}, func(fx *scopeFixture, id int64) int64 { return fx.mentionAccount[id] }),
		"RevenueByAccount": list(func(ctx context.Context, st *store.Store) ([]store.AccountRevenue, error) {
			return st.RevenueByAccount(ctx, window[0], window[1])
		}, func(r store.AccountRevenue) int64 { return r.ID }),
		"CostToServe": list(func(ctx context.Context, st *store.Store) ([]store.AccountCost, error) {
			return st.CostToServe(ctx, window[0], window[1])
		}, func(c store.AccountCost) int64 { return c.ID }),
		"CustomerHistories": list(func(ctx context.Context, st *store.Store) ([]store.CustomerHistory, error) {
			return st.CustomerHistories(ctx, asOf)
		}, func(h store.CustomerHistory) int64 { return h.ID }),
		"OrderLog": list(func(ctx context.Context, st *store.Store) ([]store.OrderLogEntry, error) {
			return st.OrderLog(ctx, asOf)
		},
			func(e store.OrderLogEntry) int64 { return e.AccountID }),
		"ProductsBought": list(func(ctx context.Context, st *store.Store) ([]store.ProductUse, error) {
			uses, err := st.ProductsBought(ctx, asOf)
			slices.SortFunc(uses, func(a, b store.ProductUse) int {
				return cmp.Or(cmp.Compare(a.AccountID, b.AccountID), strings.Compare(a.Product, b.Product))
			})
			return uses, err
		}, func(u store.ProductUse) int64 { return u.AccountID }),
		"ProductsBoughtBetween": list(func(ctx context.Context, st *store.Store) ([]store.ProductUse, error) {
			uses, err := st.ProductsBoughtBetween(ctx, window[0], window[1])
			slices.SortFunc(uses, func(a, b store.ProductUse) int {
				return cmp.Or(cmp.Compare(a.AccountID, b.AccountID), strings.Compare(a.Product, b.Product))
			})
			return uses, err
		}, func(u store.ProductUse) int64 { return u.AccountID }),
		"Contacts": list(func(ctx context.Context, st *store.Store) ([]store.ContactRow, error) {
			all, err := st.Contacts(ctx, store.ContactFilter{})
			if err != nil {
				return nil, err
			}
			stale, err := st.Contacts(ctx, store.ContactFilter{ActiveOnly: true, VerifiedBefore: day("2024-01-01")})
			if err != nil {
				return nil, err
			}
			some, err := st.Contacts(ctx, store.ContactFilter{AccountIDs: []int64{1, 2, 3, 4}})
			return append(append(all, stale...), some...), err
		}, func(c store.ContactRow) int64 { return c.AccountID }),
		"ListAccounts": paged(func(ctx context.Context, st *store.Store, limit, offset int) ([]crm.Account, int, error) {
			return st.ListAccounts(ctx, store.AccountQuery{Limit: limit, Offset: offset})
		}, func(a crm.Account) int64 { return a.ID }),
		"ListContacts": paged(func(ctx context.Context, st *store.Store, limit, offset int) ([]crm.Contact, int, error) {
			return st.ListContacts(ctx, store.ContactQuery{Limit: limit, Offset: offset})
		}, func(c crm.Contact) int64 { return c.AccountID }),
		"ListOrders": paged(func(ctx context.Context, st *store.Store, limit, offset int) ([]crm.Order, int, error) {
			return st.ListOrders(ctx, store.OrderQuery{Limit: limit, Offset: offset})
		}, func(o crm.Order) int64 { return o.AccountID }),
		"SurveyInvitationFacts": list(func(ctx context.Context, st *store.Store) ([]store.InvitationFact, error) {
			return st.SurveyInvitationFacts(ctx, 0)
		}, func(f store.InvitationFact) int64 { return f.AccountID }),
		"FinalInvoicesWaiting": list(func(ctx context.Context, st *store.Store) ([]store.FinalInvoice, error) {
			return st.FinalInvoicesWaiting(ctx, time.Time{}, store.MaxPageSize)
		}, func(f store.FinalInvoice) int64 { return f.AccountID }),
		"ListTouchpoints": paged(func(ctx context.Context, st *store.Store, limit, offset int) ([]crm.Touchpoint, int, error) {
			return st.ListTouchpoints(ctx, store.TouchpointQuery{Limit: limit, Offset: offset})
		}, func(tp crm.Touchpoint) int64 { return tp.AccountID }),
		"ListMentions": paged(func(ctx context.Context, st *store.Store, limit, offset int) ([]crm.Mention, int, error) {
			return st.ListMentions(ctx, store.MentionQuery{Limit: limit, Offset: offset})
		}, func(m crm.Mention) int64 { return m.AccountID }),
		"Contact": byID(func(fx *scopeFixture) map[int64]int64 { return fx.contactAccount }, func(ctx context.Context, st *store.Store, id int64) outcome {
			return out(st.Contact(ctx, id))
		}),
		"Order": byID(func(fx *scopeFixture) map[int64]int64 { return fx.orderAccount }, func(ctx context.Context, st *store.Store, id int64) outcome {
			return out(st.Order(ctx, id))
		}),
		"OrderLinesOf": byID(func(fx *scopeFixture) map[int64]int64 { return fx.orderAccount }, func(ctx context.Context, st *store.Store, id int64) outcome {
			return out(st.OrderLinesOf(ctx, id))
		}),
		"ShipmentsOf": byID(func(fx *scopeFixture) map[int64]int64 { return fx.orderAccount }, func(ctx context.Context, st *store.Store, id int64) outcome {
			return out(st.ShipmentsOf(ctx, id))
		}),
		"ActivityTouches": list(func(ctx context.Context, st *store.Store) ([]crm.ActivityTouch, error) {
			return st.ActivityTouches(ctx)
		}, func(t crm.ActivityTouch) int64 { return t.AccountID }),
		"Shipments": paged(func(ctx context.Context, st *store.Store, limit, offset int) ([]crm.Shipment, int, error) {
			return st.Shipments(ctx, store.ShipmentQuery{Limit: limit, Offset: offset})
		}, func(s crm.Shipment) int64 { return s.AccountID }),
		"Touchpoint": byID(func(fx *scopeFixture) map[int64]int64 { return fx.touchpointAccount }, func(ctx context.Context, st *store.Store, id int64) outcome {
			return out(st.Touchpoint(ctx, id))
		}),
		"Mention": byID(func(fx *scopeFixture) map[int64]int64 { return fx.mentionAccount }, func(ctx context.Context, st *store.Store, id int64) outcome {
			return out(st.Mention(ctx, id))
		}),
		"MentionsByID": {
			run: func(ctx context.Context, fx *scopeFixture) any {
				ids := append(slices.Sorted(func(yield func(int64) bool) {
					for id := range fx.mentionAccount {
						if !yield(id) {
							return
						}
					}
				}), missingID)
				return out(fx.st.MentionsByID(ctx, ids))
			},
			want: list(func(context.Context, *store.Store) ([]crm.Mention, error) { return nil, nil },
				func(m crm.Mention) int64 { return m.AccountID }).want,
		},
		"MentionFacts": list(func(ctx context.Context, st *store.Store) ([]store.MentionFact, error) {
			fs, err := st.MentionFacts(ctx, listenSince, time.Time{})
			slices.SortFunc(fs, func(a, b store.MentionFact) int { return cmp.Compare(a.ID, b.ID) })
			return fs, err
		}, func(f store.MentionFact) int64 { return f.AccountID }),
		"VoiceFacts": list(func(ctx context.Context, st *store.Store) ([]store.VoiceFact, error) {
			fs, err := st.VoiceFacts(ctx, listenSince, listenUntil)
			slices.SortFunc(fs, func(a, b store.VoiceFact) int {
				return cmp.Or(cmp.Compare(a.AccountID, b.AccountID), cmp.Compare(a.Author, b.Author), cmp.Compare(a.Compound, b.Compound))
			})
			return fs, err
		}, func(f store.VoiceFact) int64 { return f.AccountID }),
		"PortalUsers": list(func(ctx context.Context, st *store.Store) ([]crm.PortalContact, error) {
			return st.PortalUsers(ctx)
		}, func(c crm.PortalContact) int64 { return c.AccountID }),
		"PortalEngagement": list(func(ctx context.Context, st *store.Store) ([]store.Engagement, error) {
			return st.PortalEngagement(ctx, time.Time{})
		}, func(e store.Engagement) int64 { return e.AccountID }),
		"PortalReads": {
			run: func(ctx context.Context, fx *scopeFixture) any {
				var all []store.PortalRead
				for _, id := range slices.Sorted(maps.Values(fx.ids)) {
					rs, err := fx.st.PortalReads(ctx, id, 100)
					if err != nil {
						return out(all, err)
					}
					all = append(all, rs...)
				}
				return out(all, nil)
			},
			want: list(func(context.Context, *store.Store) ([]store.PortalRead, error) { return nil, nil },
				func(r store.PortalRead) int64 { return r.AccountID }).want,
		},
		"CareStates": list(func(ctx context.Context, st *store.Store) ([]store.CareState, error) {
			return st.CareStates(ctx)
		}, func(c store.CareState) int64 { return c.AccountID }),
		// Each firm named in a text or as the author; the accounts named, in
		// the mentions' order.
		"MentionCandidates": list(func(ctx context.Context, st *store.Store) ([]crm.Account, error) {
			var ms []crm.Mention
			for i := range scopeOwners {
				ms = append(ms, crm.Mention{ID: int64(2 * i), Text: fmt.Sprintf("Anyone else waiting on Firm %d?", i+1)},
					crm.Mention{ID: int64(2*i + 1), AuthorName: fmt.Sprintf("Firm %d", i+1), Text: "hello"})
			}
			got, err := st.MentionCandidates(ctx, ms)
			var as []crm.Account
			for _, m := range ms {
				as = append(as, got[m.ID]...)
			}
			return as, err
		}, func(a crm.Account) int64 { return a.ID }),
		"SurveyResponses": list(func(ctx context.Context, st *store.Store) ([]store.SurveyResponse, error) {
			return st.SurveyResponses(ctx, 0)
		}, func(r store.SurveyResponse) int64 { return r.AccountID }),
		"AccountSurveyResponses": {
			run: func(ctx context.Context, fx *scopeFixture) any {
				var all []store.SurveyResponse
				for _, k := range slices.Sorted(maps.Keys(fx.ids)) {
					rs, err := fx.st.AccountSurveyResponses(ctx, fx.ids[k])
					if err != nil {
						return out(nil, err)
					}
					all = append(all, rs...)
				}
				return out(all, nil)
			},
			want: list(func(context.Context, *store.Store) ([]store.SurveyResponse, error) { return nil, nil },
				func(r store.SurveyResponse) int64 { return r.AccountID }).want,
		},
		"AccountBeliefs": {
			run: func(ctx context.Context, fx *scopeFixture) any {
				var all []store.Belief
				for _, k := range slices.Sorted(maps.Keys(fx.ids)) {
					bs, err := fx.st.AccountBeliefs(ctx, fx.ids[k])
					if err != nil {
						return out(nil, err)
					}
					all = append(all, bs...)
				}
				return out(all, nil)
			},
			want: list(func(context.Context, *store.Store) ([]store.Belief, error) { return nil, nil },
				func(b store.Belief) int64 { return b.AccountID }).want,
		},
		"Beliefs": list(func(ctx context.Context, st *store.Store) ([]store.Belief, error) {
			return st.Beliefs(ctx, 0)
		}, func(b store.Belief) int64 { return b.AccountID }),
		"SurveyInvited": {
			run: func(ctx context.Context, fx *scopeFixture) any { return out(fx.st.SurveyInvited(ctx, 0)) },
			want: func(fx *scopeFixture, _ any, allows func(int64) bool) any {
				n := 0 // one invitation per account
				for _, id := range fx.ids {
					if allows(id) {
						n++
					}
				}
				return outcome{V: n}
			},
		},
		"CareItems": list(func(ctx context.Context, st *store.Store) ([]store.CareItem, error) {
			items, err := st.CareItems(ctx, listenSince, listenUntil)
			slices.SortFunc(items, func(a, b store.CareItem) int { return cmp.Compare(a.ID, b.ID) })
			return items, err
		}, func(c store.CareItem) int64 { return c.AccountID }),
	}
}

// notCustomerData are the exported methods of *store.Store that read no
// customer data, or write: each says why it needs no differential test.
var notCustomerData = map[string]string{
	"Close":                 "closes the database",
	"Dialect":               "names the database kind",
	"Versions":              "counts the writes to each part of the data, for caches: no record of anyone",
	"Settings":              "the business's cost rates and currency (settings table)",
	"CareTargets":           "response-time targets per tier (settings table)",
	"FinalInvoiceSurvey":    "which survey goes with final invoices (settings table)",
	"SetFinalInvoiceSurvey": "chooses the survey that goes with final invoices (settings table; admins)",
	"UserNames":             "staff users' names, for assigning care items (users table)",
	"UserLanguage":          "the language a user chose for the pages (users table)",
	"SetUserLanguage":       "saves the actor's own language for the pages (users table)",
	"Users":                 "staff users (admins)",
	"UserCount":             "counts staff users",
	"Audit": "admins only, who see every account; an actor restricted to some gets EFORBIDDEN " +
		"(TestScopedWrites)",
	"UserForLogin":       "sign-in: users table",
	"SessionUser":        "sessions",
	"TokenUser":          "API tokens",
	"Tokens":             "API tokens (admins)",
	"CreateSession":      "sessions",
	"DeleteSession":      "sessions",
	"CreateToken":        "API tokens (admins)",
	"RevokeToken":        "API tokens (admins)",
	"CreateUser":         "users (admins)",
	"SetUserDisabled":    "users (admins)",
	"SetPassword":        "users (admins)",
	"SetOwnAccountsOnly": "users (admins); what it sets is what these tests read with",
	"SetUserRole":        "users (admins)",
	"SetProductManager":  "users (admins)",
	"ProductManagers":    "the names of the staff flagged as product managers, told to every signed-in reader",
	"AuditFacets":        "the audit log's actors, entities and actions (admins who see every account, as Audit)",
	"SetSetting":         "settings (admins)",
	"Activities":         "the marketing activities with their costs and codes: the business's own plans, no account's data (staff only: TestImportActivities)",
	"ImportActivities":   "marketing activities, costs and codes (importers, who see every account): no account's data",
	"ProductPricing":     "a product's price and unit cost from the catalogue (staff only): no account's data",
	"ImportReach":        "follower snapshots of the business's channels (importers): no account's data",
	"ImportPress":        "press mentions of the business (importers): no account's data",
	"Reach":              "the channels' follower snapshots and the press mentions (staff only): no account's data (TestReach)",
	"ActivityCosts":      "an activity's cost lines (staff only): no account's data (TestActivityCosts)",
	"HeardAbout":         "the distinct answers to how did you hear about us, counted over the accounts in the actor's scope (scopeSQL): TestHeardAbout",
	"MapHeardAbout":      "maps an answer to an activity (staff); the pos touches only on accounts in the actor's scope (scopeSQL): TestHeardAbout",
	"LogHit":             "writes one hit of the public web script (POST /t): reads nothing",
	"ImportWebStats":     "figures imported from web analytics exports (importers): no account's data",
	"WebStats": "anonymous web traffic (staff only); a visit's account is told only when it is in the actor's scope (scopeSQL), " +
		"else 0: TestWebHits",
	"ContactLinkTokens": "contacts' link tokens (staff), only of the contacts in the actor's scope (scopeSQL): TestContactLinkTokens",
	"ContactLinkToken":  "a contact's link token (staff), the contact in the actor's scope (scopeSQL), else not found: TestWebHits",
	// The portal (portal.go, spaces.go): sign-in by token or password as
	// the staff's, and spaces shared by grants, not by account; their
	// isolation is tested in portal_test.go.
	"InvitePortal":           "invitations (staff): finds the contact within the actor's scope; TestPortalInvitation",
	"PortalInvitation":       "an invitation by its token's hash (the token is the credential)",
	"AcceptPortalInvitation": "an invitation by its token's hash",
	"PortalLogin":            "portal sign-in: portal_users",
	"CreatePortalSession":    "portal sessions",
	"SetPortalLanguage":      "the language of the portal contact in ctx, for their own mail",
	"ImportSurveyResponses":  "an import (importers, who see every account): survey responses matched to contacts by e-mail; TestImportSurveyResponses",
	"RecordAdvocacy":         "writes an act for an account in the actor's scope (accountVisible): TestAdvocacy",
	"VerifyAdvocacy":         "verifies an act of an account in the actor's scope (accountVisible), else not found: TestAdvocacy",
	"ReferralCodeFor":        "a code for a contact in the actor's scope (contactIn), else not found: TestReferralCodes",
	"ReferAccount":           "refers an account in the actor's scope (accountIn), else not found; the code is the credential for its referrer: TestReferralCodes",
	"CreateReferredAccount":  "CreateAccount with a code (the code is the credential for its referrer): TestReferralCodes",
	"SaveStageTransitions":   "the stages derived from the data by the figures' refresh, for an actor who sees every account (else EFORBIDDEN): TestStageTransitions",
	"ReferralSignup":         "the public referral link: a new account and contact, by the code (the credential): TestReferralCodes",
	"PortalSessionContact":   "portal sessions",
	"DeletePortalSession":    "portal sessions",
	"CreateSpace":            "spaces (staff); an account or contact granted must be in the actor's scope",
	"AddSpacePage":           "spaces (staff)",
	"Spaces":                 "spaces, by grant: TestSpaceGrants",
	"Space":                  "spaces, by grant: TestSpaceGrants",
	"SpacePages":             "spaces, by grant: TestSpaceGrants",
	"SpacePage":              "spaces, by grant: TestSpaceGrants",
	"PortalMembers":          "portal users' contact ids, of the accounts in the actor's scope (scopeSQL); TestPortalInvitation",
	"CreateEvent":            "events of a space (staff): TestEvents",
	"Events":                 "events of a space, by grant: TestEvents",
	"Event":                  "events of a space, by grant: TestEvents",
	"RegisterForEvent":       "a portal contact's registration, by grant; its touchpoint on their own account: TestEvents",
	"ImportAttendance":       "an event's attendance (staff); e-mails matched within the actor's scope (scopeSQL): TestImportAttendance",
	"AddSpaceFile":           "files of a space (staff): TestSpaceFiles",
	"DeleteSpaceFile":        "files of a space (staff): TestSpaceFiles",
	"SpaceFiles":             "files of a space, by grant: TestSpaceFiles",
	"SpaceFile":              "a file of a space, by grant: TestSpaceFiles",
	"ListProducts":           "the product catalogue (staff only): no account's data",
	"Product":                "a product and the spaces showing it (staff only): no account's data",
	"SetProductDescription":  "the product catalogue (staff)",
	"ShowProducts":           "the products a space shows (staff): TestCatalogue",
	"HideProduct":            "the products a space shows (staff): TestCatalogue",
	"SetFileProduct":         "files of a space (staff): TestCatalogue",
	"SpaceProducts":          "the products of a space, by grant; what was bought only of the portal contact's own account: TestCatalogue",
	"SpaceProduct":           "a product of a space, by grant; the portal contact's own account's invoices with it: TestCatalogue",
	"Threads":                "the forum of a space, by grant: TestForum",
	"Thread":                 "the forum of a space, by grant: TestForum",
	"CreateThread":           "the forum of a space, by grant and level: TestForum",
	"Reply":                  "the forum of a space, by grant and level: TestForum",
	"Answer":                 "Reply with staff's minutes, on the accounts whose contacts wrote in the thread: TestAnswerEffort",
	"LogPortalRead":          "writes the portal contact's own read to the access log",
	"NotifyPost":             "queues mail to the portal users who may see a space, by grant: TestNotifyPost",
	"Unsubscribe":            "turns a portal user's mail off by the token from their own mail",
	"SetNotify":              "the portal contact's own setting",
	"Notify":                 "the portal contact's own setting",
	"SearchSpaces":           "pages and threads of the spaces the actor may see, by grant: TestSearchSpaces",
	"UpdateSpacePage":        "spaces (staff): TestPageRevisions",
	"PageRevisions":          "a page's versions, by grant: TestPageRevisions",
	"CreateIdea":             "the ideas of a space, by grant and level; requesters in the actor's scope (accountVisible): TestIdeas",
	"AddIdeaRequester":       "an idea's requesters (staff), the account in the actor's scope (accountVisible): TestIdeas",
	"SetIdeaStatus":          "the ideas of a space (staff): TestIdeas",
	"Vote":                   "a portal contact's vote, by grant and level; its touchpoint on their own account: TestIdeas",
	"Ideas":                  "the ideas of a space, by grant; the accounts behind them for staff only, in their scope (scopeSQL): TestIdeas, TestIdeasScoped",
	"AllIdeas":               "the ideas of the spaces the actor sees, as Ideas: TestIdeas, TestIdeasScoped",
	"Idea":                   "the ideas of a space, by grant, as Ideas: TestIdeas",
	// Surveys (surveys.go): definitions are no account's data; answering
	// goes by token or open link; TestSurveyInvitation, TestSurveyOpenLink.
	"CreateSurvey":        "survey definitions (staff)",
	"Survey":              "a survey definition: no account's data",
	"Surveys":             "survey definitions, their counts of invitations and responses of the accounts in the actor's scope (scopeSQL): TestSurveyInvitation",
	"InviteSurvey":        "invitations (staff): finds the contact within the actor's scope (scopeSQL); TestSurveyInvitation",
	"SurveyByToken":       "a survey invitation by its token's hash (the token is the credential): the invited contact's own answers",
	"SubmitSurvey":        "answers by the token's hash, written as the invited contact",
	"OpenSurvey":          "a survey by its open link, with the browser's own answers",
	"SubmitOpenSurvey":    "answers through the open link, of no account",
	"ConfirmOpenResponse": "makes open-link answers a contact's by the confirmation token's hash (the link is the credential): TestOpenLinkConfirm",
	"SaveBeliefs":         "a staff user's own beliefs about an account in her scope (accountVisible; another is not found) or the company: TestBeliefs",
	"MyBeliefs":           "the actor's own beliefs about an account in her scope (another is not found) or the company: TestBeliefs",
	"DueMail":             "the outbox, read by the server's mail sender only (internal/mail)",
	"MailSent":            "the outbox (the mail sender)",
	"MailFailed":          "the outbox (the mail sender)",
	"OutboxWaiting":       "counts of the outbox",
	"BackupSQLite": "a copy of the whole database: admins who see every account (the command line's operator), " +
		"as Audit; others get EFORBIDDEN (TestBackupNeedsAllAccounts)",
	"Path":            "names the SQLite file",
	"Ping":            "SELECT 1",
	"MigrationStatus": "the migration versions (goose_db_version)",
	"DBStats":         "the connection pools' statistics",
}

// scopedWrites are the writes of customer data, each tested in
// TestScopedWrites: as a user restricted to her own accounts, a write to
// another account's record is refused as if the record did not exist, and
// changes nothing.
var scopedWrites = []string{
	"CreateAccount", "UpdateAccount", "DeleteAccount",
	"CreateContact", "UpdateContact", "DeleteContact",
	"CreateOrder", "UpdateOrder", "DeleteOrder",
	"CreateTouchpoint", "UpdateTouchpoint", "DeleteTouchpoint",
	"MatchMention", "UpdateCare", "UpdateCareMany", "DismissMention",
	"ImportAccounts", "ImportContacts", "ImportOrders", "ImportOrderLines", "ImportTouchpoints", "ImportMentions",
	"ImportShipments", "FreshLoad", "ImportActivityTouches", "RecordTouch", "MarkFinalInvoice",
}

// TestEveryStoreMethodIsScoped: every exported method of *store.Store is
// a read with its differential test here, a write of customer data tested
// by TestScopedWrites, or on the list of methods that read no customer
// data. A new method fails here until it is one of them.
func TestEveryStoreMethodIsScoped(t *testing.T) {
	reads := scopedReads()
	typ := reflect.TypeFor[*store.Store]()
	seen := map[string]bool{}
	for m := range typ.Methods() {
		seen[m.Name] = true
		_, read := reads[m.Name]
		_, other := notCustomerData[m.Name]
		write := slices.Contains(scopedWrites, m.Name)
		switch {
		case !read && !other && !write:
			t.Errorf("(*store.Store).%s: add it to scopedReads in scope_test.go (a read of customer data: it must take the actor's scope) "+
				"or to scopedWrites (and TestScopedWrites), or, if it reads no customer data, to notCustomerData saying why", m.Name)
		case read && (other || write), other && write:
			t.Errorf("(*store.Store).%s is listed twice", m.Name)
		}
	}
	for name := range reads {
		if !seen[name] {
			t.Errorf("scopedReads names %s, which *store.Store does not have", name)
		}
	}
	for name := range notCustomerData {
		if !seen[name] {
			t.Errorf("notCustomerData names %s, which *store.Store does not have", name)
		}
	}
	for _, name := range scopedWrites {
		if !seen[name] {
			t.Errorf("scopedWrites names %s, which *store.Store does not have", name)
		}
	}
}

// scopedActors are the actors the reads run as, with the accounts (by
// external id) each must see.
func scopedActors() []struct {
	name  string
	actor func(fx *scopeFixture) crm.Actor
	sees  []string
} {
	return []struct {
		name  string
		actor func(fx *scopeFixture) crm.Actor
		sees  []string
	}{
		{"portal contact of K1", func(fx *scopeFixture) crm.Actor { return crm.ContactActor("buyer@firm1.example", fx.ids["K1"]) }, []string{"K1"}},
		{"own accounts", func(*scopeFixture) crm.Actor { return crm.ActorOf(ownUser) }, []string{"K1", "K3", "K6"}},
		{"owner matching nothing", func(*scopeFixture) crm.Actor {
			return crm.ActorOf(crm.User{ID: 43, Email: "nobody@example.com", Role: crm.RoleViewer, OwnAccountsOnly: true})
		}, nil},
		{"no scope", func(*scopeFixture) crm.Actor { return crm.Actor{Name: "made by hand", Role: crm.RoleStaff} }, nil},
	}
}

// TestScopedReads runs every read of customer data as the operator and as
// each scoped actor: the scoped result is the operator's filtered by
// account, on SQLite and PostgreSQL.
func TestScopedReads(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		fx := newScopeFixture(t, st, emptyLike(t, st))
		op := crm.WithActor(context.Background(), crm.Operator)
		reads := scopedReads()
		names := slices.Sorted(func(yield func(string) bool) {
			for n := range reads {
				if !yield(n) {
					return
				}
			}
		})
		for _, sa := range scopedActors() {
			actor := sa.actor(fx)
			allows := func(account int64) bool { return actor.Scope.Allows(account, fx.owner[account]) }
			// The rule itself: the scope allows exactly these accounts.
			var sees []string
			for k, id := range fx.ids {
				if allows(id) {
					sees = append(sees, k)
				}
			}
			slices.Sort(sees)
			if !slices.Equal(sees, sa.sees) {
				t.Fatalf("%s: the scope allows %v, want %v", sa.name, sees, sa.sees)
			}
			if allows(0) {
				t.Fatalf("%s: the scope allows data of no account", sa.name)
			}
			ctx := crm.WithActor(context.Background(), actor)
			for _, name := range names {
				r := reads[name]
				unscoped := r.run(op, fx)
				got, want := r.run(ctx, fx), r.want(fx, unscoped, allows)
				if show(got) != show(want) {
					t.Errorf("%s as %s:\n got  %s\n want %s", name, sa.name, show(got), show(want))
				}
				// Something was hidden: the fixture holds data of other
				// accounts for every read.
				if show(unscoped) == show(want) {
					t.Errorf("%s as %s: nothing to hide; the fixture must hold data this actor may not see", name, sa.name)
				}
			}
		}
		// The operator's scope hides nothing.
		all := func(int64) bool { return true }
		for _, name := range names {
			r := reads[name]
			if got := r.run(op, fx); show(got) != show(r.want(fx, got, all)) {
				t.Errorf("%s as the operator: the unscoped result is not the whole", name)
			}
		}
		// Without an actor, every read is refused.
		for _, name := range names {
			got := show(reads[name].run(context.Background(), fx))
			if !strings.Contains(got, crm.EUNAUTHORIZED+": sign in first") {
				t.Errorf("%s without an actor: %s, want %s", name, got, crm.EUNAUTHORIZED)
			}
		}
	})
}

// emptyLike opens a fresh database of the kind st is.
func emptyLike(t *testing.T, st *store.Store) *store.Store {
	t.Helper()
	if st.Dialect() == "postgres" {
		return MustOpen(t, MustPostgres(t))
	}
	return MustOpen(t, t.TempDir()+"/empty.db")
}

// show prints v in full, the same for equal values (maps in key order,
// nil and empty slices alike).
func show(v any) string { return fmt.Sprintf("%+v", v) }

// TestScopedWrites: a staff user restricted to her own accounts (K1, K3,
// K6) may change them; a record of another account she may neither change
// nor delete nor read back through a write — refused exactly as a missing
// one — nor write to another account; imports and the audit log need
// every account. Nothing of the other accounts changes.
func TestScopedWrites(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		fx := newScopeFixture(t, st, emptyLike(t, st))
		op := crm.WithActor(context.Background(), crm.Operator)
		anna := crm.WithActor(context.Background(), crm.ActorOf(ownUser))
		mine, other := fx.ids["K1"], fx.ids["K2"]
		// of returns the first record of account in m.
		of := func(m map[int64]int64, account int64) int64 {
			var first int64
			for id, acc := range m {
				if acc == account && (first == 0 || id < first) {
					first = id
				}
			}
			if first == 0 {
				t.Fatalf("no record of account %d in %v", account, m)
			}
			return first
		}
		unmatched := of(fx.mentionAccount, 0)
		acts, err := st.Activities(op)
		if err != nil || len(acts) != 1 {
			t.Fatalf("activities %v, %v", acts, err)
		}
		showID := acts[0].ID
		// What the operator reads of everything but her accounts, before
		// and after.
		others := func() string {
			dir, err := st.Directory(op)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range dir {
				fx.owner[d.ID] = d.Owner
			}
			var b strings.Builder
			for _, name := range []string{"Directory", "ListContacts", "ListOrders", "ListTouchpoints", "ListMentions", "OrderLog"} {
				r := scopedReads()[name]
				fmt.Fprintf(&b, "%s: %s\n", name, show(r.want(fx, r.run(op, fx), func(acc int64) bool {
					return !crm.ActorOf(ownUser).Scope.Allows(acc, fx.owner[acc])
				})))
			}
			return b.String()
		}
		before := others()
		notFound := func(what string, id int64) string { return fmt.Sprintf("%s: %s %d not found", crm.ENOTFOUND, what, id) }
		noAccount := func(field string, id int64) string {
			return fmt.Sprintf("%s: %s: no account with id %d", crm.EINVALID, field, id)
		}
		forbidden := crm.EFORBIDDEN + ": imports need a user who sees every account; you see " + crm.ActorOf(ownUser).Scope.String()
		errOf := func(_ any, err error) error { return err }
		note := crm.Touchpoint{Kind: "note", Department: "sales", Subject: "x", OccurredAt: day("2024-06-01")}
		cases := map[string][]struct {
			do   func() error
			want string // "" for success
		}{
			"CreateAccount": {
				{func() error { return errOf(st.CreateAccount(anna, crm.Account{Name: "Mine AG", Owner: "Anna Becker"})) }, ""},
				{func() error {
					return errOf(st.CreateAccount(anna, crm.Account{Name: "Sneaky AG", ReferredByID: other}))
				}, noAccount("referred_by_id", other)},
			},
			"UpdateAccount": {
				{func() error {
					return errOf(st.UpdateAccount(anna, mine, func(a *crm.Account) error { a.Segment = "retail"; return nil }))
				}, ""},
				{func() error { return errOf(st.UpdateAccount(anna, other, func(*crm.Account) error { return nil })) }, notFound("account", other)},
				{func() error { return errOf(st.UpdateAccount(anna, missingID, func(*crm.Account) error { return nil })) }, notFound("account", missingID)},
			},
			"DeleteAccount": {
				{func() error { return st.DeleteAccount(anna, other) }, notFound("account", other)},
			},
			"CreateContact": {
				{func() error { return errOf(st.CreateContact(anna, crm.Contact{AccountID: mine, Name: "New Buyer"})) }, ""},
				{func() error { return errOf(st.CreateContact(anna, crm.Contact{AccountID: other, Name: "Spy"})) }, noAccount("account_id", other)},
			},
			"UpdateContact": {
				{func() error {
					c := of(fx.contactAccount, other)
					return errOf(st.UpdateContact(anna, c, func(*crm.Contact) error { return nil }))
				}, notFound("contact", of(fx.contactAccount, other))},
				{func() error {
					return errOf(st.UpdateContact(anna, of(fx.contactAccount, mine), func(c *crm.Contact) error { c.AccountID = other; return nil }))
				}, noAccount("account_id", other)},
			},
			"DeleteContact": {
				{func() error { return st.DeleteContact(anna, of(fx.contactAccount, other)) }, notFound("contact", of(fx.contactAccount, other))},
			},
			"CreateOrder": {
				{func() error {
					return errOf(st.CreateOrder(anna, crm.Order{AccountID: other, OrderedAt: day("2024-06-01"), Amount: cents(1)}))
				}, noAccount("account_id", other)},
				{func() error {
					return errOf(st.CreateOrder(anna, crm.Order{AccountID: mine, OrderedAt: day("2024-06-01"), Amount: cents(1)}))
				}, ""},
			},
			"UpdateOrder": {
				{func() error {
					return errOf(st.UpdateOrder(anna, of(fx.orderAccount, other), func(*crm.Order) error { return nil }))
				}, notFound("order", of(fx.orderAccount, other))},
				{func() error {
					return errOf(st.UpdateOrder(anna, of(fx.orderAccount, mine), func(o *crm.Order) error { o.AccountID = other; return nil }))
				}, noAccount("account_id", other)},
			},
			"DeleteOrder": {
				{func() error { return st.DeleteOrder(anna, of(fx.orderAccount, other)) }, notFound("order", of(fx.orderAccount, other))},
			},
			"CreateTouchpoint": {
				{func() error { n := note; n.AccountID = other; return errOf(st.CreateTouchpoint(anna, n)) }, noAccount("account_id", other)},
				{func() error {
					n := note
					n.AccountID, n.ContactID = mine, of(fx.contactAccount, other)
					return errOf(st.CreateTouchpoint(anna, n))
				}, fmt.Sprintf("%s: contact_id: no contact with id %d", crm.EINVALID, of(fx.contactAccount, other))},
				{func() error { n := note; n.AccountID = mine; return errOf(st.CreateTouchpoint(anna, n)) }, ""},
			},
			"UpdateTouchpoint": {
				{func() error {
					return errOf(st.UpdateTouchpoint(anna, of(fx.touchpointAccount, other), func(*crm.Touchpoint) error { return nil }))
				}, notFound("touchpoint", of(fx.touchpointAccount, other))},
			},
			"DeleteTouchpoint": {
				{func() error { return st.DeleteTouchpoint(anna, of(fx.touchpointAccount, other)) }, notFound("touchpoint", of(fx.touchpointAccount, other))},
			},
			"MatchMention": {
				{func() error { return errOf(st.MatchMention(anna, unmatched, mine, 0, false)) }, notFound("mention", unmatched)},
				{func() error { return errOf(st.MatchMention(anna, of(fx.mentionAccount, other), mine, 0, false)) }, notFound("mention", of(fx.mentionAccount, other))},
				{func() error { return errOf(st.MatchMention(anna, of(fx.mentionAccount, mine), other, 0, false)) }, noAccount("account", other)},
				{func() error {
					return errOf(st.MatchMention(anna, of(fx.mentionAccount, mine), 0, of(fx.contactAccount, other), false))
				}, notFound("contact", of(fx.contactAccount, other))},
			},
			"UpdateCare": {
				{func() error {
					return errOf(st.UpdateCare(anna, of(fx.mentionAccount, other), store.CareUpdate{Open: true}, time.Now()))
				}, notFound("mention", of(fx.mentionAccount, other))},
				{func() error {
					return errOf(st.UpdateCare(anna, of(fx.mentionAccount, mine), store.CareUpdate{Open: true}, time.Now()))
				}, ""},
			},
			"UpdateCareMany": {
				{func() error {
					return errOf(st.UpdateCareMany(anna, []int64{of(fx.mentionAccount, mine), of(fx.mentionAccount, other)}, store.CareUpdate{Open: true}, time.Now()))
				}, notFound("mention", of(fx.mentionAccount, other))},
				{func() error {
					return errOf(st.UpdateCareMany(anna, []int64{unmatched}, store.CareUpdate{Open: true}, time.Now()))
				}, notFound("mention", unmatched)},
				{func() error {
					return errOf(st.UpdateCareMany(anna, []int64{of(fx.mentionAccount, mine)}, store.CareUpdate{Open: true}, time.Now()))
				}, ""},
			},
			"MarkFinalInvoice": {
				{func() error { return st.MarkFinalInvoice(anna, of(fx.orderAccount, other), store.FinalInvited) }, notFound("order", of(fx.orderAccount, other))},
				{func() error { return st.MarkFinalInvoice(anna, of(fx.orderAccount, mine), store.FinalInvited) }, ""},
			},
			"DismissMention": {
				{func() error { return errOf(st.DismissMention(anna, unmatched, crm.DismissSpam)) }, notFound("mention", unmatched)},
				{func() error { return errOf(st.DismissMention(anna, of(fx.mentionAccount, other), crm.DismissIgnored)) }, notFound("mention", of(fx.mentionAccount, other))},
				{func() error { return errOf(st.DismissMention(anna, of(fx.mentionAccount, mine), crm.DismissIgnored)) }, ""},
			},
			"ImportAccounts": {{func() error {
				return errOf(st.ImportAccounts(anna, []crm.AccountRecord{{Line: 2, Account: crm.Account{Name: "Firm 2 GmbH"}}}, crm.ImportOptions{}))
			}, forbidden}},
			"ImportContacts": {{func() error {
				return errOf(st.ImportContacts(anna, []crm.ContactRecord{{Line: 2, Account: crm.AccountRef{ExternalID: "K2"}, Contact: crm.Contact{Name: "x"}}}, crm.ImportOptions{}))
			}, forbidden}},
			"ImportOrders": {{func() error {
				return errOf(st.ImportOrders(anna, []crm.OrderRecord{{Line: 2, Account: crm.AccountRef{ExternalID: "K2"},
					Order: crm.Order{ExternalID: "K2-1", OrderedAt: day("2024-01-01"), Amount: cents(1)}}}, crm.ImportOptions{}))
			}, forbidden}},
			"ImportOrderLines": {{func() error {
				return errOf(st.ImportOrderLines(anna, []crm.OrderLineRecord{{Line: 2, OrderExternalID: "K2-1", SKU: "S1",
					OrderLine: crm.OrderLine{LineNo: 9, Quantity: 1, UnitPrice: cents(1), Amount: cents(1)}}}, crm.ImportOptions{}))
			}, forbidden}},
			"ImportShipments": {{func() error {
				return errOf(st.ImportShipments(anna, []crm.ShipmentRecord{{Line: 2, OrderExternalID: "K2-1", Shipment: crm.Shipment{
					ExternalID: "X1", ShippedAt: day("2024-01-02"), Status: crm.ShipmentShipped}}}, crm.ImportOptions{}))
			}, forbidden}},
			"ImportTouchpoints": {{func() error {
				return errOf(st.ImportTouchpoints(anna, []crm.TouchpointRecord{{Line: 2, Account: crm.AccountRef{ExternalID: "K2"},
					Touchpoint: crm.Touchpoint{ExternalID: "t", Kind: "call", Department: "sales", OccurredAt: day("2024-01-01")}}}, crm.ImportOptions{}))
			}, forbidden}},
			"ImportMentions": {{func() error {
				return errOf(st.ImportMentions(anna, []crm.MentionRecord{mention(2, "x", "x-new", "someone", "", "hi", 0)}, crm.ImportOptions{}))
			}, forbidden}},
			"FreshLoad": {{func() error {
				return errOf(st.FreshLoad(anna))
			}, forbidden}},
			"RecordTouch": {
				{func() error {
					return errOf(st.RecordTouch(anna, crm.ActivityTouch{AccountID: other, ActivityID: showID, Date: day("2024-05-02"), Method: crm.TouchReverse}))
				}, noAccount("account_id", other)},
				{func() error {
					return errOf(st.RecordTouch(anna, crm.ActivityTouch{AccountID: mine, ActivityID: showID, Date: day("2024-05-02"), Method: crm.TouchReverse}))
				}, ""},
			},
			"ImportActivityTouches": {{func() error {
				return errOf(st.ImportActivityTouches(anna, []crm.ActivityTouchRecord{{Line: 2, CustomerID: "K2", Code: "SHOW25",
					Date: day("2024-05-01"), Method: crm.TouchReverse}}, crm.ImportOptions{}))
			}, forbidden}},
		}
		for _, name := range scopedWrites {
			if len(cases[name]) == 0 {
				t.Errorf("%s: no case in TestScopedWrites", name)
			}
			for i, c := range cases[name] {
				err := c.do()
				got := ""
				if err != nil {
					got = crm.ErrorCode(err) + ": " + err.Error()
				}
				if got != c.want {
					t.Errorf("%s #%d: %q, want %q", name, i+1, got, cmp.Or(c.want, "success"))
				}
			}
		}
		// An admin restricted by hand (the store never restricts one)
		// cannot read the audit log.
		admin := crm.WithActor(context.Background(), crm.Actor{Name: "admin", Role: crm.RoleAdmin, Scope: crm.OwnedBy("admin")})
		if _, _, err := st.Audit(admin, store.AuditFilter{}); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("audit as a restricted admin: %v, want %s", err, crm.EFORBIDDEN)
		}
		if after := others(); after != before {
			t.Errorf("the other accounts changed:\nbefore %s\nafter  %s", before, after)
		}
	})
}

// TestOwnAccountsOnly: an admin restricts a staff user to her own
// accounts and lifts it again; her sessions and tokens carry it; admins
// cannot be restricted.
func TestOwnAccountsOnly(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		fx := newScopeFixture(t, st, st)
		u, err := st.CreateUser(op, "Anna@Example.com", "Anna Becker", crm.RoleStaff, "h")
		if err != nil {
			t.Fatal(err)
		}
		if u.OwnAccountsOnly || u.Scope().String() != "every account" {
			t.Fatalf("a new user: %+v sees %s, want every account", u, u.Scope())
		}
		staff := crm.WithActor(context.Background(), crm.ActorOf(u))
		if _, err := st.SetOwnAccountsOnly(staff, u.Email, true, ""); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Fatalf("staff restricting a user: %v, want %s", err, crm.EFORBIDDEN)
		}
		if u, err = st.SetOwnAccountsOnly(op, "anna@example.com", true, " änna becker "); err != nil || !u.OwnAccountsOnly || u.OwnerName != "änna becker" {
			t.Fatalf("restrict: %+v %v", u, err)
		}
		if err := st.CreateSession(context.Background(), u.ID, "s1", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		su, err := st.SessionUser(context.Background(), "s1")
		if err != nil || su != u {
			t.Fatalf("session user %+v (%v), want %+v", su, err, u)
		}
		if _, err := st.CreateToken(op, u.Email, "t", "h1", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if tu, err := st.TokenUser(context.Background(), "h1"); err != nil || tu != u {
			t.Fatalf("token user %+v (%v), want %+v", tu, err, u)
		}
		as := crm.WithActor(context.Background(), crm.ActorOf(su))
		_, n, err := st.ListAccounts(as, store.AccountQuery{})
		if err != nil || n != 3 {
			t.Fatalf("restricted: %d accounts (%v), want 3 (K1, K3, K6)", n, err)
		}
		if u, err = st.SetOwnAccountsOnly(op, u.Email, false, ""); err != nil || u.OwnAccountsOnly || u.OwnerName != "" {
			t.Fatalf("lift: %+v %v", u, err)
		}
		su, _ = st.SessionUser(context.Background(), "s1")
		if _, n, _ := st.ListAccounts(crm.WithActor(context.Background(), crm.ActorOf(su)), store.AccountQuery{}); n != len(fx.ids) {
			t.Fatalf("lifted: %d accounts, want %d", n, len(fx.ids))
		}
		if _, err := st.CreateUser(op, "boss@example.com", "", crm.RoleAdmin, "h"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.SetOwnAccountsOnly(op, "boss@example.com", true, ""); crm.ErrorCode(err) != crm.EINVALID {
			t.Fatalf("restricting an admin: %v, want %s", err, crm.EINVALID)
		}
		if _, err := st.SetOwnAccountsOnly(op, "ghost@example.com", true, ""); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Fatalf("restricting nobody: %v, want %s", err, crm.ENOTFOUND)
		}
		es, _, err := st.Audit(op, store.AuditFilter{Entity: "user", EntityID: u.ID})
		if err != nil || len(es) != 3 || es[0].Action != "scope" || es[1].Action != "scope" {
			t.Fatalf("audit: %d entries (%v), want the user's creation and two changes of what she sees", len(es), err)
		}
	})
}
