package chart

import (
	"math"

	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// Whale is the whale curve of cost-to-serve analysis: cumulative profit
// over customers ranked by profit, most profitable first. It rises above
// the total profit, peaks, and falls back as the unprofitable customers
// give profit away; the peak is marked and the falling part drawn dashed.
type Whale struct {
	Options
	// Curve is the curve to draw, with its peak and losses, as
	// pareto.Whale computes it from the customers' profits.
	Curve pareto.WhaleCurve
}

// SVG draws the chart.
func (c Whale) SVG() []byte {
	cum, peak := c.Curve.Cumulative, c.Curve.Peak
	n := len(cum) - 1
	total, top, loss := c.Curve.Total, c.Curve.PeakProfit, c.Curve.Loss
	if n <= 0 || peak < 0 || peak > n || !finite(total) || !finite(top) || !finite(loss) {
		return empty(c.Options, "", i18n.N("no customers with a profit figure"))
	}
	lo := top
	for _, v := range cum {
		lo = math.Min(lo, v)
	}
	xPeak := float64(peak) / float64(n)
	o := c.Options
	ofTotal := func(v float64) string {
		if total > 0 {
			return o.t(" (%s of total profit)", o.pct(v/total))
		}
		return ""
	}
	share := func(f float64) string { return o.Lang.Num(share(f)) }
	customers := func(k int) string { return customers(o, k) }

	rest := share(1 - math.Round(xPeak*1000)/1000)
	var caption string
	switch {
	case peak == 0:
		caption = o.t("No customer adds profit: together they lose %s", o.short(Money, loss))
	case peak == n:
		caption = o.t("No customer loses money: %s in total", o.short(Money, total))
	case total > 0:
		caption = o.t("The top %s of customers earn %s of total profit; the other %s give back %s",
			share(xPeak), share(top/total), rest, o.short(Money, loss))
	default:
		caption = o.t("Profit peaks at %s after %s of customers; the other %s lose %s",
			o.short(Money, top), share(xPeak), rest, o.short(Money, loss))
	}

	w, h := c.size()
	d := &doc{}
	hd := header{title: c.Title, caption: caption}
	if peak > 0 {
		hd.legend = append(hd.legend, legendItem{name: o.t("Customers adding profit"), kind: legendLine, series: 0})
	}
	if peak < n {
		hd.legend = append(hd.legend, legendItem{name: o.t("Customers losing profit"), kind: legendLine, colour: palette[1], dash: "7 4"})
	}
	ptop := hd.draw(d, w) + 14
	p := box{l: 64, r: w - 24, t: ptop, b: h - 48}
	// Headroom above the peak for its label.
	yt, ystep := niceTicks(math.Min(lo, 0), math.Max(top+0.1*(top-math.Min(lo, 0)), 0), 5, false)
	ys := linear{yt[0], yt[len(yt)-1], p.b, p.t}
	xs := linear{0, 1, p.l, p.r}
	d.yGrid(p, ys, yt, o.ticks(Money, yt, ystep), false)
	d.text(p.l-8, p.t-10, textStyle{size: 11, fill: inkSoft}, o.t("Cumulative profit"))

	// The total, where the curve ends: the 100% every share refers to.
	if total > 0 && peak < n {
		y := ys.at(total)
		d.line(p.l, y, p.r, y, inkSoft, 1, "2 3")
		// Below the line at the right, where the curve comes down to it
		// from above.
		d.text(p.r-4, y+15, textStyle{size: 11, fill: inkSoft, anchor: "end"}, o.t("Total profit %s (100%%)", o.short(Money, total)))
	}

	// The curve, thinned to at most maxCurvePoints points that always
	// include both ends and the peak.
	idx := thin(n+1, maxCurvePoints, peak)
	var ax, ay, bx, by []float64
	for _, k := range idx {
		x, y := xs.at(float64(k)/float64(n)), ys.at(cum[k])
		if k <= peak {
			ax, ay = append(ax, x), append(ay, y)
		}
		if k >= peak {
			bx, by = append(bx, x), append(by, y)
		}
	}
	if len(ax) > 1 {
		d.w(`<path d="`, pathData(ax, ay), `" fill="none" stroke="`, palette[0], `" stroke-width="2.5" stroke-linejoin="round"/>`)
	}
	if len(bx) > 1 {
		d.w(`<path d="`, pathData(bx, by), `" fill="none" stroke="`, palette[1], `" stroke-width="2.5" stroke-dasharray="7 4" stroke-linejoin="round"/>`)
	}
	for i, prev := 1, 0; i <= 20; i++ {
		k := int(math.Round(float64(i) / 20 * float64(n)))
		if k == prev {
			continue
		}
		prev = k
		d.hoverDot(xs.at(float64(k)/float64(n)), ys.at(cum[k]), 7, o.t("First %s (%s): cumulative profit %s", customers(k),
			share(float64(k)/float64(n)), o.full(Money, cum[k]))+ofTotal(cum[k]))
	}

	// The peak, unless no customer adds profit.
	if peak > 0 {
		px, py := xs.at(xPeak), ys.at(top)
		d.line(px, py, px, p.b, palette[0], 1, "2 3")
		d.w(`<circle cx="`, num(px), `" cy="`, num(py), `" r="5" fill="#fff" stroke="`, palette[0], `" stroke-width="2.5">`)
		d.title(o.t("Peak after %s (%s): %s", customers(peak), o.pct(xPeak), o.full(Money, top)) + ofTotal(top))
		d.w(`</circle>`)
		note := o.t("Peak %s", o.short(Money, top))
		if total > 0 {
			full := note + " · " + o.t("%s of total", share(top/total))
			// A narrow chart (a phone's) keeps the peak alone when both do
			// not fit over the plot, counting with wide bold letters.
			if w >= 420 || textWidth(full, 12)*1.2 <= p.r-p.l {
				note = full
			}
		}
		half := textWidth(note, 12) / 2
		if w < 420 {
			half *= 1.2
		}
		nx := math.Min(math.Max(px, p.l+half), p.r-half)
		ny := py - 12
		d.w(`<g stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">`)
		d.text(nx, ny, textStyle{size: 12, fill: ink, anchor: "middle", weight: "600"}, note)
		d.w(`</g>`)
	}

	order := o.t("Customers ranked by profit, most profitable first")
	d.shareAxisX(p, xs, order+" ("+customers(n)+")")
	desc := o.t("Whale curve of cumulative profit.") + " " + order + ", " + customers(n) + ". " +
		caption + ". " + o.t("Peak %s after %s", o.full(Money, top), customers(peak)) + "; "
	switch losers := len(c.Curve.Losers); losers {
	case 0:
	case 1:
		desc += o.t("1 customer loses %s", o.full(Money, loss)) + "; "
	default:
		desc += o.t("%s lose %s", customers(losers), o.full(Money, loss)) + "; "
	}
	desc += o.t("total %s", o.full(Money, total)) + "."
	return finish(c.Options, d, desc, w, h)
}

// thin returns at most limit indices of 0..n-1, evenly spread, always with
// 0, n-1 and keep, ascending and distinct.
func thin(n, limit, keep int) []int {
	if n <= limit {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	out := make([]int, 0, limit+1)
	added := false
	for j := range limit - 1 {
		i := j * (n - 1) / (limit - 2)
		if !added && keep <= i {
			if keep < i && (len(out) == 0 || out[len(out)-1] < keep) {
				out = append(out, keep)
			}
			added = true
		}
		if len(out) == 0 || out[len(out)-1] < i {
			out = append(out, i)
		}
	}
	return out
}

// customers writes "1 customer", "2 customers" in o's language.
func customers(o Options, k int) string {
	if o.Lang == nil {
		if k == 1 {
			return "1 customer"
		}
		return textfmt.Count(int64(k)) + " customers"
	}
	return o.Lang.T("%d customers", k)
}
