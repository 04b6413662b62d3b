package chart_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/chart"
)

// node is a parsed SVG element.
type node struct {
	name     string
	attr     map[string]string
	text     string // character data directly inside
	children []*node
}

// parse reads svg with the strict XML decoder and fails the test on any
// error: the output must be well-formed XML.
func parse(t *testing.T, svg []byte) *node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root != nil {
				t.Fatalf("more than one root element")
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			} else if strings.TrimSpace(string(tok)) != "" {
				t.Fatalf("text outside the root: %q", tok)
			}
		case xml.ProcInst, xml.Directive:
			t.Fatalf("unexpected %T in chart output", tok)
		}
	}
	if root == nil || root.name != "svg" {
		t.Fatalf("root is not <svg>")
	}
	return root
}

func (n *node) walk(f func(*node)) {
	f(n)
	for _, c := range n.children {
		c.walk(f)
	}
}

func (n *node) all(name string) []*node {
	var out []*node
	n.walk(func(m *node) {
		if m.name == name {
			out = append(out, m)
		}
	})
	return out
}

// tip is the text of an element's <title> child.
func (n *node) tip() string {
	for _, c := range n.children {
		if c.name == "title" {
			return c.text
		}
	}
	return ""
}

// texts is every <text> and <title> in the chart.
func (n *node) texts() []string {
	var out []string
	n.walk(func(m *node) {
		if m.name == "text" || m.name == "title" || m.name == "desc" {
			out = append(out, m.text)
		}
	})
	return out
}

var safeElements = map[string]bool{
	"svg": true, "title": true, "desc": true, "g": true, "rect": true, "line": true,
	"path": true, "circle": true, "text": true,
}

// checkSVG holds for every chart: well-formed, only plain drawing elements
// (no script, style, links, foreign objects, images), no event handlers or
// references, no NaN or Inf, unique ids that the accessibility attributes
// point to.
func checkSVG(t *testing.T, svg []byte) *node {
	t.Helper()
	root := parse(t, svg)
	for _, bad := range []string{"NaN", "Inf", "<script", "javascript:", "<!"} {
		if bytes.Contains(svg, []byte(bad)) {
			t.Errorf("output contains %q", bad)
		}
	}
	ids := map[string]bool{}
	root.walk(func(n *node) {
		if !safeElements[n.name] {
			t.Errorf("unexpected element <%s>", n.name)
		}
		for k, v := range n.attr {
			if strings.HasPrefix(strings.ToLower(k), "on") || k == "href" || k == "style" || k == "class" && !strings.HasPrefix(v, "vfc-") {
				t.Errorf("<%s> has attribute %s=%q", n.name, k, v)
			}
			if strings.Contains(v, "url(") {
				t.Errorf("<%s %s> refers to %q", n.name, k, v)
			}
		}
		if id := n.attr["id"]; id != "" {
			if ids[id] {
				t.Errorf("duplicate id %q", id)
			}
			ids[id] = true
		}
	})
	if root.attr["role"] != "img" {
		t.Errorf("root role = %q, want img", root.attr["role"])
	}
	if lb, ok := root.attr["aria-labelledby"]; ok {
		for _, id := range strings.Fields(lb) {
			if !ids[id] {
				t.Errorf("aria-labelledby names %q, which is not in the chart", id)
			}
		}
	}
	if len(root.children) == 0 || root.children[0].name != "title" {
		t.Errorf("the first child of <svg> is not its <title>")
	}
	return root
}

var hostile = `<script>alert("x")</script> & 'quoted' "double" ]]> <!-- ` + "\x1b[31m\u0000"

// cleaned is hostile as a chart shows it: the control character becomes a
// space.
var cleaned = strings.NewReplacer("\x1b", " ", "\u0000", " ").Replace(hostile)

