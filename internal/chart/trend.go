package chart

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/i18n"
)

// TimePoint is one value of a time series.
type TimePoint struct {
	T time.Time
	V float64
}

// Series is one named line of a Trend.
type Series struct {
	Name   string
	Points []TimePoint
}

// Trend is a line chart of one or several time series over calendar time,
// with date ticks on whole days, weeks, months, quarters or years. Each
// series has its own colour, dash pattern and marker shape. The y axis
// always includes zero.
type Trend struct {
	Options
	// Series to draw; points need not be sorted. A point whose value is
	// not finite leaves a gap in its line.
	Series []Series
	// Format of the values (Money, Count, Percent, Number).
	Format Format
	// YLabel names the values above the y axis, e.g. "Revenue (EUR)".
	YLabel string
}

// markerLimit is the most points per series that still get visible markers.
const markerLimit = 40

// SVG draws the chart.
func (c Trend) SVG() []byte {
	series := make([]Series, 0, len(c.Series))
	var tmin, tmax time.Time
	vmin, vmax := 0.0, 0.0
	seen := false
	monthly := true
	for _, s := range c.Series {
		pts := slices.Clone(s.Points)
		slices.SortStableFunc(pts, func(a, b TimePoint) int { return a.T.Compare(b.T) })
		for _, p := range pts {
			if !finite(p.V) || p.T.IsZero() {
				continue
			}
			if !seen || p.T.Before(tmin) {
				tmin = p.T
			}
			if !seen || p.T.After(tmax) {
				tmax = p.T
			}
			seen = true
			vmin, vmax = math.Min(vmin, p.V), math.Max(vmax, p.V)
			if p.T.Day() != 1 || p.T.Hour() != 0 || p.T.Minute() != 0 {
				monthly = false
			}
		}
		name := s.Name
		if strings.TrimSpace(name) == "" && len(c.Series) > 1 {
			name = c.Options.t("Series %s", c.Options.count(len(series)+1))
		}
		series = append(series, Series{Name: name, Points: pts})
	}
	if !seen {
		return empty(c.Options, "", i18n.N("no values"))
	}
	dateLayout := "2 Jan 2006"
	if monthly {
		dateLayout = "Jan 2006"
	}

	w, h := c.size()
	d := &doc{}
	o := c.Options
	var hd header
	hd.title = c.Title
	many := 0
	for _, s := range series {
		many = max(many, len(s.Points))
	}
	if len(series) > 1 {
		for i, s := range series {
			kind := legendLine
			if many <= markerLimit {
				kind = legendLineMarker
			}
			hd.legend = append(hd.legend, legendItem{name: s.Name, kind: kind, series: i, dash: dashes[i%len(dashes)]})
		}
	} else if last, prev, ok := lastTwo(series[0].Points); ok {
		hd.caption = o.t("Latest %s (%s)", o.short(c.Format, last.V), o.date(last.T, dateLayout))
		if prev.V != 0 && finite(prev.V) {
			ch := (last.V - prev.V) / math.Abs(prev.V)
			change := o.t("up %s on %s", o.short(Percent, math.Abs(ch)), o.date(prev.T, dateLayout))
			if ch < 0 {
				change = o.t("down %s on %s", o.short(Percent, math.Abs(ch)), o.date(prev.T, dateLayout))
			}
			hd.caption += ", " + change
		}
	}
	top := hd.draw(d, w)
	p := box{l: 64, r: w - 28, t: top + 14, b: h - 36}

	yt, ystep := niceTicks(vmin, vmax, 5, c.Format == Count)
	ys := linear{yt[0], yt[len(yt)-1], p.b, p.t}
	d.yGrid(p, ys, yt, o.ticks(c.Format, yt, ystep), false)
	if c.YLabel != "" {
		d.text(p.l-8, p.t-10, textStyle{size: 11, fill: inkSoft}, label(c.YLabel, 60))
	}

	// Time runs left to right; a single instant sits in the middle.
	lo, hi := tmin, tmax
	pad := 0.0
	if !hi.After(lo) {
		pad = 1
	} else if many <= markerLimit {
		pad = 0.02 // room for the end markers
	}
	span := float64(hi.Sub(lo))
	xs := linear{-pad, 1 + pad, p.l, p.r}
	xAt := func(t time.Time) float64 {
		if span == 0 {
			return xs.at(0)
		}
		return xs.at(float64(t.Sub(lo)) / span)
	}
	d.line(p.l, p.b, p.r, p.b, axisCol, 1, "")
	ticks, layout := timeTicks(lo, hi, max(int((p.r-p.l)/90), 2))
	d.w(`<g font-size="11" fill="`, inkFaint, `" text-anchor="middle">`)
	for _, t := range ticks {
		x := xAt(t)
		d.line(x, p.b, x, p.b+4, axisCol, 1, "")
		d.text(x, p.b+17, textStyle{}, o.date(t, layout))
	}
	d.w(`</g>`)

	// Lines, then markers and hover targets above all lines.
	var desc []string
	for i, s := range series {
		col := palette[i%len(palette)]
		xsv := make([]float64, len(s.Points))
		ysv := make([]float64, len(s.Points))
		n := 0
		for j, q := range s.Points {
			xsv[j], ysv[j] = xAt(q.T), math.NaN()
			if finite(q.V) && !q.T.IsZero() {
				ysv[j] = ys.at(q.V)
				n++
			}
		}
		d.w(`<path d="`, pathData(xsv, ysv), `" fill="none" stroke="`, col, `" stroke-width="2.25" stroke-linejoin="round" stroke-linecap="round"`)
		if dash := dashes[i%len(dashes)]; dash != "" {
			d.w(` stroke-dasharray="`, dash, `"`)
		}
		d.w(`/>`)
		name := label(s.Name, 60)
		if n > 0 {
			first, last := firstLast(s.Points)
			desc = append(desc, strings.TrimSpace(name+" "+o.t("%s values from %s (%s) to %s (%s)", o.count(n),
				o.full(c.Format, first.V), o.date(first.T, dateLayout), o.full(c.Format, last.V), o.date(last.T, dateLayout))))
		}
	}
	hit := math.Max(4, math.Min(9, (p.r-p.l)/float64(max(many, 1))/2))
	for i, s := range series {
		col := palette[i%len(palette)]
		name := label(s.Name, 60)
		for _, q := range s.Points {
			if !finite(q.V) || q.T.IsZero() {
				continue
			}
			x, y := xAt(q.T), ys.at(q.V)
			tip := o.date(q.T, dateLayout) + ": " + o.full(c.Format, q.V)
			if name != "" {
				tip = name + " · " + tip
			}
			if many <= markerLimit || len(s.Points) == 1 {
				d.w(`<g>`)
				d.marker(i, x, y, 3.5, "#fff", col)
				d.hoverDot(x, y, hit, tip)
				d.w(`</g>`)
			} else {
				d.hoverDot(x, y, hit, tip)
			}
		}
	}
	summary := o.t("Line chart from %s to %s.", o.date(tmin, dateLayout), o.date(tmax, dateLayout)) + " " + strings.Join(desc, "; ") + "."
	return finish(c.Options, d, summary, w, h)
}

func firstLast(pts []TimePoint) (first, last TimePoint) {
	i := slices.IndexFunc(pts, func(p TimePoint) bool { return finite(p.V) && !p.T.IsZero() })
	j := len(pts) - 1
	for j > i && !(finite(pts[j].V) && !pts[j].T.IsZero()) {
		j--
	}
	return pts[i], pts[j]
}

// lastTwo returns the last two values of a sorted series.
func lastTwo(pts []TimePoint) (last, prev TimePoint, ok bool) {
	k := 0
	for j := len(pts) - 1; j >= 0 && k < 2; j-- {
		if finite(pts[j].V) && !pts[j].T.IsZero() {
			if k == 0 {
				last = pts[j]
			} else {
				prev = pts[j]
			}
			k++
		}
	}
	return last, prev, k == 2
}
