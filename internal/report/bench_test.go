package report_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// BenchmarkPareto measures `report pareto` over 100,000 accounts and
// 2,000,000 orders spread over five years, on SQLite and PostgreSQL.
func BenchmarkPareto(b *testing.B) {
	const accounts, orders = 100_000, 2_000_000
	recs := make([]crm.OrderRecord, orders)
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range recs {
		c := (i*7919 + i/accounts) % accounts
		recs[i] = crm.OrderRecord{Line: i + 2, Account: crm.AccountRef{ExternalID: fmt.Sprintf("C%06d", c)},
			Order: crm.Order{ExternalID: fmt.Sprintf("INV-%07d", i), OrderedAt: start.AddDate(0, 0, i%1826),
				Amount: crm.Money(10+(c*c)%5000) * crm.Money(1+i%3) * 100}}
	}
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			var st *store.Store
			if db == "sqlite" {
				st = openSQLite(b)
			} else if st = openPostgres(b); st == nil {
				b.Skip("VITALFEW_TEST_POSTGRES not set")
			}
			if _, err := st.ImportOrders(crm.WithActor(context.Background(), crm.Operator), recs, crm.ImportOptions{}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				rep, err := report.Pareto(crm.WithActor(context.Background(), crm.Operator), st, report.Params{})
				if err != nil {
					b.Fatal(err)
				}
				if len(rep.Accounts) < accounts*9/10 {
					b.Fatalf("%d accounts ranked, want nearly all of %d", len(rep.Accounts), accounts)
				}
			}
		})
	}
}
