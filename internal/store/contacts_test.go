package store_test

import (
	"context"
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
