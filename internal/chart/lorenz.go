package chart

import (
	"cmp"
	"math"
	"slices"

	"github.com/vitalfew/vitalfew/internal/i18n"
)

// Point is a point of a curve in shares: X of customers, Y of revenue.
type Point struct{ X, Y float64 }

// Lorenz is the concentration curve in its Pareto form: the share of
// revenue (Y) brought by the largest X share of customers, bowed above the
// diagonal of equality; the further it bows, the higher the Gini
// coefficient. Beside the plot it shows the top 20%'s share and the Gini
// coefficient in large type.
type Lorenz struct {
	Options
	// Points from (0, 0) to (1, 1), X ascending, as pareto.Lorenz returns
	// them (customers ranked largest first). Points that are not finite are
	// left out, coordinates are clamped to [0, 1], and more than 400 points
	// are thinned evenly (keeping both ends).
	Points []Point
	// Gini is the Gini coefficient, shown when in [0, 1].
	Gini float64
}

const maxCurvePoints = 400

// SVG draws the chart.
func (c Lorenz) SVG() []byte {
	pts := c.clean()
	if len(pts) == 0 {
		return empty(c.Options, "", i18n.N("no customers"))
	}
	w, h := c.size()
	d := &doc{}
	o := c.Options
	share := func(f float64) string { return o.Lang.Num(share(f)) }
	top := header{title: c.Title, legend: []legendItem{
		{name: o.t("Share of revenue from the largest customers"), kind: legendLine},
		{name: o.t("Equal shares"), kind: legendLine, colour: axisCol, dash: "5 4"},
	}}.draw(d, w)

	// A square plot, leaving room on the right for the key figures; a
	// narrow chart (a phone's) has them under the plot.
	narrow := w < 420
	side := math.Max(math.Min(h-48-(top+14), w-64-28-176), 60)
	if narrow {
		side = math.Max(math.Min(h-48-(top+14)-112, w-64-24), 60)
	}
	p := box{l: 64, r: 64 + side, t: top + 14, b: top + 14 + side}
	xs := linear{0, 1, p.l, p.r}
	ys := linear{0, 1, p.b, p.t}
	ticks := []float64{0, 0.2, 0.4, 0.6, 0.8, 1}
	d.yGrid(p, ys, ticks, o.ticks(Percent, ticks, 0.2), false)
	d.text(p.l-8, p.t-8, textStyle{size: 11, fill: inkSoft}, o.t("Share of revenue"))

	px := make([]float64, len(pts))
	py := make([]float64, len(pts))
	for i, q := range pts {
		px[i], py[i] = xs.at(q.X), ys.at(q.Y)
	}
	line := pathData(px, py)
	// The gap between curve and diagonal, which the Gini coefficient
	// measures, lightly shaded.
	if len(pts) > 1 {
		d.w(`<path d="`, line, " L", num(xs.at(pts[len(pts)-1].X)), " ", num(ys.at(pts[len(pts)-1].X)),
			" L", num(xs.at(pts[0].X)), " ", num(ys.at(pts[0].X)), ` Z" fill="`, palette[0], `" fill-opacity="0.12"/>`)
	}
	d.line(p.l, p.b, p.r, p.t, axisCol, 1.5, "5 4")
	d.w(`<path d="`, line, `" fill="none" stroke="`, palette[0], `" stroke-width="2.5" stroke-linejoin="round"/>`)
	if len(pts) == 1 {
		d.marker(0, px[0], py[0], 4, palette[0], palette[0])
	}

	// The top fifth, marked on the curve.
	y20, ok := interpolate(pts, 0.2)
	if ok {
		x, y := xs.at(0.2), ys.at(y20)
		d.line(x, p.b, x, y, palette[0], 1, "2 3")
		d.line(p.l, y, x, y, palette[0], 1, "2 3")
		d.w(`<circle cx="`, num(x), `" cy="`, num(y), `" r="4.5" fill="#fff" stroke="`, palette[0], `" stroke-width="2"/>`)
	}
	for i := 1; i <= 20; i++ {
		f := float64(i) / 20
		if y, ok := interpolate(pts, f); ok {
			d.hoverDot(xs.at(f), ys.at(y), 7, o.t("Top %s of customers: %s of revenue", share(f), o.pct(y)))
		}
	}
	d.shareAxisX(p, xs, o.t("Share of customers, largest first"))

	// Key figures beside the plot, to be seen rather than read.
	// Narrow: each figure under the plot with its words beside it.
	kx := math.Max(p.r+28, (p.r+w-176)/2)
	ky := p.t + 40
	tx, ty := kx, 22.0 // where the words start, right of and below the figure
	var top20, gini string
	if ok {
		top20 = share(y20)
	}
	if c.Gini >= 0 && c.Gini <= 1 {
		gini = o.Lang.Num(fixed(c.Gini, 2))
	}
	if narrow {
		kx, ky = 16, p.b+48+30
		tx, ty = 16+math.Max(textWidth(top20, 30), textWidth(gini, 30))*1.2+14, -12 // bold digits are wide
	}
	var desc string
	if ok {
		d.text(kx, ky, textStyle{size: 30, fill: palette[0], weight: "600"}, top20)
		d.text(tx, ky+ty, textStyle{size: 13, fill: inkSoft}, o.t("of revenue comes from"))
		d.text(tx, ky+ty+17, textStyle{size: 13, fill: inkSoft}, o.t("the top 20%% of customers"))
		ky += 96
		if narrow {
			ky -= 40
		}
		desc = o.t("The top 20%% of customers bring %s of revenue.", o.pct(y20))
	}
	if gini != "" {
		g := gini
		d.text(kx, ky, textStyle{size: 30, fill: ink, weight: "600"}, g)
		d.text(tx, ky+ty, textStyle{size: 13, fill: inkSoft}, o.t("Gini coefficient"))
		d.text(tx, ky+ty+17, textStyle{size: 12, fill: inkFaint}, o.t("0 = all customers equal,"))
		d.text(tx, ky+ty+33, textStyle{size: 12, fill: inkFaint}, o.t("1 = one customer has it all"))
		desc += " " + o.t("Gini coefficient %s.", g)
	}
	return finish(c.Options, d, o.t("Lorenz curve of revenue over customers ranked largest first.")+" "+desc, w, h)
}

