package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// benchOrders makes n orders for n/10 customers over five years.
func benchOrders(n int) []crm.OrderRecord {
	recs := make([]crm.OrderRecord, n)
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range recs {
		c := (i * 7919) % (n / 10)
		recs[i] = crm.OrderRecord{Line: i + 2,
			Account: crm.AccountRef{ExternalID: fmt.Sprintf("C%06d", c), Name: fmt.Sprintf("Customer %d", c)},
			Order:   crm.Order{ExternalID: fmt.Sprintf("INV-%07d", i), OrderedAt: start.AddDate(0, 0, i%1826), Amount: crm.Money(10+i%997) * 100}}
	}
	return recs
}

// BenchmarkImportOrders measures the store's part of importing 1M invoices
// (account resolution and creation, bulk insert) into an empty database.
// cpu-s/op is this process's CPU time (user + system): on a shared machine
// the steadier figure; on PostgreSQL the server's work is not in it.
func BenchmarkImportOrders(b *testing.B) {
	recs := benchOrders(1_000_000)
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				dsn := filepath.Join(b.TempDir(), "bench.db")
				if db == "postgres" {
					dsn = MustPostgres(b)
				}
				st := MustOpen(b, dsn)
				b.StartTimer()
				before := processCPU()
				if _, err := st.ImportOrders(crm.WithActor(context.Background(), crm.Operator), recs, crm.ImportOptions{}); err != nil {
					b.Fatal(err)
				}
				cpu += processCPU() - before
			}
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// processCPU is the CPU time this process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
