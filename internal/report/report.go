// Package report composes store data and the pure analytics into the
// reports of `vitalfew report NAME`: pareto, cost-to-serve, lapsed, repeat,
// stale-contacts and holiday-cards.
//
// Every report is a concrete type that marshals to its documented JSON (keys
// in a fixed order, money at full float precision, shares as fractions 0..1,
// dates as YYYY-MM-DD), writes a readable table with WriteText (money with
// thousands separators, shares in percent, at most Params.Limit rows per
// list) and writes its list, complete, with WriteCSV.
//
// All SQL stays in internal/store; this package only reads through it.
package report

import (
	"cmp"
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// Defaults for Params.
const (
	DefaultLapsedAfter = 730 * 24 * time.Hour // two years, as in `vitalfew analyze`
	DefaultStaleAfter  = 365 * 24 * time.Hour
	DefaultLimit       = 25
)

// Params steer a report. Zero values mean the defaults.
type Params struct {
	// AsOf is the day the report looks from; it defaults to Until when that
	// is set, else to the date of the latest order in the store (so that a
	// historic export gives sensible answers). Until defaults to AsOf and
	// must not be after it; Since defaults to Until minus 12 months plus one
	// day (12 full months, inclusive). Only the calendar date counts. Orders
	// after AsOf are ignored by every report.
	AsOf, Since, Until time.Time
	// Thresholds close the ABC tiers (cumulative revenue shares, percent or
	// fractions, see pareto.CheckThresholds); default 80, 95.
	Thresholds []float64
	// LapsedAfter: a customer whose last (positive) order lies more than
	// this many whole days before AsOf is lapsed; default 730 days. It also
	// decides which accounts count as current for stale-contacts.
	LapsedAfter time.Duration
	// StaleAfter: an active contact not verified for more than this many
	// whole days before AsOf (or never) is stale; default 365 days.
	StaleAfter time.Duration
	// Base, when given, saves working out again what the orders alone
	// give (see NewBase).
	Base *Base
	// Survey narrows the nps report to one survey (0: every survey) and
	// names the perception report's (0: the newest staff answered).
	Survey int64
	// Model and Value are the attribution report's model (first-touch,
	// last-touch, linear, u-shaped, w-shaped, time-decay; default
	// first-touch) and value basis (first-order, first-year, clv; default
	// first-order).
	Model, Value string
	// Limit is the number of rows per list in text output: 0 means
	// DefaultLimit, a negative value means all. JSON and CSV are always
	// complete.
	Limit int
	// Year is the year the drift report compares with the one before;
	// 0: the year of AsOf.
	Year int

	// groupMembers says which user groups keep their members (GroupOf).
	groupMembers func(kind, value string) bool
}

// Report is one finished report. Each concrete type also marshals to its
// documented JSON with encoding/json.
type Report interface {
	// WriteText writes the report for people: headline, aligned tables.
	WriteText(w io.Writer) error
	// WriteCSV writes the report's list, complete, with a header row.
	// Cells that come from users are protected against formula injection.
	WriteCSV(w io.Writer) error
}

type runner func(ctx context.Context, st *store.Store, p Params) (Report, error)

func wrap[R Report](f func(context.Context, *store.Store, Params) (R, error)) runner {
	return func(ctx context.Context, st *store.Store, p Params) (Report, error) {
		r, err := f(ctx, st, p)
		if err != nil {
			return nil, err
		}
		return r, nil
	}
}

var reports = []struct {
	name string
	run  runner
}{
	{"pareto", wrap(Pareto)},
	{"cost-to-serve", wrap(CostToServe)},
	{"lapsed", wrap(Lapsed)},
	{"repeat", wrap(Repeat)},
	{"stale-contacts", wrap(StaleContacts)},
	{"holiday-cards", wrap(HolidayCards)},
	{"share-of-voice", wrap(ShareOfVoice)},
	{"sentiment-trend", wrap(SentimentTrend)},
	{"mentions-negative", wrap(NegativeMentions)},
	{"mention-spikes", wrap(Spikes)},
	{"care", wrap(Care)},
	{"clv", wrap(CLV)},
	{"ideas", wrap(Ideas)},
	{"funnel", wrap(Funnel)},
	{"segments", wrap(Segments)},
	{"drift", wrap(Drift)},
	{"health", wrap(Health)},
	{"ideal", wrap(Ideal)},
	{"advocates", wrap(Advocates)},
	{"groups", wrap(Groups)},
	{"social-maturity", wrap(SocialMaturity)},
	{"nps", wrap(NPS)},
	{"perception", wrap(Perception)},
	{"attribution", wrap(Attribution)},
	{"web", wrap(Web)},
	{"reach", wrap(Reach)},
}

// Names lists the reports Run knows, in the order of the documentation.
func Names() []string {
	out := make([]string, len(reports))
	for i, r := range reports {
		out[i] = r.name
	}
	return out
}

// Run builds the report called name. An unknown name or invalid Params are
// a *crm.Error with code EINVALID; an empty store (no orders, so no default
// as-of date) is ENOTFOUND; database failures are returned wrapped.
func Run(ctx context.Context, st *store.Store, name string, p Params) (Report, error) {
	for _, r := range reports {
		if r.name == name {
			return r.run(ctx, st, p)
		}
	}
	return nil, crm.Errorf(crm.EINVALID, "unknown report %q (known: %s)", name, strings.Join(Names(), ", "))
}

// settled is Params with every default applied and checked.
type settled struct {
	asOf, since, until time.Time
	thresholds         []float64 // fractions, as returned by pareto.CheckThresholds
	lapsedDays         int
	staleDays          int
	limit              int   // < 0: all
	base               *Base // Params.Base
	windowMonths       int   // the window's months when Since is not given (0: 12)
}

// settle applies the defaults of p, reading the latest order date from st
// only when no date is given.
func settle(ctx context.Context, st *store.Store, p Params) (settled, error) {
	var s settled
	// Parameters not given come from the business's settings.
	if p.Thresholds == nil || p.LapsedAfter == 0 || p.Since.IsZero() {
		set, err := st.Settings(ctx)
		if err != nil {
			return s, err
		}
		if p.Thresholds == nil {
			p.Thresholds = set.TierThresholds[:]
		}
		if p.LapsedAfter == 0 {
			p.LapsedAfter = time.Duration(set.LapsedAfterDays) * 24 * time.Hour
		}
		s.windowMonths = set.WindowMonths
	}
	th, err := pareto.CheckThresholds(p.Thresholds)
	if err != nil {
		return s, crm.Errorf(crm.EINVALID, "report: %v", err)
	}
	s.thresholds = th
	if p.LapsedAfter < 0 {
		return s, crm.Errorf(crm.EINVALID, "report: lapsed-after must not be negative, got %v", p.LapsedAfter)
	}
	if p.StaleAfter < 0 {
		return s, crm.Errorf(crm.EINVALID, "report: stale-after must not be negative, got %v", p.StaleAfter)
	}
	s.lapsedDays = wholeDays(cmpOr(p.LapsedAfter, DefaultLapsedAfter))
	s.staleDays = wholeDays(cmpOr(p.StaleAfter, DefaultStaleAfter))
	switch {
	case p.Limit == 0:
		s.limit = DefaultLimit
	case p.Limit < 0:
		s.limit = -1
	default:
		s.limit = p.Limit
	}

	s.base = p.Base
	switch {
	case !p.AsOf.IsZero():
		s.asOf = dateOf(p.AsOf)
	case !p.Until.IsZero():
		s.asOf = dateOf(p.Until)
	case p.Base != nil:
		s.asOf = p.Base.s.asOf
	default:
		latest, err := st.LatestOrderDate(ctx)
		if err != nil {
			return s, err
		}
		s.asOf = dateOf(latest)
	}
	s.until = s.asOf
	if !p.Until.IsZero() {
		s.until = dateOf(p.Until)
	}
	if s.until.After(s.asOf) {
		return s, crm.Errorf(crm.EINVALID, "report: until %s is after as-of %s", day(s.until), day(s.asOf))
	}
	if !p.Since.IsZero() {
		s.since = dateOf(p.Since)
	} else {
		s.since = monthsBefore(s.until, cmp.Or(s.windowMonths, 12))
	}
	if s.since.After(s.until) {
		return s, crm.Errorf(crm.EINVALID, "report: since %s is after until %s", day(s.since), day(s.until))
	}
	return s, nil
}

func cmpOr(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

func wholeDays(d time.Duration) int { return int(d / (24 * time.Hour)) }

// dateOf is t's calendar date at midnight UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// monthsBefore is the first day of the n full months ending with t: the
// day after the same day n months earlier (the month's last day where it
// has fewer); monthsBefore(t, 12) is yearBefore(t).
func monthsBefore(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m-time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(first.Year(), first.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
}

// yearBefore is the first day of the 12 full months ending with t:
// 2024-06-30 -> 2023-07-01, 2024-02-29 -> 2023-03-01 (as in analyze).
func yearBefore(t time.Time) time.Time {
	y, m, d := t.Date()
	y--
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Date(y, m, min(d, last), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
}

// daysBetween counts whole days from a to b (both dates at midnight UTC).
func daysBetween(a, b time.Time) int { return int(dateOf(b).Sub(dateOf(a)) / (24 * time.Hour)) }

// day formats a date as YYYY-MM-DD, the zero time as "".
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// tiersOver runs the pareto analysis over the window's revenue: the shared
// base of pareto, cost-to-serve and holiday-cards.
func tiersOver(ctx context.Context, st *store.Store, s settled) (pareto.Result, error) {
	if b := s.base; b != nil && b.s.since.Equal(s.since) && b.s.until.Equal(s.until) && slices.Equal(b.s.thresholds, s.thresholds) {
		return b.tiers, nil
	}
	rev, err := st.RevenueByAccount(ctx, s.since, s.until)
	if err != nil {
		return pareto.Result{}, err
	}
	items := make([]pareto.Item, len(rev))
	for i, r := range rev {
		items[i] = pareto.Item{ID: r.ID, Name: r.Name, Revenue: float64(r.Revenue)}
	}
	return inUnits(pareto.Analyze(items, s.thresholds)), nil
}

// inUnits turns the revenues of a pareto analysis made in cents into
// units. The analysis is run in cents (whole numbers, which floating point
// adds exactly up to 2⁵³) so that its sums are the exact sums of the
// money: a revenue of 8,008,923.52 comes out as that number.
func inUnits(r pareto.Result) pareto.Result {
	r.Revenue /= 100
	for i := range r.Tiers {
		r.Tiers[i].Revenue /= 100
	}
	for i := range r.Ranked {
		r.Ranked[i].Revenue /= 100
	}
	return r
}

// byRevenueDesc orders by revenue, highest first, ties by id.
func byRevenueDesc(ra, rb float64, ia, ib int64) int {
	switch {
	case ra > rb:
		return -1
	case ra < rb:
		return 1
	case ia < ib:
		return -1
	case ia > ib:
		return 1
	}
	return 0
}

// nonNil turns a nil slice into an empty one so that JSON says [] not null.
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func share(part, total float64) float64 {
	if total == 0 {
		return 0
	}
	return part / total
}
