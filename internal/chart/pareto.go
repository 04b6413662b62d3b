package chart

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/vitalfew/vitalfew/internal/i18n"
)

// Tier is one ABC tier of a Pareto chart: its name and how many accounts,
// in rank order, it holds (as pareto.Result.Tiers gives them).
type Tier struct {
	Name      string
	Customers int
}

// Pareto is the 80/20 chart: revenue per account ranked largest first as
// bars, the cumulative share of revenue as a line on a second axis, the 80%
// reference, and the tiers marked along the ranking.
//
// With more accounts than MaxBars, each bar is a bucket of consecutive ranks
// (one percentile of accounts at the default 100 bars) showing the bucket's
// total revenue, so the SVG stays small at any number of accounts.
type Pareto struct {
	Options
	// Revenues holds one value per account, largest first (the chart sorts
	// a copy when they are not). Values that are not finite and > 0 are left
	// out, as the analytics leave out accounts without revenue.
	Revenues []float64
	// Names, optional and parallel to Revenues, name the accounts in hover
	// titles when each bar is one account.
	Names []string
	// Tiers, optional, in rank order. Counts beyond the number of accounts
	// are cut; accounts beyond the tiers' total belong to no tier.
	Tiers []Tier
	// MaxBars caps the number of bars (default 100, at least 10).
	MaxBars int
}

