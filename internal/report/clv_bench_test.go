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

// BenchmarkCustomerModelReports measures `report clv` and `report lapsed`
// (both read the order log and fit the customer model twice: on all orders
// and for the holdout check) over 100,000 accounts with 2,000,000 orders
// spread over five years, the data of BenchmarkPareto.
func BenchmarkCustomerModelReports(b *testing.B) {
	const accounts, orders = 100_000, 2_000_000
	recs := make([]crm.OrderRecord, orders)
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range recs {
		c := (i*7919 + i/accounts) % accounts
		recs[i] = crm.OrderRecord{Line: i + 2, Account: crm.AccountRef{ExternalID: fmt.Sprintf("C%06d", c)},
			Order: crm.Order{ExternalID: fmt.Sprintf("INV-%07d", i), OrderedAt: start.AddDate(0, 0, i%1826),
				Amount: float64(10+(c*c)%5000) * float64(1+i%3)}}
	}
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			var st *store.Store
			if db == "sqlite" {
				st = openSQLite(b)
			} else if st = openPostgres(b); st == nil {
				b.Skip("VITALFEW_TEST_POSTGRES not set")
			}
			if _, err := st.ImportOrders(context.Background(), recs, crm.ImportOptions{}); err != nil {
				b.Fatal(err)
			}
			b.Run("clv", func(b *testing.B) {
				for b.Loop() {
					rep, err := report.CLV(context.Background(), st, report.Params{})
					if err != nil {
						b.Fatal(err)
					}
					if rep.Model == nil || len(rep.Accounts) != accounts {
						b.Fatalf("model %v, %d accounts", rep.Model != nil, len(rep.Accounts))
					}
				}
			})
			b.Run("lapsed", func(b *testing.B) {
				for b.Loop() {
					if _, err := report.Lapsed(context.Background(), st, report.Params{LapsedAfter: 60 * 24 * time.Hour}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
