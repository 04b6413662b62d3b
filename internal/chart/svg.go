package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// Chart is anything this package draws.
type Chart interface {
	// SVG returns a standalone, well-formed <svg> element.
	SVG() []byte
}

// HTML returns c's SVG for inlining in an html/template page. It is safe to
// mark as trusted: every text in it is XML-escaped, and it holds no script,
// style sheet, event handler or external reference.
func HTML(c Chart) template.HTML { return template.HTML(c.SVG()) }

// Options are the settings every full-size chart shares.
type Options struct {
	// Title is drawn above the chart and is its accessible name.
	Title string
	// Desc is the accessible description; when empty the chart writes a
	// summary of what it shows.
	Desc string
	// ID prefixes the ids of the chart's elements (letters, digits, '-' and
	// '_'; anything else is dropped). When empty it is derived from the
	// chart's content, so two different charts on one page never share an
	// id; set it when the same chart appears twice on a page.
	ID string
	// Width and Height are the viewBox size (default 720 by 400). The SVG
	// always scales to the width of its container; these set its aspect
	// ratio and how large the text is relative to the plot.
	Width, Height float64
	// Lang is the language of the chart's words and numbers; nil is
	// English.
	Lang *i18n.Lang
}

// t writes the catalogue text key with args (formatted already) in the
// chart's language.
func (o Options) t(key string, args ...any) string {
	if o.Lang == nil {
		return fmt.Sprintf(key, args...)
	}
	return o.Lang.T(key, args...)
}

// word translates a word that may be in the catalogue (a key marked with
// i18n.N); other text stays as it is.
func (o Options) word(s string) string {
	if o.Lang == nil {
		return s
	}
	return o.Lang.Value(s)
}

// full, short and ticks are Format's full, short and tickLabels with the
// numbers in the chart's language.
func (o Options) full(f Format, v float64) string  { return o.Lang.Num(f.full(v)) }
func (o Options) short(f Format, v float64) string { return o.Lang.Num(f.short(v)) }
func (o Options) ticks(f Format, t []float64, step float64) []string {
	out := f.tickLabels(t, step)
	for i := range out {
		out[i] = o.Lang.Num(out[i])
	}
	return out
}

// deMonths are the German abbreviations of the months.
var deMonths = [...]string{"Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"}

// date formats t with layout (Go's, English month abbreviations) in the
// chart's language.
func (o Options) date(t time.Time, layout string) string {
	s := t.Format(layout)
	if o.Lang == nil || o.Lang.Code != "de" || !strings.Contains(layout, "Jan") {
		return s
	}
	return strings.Replace(s, t.Format("Jan"), deMonths[t.Month()-1], 1)
}

// count writes "1,234" in the chart's language.
func (o Options) count(n int) string { return o.Lang.Count(int64(n)) }

// pct writes a share "12.3%" in the chart's language.
func (o Options) pct(f float64) string {
	if o.Lang == nil {
		return textfmt.Percent(f)
	}
	return o.Lang.Percent(f)
}

func (o Options) size() (w, h float64) {
	w, h = o.Width, o.Height
	if !(w >= 200 && w <= 4000) {
		w = 720
	}
	if !(h >= 150 && h <= 4000) {
		h = 400
	}
	return w, h
}

// Colours: the Okabe–Ito palette, safe for the common colour-vision
// deficiencies, ordered so that neighbours also differ in lightness (they
// stay apart in greyscale print).
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"}

// barPalette is the same colours ordered for filled areas, where
// neighbouring bars must differ most in lightness: blue, orange, then the
// rest.
var barPalette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000"}

// Dash patterns and marker shapes per series, so that series differ without
// colour too.
var dashes = []string{"", "7 4", "2 3", "9 3 2 3", "4 2", "1 2", "12 4"}

const (
	ink      = "#1f2937" // titles and values
	inkSoft  = "#4b5563" // captions, axis labels
	inkFaint = "#6b7280" // tick labels
	gridCol  = "#e5e7eb"
	axisCol  = "#9ca3af"
	fontFace = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
)

// doc collects one chart's body; finish wraps it in the <svg> element.
type doc struct {
	b bytes.Buffer
}

// num formats a coordinate with at most two decimals. It never writes NaN or
// Inf: a non-finite value (which the charts never compute on purpose) is
// written as 0.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	v = math.Round(v*100) / 100
	if v == 0 {
		return "0" // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// esc returns s escaped for XML text and attribute values. Characters XML
// cannot carry become U+FFFD.
func esc(s string) string {
	if !strings.ContainsAny(s, "<>&'\"\t\n\r") && utf8.ValidString(s) && !hasControl(s) {
		return s
	}
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0xfffe || r == 0xffff {
			return true
		}
	}
	return false
}

