package ingest

import (
	"fmt"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Date layout names, as DetectDateLayout returns them and Options.DateFormat
// and ParseDate accept them.
const (
	DateISO      = "iso"        // 2024-03-04, 2024-03-04 10:00:00, 2024-03-04T10:00:00+01:00 (also 2024/03/04)
	DateYYYYMMDD = "yyyymmdd"   // 20240304
	DateDMYDot   = "dd.mm.yyyy" // 04.03.2024, 4.3.2024, 04.03.24
	DateMDY      = "mm/dd/yyyy" // 03/04/2024, 3/4/24, 03-04-2024
	DateDMY      = "dd/mm/yyyy" // 04/03/2024, 4/3/24, 04-03-2024
	DateDMonY    = "d mon yyyy" // 04 Mar 2024, 4 March 2024, 04-Mar-2024, 4 Mar 24
)

// Shapes of a date value.
const (
	shapeNone  = iota
	shapeISO   // y-m-d
	shapeYMD8  // yyyymmdd
	shapeDot   // d.m.y
	shapeSlash // a/b/y, order undecided
	shapeMonth // d Mon y: the month by its English name
	shapes     // how many there are
)

// Slash orders.
const (
	orderAuto = iota // decide per value; ambiguous values are errors
	orderMDY
	orderDMY
)

// dateLayout is a resolved layout: a slash order for the hand parser, or a
// Go layout for time.Parse.
type dateLayout struct {
	order  int
	goFmt  string
	name   string
	strict bool // goFmt set: only that layout
}

// resolveLayout turns a layout name or Go layout into a dateLayout.
func resolveLayout(layout string) (dateLayout, error) {
	switch strings.ToLower(strings.TrimSpace(layout)) {
	case "", "auto":
		return dateLayout{}, nil
	case DateISO, "yyyy-mm-dd", "rfc3339", "iso8601":
		return dateLayout{name: DateISO}, nil
	case DateYYYYMMDD:
		return dateLayout{name: DateYYYYMMDD}, nil
	case DateDMYDot, "dd.mm.yy", "d.m.yyyy", "d.m.yy", "de":
		return dateLayout{name: DateDMYDot}, nil
	case DateMDY, "mm/dd/yy", "m/d/yyyy", "m/d/yy", "mm-dd-yyyy", "mdy", "us":
		return dateLayout{name: DateMDY, order: orderMDY}, nil
	case DateDMY, "dd/mm/yy", "d/m/yyyy", "d/m/yy", "dd-mm-yyyy", "dmy", "uk":
		return dateLayout{name: DateDMY, order: orderDMY}, nil
	case DateDMonY, "dd mon yyyy", "d month yyyy", "dd-mon-yyyy":
		return dateLayout{name: DateDMonY}, nil
	}
	// A Go layout must carry a year, a month and a day: format the
	// reference date with it and read it back.
	ref := time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC)
	t, err := time.Parse(layout, ref.Format(layout))
	if err != nil || t.Year() != 2006 || t.Month() != 1 || t.Day() != 2 {
		return dateLayout{}, crm.Errorf(crm.EINVALID,
			"date format %q: want iso, yyyymmdd, dd.mm.yyyy, mm/dd/yyyy, dd/mm/yyyy or a Go layout such as 02 Jan 2006", layout)
	}
	return dateLayout{name: layout, goFmt: layout, strict: true}, nil
}

// dateParts is a date value cut into its numbers.
type dateParts struct {
	shape   int
	a, b, y int // iso/ymd8: a=month b=day; dot, month: a=day b=month; slash: a, b as written
}