func hostileCharts() map[string]chart.Chart {
	o := chart.Options{Title: hostile, Desc: hostile, ID: `x"><script>`}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return map[string]chart.Chart{
		"pareto": chart.Pareto{Options: o, Revenues: []float64{5, 3, 1}, Names: []string{hostile, hostile, hostile},
			Tiers: []chart.Tier{{Name: hostile, Customers: 1}, {Name: hostile, Customers: 2}}},
		"lorenz": chart.Lorenz{Options: o, Points: []chart.Point{{0, 0}, {0.5, 0.8}, {1, 1}}, Gini: 0.4},
		"whale":  chart.Whale{Options: o, Curve: pareto.Whale([]float64{5, 2, -1})},
		"trend": chart.Trend{Options: o, YLabel: hostile, Series: []chart.Series{
			{Name: hostile, Points: []chart.TimePoint{{t0, 1}, {t0.AddDate(0, 1, 0), 2}}},
			{Name: hostile, Points: []chart.TimePoint{{t0, 2}, {t0.AddDate(0, 1, 0), 1}}},
		}},
		"bars": chart.Bars{Options: o, YLabel: hostile, Categories: []string{hostile, hostile},
			Series: []chart.BarSeries{{Name: hostile, Values: []float64{1, 2}}, {Name: hostile, Values: []float64{2, 1}}}},
		"sparkline": chart.Sparkline{Label: hostile, Values: []float64{1, 2, 3}},
		"empty":     chart.Trend{Options: o},
	}
}

func TestHostileTextIsEscaped(t *testing.T) {
	for name, c := range hostileCharts() {
		t.Run(name, func(t *testing.T) {
			svg := c.SVG()
			root := checkSVG(t, svg)
			if bytes.Contains(svg, []byte("<script")) || bytes.Contains(svg, []byte("<b>")) || bytes.Contains(svg, []byte("\x1b")) {
				t.Fatalf("hostile text came through unescaped:\n%s", svg)
			}
			// The text survives escaping: the accessible name reads as
			// written, control characters aside.
			want := strings.TrimSpace(cleaned)
			if got := root.children[0].text; !strings.HasPrefix(got, want) {
				t.Errorf("title %q, want it to start with %q", got, want)
			}
			shown := 0
			for _, s := range root.texts() {
				if strings.Contains(s, want) || strings.HasPrefix(s, "<script>alert(") {
					shown++
				}
			}
			if _, spark := c.(chart.Sparkline); shown < 3 && !spark {
				t.Errorf("the hostile text appears %d times, want it in the title, description and drawn labels", shown)
			}
			if id := root.attr["aria-labelledby"]; id != "" && !strings.HasPrefix(id, "xscript-") {
				t.Errorf("aria-labelledby = %q, want the sanitised id prefix xscript", id)
			}
		})
	}
}

