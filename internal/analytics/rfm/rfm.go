// Package rfm scores customers by recency, frequency and money (RFM) in
// quintiles and names their segment: the seven segments marketers use,
// from champions to lost.
package rfm

import (
	"cmp"
	"slices"
)

// Customer is what RFM reads of one customer as of a day.
type Customer struct {
	ID          int64
	RecencyDays int   // days from the last order to the day
	Frequency   int   // days with an order
	Monetary    int64 // net revenue, in cents
}

// Scored is a customer with their scores, 1 (worst) to 5 (best), and
// segment.
type Scored struct {
	Customer
	R, F, M int
	Segment string
}

// The segments, best first.
const (
	Champions   = "champions"
	Loyal       = "loyal"
	Potential   = "potential"
	AtRisk      = "at_risk"
	CantLose    = "cant_lose"
	Hibernating = "hibernating"
	Lost        = "lost"
)

// Segments lists the segments, best first.
func Segments() []string {
	return []string{Champions, Loyal, Potential, AtRisk, CantLose, Hibernating, Lost}
}

// SegmentOf names the segment of scores r, f and m (1..5):
//
//	champions    R ≥ 4 and F ≥ 4   bought lately and often
//	loyal        R = 3 and F ≥ 4   often, a while ago
//	can't lose   R ≤ 2, F ≥ 4, M ≥ 4  were among the best, quiet now
//	at risk      R ≤ 2 and F ≥ 3   bought repeatedly, quiet now
//	potential    R ≥ 3 and F ≤ 3   lately, not yet often
//	hibernating  R = 2 and F ≤ 2
//	lost         R = 1 and F ≤ 2
//
// Every combination falls in exactly one.
func SegmentOf(r, f, m int) string {
	switch {
	case r >= 4 && f >= 4:
		return Champions
	case r == 3 && f >= 4:
		return Loyal
	case r <= 2 && f >= 4 && m >= 4:
		return CantLose
	case r <= 2 && f >= 3:
		return AtRisk
	case r >= 3:
		return Potential
	case r == 2:
		return Hibernating
	}
	return Lost
}

// Score gives each customer quintile scores and a segment, in the order
// given. A score is 1 + ⌊5·(customers with a worse value) / n⌋: equal
// values score alike, and the best fifth scores 5. Recency is better the
// fewer days; frequency and money the more.
func Score(cs []Customer) []Scored {
	n := len(cs)
	out := make([]Scored, n)
	r := quintiles(cs, func(c Customer) int64 { return -int64(c.RecencyDays) })
	f := quintiles(cs, func(c Customer) int64 { return int64(c.Frequency) })
	m := quintiles(cs, func(c Customer) int64 { return c.Monetary })
	for i, c := range cs {
		out[i] = Scored{Customer: c, R: r[i], F: f[i], M: m[i], Segment: SegmentOf(r[i], f[i], m[i])}
	}
	return out
}

// quintiles scores each customer by value (higher is better).
func quintiles(cs []Customer, value func(Customer) int64) []int {
	n := len(cs)
	vals := make([]int64, n)
	for i, c := range cs {
		vals[i] = value(c)
	}
	sorted := slices.Clone(vals)
	slices.SortFunc(sorted, cmp.Compare[int64])
	out := make([]int, n)
	for i, v := range vals {
		worse, _ := slices.BinarySearch(sorted, v) // the first index of v: how many are smaller
		out[i] = 1 + 5*worse/n
	}
	return out
}