// cutDate cuts s into numbers without allocating. A time after the date
// (separated by ' ' or 'T') is ignored: the date is kept as written.
func cutDate(s string) dateParts {
	n1, i := digits(s, 0)
	l1 := i
	if l1 == 8 && (i == len(s) || isTimeSep(s[i])) {
		return dateParts{shape: shapeYMD8, y: atoi(s[0:4]), a: atoi(s[4:6]), b: atoi(s[6:8])}
	}
	if i == len(s) || (l1 != 4 && (l1 < 1 || l1 > 2)) {
		return dateParts{}
	}
	sep := s[i]
	if (sep == ' ' || sep == '-') && l1 <= 2 && i+1 < len(s) && isLetter(s[i+1]) {
		return cutMonthDate(s, n1, i+1)
	}
	if sep != '-' && sep != '/' && sep != '.' {
		return dateParts{}
	}
	n2, j := digits(s, i+1)
	if l2 := j - i - 1; l2 < 1 || l2 > 2 || j == len(s) || s[j] != sep {
		return dateParts{}
	}
	n3, k := digits(s, j+1)
	l3 := k - j - 1
	if k < len(s) {
		if !isTimeSep(s[k]) {
			// "04.03.2024." happens in German exports; nothing else may follow.
			if !(sep == '.' && k == len(s)-1 && s[k] == '.') {
				return dateParts{}
			}
		}
	}
	if l1 == 4 {
		if l3 < 1 || l3 > 2 {
			return dateParts{}
		}
		return dateParts{shape: shapeISO, y: n1, a: n2, b: n3}
	}
	switch l3 {
	case 4:
	case 2:
		n3 = expandYear(n3)
	default:
		return dateParts{}
	}
	if sep == '.' {
		return dateParts{shape: shapeDot, a: n1, b: n2, y: n3}
	}
	return dateParts{shape: shapeSlash, a: n1, b: n2, y: n3}
}

// cutMonthDate cuts the rest of a date that names its month, "Jan 2026"
// in "08 Jan 2026" (also "8 January 2026", "08-Jan-2026", "8 Jan 26"):
// day is the day read before it, i where the month's name begins.
func cutMonthDate(s string, day, i int) dateParts {
	sep := s[i-1]
	j := i
	for j < len(s) && isLetter(s[j]) {
		j++
	}
	m := monthNamed(s[i:j])
	if m == 0 || j == len(s) || s[j] != sep {
		return dateParts{}
	}
	y, k := digits(s, j+1)
	switch k - j - 1 {
	case 4:
	case 2:
		y = expandYear(y)
	default:
		return dateParts{}
	}
	if k < len(s) && !isTimeSep(s[k]) {
		return dateParts{}
	}
	return dateParts{shape: shapeMonth, a: day, b: m, y: y}
}

// monthNames are the English months; a name is read in full or as its
// first three letters (and "Sept"), in any case.
var monthNames = [12]string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

// monthNamed returns the month name is (1–12), 0 for none.
func monthNamed(name string) int {
	if len(name) < 3 {
		return 0
	}
	for i, full := range monthNames {
		if len(name) == 3 || len(name) == len(full) || i == 8 && len(name) == 4 {
			if len(name) <= len(full) && strings.EqualFold(name, full[:len(name)]) {
				return i + 1
			}
		}
	}
	return 0
}

// expandYear turns a two-digit year into a four-digit one: 00–69 → 2000s,
// 70–99 → 1900s (as Go's time package does).
func expandYear(y int) int {
	if y < 70 {
		return 2000 + y
	}
	return 1900 + y
}

func isTimeSep(c byte) bool { return c == ' ' || c == 'T' || c == 't' }

// digits reads a run of ASCII digits from s[i:], returning its value and
// the index after it.
func digits(s string, i int) (int, int) {
	n := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if n < 1e8 {
			n = n*10 + int(s[i]-'0')
		}
	}
	return n, i
}

func atoi(s string) int {
	n, _ := digits(s, 0)
	return n
}

