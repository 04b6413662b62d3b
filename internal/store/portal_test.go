package store_test

import (
	"context"
	"database/sql"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// portalWorld is the isolation fixture: account A (to be tier A) with
// contacts a1 and a2, account B (tier C) with b1, and a1's colleague who
// has left.
type portalWorld struct {
	st               *store.Store
	a, b             int64
	a1, a2, b1, gone crm.Contact
}

func newPortalWorld(t *testing.T, st *store.Store) portalWorld {
	t.Helper()
	op := crm.WithActor(context.Background(), crm.Operator)
	w := portalWorld{st: st}
	for _, acc := range []struct {
		id   *int64
		name string
	}{{&w.a, "Alder Maschinenbau AG"}, {&w.b, "Birch Foods Ltd"}} {
		a, err := st.CreateAccount(op, crm.Account{Name: acc.name})
		if err != nil {
			t.Fatal(err)
		}
		*acc.id = a.ID
	}
	for _, c := range []struct {
		dst     *crm.Contact
		account int64
		email   string
		status  string
	}{{&w.a1, w.a, "a1@alder.example", "active"}, {&w.a2, w.a, "a2@alder.example", "active"},
		{&w.b1, w.b, "b1@birch.example", "active"}, {&w.gone, w.a, "gone@alder.example", "left"}} {
		made, err := st.CreateContact(op, crm.Contact{AccountID: c.account, Name: c.email, Status: c.status,
			Identities: []crm.Identity{{Kind: "email", Value: c.email}}})
		if err != nil {
			t.Fatal(err)
		}
		*c.dst = made
	}
	return w
}

// TestPortalInvitation: an invitation is single-use, expires, is only for
// an active contact, and the portal user it makes loses access when the
// contact leaves.
func TestPortalInvitation(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		ctx := context.Background()
		op := crm.WithActor(ctx, crm.Operator)
		if _, err := st.InvitePortal(op, "gone@alder.example", "h-gone", time.Now().Add(time.Hour), nil); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("inviting a contact who left: %v", err)
		}
		if _, err := st.InvitePortal(ctx, "a1@alder.example", "h-x", time.Now().Add(time.Hour), nil); crm.ErrorCode(err) != crm.EUNAUTHORIZED {
			t.Errorf("inviting without an actor: %v", err)
		}
		// A staff user who sees only her own accounts cannot invite B's contact.
		own := crm.WithActor(ctx, crm.Actor{UserID: 99, Name: "petra", Role: crm.RoleStaff, Scope: crm.OwnedBy("Petra")})
		if _, err := st.InvitePortal(own, "b1@birch.example", "h-b1", time.Now().Add(time.Hour), nil); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("inviting out of scope: %v", err)
		}
		c, err := st.InvitePortal(op, "A1@Alder.example", "h-a1", time.Now().Add(time.Hour), nil)
		if err != nil || c.ContactID != w.a1.ID || c.AccountID != w.a || c.AccountName != "Alder Maschinenbau AG" {
			t.Fatalf("invite a1: %+v %v", c, err)
		}
		if _, err := st.InvitePortal(op, "a2@alder.example", "h-a2-old", time.Now().Add(-time.Minute), nil); err != nil {
			t.Fatal(err)
		}
		if _, err := st.AcceptPortalInvitation(ctx, "h-a2-old", "hash"); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("an expired invitation: %v", err)
		}
		if got, err := st.AcceptPortalInvitation(ctx, "h-a1", "hash-1"); err != nil || got.ContactID != w.a1.ID {
			t.Fatalf("accept: %+v %v", got, err)
		}
		if _, err := st.AcceptPortalInvitation(ctx, "h-a1", "hash-2"); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("an invitation used twice: %v", err)
		}
		if m, err := st.PortalMembers(op); err != nil || len(m) != 1 || !m[w.a1.ID] {
			t.Errorf("portal members: %v %v", m, err)
		}
		if m, err := st.PortalMembers(own); err != nil || len(m) != 0 {
			t.Errorf("portal members of someone else's accounts: %v %v", m, err)
		}
		got, hash, err := st.PortalLogin(ctx, "a1@alder.example")
		if err != nil || hash != "hash-1" || got.AccountID != w.a {
			t.Fatalf("login: %+v %q %v", got, hash, err)
		}
		if err := st.CreatePortalSession(ctx, got.ContactID, "s-a1", time.Now().Add(time.Hour), "de"); err != nil {
			t.Fatal(err)
		}
		if c, err := st.PortalSessionContact(ctx, "s-a1"); err != nil || c.ContactID != w.a1.ID {
			t.Fatalf("session: %+v %v", c, err)
		}
		// The contact leaves: no session, no sign-in, from the next request.
		if _, err := st.UpdateContact(op, w.a1.ID, func(c *crm.Contact) error { c.Status = "left"; return nil }); err != nil {
			t.Fatal(err)
		}
		if _, err := st.PortalSessionContact(ctx, "s-a1"); crm.ErrorCode(err) != crm.EUNAUTHORIZED {
			t.Errorf("the session of a contact who left: %v", err)
		}
		if _, _, err := st.PortalLogin(ctx, "a1@alder.example"); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("sign-in of a contact who left: %v", err)
		}
	})
}