// SVG draws the chart.
func (c Pareto) SVG() []byte {
	vals, names := c.ranked()
	n := len(vals)
	var total float64
	for _, v := range vals {
		total += v
	}
	if n == 0 || !(total > 0) || !finite(total) {
		return empty(c.Options, "", i18n.N("no account has revenue"))
	}
	nb := c.MaxBars
	if nb <= 0 {
		nb = 100
	}
	nb = min(max(nb, 10), n)

	// Buckets of consecutive ranks: bucket i holds ranks start[i]..start[i+1]-1.
	start := make([]int, nb+1)
	sums := make([]float64, nb)
	cum := make([]float64, nb+1) // share of revenue of ranks before start[i]
	var run float64
	for i := range nb {
		start[i] = i * n / nb
		start[i+1] = (i + 1) * n / nb
		for _, v := range vals[start[i]:start[i+1]] {
			sums[i] += v
		}
		run += sums[i]
		cum[i+1] = run / total
	}
	cum[nb] = 1
	var k80 int // accounts needed for 80% of revenue
	run = 0
	for i, v := range vals {
		run += v
		if run >= 0.8*total*(1-1e-12) {
			k80 = i + 1
			break
		}
	}
	x80 := float64(k80) / float64(n)
	tiers := c.tierEnds(n)

	w, h := c.size()
	d := &doc{}
	o := c.Options
	share := func(f float64) string { return o.Lang.Num(share(f)) }
	caption := o.t("80%% of revenue comes from %s of customers (%s of %s)", share(x80), o.count(k80), o.count(n))
	barName := o.t("Revenue per account")
	if nb < n {
		per := float64(n) / float64(nb)
		if math.Abs(per*100/float64(n)-1) < 1e-9 {
			barName = o.t("Revenue per 1%% of customers")
		} else {
			barName = o.t("Revenue per %s customers", o.count(int(math.Round(per))))
		}
	}
	bars := legendItem{name: barName + " " + o.t("(left)"), kind: legendBar}
	if len(tiers) > 1 {
		for i := range tiers {
			bars.colours = append(bars.colours, tierColour(i, len(tiers)))
		}
	}
	legend := []legendItem{bars, {name: o.t("Cumulative share (right)"), kind: legendLine, series: 1}}
	top := header{title: c.Title, caption: caption, legend: legend}.draw(d, w)

	p := box{l: 64, r: w - 52, t: top + 10, b: h - 48}
	if len(tiers) > 0 {
		p.t += 12
	}
	var maxBar float64
	for _, s := range sums {
		maxBar = math.Max(maxBar, s)
	}
	yt, ystep := niceTicks(0, maxBar, 5, false)
	ys := linear{yt[0], yt[len(yt)-1], p.b, p.t}
	cs := linear{0, 1, p.b, p.t}
	xs := linear{0, 1, p.l, p.r}

	d.yGrid(p, ys, yt, o.ticks(Money, yt, ystep), false)
	pt := []float64{0, 0.2, 0.4, 0.6, 0.8, 1}
	d.yGrid(p, cs, pt, o.ticks(Percent, pt, 0.2), true)

	// Bars, coloured by tier (dark to light, so tiers part in greyscale too).
	bw := (p.r - p.l) / float64(nb)
	gap := 0.0
	if bw >= 4 {
		gap = math.Min(bw*0.18, 6)
	}
	d.w(`<g shape-rendering="crispEdges">`)
	for i := range nb {
		x0, x1 := xs.at(float64(start[i])/float64(n)), xs.at(float64(start[i+1])/float64(n))
		y := ys.at(sums[i])
		ti := tierAt(tiers, (start[i]+start[i+1]-1)/2)
		d.w(`<rect x="`, num(x0+gap/2), `" y="`, num(y), `" width="`, num(math.Max(x1-x0-gap, 0.5)),
			`" height="`, num(math.Max(p.b-y, 0)), `" fill="`, tierColour(ti, len(tiers)), `">`)
		var tip string
		if nb == n {
			tip = "#" + o.count(i+1)
			if i < len(names) && strings.TrimSpace(names[i]) != "" {
				tip += " " + label(names[i], 80)
			}
			tip += ": " + o.full(Money, sums[i]) + " (" + o.t("%s of revenue", o.pct(sums[i]/total))
		} else {
			tip = o.t("Ranks %s–%s", o.count(start[i]+1), o.count(start[i+1])) +
				": " + o.full(Money, sums[i]) + " (" + o.t("%s of revenue", o.pct(sums[i]/total))
		}
		tip += "; " + o.t("cumulative %s", o.pct(cum[i+1])) + ")"
		if ti >= 0 {
			tip += " · " + o.t("tier %s", label(c.Tiers[ti].Name, 20))
		}
		d.title(tip)
		d.w(`</rect>`)
	}
	d.w(`</g>`)

	// Tier boundaries and names along the top, all in the longest wording
	// that fits every tier wide enough to be named.
	variants := func(i int) []string {
		name := label(c.Tiers[i].Name, 12)
		prev := 0
		if i > 0 {
			prev = tiers[i-1]
		}
		sh := share(float64(tiers[i]-prev) / float64(n))
		return []string{o.t("Tier %s · %s of customers", name, sh), o.t("Tier %s · %s", name, sh), name + " · " + sh, name}
	}
	width := func(i int) float64 {
		prev := 0
		if i > 0 {
			prev = tiers[i-1]
		}
		return xs.at(float64(tiers[i])/float64(n)) - xs.at(float64(prev)/float64(n)) - 8
	}
	wording := 0
	for i := range tiers {
		if width(i) < 40 {
			continue // too narrow for more than the name
		}
		for wording < 3 && textWidth(variants(i)[wording], 11) > width(i) {
			wording++
		}
	}
	// Every tier is named, however narrow: a name that does not fit its
	// tier moves right of the one before it (and left of the plot's end),
	// so that a tier A of a few customers among thousands keeps its label.
	prev := 0
	lastRight := math.Inf(-1)
	for i, end := range tiers {
		x0, x1 := xs.at(float64(prev)/float64(n)), xs.at(float64(end)/float64(n))
		if i < len(tiers)-1 || end < n {
			d.line(x1, p.t-20, x1, p.b, inkFaint, 1, "3 3")
		}
		if label(c.Tiers[i].Name, 12) != "" {
			txt := variants(i)[wording]
			if textWidth(txt, 11) > width(i) {
				txt = variants(i)[3]
			}
			half := textWidth(txt, 11) / 2
			cx := math.Min(math.Max(math.Max((x0+x1)/2, p.l+half), lastRight+6+half), p.r-half)
			d.text(cx, p.t-8, textStyle{size: 11, fill: ink, anchor: "middle", weight: "600"}, txt)
			lastRight = cx + half
		}
		prev = end
	}

	// The 80% reference and where the curve crosses it.
	d.line(p.l, cs.at(0.8), p.r, cs.at(0.8), inkSoft, 1, "5 4")
	lx := make([]float64, nb+1)
	ly := make([]float64, nb+1)
	for i := range nb + 1 {
		lx[i] = xs.at(float64(start[min(i, nb)]) / float64(n))
		ly[i] = cs.at(cum[i])
	}
	lx[nb] = p.r
	d.w(`<path d="`, pathData(lx, ly), `" fill="none" stroke="`, palette[1], `" stroke-width="2.5" stroke-linejoin="round"/>`)
	cx, cy := xs.at(x80), cs.at(0.8)
	onBoundary := false
	for _, end := range tiers {
		onBoundary = onBoundary || math.Abs(xs.at(float64(end)/float64(n))-cx) < 2
	}
	if !onBoundary {
		d.line(cx, cy, cx, p.b, palette[1], 1, "2 3")
	}
	d.w(`<circle cx="`, num(cx), `" cy="`, num(cy), `" r="4.5" fill="#fff" stroke="`, palette[1], `" stroke-width="2">`)
	d.title(o.t("80%% of revenue: the top %s customers (%s)", o.count(k80), o.pct(x80)))
	d.w(`</circle>`)
	// The note beside the point: the full sentence where it fits, to the
	// right or else to the left, otherwise just the share.
	note, anchor, nx := share(x80), "start", cx+9
	for _, txt := range []string{o.t("%s of customers → 80%% of revenue", share(x80)), share(x80) + " → 80%"} {
		tw := textWidth(txt, 12)
		if cx+9+tw <= w-4 {
			note, anchor, nx = txt, "start", cx+9
			break
		}
		if cx-9-tw >= 4 {
			note, anchor, nx = txt, "end", cx-9
			break
		}
	}
	d.w(`<g stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">`)
	d.text(nx, cy+18, textStyle{size: 12, fill: ink, anchor: anchor, weight: "600"}, note)
	d.w(`</g>`)

	d.shareAxisX(p, xs, o.t("Customers ranked by revenue, largest first (%s customers)", o.count(n)))

	desc := o.t("Pareto chart of %s customers with revenue %s, ranked largest first.", o.count(n), o.full(Money, total)) + " " + caption + "."
	if len(tiers) > 0 {
		prev := 0
		for i, end := range tiers {
			desc += " " + o.t("Tier %s: %s customers.", label(c.Tiers[i].Name, 20), o.count(end-prev))
			prev = end
		}
	}
	return finish(c.Options, d, desc, w, h)
}

