package report

import (
	"cmp"
	"context"
	"io"
	"slices"

	"github.com/vitalfew/vitalfew/internal/analytics/clv"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// LapsedReport is the win-back list: customers who have not ordered for
// longer than AfterDays before AsOf, the good customers of years past first.
type LapsedReport struct {
	AsOf            string          `json:"as_of"`
	AfterDays       int             `json:"after_days"`
	Accounts        []LapsedAccount `json:"accounts"` // by RankedBy desc, ties by lifetime revenue, then id
	Count           int             `json:"count"`
	LifetimeRevenue float64         `json:"lifetime_revenue"` // sum over Accounts
	// RankedBy is "win_back_value" when the customer-base model could be
	// fitted (at least clv.MinModelCustomers customers), else "lifetime_revenue".
	// Model.Name says which purchase model gives P(alive).
	RankedBy string        `json:"ranked_by"`
	Model    *clv.ModelFit `json:"model,omitempty"` // absent without the model
	// ModelNote says why a model that was tried could not be used.
	ModelNote string `json:"model_note,omitempty"`

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
	// PAlive is the model's probability that the customer is still a
	// customer; WinBackValue = lifetime revenue × (1 − PAlive), what was
	// worth having and is likely gone. Both absent without the model.
	PAlive       *float64 `json:"p_alive,omitempty"`
	WinBackValue *float64 `json:"win_back_value,omitempty"`
}

// Lapsed lists the customers whose last positive order lies more than
// LapsedAfter whole days before AsOf and whose lifetime net revenue up to
// AsOf is positive, the same rule as `vitalfew analyze`. With at least
// clv.MinModelCustomers customers the customer-base model (Pareto/NBD, or
// BG/NBD where Pareto/NBD does not fit; refitted on every run) ranks them by
// win-back value, lifetime revenue × (1 − P(alive)), so that the good
// customers of years past come first; with fewer, or when neither model
// fits, by lifetime revenue. Since and Until are not used.
func Lapsed(ctx context.Context, st *store.Store, p Params) (*LapsedReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	hist, err := st.CustomerHistories(ctx, s.asOf)
	if err != nil {
		return nil, err
	}
	m, note, err := modelAt(ctx, st, s, s.asOf)
	if err != nil {
		return nil, err
	}
	r := &LapsedReport{AsOf: day(s.asOf), AfterDays: s.lapsedDays, Accounts: []LapsedAccount{}, limit: s.limit, RankedBy: "lifetime_revenue"}
	if m != nil {
		r.RankedBy, r.Model = "win_back_value", &m.fit
	} else if note != clv.TooFewNote(s.asOf) {
		r.ModelNote = note
	}
	for _, h := range hist {
		if h.Orders == 0 || h.Revenue <= 0 {
			continue
		}
		since := daysBetween(h.LastOrder, s.asOf)
		if since <= s.lapsedDays {
			continue
		}
		a := LapsedAccount{
			ID: h.ID, Name: h.Name, Segment: h.Segment, Owner: h.Owner,
			FirstOrder: day(h.FirstOrder), LastOrder: day(h.LastOrder), DaysSince: since,
			Orders: h.Orders, LifetimeRevenue: h.Revenue.Float(),
		}
		if m != nil {
			if sc, ok := m.scores[h.ID]; ok {
				pa, v := sc.PAlive, h.Revenue.Float()*(1-sc.PAlive)
				a.PAlive, a.WinBackValue = &pa, &v
			}
		}
		r.Accounts = append(r.Accounts, a)
	}
	value := func(a LapsedAccount) float64 {
		if a.WinBackValue != nil {
			return *a.WinBackValue
		}
		return a.LifetimeRevenue
	}
	slices.SortFunc(r.Accounts, func(a, b LapsedAccount) int {
		if c := cmp.Compare(value(b), value(a)); c != 0 {
			return c
		}
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
		t.p("No customer has gone more than %s days without an order.\n", t.l.Count(int64(r.AfterDays)))
		return t.flush()
	}
	t.p("%s customers have not ordered for more than %s days; over their lifetime they brought %s.\n",
		t.l.Count(int64(r.Count)), t.l.Count(int64(r.AfterDays)), t.l.Money(r.LifetimeRevenue))
	if r.Model != nil {
		t.p("Ranked by win-back value: lifetime revenue × the model's probability that the customer is gone.\n")
		writeModel(t, r.Model)
	} else if r.ModelNote != "" {
		t.p("Ranked by lifetime revenue: %s.\n", r.ModelNote)
	} else {
		t.p("Ranked by lifetime revenue (the customer model needs at least %d customers).\n", clv.MinModelCustomers)
	}
	t.p("\n")
	n := limited(len(r.Accounts), r.limit)
	tt := t.table(">#", "Account", "Segment", "Owner", "Last order", ">Days since", ">Orders", ">Lifetime revenue", ">P(alive)", ">Win-back value")
	for i, a := range r.Accounts[:n] {
		pa, v := "-", "-"
		if a.PAlive != nil {
			pa, v = t.l.Percent(*a.PAlive), t.l.Money(*a.WinBackValue)
		}
		tt.add(t.l.Count(int64(i+1)), nameCell(a.Name), orDash(textfmt.Clip(a.Segment, 20)), orDash(textfmt.Clip(a.Owner, 20)), a.LastOrder,
			t.l.Count(int64(a.DaysSince)), t.l.Count(int64(a.Orders)), t.l.Money(a.LifetimeRevenue), pa, v)
	}
	tt.write(t.b)
	t.more(n, len(r.Accounts))
	return t.flush()
}

// WriteCSV writes the list with the JSON's columns.
func (r *LapsedReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "id", "name", "segment", "owner", "first_order", "last_order", "days_since", "orders", "lifetime_revenue", "p_alive", "win_back_value")
	opt := func(f *float64) string {
		if f == nil {
			return ""
		}
		return fmtNum(*f)
	}
	for _, a := range r.Accounts {
		c.row(fmtID(a.ID), a.Name, a.Segment, a.Owner, a.FirstOrder, a.LastOrder,
			fmtInt(a.DaysSince), fmtInt(a.Orders), fmtNum(a.LifetimeRevenue), opt(a.PAlive), opt(a.WinBackValue))
	}
	return c.flush()
}
