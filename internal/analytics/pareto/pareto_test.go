package pareto

import (
	"math"
	"slices"
	"testing"
)

// giniMAD is the Gini coefficient by its definition, the mean absolute
// difference over twice the mean: sum_ij |xi-xj| / (2 n^2 mean).
func giniMAD(xs []float64) float64 {
	n := float64(len(xs))
	var s, d float64
	for _, x := range xs {
		s += x
		for _, y := range xs {
			d += math.Abs(x - y)
		}
	}
	if s == 0 {
		return 0
	}
	return d / (2 * n * n * (s / n))
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

func TestAnalyze(t *testing.T) {
	t.Parallel()
	type tierWant struct {
		customers int
		revenue   float64
	}
	tests := []struct {
		name       string
		items      []Item
		thresholds []float64
		customers  int
		revenue    float64
		top20      float64
		order      []int64 // IDs in rank order
		tiers      []tierWant
		tierOf     string // tier letters in rank order
	}{
		{
			name:  "textbook 50 30 10 5 5",
			items: []Item{{1, "a", 50}, {2, "b", 30}, {3, "c", 10}, {4, "d", 5}, {5, "e", 5}},
			// cumulative 50 80 90 95 100: A reaches 80 at rank 2, B reaches 95 at rank 4.
			customers: 5, revenue: 100, top20: 0.5,
			order: []int64{1, 2, 3, 4, 5},
			tiers: []tierWant{{2, 80}, {2, 15}, {1, 5}}, tierOf: "AABBC",
		},
		{
			name:       "fractions mean the same",
			items:      []Item{{1, "a", 50}, {2, "b", 30}, {3, "c", 10}, {4, "d", 5}, {5, "e", 5}},
			thresholds: []float64{0.8, 0.95},
			customers:  5, revenue: 100, top20: 0.5,
			order: []int64{1, 2, 3, 4, 5},
			tiers: []tierWant{{2, 80}, {2, 15}, {1, 5}}, tierOf: "AABBC",
		},
		{
			name:      "ties by id ascending, input shuffled",
			items:     []Item{{9, "i", 10}, {3, "c", 40}, {7, "g", 10}, {1, "a", 40}},
			customers: 4, revenue: 100, top20: 0.4,
			// cumulative 40 80 90 100
			order: []int64{1, 3, 7, 9},
			tiers: []tierWant{{2, 80}, {2, 20}, {0, 0}}, tierOf: "AABB",
		},
		{
			name:      "all equal",
			items:     []Item{{1, "", 25}, {2, "", 25}, {3, "", 25}, {4, "", 25}},
			customers: 4, revenue: 100, top20: 0.25,
			order: []int64{1, 2, 3, 4},
			tiers: []tierWant{{4, 100}, {0, 0}, {0, 0}}, tierOf: "AAAA",
		},
		{
			name:      "single customer",
			items:     []Item{{42, "solo", 123.45}},
			customers: 1, revenue: 123.45, top20: 1,
			order: []int64{42},
			tiers: []tierWant{{1, 123.45}, {0, 0}, {0, 0}}, tierOf: "A",
		},
		{
			name:      "zero and negative dropped",
			items:     []Item{{1, "", -20}, {2, "", 0}, {3, "", 60}, {4, "", 40}, {5, "", math.NaN()}},
			customers: 2, revenue: 100, top20: 0.6,
			order: []int64{3, 4},
			tiers: []tierWant{{2, 100}, {0, 0}, {0, 0}}, tierOf: "AA",
		},
		{
			name:      "empty",
			items:     nil,
			customers: 0, revenue: 0, top20: 0,
			tiers: []tierWant{{0, 0}, {0, 0}, {0, 0}},
		},
		{
			name:       "one threshold, two tiers",
			items:      []Item{{1, "", 70}, {2, "", 20}, {3, "", 10}},
			thresholds: []float64{50},
			customers:  3, revenue: 100, top20: 0.7,
			order: []int64{1, 2, 3},
			tiers: []tierWant{{1, 70}, {2, 30}}, tierOf: "ABB",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := Analyze(tc.items, tc.thresholds)
			if res.Customers != tc.customers || !near(res.Revenue, tc.revenue) || !near(res.Top20Share, tc.top20) {
				t.Errorf("customers, revenue, top20 = %d, %g, %g; want %d, %g, %g",
					res.Customers, res.Revenue, res.Top20Share, tc.customers, tc.revenue, tc.top20)
			}
			var pos []float64
			for _, it := range tc.items {
				if it.Revenue > 0 {
					pos = append(pos, it.Revenue)
				}
			}
			if want := giniMAD(pos); !near(res.Gini, want) {
				t.Errorf("gini = %.15g, want %.15g (mean absolute difference)", res.Gini, want)
			}
			if len(res.Tiers) != len(tc.tiers) {
				t.Fatalf("got %d tiers, want %d", len(res.Tiers), len(tc.tiers))
			}
			for i, w := range tc.tiers {
				got := res.Tiers[i]
				if got.Tier != TierName(i) || got.Customers != w.customers || !near(got.Revenue, w.revenue) ||
					!near(got.RevenueShare, w.revenue/math.Max(tc.revenue, 1e-300)) && tc.revenue != 0 {
					t.Errorf("tier %d = %+v, want %s with %d customers, revenue %g", i, got, TierName(i), w.customers, w.revenue)
				}
			}
			var ids []int64
			var letters string
			var cum float64
			for i, r := range res.Ranked {
				ids = append(ids, r.ID)
				letters += r.Tier
				cum += r.Revenue
				if r.Rank != i+1 || !near(r.CumulativeShare, cum/tc.revenue) {
					t.Errorf("ranked[%d] = %+v, want rank %d cumulative share %g", i, r, i+1, cum/tc.revenue)
				}
			}
			if !slices.Equal(ids, tc.order) || letters != tc.tierOf {
				t.Errorf("ranked IDs %v tiers %q, want %v %q", ids, letters, tc.order, tc.tierOf)
			}
		})
	}
}

