package analyze

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// WriteText writes the result for people: the headline, the tiers, repeat
// and lapsed counts, a Pareto chart by decile and the top customers, in at
// most 80 columns.
func (r *Result) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }

	p("Window %s .. %s (as of %s)\n\n", r.Since, r.Until, r.AsOf)
	p("%s customers bought %s in the window (%s transactions).\n",
		group(int64(r.Customers)), money(r.Revenue), group(int64(r.Transactions)))
	if r.Customers > 0 {
		p("The top 20%% of customers brought %s of revenue. Gini %.3f.\n", pct(r.Top20Share), r.Gini)
	}
	p("\n%-6s %10s %8s %18s %8s\n", "Tier", "Customers", "% cust", "Revenue", "% rev")
	for _, t := range r.Tiers {
		var cs float64
		if r.Customers > 0 {
			cs = float64(t.Customers) / float64(r.Customers)
		}
		p("%-6s %10s %8s %18s %8s\n", t.Tier, group(int64(t.Customers)), pct(cs), money(t.Revenue), pct(t.RevenueShare))
	}

	p("\nRepeat customers  %s of %s with an order up to %s", group(int64(r.RepeatCustomers)),
		group(int64(r.CustomersAllTime)), r.AsOf)
	if r.CustomersAllTime > 0 {
		p(" (%s)", pct(float64(r.RepeatCustomers)/float64(r.CustomersAllTime)))
	}
	p("\nLapsed customers  %s without an order for more than %d days\n", group(int64(r.LapsedCustomers)), r.LapsedAfterDays)

	if len(r.Curve) == 11 {
		p("\nRevenue share of the top x%% of customers\n")
		const width = 50
		for i := 1; i < len(r.Curve); i++ {
			c := r.Curve[i]
			p("top %3d%%  %s %6s\n", i*10, bar(c.Revenue, width), pct(c.Revenue))
		}
	}

	if len(r.Top) > 0 {
		p("\nTop customers\n")
		for i, t := range r.Top {
			label := t.ID
			if t.Name != "" {
				label += "  " + t.Name
			}
			p("%2d  %-38s %18s %7s  %s\n", i+1, clip(label, 38), money(t.Revenue), pct(t.Share), t.Tier)
		}
	}
	return b.Flush()
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

func pct(f float64) string { return strconv.FormatFloat(100*f, 'f', 1, 64) + "%" }

// money formats an amount with two decimals and thousands separators.
func money(f float64) string {
	s := strconv.FormatFloat(math.Abs(f), 'f', 2, 64)
	intPart, frac := s[:len(s)-3], s[len(s)-3:]
	out := groupDigits(intPart) + frac
	if f < 0 && out != "0.00" {
		out = "-" + out
	}
	return out
}

func group(n int64) string {
	if n < 0 {
		return "-" + groupDigits(strconv.FormatInt(-n, 10))
	}
	return groupDigits(strconv.FormatInt(n, 10))
}

func groupDigits(d string) string {
	if len(d) <= 3 {
		return d
	}
	var b strings.Builder
	head := len(d) % 3
	if head > 0 {
		b.WriteString(d[:head])
	}
	for i := head; i < len(d); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d[i : i+3])
	}
	return b.String()
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