// edgeCharts are inputs at the edges: nothing, one value, zeros, non-finite
// values, negatives.
func edgeCharts() map[string]chart.Chart {
	nan, inf := math.NaN(), math.Inf(1)
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	return map[string]chart.Chart{
		"pareto/nil":          chart.Pareto{},
		"pareto/zeros":        chart.Pareto{Revenues: []float64{0, 0, -5}},
		"pareto/one":          chart.Pareto{Revenues: []float64{42}},
		"pareto/nan":          chart.Pareto{Revenues: []float64{nan, inf, 3, math.Inf(-1), 1}},
		"pareto/huge":         chart.Pareto{Revenues: []float64{math.MaxFloat64, math.MaxFloat64}},
		"pareto/tiers-excess": chart.Pareto{Revenues: []float64{3, 2, 1}, Tiers: []chart.Tier{{"A", 10}, {"B", -3}, {"C", 10}}},
		"lorenz/nil":          chart.Lorenz{},
		"lorenz/one":          chart.Lorenz{Points: []chart.Point{{0.5, 0.5}}, Gini: nan},
		"lorenz/nan":          chart.Lorenz{Points: []chart.Point{{nan, 0}, {0, 0}, {1, inf}, {2, 3}}, Gini: 7},
		"whale/nil":           chart.Whale{},
		"whale/one":           chart.Whale{Curve: pareto.Whale([]float64{10})},
		"whale/losses":        chart.Whale{Curve: pareto.Whale([]float64{-1, -2, -3})},
		"whale/zeros":         chart.Whale{Curve: pareto.Whale([]float64{0, 0})},
		"whale/nan":           chart.Whale{Curve: pareto.Whale([]float64{nan, inf, 1})},
		"whale/bad-peak":      chart.Whale{Curve: pareto.WhaleCurve{Cumulative: []float64{0, 1}, Peak: 5}},
		"trend/nil":           chart.Trend{},
		"trend/no-points":     chart.Trend{Series: []chart.Series{{Name: "a"}}},
		"trend/one":           chart.Trend{Series: []chart.Series{{Name: "a", Points: []chart.TimePoint{{t0, 5}}}}},
		"trend/same-time":     chart.Trend{Series: []chart.Series{{Points: []chart.TimePoint{{t0, 5}, {t0, 7}}}}},
		"trend/zeros":         chart.Trend{Format: chart.Percent, Series: []chart.Series{{Points: []chart.TimePoint{{t0, 0}, {t0.AddDate(0, 0, 1), 0}}}}},
		"trend/nan":           chart.Trend{Series: []chart.Series{{Points: []chart.TimePoint{{t0, nan}, {t0.AddDate(0, 0, 1), 1}, {t0.AddDate(0, 0, 2), inf}, {t0.AddDate(0, 0, 3), 2}}}}},
		"trend/zero-time":     chart.Trend{Series: []chart.Series{{Points: []chart.TimePoint{{time.Time{}, 1}}}}},
		"trend/centuries":     chart.Trend{Series: []chart.Series{{Points: []chart.TimePoint{{t0, 1}, {t0.AddDate(900, 0, 0), 2}}}}},
		"trend/negative":      chart.Trend{Format: chart.Money, Series: []chart.Series{{Points: []chart.TimePoint{{t0, -500}, {t0.AddDate(0, 1, 0), 200}}}}},
		"bars/nil":            chart.Bars{},
		"bars/no-series":      chart.Bars{Categories: []string{"a"}},
		"bars/short":          chart.Bars{Categories: []string{"a", "b", "c"}, Series: []chart.BarSeries{{Values: []float64{1}}}},
		"bars/negative":       chart.Bars{Categories: []string{"a", "b"}, Series: []chart.BarSeries{{Values: []float64{-3, nan}}}},
		"bars/many":           chart.Bars{Categories: strings.Split(strings.Repeat("long category name,", 60), ","), Series: []chart.BarSeries{{Values: []float64{1, 2, 3}}}},
		"sparkline/nil":       chart.Sparkline{},
		"sparkline/one":       chart.Sparkline{Values: []float64{3}},
		"sparkline/flat":      chart.Sparkline{Values: []float64{3, 3, 3}},
		"sparkline/nan":       chart.Sparkline{Values: []float64{nan, 1, inf, 2}, Width: -1, Height: nan},
		"sizes":               chart.Pareto{Options: chart.Options{Width: nan, Height: inf}, Revenues: []float64{1}},
	}
}

func TestEdgeCases(t *testing.T) {
	for name, c := range edgeCharts() {
		t.Run(name, func(t *testing.T) {
			checkSVG(t, c.SVG())
		})
	}
}

func TestNoDataSaysSo(t *testing.T) {
	for _, c := range []chart.Chart{chart.Pareto{}, chart.Pareto{Revenues: []float64{0, -1}}, chart.Lorenz{}, chart.Whale{},
		chart.Trend{Series: []chart.Series{{Name: "a"}}}, chart.Bars{Categories: []string{"a"}}} {
		root := checkSVG(t, c.SVG())
		found := false
		for _, s := range root.texts() {
			if strings.Contains(s, "No data") {
				found = true
			}
		}
		if !found {
			t.Errorf("%T with no data does not say so", c)
		}
		if n := len(root.all("rect")) + len(root.all("path")); n > 1 {
			t.Errorf("%T with no data draws %d shapes", c, n)
		}
	}
}

// bars returns the chart's bars: the rects that carry a tooltip, with
// their height.
func bars(root *node) (heights []float64, tips []string) {
	for _, r := range root.all("rect") {
		if tip := r.tip(); tip != "" {
			h, _ := strconv.ParseFloat(r.attr["height"], 64)
			heights = append(heights, h)
			tips = append(tips, tip)
		}
	}
	return heights, tips
}

