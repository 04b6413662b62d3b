package btyd

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// Unit is the time unit of a summary: the length of one period in days.
type Unit float64

// The time units. A month is 365.25/12 days.
const (
	Day   Unit = 1
	Week  Unit = 7
	Month Unit = 365.25 / 12
)

// ParseUnit reads "day", "week" or "month".
func ParseUnit(s string) (Unit, error) {
	switch strings.ToLower(s) {
	case "day", "days", "d":
		return Day, nil
	case "week", "weeks", "w":
		return Week, nil
	case "month", "months", "m":
		return Month, nil
	}
	return 0, fmt.Errorf("unknown time unit %q (want day, week or month)", s)
}

// String is the unit's name.
func (u Unit) String() string {
	switch u {
	case Day:
		return "day"
	case Week:
		return "week"
	case Month:
		return "month"
	}
	return fmt.Sprintf("%g days", float64(u))
}

// PeriodsPerMonth is the number of periods in a month as the Python
// reference (lifetimes) counts them for its monthly CLV: 30 days, 4.345
// weeks, 1 month.
func (u Unit) PeriodsPerMonth() float64 {
	switch u {
	case Day:
		return 30
	case Week:
		return 4.345
	case Month:
		return 1
	}
	return float64(Month / u)
}

// DayOf is the calendar day of t as a day number (days since 1970-01-01),
// in t's location.
func DayOf(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Txn is one order in an order log, or one purchase in a purchase log
// (Purchases).
type Txn struct {
	Customer int32   // dense customer index, 0 ≤ Customer < number of customers
	Day      int32   // day number of the purchase (see DayOf)
	Amount   float64 // its value
}

// Purchases turns an order log into the purchase log the models are fitted
// to, in place: an order with a negative amount (a credit note) is not a
// purchase, one with an amount of zero (a free sample, a replacement) is,
// and one customer's purchases of one day are one purchase, their amounts
// added in the log's order. The result is sorted by customer and day.
func Purchases(log []Txn) []Txn {
	out := log[:0]
	lo, hi := int32(math.MaxInt32), int32(math.MinInt32)
	for _, t := range log {
		if t.Amount >= 0 {
			out = append(out, t)
			lo, hi = min(lo, t.Customer), max(hi, t.Customer)
		}
	}
	sorted := sortByCustomerDay(out, lo, hi)
	days := out[:0]
	for _, t := range sorted {
		if n := len(days); n > 0 && days[n-1].Customer == t.Customer && days[n-1].Day == t.Day {
			days[n-1].Amount += t.Amount
			continue
		}
		days = append(days, t)
	}
	return days
}

// sortByCustomerDay sorts txns, whose customers are in [lo, hi], by
// customer and day, keeping the order of equal entries. When the customers
// are about as many as the entries (a log of one business) it is a
// counting sort by customer and then a sort of each customer's few days,
// which are often in order already: linear where a comparison sort of
// millions of entries is not. The sorted entries are in txns or, for the
// counting sort, in a new slice; it returns them.
func sortByCustomerDay(txns []Txn, lo, hi int32) []Txn {
	byDay := func(a, b Txn) int { return cmp.Compare(a.Day, b.Day) }
	if len(txns) < 256 || int64(hi)-int64(lo) >= 4*int64(len(txns)) {
		slices.SortStableFunc(txns, func(a, b Txn) int {
			return cmp.Or(cmp.Compare(a.Customer, b.Customer), cmp.Compare(a.Day, b.Day))
		})
		return txns
	}
	off := make([]int, int(hi-lo)+2)
	for _, t := range txns {
		off[t.Customer-lo+1]++
	}
	for i := 1; i < len(off); i++ {
		off[i] += off[i-1]
	}
	tmp := make([]Txn, len(txns))
	pos := slices.Clone(off[:len(off)-1])
	for _, t := range txns {
		c := t.Customer - lo
		tmp[pos[c]] = t
		pos[c]++
	}
	for c := range len(off) - 1 {
		if run := tmp[off[c]:off[c+1]]; !slices.IsSortedFunc(run, byDay) {
			slices.SortStableFunc(run, byDay)
		}
	}
	return tmp
}

// SummaryOptions sets the periods of a summary.
type SummaryOptions struct {
	Unit           Unit
	CalibrationEnd int32 // last day of the calibration period, inclusive
	HoldoutEnd     int32 // last day of the holdout period, inclusive; ≤ CalibrationEnd for none
}

// Summary is a transaction log reduced to one Customer per customer.
type Summary struct {
	// Customers are those whose first purchase falls on or before the end
	// of calibration, in customer-index order; Customer.ID is the index.
	Customers []Customer
	Unit      Unit
	Start     int32 // the earliest first purchase
	// Repeats counts the repeat purchases (purchase days after a
	// customer's first) of these customers in each period from Start
	// through the holdout end (or the calibration end): period k covers the
	// days [Start+k·Unit, Start+(k+1)·Unit). It is the actual side of the
	// tracking curve.
	Repeats []float64
	Holdout float64 // length of the holdout in periods (0 without one)
}

// Summarize builds per-customer summaries from a purchase log (every entry
// counts: Purchases makes one from an order log with credits), in any order.
// Purchases on the same day are one purchase (their amounts add up); x counts
// the purchase days after the first up to the end of calibration, t_x and T
// are measured from the first purchase in the summary's unit, Spend is the
// mean value of the repeat purchases, and XStar counts the purchase days in
// the holdout. Customers are processed in parallel.
func Summarize(txns []Txn, opt SummaryOptions) (Summary, error) {
	if opt.Unit <= 0 {
		return Summary{}, errors.New("btyd: summary needs a positive time unit")
	}
	hasHoldout := opt.HoldoutEnd > opt.CalibrationEnd
	end := opt.CalibrationEnd
	if hasHoldout {
		end = opt.HoldoutEnd
	}
	// Count per customer and find the day range.
	n := int32(0)
	minDay := int32(math.MaxInt32)
	for i, t := range txns {
		if t.Customer < 0 {
			return Summary{}, fmt.Errorf("btyd: transaction %d: negative customer index %d", i, t.Customer)
		}
		n = max(n, t.Customer+1)
		minDay = min(minDay, t.Day)
	}
	if len(txns) == 0 || minDay > opt.CalibrationEnd {
		return Summary{}, errors.New("btyd: no purchases on or before the end of calibration")
	}
	off := make([]int, n+1)
	for _, t := range txns {
		off[t.Customer+1]++
	}
	for i := range n {
		off[i+1] += off[i]
	}
	days := make([]int32, len(txns))
	amts := make([]float64, len(txns))
	pos := slices.Clone(off[:n])
	for _, t := range txns {
		p := pos[t.Customer]
		days[p], amts[p] = t.Day, t.Amount
		pos[t.Customer]++
	}
	span := int(end-minDay) + 1
	u := float64(opt.Unit)

	workers := runtime.GOMAXPROCS(0)
	if len(txns) < 1<<16 {
		workers = 1
	}
	type part struct {
		cs      []Customer
		perDay  []float64
		minDays int32
	}
	parts := make([]part, workers)
	// At most one Customer per index: each part fills its own range of cs
	// without growing, and the parts are then moved together in place (the
	// 56-byte entries of a million customers are worth neither copying nor
	// holding twice).
	cs := make([]Customer, n)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lo, hi := int(n)*w/workers, int(n)*(w+1)/workers
			p := part{cs: cs[lo:lo:hi], perDay: make([]float64, span), minDays: math.MaxInt32}
			for c := lo; c < hi; c++ {
				ds, as := days[off[c]:off[c+1]], amts[off[c]:off[c+1]]
				first := int32(math.MaxInt32)
				for _, d := range ds {
					if d <= opt.CalibrationEnd {
						first = min(first, d)
					}
				}
				if first == math.MaxInt32 {
					continue // no purchase in calibration: not part of this cohort
				}
				var total, firstAmt float64
				for i, d := range ds {
					if d <= opt.CalibrationEnd {
						total += as[i]
						if d == first {
							firstAmt += as[i]
						}
					}
				}
				slices.Sort(ds)
				cu := Customer{ID: c, First: first, T: float64(opt.CalibrationEnd-first) / u}
				last := first
				prev := int32(math.MinInt32)
				for _, d := range ds {
					if d == prev || d < first || d > end {
						prev = d
						continue
					}
					prev = d
					if d == first {
						continue
					}
					p.perDay[d-minDay]++
					if d <= opt.CalibrationEnd {
						cu.X++
						last = d
					} else {
						cu.XStar++
					}
				}
				if cu.X > 0 {
					cu.Tx = float64(last-first) / u
					cu.Spend = (total - firstAmt) / float64(cu.X)
				}
				p.cs = append(p.cs, cu)
				p.minDays = min(p.minDays, first)
			}
			parts[w] = p
		}()
	}
	wg.Wait()
	s := Summary{Unit: opt.Unit, Start: math.MaxInt32}
	perDay := parts[0].perDay
	total := 0
	for i, p := range parts {
		total += copy(cs[total:], p.cs) // to the left or in place: copy moves
		s.Start = min(s.Start, p.minDays)
		if i > 0 {
			for d, v := range p.perDay {
				perDay[d] += v
			}
		}
	}
	s.Customers = cs[:total:total]
	periods := int(math.Floor(float64(end-s.Start)/u)) + 1
	s.Repeats = make([]float64, periods)
	for d := s.Start; d <= end; d++ {
		s.Repeats[int(math.Floor(float64(d-s.Start)/u))] += perDay[d-minDay]
	}
	if hasHoldout {
		s.Holdout = float64(opt.HoldoutEnd-opt.CalibrationEnd) / u
	}
	return s, nil
}