// label prepares untrusted text for display: control characters become
// spaces, and it is clipped to n runes.
func label(s string, n int) string {
	n = max(n, 2)
	return textfmt.Clip(strings.TrimSpace(textfmt.Clean(s)), n)
}

func (d *doc) w(parts ...string) {
	for _, p := range parts {
		d.b.WriteString(p)
	}
}

// title writes an SVG <title> child: a native tooltip and the element's
// accessible name.
func (d *doc) title(s string) { d.w("<title>", esc(label(s, 300)), "</title>") }

type textStyle struct {
	size   float64
	fill   string
	anchor string // start (default), middle, end
	weight string // "" or "600"
}

func (d *doc) text(x, y float64, st textStyle, s string) {
	d.w(`<text x="`, num(x), `" y="`, num(y), `"`)
	if st.size != 0 {
		d.w(` font-size="`, num(st.size), `"`)
	}
	if st.fill != "" {
		d.w(` fill="`, st.fill, `"`)
	}
	if st.anchor != "" && st.anchor != "start" {
		d.w(` text-anchor="`, st.anchor, `"`)
	}
	if st.weight != "" {
		d.w(` font-weight="`, st.weight, `"`)
	}
	d.w(">", esc(s), "</text>")
}

func (d *doc) line(x1, y1, x2, y2 float64, stroke string, width float64, dash string) {
	d.w(`<line x1="`, num(x1), `" y1="`, num(y1), `" x2="`, num(x2), `" y2="`, num(y2),
		`" stroke="`, stroke, `" stroke-width="`, num(width), `"`)
	if dash != "" {
		d.w(` stroke-dasharray="`, dash, `"`)
	}
	d.w("/>")
}

// pathData writes the points as one path ("M x y L x y ..."), starting a
// new subpath after every non-finite point so that gaps stay gaps. A point
// alone between gaps becomes a zero-length segment, which a round line cap
// draws as a dot.
func pathData(xs, ys []float64) string {
	var b strings.Builder
	b.Grow(len(xs) * 14)
	run := 0 // points in the current subpath
	for i := range xs {
		if !finite(xs[i]) || !finite(ys[i]) {
			if run == 1 {
				b.WriteString(" h0")
			}
			run = 0
			continue
		}
		if run > 0 {
			b.WriteString(" L")
		} else {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteByte('M')
		}
		b.WriteString(num(xs[i]))
		b.WriteByte(' ')
		b.WriteString(num(ys[i]))
		run++
	}
	if run == 1 {
		b.WriteString(" h0")
	}
	return b.String()
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// marker draws series i's marker shape centred on (x, y).
func (d *doc) marker(i int, x, y, r float64, fill, stroke string) {
	switch i % 4 {
	case 0:
		d.w(`<circle cx="`, num(x), `" cy="`, num(y), `" r="`, num(r), `"`)
	case 1:
		d.w(`<rect x="`, num(x-r*0.9), `" y="`, num(y-r*0.9), `" width="`, num(r*1.8), `" height="`, num(r*1.8), `"`)
	case 2:
		d.w(`<path d="M`, num(x), " ", num(y-r*1.15), " L", num(x+r*1.1), " ", num(y+r*0.8), " L", num(x-r*1.1), " ", num(y+r*0.8), ` Z"`)
	default:
		d.w(`<path d="M`, num(x), " ", num(y-r*1.2), " L", num(x+r*1.2), " ", num(y), " L", num(x), " ", num(y+r*1.2), " L", num(x-r*1.2), " ", num(y), ` Z"`)
	}
	d.w(` fill="`, fill, `" stroke="`, stroke, `" stroke-width="1.5"/>`)
}

// wrap breaks s at spaces into lines of at most width runes, at most
// maxLines of them; the last line is clipped when text remains.
func wrap(s string, width, maxLines int) []string {
	width = max(width, 8)
	var lines []string
	for s != "" && len(lines) < maxLines {
		r := []rune(s)
		if len(r) <= width {
			lines = append(lines, s)
			return lines
		}
		if len(lines) == maxLines-1 {
			lines = append(lines, label(s, width))
			return lines
		}
		cut := strings.LastIndex(string(r[:width+1]), " ")
		if cut <= 0 {
			cut = len(string(r[:width]))
		}
		lines = append(lines, strings.TrimSpace(s[:cut]))
		s = strings.TrimSpace(s[cut:])
	}
	return lines
}

// textWidth estimates the width of s at the given font size in a
// proportional sans-serif face; good enough to keep labels apart.
func textWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * 0.56
}

// header is the top of every full-size chart: title, caption and legend.
type header struct {
	title, caption string
	legend         []legendItem
}

type legendItem struct {
	name    string
	kind    legendKind
	series  int      // style index for colour and marker
	colour  string   // overrides the palette colour when set
	dash    string   // stroke-dasharray of a line ("" is solid)
	colours []string // for bars: several swatches side by side (tiers)
}

type legendKind int

