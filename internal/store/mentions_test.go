package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// mention builds a scored mention record; sentiment is given by hand so
// that these tests do not depend on the sentiment engine.
func mention(line int, platform, id, handle, email, text string, compound float64) crm.MentionRecord {
	label := "neutral"
	switch {
	case compound >= 0.05:
		label = "positive"
	case compound <= -0.05:
		label = "negative"
	}
	return crm.MentionRecord{Line: line, Mention: crm.Mention{Platform: platform, ExternalID: id, AuthorHandle: handle, AuthorEmail: email,
		Text: text, PostedAt: time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC).Add(time.Duration(line) * time.Hour),
		Lang: "en", Compound: compound, Label: label, Intensity: 0.5}}
}

// listeningFixture imports three accounts and two contacts with identities.
func listeningFixture(t *testing.T, st *store.Store) (acme, brandt, cramer int64, jane, otto int64) {
	t.Helper()
	ctx := crm.WithActor(context.Background(), crm.Operator)
	if _, err := st.ImportAccounts(crm.WithActor(ctx, crm.Operator), []crm.AccountRecord{
		{Line: 2, Account: crm.Account{ExternalID: "K1", Name: "Acme Antriebstechnik GmbH", Domain: "acme.de"}},
		{Line: 3, Account: crm.Account{ExternalID: "K2", Name: "Brandt Maschinenbau KG", Domain: "brandt-mb.de"}},
		{Line: 4, Account: crm.Account{ExternalID: "K3", Name: "Cramer AG", Domain: "cramer.example"}},
	}, crm.ImportOptions{File: "a.csv"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportContacts(crm.WithActor(ctx, crm.Operator), []crm.ContactRecord{
		{Line: 2, Account: crm.AccountRef{ExternalID: "K1"}, Contact: crm.Contact{ExternalID: "P1", Name: "Jane Doe", Status: crm.ContactActive,
			Identities: []crm.Identity{{Kind: crm.IdentityEmail, Value: "jane@acme.de"}, {Kind: crm.IdentityLinkedIn, Value: "jane-doe"}}}},
		{Line: 3, Account: crm.AccountRef{ExternalID: "K2"}, Contact: crm.Contact{ExternalID: "P2", Name: "Otto Brandt", Status: crm.ContactActive,
			Identities: []crm.Identity{{Kind: crm.IdentityEmail, Value: "otto@gmail.com"}, {Kind: crm.IdentityX, Value: "ottob"}}}},
	}, crm.ImportOptions{File: "c.csv"}); err != nil {
		t.Fatal(err)
	}
	dir, err := st.Directory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dir {
		switch d.Name {
		case "Acme Antriebstechnik GmbH":
			acme = d.ID
		case "Brandt Maschinenbau KG":
			brandt = d.ID
		case "Cramer AG":
			cramer = d.ID
		}
	}
	staff := crm.WithActor(ctx, crm.Operator)
	cs, _, err := st.ListContacts(staff, store.ContactQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		switch c.Name {
		case "Jane Doe":
			jane = c.ID
		case "Otto Brandt":
			otto = c.ID
		}
	}
	if acme == 0 || brandt == 0 || cramer == 0 || jane == 0 || otto == 0 {
		t.Fatalf("fixture: %d %d %d %d %d", acme, brandt, cramer, jane, otto)
	}
	return
}

func TestImportMentionsMatches(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := crm.WithActor(context.Background(), crm.Operator)
		acme, brandt, cramer, jane, otto := listeningFixture(t, st)
		recs := []crm.MentionRecord{
			mention(2, "linkedin", "li-1", "jane-doe", "", "Delivery late again", -0.6),             // handle
			mention(3, "x", "x-1", "stranger", "otto@gmail.com", "Thanks!", 0.7),                    // email of a contact
			mention(4, "facebook", "fb-1", "", "buyer@cramer.example", "Question?", 0),              // company email domain
			mention(5, "x", "x-2", "someone", "", "Ordered from www.brandt-mb.de/shop today", 0.3),  // domain in text
			mention(6, "x", "x-3", "fan", "", "Die Leute bei ACME Antriebstechnik sind super", 0.8), // name in text
			mention(7, "x", "x-4", "jane-doe", "", "Wrong platform for that handle", 0),             // linkedin handle on x: no match
			mention(8, "trustpilot", "tp-1", "", "", "Terrible service, never again", -0.9),         // nothing
			mention(9, "x", "x-5", "", "someone@gmail.com", "Cramer is slow", -0.3),                 // free mail, short name: nothing
		}
		sum, err := st.ImportMentions(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{File: "m.csv"})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Inserted != 8 || sum.Updated != 0 || sum.Unchanged != 0 {
			t.Fatalf("first import: %+v", sum)
		}
		viewer := crm.WithActor(ctx, crm.Actor{Name: "v", Role: crm.RoleViewer, Scope: crm.AllAccounts()})
		ms, n, err := st.ListMentions(viewer, store.MentionQuery{Limit: 100})
		if err != nil || n != 8 {
			t.Fatalf("list: %d, %v", n, err)
		}
		type match struct {
			account, contact int64
			method           string
			care             string
		}
		want := map[string]match{
			"li-1": {acme, jane, crm.MatchHandle, crm.CareOpen},
			"x-1":  {brandt, otto, crm.MatchEmail, crm.CareNone},
			"fb-1": {cramer, 0, crm.MatchDomain, crm.CareOpen},
			"x-2":  {brandt, 0, crm.MatchDomain, crm.CareNone},
			"x-3":  {acme, 0, crm.MatchName, crm.CareNone},
			"x-4":  {0, 0, "", crm.CareNone},
			"tp-1": {0, 0, "", crm.CareOpen},
			"x-5":  {0, 0, "", crm.CareOpen},
		}
		byExt := map[string]crm.Mention{}
		for _, m := range ms {
			byExt[m.ExternalID] = m
			w := want[m.ExternalID]
			got := match{m.AccountID, m.ContactID, m.MatchMethod, m.Care}
			if got != w {
				t.Errorf("%s: %+v, want %+v", m.ExternalID, got, w)
			}
			if w.method != "" && m.MatchConfidence != crm.MatchConfidence[w.method] {
				t.Errorf("%s: confidence %g", m.ExternalID, m.MatchConfidence)
			}
		}
		if m := byExt["li-1"]; !m.PostedAt.Equal(time.Date(2026, 11, 20, 11, 30, 0, 0, time.UTC)) || m.Compound != -0.6 || m.Label != "negative" {
			t.Errorf("stored mention: %+v", m)
		}
		if _, n, _ := st.ListMentions(viewer, store.MentionQuery{Unmatched: true}); n != 3 {
			t.Errorf("unmatched: %d, want 3", n)
		}

		// Care work survives a re-import; an edited text is an update.
		staff := crm.WithActor(ctx, crm.Operator)
		li := byExt["li-1"]
		note := "Called Jane, new date agreed"
		at := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
		if _, err := st.UpdateCare(staff, li.ID, store.CareUpdate{Reply: &note}, at); err != nil {
			t.Fatal(err)
		}
		recs[1].Mention.Text = "Thanks a lot!"
		sum, err = st.ImportMentions(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{File: "m.csv"})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Inserted != 0 || sum.Updated != 1 || sum.Unchanged != 7 {
			t.Fatalf("re-import: %+v", sum)
		}
		li, err = st.Mention(viewer, li.ID)
		if err != nil || li.ReplyNote != note || !li.RespondedAt.Equal(at) || li.Care != crm.CareOpen {
			t.Fatalf("care after re-import: %+v, %v", li, err)
		}
		// Dry run writes nothing.
		extra := append(recs, mention(10, "x", "x-new", "", "", "new", 0))
		if sum, err := st.ImportMentions(crm.WithActor(ctx, crm.Operator), extra, crm.ImportOptions{DryRun: true}); err != nil || sum.Inserted != 1 {
			t.Fatalf("dry run: %+v, %v", sum, err)
		}
		if _, n, _ := st.ListMentions(viewer, store.MentionQuery{}); n != 8 {
			t.Errorf("after a dry run: %d mentions", n)
		}

		// The mention is on Acme's timeline, in marketing.
		items, _, err := st.Timeline(ctx, acme, store.TimelineFilter{Kind: "mention"})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 2 || items[0].Department != "marketing" || items[0].Body != "Die Leute bei ACME Antriebstechnik sind super" ||
			items[0].Day.Format(time.DateOnly) != "2026-11-20" {
			t.Errorf("timeline: %+v", items)
		}
		deps, kinds, err := st.TimelineFacets(ctx, acme)
		if err != nil || len(deps) != 2 || deps[0] != "marketing" || len(kinds) != 2 || kinds[0] != "mention" {
			t.Errorf("facets: %v %v %v", deps, kinds, err)
		}
	})
}

