package report

import (
	"cmp"
	"context"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/rfm"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// Thresholds of the drift report's alerts.
const (
	DriftShareAlert   = 0.05 // a segment's share of the customers moves by 5 points
	DriftRevenueAlert = 0.20 // a segment's revenue moves by 20%
)

// DriftReport compares the RFM segments at the end of Year−1 with those
// at the end of Year (for the year under way: at its latest order, and a
// year before that, so that like is set against like): the
// migration matrix (how many customers moved from each segment to each;
// "new" for those who were no customers yet), and per segment the change
// of its share of the customers and of its revenue in the year, with an
// alert where either moves by more than the thresholds. The essays' "look
// for year-over-year changes", as a standing report.
type DriftReport struct {
	Year             int          `json:"year"`
	From             string       `json:"from"` // the day the earlier segments are of
	To               string       `json:"to"`
	Matrix           []DriftCell  `json:"matrix"` // by from, then to (segments best first, "new" last among from)
	Mix              []DriftMix   `json:"mix"`
	Alerts           []DriftAlert `json:"alerts"`
	ShareThreshold   float64      `json:"share_threshold"`
	RevenueThreshold float64      `json:"revenue_threshold"`
}

// DriftCell is one cell of the migration matrix.
type DriftCell struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Accounts int    `json:"accounts"`
}

// DriftMix is one segment at both ends: its customers, their share, and
// the revenue its customers brought from the start of the year before to
// From, and from the start of Year to To.
type DriftMix struct {
	Segment       string  `json:"segment"`
	Before        int     `json:"accounts_before"`
	After         int     `json:"accounts_after"`
	ShareBefore   float64 `json:"share_before"`
	ShareAfter    float64 `json:"share_after"`
	ShareChange   float64 `json:"share_change"` // in points of share (fractions)
	RevenueBefore float64 `json:"revenue_before"`
	RevenueAfter  float64 `json:"revenue_after"`
	// RevenueChange is (after − before) / before; null when before is 0.
	RevenueChange *float64 `json:"revenue_change"`
	// Orders counts the segment's invoices (positive amounts) in each
	// span, and RevenuePerOrder is its revenue per invoice (null without).
	OrdersBefore          int      `json:"orders_before"`
	OrdersAfter           int      `json:"orders_after"`
	RevenuePerOrderBefore *float64 `json:"revenue_per_order_before"`
	RevenuePerOrderAfter  *float64 `json:"revenue_per_order_after"`
	// PricePaid is what the segment paid for products with a list price
	// per unit of list price (1.05: 5% above list; null without such
	// lines), in each span.
	PricePaidBefore *float64 `json:"price_paid_before"`
	PricePaidAfter  *float64 `json:"price_paid_after"`
	// Products is the segment's product mix: the products with the
	// largest share of its line revenue in either span, at most
	// DriftProducts, the largest now first.
	Products []DriftProduct `json:"products"`
}

// DriftProduct is one product's share of a segment's line revenue before
// and after.
type DriftProduct struct {
	Product     string  `json:"product"`
	ShareBefore float64 `json:"share_before"`
	ShareAfter  float64 `json:"share_after"`
	ShareChange float64 `json:"share_change"`
}

// DriftProducts is how many products each segment's mix lists.
const DriftProducts = 5

// DriftSpan is what the drift compares of each account in one span: its
// revenue, invoices, line revenue by product, and what it paid for
// products with a list price against that list price.
type DriftSpan struct {
	Revenue  map[int64]float64
	Orders   map[int64]int
	Products map[int64]map[string]int64 // cents: exact, in any order
	Paid     map[int64]float64          // cents
	AtList   map[int64]float64          // cents
}

// DriftAlert names a segment that moved beyond a threshold.
type DriftAlert struct {
	Segment string  `json:"segment"`
	What    string  `json:"what"` // share or revenue
	Change  float64 `json:"change"`
}

// Drift builds the drift report of Params.Year (default: the year of
// AsOf).
func Drift(ctx context.Context, st *store.Store, p Params) (*DriftReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	year := p.Year
	if year == 0 {
		year = s.asOf.Year()
	}
	if year < 1900 || year > s.asOf.Year() {
		return nil, crm.Errorf(crm.EINVALID, "--year: a year up to %d, the year of the latest order (or --as-of)", s.asOf.Year())
	}
	// The year under way is compared with the same part of the year
	// before: to its latest order, and from a year earlier.
	to := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	if to.After(s.asOf) {
		to = s.asOf
	}
	from := to.AddDate(-1, 0, 0)
	before, err := segmentsAt(ctx, st, from)
	if err != nil {
		return nil, err
	}
	after, err := segmentsAt(ctx, st, to)
	if err != nil {
		return nil, err
	}
	spanBefore, err := driftSpan(ctx, st, time.Date(year-1, 1, 1, 0, 0, 0, 0, time.UTC), from)
	if err != nil {
		return nil, err
	}
	spanAfter, err := driftSpan(ctx, st, time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), to)
	if err != nil {
		return nil, err
	}
	r := CompareSegments(before, after, spanBefore, spanAfter)
	r.Year, r.From, r.To = year, day(from), day(to)
	return r, nil
}