// TestSpaceGrants: a contact sees the spaces granted to their account's
// tier, their account or themselves, at the highest level granted, and no
// other: not in the list, and by id exactly as a space that does not
// exist. A page is found only in its own space.
func TestSpaceGrants(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		op := crm.WithActor(context.Background(), crm.Operator)
		mk := func(name string, grants ...string) crm.Space {
			var gs []crm.Grant
			for i := 0; i < len(grants); i += 2 {
				g, err := crm.ParseGrant(grants[i], grants[i+1])
				if err != nil {
					t.Fatal(err)
				}
				gs = append(gs, g)
			}
			sp, err := st.CreateSpace(op, name, gs)
			if err != nil {
				t.Fatal(err)
			}
			return sp
		}
		tierA := mk("A customers", "tier:A", "reply")
		alder := mk("Alder project", "account:"+strconv.FormatInt(w.a, 10), "create", "tier:A", "see")
		a2only := mk("For a2", "contact:a2@alder.example", "moderate")
		birch := mk("Birch", "account:"+strconv.FormatInt(w.b, 10), "see")
		page, err := st.AddSpacePage(op, tierA.ID, "Datasheets", "# Bearings\n")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateSpace(op, "bad", []crm.Grant{{Kind: "contact", Value: "nobody@x.example", Level: "see"}}); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("a grant to an unknown contact: %v", err)
		}

		as := func(c crm.Contact, tier string) context.Context {
			return crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: c.ID, AccountID: c.AccountID, Email: "x"}, tier))
		}
		type seen map[int64]string
		for _, c := range []struct {
			name string
			ctx  context.Context
			want seen
		}{
			{"a1 in tier A", as(w.a1, "A"), seen{tierA.ID: "reply", alder.ID: "create"}},
			{"a2 in tier A", as(w.a2, "A"), seen{tierA.ID: "reply", alder.ID: "create", a2only.ID: "moderate"}},
			{"a1 after A fell to B", as(w.a1, "B"), seen{alder.ID: "create"}},
			{"b1 in tier C", as(w.b1, "C"), seen{birch.ID: "see"}},
			{"staff", op, seen{tierA.ID: "moderate", alder.ID: "moderate", a2only.ID: "moderate", birch.ID: "moderate"}},
			{"an account actor that is no contact", crm.WithActor(context.Background(), crm.ContactActor("x", w.a)), seen{}},
		} {
			list, err := st.Spaces(c.ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := seen{}
			for _, sp := range list {
				got[sp.ID] = sp.Level
			}
			if !maps.Equal(got, c.want) {
				t.Errorf("%s lists %v, want %v", c.name, got, c.want)
			}
			for _, id := range []int64{tierA.ID, alder.ID, a2only.ID, birch.ID, 999999} {
				sp, err := st.Space(c.ctx, id)
				level, ok := c.want[id]
				switch {
				case ok && (err != nil || sp.Level != level):
					t.Errorf("%s: space %d: %+v %v, want level %s", c.name, id, sp, err, level)
				case !ok && (err == nil || err.Error() != "no such space" || crm.ErrorCode(err) != crm.ENOTFOUND):
					t.Errorf("%s: space %d: %v, want the missing space's error", c.name, id, err)
				}
			}
			_, err = st.SpacePage(c.ctx, tierA.ID, page.ID)
			if _, ok := c.want[tierA.ID]; ok != (err == nil) {
				t.Errorf("%s: the page: %v", c.name, err)
			}
			if _, err := st.SpacePage(c.ctx, alder.ID, page.ID); err == nil || err.Error() != "no such page" {
				t.Errorf("%s: the page through another space: %v", c.name, err)
			}
		}
		// A portal contact writes nothing.
		if _, err := st.AddSpacePage(as(w.a2, "A"), a2only.ID, "Mine", "x"); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a contact adding a page: %v", err)
		}
	})
}

// TestForum: in a space open to tier A at reply, a contact answers but
// starts no thread; with create they start one; staff do both; a contact
// of another tier finds neither the threads nor a thread by id, exactly as
// a missing one, and cannot post into it.
func TestForum(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		op := crm.WithActor(context.Background(), crm.Operator)
		staff := crm.WithActor(context.Background(), crm.Actor{UserID: 7, Name: "pm@supplier.example", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
		as := func(c crm.Contact, tier string) context.Context {
			return crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: c.ID, AccountID: c.AccountID, Email: c.Name}, tier))
		}
		reply, err := st.CreateSpace(op, "A customers", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelReply}, {Kind: "contact", Value: "a2@alder.example", Level: crm.LevelCreate}})
		if err != nil {
			t.Fatal(err)
		}
		a1, a2, b1 := as(w.a1, "A"), as(w.a2, "A"), as(w.b1, "C")
		if _, err := st.CreateThread(a1, reply.ID, "Lead times?", "How long for MT-4?"); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a1 starts a thread at reply: %v", err)
		}
		th, err := st.CreateThread(a2, reply.ID, "Lead times?", "How long for **MT-4**?")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Reply(a1, reply.ID, th.ID, "Same question for SH-220."); err != nil {
			t.Errorf("a1 replies: %v", err)
		}
		if _, err := st.Reply(staff, reply.ID, th.ID, "Ten working days for both."); err != nil {
			t.Errorf("staff reply: %v", err)
		}
		got, posts, err := st.Thread(a1, reply.ID, th.ID)
		if err != nil || got.Posts != 3 || len(posts) != 3 || posts[0].Author != w.a2.Name || posts[2].Author != "pm@supplier.example" || !posts[2].Staff || posts[1].Staff {
			t.Fatalf("the thread: %+v %+v %v", got, posts, err)
		}
		// b1 (tier C): nothing, and as if it were not there.
		if _, err := st.Threads(b1, reply.ID); err == nil || err.Error() != "no such space" {
			t.Errorf("b1 lists the threads: %v", err)
		}
		for _, id := range []int64{th.ID, 99999} {
			if _, _, err := st.Thread(b1, reply.ID, id); err == nil || err.Error() != "no such thread" {
				t.Errorf("b1 reads thread %d: %v", id, err)
			}
			if _, err := st.Reply(b1, reply.ID, id, "hello"); err == nil || err.Error() != "no such thread" {
				t.Errorf("b1 replies to thread %d: %v", id, err)
			}
		}
		if _, err := st.CreateThread(b1, reply.ID, "Hi", "x"); err == nil || err.Error() != "no such space" {
			t.Errorf("b1 starts a thread: %v", err)
		}
		// A thread is found only in its own space.
		other, err := st.CreateSpace(op, "Alder only", []crm.Grant{{Kind: "account", Value: strconv.FormatInt(w.a, 10), Level: crm.LevelReply}})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.Thread(a1, other.ID, th.ID); err == nil || err.Error() != "no such thread" {
			t.Errorf("a thread through another space: %v", err)
		}
		if _, err := st.Reply(a1, other.ID, th.ID, "x"); err == nil || err.Error() != "no such thread" {
			t.Errorf("a reply through another space: %v", err)
		}
		if _, err := st.Reply(a1, reply.ID, th.ID, "   "); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("an empty reply: %v", err)
		}
		list, err := st.Threads(a1, reply.ID)
		if err != nil || len(list) != 1 || list[0].Posts != 3 {
			t.Errorf("threads: %+v %v", list, err)
		}
		// The contacts' posts are on their account's timeline; staff's are not.
		tps, _, err := st.ListTouchpoints(op, store.TouchpointQuery{AccountID: w.a, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		var subjects []string
		for _, tp := range tps {
			if tp.Kind == "portal" {
				subjects = append(subjects, tp.Subject)
				if tp.EffortMinutes != 0 {
					t.Errorf("a portal post counts effort: %+v", tp)
				}
			}
		}
		if len(subjects) != 2 || subjects[0] != "Posted in the portal: Lead times?" {
			t.Errorf("portal touchpoints of A: %q", subjects)
		}
	})
}