func TestMatchByHandAndCare(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := crm.WithActor(context.Background(), crm.Operator)
		acme, brandt, _, jane, otto := listeningFixture(t, st)
		recs := []crm.MentionRecord{
			mention(2, "x", "x-1", "JaneOnX", "", "Is the spindle in stock?", 0),
			mention(3, "x", "x-2", "JaneOnX", "", "Still waiting for an answer", -0.4),
			mention(4, "x", "x-3", "ottob", "", "All good", 0.5),
		}
		recs[0].Mention.AuthorHandle, recs[1].Mention.AuthorHandle = "janeonx", "janeonx"
		if _, err := st.ImportMentions(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		viewer := crm.WithActor(ctx, crm.Actor{Name: "v", Role: crm.RoleViewer, Scope: crm.AllAccounts()})
		staff := crm.WithActor(ctx, crm.Actor{Name: "s", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
		ms, _, _ := st.ListMentions(viewer, store.MentionQuery{Unmatched: true})
		if len(ms) != 2 {
			t.Fatalf("unmatched: %d", len(ms))
		}
		first := ms[1] // oldest: x-1
		if _, err := st.MatchMention(viewer, first.ID, acme, jane, true); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("viewer matched: %v", err)
		}
		if _, err := st.MatchMention(staff, first.ID, brandt, jane, true); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("contact of another account: %v", err)
		}
		if _, err := st.MatchMention(staff, first.ID, 0, otto, false); err != nil {
			t.Fatal(err)
		}
		if _, err := st.MatchMention(staff, 9999, acme, 0, false); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("unknown mention: %v", err)
		}
		m, err := st.MatchMention(staff, first.ID, 0, jane, true)
		if err != nil {
			t.Fatal(err)
		}
		if m.AccountID != acme || m.ContactID != jane || m.MatchMethod != crm.MatchHand || m.MatchConfidence != 1 {
			t.Errorf("hand match: %+v", m)
		}
		// The confirmed handle matched the other mention and is Jane's identity.
		if _, n, _ := st.ListMentions(viewer, store.MentionQuery{Unmatched: true}); n != 0 {
			t.Errorf("still unmatched: %d", n)
		}
		c, err := st.Contact(viewer, jane)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, id := range c.Identities {
			found = found || id == crm.Identity{Kind: crm.IdentityX, Value: "janeonx"}
		}
		if !found {
			t.Errorf("identities: %+v", c.Identities)
		}
		// Otto's handle cannot be confirmed for Jane.
		ms, _, _ = st.ListMentions(viewer, store.MentionQuery{AccountID: brandt})
		if len(ms) != 1 {
			t.Fatalf("brandt mentions: %d", len(ms))
		}
		if _, err := st.MatchMention(staff, ms[0].ID, acme, jane, true); crm.ErrorCode(err) != crm.ECONFLICT {
			t.Errorf("someone else's handle: %v", err)
		}
		// A new import matches the confirmed handle; the hand match stays.
		recs = append(recs, mention(5, "x", "x-4", "janeonx", "", "Thanks!", 0.6))
		if _, err := st.ImportMentions(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		ms, _, _ = st.ListMentions(viewer, store.MentionQuery{AccountID: acme})
		methods := map[string]string{}
		for _, m := range ms {
			methods[m.ExternalID] = m.MatchMethod
		}
		if methods["x-1"] != crm.MatchHand || methods["x-2"] != crm.MatchHandle || methods["x-4"] != crm.MatchHandle {
			t.Errorf("methods after re-import: %v", methods)
		}

		// Care: assign, reply, resolve, reopen, in the audit log.
		admin := crm.WithActor(ctx, crm.Operator)
		u, err := st.CreateUser(admin, "care@example.com", "Carla", crm.RoleStaff, "x")
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)
		if _, err := st.UpdateCare(staff, first.ID, store.CareUpdate{AssigneeID: &u.ID}, t0); err != nil {
			t.Fatal(err)
		}
		bad := int64(424242)
		if _, err := st.UpdateCare(staff, first.ID, store.CareUpdate{AssigneeID: &bad}, t0); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("unknown assignee: %v", err)
		}
		empty := "  "
		if _, err := st.UpdateCare(staff, first.ID, store.CareUpdate{Reply: &empty}, t0); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("empty reply: %v", err)
		}
		r1, r2 := "Yes, in stock", "Shipped today"
		st.UpdateCare(staff, first.ID, store.CareUpdate{Reply: &r1}, t0.Add(time.Hour))
		yes := true
		m, err = st.UpdateCare(staff, first.ID, store.CareUpdate{Reply: &r2, Resolve: &yes}, t0.Add(3*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if m.Care != crm.CareResolved || m.AssigneeID != u.ID || m.ReplyNote != r1+"\n\n"+r2 ||
			!m.RespondedAt.Equal(t0.Add(time.Hour)) || !m.ResolvedAt.Equal(t0.Add(3*time.Hour)) {
			t.Errorf("after resolve: %+v", m)
		}
		items, err := st.CareItems(ctx, t0.AddDate(0, -1, 0), t0.AddDate(0, 1, 0))
		if err != nil {
			t.Fatal(err)
		}
		resolved, open := 0, 0
		for _, c := range items {
			switch c.Care {
			case crm.CareResolved:
				resolved++
			case crm.CareOpen:
				open++
			}
		}
		if resolved != 1 || open != 1 { // x-2 (negative) is open; x-1 resolved
			t.Errorf("care items: %d resolved, %d open", resolved, open)
		}
		no := false
		if m, _ = st.UpdateCare(staff, first.ID, store.CareUpdate{Resolve: &no}, t0); m.Care != crm.CareOpen || !m.ResolvedAt.IsZero() {
			t.Errorf("reopen: %+v", m)
		}
		entries, _, err := st.Audit(admin, store.AuditFilter{Entity: "mention", EntityID: first.ID})
		if err != nil || len(entries) < 5 {
			t.Errorf("audit: %d entries, %v", len(entries), err)
		}

		// Response-time targets are settings.
		if err := st.SetSetting(admin, "care_target_hours_a", "2"); err != nil {
			t.Fatal(err)
		}
		if err := st.SetSetting(admin, "care_target_hours_b", "-1"); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("negative target: %v", err)
		}
		tg, err := st.CareTargets(ctx)
		if err != nil || tg["A"] != 2 || tg["B"] != crm.DefaultCareTargetHours["B"] {
			t.Errorf("targets: %v %v", tg, err)
		}
	})
}