// driftSpan reads what the drift compares of each account from since to
// until (inclusive).
func driftSpan(ctx context.Context, st *store.Store, since, until time.Time) (DriftSpan, error) {
	d := DriftSpan{Revenue: map[int64]float64{}, Orders: map[int64]int{}, Products: map[int64]map[string]int64{},
		Paid: map[int64]float64{}, AtList: map[int64]float64{}}
	rev, err := st.RevenueByAccount(ctx, since, until)
	if err != nil {
		return d, err
	}
	for _, r := range rev {
		d.Revenue[r.ID], d.Orders[r.ID] = r.Revenue.Float(), r.Orders
	}
	uses, err := st.ProductsBoughtBetween(ctx, since, until)
	if err != nil {
		return d, err
	}
	for _, u := range uses {
		if d.Products[u.AccountID] == nil {
			d.Products[u.AccountID] = map[string]int64{}
		}
		d.Products[u.AccountID][u.Product] += u.Revenue.Cents()
	}
	paid, err := st.PricesPaid(ctx, since, until)
	if err != nil {
		return d, err
	}
	for _, p := range paid {
		d.Paid[p.AccountID], d.AtList[p.AccountID] = float64(p.PaidCents), p.ListCents
	}
	return d, nil
}

// CompareSegments builds the matrix, mix and alerts from the segments at
// both ends and what each account did in the year before (b) and the year
// (a).
func CompareSegments(before, after *SegmentsReport, b, a DriftSpan) *DriftReport {
	r := &DriftReport{Matrix: []DriftCell{}, Alerts: []DriftAlert{}, ShareThreshold: DriftShareAlert, RevenueThreshold: DriftRevenueAlert}
	was := map[int64]string{}
	for _, a := range before.Accounts {
		was[a.ID] = a.Segment
	}
	order := map[string]int{"new": len(rfm.Segments())}
	for i, s := range rfm.Segments() {
		order[s] = i
	}
	cells := map[[2]string]int{}
	for _, a := range after.Accounts {
		from := was[a.ID]
		if from == "" {
			from = "new"
		}
		cells[[2]string{from, a.Segment}]++
	}
	for k, n := range cells {
		r.Matrix = append(r.Matrix, DriftCell{From: k[0], To: k[1], Accounts: n})
	}
	slices.SortFunc(r.Matrix, func(a, b DriftCell) int {
		return cmp.Or(cmp.Compare(order[a.From], order[b.From]), cmp.Compare(order[a.To], order[b.To]))
	})
	mix := map[string]*DriftMix{}
	for _, s := range rfm.Segments() {
		r.Mix = append(r.Mix, DriftMix{Segment: s})
	}
	for i := range r.Mix {
		mix[r.Mix[i].Segment] = &r.Mix[i]
	}
	type sums struct {
		paid, atList float64
		products     map[string]int64 // cents
		lines        int64
	}
	sumsBefore, sumsAfter := map[string]*sums{}, map[string]*sums{}
	add := func(to map[string]*sums, seg string, span DriftSpan, id int64) {
		x := to[seg]
		if x == nil {
			x = &sums{products: map[string]int64{}}
			to[seg] = x
		}
		x.paid += span.Paid[id]
		x.atList += span.AtList[id]
		for p, v := range span.Products[id] {
			x.products[p] += v
			x.lines += v
		}
	}
	for _, acc := range before.Accounts {
		m := mix[acc.Segment]
		m.Before++
		m.RevenueBefore += b.Revenue[acc.ID]
		m.OrdersBefore += b.Orders[acc.ID]
		add(sumsBefore, acc.Segment, b, acc.ID)
	}
	for _, acc := range after.Accounts {
		m := mix[acc.Segment]
		m.After++
		m.RevenueAfter += a.Revenue[acc.ID]
		m.OrdersAfter += a.Orders[acc.ID]
		add(sumsAfter, acc.Segment, a, acc.ID)
	}
	ratio := func(x, y float64) *float64 {
		if y == 0 {
			return nil
		}
		v := x / y
		return &v
	}
	for i := range r.Mix {
		m := &r.Mix[i]
		m.RevenuePerOrderBefore, m.RevenuePerOrderAfter = ratio(m.RevenueBefore, float64(m.OrdersBefore)), ratio(m.RevenueAfter, float64(m.OrdersAfter))
		sb, sa := sumsBefore[m.Segment], sumsAfter[m.Segment]
		if sb == nil {
			sb = &sums{}
		}
		if sa == nil {
			sa = &sums{}
		}
		m.PricePaidBefore, m.PricePaidAfter = ratio(sb.paid, sb.atList), ratio(sa.paid, sa.atList)
		m.Products = productMix(sb.products, sb.lines, sa.products, sa.lines)
		m.ShareBefore, m.ShareAfter = share(float64(m.Before), float64(before.Customers)), share(float64(m.After), float64(after.Customers))
		m.ShareChange = m.ShareAfter - m.ShareBefore
		if m.RevenueBefore != 0 {
			c := (m.RevenueAfter - m.RevenueBefore) / math.Abs(m.RevenueBefore)
			m.RevenueChange = &c
		}
		if math.Abs(m.ShareChange) > DriftShareAlert {
			r.Alerts = append(r.Alerts, DriftAlert{Segment: m.Segment, What: "share", Change: m.ShareChange})
		}
		if m.RevenueChange != nil && math.Abs(*m.RevenueChange) > DriftRevenueAlert {
			r.Alerts = append(r.Alerts, DriftAlert{Segment: m.Segment, What: "revenue", Change: *m.RevenueChange})
		}
	}
	return r
}