// TestEvents: staff add a webinar to a space; a contact who sees the space
// registers once (a touchpoint on their account's timeline, not twice); a
// contact who does not see it finds no event and cannot register; staff
// see the count.
func TestEvents(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		op := crm.WithActor(context.Background(), crm.Operator)
		sp, err := st.CreateSpace(op, "A customers", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelSee}})
		if err != nil {
			t.Fatal(err)
		}
		starts := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Minute)
		if _, err := st.CreateEvent(op, crm.Event{SpaceID: sp.ID, Title: "x", Kind: "webinar", StartsAt: starts, Minutes: 60, JoinURL: "javascript:alert(1)"}); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("a javascript: join URL: %v", err)
		}
		e, err := st.CreateEvent(op, crm.Event{SpaceID: sp.ID, Title: "What's new in MT-4", Kind: "webinar", StartsAt: starts, Minutes: 45, JoinURL: "https://meet.jit.si/vitalfew-mt4"})
		if err != nil {
			t.Fatal(err)
		}
		as := func(c crm.Contact, tier string) context.Context {
			return crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: c.ID, AccountID: c.AccountID, Email: c.Name}, tier))
		}
		a1, b1 := as(w.a1, "A"), as(w.b1, "C")
		list, err := st.Events(a1, sp.ID, time.Now())
		if err != nil || len(list) != 1 || list[0].Registered || !list[0].StartsAt.Equal(starts) {
			t.Fatalf("a1's events: %+v %v", list, err)
		}
		for range 2 {
			if got, err := st.RegisterForEvent(a1, sp.ID, e.ID); err != nil || !got.Registered {
				t.Fatalf("register: %+v %v", got, err)
			}
		}
		tps, _, err := st.ListTouchpoints(op, store.TouchpointQuery{AccountID: w.a, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, tp := range tps {
			if tp.Kind == "webinar" && tp.Subject == "Registered: What's new in MT-4" && tp.ContactID == w.a1.ID {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d registration touchpoints on A's timeline, want 1: %+v", n, tps)
		}
		if got, err := st.Event(op, sp.ID, e.ID); err != nil || got.Registrations != 1 {
			t.Errorf("staff's count: %+v %v", got, err)
		}
		if _, err := st.Event(b1, sp.ID, e.ID); err == nil || err.Error() != "no such event" {
			t.Errorf("b1 reads the event: %v", err)
		}
		if _, err := st.RegisterForEvent(b1, sp.ID, e.ID); err == nil || err.Error() != "no such event" {
			t.Errorf("b1 registers: %v", err)
		}
		if _, err := st.Events(b1, sp.ID, time.Now()); err == nil || err.Error() != "no such space" {
			t.Errorf("b1 lists the events: %v", err)
		}
		if _, err := st.RegisterForEvent(op, sp.ID, e.ID); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("staff register: %v", err)
		}
	})
}

