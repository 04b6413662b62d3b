package demo

import (
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// BenchmarkGenerate measures generation of 10,000 accounts with an emit that
// only counts.
func BenchmarkGenerate(b *testing.B) {
	const accounts = 10000
	var orders int
	b.ReportAllocs()
	for b.Loop() {
		orders = 0
		err := Generate(Config{Accounts: accounts}, func(bt *Batch) error {
			orders += len(bt.Orders)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/accounts, "ns/account")
	b.ReportMetric(float64(orders)/accounts, "orders/account")
}

// TestMillion generates VITALFEW_DEMO_ACCOUNTS accounts (for example
// 1000000; chunk size VITALFEW_DEMO_CHUNK) and reports time, records and
// peak heap; skipped when unset.
func TestMillion(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("VITALFEW_DEMO_ACCOUNTS"))
	if n == 0 {
		t.Skip("VITALFEW_DEMO_ACCOUNTS not set")
	}
	chunk, _ := strconv.Atoi(os.Getenv("VITALFEW_DEMO_CHUNK"))
	var counts [5]int
	var peak uint64
	var ms runtime.MemStats
	start := time.Now()
	err := Generate(Config{Accounts: n, ChunkAccounts: chunk}, func(b *Batch) error {
		counts[0] += len(b.Accounts)
		counts[1] += len(b.Contacts)
		counts[2] += len(b.Orders)
		counts[3] += len(b.OrderLines)
		counts[4] += len(b.Touchpoints)
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d accounts in %v: contacts %d, orders %d, lines %d, touchpoints %d; heap in use up to %d MiB",
		counts[0], time.Since(start).Round(time.Millisecond), counts[1], counts[2], counts[3], counts[4], peak>>20)
}