// A history brings its care state along; a bad state is a row error.
func TestImportMentionsCareHistory(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := crm.WithActor(context.Background(), crm.Operator)
		rec := mention(2, "x", "h-1", "someone", "", "Broken again", -0.5)
		rec.Mention.Care, rec.Mention.ReplyNote = crm.CareResolved, "Sorry, fixed"
		rec.Mention.RespondedAt = rec.Mention.PostedAt.Add(3 * time.Hour)
		rec.Mention.ResolvedAt = rec.Mention.PostedAt.Add(5 * time.Hour)
		bad := mention(3, "x", "h-2", "someone", "", "Hm", 0)
		bad.Mention.Care = "pending"
		if _, err := st.ImportMentions(crm.WithActor(ctx, crm.Operator), []crm.MentionRecord{rec, bad}, crm.ImportOptions{File: "h.jsonl"}); err == nil ||
			!strings.Contains(err.Error(), `h.jsonl:3: care: want none, open or resolved, got "pending"`) {
			t.Fatalf("bad care state: %v", err)
		}
		if _, err := st.ImportMentions(crm.WithActor(ctx, crm.Operator), []crm.MentionRecord{rec}, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		ms, _, err := st.ListMentions(crm.WithActor(ctx, crm.Operator), store.MentionQuery{})
		if err != nil || len(ms) != 1 {
			t.Fatalf("%v %v", ms, err)
		}
		m := ms[0]
		if m.Care != crm.CareResolved || m.ReplyNote != "Sorry, fixed" || !m.RespondedAt.Equal(rec.Mention.RespondedAt) || !m.ResolvedAt.Equal(rec.Mention.ResolvedAt) {
			t.Errorf("history: %+v", m)
		}
	})
}