// TestSpaceGrantsDifferential: 200 spaces with random grants (tiers,
// accounts, contacts, levels) and 1,000 random principals (a contact and
// the tier its account is in at that moment): what a principal lists is
// exactly what it can get by id, both are what the grants say (a model
// written here, apart from the store's SQL), at the highest level granted,
// and every other id is the missing space's error.
func TestSpaceGrantsDifferential(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		op := crm.WithActor(context.Background(), crm.Operator)
		rng := rand.New(rand.NewPCG(13, 2026))
		contacts := []crm.Contact{w.a1, w.a2, w.b1}
		type grant struct {
			kind, value, level string
		}
		model := map[int64][]grant{}
		var ids []int64
		for i := range 200 {
			var gs []crm.Grant
			for range 1 + rng.IntN(3) {
				level := crm.Levels[rng.IntN(len(crm.Levels))]
				switch rng.IntN(3) {
				case 0:
					gs = append(gs, crm.Grant{Kind: "tier", Value: []string{"A", "B", "C"}[rng.IntN(3)], Level: level})
				case 1:
					gs = append(gs, crm.Grant{Kind: "account", Value: strconv.FormatInt([]int64{w.a, w.b}[rng.IntN(2)], 10), Level: level})
				default:
					c := contacts[rng.IntN(len(contacts))]
					gs = append(gs, crm.Grant{Kind: "contact", Value: c.Name, Level: level}) // by e-mail; kept by id
				}
			}
			sp, err := st.CreateSpace(op, "space "+strconv.Itoa(i), gs)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, sp.ID)
			for _, g := range sp.Grants { // as kept, later ones of a kind and value winning as in the store
				model[sp.ID] = append(model[sp.ID], grant{g.Kind, g.Value, g.Level})
			}
		}
		expect := func(c crm.Contact, tier string) map[int64]string {
			out := map[int64]string{}
			for id, gs := range model {
				last := map[string]string{}
				for _, g := range gs {
					last[g.kind+"\x00"+g.value] = g.level
				}
				for k, level := range last {
					kind, value, _ := strings.Cut(k, "\x00")
					if kind == "tier" && value == tier || kind == "account" && value == strconv.FormatInt(c.AccountID, 10) ||
						kind == "contact" && value == strconv.FormatInt(c.ID, 10) {
						if crm.LevelRank(level) > crm.LevelRank(out[id]) {
							out[id] = level
						}
					}
				}
			}
			return out
		}
		for i := range 1000 {
			c := contacts[rng.IntN(len(contacts))]
			tier := []string{"A", "B", "C", ""}[rng.IntN(4)]
			ctx := crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: c.ID, AccountID: c.AccountID, Email: c.Name}, tier))
			want := expect(c, tier)
			list, err := st.Spaces(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := map[int64]string{}
			for _, sp := range list {
				got[sp.ID] = sp.Level
				if sp.Grants != nil {
					t.Fatalf("a contact is shown a space's grants: %+v", sp)
				}
			}
			if !maps.Equal(got, want) {
				t.Fatalf("principal %d (%s, tier %q): lists %v, want %v", i, c.Name, tier, got, want)
			}
			for range 10 {
				id := ids[rng.IntN(len(ids))]
				sp, err := st.Space(ctx, id)
				level, ok := want[id]
				switch {
				case ok && (err != nil || sp.Level != level):
					t.Fatalf("principal %d: space %d: %+v %v, want level %s", i, id, sp, err, level)
				case !ok && (err == nil || err.Error() != "no such space"):
					t.Fatalf("principal %d: space %d: %v, want the missing space's error", i, id, err)
				}
			}
		}
	})
}

