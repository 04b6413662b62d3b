package analyze

import (
	"bytes"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/ingest"
)

// Dates are kept as day numbers: days since 1970-01-01.

// daysFromCivil is Howard Hinnant's days_from_civil: the day number of a
// proleptic Gregorian date.
func daysFromCivil(y, m, d int) int32 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468)
}

// dayOf is the day number of t's calendar date in t's own location.
func dayOf(t time.Time) int32 {
	y, m, d := t.Date()
	return daysFromCivil(y, int(m), d)
}

// dayTime is the midnight UTC of day number d.
func dayTime(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

func dayString(d int32) string { return dayTime(d).Format(time.DateOnly) }

func daysIn(y, m int) int {
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

// Date kinds with a hand-written fast path. Anything else goes through
// ingest.ParseDate, as does any value the fast path does not accept (so
// errors read the same either way).
const (
	dateOther = iota
	dateISO   // 2006-01-02
	dateISOSlash
	dateCompact // 20060102
	dateDMYDot  // 02.01.2006
	dateDMYSlash
	dateMDYSlash
)

func dateKindOf(layout string) int {
	switch layout {
	case ingest.DateISO, "2006-01-02":
		return dateISO
	case "2006/01/02":
		return dateISOSlash
	case ingest.DateYYYYMMDD, "20060102":
		return dateCompact
	case ingest.DateDMYDot, "02.01.2006":
		return dateDMYDot
	case ingest.DateDMY, "02/01/2006":
		return dateDMYSlash
	case ingest.DateMDY, "01/02/2006":
		return dateMDYSlash
	}
	return dateOther
}

func digits2(b []byte, i int) (int, bool) {
	c0, c1 := b[i]-'0', b[i+1]-'0'
	return int(c0)*10 + int(c1), c0 <= 9 && c1 <= 9
}

// fastDate parses b in the layout of kind; ok is false when the fast path
// does not apply or the value is not a valid date.
func fastDate(kind int, b []byte) (int32, bool) {
	var y, m, d int
	var ok1, ok2, ok3, sep bool
	switch kind {
	case dateISO, dateISOSlash:
		if len(b) != 10 {
			return 0, false
		}
		s := byte('-')
		if kind == dateISOSlash {
			s = '/'
		}
		var hi, lo int
		hi, ok1 = digits2(b, 0)
		lo, ok2 = digits2(b, 2)
		y = hi*100 + lo
		ok1 = ok1 && ok2
		m, ok2 = digits2(b, 5)
		d, ok3 = digits2(b, 8)
		sep = b[4] == s && b[7] == s
	case dateCompact:
		if len(b) != 8 {
			return 0, false
		}
		var hi, lo int
		hi, ok1 = digits2(b, 0)
		lo, ok2 = digits2(b, 2)
		y = hi*100 + lo
		ok1 = ok1 && ok2
		m, ok2 = digits2(b, 4)
		d, ok3 = digits2(b, 6)
		sep = true
	case dateDMYDot, dateDMYSlash, dateMDYSlash:
		if len(b) != 10 {
			return 0, false
		}
		s := byte('/')
		if kind == dateDMYDot {
			s = '.'
		}
		var hi, lo int
		hi, ok1 = digits2(b, 6)
		lo, ok2 = digits2(b, 8)
		y = hi*100 + lo
		ok1 = ok1 && ok2
		d, ok2 = digits2(b, 0)
		m, ok3 = digits2(b, 3)
		if kind == dateMDYSlash {
			d, m = m, d
		}
		sep = b[2] == s && b[5] == s
	default:
		return 0, false
	}
	if !(ok1 && ok2 && ok3 && sep) || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return daysFromCivil(y, m, d), true
}

// fastAmount parses the unambiguous plain forms "123", "-12.5", "12.50" and
// "1234,5" to cents: optional sign, up to 15 digits, at most one decimal
// separator with one or two digits after it. A '.' with exactly three
// digits after it, or a ',' with anything but one or two, could be a
// thousands separator, so those go to ingest.ParseMoneyAs, as do more
// decimals (rounded there) and everything else.
func fastAmount(b []byte) (crm.Money, bool) {
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 16 {
		return 0, false
	}
	var m uint64
	sepAt := -1
	for i, c := range b {
		if c-'0' <= 9 {
			m = m*10 + uint64(c-'0')
			continue
		}
		if (c == '.' || c == ',') && sepAt < 0 {
			sepAt = i
			continue
		}
		return 0, false
	}
	nd := len(b)
	frac := 0
	if sepAt >= 0 {
		nd--
		frac = len(b) - sepAt - 1
		if sepAt == 0 || frac == 0 || frac > 2 {
			return 0, false
		}
	}
	if nd > 15 {
		return 0, false
	}
	for ; frac < 2; frac++ {
		m *= 10
	}
	if m > uint64(crm.MaxMoney) {
		return 0, false // the slow path says why
	}
	c := crm.Money(m)
	if neg {
		c = -c
	}
	return c, true
}

// numericKey reports whether a customer key is a canonical decimal number
// (no sign, no leading zero, at most 18 digits) and returns it. Such keys are
// interned in a map[uint64] with no string allocation; "007" and "7" stay
// distinct because "007" is not canonical and goes to the string map.
func numericKey(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 18 || (b[0] == '0' && len(b) > 1) {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c-'0' > 9 {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// wholeNumber reads a key that a spreadsheet or a dataframe wrote as a
// floating-point number ("14646.0") as the whole number before its point
// ("14646"), as the importer does (ingest's wholeID); ok is false for any
// other key.
func wholeNumber(b []byte) ([]byte, bool) {
	dot := bytes.IndexByte(b, '.')
	if dot <= 0 {
		return nil, false
	}
	for _, c := range b[:dot] {
		if c-'0' > 9 {
			return nil, false
		}
	}
	for _, c := range b[dot+1:] {
		if c != '0' {
			return nil, false
		}
	}
	return b[:dot], true
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// lineAmount is quantity × unit price to the cent, as the importer
// computes it: exact for a whole quantity and a price in cents, else
// through ingest.LineAmount (decimals multiplied as written, rounded once).
func lineAmount(qty, price []byte, conv int) (crm.Money, bool) {
	if p, ok := fastAmount(price); ok && len(qty) > 0 && len(qty) <= 7 {
		q, neg := int64(0), false
		digits := qty
		if digits[0] == '-' || digits[0] == '+' {
			neg, digits = digits[0] == '-', digits[1:]
		}
		whole := len(digits) > 0
		for _, c := range digits {
			if c-'0' > 9 {
				whole = false
				break
			}
			q = q*10 + int64(c-'0')
		}
		if whole {
			if neg {
				q = -q
			}
			m := crm.Money(q) * p // |q| < 10⁷, |p| ≤ 10¹⁴: no overflow
			return m, crm.CheckMoney(m) == nil
		}
	}
	m, err := ingest.LineAmount(string(qty), string(price), conv)
	return m, err == nil
}

// parseAmount is the slow path: ingest's parser under the column's
// convention.
func parseAmount(b []byte, conv int) (crm.Money, error) {
	return ingest.ParseMoneyAs(string(b), conv)
}
