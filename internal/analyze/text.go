package analyze

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// WriteText writes the result for people: the headline, the tiers, repeat
// and lapsed counts, a Pareto chart by decile and the top customers, in at
// most 80 columns, in the language of w (i18n.LangOf).
func (r *Result) WriteText(w io.Writer) error {
	l := i18n.LangOf(w)
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { b.WriteString(l.Lines(format, args...)) }

	p("Window %s .. %s (as of %s)\n\n", l.Dates(r.Since), l.Dates(r.Until), l.Dates(r.AsOf))
	p("%s customers bought %s in the window (%s transactions).\n",
		l.Count(int64(r.Customers)), l.Money(r.Revenue), l.Count(int64(r.Transactions)))
	if r.Customers > 0 {
		p("The top 20%% of customers brought %s of revenue. Gini %s.\n", l.Percent(r.Top20Share), l.Num(fmt.Sprintf("%.3f", r.Gini)))
	}
	row := func(cells ...string) {
		fmt.Fprintf(b, "%-6s %10s %8s %18s %8s\n", cells[0], cells[1], cells[2], cells[3], cells[4])
	}
	b.WriteString("\n")
	row(l.Value("Tier"), l.Value("Customers"), l.Lines("%% cust"), l.Value("Revenue"), l.Lines("%% rev"))
	for _, t := range r.Tiers {
		var cs float64
		if r.Customers > 0 {
			cs = float64(t.Customers) / float64(r.Customers)
		}
		row(t.Tier, l.Count(int64(t.Customers)), l.Percent(cs), l.Money(t.Revenue), l.Percent(t.RevenueShare))
	}

	share := ""
	if r.CustomersAllTime > 0 {
		share = " (" + l.Percent(float64(r.RepeatCustomers)/float64(r.CustomersAllTime)) + ")"
	}
	p("\nRepeat customers  %s of %s with an order up to %s%s", l.Count(int64(r.RepeatCustomers)),
		l.Count(int64(r.CustomersAllTime)), l.Dates(r.AsOf), share)
	p("\nLapsed customers  %s without an order for more than %d days\n", l.Count(int64(r.LapsedCustomers)), r.LapsedAfterDays)

	if len(r.Curve) == 11 {
		p("\nRevenue share of the top x%% of customers\n")
		const width = 50
		for i := 1; i < len(r.Curve); i++ {
			c := r.Curve[i]
			fmt.Fprintf(b, "%s %s %6s\n", l.Lines("top %3d%%", i*10), bar(c.Revenue, width), l.Percent(c.Revenue))
		}
	}

	if len(r.Top) > 0 {
		p("\nTop customers\n")
		for i, t := range r.Top {
			label := t.ID
			if t.Name != "" {
				label += "  " + t.Name
			}
			fmt.Fprintf(b, "%2d  %-38s %18s %7s  %s\n", i+1, textfmt.Clip(textfmt.Clean(label), 38), l.Money(t.Revenue), l.Percent(t.Share), t.Tier)
		}
	}
	if r.CLV != nil {
		r.CLV.writeText(b, l)
	}
	return b.Flush()
}

// writeText writes the customer-model section: the totals, the model and
// its holdout check, the tiers by CLV and the top customers by CLV.
func (c *CLVResult) writeText(b *bufio.Writer, l *i18n.Lang) {
	p := func(format string, args ...any) { b.WriteString(l.Lines(format, args...)) }
	p("\nCustomer lifetime value (customer model up to the as-of date)\n")
	if c.Model == nil {
		p("No figures: %s.\n", l.Value(c.Note))
		return
	}
	m := c.Model
	p("%s customers are expected to make %s purchases worth %s in the\nnext 12 months; their %d-month CLV (%s a month discount) is %s.\n",
		l.Count(int64(c.Customers)), l.Money(c.ExpectedPurchases), l.Money(c.ExpectedRevenue),
		m.CLVMonths, l.Percent(m.CLVDiscount), l.Money(c.CLV))
	p("Model: %s,\nspend: %s.\n", m.Describe(l.T), l.Value(m.SpendModel))
	if h := m.Holdout; h != nil {
		p("Fit quality: refitted up to %s, it forecast %s repeat purchases\nfor the next %.0f weeks; there were %s (%+.1f%%, correlation %.2f).\n",
			l.Dates(h.CalibrationEnd), l.Money(h.Predicted), h.Weeks, l.Count(int64(h.Actual)), 100*h.Error, h.Correlation)
	} else {
		p("Fit quality: not checked; %s.\n", l.Value(m.HoldoutNote))
	}
	if m.Note != "" {
		p("Note: %s.\n", l.Value(m.Note))
	}
	b.WriteString("\n")
	fmt.Fprintf(b, "%-6s %10s %18s %8s\n", l.Value("Tier"), l.Value("Customers"), "CLV", l.Lines("%% CLV"))
	for _, t := range c.Tiers {
		fmt.Fprintf(b, "%-6s %10s %18s %8s\n", t.Tier, l.Count(int64(t.Customers)), l.Money(t.CLV), l.Percent(t.CLVShare))
	}
	if len(c.Top) > 0 {
		b.WriteString("\n")
		fmt.Fprintf(b, "%-24s %8s %13s %12s %13s\n", l.Value("Top customers by CLV"), l.Value("P(alive)"), l.Value("Purchases 12m"), l.Value("Revenue 12m"), "CLV")
		for i, a := range c.Top {
			label := a.ID
			if a.Name != "" {
				label += "  " + a.Name
			}
			fmt.Fprintf(b, "%2d  %-20s %8s %13s %12s %13s  %s\n", i+1, textfmt.Clip(textfmt.Clean(label), 20), l.Percent(a.PAlive),
				l.Money(a.ExpectedPurchases), l.Money(a.ExpectedRevenue), l.Money(a.CLV), a.Tier)
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