// TestPortalEngagement: invitations, logins, page reads, posts and
// registrations counted per account; the access log lists an account's
// reads, newest first; a staff user of other accounts sees none of it and
// a portal contact may not read it.
func TestPortalEngagement(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		ctx := context.Background()
		op := crm.WithActor(ctx, crm.Operator)
		for _, c := range []struct{ email, hash string }{{"a1@alder.example", "ha1"}, {"b1@birch.example", "hb1"}} {
			if _, err := st.InvitePortal(op, c.email, c.hash, time.Now().Add(time.Hour), nil); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.AcceptPortalInvitation(ctx, "ha1", "pw"); err != nil {
			t.Fatal(err)
		}
		sp, err := st.CreateSpace(op, "A", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelCreate}})
		if err != nil {
			t.Fatal(err)
		}
		e, err := st.CreateEvent(op, crm.Event{SpaceID: sp.ID, Title: "Webinar", Kind: crm.EventWebinar, StartsAt: time.Now().Add(time.Hour), Minutes: 30})
		if err != nil {
			t.Fatal(err)
		}
		a1 := crm.WithActor(ctx, crm.PortalActor(crm.PortalContact{ContactID: w.a1.ID, AccountID: w.a, Email: "a1@alder.example"}, "A"))
		for _, k := range []string{"space", "page"} {
			if err := st.LogPortalRead(a1, k, sp.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.LogPortalRead(op, "space", sp.ID); err != nil { // staff reads are not logged
			t.Fatal(err)
		}
		if _, err := st.CreateThread(a1, sp.ID, "Hello", "First post"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.RegisterForEvent(a1, sp.ID, e.ID); err != nil {
			t.Fatal(err)
		}
		got, err := st.PortalEngagement(op, time.Now().Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		byAccount := map[int64]store.Engagement{}
		for _, g := range got {
			byAccount[g.AccountID] = g
		}
		ga, gb := byAccount[w.a], byAccount[w.b]
		if ga.Invited != 1 || ga.Users != 1 || ga.Active != 1 || ga.Views != 2 || ga.Posts != 1 || ga.Registrations != 1 || ga.LastVisit.IsZero() {
			t.Errorf("A's engagement: %+v", ga)
		}
		if gb.Invited != 1 || gb.Users != 0 || gb.Views != 0 || len(got) != 2 {
			t.Errorf("B's engagement: %+v (of %d accounts)", gb, len(got))
		}
		reads, err := st.PortalReads(op, w.a, 10)
		if err != nil || len(reads) != 2 || reads[0].Kind != "page" || reads[0].ContactID != w.a1.ID {
			t.Errorf("A's access log: %+v %v", reads, err)
		}
		other := crm.WithActor(ctx, crm.Actor{UserID: 9, Name: "petra", Role: crm.RoleStaff, Scope: crm.OwnedBy("Petra")})
		if g, err := st.PortalEngagement(other, time.Time{}); err != nil || len(g) != 0 {
			t.Errorf("engagement of accounts someone else owns: %+v %v", g, err)
		}
		if r, err := st.PortalReads(other, w.a, 10); err != nil || len(r) != 0 {
			t.Errorf("the access log of an account someone else owns: %+v %v", r, err)
		}
		if _, err := st.PortalReads(a1, w.a, 10); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a contact reads the access log: %v", err)
		}
		// Many reads at once (written in batches): every one is logged,
		// once, and read back at once.
		var wg sync.WaitGroup
		for g := range 20 {
			wg.Go(func() {
				for i := range 20 {
					if err := st.LogPortalRead(a1, "thread", int64(1000*g+i)); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		reads, err = st.PortalReads(op, w.a, store.MaxPageSize)
		seen := map[int64]bool{}
		for _, r := range reads {
			if r.Kind == "thread" {
				seen[r.TargetID] = true
			}
		}
		if err != nil || len(reads) != 402 || len(seen) != 400 {
			t.Errorf("400 reads at once: %d logged, %d distinct threads, %v", len(reads), len(seen), err)
		}
	})
}

// TestSearchSpaces: a search finds pages and threads by title or text in
// the spaces the principal may see and nothing of the others (neither hit
// nor count); % and _ are searched as themselves.
func TestSearchSpaces(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		op := crm.WithActor(context.Background(), crm.Operator)
		secret, err := st.CreateSpace(op, "A only", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelCreate}})
		if err != nil {
			t.Fatal(err)
		}
		open, err := st.CreateSpace(op, "Everyone", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelSee}, {Kind: "tier", Value: "C", Level: crm.LevelSee}})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []struct {
			space       int64
			title, body string
		}{{secret.ID, "Price list 2027", "The new Gearbox prices rise 4%."}, {open.ID, "Gearbox manual", "Mounting the gearbox."}, {open.ID, "Discounts", "100% off? No: 10_000 units."}} {
			if _, err := st.AddSpacePage(op, p.space, p.title, p.body); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.CreateThread(op, secret.ID, "Lead times", "When does the GEARBOX ship?"); err != nil {
			t.Fatal(err)
		}
		as := func(c crm.Contact, tier string) context.Context {
			return crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: c.ID, AccountID: c.AccountID, Email: c.Name}, tier))
		}
		titles := func(ctx context.Context, q string) []string {
			hits, err := st.SearchSpaces(ctx, q)
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			var out []string
			for _, h := range hits {
				out = append(out, h.Kind+":"+h.Title)
			}
			return out
		}
		for _, c := range []struct {
			ctx  context.Context
			q    string
			want string
		}{
			{as(w.a1, "A"), "gearbox", "page:Gearbox manual page:Price list 2027 thread:Lead times"},
			{as(w.b1, "C"), "gearbox", "page:Gearbox manual"},
			{as(w.b1, "C"), "price", ""},
			{as(w.b1, "B"), "gearbox", ""},
			{as(w.a1, "A"), "100%", "page:Discounts"},                                            // % is no wildcard
			{as(w.a1, "A"), "10_000", "page:Discounts"},                                          // nor _
			{as(w.a1, "A"), "10 %%", "page:Discounts"},                                           // nor is %% everything
			{as(w.a1, "A"), "ear", "page:Gearbox manual page:Price list 2027 thread:Lead times"}, // within a word
			{as(w.a1, "A"), "MOUNTING THE", "page:Gearbox manual"},
			{as(w.a1, "A"), "the gearbox", "page:Gearbox manual page:Price list 2027 thread:Lead times"}, // every word, anywhere
			{as(w.a1, "A"), "gearbox prices", "page:Price list 2027"},
			{as(w.a1, "A"), "gearbox lead ship", "thread:Lead times"}, // a thread's title and posts are one text
			{as(w.a1, "A"), "gearbox units", ""},                      // the words of two pages are not one page's
			{op, "lead", "thread:Lead times"},
		} {
			if got := strings.Join(titles(c.ctx, c.q), " "); got != c.want {
				t.Errorf("search %q: %q, want %q", c.q, got, c.want)
			}
		}
		for _, q := range []string{"x", "x%y", "1_0", "%%", "- !"} {
			if _, err := st.SearchSpaces(op, q); crm.ErrorCode(err) != crm.EINVALID {
				t.Errorf("search %q, without a word of two letters: %v", q, err)
			}
		}
		// An edited page is found by its new text, not by its old.
		pages, err := st.SpacePages(op, open.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			if p.Title == "Gearbox manual" {
				if _, err := st.UpdateSpacePage(op, open.ID, p.ID, "Gearbox manual", "Torque settings."); err != nil {
					t.Fatal(err)
				}
			}
		}
		if got := strings.Join(titles(op, "mounting"), " "); got != "" {
			t.Errorf("the old text is still found: %q", got)
		}
		if got := strings.Join(titles(op, "torque"), " "); got != "page:Gearbox manual" {
			t.Errorf("the new text: %q", got)
		}
		// The newest first, pages before threads.
		if _, err := st.AddSpacePage(op, open.ID, "Zebra gearbox", "Striped."); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(titles(as(w.a1, "A"), "gearbox"), " "); got != "page:Zebra gearbox page:Gearbox manual page:Price list 2027 thread:Lead times" {
			t.Errorf("newest first: %q", got)
		}
	})
}

