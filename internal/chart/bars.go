package chart

import (
	"math"
	"strings"

	"github.com/vitalfew/vitalfew/internal/i18n"
)

// BarSeries is one named set of bars, one value per category.
type BarSeries struct {
	Name   string
	Values []float64
}

// Bars is a grouped bar chart: one group per category, one bar per series
// in each group, each labelled with its value, e.g. the share of service
// effort against the share of revenue per tier.
type Bars struct {
	Options
	// Categories name the groups along the x axis.
	Categories []string
	// Series give the bars; a missing or non-finite value leaves its bar
	// out.
	Series []BarSeries
	// Format of the values (Percent for shares, Money, Count, Number).
	Format Format
	// YLabel names the values above the y axis.
	YLabel string
}

// SVG draws the chart.
func (c Bars) SVG() []byte {
	k, m := len(c.Categories), len(c.Series)
	vmin, vmax := 0.0, 0.0
	seen := false
	for _, s := range c.Series {
		for i, v := range s.Values {
			if i < k && finite(v) {
				vmin, vmax = math.Min(vmin, v), math.Max(vmax, v)
				seen = true
			}
		}
	}
	if !seen {
		return empty(c.Options, "", i18n.N("no values"))
	}
	w, h := c.size()
	d := &doc{}
	o := c.Options
	hd := header{title: c.Title}
	if m > 1 {
		for i, s := range c.Series {
			hd.legend = append(hd.legend, legendItem{name: s.Name, kind: legendBar, colour: barPalette[i%len(barPalette)]})
		}
	}
	top := hd.draw(d, w)
	p := box{l: 64, r: w - 24, t: top + 18, b: h - 40}
	yt, ystep := niceTicks(vmin, vmax, 5, c.Format == Count)
	// Room for the value labels above the tallest bar (below the lowest).
	span := yt[len(yt)-1] - yt[0]
	if vmax > 0 && yt[len(yt)-1]-vmax < 0.07*span {
		yt = append(yt, yt[len(yt)-1]+ystep)
	}
	if vmin < 0 && vmin-yt[0] < 0.07*span {
		yt = append([]float64{yt[0] - ystep}, yt...)
	}
	ys := linear{yt[0], yt[len(yt)-1], p.b, p.t}
	d.yGrid(p, ys, yt, o.ticks(c.Format, yt, ystep), false)
	if c.YLabel != "" {
		d.text(p.l-8, p.t-12, textStyle{size: 11, fill: inkSoft}, label(c.YLabel, 60))
	}

	gw := (p.r - p.l) / float64(k)
	bw := math.Min(gw*0.78/float64(m), 72)
	gap := math.Min(bw*0.12, 6)
	y0 := ys.at(0)
	var desc []string
	for ci, cat := range c.Categories {
		gx := p.l + gw*float64(ci) + (gw-bw*float64(m))/2
		name := label(cat, 40)
		var parts []string
		for si, s := range c.Series {
			if ci >= len(s.Values) || !finite(s.Values[ci]) {
				continue
			}
			v := s.Values[ci]
			y := ys.at(v)
			x := gx + bw*float64(si)
			d.w(`<rect x="`, num(x+gap/2), `" y="`, num(math.Min(y, y0)), `" width="`, num(bw-gap), `" height="`, num(math.Abs(y0-y)),
				`" rx="2" fill="`, barPalette[si%len(barPalette)], `">`)
			sname := label(s.Name, 60)
			tip := name
			if sname != "" {
				tip += " · " + sname
			}
			d.title(tip + ": " + o.full(c.Format, v))
			d.w(`</rect>`)
			if txt := o.short(c.Format, v); textWidth(txt, 11) <= bw+4 {
				ly := y - 5
				if v < 0 {
					ly = y + 14
				}
				d.text(x+bw/2, ly, textStyle{size: 11, fill: ink, anchor: "middle"}, txt)
			}
			parts = append(parts, strings.TrimSpace(sname+" "+o.full(c.Format, v)))
		}
		cl := name
		if fit := max(int((gw-6)/(12*0.56)), 2); len([]rune(cl)) > fit {
			cl = label(cat, fit)
		}
		d.text(p.l+gw*(float64(ci)+0.5), p.b+18, textStyle{size: 12, fill: inkSoft, anchor: "middle"}, cl)
		desc = append(desc, name+": "+strings.Join(parts, ", "))
	}
	d.line(p.l, y0, p.r, y0, axisCol, 1, "")
	return finish(c.Options, d, o.t("Bar chart.")+" "+strings.Join(desc, "; ")+".", w, h)
}
