package chart

// box is the plot area in viewBox units: left, right, top, bottom.
type box struct{ l, r, t, b float64 }

// yGrid draws horizontal grid lines with tick labels on the left (or, with
// right set, labels on the right and no grid lines).
func (d *doc) yGrid(p box, s linear, ticks []float64, labels []string, right bool) {
	d.w(`<g font-size="11" fill="`, inkFaint, `"`)
	if right {
		d.w(`>`)
	} else {
		d.w(` text-anchor="end">`)
	}
	for i, t := range ticks {
		y := s.at(t)
		if !right {
			col, wid := gridCol, 1.0
			if t == 0 && ticks[0] < 0 {
				col, wid = axisCol, 1
			}
			d.line(p.l, y, p.r, y, col, wid, "")
			d.text(p.l-8, y+4, textStyle{}, labels[i])
		} else {
			d.text(p.r+8, y+4, textStyle{}, labels[i])
		}
	}
	d.w(`</g>`)
}

// shareAxisX draws the x axis of the customer-share charts: ticks at
// 0, 20, ..., 100% and a label under them.
func (d *doc) shareAxisX(p box, s linear, name string) {
	d.line(p.l, p.b, p.r, p.b, axisCol, 1, "")
	d.w(`<g font-size="11" fill="`, inkFaint, `" text-anchor="middle">`)
	for i := 0; i <= 5; i++ {
		v := float64(i) / 5
		x := s.at(v)
		d.line(x, p.b, x, p.b+4, axisCol, 1, "")
		d.text(x, p.b+17, textStyle{}, Percent.short(v))
	}
	d.w(`</g>`)
	d.text((p.l+p.r)/2, p.b+35, textStyle{size: 12, fill: inkSoft, anchor: "middle"}, name)
}

// hoverDot is an invisible target carrying a native tooltip: it prints as
// nothing and gives a mouse pointer the value under it.
func (d *doc) hoverDot(x, y, r float64, tip string) {
	d.w(`<circle cx="`, num(x), `" cy="`, num(y), `" r="`, num(r), `" fill="transparent">`)
	d.title(tip)
	d.w(`</circle>`)
}