// TestNotifyPost: a post's mail goes to the portal users who may see the
// space (by tier, account or contact grant), not to its author, not to
// those who turned it off (by their token or the setting), and not to a
// contact who left.
func TestNotifyPost(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		ctx := context.Background()
		op := crm.WithActor(ctx, crm.Operator)
		for _, c := range []struct{ email, hash string }{{"a1@alder.example", "h1"}, {"a2@alder.example", "h2"}, {"b1@birch.example", "h3"}} {
			if _, err := st.InvitePortal(op, c.email, c.hash, time.Now().Add(time.Hour), nil); err != nil {
				t.Fatal(err)
			}
			if _, err := st.AcceptPortalInvitation(ctx, c.hash, "pw"); err != nil {
				t.Fatal(err)
			}
		}
		sp, err := st.CreateSpace(op, "A", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelReply}})
		if err != nil {
			t.Fatal(err)
		}
		tiers := map[int64]string{w.a: "A", w.b: "C"}
		tierOf := func(id int64) string { return tiers[id] }
		tokens := map[string]string{}
		compose := func(c crm.PortalContact, token string) crm.Mail {
			tokens[c.Email] = token
			return crm.Mail{Subject: "New post", Body: "unsubscribe: " + token}
		}
		queued := func(author int64) []string {
			tokens = map[string]string{}
			if _, err := st.NotifyPost(op, sp.ID, author, tierOf, compose); err != nil {
				t.Fatal(err)
			}
			return slices.Sorted(maps.Keys(tokens))
		}
		if got := queued(w.a1.ID); !slices.Equal(got, []string{"a2@alder.example"}) {
			t.Errorf("a1's post notifies %v, want a2 only", got)
		}
		if got := queued(0); !slices.Equal(got, []string{"a1@alder.example", "a2@alder.example"}) {
			t.Errorf("staff's post notifies %v", got)
		}
		tok := tokens["a2@alder.example"]
		if ok, err := st.Unsubscribe(ctx, tok); err != nil || !ok {
			t.Fatalf("unsubscribe: %v %v", ok, err)
		}
		if ok, _ := st.Unsubscribe(ctx, "not-a-token-of-anyone"); ok {
			t.Error("an unknown token unsubscribed someone")
		}
		a1 := crm.WithActor(ctx, crm.PortalActor(crm.PortalContact{ContactID: w.a1.ID, AccountID: w.a}, "A"))
		if err := st.SetNotify(a1, false); err != nil {
			t.Fatal(err)
		}
		if on, err := st.Notify(a1); err != nil || on {
			t.Errorf("a1's setting: %v %v", on, err)
		}
		if got := queued(0); len(got) != 0 {
			t.Errorf("after both turned it off: %v", got)
		}
		// b1's account joins tier A; b1's mail follows.
		tiers[w.b] = "A"
		if got := queued(0); !slices.Equal(got, []string{"b1@birch.example"}) {
			t.Errorf("after B joined tier A: %v", got)
		}
		if _, err := st.UpdateContact(op, w.b1.ID, func(c *crm.Contact) error { c.Status = "left"; return nil }); err != nil {
			t.Fatal(err)
		}
		if got := queued(0); len(got) != 0 {
			t.Errorf("a contact who left is notified: %v", got)
		}
		if waiting, _, _ := st.OutboxWaiting(ctx); waiting != 4 {
			t.Errorf("%d mails in the outbox, want 4", waiting)
		}
	})
}

// TestPageRevisions: an edit keeps every version with its author, newest
// first; a contact who may see the space reads them, one who may not gets
// the missing page; contacts cannot edit.
func TestPageRevisions(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		op := crm.WithActor(context.Background(), crm.Operator)
		pm := crm.WithActor(context.Background(), crm.Actor{UserID: 5, Name: "pm@supplier.example", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
		sp, err := st.CreateSpace(op, "A", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelModerate}})
		if err != nil {
			t.Fatal(err)
		}
		p, err := st.AddSpacePage(op, sp.ID, "Datasheets", "v1\n")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.UpdateSpacePage(pm, sp.ID, p.ID, "Datasheets 2027", "v1\nv2\n"); err != nil {
			t.Fatal(err)
		}
		as := func(c crm.Contact, tier string) context.Context {
			return crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: c.ID, AccountID: c.AccountID, Email: c.Name}, tier))
		}
		revs, err := st.PageRevisions(as(w.a1, "A"), sp.ID, p.ID)
		if err != nil || len(revs) != 2 || revs[0].Author != "pm@supplier.example" || revs[0].Title != "Datasheets 2027" || revs[1].Body != "v1\n" || revs[1].Author != "cli" {
			t.Fatalf("revisions: %+v %v", revs, err)
		}
		if _, err := st.PageRevisions(as(w.b1, "C"), sp.ID, p.ID); err == nil || err.Error() != "no such page" {
			t.Errorf("b1 reads the revisions: %v", err)
		}
		if _, err := st.UpdateSpacePage(as(w.a1, "A"), sp.ID, p.ID, "Mine", "x"); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a contact edits: %v", err)
		}
		other, err := st.CreateSpace(op, "B", []crm.Grant{{Kind: "tier", Value: "B", Level: crm.LevelSee}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.UpdateSpacePage(pm, other.ID, p.ID, "x", "y"); err == nil || err.Error() != "no such page" {
			t.Errorf("an edit through another space: %v", err)
		}
	})
}

