package chart

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// Format says how a chart writes values.
type Format int

const (
	// Number: "1,234.5" in hover titles, "1.2k" on axes.
	Number Format = iota
	// Money: "1,234.50" in hover titles, "1.2M" on axes (no currency sign:
	// the title or axis label names the currency).
	Money
	// Percent: values are shares (0.25 is 25%): "25.0%".
	Percent
	// Count: whole numbers, "1,234"; axis ticks are whole numbers.
	Count
)

// full formats v for a hover title or caption.
func (f Format) full(v float64) string {
	if !finite(v) {
		return "n/a"
	}
	switch f {
	case Money:
		return textfmt.Money(v)
	case Percent:
		return textfmt.Percent(v)
	case Count:
		return textfmt.Count(int64(math.Round(v)))
	default:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return textfmt.Count(int64(v))
		}
		return textfmt.Money(v)
	}
}

// short formats v compactly ("1.2M", "25%"), for labels on bars and in
// captions.
func (f Format) short(v float64) string {
	if !finite(v) {
		return "n/a"
	}
	if f == Percent {
		return trimZeros(strconv.FormatFloat(100*v, 'f', 1, 64)) + "%"
	}
	a := math.Abs(v)
	unit, suf := 1.0, ""
	switch {
	case a >= 1e9:
		unit, suf = 1e9, "B"
	case a >= 1e6:
		unit, suf = 1e6, "M"
	case a >= 1e4:
		unit, suf = 1e3, "k"
	}
	dec := 1
	if unit == 1 {
		dec = 0
		if a < 10 && f != Count {
			dec = 1
		}
	} else if a/unit >= 100 {
		dec = 0
	}
	s := trimZeros(strconv.FormatFloat(v/unit, 'f', dec, 64))
	if unit == 1 && a >= 1000 {
		s = textfmt.Count(int64(math.Round(v)))
	}
	return s + suf
}

// fixed writes v with dec decimals.
func fixed(v float64, dec int) string { return strconv.FormatFloat(v, 'f', dec, 64) }

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}

// tickLabels formats axis ticks so that they share one unit and just enough
// decimals to tell them apart: 0, 250k, 500k, 750k, 1M would read
// "0", "0.25M", "0.5M", "0.75M", "1M".
func (f Format) tickLabels(ticks []float64, step float64) []string {
	out := make([]string, len(ticks))
	if f == Percent {
		d := decimalsFor(step * 100)
		for i, t := range ticks {
			out[i] = trimZeros(strconv.FormatFloat(100*t, 'f', d, 64)) + "%"
		}
		return out
	}
	var big float64
	for _, t := range ticks {
		big = math.Max(big, math.Abs(t))
	}
	unit, suf := 1.0, ""
	switch {
	case big >= 1e9:
		unit, suf = 1e9, "B"
	case big >= 1e6:
		unit, suf = 1e6, "M"
	case big >= 1e4:
		unit, suf = 1e3, "k"
	}
	d := decimalsFor(step / unit)
	for i, t := range ticks {
		s := trimZeros(strconv.FormatFloat(t/unit, 'f', d, 64))
		if s != "0" {
			s += suf
		}
		out[i] = s
	}
	return out
}

// decimalsFor is the number of decimals that writes x exactly, at most 4.
func decimalsFor(x float64) int {
	x = math.Abs(x)
	for d := 0; d < 4; d++ {
		p := x * math.Pow(10, float64(d))
		if math.Abs(p-math.Round(p)) < 1e-6*math.Max(1, p) {
			return d
		}
	}
	return 4
}

// niceStep is the 1-2-5 step that splits span into about target parts.
func niceStep(span float64, target int) float64 {
	if !(span > 0) || !finite(span) {
		return 1
	}
	raw := span / float64(max(target, 1))
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// niceTicks extends [lo, hi] to multiples of a 1-2-5 step and returns the
// ticks. An empty or degenerate range becomes [0, 1] or a range around the
// single value. integer forces a step of at least 1.
func niceTicks(lo, hi float64, target int, integer bool) (ticks []float64, step float64) {
	if !finite(lo) || !finite(hi) {
		lo, hi = 0, 1
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if hi == lo {
		switch {
		case hi == 0:
			hi = 1
		case hi > 0:
			lo = math.Min(lo, 0)
			if lo == hi {
				lo = 0
			}
		default:
			hi = 0
		}
	}
	step = niceStep(hi-lo, target)
	if integer && step < 1 {
		step = 1
	}
	start := math.Floor(lo/step + 1e-9)
	end := math.Ceil(hi/step - 1e-9)
	for k := start; k <= end && len(ticks) < 100; k++ {
		t := k * step
		if math.Abs(t) < step*1e-9 {
			t = 0
		}
		ticks = append(ticks, t)
	}
	return ticks, step
}

// linear maps a data interval onto a pixel interval.
type linear struct{ d0, d1, r0, r1 float64 }

func (s linear) at(v float64) float64 {
	if s.d1 == s.d0 {
		return (s.r0 + s.r1) / 2
	}
	return s.r0 + (v-s.d0)/(s.d1-s.d0)*(s.r1-s.r0)
}

// timeTicks picks calendar-aligned ticks (days, weeks, months, quarters,
// years) for [lo, hi], at most maxTicks, and how to label them.
func timeTicks(lo, hi time.Time, maxTicks int) (ticks []time.Time, layout string) {
	type step struct {
		years, months, days int
		layout              string
	}
	steps := []step{
		{0, 0, 1, "2 Jan 2006"}, {0, 0, 2, "2 Jan 2006"}, {0, 0, 7, "2 Jan 2006"}, {0, 0, 14, "2 Jan 2006"},
		{0, 1, 0, "Jan 2006"}, {0, 2, 0, "Jan 2006"}, {0, 3, 0, "Jan 2006"}, {0, 6, 0, "Jan 2006"},
		{1, 0, 0, "2006"}, {2, 0, 0, "2006"}, {5, 0, 0, "2006"}, {10, 0, 0, "2006"},
		{20, 0, 0, "2006"}, {50, 0, 0, "2006"}, {100, 0, 0, "2006"},
	}
	loc := lo.Location()
	for _, st := range steps {
		var t time.Time
		switch {
		case st.years > 0:
			y := lo.Year()
			y -= ((y % st.years) + st.years) % st.years
			t = time.Date(y, 1, 1, 0, 0, 0, 0, loc)
		case st.months > 0:
			m := int(lo.Month()) - 1
			m -= m % st.months
			t = time.Date(lo.Year(), time.Month(m+1), 1, 0, 0, 0, 0, loc)
		case st.days == 7 || st.days == 14:
			t = time.Date(lo.Year(), lo.Month(), lo.Day(), 0, 0, 0, 0, loc)
			t = t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)) // Monday
		default:
			t = time.Date(lo.Year(), lo.Month(), lo.Day(), 0, 0, 0, 0, loc)
		}
		var out []time.Time
		for n := 0; !t.After(hi) && n < 1000; n++ {
			if !t.Before(lo) {
				out = append(out, t)
			}
			t = t.AddDate(st.years, st.months, st.days)
		}
		if len(out) <= maxTicks {
			return out, st.layout
		}
	}
	return []time.Time{lo, hi}, "2006"
}
