// Package pareto is the 80/20 arithmetic: ranking accounts by revenue, the
// share of the top fifth, the Gini coefficient, ABC tiers, the Pareto (Lorenz)
// curve and the whale curve of cumulative profit. It is pure math on slices:
// no I/O, no SQL, no clocks.
package pareto

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// DefaultThresholds are the cumulative revenue shares, in percent, that close
// tiers A and B; everything after the last threshold is tier C.
var DefaultThresholds = []float64{80, 95}

// Item is one account's revenue in the analysed window, credits already
// netted.
type Item struct {
	ID      int64
	Name    string
	Revenue float64
}

// Ranked is one account with positive revenue, in rank order.
type Ranked struct {
	ID              int64   `json:"id"`
	Name            string  `json:"name"`
	Revenue         float64 `json:"revenue"`
	Rank            int     `json:"rank"`             // 1 = highest revenue
	CumulativeShare float64 `json:"cumulative_share"` // revenue of ranks 1..Rank over the total
	Tier            string  `json:"tier"`
}

// Tier is the summary of one ABC tier.
type Tier struct {
	Tier         string  `json:"tier"`
	Customers    int     `json:"customers"`
	Revenue      float64 `json:"revenue"`
	RevenueShare float64 `json:"revenue_share"`
}

// Result is the 80/20 picture of one revenue distribution.
//
// Only accounts with revenue > 0 count: Customers is their number, Revenue
// their total, and Ranked lists only them. Accounts whose credits net to zero
// or below are left out entirely; they are not customers of the window and
// would distort the Gini coefficient (which is defined for non-negative
// values).
type Result struct {
	Customers  int
	Revenue    float64
	Top20Share float64 // share of Revenue from the ceil(0.2*Customers) highest accounts
	Gini       float64
	Tiers      []Tier // always len(thresholds)+1 tiers (A, B, C by default), zero-filled when empty
	Ranked     []Ranked
}

// Point is one point of a Lorenz (Pareto) curve, both coordinates shares in
// [0, 1].
type Point struct {
	Customers float64 `json:"customers"`
	Revenue   float64 `json:"revenue"`
}

// CheckThresholds validates tier thresholds and returns them as fractions in
// (0, 1]. Values above 1 are read as percentages (80, 95); a list whose values
// are all at most 1 is read as fractions (0.8, 0.95). The thresholds must be
// strictly increasing. An empty list gives DefaultThresholds.
func CheckThresholds(th []float64) ([]float64, error) {
	if len(th) == 0 {
		th = DefaultThresholds
	}
	if len(th) > 25 {
		return nil, fmt.Errorf("pareto: %d thresholds, at most 25", len(th))
	}
	scale := 1.0
	for _, t := range th {
		if t > 1 {
			scale = 100
			break
		}
	}
	out := make([]float64, len(th))
	for i, t := range th {
		f := t / scale
		if !(f > 0 && f <= 1) {
			return nil, fmt.Errorf("pareto: threshold %g out of range (0, 100]", t)
		}
		if i > 0 && f <= out[i-1] {
			return nil, fmt.Errorf("pareto: thresholds must increase, got %g after %g", t, th[i-1])
		}
		out[i] = f
	}
	return out, nil
}

func mustThresholds(th []float64) []float64 {
	f, err := CheckThresholds(th)
	if err != nil {
		panic(err)
	}
	return f
}

// TierName is the letter of tier i: A, B, C, ...
func TierName(i int) string { return string(rune('A' + i)) }

