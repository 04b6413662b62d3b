package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// What the schema left to the store when its keys were made ready for
// Citus (docs/scale.md, migration 00008): on PostgreSQL unique keys hold
// within an account only, and links across accounts have no foreign key.

// TestImportedContactMovesWithItsIdentities: a contact an import moves to
// another account takes its identities along, so that the email finds the
// contact's new account (for touchpoints and mentions). They stayed behind
// before; on PostgreSQL a foreign key checks it now.
func TestImportedContactMovesWithItsIdentities(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := crm.WithActor(context.Background(), crm.Operator)
		contact := func(account string) []crm.ContactRecord {
			return []crm.ContactRecord{{Line: 2, Account: crm.AccountRef{ExternalID: account, Name: account + " GmbH"},
				Contact: crm.Contact{Name: "Jo", Identities: []crm.Identity{{Kind: crm.IdentityEmail, Value: "jo@example.com"}, {Kind: crm.IdentityPhone, Value: "+49891"}}}}}
		}
		if _, err := st.ImportContacts(ctx, contact("A"), crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if sum, err := st.ImportContacts(ctx, contact("B"), crm.ImportOptions{}); err != nil || sum.Updated != 1 {
			t.Fatalf("move: %+v, %v", sum, err)
		}
		cs, _, err := st.ListContacts(ctx, store.ContactQuery{Email: "jo@example.com"})
		if err != nil || len(cs) != 1 {
			t.Fatalf("contacts: %+v, %v", cs, err)
		}
		got, err := st.AccountContacts(ctx, cs[0].AccountID)
		if err != nil || len(got) != 1 || len(got[0].Identities) != 2 {
			t.Errorf("the moved contact on its new account: %+v, %v; want it with both identities", got, err)
		}
		if _, err := st.ImportTouchpoints(ctx, []crm.TouchpointRecord{{Line: 2, Account: crm.AccountRef{ExternalID: "B"}, ContactEmail: "jo@example.com",
			Touchpoint: crm.Touchpoint{ExternalID: "T1", Kind: "call", Department: "support", OccurredAt: day("2024-03-01"), Subject: "hi"}}},
			crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		tps, _, err := st.ListTouchpoints(ctx, store.TouchpointQuery{})
		if err != nil || len(tps) != 1 || tps[0].AccountID != cs[0].AccountID || tps[0].ContactID != cs[0].ID {
			t.Errorf("a touchpoint of account B by Jo's email: %+v, %v; want it on account %d with contact %d", tps, err, cs[0].AccountID, cs[0].ID)
		}
	})
}

