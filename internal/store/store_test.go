package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// eachDB runs fn against a fresh SQLite file and, when
// VITALFEW_TEST_POSTGRES holds a URL, a fresh PostgreSQL database.
func eachDB(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, MustOpen(t, testkit.SQLite(t)))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, MustOpen(t, MustPostgres(t)))
	})
}

// MustOpen opens a store and closes it when the test ends.
func MustOpen(tb testing.TB, dsn string) *store.Store {
	tb.Helper()
	st, err := store.Open(context.Background(), dsn, nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// MustPostgres returns the URL of a fresh PostgreSQL database; it skips
// without VITALFEW_TEST_POSTGRES.
func MustPostgres(tb testing.TB) string {
	tb.Helper()
	dsn, ok := testkit.Postgres(tb)
	if !ok {
		tb.Skip("VITALFEW_TEST_POSTGRES not set")
	}
	return dsn
}

// cents writes amounts of money in units (1234.56).
var cents = testkit.Cents

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func orders() []crm.OrderRecord {
	return []crm.OrderRecord{
		{Line: 2, Account: crm.AccountRef{ExternalID: "K1", Name: "Acme GmbH"}, Order: crm.Order{ExternalID: "RE-1", OrderedAt: day("2024-01-05"), Amount: cents(100)}},
		{Line: 3, Account: crm.AccountRef{ExternalID: "K2", Name: "Brandt KG"}, Order: crm.Order{ExternalID: "RE-2", OrderedAt: day("2024-02-05"), Amount: cents(50)}},
		{Line: 4, Account: crm.AccountRef{ExternalID: "K1"}, Order: crm.Order{ExternalID: "RE-3", OrderedAt: day("2024-03-05"), Amount: cents(-10)}},
		{Line: 5, Account: crm.AccountRef{Name: "ACME gmbh."}, Order: crm.Order{ExternalID: "RE-4", OrderedAt: day("2024-04-05"), Amount: cents(5)}},
	}
}

func TestImportAccountsContactsTouchpointsLines(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := crm.WithActor(context.Background(), crm.Operator)
		accs := []crm.AccountRecord{
			{Line: 2, Account: crm.Account{ExternalID: "K1", Name: "Acme GmbH", Domain: "https://www.acme.de/", Segment: "Manufacturing"}},
			{Line: 3, Account: crm.Account{Name: "Brandt KG"}, Email: "info@brandt.de", ReferredBy: crm.AccountRef{ExternalID: "K1"}},
			{Line: 4, Account: crm.Account{Name: "Solo Consulting"}, Email: "solo@gmail.com", ReferredBy: crm.AccountRef{Name: "New Friend Ltd"}},
		}
		sum, err := st.ImportAccounts(crm.WithActor(ctx, crm.Operator), accs, crm.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Inserted != 3 || sum.AccountsCreated != 1 {
			t.Fatalf("accounts: %+v", sum)
		}
		sum, err = st.ImportAccounts(crm.WithActor(ctx, crm.Operator), accs, crm.ImportOptions{})
		if err != nil || sum.Unchanged != 3 || sum.Inserted != 0 {
			t.Fatalf("accounts again: %+v %v", sum, err)
		}
		b, err := st.Account(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		if b.Domain != "brandt.de" || b.ReferredByID != 1 {
			t.Fatalf("Brandt = %+v", b)
		}
		if _, err := st.Account(ctx, 99); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Fatalf("missing account: %v", err)
		}
		// A contact whose email domain names the account.
		cts := []crm.ContactRecord{
			{Line: 2, Account: crm.AccountRef{Email: "eva@brandt.de"}, Contact: crm.Contact{Name: "Eva Brandt", Identities: []crm.Identity{{Kind: "email", Value: "eva@brandt.de"}}}},
			{Line: 3, Account: crm.AccountRef{ExternalID: "K1"}, Contact: crm.Contact{Name: "Tom", LastVerifiedAt: day("2020-01-01"), Identities: []crm.Identity{{Kind: "email", Value: "tom@acme.de"}}}},
		}
		if sum, err := st.ImportContacts(crm.WithActor(ctx, crm.Operator), cts, crm.ImportOptions{}); err != nil || sum.Inserted != 2 {
			t.Fatalf("contacts: %+v %v", sum, err)
		}
		cts[1].Contact.Title = "CFO"
		cts[1].Contact.Identities = append(cts[1].Contact.Identities, crm.Identity{Kind: "phone", Value: "+49301234"})
		if sum, err := st.ImportContacts(crm.WithActor(ctx, crm.Operator), cts, crm.ImportOptions{}); err != nil || sum.Updated != 1 || sum.Unchanged != 1 || sum.Inserted != 0 {
			t.Fatalf("contacts again: %+v %v", sum, err)
		}
		list, err := st.Contacts(ctx, store.ContactFilter{ActiveOnly: true, VerifiedBefore: day("2023-01-01")})
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%d", len(list)); got != "2" || list[0].AccountName != "Acme GmbH" || list[0].Title != "CFO" || list[0].Phone != "+49301234" {
			t.Fatalf("stale contacts = %+v", list)
		}
		tps := []crm.TouchpointRecord{
			{Line: 2, Account: crm.AccountRef{ExternalID: "K1"}, ContactEmail: "tom@acme.de", Touchpoint: crm.Touchpoint{ExternalID: "T1", Kind: "ticket", Department: "support", OccurredAt: day("2024-02-01"), EffortMinutes: 90}},
			{Line: 3, Account: crm.AccountRef{Name: "brandt"}, Touchpoint: crm.Touchpoint{ExternalID: "T2", Kind: "call", Department: "sales", OccurredAt: day("2024-02-02"), EffortMinutes: 30}},
		}
		if sum, err := st.ImportTouchpoints(crm.WithActor(ctx, crm.Operator), tps, crm.ImportOptions{}); err != nil || sum.Inserted != 2 || sum.AccountsCreated != 0 {
			t.Fatalf("touchpoints: %+v %v", sum, err)
		}
		if sum, err := st.ImportOrders(crm.WithActor(ctx, crm.Operator), orders(), crm.ImportOptions{}); err != nil || sum.AccountsCreated != 0 {
			t.Fatalf("orders onto imported accounts: %+v %v", sum, err)
		}
		lines := []crm.OrderLineRecord{
			{Line: 2, OrderExternalID: "RE-1", SKU: "P1", ProductName: "Widget", UnitCost: cents(4), HasUnitCost: true, OrderLine: crm.OrderLine{LineNo: 1, Quantity: 10, UnitPrice: cents(10), Amount: cents(100)}},
			{Line: 3, OrderExternalID: "RE-2", ProductName: "Service day", OrderLine: crm.OrderLine{LineNo: 1, Quantity: 1, UnitPrice: cents(50), Amount: cents(50)}},
			{Line: 4, OrderExternalID: "RE-404", SKU: "P1", OrderLine: crm.OrderLine{LineNo: 1, Quantity: 1, UnitPrice: cents(1), Amount: cents(1)}},
		}
		_, err = st.ImportOrderLines(crm.WithActor(ctx, crm.Operator), lines, crm.ImportOptions{File: "l.csv"})
		if err == nil || !strings.Contains(err.Error(), `l.csv:4: invoice_id: unknown invoice "RE-404"`) {
			t.Fatalf("unknown invoice: %v", err)
		}
		if sum, err := st.ImportOrderLines(crm.WithActor(ctx, crm.Operator), lines[:2], crm.ImportOptions{}); err != nil || sum.Inserted != 2 {
			t.Fatalf("lines: %+v %v", sum, err)
		}
		costs, err := st.CostToServe(ctx, day("2024-01-01"), day("2024-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprintf("%+v", costs[0])
		want := "{ID:1 Name:Acme GmbH Revenue:95.00 Orders:3 LineRevenue:100.00 COGS:40 EffortMinutes:90 Touchpoints:1}"
		if got != want {
			t.Fatalf("cost to serve[0] = %s, want %s", got, want)
		}
	})
}