// ymd checks a date and returns it as UTC midnight.
func ymd(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > daysIn(m, y) || y < 1 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// ambiguousDate is the error of a slash date that reads both ways.
type ambiguousDate struct{ value string }

func (e *ambiguousDate) Error() string { return e.hint(false) }

// hint says how to resolve it, on the command line or in the form.
func (e *ambiguousDate) hint(form bool) string {
	if form {
		return fmt.Sprintf("ambiguous %q: choose the date format mm/dd/yyyy or dd/mm/yyyy", e.value)
	}
	return fmt.Sprintf("ambiguous %q: use --date-format mm/dd/yyyy or dd/mm/yyyy", e.value)
}

// parseDate parses one value with a resolved layout; the error message is a
// row-error reason.
func parseDate(s string, l dateLayout) (time.Time, error) {
	if l.strict {
		t, err := time.Parse(l.goFmt, s)
		if err != nil {
			return time.Time{}, crm.Errorf(crm.EINVALID, "not a date in format %q: %q", l.goFmt, s)
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
	}
	p := cutDate(s)
	var m, d int
	switch p.shape {
	case shapeISO, shapeYMD8:
		m, d = p.a, p.b
	case shapeDot, shapeMonth:
		d, m = p.a, p.b
	case shapeSlash:
		switch l.order {
		case orderMDY:
			m, d = p.a, p.b
		case orderDMY:
			d, m = p.a, p.b
		default:
			switch {
			case p.a == p.b || p.b > 12:
				m, d = p.a, p.b
			case p.a > 12:
				d, m = p.a, p.b
			default:
				return time.Time{}, &ambiguousDate{s}
			}
		}
	default:
		return time.Time{}, crm.Errorf(crm.EINVALID, "not a date: %q", s)
	}
	t, ok := ymd(p.y, m, d)
	if !ok {
		if p.shape == shapeSlash && l.order != orderAuto {
			return time.Time{}, crm.Errorf(crm.EINVALID, "not a valid date: %q (column is %s)", s, l.name)
		}
		return time.Time{}, crm.Errorf(crm.EINVALID, "not a valid date: %q", s)
	}
	return t, nil
}

// ParseDate parses one date with a layout: a name (DateISO, DateYYYYMMDD,
// DateDMYDot, DateMDY, DateDMY, DateDMonY), "" to decide from the value alone, or a Go
// layout. Named layouts accept every unambiguous form (a column detected as
// dd.mm.yyyy still reads 2024-03-04); the layout decides slash dates.
// The result is UTC midnight of the date as written; a time of day is
// dropped.
func ParseDate(s, layout string) (time.Time, error) {
	l, err := resolveLayout(layout)
	if err != nil {
		return time.Time{}, err
	}
	return parseDate(strings.TrimSpace(s), l)
}

// dateDetector collects evidence about one column's date layout.
type dateDetector struct {
	shapes   [shapes]int
	mdy, dmy int
	example  string // an ambiguous slash value
	garbage  int
}

func (d *dateDetector) add(s string) {
	if s == "" {
		return
	}
	p := cutDate(s)
	d.shapes[p.shape]++
	switch {
	case p.shape == shapeNone:
		d.garbage++
	case p.shape != shapeSlash, p.a == p.b:
	case p.b > 12 && p.a <= 12:
		d.mdy++
	case p.a > 12 && p.b <= 12:
		d.dmy++
	case p.a <= 12 && p.b <= 12 && d.example == "":
		d.example = s
	}
}

// result picks the layout: for slash dates the order the evidence shows
// (the majority when values disagree), else the most common shape.
func (d *dateDetector) result() (string, error) {
	if d.shapes[shapeSlash] > 0 {
		switch {
		case d.mdy > d.dmy:
			return DateMDY, nil
		case d.dmy > d.mdy:
			return DateDMY, nil
		case d.example != "":
			return "", crm.Errorf(crm.EINVALID,
				"ambiguous dates such as %q: use --date-format mm/dd/yyyy or dd/mm/yyyy", d.example)
		}
	}
	best, name := 0, ""
	for shape, layout := range map[int]string{shapeISO: DateISO, shapeYMD8: DateYYYYMMDD, shapeDot: DateDMYDot, shapeMonth: DateDMonY} {
		if n := d.shapes[shape]; n > best || (n == best && n > 0 && layout < name) {
			best, name = n, layout
		}
	}
	if name == "" && d.garbage > 0 {
		return "", crm.Errorf(crm.EINVALID, "no dates found")
	}
	return name, nil
}

// DetectDateLayout detects the date layout of a column from its values.
// Slash dates are MM/DD if some value has a part greater than 12 in the
// second position, DD/MM if in the first. When no value decides, the column
// is ambiguous: the error says so and the layout is "" (every value is then
// read on its own, and ambiguous ones fail). Empty values are skipped; a
// column without any value gives "" and no error.
func DetectDateLayout(values []string) (layout string, err error) {
	var d DateDetector
	for _, v := range values {
		d.Add(v)
	}
	return d.Result()
}

// DateDetector decides a date column's layout from its values one at a
// time, as the readers do over a whole column: Add each, then ask Result
// (see DetectDateLayout).
type DateDetector struct{ d dateDetector }

// Add counts what one value shows.
func (d *DateDetector) Add(s string) { d.d.add(strings.TrimSpace(s)) }

// Result is the layout the values seen so far show, or why they show none.
func (d *DateDetector) Result() (string, error) { return d.d.result() }

// Ambiguous reports whether the values seen so far are slash dates whose
// order none of them decides: more values may.
func (d *DateDetector) Ambiguous() bool {
	return d.d.shapes[shapeSlash] > 0 && d.d.mdy == d.d.dmy && d.d.example != ""
}

// appendDate appends t as YYYY-MM-DD.
func appendDate(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	b = append(b, byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+int(m)/10), byte('0'+int(m)%10), '-')
	return append(b, byte('0'+d/10), byte('0'+d%10))
}