// TestImportKeepsIdentitiesOnePersons: an identity another contact has —
// stored, or given by an earlier row of the same file — is not added to a
// contact of another account.
func TestImportKeepsIdentitiesOnePersons(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := crm.WithActor(context.Background(), crm.Operator)
		row := func(line int, account, name, email, phone string) crm.ContactRecord {
			return crm.ContactRecord{Line: line, Account: crm.AccountRef{ExternalID: account, Name: account + " GmbH"},
				Contact: crm.Contact{Name: name, Identities: []crm.Identity{{Kind: crm.IdentityEmail, Value: email}, {Kind: crm.IdentityPhone, Value: phone}}}}
		}
		if _, err := st.ImportContacts(ctx, []crm.ContactRecord{row(2, "A", "Ann", "ann@a.example", "+111")}, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		// Bob shares Ann's phone (stored), Cy shares Bob's (same file).
		if _, err := st.ImportContacts(ctx, []crm.ContactRecord{row(2, "B", "Bob", "bob@b.example", "+111"), row(3, "C", "Cy", "cy@c.example", "+222"),
			row(4, "D", "Di", "di@d.example", "+222")}, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		cs, _, err := st.ListContacts(ctx, store.ContactQuery{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, c := range cs {
			got[c.Name] = fmt.Sprint(c.Identities)
		}
		want := map[string]string{
			"Ann": "[{email ann@a.example} {phone +111}]",
			"Bob": "[{email bob@b.example}]",
			"Cy":  "[{email cy@c.example} {phone +222}]",
			"Di":  "[{email di@d.example}]",
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("identities %v, want %v", got, want)
		}
	})
}

// TestConcurrentWritersKeepKeysUnique: writers giving records the same
// external id or email at once take turns: one wins, the others get a
// conflict. On PostgreSQL no unique key across accounts stops them.
func TestConcurrentWritersKeepKeysUnique(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		staff := crm.WithActor(context.Background(), crm.Actor{UserID: 7, Name: "sam@example.com", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
		const n = 8
		accounts := make([]crm.Account, n)
		for i := range accounts {
			a, err := st.CreateAccount(staff, crm.Account{Name: fmt.Sprintf("Account %d", i)})
			if err != nil {
				t.Fatal(err)
			}
			accounts[i] = a
		}
		for _, tc := range []struct {
			name  string
			write func(i int) error
		}{
			{"account external id", func(i int) error {
				_, err := st.CreateAccount(staff, crm.Account{Name: fmt.Sprintf("New %d", i), ExternalID: "K-1"})
				return err
			}},
			{"contact email", func(i int) error {
				_, err := st.CreateContact(staff, crm.Contact{AccountID: accounts[i].ID, Name: "Jo",
					Identities: []crm.Identity{{Kind: crm.IdentityEmail, Value: "jo@example.com"}}})
				return err
			}},
			{"order external id", func(i int) error {
				_, err := st.CreateOrder(staff, crm.Order{AccountID: accounts[i].ID, ExternalID: "RE-1", OrderedAt: day("2024-01-02"), Amount: cents(10)})
				return err
			}},
			{"touchpoint external id", func(i int) error {
				_, err := st.CreateTouchpoint(staff, crm.Touchpoint{AccountID: accounts[i].ID, ExternalID: "T-1", Kind: "call",
					Department: "support", Subject: "x", OccurredAt: day("2024-01-02")})
				return err
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				errs := make([]error, n)
				var wg sync.WaitGroup
				for i := range n {
					wg.Go(func() { errs[i] = tc.write(i) })
				}
				wg.Wait()
				won := 0
				for _, err := range errs {
					switch {
					case err == nil:
						won++
					case crm.ErrorCode(err) != crm.ECONFLICT:
						t.Errorf("a writer failed: %v, want a conflict", err)
					}
				}
				if won != 1 {
					t.Errorf("%d writers made the key, want 1", won)
				}
			})
		}
	})
}

// TestDeleteAccountClearsLinksFromOthers: deleting an account clears what
// other records held of it — a touchpoint of another account with one of
// its contacts, a mention matched to it — as the foreign keys did before
// PostgreSQL dropped them for Citus.
func TestDeleteAccountClearsLinksFromOthers(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		bg := context.Background()
		op := crm.WithActor(bg, crm.Operator)
		acme, brandt, _, jane, _ := listeningFixture(t, st)
		tp, err := st.CreateTouchpoint(op, crm.Touchpoint{AccountID: acme, ContactID: jane, Kind: "call", Department: "sales",
			Subject: "x", OccurredAt: day("2024-01-02")})
		if err != nil {
			t.Fatal(err)
		}
		// Jane moves to Brandt; the call stays with Acme.
		if _, err := st.UpdateContact(op, jane, func(c *crm.Contact) error { c.AccountID = brandt; return nil }); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ImportMentions(op, []crm.MentionRecord{mention(2, "linkedin", "li-1", "jane-doe", "", "Hello", 0.5)},
			crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		ms, _, err := st.ListMentions(op, store.MentionQuery{Limit: 10})
		if err != nil || len(ms) != 1 || ms[0].AccountID != brandt || ms[0].ContactID != jane {
			t.Fatalf("the mention: %+v, %v; want it matched to Jane at Brandt", ms, err)
		}
		if err := st.DeleteAccount(op, brandt); err != nil {
			t.Fatal(err)
		}
		if got, err := st.Touchpoint(op, tp.ID); err != nil || got.AccountID != acme || got.ContactID != 0 {
			t.Errorf("Acme's call with Jane, deleted with Brandt: %+v, %v; want it on Acme without a contact", got, err)
		}
		if got, err := st.Mention(op, ms[0].ID); err != nil || got.AccountID != 0 || got.ContactID != 0 {
			t.Errorf("the mention of deleted Brandt: %+v, %v; want it unmatched", got, err)
		}
	})
}
