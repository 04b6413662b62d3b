package store_test

// The limits on every value the store keeps (crm/limits.go), on SQLite and
// PostgreSQL, through every kind of write: the API's creates and updates,
// the imports, the settings. A value beyond a limit is refused with
// EINVALID naming its field (a row error naming line and field for an
// import), and nothing is written.

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

func TestLimitsOnAPIWrites(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		staff := crm.WithActor(context.Background(), crm.Actor{UserID: 1, Name: "sam@example.com", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
		acc, err := st.CreateAccount(staff, crm.Account{Name: "Acme GmbH"})
		if err != nil {
			t.Fatal(err)
		}
		ok := crm.Order{AccountID: acc.ID, OrderedAt: day("2024-05-01"), Amount: cents(100)}
		tp := crm.Touchpoint{AccountID: acc.ID, Kind: "note", Department: "sales", Subject: "Call", OccurredAt: day("2024-05-01"), EffortMinutes: 30}
		long := strings.Repeat("x", crm.MaxTextBytes+1)
		cases := []struct {
			name, field string
			write       func() error
		}{
			{"the largest amount 64 bits hold", "amount", func() error { o := ok; o.Amount = math.MaxInt64; _, err := st.CreateOrder(staff, o); return err }},
			{"amount a cent over -1e12", "amount", func() error { o := ok; o.Amount = -crm.MaxMoney - 1; _, err := st.CreateOrder(staff, o); return err }},
			{"date 9999-12-31", "ordered_at", func() error { o := ok; o.OrderedAt = day("9999-12-31"); _, err := st.CreateOrder(staff, o); return err }},
			{"date 1899-12-31", "ordered_at", func() error { o := ok; o.OrderedAt = day("1899-12-31"); _, err := st.CreateOrder(staff, o); return err }},
			{"NUL in an invoice number", "external_id", func() error { o := ok; o.ExternalID = "INV\x001"; _, err := st.CreateOrder(staff, o); return err }},
			{"NUL in a name", "name", func() error { _, err := st.CreateAccount(staff, crm.Account{Name: "Acme\x00"}); return err }},
			{"a name of 501 characters", "name", func() error {
				_, err := st.CreateAccount(staff, crm.Account{Name: strings.Repeat("ä", 501)})
				return err
			}},
			{"invalid UTF-8 in a segment", "segment", func() error {
				_, err := st.CreateAccount(staff, crm.Account{Name: "B", Segment: "\xff\xfe"})
				return err
			}},
			{"NUL in a contact's title", "title", func() error {
				_, err := st.CreateContact(staff, crm.Contact{AccountID: acc.ID, Name: "Ann", Title: "CEO\x00"})
				return err
			}},
			{"effort 1e308", "effort_minutes", func() error { x := tp; x.EffortMinutes = 1e308; _, err := st.CreateTouchpoint(staff, x); return err }},
			{"effort of a million and one minutes", "effort_minutes", func() error {
				x := tp
				x.EffortMinutes = 1e6 + 1
				_, err := st.CreateTouchpoint(staff, x)
				return err
			}},
			{"negative effort", "effort_minutes", func() error { x := tp; x.EffortMinutes = -1; _, err := st.CreateTouchpoint(staff, x); return err }},
			{"a note of 64 KiB and a byte", "body", func() error { x := tp; x.Body = long; _, err := st.CreateTouchpoint(staff, x); return err }},
			{"NUL in a note", "body", func() error { x := tp; x.Body = "a\x00b"; _, err := st.CreateTouchpoint(staff, x); return err }},
			{"update to an absurd amount", "amount", func() error {
				o, err := st.CreateOrder(staff, ok)
				if err != nil {
					return err
				}
				_, err = st.UpdateOrder(staff, o.ID, func(o *crm.Order) error { o.Amount = crm.MaxMoney + 1; return nil })
				return err
			}},
		}
		for _, tc := range cases {
			err := tc.write()
			var fe *crm.FieldError
			if crm.ErrorCode(err) != crm.EINVALID || !strings.HasPrefix(err.Error(), tc.field+": ") {
				t.Errorf("%s: %v, want EINVALID naming %s", tc.name, err, tc.field)
			} else if !errors.As(err, &fe) && tc.field != "ordered_at" {
				t.Errorf("%s: %T is not a crm.FieldError", tc.name, err)
			}
		}
		// The edges themselves are kept.
		edge := ok
		edge.Amount, edge.OrderedAt = -1e12, day("1900-01-01")
		if _, err := st.CreateOrder(staff, edge); err != nil {
			t.Errorf("amount -1e12 on 1900-01-01: %v", err)
		}
		edge.Amount, edge.OrderedAt = 1e12, day("2100-12-31")
		if _, err := st.CreateOrder(staff, edge); err != nil {
			t.Errorf("amount 1e12 on 2100-12-31: %v", err)
		}
		x := tp
		x.EffortMinutes, x.Body = 1e6, strings.Repeat("ü", crm.MaxTextBytes/2)
		if _, err := st.CreateTouchpoint(staff, x); err != nil {
			t.Errorf("effort 1e6 and a 64 KiB note: %v", err)
		}
		// Nothing refused was written: the account has the two edge orders
		// and the one order the update case created.
		orders, n, err := st.ListOrders(staff, store.OrderQuery{AccountID: acc.ID})
		if err != nil || n != 3 {
			t.Errorf("orders stored: %d (%v), want 3: %+v", n, err, orders)
		}
		accounts, n, err := st.ListAccounts(staff, store.AccountQuery{})
		if err != nil || n != 1 {
			t.Errorf("accounts stored: %d (%v), want 1: %+v", n, err, accounts)
		}
	})
}