// TestIdeas: a1 (level create in the tier-A space) posts an idea, a touchpoint
// on A's timeline; a2 votes once, withdraws, votes again (one touchpoint);
// staff add an idea on behalf of B with a touchpoint of B as its source and
// set statuses; a contact may not. b1, whose tier C sees no space, lists,
// reads, votes and posts nothing: the same error as a missing idea or space.
// A contact reads no account behind an idea; staff read them all.
func TestIdeas(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		op := crm.WithActor(context.Background(), crm.Operator)
		sp, err := st.CreateSpace(op, "A customers", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelCreate}})
		if err != nil {
			t.Fatal(err)
		}
		as := func(c crm.Contact, tier string) context.Context {
			return crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: c.ID, AccountID: c.AccountID, Email: c.Name}, tier))
		}
		a1, a2, b1 := as(w.a1, "A"), as(w.a2, "A"), as(w.b1, "C")
		if _, err := st.CreateIdea(a1, sp.ID, "", "x", nil); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("an idea without a title: %v", err)
		}
		if _, err := st.CreateIdea(a1, sp.ID, "x", "", []crm.IdeaRequester{{AccountID: w.b}}); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a contact links an account: %v", err)
		}
		mine, err := st.CreateIdea(a1, sp.ID, "Export to SAP", "We need **IDocs**.", nil)
		if err != nil || mine.Status != crm.IdeaOpen || mine.Votes != 0 || mine.Staff || mine.Accounts != nil {
			t.Fatalf("a1's idea: %+v %v", mine, err)
		}
		tp, err := st.CreateTouchpoint(op, crm.Touchpoint{AccountID: w.b, Kind: "call", Department: "sales", OccurredAt: time.Now(), Subject: "wants a dark mode"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateIdea(op, sp.ID, "x", "", []crm.IdeaRequester{{AccountID: w.a, SourceKind: crm.SourceTouchpoint, SourceID: tp.ID}}); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("a source of another account: %v", err)
		}
		staffs, err := st.CreateIdea(op, sp.ID, "Dark mode", "", []crm.IdeaRequester{{AccountID: w.b, SourceKind: crm.SourceTouchpoint, SourceID: tp.ID, Note: "on the phone"}})
		if err != nil || !staffs.Staff || len(staffs.Accounts) != 1 || staffs.Accounts[0] != (crm.IdeaAccount{AccountID: w.b, Name: "Birch Foods Ltd", Asked: true,
			SourceKind: crm.SourceTouchpoint, SourceID: tp.ID, Note: "on the phone"}) {
			t.Fatalf("staff's idea for B: %+v %v", staffs, err)
		}

		// Votes: once, withdrawn, again.
		for _, step := range []struct {
			on    bool
			votes int
		}{{true, 1}, {true, 1}, {false, 0}, {false, 0}, {true, 1}} {
			got, err := st.Vote(a2, sp.ID, mine.ID, step.on)
			if err != nil || got.Votes != step.votes || got.Voted != step.on {
				t.Fatalf("a2 votes %v: %+v %v", step.on, got, err)
			}
		}
		if _, err := st.Vote(op, sp.ID, mine.ID, true); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("staff vote: %v", err)
		}
		tps, _, err := st.ListTouchpoints(op, store.TouchpointQuery{AccountID: w.a, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		counts := map[string]int{}
		for _, tp := range tps {
			counts[tp.Subject]++
		}
		if counts["Posted an idea in the portal: Export to SAP"] != 1 || counts["Voted for an idea in the portal: Export to SAP"] != 1 {
			t.Errorf("A's timeline: %v", counts)
		}

		// What a contact reads: votes and status, their own vote, no account.
		list, err := st.Ideas(a1, sp.ID)
		if err != nil || len(list) != 2 || list[0].ID != mine.ID || list[0].Votes != 1 || list[0].Voted {
			t.Fatalf("a1's list: %+v %v", list, err)
		}
		for _, i := range list {
			if i.Accounts != nil {
				t.Errorf("a1 reads the accounts behind %q: %+v", i.Title, i.Accounts)
			}
		}
		// Staff read them: A asked (a1 posted) and voted (a2); B asked.
		got, err := st.Idea(op, sp.ID, mine.ID)
		if err != nil || len(got.Accounts) != 1 || got.Accounts[0] != (crm.IdeaAccount{AccountID: w.a, Name: "Alder Maschinenbau AG", Asked: true, Votes: 1}) {
			t.Errorf("staff read a1's idea: %+v %v", got, err)
		}

		// Status: staff only.
		if _, err := st.SetIdeaStatus(a1, sp.ID, mine.ID, crm.IdeaPlanned); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a1 sets the status: %v", err)
		}
		if _, err := st.SetIdeaStatus(op, sp.ID, mine.ID, "maybe"); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("an unknown status: %v", err)
		}
		if got, err := st.SetIdeaStatus(op, sp.ID, mine.ID, crm.IdeaInProgress); err != nil || got.Status != crm.IdeaInProgress {
			t.Errorf("staff set the status: %+v %v", got, err)
		}
		if es := audited(t, st, "idea", mine.ID); len(es) < 4 {
			t.Errorf("the idea's audit: %d entries", len(es))
		}

		// b1 finds nothing, and cannot tell a hidden idea from a missing one.
		other, err := st.CreateSpace(op, "B only", []crm.Grant{{Kind: "account", Value: strconv.FormatInt(w.b, 10), Level: crm.LevelCreate}})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{mine.ID, 99999999} {
			if _, err := st.Idea(b1, sp.ID, id); err == nil || err.Error() != "no such idea" {
				t.Errorf("b1 reads idea %d: %v", id, err)
			}
			if _, err := st.Vote(b1, sp.ID, id, true); err == nil || err.Error() != "no such idea" {
				t.Errorf("b1 votes for idea %d: %v", id, err)
			}
			if _, err := st.SetIdeaStatus(b1, sp.ID, id, crm.IdeaDone); err == nil || err.Error() != "no such idea" {
				t.Errorf("b1 sets the status of idea %d: %v", id, err)
			}
			// An idea asked for through another space is not in it.
			if _, err := st.Vote(b1, other.ID, id, true); err == nil || err.Error() != "no such idea" {
				t.Errorf("b1 votes for idea %d through their own space: %v", id, err)
			}
		}
		if _, err := st.Ideas(b1, sp.ID); err == nil || err.Error() != "no such space" {
			t.Errorf("b1 lists the ideas: %v", err)
		}
		if _, err := st.CreateIdea(b1, sp.ID, "Mine", "", nil); err == nil || err.Error() != "no such space" {
			t.Errorf("b1 posts an idea: %v", err)
		}
		if all, err := st.AllIdeas(b1); err != nil || len(all) != 0 {
			t.Errorf("b1's ideas of all spaces: %+v %v", all, err)
		}
		if all, err := st.AllIdeas(op); err != nil || len(all) != 2 {
			t.Errorf("staff's ideas of all spaces: %+v %v", all, err)
		}

		// The level: a contact who may only see a space neither votes nor posts.
		seen, err := st.CreateSpace(op, "A, read only", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelSee}})
		if err != nil {
			t.Fatal(err)
		}
		ro, err := st.CreateIdea(op, seen.ID, "Read-only idea", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Vote(a1, seen.ID, ro.ID, true); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a1 votes at level see: %v", err)
		}
		if _, err := st.CreateIdea(a1, seen.ID, "x", "", nil); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a1 posts at level see: %v", err)
		}
	})
}