func TestParetoBarsScaleWithRevenue(t *testing.T) {
	// Unsorted on purpose: the chart ranks them.
	c := chart.Pareto{
		Revenues: []float64{1200, 98000.5, 5000, 0, 25000},
		Names:    []string{"Small", "Largest", "Middle", "Nothing", "Second"},
	}
	heights, tips := bars(checkSVG(t, c.SVG()))
	if len(heights) != 4 {
		t.Fatalf("%d bars, want 4 (the account without revenue left out): %q", len(heights), tips)
	}
	wantOrder := []string{"#1 Largest: 98,000.50", "#2 Second: 25,000.00", "#3 Middle: 5,000.00", "#4 Small: 1,200.00"}
	for i, w := range wantOrder {
		if !strings.HasPrefix(tips[i], w) {
			t.Errorf("bar %d tooltip %q, want prefix %q", i, tips[i], w)
		}
	}
	// Heights are proportional to revenue on an axis starting at zero.
	for i, r := range []float64{25000, 5000, 1200} {
		got, want := heights[i+1]/heights[0], r/98000.5
		if math.Abs(got-want) > 0.01 {
			t.Errorf("bar %d height ratio %.4f, want %.4f", i+1, got, want)
		}
	}
	// (98,000.50 + 25,000) / 129,200.50 = 95.2%.
	if !strings.HasSuffix(tips[1], "(19.3% of revenue; cumulative 95.2%)") {
		t.Errorf("second bar tooltip %q lacks its shares", tips[1])
	}
}

func TestParetoRanksUnnamedRevenues(t *testing.T) {
	_, tips := bars(checkSVG(t, chart.Pareto{Revenues: []float64{3, math.NaN(), 10, -4, 7, math.Inf(1)}}.SVG()))
	want := []string{"#1: 10.00 (50.0% of revenue; cumulative 50.0%)", "#2: 7.00 (35.0% of revenue; cumulative 85.0%)", "#3: 3.00 (15.0% of revenue; cumulative 100.0%)"}
	if !slices.Equal(tips, want) {
		t.Errorf("tooltips %q, want %q", tips, want)
	}
}

func TestParetoBucketsLargeInputs(t *testing.T) {
	rev := lognormal(100_000, 3000, 1.5)
	svg := chart.Pareto{Revenues: rev}.SVG()
	heights, tips := bars(checkSVG(t, svg))
	if len(heights) != 100 {
		t.Fatalf("%d bars for 100,000 accounts, want 100", len(heights))
	}
	if !strings.HasPrefix(tips[0], "Ranks 1–1,000: ") || !strings.HasPrefix(tips[99], "Ranks 99,001–100,000: ") {
		t.Errorf("bucket tooltips %q … %q", tips[0], tips[99])
	}
	for i := 1; i < len(heights); i++ {
		if heights[i] > heights[i-1] {
			t.Errorf("bucket %d is taller than bucket %d in a descending ranking: %v", i, i-1, heights)
			break
		}
	}
	var first float64
	for _, v := range rev[:1000] {
		first += v
	}
	if !strings.Contains(tips[0], ": "+moneyText(first)+" (") {
		t.Errorf("first bucket tooltip %q, want its total %s", tips[0], moneyText(first))
	}
	if len(svg) > 40_000 {
		t.Errorf("SVG for 100,000 accounts is %d bytes, want at most 40 kB", len(svg))
	}
}

// moneyText formats like the chart's tooltips, written out here
// independently: two decimals, comma thousands.
func moneyText(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	intPart, frac := s[:len(s)-3], s[len(s)-3:]
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String() + frac
}

func TestParetoEightyPercentPoint(t *testing.T) {
	// 50 + 30 = 80 of 100: two of five customers bring 80%.
	root := checkSVG(t, chart.Pareto{Revenues: []float64{50, 30, 10, 5, 5}}.SVG())
	if !slices.Contains(root.texts(), "80% of revenue comes from 40% of customers (2 of 5)") {
		t.Errorf("caption missing; texts: %q", root.texts())
	}
}

func TestParetoTiersMarked(t *testing.T) {
	c := chart.Pareto{Revenues: []float64{50, 30, 10, 5, 5}, Tiers: []chart.Tier{{"A", 2}, {"B", 1}, {"C", 2}}}
	root := checkSVG(t, c.SVG())
	_, tips := bars(root)
	want := []string{"tier A", "tier A", "tier B", "tier C", "tier C"}
	fills := map[string]string{}
	for i, r := range root.all("rect") {
		_ = i
		if tip := r.tip(); tip != "" {
			fills[tip] = r.attr["fill"]
		}
	}
	for i, w := range want {
		if !strings.HasSuffix(tips[i], w) {
			t.Errorf("bar %d tooltip %q, want it to end in %q", i, tips[i], w)
		}
	}
	if fills[tips[0]] != fills[tips[1]] || fills[tips[0]] == fills[tips[2]] || fills[tips[2]] == fills[tips[3]] {
		t.Errorf("bars are not shaded by tier: %v", fills)
	}
	var labels []string
	for _, s := range root.texts() {
		if strings.HasPrefix(s, "Tier ") {
			labels = append(labels, s)
		}
	}
	if len(labels) != 3 {
		t.Errorf("tier labels %q, want one per tier", labels)
	}
}

