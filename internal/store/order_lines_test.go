package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// Order lines carry their order's account and date: a re-import that moves
// an order to another day or customer moves its lines in the reports too.
func TestOrderLinesFollowTheirOrder(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := crm.WithActor(context.Background(), crm.Operator)
		if _, err := st.ImportOrders(crm.WithActor(ctx, crm.Operator), orders(), crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		lines := []crm.OrderLineRecord{
			{Line: 2, OrderExternalID: "RE-1", SKU: "P1", ProductName: "Widget", UnitCost: cents(4), HasUnitCost: true, OrderLine: crm.OrderLine{LineNo: 1, Quantity: 10, UnitPrice: cents(10), Amount: cents(100)}},
			{Line: 3, OrderExternalID: "RE-2", SKU: "P2", ProductName: "Service day", OrderLine: crm.OrderLine{LineNo: 1, Quantity: 1, UnitPrice: cents(50), Amount: cents(50)}},
		}
		if _, err := st.ImportOrderLines(crm.WithActor(ctx, crm.Operator), lines, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		bought := func(asOf string) string {
			t.Helper()
			uses, err := st.ProductsBought(ctx, day(asOf))
			if err != nil {
				t.Fatal(err)
			}
			slices.SortFunc(uses, func(a, b store.ProductUse) int { return strings.Compare(a.Product, b.Product) })
			return fmt.Sprint(uses)
		}
		cogs := func(since, until string) string {
			t.Helper()
			costs, err := st.CostToServe(ctx, day(since), day(until))
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, c := range costs {
				fmt.Fprintf(&b, "%d:%g/%g ", c.ID, c.LineRevenue.Float(), c.COGS)
			}
			return b.String()
		}
		if got, want := bought("2024-01-31"), "[{1 Widget 10 100.00}]"; got != want {
			t.Fatalf("bought by January = %s, want %s", got, want)
		}
		if got, want := cogs("2024-01-01", "2024-01-31"), "1:100/40 "; got != want {
			t.Fatalf("January costs = %s, want %s", got, want)
		}
		// RE-1 moves to March and to Brandt KG.
		recs := orders()
		recs[0].Account, recs[0].Order.OrderedAt = crm.AccountRef{ExternalID: "K2"}, day("2024-03-01")
		if sum, err := st.ImportOrders(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{}); err != nil || sum.Updated != 1 {
			t.Fatalf("re-import: %+v, %v", sum, err)
		}
		if got, want := bought("2024-01-31"), "[]"; got != want {
			t.Fatalf("bought by January = %s, want %s", got, want)
		}
		if got, want := bought("2024-12-31"), "[{2 Service day 1 50.00} {2 Widget 10 100.00}]"; got != want {
			t.Fatalf("bought by December = %s, want %s", got, want)
		}
		if got, want := cogs("2024-03-01", "2024-03-31"), "1:0/0 2:100/40 "; got != want {
			t.Fatalf("March costs = %s, want %s", got, want)
		}
		// Re-importing the lines changes nothing.
		if sum, err := st.ImportOrderLines(crm.WithActor(ctx, crm.Operator), lines, crm.ImportOptions{}); err != nil || sum.Unchanged != 2 {
			t.Fatalf("lines re-import: %+v, %v", sum, err)
		}
	})
}