// clean returns the finite points clamped to [0, 1], sorted by X and thinned
// to at most maxCurvePoints.
func (c Lorenz) clean() []Point {
	pts := make([]Point, 0, min(len(c.Points), 4*maxCurvePoints))
	for _, q := range c.Points {
		if finite(q.X) && finite(q.Y) {
			pts = append(pts, Point{clamp01(q.X), clamp01(q.Y)})
		}
	}
	if !slices.IsSortedFunc(pts, func(a, b Point) int { return cmp.Compare(a.X, b.X) }) {
		slices.SortStableFunc(pts, func(a, b Point) int { return cmp.Compare(a.X, b.X) })
	}
	if len(pts) <= maxCurvePoints {
		return pts
	}
	out := make([]Point, maxCurvePoints)
	for j := range out {
		out[j] = pts[j*(len(pts)-1)/(maxCurvePoints-1)]
	}
	return out
}

// interpolate returns the curve's Y at x, linear between points, when x lies
// within the curve.
func interpolate(pts []Point, x float64) (float64, bool) {
	if len(pts) < 2 || x < pts[0].X || x > pts[len(pts)-1].X {
		return 0, false
	}
	i, _ := slices.BinarySearchFunc(pts, x, func(p Point, x float64) int { return cmp.Compare(p.X, x) })
	if i < len(pts) && pts[i].X == x {
		return pts[i].Y, true
	}
	a, b := pts[i-1], pts[i]
	return a.Y + (x-a.X)/(b.X-a.X)*(b.Y-a.Y), true
}

func clamp01(v float64) float64 { return math.Min(math.Max(v, 0), 1) }