func TestGini(t *testing.T) {
	t.Parallel()
	for _, xs := range [][]float64{
		nil, {5}, {3, 3, 3}, {0, 0, 0, 10}, {1, 2, 3, 4, 5}, {5, 5, 10, 30, 50}, {0.01, 2, 1e6},
	} {
		if got, want := Gini(xs), giniMAD(xs); !near(got, want) {
			t.Errorf("Gini(%v) = %.15g, want %.15g", xs, got, want)
		}
	}
	// Summarize's descending form must agree with Gini on the reversed slice.
	desc := []float64{50, 30, 10, 5, 5}
	asc := slices.Clone(desc)
	slices.Reverse(asc)
	if got, want := Summarize(desc, nil).Gini, Gini(asc); !near(got, want) {
		t.Errorf("Summarize gini %g, Gini %g", got, want)
	}
}

func TestCheckThresholds(t *testing.T) {
	t.Parallel()
	good := map[string]struct{ in, want []float64 }{
		"default":    {nil, []float64{0.8, 0.95}},
		"percent":    {[]float64{70, 90}, []float64{0.7, 0.9}},
		"fraction":   {[]float64{0.5, 1}, []float64{0.5, 1}},
		"hundred":    {[]float64{80, 100}, []float64{0.8, 1}},
		"one tier b": {[]float64{80}, []float64{0.8}},
	}
	for name, tc := range good {
		got, err := CheckThresholds(tc.in)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%s: CheckThresholds(%v) = %v, %v; want %v", name, tc.in, got, err, tc.want)
		}
	}
	for _, in := range [][]float64{{95, 80}, {80, 80}, {0, 50}, {80, 101}, {-1}, {math.NaN()}} {
		if _, err := CheckThresholds(in); err == nil {
			t.Errorf("CheckThresholds(%v) accepted", in)
		}
	}
}

func TestLorenz(t *testing.T) {
	t.Parallel()
	desc := []float64{50, 30, 10, 5, 5}
	got := Lorenz(desc, 10)
	want := []Point{{0, 0}, {0.2, 0.5}, {0.4, 0.8}, {0.6, 0.9}, {0.8, 0.95}, {1, 1}}
	if len(got) != len(want) {
		t.Fatalf("Lorenz = %v, want %v", got, want)
	}
	for i := range want {
		if !near(got[i].Customers, want[i].Customers) || !near(got[i].Revenue, want[i].Revenue) {
			t.Errorf("point %d = %v, want %v", i, got[i], want[i])
		}
	}
	big := make([]float64, 1000)
	for i := range big {
		big[i] = float64(1000 - i)
	}
	pts := Lorenz(big, 11)
	if len(pts) != 11 || pts[0] != (Point{0, 0}) || pts[10] != (Point{1, 1}) || !near(pts[5].Customers, 0.5) {
		t.Errorf("downsampled Lorenz = %v", pts)
	}
	for i := 1; i < len(pts); i++ {
		if pts[i].Revenue < pts[i-1].Revenue {
			t.Errorf("Lorenz not monotone at %d: %v", i, pts)
		}
	}
	if Lorenz(nil, 5) != nil {
		t.Error("Lorenz(nil) not nil")
	}
}