func TestLorenzShowsGiniAndTopFifth(t *testing.T) {
	c := chart.Lorenz{Points: []chart.Point{{0, 0}, {0.2, 0.7}, {0.6, 0.9}, {1, 1}}, Gini: 0.4567}
	root := checkSVG(t, c.SVG())
	texts := root.texts()
	for _, w := range []string{"70%", "0.46"} {
		if !slices.Contains(texts, w) {
			t.Errorf("%q not shown; texts %q", w, texts)
		}
	}
	// Between points the curve is interpolated: 40% of customers, 80%.
	var tips []string
	for _, c := range root.all("circle") {
		tips = append(tips, c.tip())
	}
	if !slices.Contains(tips, "Top 40% of customers: 80.0% of revenue") {
		t.Errorf("hover values %q lack the interpolated 40%% point", tips)
	}
}

func TestWhaleMarksPeak(t *testing.T) {
	// Cumulative 100, 150, 130, 100: peak 150 after two customers, 150% of
	// the total 100.
	root := checkSVG(t, chart.Whale{Curve: pareto.Whale([]float64{-30, 100, -20, 50})}.SVG())
	texts := root.texts()
	if !slices.Contains(texts, "The top 50% of customers earn 150% of total profit; the other 50% give back 50") {
		t.Errorf("caption missing; texts %q", texts)
	}
	if desc := root.children[1].text; !strings.HasSuffix(desc, "Peak 150.00 after 2 customers; 2 customers lose 50.00; total 100.00.") {
		t.Errorf("description %q does not end with the peak and the losses", desc)
	}
	if peak := peakTip(root); peak != "Peak after 2 customers (50.0%): 150.00 (150.0% of total profit)" {
		t.Errorf("peak tooltip %q", peak)
	}
	// The rising and the falling part are two paths that differ without
	// colour: one solid, one dashed.
	var solid, dashed int
	for _, p := range root.all("path") {
		if p.attr["fill"] == "none" {
			if p.attr["stroke-dasharray"] == "" {
				solid++
			} else {
				dashed++
			}
		}
	}
	if solid != 1 || dashed != 1 {
		t.Errorf("%d solid and %d dashed curve paths, want 1 and 1", solid, dashed)
	}
}

func TestWhaleThinsLargeCurves(t *testing.T) {
	profits := make([]float64, 100_000)
	for i := range profits {
		profits[i] = 1000 - float64(i)/40 // positive for the first 40,000, then one zero
	}
	svg := chart.Whale{Curve: pareto.Whale(profits)}.SVG()
	root := checkSVG(t, svg)
	if len(svg) > 40_000 {
		t.Errorf("whale SVG for 100,000 customers is %d bytes", len(svg))
	}
	// The customer with a profit of zero counts before the peak.
	if peak := peakTip(root); !strings.HasPrefix(peak, "Peak after 40,001 customers") {
		t.Errorf("peak tooltip %q, want after 40,001 customers", peak)
	}
}

func TestTrendTicksAndSeriesStyles(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var a, b []chart.TimePoint
	for i := range 12 {
		a = append(a, chart.TimePoint{T: t0.AddDate(0, i, 0), V: float64(i) * 112_233})
		b = append(b, chart.TimePoint{T: t0.AddDate(0, i, 0), V: float64(11-i) * 50_000})
	}
	root := checkSVG(t, chart.Trend{Format: chart.Money, Series: []chart.Series{{Name: "a", Points: a}, {Name: "b", Points: b}}}.SVG())
	texts := root.texts()
	// max 11*112,233 = 1,234,563: steps of 250k up to 1.25M.
	for _, w := range []string{"0", "0.25M", "0.5M", "0.75M", "1M", "1.25M", "Jan 2025", "Jul 2025"} {
		if !slices.Contains(texts, w) {
			t.Errorf("tick %q missing; texts %q", w, texts)
		}
	}
	var tips []string
	for _, c := range root.all("circle") {
		if c.tip() != "" {
			tips = append(tips, c.tip())
		}
	}
	if !slices.Contains(tips, "a · Dec 2025: 1,234,563.00") || !slices.Contains(tips, "b · Jan 2025: 550,000.00") {
		t.Errorf("hover values %q", tips)
	}
	// The two lines differ without colour: different dash patterns.
	dash := map[string]bool{}
	for _, p := range root.all("path") {
		if p.attr["fill"] == "none" && strings.Count(p.attr["d"], "L") >= 10 {
			dash[p.attr["stroke-dasharray"]+"|"+p.attr["stroke"]] = true
		}
	}
	if len(dash) != 2 {
		t.Errorf("series lines styles %v, want two distinct", dash)
	}
}

