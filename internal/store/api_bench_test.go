package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkAPIQueries measures the store's side of the JSON API's lists and
// writes at the scale: 100k accounts with 2M orders over five
// years. Each list also counts every matching row; filters without an
// index (a date range over all orders) scan the table. Reported: wall
// time and CPU time per operation.
//
//	go test -run '^$' -bench APIQueries -benchtime 20x ./internal/store
func BenchmarkAPIQueries(b *testing.B) {
	const accounts, orders = 100_000, 2_000_000
	recs := make([]crm.OrderRecord, orders)
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range recs {
		c := (i * 7919) % accounts
		recs[i] = crm.OrderRecord{Line: i + 2,
			Account: crm.AccountRef{ExternalID: fmt.Sprintf("C%06d", c), Name: fmt.Sprintf("Customer %d", c)},
			Order:   crm.Order{ExternalID: fmt.Sprintf("INV-%07d", i), OrderedAt: start.AddDate(0, 0, i%1826), Amount: crm.Money(10+i%997) * 100}}
	}
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			dsn := filepath.Join(b.TempDir(), "bench.db")
			if db == "postgres" {
				dsn = MustPostgres(b)
			}
			st := MustOpen(b, dsn)
			ctx := crm.WithActor(context.Background(), crm.Actor{UserID: 1, Name: "bench", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
			if _, err := st.ImportOrders(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{}); err != nil {
				b.Fatal(err)
			}
			if db == "postgres" {
				// As autovacuum would soon after a load: statistics for the
				// planner (without them it scans orders for one account).
				pg, err := sql.Open("pgx", dsn)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := pg.Exec("ANALYZE"); err != nil {
					b.Fatal(err)
				}
				pg.Close()
			}
			one, _, err := st.ListAccounts(ctx, store.AccountQuery{Q: "C004711"})
			if err != nil || len(one) != 1 {
				b.Fatalf("account C004711: %v %v", one, err)
			}
			id := one[0].ID
			d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
			cases := []struct {
				name string
				run  func() (int, error)
			}{
				{"accounts/first-page", func() (int, error) { _, n, err := st.ListAccounts(ctx, store.AccountQuery{}); return n, err }},
				{"accounts/last-page", func() (int, error) {
					_, n, err := st.ListAccounts(ctx, store.AccountQuery{Offset: accounts - 50})
					return n, err
				}},
				{"accounts/q=name", func() (int, error) {
					_, n, err := st.ListAccounts(ctx, store.AccountQuery{Q: "customer 4711"})
					return n, err
				}},
				{"orders/first-page", func() (int, error) { _, n, err := st.ListOrders(ctx, store.OrderQuery{}); return n, err }},
				{"orders/one-account", func() (int, error) {
					_, n, err := st.ListOrders(ctx, store.OrderQuery{AccountID: id})
					return n, err
				}},
				{"orders/one-month", func() (int, error) {
					_, n, err := st.ListOrders(ctx, store.OrderQuery{Since: d("2023-03-01"), Until: d("2023-03-31")})
					return n, err
				}},
				{"orders/create-update-delete", func() (int, error) {
					o, err := st.CreateOrder(ctx, crm.Order{AccountID: id, OrderedAt: d("2024-01-01"), Amount: cents(1)})
					if err != nil {
						return 0, err
					}
					if _, err := st.UpdateOrder(ctx, o.ID, func(o *crm.Order) error { o.Amount = cents(2); return nil }); err != nil {
						return 0, err
					}
					return 1, st.DeleteOrder(ctx, o.ID)
				}},
			}
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) {
					cpu := cpuTime()
					for b.Loop() {
						if n, err := c.run(); err != nil || n == 0 {
							b.Fatalf("%d rows, %v", n, err)
						}
					}
					b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
				})
			}
		})
	}
}