func TestWhale(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		profits    []float64
		cumulative []float64
		peak       int
		peakProfit float64
		loss       float64
		total      float64
		losers     []int
	}{
		{
			// Ranked: 100 (#3), 40 (#1), 40 (#5), 0 (#2), -5 (#0), -5 (#6),
			// -30 (#4). Cumulative 0, 100, 140, 180, 180, 175, 170, 140.
			// The zero keeps the curve at 180, so the peak is after the 4
			// accounts with profit >= 0; the 3 after it lose 5+5+30 = 40,
			// and 180 - 40 = 140. Losers most negative first, the two -5
			// by index: #4, #0, #6.
			name:       "ties, a zero and losses",
			profits:    []float64{-5, 40, 0, 100, -30, 40, -5},
			cumulative: []float64{0, 100, 140, 180, 180, 175, 170, 140},
			peak:       4, peakProfit: 180, loss: 40, total: 140,
			losers: []int{4, 0, 6},
		},
		{
			// Ranked 3, 2, 1: cumulative 0, 3, 5, 6; the peak is the end.
			name:       "all profitable",
			profits:    []float64{1, 3, 2},
			cumulative: []float64{0, 3, 5, 6},
			peak:       3, peakProfit: 6, loss: 0, total: 6,
			losers: []int{},
		},
		{
			// Ranked -1 (#0), -2 (#2), -4 (#1): cumulative 0, -1, -3, -7;
			// the peak is before the first account, at 0.
			name:       "all losing",
			profits:    []float64{-1, -4, -2},
			cumulative: []float64{0, -1, -3, -7},
			peak:       0, peakProfit: 0, loss: 7, total: -7,
			losers: []int{1, 2, 0},
		},
		{
			// Nobody gains or loses: the curve stays at 0 and both accounts
			// count before the peak.
			name:       "all zero",
			profits:    []float64{0, 0},
			cumulative: []float64{0, 0, 0},
			peak:       2, peakProfit: 0, loss: 0, total: 0,
			losers: []int{},
		},
		{
			// Ranked 10, 5, -25: cumulative 0, 10, 15, -10. The total is
			// negative, the peak still 15 after 2; the third loses 25.
			name:       "peak above a negative total",
			profits:    []float64{10, -25, 5},
			cumulative: []float64{0, 10, 15, -10},
			peak:       2, peakProfit: 15, loss: 25, total: -10,
			losers: []int{1},
		},
		{
			name:       "one losing account",
			profits:    []float64{-2.5},
			cumulative: []float64{0, -2.5},
			peak:       0, peakProfit: 0, loss: 2.5, total: -2.5,
			losers: []int{0},
		},
		{
			name:       "no accounts",
			cumulative: []float64{0},
			losers:     []int{},
		},
	}
	for _, tc := range cases {
		w := Whale(tc.profits)
		if !slices.Equal(w.Cumulative, tc.cumulative) || w.Peak != tc.peak || w.PeakProfit != tc.peakProfit ||
			w.Loss != tc.loss || w.Total != tc.total || !slices.Equal(w.Losers, tc.losers) {
			t.Errorf("%s: Whale(%v) = %+v\nwant cumulative %v, peak %d at %g, loss %g, total %g, losers %v",
				tc.name, tc.profits, w, tc.cumulative, tc.peak, tc.peakProfit, tc.loss, tc.total, tc.losers)
		}
	}
}

func TestTierOf(t *testing.T) {
	t.Parallel()
	bounds := TierBounds([]float64{50, 30, 10, 5, 5}, nil)
	if !slices.Equal(bounds, []int{2, 4, 5}) {
		t.Fatalf("bounds = %v", bounds)
	}
	var s string
	for r := 1; r <= 5; r++ {
		s += TierOf(r, bounds)
	}
	if s != "AABBC" {
		t.Errorf("TierOf = %q", s)
	}
}