// TestMatcherFollowsTheAccounts: the accounts' domains and names that
// mentions are matched by are kept between imports, and an account
// created, renamed or given a domain counts from the next mention on.
func TestMatcherFollowsTheAccounts(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := crm.WithActor(context.Background(), crm.Operator)
		listeningFixture(t, st)
		post := func(line int, id, text string) crm.Mention {
			t.Helper()
			if _, err := st.ImportMentions(ctx, []crm.MentionRecord{mention(line, "x", id, "", "", text, 0.4)}, crm.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			ms, _, err := st.ListMentions(ctx, store.MentionQuery{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.ExternalID == id {
					return m
				}
			}
			t.Fatalf("mention %s not stored", id)
			return crm.Mention{}
		}
		if m := post(2, "n-1", "Great work by Neumann Feinmechanik on our order"); m.AccountID != 0 {
			t.Fatalf("matched to %d before the account exists", m.AccountID)
		}
		neu, err := st.CreateAccount(ctx, crm.Account{Name: "Neumann Feinmechanik GmbH"})
		if err != nil {
			t.Fatal(err)
		}
		if m := post(3, "n-2", "Great work by Neumann Feinmechanik again"); m.AccountID != neu.ID {
			t.Errorf("a new account's name: matched to %d, want %d", m.AccountID, neu.ID)
		}
		if _, err := st.UpdateAccount(ctx, neu.ID, func(a *crm.Account) error { a.Domain = "neumann-fm.example"; return nil }); err != nil {
			t.Fatal(err)
		}
		if m := post(4, "n-3", "see neumann-fm.example/jobs"); m.AccountID != neu.ID {
			t.Errorf("a new domain: matched to %d, want %d", m.AccountID, neu.ID)
		}
		if _, err := st.UpdateAccount(ctx, neu.ID, func(a *crm.Account) error { a.Name = "Ostwind Präzision GmbH"; return nil }); err != nil {
			t.Fatal(err)
		}
		if m := post(5, "n-4", "Neumann Feinmechanik again"); m.AccountID != 0 {
			t.Errorf("the old name after a rename: matched to %d", m.AccountID)
		}
		if m := post(6, "n-5", "Ostwind Präzision delivered"); m.AccountID != neu.ID {
			t.Errorf("the new name: matched to %d, want %d", m.AccountID, neu.ID)
		}
	})
}
