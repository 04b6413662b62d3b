package report

import (
	"context"
	"io"

	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/store"
)

// ParetoReport is the 80/20 picture of the window: who carries the revenue.
// Its JSON has the keys and meaning of `vitalfew analyze --json` (the same
// pareto.Analyze math), plus the complete ranked account list.
type ParetoReport struct {
	AsOf       string          `json:"as_of"`
	Since      string          `json:"since"`
	Until      string          `json:"until"`
	Customers  int             `json:"customers"` // accounts with revenue > 0 in the window
	Revenue    float64         `json:"revenue"`   // their total revenue
	Top20Share float64         `json:"top20_share"`
	Gini       float64         `json:"gini"`
	Tiers      []pareto.Tier   `json:"tiers"`
	Accounts   []pareto.Ranked `json:"accounts"` // revenue > 0, by revenue desc, ties by id

	limit int
}

// Pareto ranks the accounts by their net revenue in the window [Since,
// Until] and splits them into ABC tiers. Accounts whose window revenue nets
// to zero or below are not customers of the window and are left out.
func Pareto(ctx context.Context, st *store.Store, p Params) (*ParetoReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	res, err := tiersOver(ctx, st, s)
	if err != nil {
		return nil, err
	}
	return &ParetoReport{
		AsOf: day(s.asOf), Since: day(s.since), Until: day(s.until),
		Customers: res.Customers, Revenue: res.Revenue, Top20Share: res.Top20Share, Gini: res.Gini,
		Tiers: nonNil(res.Tiers), Accounts: nonNil(res.Ranked), limit: s.limit,
	}, nil
}

// Top20Count is the number of accounts in the top fifth: ceil(customers/5).
func (r *ParetoReport) Top20Count() int { return (r.Customers + 4) / 5 }

// WriteText writes the headline, the tiers and the top accounts.
func (r *ParetoReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Pareto  %s .. %s (as of %s)\n\n", r.Since, r.Until, r.AsOf)
	if r.Customers == 0 {
		t.p("No account has positive revenue in this window.\n")
		return t.flush()
	}
	t.p("Top 20%% of customers (%s) bring %s of revenue; Gini %.3f.\n", t.l.Count(int64(r.Top20Count())), t.l.Percent(r.Top20Share), r.Gini)
	t.p("%s customers, revenue %s.\n\n", t.l.Count(int64(r.Customers)), t.l.Money(r.Revenue))

	tt := t.table("Tier", ">Customers", ">% customers", ">Revenue", ">% revenue")
	for _, tier := range r.Tiers {
		tt.add(tier.Tier, t.l.Count(int64(tier.Customers)), t.l.Percent(share(float64(tier.Customers), float64(r.Customers))),
			t.l.Money(tier.Revenue), t.l.Percent(tier.RevenueShare))
	}
	tt.write(t.b)

	t.p("\nTop accounts\n")
	n := limited(len(r.Accounts), r.limit)
	at := t.table(">Rank", "Account", ">Revenue", ">Share", ">Cumulative", "Tier")
	for _, a := range r.Accounts[:n] {
		at.add(t.l.Count(int64(a.Rank)), nameCell(a.Name), t.l.Money(a.Revenue), t.l.Percent(share(a.Revenue, r.Revenue)),
			t.l.Percent(a.CumulativeShare), a.Tier)
	}
	at.write(t.b)
	t.more(n, len(r.Accounts))
	return t.flush()
}

// WriteCSV writes the ranked accounts:
// rank,id,name,revenue,share,cumulative_share,tier.
func (r *ParetoReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "rank", "id", "name", "revenue", "share", "cumulative_share", "tier")
	for _, a := range r.Accounts {
		c.row(fmtInt(a.Rank), fmtID(a.ID), a.Name, fmtNum(a.Revenue), fmtNum(share(a.Revenue, r.Revenue)),
			fmtNum(a.CumulativeShare), a.Tier)
	}
	return c.flush()
}