// productMix lists the products with the largest share of line revenue
// in either span (at most DriftProducts), the largest now first.
func productMix(before map[string]int64, totalBefore int64, after map[string]int64, totalAfter int64) []DriftProduct {
	out := []DriftProduct{}
	seen := map[string]bool{}
	for _, m := range []map[string]int64{after, before} {
		for p := range m {
			if seen[p] {
				continue
			}
			seen[p] = true
			d := DriftProduct{Product: p, ShareBefore: share(float64(before[p]), float64(totalBefore)), ShareAfter: share(float64(after[p]), float64(totalAfter))}
			d.ShareChange = d.ShareAfter - d.ShareBefore
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(x, y DriftProduct) int {
		return cmp.Or(cmp.Compare(max(y.ShareAfter, y.ShareBefore), max(x.ShareAfter, x.ShareBefore)), strings.Compare(x.Product, y.Product))
	})
	out = out[:min(len(out), DriftProducts)]
	slices.SortStableFunc(out, func(x, y DriftProduct) int { return cmp.Compare(y.ShareAfter, x.ShareAfter) })
	return out
}

// Points is a share alert's change in percentage points.
func (a DriftAlert) Points() float64 { return a.Change * 100 }

// WriteText writes the alerts, the mix and the matrix.
func (r *DriftReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Segment drift %d: %s against %s\n\n", r.Year, r.To, r.From)
	for _, a := range r.Alerts {
		if a.What == "share" {
			t.p("%s: share of the customers %s points\n", t.l.Value(a.Segment), t.signed(a.Change*100))
		} else {
			t.p("%s: revenue %s\n", t.l.Value(a.Segment), t.signedPct(a.Change))
		}
	}
	if len(r.Alerts) > 0 {
		t.p("\n")
	}
	tt := t.table("Segment", ">Accounts before", ">Accounts after", ">% before", ">% after", ">Revenue before", ">Revenue after", ">Change")
	for _, m := range r.Mix {
		change := "–"
		if m.RevenueChange != nil {
			change = t.signedPct(*m.RevenueChange)
		}
		tt.add(t.l.Value(m.Segment), t.l.Count(int64(m.Before)), t.l.Count(int64(m.After)), t.l.Percent(m.ShareBefore), t.l.Percent(m.ShareAfter),
			t.l.Money(m.RevenueBefore), t.l.Money(m.RevenueAfter), change)
	}
	tt.write(t.b)
	t.p("\n")
	opt := func(v *float64, f func(float64) string) string {
		if v == nil {
			return "–"
		}
		return f(*v)
	}
	pt := t.table("Segment", ">Per invoice before", ">Per invoice after", ">Of list price before", ">Of list price after", "Top product now")
	for _, m := range r.Mix {
		top := "–"
		if len(m.Products) > 0 {
			top = m.Products[0].Product + " " + t.l.Percent(m.Products[0].ShareAfter)
		}
		pt.add(t.l.Value(m.Segment), opt(m.RevenuePerOrderBefore, t.l.Money), opt(m.RevenuePerOrderAfter, t.l.Money),
			opt(m.PricePaidBefore, t.l.Percent), opt(m.PricePaidAfter, t.l.Percent), top)
	}
	pt.write(t.b)
	t.p("\n")
	mt := t.table("From", "To", ">Accounts")
	for _, c := range r.Matrix {
		mt.add(t.l.Value(c.From), t.l.Value(c.To), t.l.Count(int64(c.Accounts)))
	}
	mt.write(t.b)
	return t.flush()
}

// WriteCSV writes the migration matrix: from,to,accounts.
func (r *DriftReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "from", "to", "accounts")
	for _, m := range r.Matrix {
		c.row(m.From, m.To, fmtInt(m.Accounts))
	}
	return c.flush()
}