// TierBounds returns, for revenues sorted descending and thresholds as
// accepted by CheckThresholds, the exclusive end index of every tier:
// tier i holds sortedDesc[bounds[i-1]:bounds[i]] (bounds[-1] = 0). Tier i
// (i < len(thresholds)) ends at the smallest top set whose cumulative share
// reaches thresholds[i]; the last tier takes the rest. It panics on invalid
// thresholds.
func TierBounds(sortedDesc []float64, thresholds []float64) []int {
	th := mustThresholds(thresholds)
	total := sum(sortedDesc)
	bounds := make([]int, len(th)+1)
	var cum float64
	i := 0
	for t, f := range th {
		// A relative tolerance keeps exact hand-computed cases (80 of 100)
		// from missing their threshold by one rounding step.
		need := f*total - 1e-12*total
		for i < len(sortedDesc) && cum < need {
			cum += sortedDesc[i]
			i++
		}
		bounds[t] = i
	}
	bounds[len(th)] = len(sortedDesc)
	return bounds
}

// TierOf returns the tier letter of the account at 1-based rank, given the
// bounds from TierBounds.
func TierOf(rank int, bounds []int) string {
	for t, end := range bounds {
		if rank <= end {
			return TierName(t)
		}
	}
	return TierName(len(bounds) - 1)
}

// Summarize computes every figure of Result except Ranked from revenues
// already filtered to > 0 and sorted descending. It allocates only the tiers,
// so it suits millions of accounts. It panics on invalid thresholds (see
// CheckThresholds).
func Summarize(sortedDesc []float64, thresholds []float64) Result {
	n := len(sortedDesc)
	total := sum(sortedDesc)
	bounds := TierBounds(sortedDesc, thresholds)
	tiers := make([]Tier, len(bounds))
	start := 0
	for t, end := range bounds {
		rev := sum(sortedDesc[start:end])
		tiers[t] = Tier{Tier: TierName(t), Customers: end - start, Revenue: rev, RevenueShare: share(rev, total)}
		start = end
	}
	return Result{
		Customers:  n,
		Revenue:    total,
		Top20Share: share(sum(sortedDesc[:(n+4)/5]), total),
		Gini:       giniDesc(sortedDesc, total),
		Tiers:      tiers,
	}
}