func TestLimitsOnSettings(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		for _, v := range []string{"NaN", "Inf", "-1", "1e308", "1e13", "abc", ""} {
			if err := st.SetSetting(op, "cost_per_service_hour", v); crm.ErrorCode(err) != crm.EINVALID {
				t.Errorf("cost_per_service_hour %q: %v, want EINVALID", v, err)
			}
		}
		for _, v := range []string{"EU\x00", "E1R", "euro"} {
			if err := st.SetSetting(op, "currency", v); crm.ErrorCode(err) != crm.EINVALID {
				t.Errorf("currency %q: %v, want EINVALID", v, err)
			}
		}
		if err := st.SetSetting(op, "currency", "chf"); err != nil {
			t.Errorf("currency chf: %v", err)
		}
		s, err := st.Settings(op)
		if err != nil || s.Currency != "CHF" || s.CostPerServiceHour != crm.DefaultSettings().CostPerServiceHour {
			t.Errorf("settings after refused values: %+v, %v", s, err)
		}
	})
}

// TestLimitsOnImports hands the store records that no file reader would
// make (the demo and programs call it directly): each import refuses them
// as row errors naming line and field, writes nothing, and with
// SkipInvalid writes the rest.
func TestLimitsOnImports(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		ref := crm.AccountRef{Name: "Acme GmbH"}
		at := day("2024-02-01")
		orders := []crm.OrderRecord{
			{Line: 2, Account: ref, Order: crm.Order{ExternalID: "A", OrderedAt: at, Amount: cents(10)}},
			{Line: 3, Account: ref, Order: crm.Order{ExternalID: "B", OrderedAt: day("9999-12-31"), Amount: cents(10)}},
			{Line: 4, Account: ref, Order: crm.Order{ExternalID: "C", OrderedAt: at, Amount: crm.MaxMoney + 1}},
			{Line: 5, Account: crm.AccountRef{Name: "Evil\x00 Corp"}, Order: crm.Order{ExternalID: "D", OrderedAt: at, Amount: cents(10)}},
			{Line: 6, Account: ref, Order: crm.Order{ExternalID: "E\x00", OrderedAt: at, Amount: cents(10)}},
		}
		_, err := st.ImportOrders(op, orders, crm.ImportOptions{File: "o.csv"})
		var rows crm.RowErrors
		if !errors.As(err, &rows) {
			t.Fatalf("import of bad orders: %v, want row errors", err)
		}
		want := []string{"o.csv:3: ordered_at: ", "o.csv:4: amount: ", "o.csv:5: customer: ", "o.csv:6: external_id: "}
		if len(rows) != len(want) {
			t.Fatalf("row errors %v, want %d", rows, len(want))
		}
		for i, w := range want {
			if !strings.HasPrefix(rows[i].Error(), w) {
				t.Errorf("row error %d: %q, want it to start with %q", i, rows[i].Error(), w)
			}
		}
		if _, n, _ := st.ListOrders(op, store.OrderQuery{}); n != 0 {
			t.Errorf("a refused import wrote %d orders", n)
		}
		sum, err := st.ImportOrders(op, orders, crm.ImportOptions{File: "o.csv", SkipInvalid: true})
		if err != nil || sum.Inserted != 1 || sum.Rejected != 4 || len(sum.Rejects) != 4 {
			t.Errorf("import with SkipInvalid: %+v, %v; want 1 inserted, 4 rejected", sum, err)
		}

		tps := []crm.TouchpointRecord{
			{Line: 2, Account: ref, Touchpoint: crm.Touchpoint{ExternalID: "T1", Kind: "ticket", Department: "support", OccurredAt: at, EffortMinutes: math.Inf(1)}},
			{Line: 3, Account: ref, Touchpoint: crm.Touchpoint{ExternalID: "T2", Kind: "ticket", Department: "support", OccurredAt: at, Subject: strings.Repeat("s", crm.MaxTextBytes+1)}},
		}
		_, err = st.ImportTouchpoints(op, tps, crm.ImportOptions{File: "t.csv"})
		if !errors.As(err, &rows) || len(rows) != 2 || rows[0].Field != "effort_minutes" || rows[1].Field != "subject" {
			t.Errorf("import of bad touchpoints: %v", err)
		}
		ms := []crm.MentionRecord{{Line: 2, Mention: crm.Mention{Platform: "x", ExternalID: "1", Text: "bad\x00", PostedAt: time.Now(), Label: "neutral"}}}
		_, err = st.ImportMentions(op, ms, crm.ImportOptions{File: "m.csv"})
		if !errors.As(err, &rows) || len(rows) != 1 || rows[0].Field != "text" {
			t.Errorf("import of a mention with NUL: %v", err)
		}
		lines := []crm.OrderLineRecord{{Line: 2, OrderExternalID: "A", SKU: "S1", OrderLine: crm.OrderLine{Quantity: 1e13, UnitPrice: cents(1), Amount: cents(1)}}}
		_, err = st.ImportOrderLines(op, lines, crm.ImportOptions{File: "l.csv"})
		if !errors.As(err, &rows) || len(rows) != 1 || rows[0].Field != "quantity" {
			t.Errorf("import of a line of 1e13 units: %v", err)
		}
		accs := []crm.AccountRecord{{Line: 2, Account: crm.Account{Name: "Fine", AcquiredAt: day("0001-01-01")}}}
		_, err = st.ImportAccounts(op, accs, crm.ImportOptions{File: "a.csv"})
		if err != nil {
			t.Errorf("an account with no acquisition date (the zero time): %v", err)
		}
		accs[0].Account.AcquiredAt = day("2200-01-01")
		_, err = st.ImportAccounts(op, accs, crm.ImportOptions{File: "a.csv"})
		if !errors.As(err, &rows) || len(rows) != 1 || rows[0].Field != "acquired_at" {
			t.Errorf("an account acquired in 2200: %v", err)
		}
	})
}