// ranked returns the chart's accounts with revenue, largest first, and their
// names when given, sharing the caller's slices when they are already so.
func (c Pareto) ranked() ([]float64, []string) {
	ok := true
	for i, v := range c.Revenues {
		if !(v > 0) || math.IsInf(v, 0) || i > 0 && v > c.Revenues[i-1] {
			ok = false
			break
		}
	}
	if ok {
		return c.Revenues, c.Names
	}
	if len(c.Names) == 0 {
		vals := make([]float64, 0, len(c.Revenues))
		for _, v := range c.Revenues {
			if v > 0 && !math.IsInf(v, 0) {
				vals = append(vals, v)
			}
		}
		slices.Sort(vals)
		slices.Reverse(vals)
		return vals, nil
	}
	idx := make([]int, 0, len(c.Revenues))
	for i, v := range c.Revenues {
		if v > 0 && !math.IsInf(v, 0) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(c.Revenues[b], c.Revenues[a]) })
	vals := make([]float64, len(idx))
	var names []string
	if len(c.Names) > 0 {
		names = make([]string, len(idx))
	}
	for j, i := range idx {
		vals[j] = c.Revenues[i]
		if names != nil && i < len(c.Names) {
			names[j] = c.Names[i]
		}
	}
	return vals, names
}

// tierEnds returns the exclusive end rank of each tier, cut to n accounts.
func (c Pareto) tierEnds(n int) []int {
	var ends []int
	end := 0
	for _, t := range c.Tiers {
		end = min(end+max(t.Customers, 0), n)
		ends = append(ends, end)
	}
	return ends
}

// tierAt is the tier index of the 0-based rank, or -1.
func tierAt(ends []int, rank int) int {
	for i, e := range ends {
		if rank < e {
			return i
		}
	}
	return -1
}

// tierColour shades tiers from dark (A) to light (C): blue, sky blue, grey.
func tierColour(i, n int) string {
	switch {
	case n == 0:
		return palette[0]
	case i == 0:
		return palette[0]
	case i == 1:
		return "#56B4E9"
	case i == 2:
		return "#b6c2cf"
	default:
		return "#d9dee4"
	}
}

// share writes a 0..1 share as a percentage without needless decimals:
// "18.2%", "20%".
func share(f float64) string { return Percent.short(f) }
