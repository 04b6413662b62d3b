package report

import (
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// Headline compares an account's revenue like with like: the last three
// complete months before the as-of day's month against the same three
// months a year earlier.
type Headline struct {
	From, Until         time.Time // this window: From inclusive, Until exclusive (first days of months)
	PrevFrom, PrevUntil time.Time // the same months a year earlier
	Revenue, Previous   float64
	// Kind says how the two compare: "change" (Change is the relative
	// change, 0.25 for up 25%), "new" (the first order is after the
	// earlier window: a new customer, nothing to compare with), "no-base"
	// (older orders but none in the earlier window, or its revenue is not
	// positive) or "none" (no orders, or none in either window and older
	// ones before the earlier window).
	Kind   string
	Change float64
}

// Headline kinds.
const (
	HeadlineChange = "change"
	HeadlineNew    = "new"
	HeadlineNoBase = "no-base"
	HeadlineNone   = "none"
)

// RevenueHeadline works out the like-for-like headline of orders as of
// asOf. Orders on or after the first day of asOf's month are left out
// (that month is not complete), as are orders before the earlier window.
func RevenueHeadline(orders []store.DatedAmount, asOf time.Time) Headline {
	y, m, _ := asOf.Date()
	h := Headline{Until: time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)}
	h.From = h.Until.AddDate(0, -3, 0)
	h.PrevFrom, h.PrevUntil = h.From.AddDate(-1, 0, 0), h.Until.AddDate(-1, 0, 0)
	var first time.Time
	var in, inPrev bool
	var sum, sumPrev crm.Money
	for _, o := range orders {
		d := o.Day
		if first.IsZero() || d.Before(first) {
			first = d
		}
		switch {
		case !d.Before(h.From) && d.Before(h.Until):
			sum += o.Amount
			in = true
		case !d.Before(h.PrevFrom) && d.Before(h.PrevUntil):
			sumPrev += o.Amount
			inPrev = true
		}
	}
	h.Revenue, h.Previous = sum.Float(), sumPrev.Float()
	switch {
	case first.IsZero():
		h.Kind = HeadlineNone
	case !inPrev && !first.Before(h.PrevUntil):
		h.Kind = HeadlineNew
	case !in && !inPrev:
		h.Kind = HeadlineNone
	case !inPrev || h.Previous <= 0:
		h.Kind = HeadlineNoBase
	default:
		h.Kind, h.Change = HeadlineChange, h.Revenue/h.Previous-1
	}
	return h
}
