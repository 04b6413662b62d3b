package report_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// BenchmarkCustomerModelReports measures `report clv` and `report lapsed`
// (both read the order log and fit the customer model twice: on all orders
// and for the holdout check) over 100,000 accounts with about 1,500,000 orders
// spread over five years.
func BenchmarkCustomerModelReports(b *testing.B) {
	const accounts = 100_000
	// Customers acquired over the first two of five years, each buying at
	// its own rate (mean every 45 days, exponentially spread) until it
	// leaves (lifetimes exponential, with means themselves exponentially
	// spread around three years): about 1.5M orders.
	rng := rand.New(rand.NewPCG(5, 5))
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var recs []crm.OrderRecord
	for c := range accounts {
		rate := rng.ExpFloat64() / 45
		life := rng.ExpFloat64() * rng.ExpFloat64() * 3 * 365 // drop-out rates differ between customers
		first := float64(rng.IntN(730))
		for t := first; t <= first+life && t < 1826; t += rng.ExpFloat64() / rate {
			recs = append(recs, crm.OrderRecord{Line: len(recs) + 2, Account: crm.AccountRef{ExternalID: fmt.Sprintf("C%06d", c)},
				Order: crm.Order{ExternalID: fmt.Sprintf("INV-%08d", len(recs)), OrderedAt: start.AddDate(0, 0, int(t)),
					Amount: crm.Money(10+(c*c)%5000) * 100}})
		}
	}
	b.Logf("%d orders", len(recs))
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
			b.Run("clv", func(b *testing.B) {
				for b.Loop() {
					rep, err := report.CLV(crm.WithActor(context.Background(), crm.Operator), st, report.Params{})
					if err != nil {
						b.Fatal(err)
					}
					if rep.Model == nil || len(rep.Accounts) != accounts {
						b.Fatalf("model %v (%s), %d accounts", rep.Model != nil, rep.Note, len(rep.Accounts))
					}
				}
			})
			b.Run("lapsed", func(b *testing.B) {
				for b.Loop() {
					if _, err := report.Lapsed(crm.WithActor(context.Background(), crm.Operator), st, report.Params{LapsedAfter: 60 * 24 * time.Hour}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
