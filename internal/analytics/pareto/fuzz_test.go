package pareto_test

import (
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// FuzzPareto: ranking, tiers, Gini, Lorenz and the whale curve end on any
// values, finite or not; for revenues and profits of the sizes the store
// keeps (|x| ≤ 1e12 each) the tiers add up to the whole, shares lie in
// 0..1, and the whale curve's peak and loss add up to its total.
func FuzzPareto(f *testing.F) {
	f.Add(floats(100, 50, 50, 10, 0, -5), uint8(80), uint8(95))
	f.Add(floats(math.Inf(1), math.NaN(), -math.MaxFloat64, 1e12, 5e-324), uint8(50), uint8(90))
	f.Add(floats(1, 1, 1, 1), uint8(0), uint8(100))
	f.Fuzz(func(t *testing.T, data []byte, a, b uint8) {
		var items []pareto.Item
		var profits []float64
		inRange := true
		for i := 0; len(data) >= 8; i, data = i+1, data[8:] {
			v := math.Float64frombits(binary.LittleEndian.Uint64(data))
			items = append(items, pareto.Item{ID: int64(i % 7), Revenue: v})
			profits = append(profits, v)
			inRange = inRange && !math.IsNaN(v) && math.Abs(v) <= 1e12
		}
		th, err := pareto.CheckThresholds([]float64{float64(a), float64(b)})
		if err != nil {
			th = nil
		}
		testkit.Within(t, 10*time.Second, "pareto", func() {
			res := pareto.Analyze(items, th)
			w := pareto.Whale(profits)
			desc := make([]float64, len(res.Ranked))
			for i, r := range res.Ranked {
				desc[i] = r.Revenue
			}
			pareto.Lorenz(desc, 11)
			if !inRange {
				return
			}
			n, rev := 0, 0.0
			for _, tier := range res.Tiers {
				n += tier.Customers
				rev += tier.Revenue
				if tier.RevenueShare < 0 || tier.RevenueShare > 1+1e-9 {
					t.Fatalf("tier %+v has a share outside 0..1", tier)
				}
			}
			if n != res.Customers || n != len(res.Ranked) || math.Abs(rev-res.Revenue) > 1e-6*math.Max(1, res.Revenue) {
				t.Fatalf("tiers add to %d and %v, the whole is %d (%d ranked) and %v", n, rev, res.Customers, len(res.Ranked), res.Revenue)
			}
			if res.Gini < -1e-9 || res.Gini > 1 || res.Top20Share < 0 || res.Top20Share > 1+1e-9 {
				t.Fatalf("gini %v, top-20%% share %v", res.Gini, res.Top20Share)
			}
			if math.Abs(w.PeakProfit-w.Loss-w.Total) > 1e-6*math.Max(1, w.PeakProfit) || w.Loss < 0 ||
				w.Peak+len(w.Losers) != len(profits) || w.Cumulative[w.Peak] != w.PeakProfit {
				t.Fatalf("whale curve: peak %v after %d, loss %v over %d, total %v of %d profits",
					w.PeakProfit, w.Peak, w.Loss, len(w.Losers), w.Total, len(profits))
			}
		})
	})
}

func floats(xs ...float64) []byte {
	var b []byte
	for _, x := range xs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}