func TestTrendGapsForMissingValues(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	pts := []chart.TimePoint{{t0, 1}, {t0.AddDate(0, 1, 0), 2}, {t0.AddDate(0, 2, 0), math.NaN()}, {t0.AddDate(0, 3, 0), 3}, {t0.AddDate(0, 4, 0), 4}}
	root := checkSVG(t, chart.Trend{Series: []chart.Series{{Points: pts}}}.SVG())
	for _, p := range root.all("path") {
		if p.attr["fill"] == "none" {
			if n := strings.Count(p.attr["d"], "M"); n != 2 {
				t.Errorf("line %q has %d pieces, want 2 around the missing month", p.attr["d"], n)
			}
		}
	}
}

func TestBarsLabelledAndScaled(t *testing.T) {
	c := chart.Bars{Format: chart.Percent, Categories: []string{"A", "B"},
		Series: []chart.BarSeries{{Name: "Revenue", Values: []float64{0.8, 0.2}}, {Name: "Effort", Values: []float64{0.3, 0.7}}}}
	root := checkSVG(t, c.SVG())
	heights, tips := bars(root)
	if !slices.Equal(tips, []string{"A · Revenue: 80.0%", "A · Effort: 30.0%", "B · Revenue: 20.0%", "B · Effort: 70.0%"}) {
		t.Errorf("tooltips %q", tips)
	}
	if len(heights) == 4 && math.Abs(heights[0]/heights[3]-0.8/0.7) > 0.01 {
		t.Errorf("heights %v not proportional to the values", heights)
	}
	for _, w := range []string{"80%", "30%", "20%", "70%", "Revenue", "Effort"} {
		if !slices.Contains(root.texts(), w) {
			t.Errorf("label %q missing", w)
		}
	}
}

func TestSparklineSummary(t *testing.T) {
	root := checkSVG(t, chart.Sparkline{Label: "Revenue", Format: chart.Money, Values: []float64{100, 80, math.NaN(), 150}}.SVG())
	want := "Revenue: 3 values, first 100.00, last 150.00 (+50%), low 80.00, high 150.00"
	if got := root.children[0].text; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if root.attr["width"] != "120" || root.attr["height"] != "28" {
		t.Errorf("sparkline size %sx%s, want 120x28", root.attr["width"], root.attr["height"])
	}
}

func TestDistinctChartsHaveDistinctIDs(t *testing.T) {
	a := chart.Pareto{Options: chart.Options{Title: "One"}, Revenues: []float64{3, 2, 1}}.SVG()
	b := chart.Pareto{Options: chart.Options{Title: "Two"}, Revenues: []float64{3, 2, 1}}.SVG()
	c := chart.Pareto{Options: chart.Options{Title: "One"}, Revenues: []float64{3, 2, 2}}.SVG()
	re := regexp.MustCompile(`id="([^"]+)"`)
	seen := map[string]bool{}
	for _, svg := range [][]byte{a, b, c} {
		for _, m := range re.FindAllSubmatch(svg, -1) {
			id := string(m[1])
			if seen[id] {
				t.Errorf("id %q appears in two different charts", id)
			}
			seen[id] = true
		}
	}
	if len(seen) != 6 {
		t.Errorf("ids %v, want a title and desc id per chart", seen)
	}
	d := chart.Pareto{Options: chart.Options{Title: "One", ID: "dash-1"}, Revenues: []float64{3, 2, 1}}.SVG()
	if !bytes.Contains(d, []byte(`id="dash-1-t"`)) {
		t.Errorf("the caller's id prefix is not used")
	}
}

func TestHTMLIsTheSVG(t *testing.T) {
	c := chart.Sparkline{Values: []float64{1, 2}}
	if string(chart.HTML(c)) != string(c.SVG()) {
		t.Error("HTML differs from SVG")
	}
}

