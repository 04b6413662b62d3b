package analyze

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// WriteText writes the result for people: the headline, the tiers, repeat
// and lapsed counts, a Pareto chart by decile and the top customers, in at
// most 80 columns.
func (r *Result) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }

	p("Window %s .. %s (as of %s)\n\n", r.Since, r.Until, r.AsOf)
	p("%s customers bought %s in the window (%s transactions).\n",
		textfmt.Count(int64(r.Customers)), textfmt.Money(r.Revenue), textfmt.Count(int64(r.Transactions)))
	if r.Customers > 0 {
		p("The top 20%% of customers brought %s of revenue. Gini %.3f.\n", textfmt.Percent(r.Top20Share), r.Gini)
	}
	p("\n%-6s %10s %8s %18s %8s\n", "Tier", "Customers", "% cust", "Revenue", "% rev")
	for _, t := range r.Tiers {
		var cs float64
		if r.Customers > 0 {
			cs = float64(t.Customers) / float64(r.Customers)
		}
		p("%-6s %10s %8s %18s %8s\n", t.Tier, textfmt.Count(int64(t.Customers)), textfmt.Percent(cs), textfmt.Money(t.Revenue), textfmt.Percent(t.RevenueShare))
	}

	p("\nRepeat customers  %s of %s with an order up to %s", textfmt.Count(int64(r.RepeatCustomers)),
		textfmt.Count(int64(r.CustomersAllTime)), r.AsOf)
	if r.CustomersAllTime > 0 {
		p(" (%s)", textfmt.Percent(float64(r.RepeatCustomers)/float64(r.CustomersAllTime)))
	}
	p("\nLapsed customers  %s without an order for more than %d days\n", textfmt.Count(int64(r.LapsedCustomers)), r.LapsedAfterDays)

	if len(r.Curve) == 11 {
		p("\nRevenue share of the top x%% of customers\n")
		const width = 50
		for i := 1; i < len(r.Curve); i++ {
			c := r.Curve[i]
			p("top %3d%%  %s %6s\n", i*10, bar(c.Revenue, width), textfmt.Percent(c.Revenue))
		}
	}

	if len(r.Top) > 0 {
		p("\nTop customers\n")
		for i, t := range r.Top {
			label := t.ID
			if t.Name != "" {
				label += "  " + t.Name
			}
			p("%2d  %-38s %18s %7s  %s\n", i+1, textfmt.Clip(textfmt.Clean(label), 38), textfmt.Money(t.Revenue), textfmt.Percent(t.Share), t.Tier)
		}
	}
	if r.CLV != nil {
		r.CLV.writeText(p)
	}
	return b.Flush()
}

// writeText writes the customer-model section: the totals, the model and
// its holdout check, the tiers by CLV and the top customers by CLV.
func (c *CLVResult) writeText(p func(string, ...any)) {
	p("\nCustomer lifetime value (customer model up to the as-of date)\n")
	if c.Model == nil {
		p("No figures: %s.\n", c.Note)
		return
	}
	m := c.Model
	p("%s customers are expected to make %s purchases worth %s in the\nnext 12 months; their %d-month CLV (%.0f%% a month discount) is %s.\n",
		textfmt.Count(int64(c.Customers)), textfmt.Money(c.ExpectedPurchases), textfmt.Money(c.ExpectedRevenue),
		m.CLVMonths, 100*m.CLVDiscount, textfmt.Money(c.CLV))
	p("Model: %s,\nspend: %s.\n", m.Describe(), m.SpendModel)
	if h := m.Holdout; h != nil {
		p("Fit quality: refitted up to %s, it forecast %s repeat purchases\nfor the next %.0f weeks; there were %s (%+.1f%%, correlation %.2f).\n",
			h.CalibrationEnd, textfmt.Money(h.Predicted), h.Weeks, textfmt.Count(int64(h.Actual)), 100*h.Error, h.Correlation)
	} else {
		p("Fit quality: not checked; %s.\n", m.HoldoutNote)
	}
	if m.Note != "" {
		p("Note: %s.\n", m.Note)
	}
	p("\n%-6s %10s %18s %8s\n", "Tier", "Customers", "CLV", "% CLV")
	for _, t := range c.Tiers {
		p("%-6s %10s %18s %8s\n", t.Tier, textfmt.Count(int64(t.Customers)), textfmt.Money(t.CLV), textfmt.Percent(t.CLVShare))
	}
	if len(c.Top) > 0 {
		p("\n%-24s %8s %13s %12s %13s\n", "Top customers by CLV", "P(alive)", "Purchases 12m", "Revenue 12m", "CLV")
		for i, a := range c.Top {
			label := a.ID
			if a.Name != "" {
				label += "  " + a.Name
			}
			p("%2d  %-20s %8s %13.2f %12s %13s  %s\n", i+1, textfmt.Clip(textfmt.Clean(label), 20), textfmt.Percent(a.PAlive),
				a.ExpectedPurchases, textfmt.Money(a.ExpectedRevenue), textfmt.Money(a.CLV), a.Tier)
		}
	}
}

// bar draws share (0..1) as width cells of Unicode blocks with eighth steps.
func bar(share float64, width int) string {
	eighths := int(math.Round(math.Max(0, math.Min(1, share)) * float64(width*8)))
	var s strings.Builder
	full := eighths / 8
	s.WriteString(strings.Repeat("█", full))
	if rem := eighths % 8; rem > 0 {
		s.WriteRune([]rune(" ▏▎▍▌▋▊▉")[rem])
		full++
	}
	s.WriteString(strings.Repeat("·", width-full))
	return s.String()
}