// Analyze ranks items by revenue, highest first, ties by ID ascending, and
// computes the 80/20 figures over the items with revenue > 0 (see Result).
// thresholds are as accepted by CheckThresholds (nil means
// DefaultThresholds); Analyze panics on invalid ones, so validate user input
// with CheckThresholds first.
func Analyze(items []Item, thresholds []float64) Result {
	pos := make([]Item, 0, len(items))
	for _, it := range items {
		if it.Revenue > 0 {
			pos = append(pos, it)
		}
	}
	slices.SortFunc(pos, func(a, b Item) int {
		if c := cmp.Compare(b.Revenue, a.Revenue); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	rev := make([]float64, len(pos))
	for i, it := range pos {
		rev[i] = it.Revenue
	}
	res := Summarize(rev, thresholds)
	bounds := TierBounds(rev, thresholds)
	res.Ranked = make([]Ranked, len(pos))
	var cum float64
	tier := 0
	for i, it := range pos {
		cum += it.Revenue
		for i >= bounds[tier] {
			tier++
		}
		res.Ranked[i] = Ranked{
			ID: it.ID, Name: it.Name, Revenue: it.Revenue, Rank: i + 1,
			CumulativeShare: share(cum, res.Revenue), Tier: TierName(tier),
		}
	}
	return res
}

// Gini returns the Gini coefficient of non-negative values sorted ascending:
// (2 * sum_i i*x_i) / (N * sum x) - (N+1)/N with i from 1. It is 0 for no
// values, one value, all-equal values or a zero total.
func Gini(sortedAsc []float64) float64 {
	n := len(sortedAsc)
	total := sum(sortedAsc)
	if n == 0 || total == 0 {
		return 0
	}
	var w float64
	for i, x := range sortedAsc {
		w += float64(i+1) * x
	}
	return 2*w/(float64(n)*total) - float64(n+1)/float64(n)
}

// giniDesc is Gini for values sorted descending: rank i (from 1, highest
// first) has ascending position N+1-i.
func giniDesc(sortedDesc []float64, total float64) float64 {
	n := len(sortedDesc)
	if n == 0 || total == 0 {
		return 0
	}
	var w float64
	for i, x := range sortedDesc {
		w += float64(n-i) * x
	}
	g := 2*w/(float64(n)*total) - float64(n+1)/float64(n)
	if math.Abs(g) < 1e-12 {
		return 0
	}
	return g
}

// Lorenz returns the Pareto form of the Lorenz curve for revenues sorted
// descending: from (0, 0) through (k/N, share of the k highest) to (1, 1).
// With more than n+1 points it is downsampled to n points spread evenly over
// the ranks, always keeping both ends; n < 2 means 2. Empty input gives nil.
func Lorenz(sortedDesc []float64, n int) []Point {
	N := len(sortedDesc)
	if N == 0 {
		return nil
	}
	total := sum(sortedDesc)
	cum := make([]float64, N+1)
	for i, x := range sortedDesc {
		cum[i+1] = cum[i] + x
	}
	n = max(n, 2)
	idx := make([]int, 0, min(n, N+1))
	if N+1 <= n {
		for k := 0; k <= N; k++ {
			idx = append(idx, k)
		}
	} else {
		for j := range n {
			idx = append(idx, int(math.Round(float64(j)*float64(N)/float64(n-1))))
		}
	}
	pts := make([]Point, len(idx))
	for j, k := range idx {
		pts[j] = Point{Customers: float64(k) / float64(N), Revenue: share(cum[k], total)}
	}
	return pts
}

// WhaleCurve is the whale curve of cost-to-serve analysis and what it
// says: the accounts ranked by profit (revenue minus cost to serve, may be
// negative), most profitable first, and their cumulative profit.
//
// The curve rises over the positive profits, stays level over profits of
// zero and falls over the losses, so its peak is reached after every
// account that does not lose money: Peak counts the accounts with profit
// >= 0 and PeakProfit is their sum. Accounts with a profit of exactly zero
// count before the peak (they leave it unchanged), so the accounts after
// the peak are exactly the Losers, the accounts with profit < 0, and Loss
// is what they lose together. The ranking of equal profits changes no
// figure.
type WhaleCurve struct {
	// Cumulative[k] is the profit of the k most profitable accounts, from
	// Cumulative[0] = 0 to Cumulative[len(profits)] = Total.
	Cumulative []float64
	Peak       int     // accounts up to the peak: those with profit >= 0
	PeakProfit float64 // Cumulative[Peak], the sum of the profits >= 0
	Loss       float64 // minus the sum of the profits < 0: 0 or more
	Total      float64 // PeakProfit − Loss
	// Losers are the indexes into profits of the accounts with profit < 0,
	// most negative first, ties by index; there are len(profits) − Peak.
	Losers []int
}

// Whale computes the whale curve of the accounts' profits, given in any
// order. The profits must be finite.
func Whale(profits []float64) WhaleCurve {
	desc := slices.Clone(profits)
	slices.SortFunc(desc, func(a, b float64) int { return cmp.Compare(b, a) })
	w := WhaleCurve{Cumulative: make([]float64, len(desc)+1)}
	for k, p := range desc {
		if p >= 0 {
			w.PeakProfit += p
			w.Peak = k + 1
		} else {
			w.Loss -= p
		}
		w.Cumulative[k+1] = w.PeakProfit - w.Loss
	}
	w.Total = w.PeakProfit - w.Loss
	w.Losers = make([]int, 0, len(desc)-w.Peak)
	for i, p := range profits {
		if p < 0 {
			w.Losers = append(w.Losers, i)
		}
	}
	slices.SortStableFunc(w.Losers, func(a, b int) int { return cmp.Compare(profits[a], profits[b]) })
	return w
}

func sum(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}

func share(part, total float64) float64 {
	if total == 0 {
		return 0
	}
	return part / total
}