func TestTrendSortsPointsByTime(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var pts []chart.TimePoint
	for _, m := range []int{5, 0, 3, 1, 4, 2} {
		pts = append(pts, chart.TimePoint{T: t0.AddDate(0, m, 0), V: float64(m)})
	}
	root := checkSVG(t, chart.Trend{Series: []chart.Series{{Name: "s", Points: pts}}}.SVG())
	for _, p := range root.all("path") {
		if p.attr["fill"] != "none" {
			continue
		}
		var xs []float64
		for _, f := range strings.Fields(strings.NewReplacer("M", " ", "L", " ").Replace(p.attr["d"])) {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatalf("path %q: %v", p.attr["d"], err)
			}
			xs = append(xs, v)
		}
		for i := 2; i < len(xs); i += 2 {
			if xs[i] <= xs[i-2] || xs[i+1] >= xs[i-1] {
				t.Errorf("line %q does not run left to right, rising with the values", p.attr["d"])
				break
			}
		}
	}
}

func TestChartsFillTheirContainer(t *testing.T) {
	for name, c := range goldens() {
		root := parse(t, c.SVG())
		if _, spark := c.(chart.Sparkline); spark {
			continue
		}
		if root.attr["width"] != "100%" || root.attr["height"] != "" || root.attr["viewBox"] != "0 0 720 400" {
			t.Errorf("%s: width %q height %q viewBox %q, want 100%%, none, 0 0 720 400", name, root.attr["width"], root.attr["height"], root.attr["viewBox"])
		}
	}
	root := parse(t, chart.Bars{Options: chart.Options{Width: 480, Height: 300}, Categories: []string{"a"},
		Series: []chart.BarSeries{{Values: []float64{1}}}}.SVG())
	if root.attr["viewBox"] != "0 0 480 300" {
		t.Errorf("viewBox %q, want the chosen size 0 0 480 300", root.attr["viewBox"])
	}
}

func TestManyPointsKeepHoverValuesWithoutMarkers(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var pts []chart.TimePoint
	for d := range 120 {
		pts = append(pts, chart.TimePoint{T: t0.AddDate(0, 0, d), V: float64(d % 17)})
	}
	root := checkSVG(t, chart.Trend{Series: []chart.Series{{Name: "daily", Points: pts}}}.SVG())
	var tips, visible int
	for _, c := range root.all("circle") {
		if c.tip() != "" {
			tips++
		}
		if c.attr["fill"] != "transparent" {
			visible++
		}
	}
	if tips != 120 || visible != 0 {
		t.Errorf("%d hover values and %d visible markers for 120 daily points, want 120 and 0", tips, visible)
	}
	if !slices.Contains(root.texts(), "daily · 10 Jan 2025: 9") {
		t.Errorf("daily points are not labelled by day")
	}
}

// peakTip is the whale chart's peak tooltip.
func peakTip(root *node) string {
	for _, c := range root.all("circle") {
		if strings.HasPrefix(c.tip(), "Peak") {
			return c.tip()
		}
	}
	return ""
}

// TestParetoNarrowTiersNamed: a few whales among thousands make tier A a
// sliver of the x axis (2 of 3,000 accounts, B 48, C the rest); every tier
// is still named, the names in rank order without overlapping.
func TestParetoNarrowTiersNamed(t *testing.T) {
	rev := make([]float64, 3000)
	for i := range rev {
		rev[i] = 1
	}
	rev[0], rev[1] = 1e6, 1e6
	svg := string(chart.Pareto{Revenues: rev, Tiers: []chart.Tier{{Name: "A", Customers: 2}, {Name: "B", Customers: 48}, {Name: "C", Customers: 2950}}}.SVG())
	re := regexp.MustCompile(`<text x="([0-9.]+)" y="[0-9.]+"[^>]*font-weight="600"[^>]*>(?:Tier )?([ABC])(?: ·[^<]*)?</text>`)
	ms := re.FindAllStringSubmatch(svg, -1)
	var names []string
	last := -1.0
	for _, m := range ms {
		names = append(names, m[2])
		x, _ := strconv.ParseFloat(m[1], 64)
		if x <= last {
			t.Errorf("tier %s at x %v, not right of the one before (%v)", m[2], x, last)
		}
		last = x
	}
	if strings.Join(names, "") != "ABC" {
		t.Errorf("tier names %v, want A B C\n%s", names, svg)
	}
}
