package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

func TestContactsOfSomeAccounts(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := crm.WithActor(context.Background(), crm.Operator)
		accs := []crm.AccountRecord{
			{Line: 2, Account: crm.Account{ExternalID: "K1", Name: "Acme"}},
			{Line: 3, Account: crm.Account{ExternalID: "K2", Name: "Brandt"}},
			{Line: 4, Account: crm.Account{ExternalID: "K3", Name: "Carl"}},
		}
		if _, err := st.ImportAccounts(ctx, accs, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		email := func(v string) []crm.Identity { return []crm.Identity{{Kind: crm.IdentityEmail, Value: v}} }
		cts := []crm.ContactRecord{
			{Line: 2, Account: crm.AccountRef{ExternalID: "K1"}, Contact: crm.Contact{Name: "Ann", Identities: email("ann@acme.example")}},
			{Line: 3, Account: crm.AccountRef{ExternalID: "K2"}, Contact: crm.Contact{Name: "Ben", Identities: email("ben@brandt.example")}},
			{Line: 4, Account: crm.AccountRef{ExternalID: "K3"}, Contact: crm.Contact{Name: "Cleo", Identities: email("cleo@carl.example")}},
			{Line: 5, Account: crm.AccountRef{ExternalID: "K3"}, Contact: crm.Contact{Name: "Carl", Identities: email("carl@carl.example")}},
		}
		if _, err := st.ImportContacts(ctx, cts, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			ids  []int64
			want []string // in account and name order
		}{
			{"every account", nil, []string{"Ann", "Ben", "Carl", "Cleo"}},
			{"no account", []int64{}, nil},
			{"one", []int64{2}, []string{"Ben"}},
			{"two, an unknown id too", []int64{3, 99, 1}, []string{"Ann", "Carl", "Cleo"}},
		}
		for _, tc := range tests {
			rows, err := st.Contacts(ctx, store.ContactFilter{AccountIDs: tc.ids})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.Name)
			}
			if show(got) != show(tc.want) {
				t.Errorf("%s: Contacts(%v) = %v, want %v", tc.name, tc.ids, got, tc.want)
			}
		}
	})
}

