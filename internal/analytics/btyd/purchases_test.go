package btyd_test

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
)

// purchasesBySort is Purchases as it was written first: a stable sort by
// customer and day, then one entry per customer and day.
func purchasesBySort(log []btyd.Txn) []btyd.Txn {
	var out []btyd.Txn
	for _, t := range log {
		if t.Amount >= 0 {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b btyd.Txn) int {
		return cmp.Or(cmp.Compare(a.Customer, b.Customer), cmp.Compare(a.Day, b.Day))
	})
	var days []btyd.Txn
	for _, t := range out {
		if n := len(days); n > 0 && days[n-1].Customer == t.Customer && days[n-1].Day == t.Day {
			days[n-1].Amount += t.Amount
			continue
		}
		days = append(days, t)
	}
	return days
}

// TestPurchasesSameAsStableSort: the counting sort gives the entries of the
// stable sort, amounts added in the log's order (bit for bit), for logs in
// date order, in random order, with customers dense and sparse, offset from
// zero, with credits and many orders on one day.
func TestPurchasesSameAsStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 7))
	for _, c := range []struct {
		name        string
		rows, custs int
		base        int32
		sortedByDay bool
		daysPerCust int
	}{
		{"date order", 20000, 8000, 0, true, 400},
		{"random order", 20000, 8000, 0, false, 400},
		{"offset customers", 20000, 5000, 70000, false, 30},
		{"sparse customers", 3000, 1 << 20, 0, false, 400},
		{"same days", 20000, 300, 0, false, 3},
		{"small", 100, 10, 0, false, 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			log := make([]btyd.Txn, c.rows)
			for i := range log {
				amt := float64(rng.IntN(100000)) / 100
				if rng.IntN(10) == 0 {
					amt = -amt
				}
				log[i] = btyd.Txn{Customer: c.base + int32(rng.IntN(c.custs)), Day: int32(rng.IntN(c.daysPerCust)), Amount: amt}
			}
			if c.sortedByDay {
				slices.SortStableFunc(log, func(a, b btyd.Txn) int { return cmp.Compare(a.Day, b.Day) })
			}
			want := purchasesBySort(log)
			got := btyd.Purchases(slices.Clone(log))
			if !slices.Equal(got, want) {
				t.Fatalf("%d purchases, want %d; first difference at %d", len(got), len(want), firstDiff(got, want))
			}
		})
	}
}

func firstDiff(a, b []btyd.Txn) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// BenchmarkPurchases: an order log of 1M customers and 2.8M orders in date
// order, as a business's export has it.
func BenchmarkPurchases(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	log := make([]btyd.Txn, 2_800_000)
	for i := range log {
		log[i] = btyd.Txn{Customer: int32(rng.IntN(1_000_000)), Day: int32(i * 730 / len(log)), Amount: float64(rng.IntN(10000)) / 100}
	}
	buf := make([]btyd.Txn, len(log))
	for b.Loop() {
		copy(buf, log)
		btyd.Purchases(buf)
	}
}
