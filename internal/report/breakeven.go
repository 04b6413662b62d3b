package report

import (
	"cmp"
	"context"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/analytics/breakeven"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// BreakEven is `vitalfew breakeven`: the break-even volume and revenue of
// one product or service, its contribution margin, the units for a target
// profit, the figures at an actual volume and the what-if grid. Money is
// in units of the currency, shares are fractions (0.6 is 60%). Only
// AddActivities reads the database.
type BreakEven struct {
	BEV            float64       `json:"bev"`       // unrounded
	BEVUnits       int64         `json:"bev_units"` // rounded up
	BERevenue      float64       `json:"be_revenue"`
	CM             crm.Money     `json:"cm"`
	CMRatio        float64       `json:"cm_ratio"`
	TargetUnits    int64         `json:"target_units"`
	TargetProfit   crm.Money     `json:"target_profit"`
	Units          *int64        `json:"units"`            // null without --units
	Profit         *crm.Money    `json:"profit"`           // null without --units
	MarginOfSafety *float64      `json:"margin_of_safety"` // null without --units
	ProfitMargin   *float64      `json:"profit_margin"`    // null without --units
	DOL            *float64      `json:"dol"`              // null without --units or at a profit of zero
	WhatIf         []BreakEvenIf `json:"what_if"`
	// Product is the product whose price and unit cost were used, when
	// one was named.
	Product *BreakEvenProduct `json:"product,omitempty"`
	// Activities (AddActivities) are the units each marketing activity
	// must bring to pay back its cost at this contribution margin; absent
	// unless asked for.
	Activities []BreakEvenActivity `json:"activities,omitempty"`
	in         breakeven.Input
}

// BreakEvenIf is one row of the what-if grid: the break-even volume with
// price, variable cost or fixed costs changed by −20, −10, +10 or +20%.
// Without a break-even (the price at or below the variable cost) both
// figures are null.
type BreakEvenIf struct {
	Change   string   `json:"change"`
	BEVUnits *int64   `json:"bev_units"`
	BEV      *float64 `json:"bev"`
}

// BreakEvenProduct names the product of a break-even.
type BreakEvenProduct struct {
	SKU  string `json:"sku"`
	Name string `json:"name"`
}

// BreakEvenActivity is one marketing activity's payback: ⌈cost / CM⌉
// units.
type BreakEvenActivity struct {
	Activity string    `json:"activity"`
	Cost     crm.Money `json:"cost"`
	Units    int64     `json:"units"`
}

// AddActivities adds the payback units of the marketing activities in st
// (those that count as marketing and cost something), the dearest first.
func (b *BreakEven) AddActivities(ctx context.Context, st *store.Store) error {
	acts, err := st.Activities(ctx)
	if err != nil {
		return err
	}
	b.Activities = []BreakEvenActivity{}
	for _, a := range acts {
		if a.Marketing && a.Cost > 0 {
			b.Activities = append(b.Activities, BreakEvenActivity{Activity: a.Name, Cost: a.Cost, Units: breakeven.PaybackUnits(a.Cost.Cents(), b.CM.Cents())})
		}
	}
	slices.SortStableFunc(b.Activities, func(x, y BreakEvenActivity) int { return cmp.Compare(y.Cost, x.Cost) })
	return nil
}

// NewBreakEven computes the break-even figures of in (cents). A price at
// or below the variable cost, or an amount out of range, is EINVALID.
func NewBreakEven(in breakeven.Input) (*BreakEven, error) {
	r, err := breakeven.Compute(in)
	switch {
	case errors.Is(err, breakeven.ErrNoBreakEven):
		return nil, crm.Errorf(crm.EINVALID, "no break-even: price must exceed variable cost")
	case err != nil:
		return nil, crm.Errorf(crm.EINVALID, "%v", err)
	}
	b := &BreakEven{
		BEV: r.BEV, BEVUnits: r.BEVUnits, BERevenue: r.BERevenue / 100, CM: crm.Money(r.CM), CMRatio: r.CMRatio,
		TargetUnits: r.TargetUnits, TargetProfit: crm.Money(in.TargetProfit), WhatIf: []BreakEvenIf{}, in: in,
	}
	if r.AtUnits {
		profit := crm.Money(r.Profit)
		b.Units, b.Profit, b.MarginOfSafety, b.ProfitMargin = &in.Units, &profit, &r.MarginOfSafety, &r.ProfitMargin
		if r.HasDOL {
			b.DOL = &r.DOL
		}
	}
	for _, w := range r.WhatIf {
		row := BreakEvenIf{Change: w.Change}
		if w.OK {
			row.BEVUnits, row.BEV = &w.BEVUnits, &w.BEV
		}
		b.WhatIf = append(b.WhatIf, row)
	}
	return b, nil
}

// WriteText writes the figures for people.
func (b *BreakEven) WriteText(w io.Writer) error {
	t := newText(w)
	money := func(cents int64) string { return t.l.Money(float64(cents) / 100) }
	if b.Product != nil {
		t.p("Product %s (%s)\n", b.Product.Name, b.Product.SKU)
	}
	t.p("Break-even at fixed costs %s, price %s and variable cost %s a unit\n\n", money(b.in.Fixed), money(b.in.Price), money(b.in.Variable))
	t.p("Break-even: %s units (%s exactly), revenue %s.\n", t.l.Count(b.BEVUnits), t.l.Num(strconv.FormatFloat(b.BEV, 'f', 2, 64)), t.l.Money(b.BERevenue))
	t.p("Contribution margin: %s a unit, %s of the price.\n", t.l.Money(b.CM.Float()), t.l.Percent(b.CMRatio))
	if b.in.TargetProfit != 0 {
		t.p("For a profit of %s: %s units.\n", t.l.Money(b.TargetProfit.Float()), t.l.Count(b.TargetUnits))
	}
	if b.Units != nil {
		t.p("At %s units: profit %s, margin of safety %s, profit margin %s.\n", t.l.Count(*b.Units), t.l.Money(b.Profit.Float()),
			t.l.Percent(*b.MarginOfSafety), t.l.Percent(*b.ProfitMargin))
		if b.DOL != nil {
			t.p("Operating leverage: %s (profit changes %s times as fast as volume).\n", t.l.Num(strconv.FormatFloat(*b.DOL, 'f', 2, 64)), t.l.Num(strconv.FormatFloat(*b.DOL, 'f', 2, 64)))
		}
	}
	t.p("\n")
	tt := t.table("What if", ">Break-even units")
	for _, r := range b.WhatIf {
		units := t.l.T("no break-even")
		if r.BEVUnits != nil {
			units = t.l.Count(*r.BEVUnits)
		}
		tt.add(whatIfText(t, r.Change), units)
	}
	tt.write(t.b)
	if b.Activities != nil {
		t.p("\n")
		tt = t.table("Activity", ">Cost", ">Units to pay back")
		for _, a := range b.Activities {
			tt.add(nameCell(a.Activity), t.l.Money(a.Cost.Float()), t.l.Count(a.Units))
		}
		tt.write(t.b)
	}
	return t.flush()
}

// whatIfText names a what-if change in t's language.
func whatIfText(t *textWriter, change string) string {
	for _, what := range []string{"price", "variable", "fixed"} {
		if pct, ok := strings.CutPrefix(change, what+" "); ok {
			switch what {
			case "price":
				return t.l.T("price %s", pct)
			case "variable":
				return t.l.T("variable cost %s", pct)
			default:
				return t.l.T("fixed costs %s", pct)
			}
		}
	}
	return change
}
