package chart

import (
	"bytes"
	"math"
	"strings"

	"github.com/vitalfew/vitalfew/internal/i18n"
)

// Sparkline is a word-sized trend for tables and text: a line without axes,
// its last value dotted, and a tooltip (and accessible name) summarising
// the values. It keeps a fixed size instead of filling its container.
type Sparkline struct {
	// Label names the values in the tooltip, e.g. "Monthly revenue".
	Label string
	// Values in time order; a value that is not finite leaves a gap.
	Values []float64
	Format Format
	// Width and Height in CSS pixels (default 120 by 28).
	Width, Height float64
	// Lang is the language of the tooltip; nil is English.
	Lang *i18n.Lang
}

// SVG draws the sparkline.
func (c Sparkline) SVG() []byte {
	w, h := c.Width, c.Height
	if !(w >= 16 && w <= 2000) {
		w = 120
	}
	if !(h >= 8 && h <= 500) {
		h = 28
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	n, last, lastI, first := 0, 0.0, -1, 0.0
	for i, v := range c.Values {
		if !finite(v) {
			continue
		}
		if n == 0 {
			first = v
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
		last, lastI = v, i
		n++
	}
	name := label(c.Label, 100)
	o := Options{Lang: c.Lang}
	var tip string
	switch n {
	case 0:
		tip = o.t("no data")
	case 1:
		tip = o.full(c.Format, last)
	default:
		tip = o.t("%s values, first %s, last %s", o.count(n), o.full(c.Format, first), o.full(c.Format, last))
		if first != 0 {
			tip += " (" + signed(o.short(Percent, (last-first)/math.Abs(first))) + ")"
		}
		tip += ", " + o.t("low %s, high %s", o.full(c.Format, lo), o.full(c.Format, hi))
	}
	if name != "" {
		tip = name + ": " + tip
	}

	var b bytes.Buffer
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + num(w) + " " + num(h) + `" width="` + num(w) +
		`" height="` + num(h) + `" role="img"><title>` + esc(tip) + `</title>`)
	const pad = 3.0
	switch {
	case n == 0:
		b.WriteString(`<line x1="` + num(pad) + `" y1="` + num(h/2) + `" x2="` + num(w-pad) + `" y2="` + num(h/2) +
			`" stroke="` + axisCol + `" stroke-width="1" stroke-dasharray="3 3"/>`)
	case n == 1:
		b.WriteString(`<circle cx="` + num(w/2) + `" cy="` + num(h/2) + `" r="2.5" fill="` + palette[0] + `"/>`)
	default:
		xs := linear{0, float64(len(c.Values) - 1), pad, w - pad}
		ys := linear{lo, hi, h - pad, pad}
		px := make([]float64, len(c.Values))
		py := make([]float64, len(c.Values))
		for i, v := range c.Values {
			px[i], py[i] = xs.at(float64(i)), math.NaN()
			if finite(v) {
				py[i] = ys.at(v)
			}
		}
		b.WriteString(`<path d="` + pathData(px, py) + `" fill="none" stroke="` + inkSoft +
			`" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>`)
		b.WriteString(`<circle cx="` + num(px[lastI]) + `" cy="` + num(py[lastI]) + `" r="2.5" fill="` + palette[0] + `"/>`)
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

func signed(s string) string {
	if strings.HasPrefix(s, "-") || s == "0%" {
		return s
	}
	return "+" + s
}
