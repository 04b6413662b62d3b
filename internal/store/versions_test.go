package store_test

import (
	"context"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestVersionsMoveWithWhatChanged: each write moves on the versions of the
// parts of the data it changes, and no other — the web's figures are keyed
// on them, so a note must not make the customer model old, and an import
// of the same file again changes nothing.
func TestVersionsMoveWithWhatChanged(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		bg := context.Background()
		op := crm.WithActor(bg, crm.Operator)
		if _, err := st.ImportOrders(op, orders(), crm.ImportOptions{File: "o.csv"}); err != nil {
			t.Fatal(err)
		}
		dir, err := st.Directory(op)
		if err != nil || len(dir) != 2 {
			t.Fatalf("directory %v %v", dir, err)
		}
		acme := dir[0].ID
		var contact, order int64
		steps := []struct {
			name  string
			write func() error
			moved func(v *store.Versions)
		}{
			{"the same orders again", func() error {
				_, err := st.ImportOrders(op, orders(), crm.ImportOptions{File: "o.csv"})
				return err
			}, func(v *store.Versions) {}},
			{"an order changed by import", func() error {
				recs := orders()
				recs[0].Order.Amount = cents(101)
				_, err := st.ImportOrders(op, recs, crm.ImportOptions{File: "o.csv"})
				return err
			}, func(v *store.Versions) { v.Orders++; v.Accounts++ }},
			{"a note", func() error {
				_, err := st.CreateTouchpoint(op, crm.Touchpoint{AccountID: acme, Kind: "note", Department: "sales", Subject: "call", OccurredAt: day("2024-05-01")})
				return err
			}, func(v *store.Versions) { v.Touchpoints++ }},
			{"an account edited", func() error {
				_, err := st.UpdateAccount(op, acme, func(a *crm.Account) error { a.Owner = "ann"; return nil })
				return err
			}, func(v *store.Versions) { v.Accounts++ }},
			{"a contact", func() error {
				c, err := st.CreateContact(op, crm.Contact{AccountID: acme, Name: "Ann Acme"})
				contact = c.ID
				return err
			}, func(v *store.Versions) { v.Contacts++ }},
			{"an order", func() error {
				o, err := st.CreateOrder(op, crm.Order{AccountID: acme, ExternalID: "RE-9", OrderedAt: day("2024-06-01"), Amount: cents(7)})
				order = o.ID
				return err
			}, func(v *store.Versions) { v.Orders++ }},
			{"an order deleted", func() error { return st.DeleteOrder(op, order) }, func(v *store.Versions) { v.Orders++ }},
			{"a setting", func() error { return st.SetSetting(op, "cost_per_service_hour", "80") }, func(v *store.Versions) { v.Settings++ }},
			{"a contact deleted", func() error { return st.DeleteContact(op, contact) },
				func(v *store.Versions) { v.Contacts++; v.Touchpoints++; v.Mentions++ }},
			{"an account deleted", func() error { return st.DeleteAccount(op, acme) },
				func(v *store.Versions) { v.Accounts++; v.Contacts++; v.Orders++; v.Touchpoints++; v.Mentions++ }},
		}
		for _, s := range steps {
			before, err := st.Versions(bg)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.write(); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			want := before
			s.moved(&want)
			if got, _ := st.Versions(bg); got != want {
				t.Errorf("%s: versions %s -> %s, want %s", s.name, before, got, want)
			}
		}
	})
}