func TestAPIContacts(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		bg := context.Background()
		staff := crm.WithActor(bg, crm.Actor{UserID: 7, Name: "sam@example.com", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
		a1, err := st.CreateAccount(staff, crm.Account{Name: "One"})
		if err != nil {
			t.Fatal(err)
		}
		a2, err := st.CreateAccount(staff, crm.Account{Name: "Two"})
		if err != nil {
			t.Fatal(err)
		}
		// An imported contact: the API keeps one person per email with it.
		if _, err := st.ImportContacts(crm.WithActor(bg, crm.Operator), []crm.ContactRecord{{Line: 2, Account: crm.AccountRef{Name: "One"},
			Contact: crm.Contact{Name: "Imported", ExternalID: "c-1", Identities: []crm.Identity{{Kind: "email", Value: "imp@one.de"}}}}}, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		jo, err := st.CreateContact(staff, crm.Contact{AccountID: a1.ID, Name: "Jo", Title: "CFO", LastVerifiedAt: day("2024-05-06"),
			Identities: []crm.Identity{{Kind: "Email", Value: " Jo@One.DE "}, {Kind: "phone", Value: "+49 (0) 89 123-45"},
				{Kind: "linkedin", Value: "https://www.linkedin.com/in/Jo-One/"}, {Kind: "email", Value: "jo@one.de"}}})
		if err != nil {
			t.Fatal(err)
		}
		want := []crm.Identity{{Kind: "email", Value: "jo@one.de"}, {Kind: "linkedin", Value: "jo-one"}, {Kind: "phone", Value: "+498912345"}}
		if fmt.Sprint(jo.Identities) != fmt.Sprint(want) {
			t.Errorf("identities %v, want %v", jo.Identities, want)
		}
		got, err := st.Contact(staff, jo.ID)
		if err != nil || got.Name != "Jo" || got.Title != "CFO" || fmt.Sprint(got.Identities) != fmt.Sprint(want) || !got.LastVerifiedAt.Equal(day("2024-05-06")) {
			t.Errorf("read back %+v, %v", got, err)
		}
		for _, tc := range []struct {
			c    crm.Contact
			code string
		}{
			{crm.Contact{AccountID: a2.ID, Name: "Dup", Identities: []crm.Identity{{Kind: "email", Value: "IMP@one.de"}}}, crm.ECONFLICT},
			{crm.Contact{AccountID: a2.ID, Name: "Dup", Identities: []crm.Identity{{Kind: "phone", Value: "+4989 12345"}}}, crm.ECONFLICT},
			{crm.Contact{AccountID: a2.ID, Name: "Bad", Identities: []crm.Identity{{Kind: "email", Value: "nope"}}}, crm.EINVALID},
			{crm.Contact{AccountID: a2.ID, Name: "Bad", Identities: []crm.Identity{{Kind: "fax", Value: "123"}}}, crm.EINVALID},
			{crm.Contact{AccountID: 999, Name: "Nowhere"}, crm.EINVALID},
			{crm.Contact{AccountID: a2.ID}, crm.EINVALID},
			{crm.Contact{AccountID: a2.ID, Name: "X", Status: "retired"}, crm.EINVALID},
		} {
			if _, err := st.CreateContact(staff, tc.c); crm.ErrorCode(err) != tc.code {
				t.Errorf("create %+v: %v, want %s", tc.c, err, tc.code)
			}
		}
		if _, err := st.CreateContact(staff, crm.Contact{AccountID: a2.ID, Name: "Left", Status: "left"}); err != nil {
			t.Fatal(err)
		}
		cs, n, err := st.ListContacts(staff, store.ContactQuery{Email: "JO@one.de"})
		if err != nil || n != 1 || cs[0].ID != jo.ID || len(cs[0].Identities) != 3 {
			t.Errorf("by email: %+v of %d, %v", cs, n, err)
		}
		if _, n, _ := st.ListContacts(staff, store.ContactQuery{AccountID: a1.ID}); n != 2 {
			t.Errorf("account 1 has %d contacts, want 2", n)
		}
		if cs, n, _ := st.ListContacts(staff, store.ContactQuery{Status: "left"}); n != 1 || cs[0].Name != "Left" {
			t.Errorf("left: %+v", cs)
		}

		if same, err := st.UpdateContact(staff, jo.ID, func(c *crm.Contact) error { c.Name = " Jo "; return nil }); err != nil || same.Name != "Jo" {
			t.Errorf("a change to nothing: %+v, %v", same, err)
		}
		moved, err := st.UpdateContact(staff, jo.ID, func(c *crm.Contact) error {
			c.AccountID = a2.ID
			c.Identities = []crm.Identity{{Kind: "email", Value: "jo@two.de"}}
			return nil
		})
		if err != nil || moved.AccountID != a2.ID || len(moved.Identities) != 1 {
			t.Fatalf("move: %+v, %v", moved, err)
		}
		if cs, n, _ := st.ListContacts(staff, store.ContactQuery{Email: "jo@one.de"}); n != 0 {
			t.Errorf("the replaced email still finds %+v", cs)
		}
		// The freed email can go to someone else now.
		if _, err := st.CreateContact(staff, crm.Contact{AccountID: a1.ID, Name: "New Jo", Identities: []crm.Identity{{Kind: "email", Value: "jo@one.de"}}}); err != nil {
			t.Errorf("reuse a freed email: %v", err)
		}
		if _, err := st.UpdateContact(staff, jo.ID, func(c *crm.Contact) error {
			c.Identities = append(c.Identities, crm.Identity{Kind: "email", Value: "imp@one.de"})
			return nil
		}); crm.ErrorCode(err) != crm.ECONFLICT {
			t.Errorf("take another's email: %v", err)
		}
		tp, err := st.CreateTouchpoint(staff, crm.Touchpoint{AccountID: a2.ID, ContactID: jo.ID, Kind: "call", Department: "support", Subject: "x", OccurredAt: day("2024-02-02")})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteContact(staff, jo.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := st.Touchpoint(staff, tp.ID); err != nil || got.ContactID != 0 {
			t.Errorf("the touchpoint of a deleted contact: %+v, %v", got, err)
		}
		es := audited(t, st, "contact", jo.ID)
		if len(es) != 3 || es[1].Action != "update" || field(t, es[1].Before, "account_id") != float64(a1.ID) || field(t, es[1].After, "account_id") != float64(a2.ID) {
			t.Errorf("audit of jo: %+v", es)
		}
	})
}