// TestIdeasScoped: a staff user who sees only her own accounts reads the
// ideas, but not the accounts behind them that are not hers, and cannot
// link another's account.
func TestIdeasScoped(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		op := crm.WithActor(context.Background(), crm.Operator)
		sp, err := st.CreateSpace(op, "Everyone", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelReply}})
		if err != nil {
			t.Fatal(err)
		}
		idea, err := st.CreateIdea(op, sp.ID, "Dark mode", "", []crm.IdeaRequester{{AccountID: w.a}, {AccountID: w.b}})
		if err != nil || len(idea.Accounts) != 2 {
			t.Fatalf("%+v %v", idea, err)
		}
		petra := crm.WithActor(context.Background(), crm.Actor{UserID: 99, Name: "petra", Role: crm.RoleStaff, Scope: crm.OwnedBy("Petra")})
		got, err := st.AllIdeas(petra)
		if err != nil || len(got) != 1 || len(got[0].Accounts) != 0 {
			t.Errorf("petra reads: %+v %v", got, err)
		}
		if _, err := st.AddIdeaRequester(petra, sp.ID, idea.ID, crm.IdeaRequester{AccountID: w.b}); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("petra links B: %v", err)
		}
	})
}

// TestSearchIndexBuilt: a database whose pages and threads were written
// before the search index (as one migrated from before 00024) is indexed
// once when opened, and its older pages, threads and replies are found.
func TestSearchIndexBuilt(t *testing.T) {
	path := testkit.SQLite(t)
	st := MustOpen(t, path)
	op := crm.WithActor(context.Background(), crm.Operator)
	sp, err := st.CreateSpace(op, "Everyone", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelCreate}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddSpacePage(op, sp.ID, "Kegelradgetriebe", "Wartung alle 2000 Stunden."); err != nil {
		t.Fatal(err)
	}
	th, err := st.CreateThread(op, sp.ID, "Lead times", "When does it ship?")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Reply(op, sp.ID, th.ID, "Next Tuesday, from Hamburg."); err != nil {
		t.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DELETE FROM space_word_docs`, `DELETE FROM space_words`, `DELETE FROM settings WHERE key = 'search_index'`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	st = MustOpen(t, path)
	for q, want := range map[string]string{"getriebe stunden": "page", "hamburg ship": "thread", "lead": "thread"} {
		hits, err := st.SearchSpaces(op, q)
		if err != nil || len(hits) != 1 || hits[0].Kind != want {
			t.Errorf("search %q after the index was built: %+v %v, want one %s", q, hits, err, want)
		}
	}
}

// TestAnswerEffort: the minutes staff spend answering in a thread are
// effort on the accounts whose contacts wrote in it, shared equally, as
// portal touchpoints; a contact's minutes and an answer of no minutes
// count nothing; more than MaxAnswerMinutes is refused.
func TestAnswerEffort(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		op := crm.WithActor(context.Background(), crm.Operator)
		staff := crm.WithActor(context.Background(), crm.Actor{UserID: 7, Name: "pm@supplier.example", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
		as := func(c crm.Contact, tier string) context.Context {
			return crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: c.ID, AccountID: c.AccountID, Email: c.Name}, tier))
		}
		sp, err := st.CreateSpace(op, "All", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelCreate}, {Kind: "tier", Value: "C", Level: crm.LevelReply}})
		if err != nil {
			t.Fatal(err)
		}
		th, err := st.CreateThread(as(w.a1, "A"), sp.ID, "Lead times?", "How long?")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Answer(as(w.b1, "C"), sp.ID, th.ID, "Us too.", 30); err != nil { // a contact's minutes: not counted
			t.Fatal(err)
		}
		if _, err := st.Answer(staff, sp.ID, th.ID, "Ten days.", 12); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Answer(staff, sp.ID, th.ID, "Thanks!", 0); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Answer(staff, sp.ID, th.ID, "Long.", store.MaxAnswerMinutes+1); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("an answer of %d minutes: %v", store.MaxAnswerMinutes+1, err)
		}
		for _, c := range []struct {
			account int64
			want    float64
		}{{w.a, 6}, {w.b, 6}} {
			tps, _, err := st.ListTouchpoints(op, store.TouchpointQuery{AccountID: c.account, Department: "product"})
			if err != nil {
				t.Fatal(err)
			}
			var effort float64
			answers := 0
			for _, tp := range tps {
				effort += tp.EffortMinutes
				if strings.HasPrefix(tp.Subject, "Answered in the portal: Lead times?") {
					answers++
				}
			}
			if effort != c.want || answers != 1 {
				t.Errorf("account %d: %v minutes in %d answers, want %v in 1: %+v", c.account, effort, answers, c.want, tps)
			}
		}
	})
}
