package report

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/vitalfew/vitalfew/internal/csvout"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// nameWidth is where names are cut in text tables.
const nameWidth = 32

// textWriter buffers text output and remembers the first error. Its
// language is that of the writer it writes to (i18n.LangOf): the readable
// tables' words and numbers follow it, English by default.
type textWriter struct {
	b *bufio.Writer
	l *i18n.Lang
}

func newText(w io.Writer) *textWriter { return &textWriter{b: bufio.NewWriter(w), l: i18n.LangOf(w)} }

// p writes a line of the catalogue: format is its English text (leading
// and trailing newlines aside), translated for another language.
func (t *textWriter) p(format string, args ...any) {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = t.l.Dates(s)
		}
	}
	t.b.WriteString(t.l.Lines(format, args...))
}

// table starts a table with the columns cols (see newTable), their headings
// in t's language.
func (t *textWriter) table(cols ...string) *table {
	tt := newTable(cols...)
	tt.l = t.l
	for i, h := range tt.head {
		tt.head[i] = t.l.Value(h)
	}
	return tt
}

// signed and signedPct are the package's functions in t's language.
func (t *textWriter) signed(f float64) string    { return t.l.Num(signed(f)) }
func (t *textWriter) signedPct(f float64) string { return signedPctIn(t.l, f) }

func (t *textWriter) flush() error { return t.b.Flush() }

// table is an aligned text table. Columns flagged right are right-aligned
// (numbers); the others are left-aligned and cleaned of control characters.
type table struct {
	head  []string
	right []bool
	rows  [][]string
	l     *i18n.Lang // the cells' dates are written in its format; nil: as they are
}

func newTable(cols ...string) *table {
	t := &table{}
	for _, c := range cols {
		// A leading '>' marks a right-aligned column.
		r := strings.HasPrefix(c, ">")
		t.head = append(t.head, strings.TrimPrefix(c, ">"))
		t.right = append(t.right, r)
	}
	return t
}

func (t *table) add(cells ...string) {
	for i := range cells {
		cells[i] = t.l.Dates(textfmt.Clean(cells[i]))
	}
	t.rows = append(t.rows, cells)
}

// write lays the table out with text/tabwriter. Right-aligned cells are
// padded to their column's width first, so tabwriter's left alignment keeps
// them flush right.
func (t *table) write(w io.Writer) {
	width := make([]int, len(t.head))
	for _, row := range append([][]string{t.head}, t.rows...) {
		for i, c := range row {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	line := func(row []string) {
		for i, c := range row {
			if t.right[i] {
				c = strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)) + c
			}
			if i < len(row)-1 {
				c += "\t"
			}
			io.WriteString(tw, c)
		}
		io.WriteString(tw, "\n")
	}
	line(t.head)
	for _, row := range t.rows {
		line(row)
	}
	tw.Flush()
}

// limited returns how many of n rows to show for limit (< 0: all).
func limited(n, limit int) int {
	if limit < 0 || limit > n {
		return n
	}
	return limit
}

// more writes the "… and N more" line when rows were cut.
func (t *textWriter) more(shown, total int) {
	if shown < total {
		t.p("… and %s more (use --json or --csv for the complete list)\n", t.l.Count(int64(total-shown)))
	}
}

func nameCell(s string) string { return textfmt.Clip(textfmt.Clean(s), nameWidth) }

// csvWriter writes CSV records through csvout, which defuses every cell
// against formula injection.
type csvWriter struct{ w *csvout.Writer }

func newCSV(w io.Writer, header ...string) *csvWriter {
	c := &csvWriter{w: csvout.New(w)}
	c.w.Write(header...)
	return c
}

func (c *csvWriter) row(cells ...string) { c.w.Write(cells...) }

func (c *csvWriter) flush() error { return c.w.Flush() }

// fmtNum writes a number for CSV, rounded to 6 decimals so that sums like
// 336006.3600000001 come out as 336006.36.
func fmtNum(f float64) string {
	return strconv.FormatFloat(math.Round(f*1e6)/1e6, 'f', -1, 64)
}
func fmtInt(n int) string    { return strconv.Itoa(n) }
func fmtID(n int64) string   { return strconv.FormatInt(n, 10) }
func orDash(s string) string { return cmpStr(s, "-") }

func cmpStr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
