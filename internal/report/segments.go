package report

import (
	"cmp"
	"context"
	"io"
	"slices"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/rfm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// SegmentsReport sorts the customers into RFM segments as of AsOf:
// recency (days since their last order), frequency (days with an order)
// and money (lifetime net revenue), each scored in quintiles, named
// champions, loyal, potential, at risk, can't lose, hibernating and lost
// (see internal/analytics/rfm).
type SegmentsReport struct {
	AsOf      string           `json:"as_of"`
	Customers int              `json:"customers"`
	Revenue   float64          `json:"revenue"` // lifetime net revenue of them all
	Segments  []SegmentRow     `json:"segments"`
	Accounts  []SegmentAccount `json:"accounts"` // by segment, then revenue desc, then id

	limit int
}

// SegmentRow is one segment: its customers and their revenue.
type SegmentRow struct {
	Segment      string  `json:"segment"`
	Accounts     int     `json:"accounts"`
	Share        float64 `json:"share"` // of the customers
	Revenue      float64 `json:"revenue"`
	RevenueShare float64 `json:"revenue_share"`
}

// SegmentAccount is one customer with its scores.
type SegmentAccount struct {
	ID          int64   `json:"id"`
	Name        string  `json:"name"`
	Segment     string  `json:"segment"`
	R           int     `json:"r"`
	F           int     `json:"f"`
	M           int     `json:"m"`
	RecencyDays int     `json:"recency_days"`
	OrderDays   int     `json:"order_days"`
	Revenue     float64 `json:"revenue"`
}

// Segments builds the RFM segments as of AsOf. Since and Until are not
// used.
func Segments(ctx context.Context, st *store.Store, p Params) (*SegmentsReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	r, err := segmentsAt(ctx, st, s.asOf)
	if err != nil {
		return nil, err
	}
	r.limit = s.limit
	return r, nil
}

// segmentsAt scores the customers with a positive order up to asOf.
func segmentsAt(ctx context.Context, st *store.Store, asOf time.Time) (*SegmentsReport, error) {
	hist, err := st.CustomerHistories(ctx, asOf)
	if err != nil {
		return nil, err
	}
	var cs []rfm.Customer
	names := map[int64]string{}
	for _, h := range hist {
		if h.Orders == 0 {
			continue
		}
		cs = append(cs, rfm.Customer{ID: h.ID, RecencyDays: daysBetween(h.LastOrder, asOf), Frequency: h.OrderDays, Monetary: int64(h.Revenue)})
		names[h.ID] = h.Name
	}
	return SegmentCustomers(cs, names, asOf), nil
}

// SegmentCustomers scores cs (named by names) and sums them per segment.
func SegmentCustomers(cs []rfm.Customer, names map[int64]string, asOf time.Time) *SegmentsReport {
	r := &SegmentsReport{AsOf: day(asOf), Customers: len(cs), Accounts: []SegmentAccount{}, limit: DefaultLimit}
	rows := map[string]*SegmentRow{}
	for _, seg := range rfm.Segments() {
		r.Segments = append(r.Segments, SegmentRow{Segment: seg})
	}
	for i := range r.Segments {
		rows[r.Segments[i].Segment] = &r.Segments[i]
	}
	order := map[string]int{}
	for i, seg := range rfm.Segments() {
		order[seg] = i
	}
	for _, sc := range rfm.Score(cs) {
		rev := float64(sc.Monetary) / 100
		r.Revenue += rev
		row := rows[sc.Segment]
		row.Accounts++
		row.Revenue += rev
		r.Accounts = append(r.Accounts, SegmentAccount{ID: sc.ID, Name: names[sc.ID], Segment: sc.Segment, R: sc.R, F: sc.F, M: sc.M,
			RecencyDays: sc.RecencyDays, OrderDays: sc.Frequency, Revenue: rev})
	}
	for i := range r.Segments {
		r.Segments[i].Share = share(float64(r.Segments[i].Accounts), float64(r.Customers))
		r.Segments[i].RevenueShare = share(r.Segments[i].Revenue, r.Revenue)
	}
	slices.SortFunc(r.Accounts, func(a, b SegmentAccount) int {
		return cmp.Or(cmp.Compare(order[a.Segment], order[b.Segment]), cmp.Compare(b.Revenue, a.Revenue), cmp.Compare(a.ID, b.ID))
	})
	return r
}

// WriteText writes the segments and their customers.
func (r *SegmentsReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Segments by recency, frequency and money, as of %s: %s customers\n\n", r.AsOf, t.l.Count(int64(r.Customers)))
	tt := t.table("Segment", ">Accounts", ">% accounts", ">Revenue", ">% revenue")
	for _, s := range r.Segments {
		tt.add(t.l.Value(s.Segment), t.l.Count(int64(s.Accounts)), t.l.Percent(s.Share), t.l.Money(s.Revenue), t.l.Percent(s.RevenueShare))
	}
	tt.write(t.b)
	if len(r.Accounts) == 0 {
		return t.flush()
	}
	t.p("\n")
	at := t.table(">ID", "Account", "Segment", ">R", ">F", ">M", ">Days since", ">Order days", ">Revenue")
	n := limited(len(r.Accounts), r.limit)
	for _, a := range r.Accounts[:n] {
		at.add(fmtID(a.ID), nameCell(a.Name), t.l.Value(a.Segment), fmtInt(a.R), fmtInt(a.F), fmtInt(a.M), t.l.Count(int64(a.RecencyDays)),
			t.l.Count(int64(a.OrderDays)), t.l.Money(a.Revenue))
	}
	at.write(t.b)
	t.more(n, len(r.Accounts))
	return t.flush()
}

// WriteCSV writes the customers: id,name,segment,r,f,m,recency_days,
// order_days,revenue.
func (r *SegmentsReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "id", "name", "segment", "r", "f", "m", "recency_days", "order_days", "revenue")
	for _, a := range r.Accounts {
		c.row(fmtID(a.ID), a.Name, a.Segment, fmtInt(a.R), fmtInt(a.F), fmtInt(a.M), fmtInt(a.RecencyDays), fmtInt(a.OrderDays), fmtNum(a.Revenue))
	}
	return c.flush()
}
