package report

import (
	"context"
	"io"
	"slices"

	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// LapsedReport is the win-back list: customers who have not ordered for
// longer than AfterDays before AsOf, most valuable first.
type LapsedReport struct {
	AsOf            string          `json:"as_of"`
	AfterDays       int             `json:"after_days"`
	Accounts        []LapsedAccount `json:"accounts"` // by lifetime revenue desc, ties by id
	Count           int             `json:"count"`
	LifetimeRevenue float64         `json:"lifetime_revenue"` // sum over Accounts

	limit int
}

// LapsedAccount is one lapsed customer. Orders counts positive invoices up
// to as_of; first and last order are the days of the first and last of them.
type LapsedAccount struct {
	ID              int64   `json:"id"`
	Name            string  `json:"name"`
	Segment         string  `json:"segment"`
	Owner           string  `json:"owner"`
	FirstOrder      string  `json:"first_order"`
	LastOrder       string  `json:"last_order"`
	DaysSince       int     `json:"days_since"` // days from last_order to as_of
	Orders          int     `json:"orders"`
	LifetimeRevenue float64 `json:"lifetime_revenue"`
}

// Lapsed lists the customers whose last positive order lies more than
// LapsedAfter whole days before AsOf and whose lifetime net revenue up to
// AsOf is positive, the same rule as `vitalfew analyze`. Since and Until
// are not used.
func Lapsed(ctx context.Context, st *store.Store, p Params) (*LapsedReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	hist, err := st.CustomerHistories(ctx, s.asOf)
	if err != nil {
		return nil, err
	}
	r := &LapsedReport{AsOf: day(s.asOf), AfterDays: s.lapsedDays, Accounts: []LapsedAccount{}, limit: s.limit}
	for _, h := range hist {
		if h.Orders == 0 || h.Revenue <= 0 {
			continue
		}
		since := daysBetween(h.LastOrder, s.asOf)
		if since <= s.lapsedDays {
			continue
		}
		r.Accounts = append(r.Accounts, LapsedAccount{
			ID: h.ID, Name: h.Name, Segment: h.Segment, Owner: h.Owner,
			FirstOrder: day(h.FirstOrder), LastOrder: day(h.LastOrder), DaysSince: since,
			Orders: h.Orders, LifetimeRevenue: h.Revenue,
		})
	}
	slices.SortFunc(r.Accounts, func(a, b LapsedAccount) int {
		return byRevenueDesc(a.LifetimeRevenue, b.LifetimeRevenue, a.ID, b.ID)
	})
	r.Count = len(r.Accounts)
	for _, a := range r.Accounts {
		r.LifetimeRevenue += a.LifetimeRevenue
	}
	return r, nil
}

// WriteText writes the headline and the win-back list.
func (r *LapsedReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Lapsed customers (as of %s)\n\n", r.AsOf)
	if r.Count == 0 {
		t.p("No customer has gone more than %s days without an order.\n", textfmt.Count(int64(r.AfterDays)))
		return t.flush()
	}
	t.p("%s customers have not ordered for more than %s days; over their lifetime they brought %s.\n\n",
		textfmt.Count(int64(r.Count)), textfmt.Count(int64(r.AfterDays)), textfmt.Money(r.LifetimeRevenue))
	n := limited(len(r.Accounts), r.limit)
	tt := newTable(">#", "Account", "Segment", "Owner", "Last order", ">Days since", ">Orders", ">Lifetime revenue")
	for i, a := range r.Accounts[:n] {
		tt.add(textfmt.Count(int64(i+1)), nameCell(a.Name), orDash(textfmt.Clip(a.Segment, 20)), orDash(textfmt.Clip(a.Owner, 20)), a.LastOrder,
			textfmt.Count(int64(a.DaysSince)), textfmt.Count(int64(a.Orders)), textfmt.Money(a.LifetimeRevenue))
	}
	tt.write(t.b)
	t.more(n, len(r.Accounts))
	return t.flush()
}

// WriteCSV writes the list with the JSON's columns.
func (r *LapsedReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "id", "name", "segment", "owner", "first_order", "last_order", "days_since", "orders", "lifetime_revenue")
	for _, a := range r.Accounts {
		c.row(fmtID(a.ID), safe(a.Name), safe(a.Segment), safe(a.Owner), a.FirstOrder, a.LastOrder,
			fmtInt(a.DaysSince), fmtInt(a.Orders), fmtNum(a.LifetimeRevenue))
	}
	return c.flush()
}