const (
	legendLine legendKind = iota
	legendLineMarker
	legendBar
	legendArea
)

// draw writes the header from the top-left corner and returns the y where
// the plot may start.
func (h header) draw(d *doc, w float64) float64 {
	y := 8.0
	// Units per character of the title and the caption, and the title's
	// lines. A narrow chart (a phone's) has no room to spare: it counts
	// with wider letters, as some faces (DejaVu Sans) have, and may take a
	// third line for its title.
	tc, cc, tl := 9.0, 6.9, 2
	if w < 420 {
		tc, cc, tl = 10, 7.6, 3
	}
	for i, ln := range wrap(label(h.title, 300), int((w-32)/tc), tl) {
		y += 20
		if i > 0 {
			y -= 1
		}
		d.text(16, y, textStyle{size: 16, fill: ink, weight: "600"}, ln)
	}
	for i, ln := range wrap(label(h.caption, 300), int((w-32)/cc), 2) {
		y += 20
		if i > 0 {
			y -= 3
		}
		d.text(16, y, textStyle{size: 13, fill: inkSoft}, ln)
	}
	if len(h.legend) > 0 {
		y += 22
		x := 16.0
		for _, it := range h.legend {
			name := label(it.name, 48)
			col := it.colour
			if col == "" {
				col = palette[it.series%len(palette)]
			}
			ww := 24 + textWidth(name, 12) + 18
			if x+ww > w-8 && x > 16 {
				x = 16
				y += 18
			}
			switch it.kind {
			case legendBar:
				if len(it.colours) > 1 {
					sw := 15 / float64(len(it.colours))
					for k, cc := range it.colours {
						d.w(`<rect x="`, num(x+float64(k)*sw), `" y="`, num(y-9), `" width="`, num(sw-0.5), `" height="10" fill="`, cc, `"/>`)
					}
				} else {
					d.w(`<rect x="`, num(x), `" y="`, num(y-9), `" width="12" height="10" rx="1.5" fill="`, col, `"/>`)
				}
			case legendArea:
				d.w(`<rect x="`, num(x), `" y="`, num(y-9), `" width="12" height="10" fill="`, col, `" fill-opacity="0.18" stroke="`, col, `" stroke-opacity="0.5"/>`)
			default:
				d.line(x, y-4, x+18, y-4, col, 2.5, it.dash)
				if it.kind == legendLineMarker {
					d.marker(it.series, x+9, y-4, 3, "#fff", col)
				}
			}
			d.text(x+24, y, textStyle{size: 12, fill: inkSoft}, name)
			x += ww
		}
	}
	return y + 18
}

// finish wraps the body in the <svg> element with its accessible title and
// description.
func finish(o Options, body *doc, desc string, w, h float64) []byte {
	if o.Desc != "" {
		desc = o.Desc
	}
	id := chartID(o.ID, o.Title, desc, body.b.Bytes())
	var out bytes.Buffer
	out.Grow(body.b.Len() + 600)
	out.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + num(w) + " " + num(h) +
		`" width="100%" role="img" aria-labelledby="` + id + `-t ` + id + `-d" font-family="` + fontFace +
		`" font-size="12">`)
	out.WriteString(`<title id="` + id + `-t">` + esc(label(o.Title, 300)) + `</title>`)
	out.WriteString(`<desc id="` + id + `-d">` + esc(label(desc, 2000)) + `</desc>`)
	out.Write(body.b.Bytes())
	out.WriteString("</svg>\n")
	return out.Bytes()
}

// chartID returns the caller's id prefix with every character outside
// [A-Za-z0-9_-] dropped, or one derived from the content.
func chartID(want, title, desc string, body []byte) string {
	clean := strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, want)
	if clean != "" {
		if c := clean[0]; c >= '0' && c <= '9' || c == '-' {
			clean = "c" + clean
		}
		return clean
	}
	f := fnv.New64a()
	f.Write([]byte(title))
	f.Write([]byte{0})
	f.Write([]byte(desc))
	f.Write([]byte{0})
	f.Write(body)
	return "vfc" + strconv.FormatUint(f.Sum64(), 36)
}

// empty draws the "no data" chart: the header and a calm placeholder where
// the plot would be.
func empty(o Options, caption, what string) []byte {
	w, h := o.size()
	d := &doc{}
	top := header{title: o.Title, caption: caption}.draw(d, w)
	d.w(`<rect x="16" y="`, num(top), `" width="`, num(w-32), `" height="`, num(h-top-16),
		`" rx="6" fill="none" stroke="`, gridCol, `" stroke-dasharray="4 4"/>`)
	d.text(w/2, top+(h-top-16)/2+5, textStyle{size: 14, fill: inkFaint, anchor: "middle"}, o.t("No data to chart"))
	return finish(o, d, o.t("No data: %s.", o.word(what)), w, h)
}
