package ingest

import (
	"math/bits"
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Decimal conventions of an amount column, as DecimalDetector decides
// them and ParseAmountAs takes them.
const (
	DecimalUnknown = iota // nothing decided: "1,234" is 1234, "1.234" is 1.234
	DecimalPoint          // 1,234.56
	DecimalComma          // 1.234,56
)

// ParseAmount parses an amount as people write it: "1234.56", "1,234.56",
// "1.234,56", "1234,56", "1 234,56", "1'234.56", "€ 1.234,56", "$1,234.56",
// "-12,50 €", "12.50-", "(12.50)", "EUR 12", "12 USD". A lone "1,234" (comma
// and exactly three digits) is read as 1234, a lone "1.234" as 1.234; the
// readers decide such values by the other values of the column.
func ParseAmount(s string) (float64, error) {
	v, _, ok := parseAmount(s, DecimalUnknown)
	if !ok {
		return 0, crm.Errorf(crm.EINVALID, "not a number: %q", s)
	}
	return v, nil
}

// ParseAmountAs parses an amount under a column's decimal convention
// (DecimalUnknown, DecimalPoint or DecimalComma).
func ParseAmountAs(s string, conv int) (float64, error) {
	v, _, ok := parseAmount(s, conv)
	if !ok {
		return 0, crm.Errorf(crm.EINVALID, "not a number: %q", s)
	}
	return v, nil
}

// ParseMoneyAs parses an amount of money under a column's decimal
// convention, exactly (more than two decimals are rounded, halves to even).
func ParseMoneyAs(s string, conv int) (crm.Money, error) {
	m, _, ok := parseMoney(s, conv)
	if !ok {
		return 0, crm.Errorf(crm.EINVALID, "not an amount: %q", s)
	}
	return m, nil
}

// parseAmount parses s under a column's convention and returns the currency
// code a symbol or code in s names ("" if none).
func parseAmount(s string, conv int) (v float64, cur string, ok bool) {
	neg, cur, num, ok := splitAmount(s)
	if !ok {
		return 0, "", false
	}
	v, ok = parseNumber(num, conv)
	if neg {
		v = -v
	}
	return v, cur, ok
}

// parseMoney is parseAmount to an exact amount of money (see parseCents).
func parseMoney(s string, conv int) (m crm.Money, cur string, ok bool) {
	neg, cur, num, ok := splitAmount(s)
	if !ok {
		return 0, "", false
	}
	m, ok = parseCents(num, conv)
	if neg {
		m = -m
	}
	return m, cur, ok
}

// splitAmount takes the signs ("-12", "12-", "(12)", "−12") and a currency
// symbol or code off s and returns the number that is left.
func splitAmount(s string) (neg bool, cur, num string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return false, "", "", false
	}
	if isDigit(s[0]) && isDigit(s[len(s)-1]) {
		return false, "", s, true
	}
	signs := 0
	for changed := true; changed && s != ""; {
		changed = false
		switch {
		case len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')':
			neg, s, changed = true, s[1:len(s)-1], true
			signs++
		case s[0] == '-' || s[0] == '+':
			neg, s, changed = neg || s[0] == '-', s[1:], true
			signs++
		case strings.HasPrefix(s, "−"): // U+2212 MINUS SIGN
			neg, s, changed = true, s[len("−"):], true
			signs++
		case s[len(s)-1] == '-':
			neg, s, changed = true, s[:len(s)-1], true
			signs++
		}
		if c, rest := cutCurrency(s); c != "" && cur == "" {
			cur, s, changed = c, rest, true
		}
		s = strings.TrimSpace(s)
	}
	if signs > 1 || s == "" {
		return false, "", "", false
	}
	return neg, cur, s, true
}

var currencySymbols = []struct{ sym, code string }{
	{"US$", "USD"}, {"€", "EUR"}, {"$", "USD"}, {"£", "GBP"}, {"¥", "JPY"}, {"₹", "INR"},
	{"Fr.", "CHF"}, {"Euro", "EUR"}, {"EURO", "EUR"}, {"euro", "EUR"},
}

// cutCurrency removes a currency symbol or three-letter code from either end
// of s.
func cutCurrency(s string) (code, rest string) {
	for _, c := range currencySymbols {
		if r, ok := strings.CutPrefix(s, c.sym); ok {
			return c.code, r
		}
		if r, ok := strings.CutSuffix(s, c.sym); ok {
			return c.code, r
		}
	}
	if len(s) >= 3 && isLetters(s[:3]) && (len(s) == 3 || !isLetter(s[3])) {
		return strings.ToUpper(s[:3]), s[3:]
	}
	if n := len(s); n >= 3 && isLetters(s[n-3:]) && (n == 3 || !isLetter(s[n-4])) {
		return strings.ToUpper(s[n-3:]), s[:n-3]
	}
	return "", s
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isLetter(s[i]) {
			return false
		}
	}
	return true
}

// groupSpace reports the length of a space-like thousands separator at s[i:]
// (' ', '\”, NBSP, narrow NBSP, thin space, ’), or 0.
func groupSpace(s string, i int) int {
	switch c := s[i]; {
	case c == ' ' || c == '\'':
		return 1
	case c == 0xC2 && strings.HasPrefix(s[i:], "\u00a0"):
		return 2
	case c == 0xE2 && (strings.HasPrefix(s[i:], "\u202f") || strings.HasPrefix(s[i:], "\u2009") ||
		strings.HasPrefix(s[i:], "\u2019")):
		return 3
	}
	return 0
}

// surelyDecimal reports whether the only '.' or ',' of s, at i, can only be
// a decimal separator: it is not followed by exactly three digits, or what
// comes before cannot be a leading group ("0,125", "1234,567", ",125").
func surelyDecimal(s string, i int) bool {
	after := 0
	for j := i + 1; j < len(s) && isDigit(s[j]); j++ {
		after++
	}
	before := 0
	for j := i - 1; j >= 0 && isDigit(s[j]); j-- {
		before++
	}
	return after != 3 || before == 0 || before > 3 || s[i-before] == '0'
}

var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseNumber parses the number itself: digits with thousands separators
// and at most one decimal separator.
func parseNumber(s string, conv int) (float64, bool) {
	n, ok := scanNumber(s, conv)
	switch {
	case !ok:
		return 0, false
	case n.exp:
		v, err := strconv.ParseFloat(s, 64)
		return v, err == nil
	case n.nd <= 15 && n.frac < len(pow10):
		return float64(n.mant) / pow10[n.frac], true
	}
	return parseSlow(s, n.dec)
}

// parseCents parses the number itself, like parseNumber, to an exact
// amount of money; more than two decimals are rounded, halves to even.
func parseCents(s string, conv int) (crm.Money, bool) {
	n, ok := scanNumber(s, conv)
	switch {
	case !ok:
		return 0, false
	case n.exp || n.nd > 18:
		v, ok := parseNumber(s, conv)
		if !ok {
			return 0, false
		}
		m, err := crm.MoneyFromFloat(v)
		return m, err == nil
	}
	mant, frac := n.mant, n.frac
	for ; frac < 2; frac++ {
		mant *= 10
	}
	if frac > 2 {
		div := uint64(1)
		for range frac - 2 {
			div *= 10
		}
		q, r := mant/div, mant%div
		if 2*r > div || (2*r == div && q%2 == 1) {
			q++
		}
		mant = q
	}
	if mant > uint64(crm.MaxMoney) {
		return 0, false
	}
	return crm.Money(mant), true
}

// number is what scanNumber read: the digits as an integer (mant, nd
// significant digits), how many of them follow the decimal separator, and
// whether it is in exponent notation (then only the text says it).
type number struct {
	mant uint64
	nd   int
	frac int
	dec  byte
	exp  bool
}

// scanNumber reads digits with thousands separators and at most one
// decimal separator, deciding which separator is which.
func scanNumber(s string, conv int) (number, bool) {
	dots, commas, lastDot, lastComma := 0, 0, -1, -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
		case c == '.':
			dots++
			lastDot = i
		case c == ',':
			commas++
			lastComma = i
		case c == 'e' || c == 'E':
			_, err := strconv.ParseFloat(s, 64)
			return number{exp: true}, err == nil
		default:
			n := groupSpace(s, i)
			if n == 0 {
				return number{}, false
			}
			i += n - 1
		}
	}
	var dec byte
	switch {
	case dots > 0 && commas > 0:
		dec = '.'
		if lastComma > lastDot {
			dec = ','
		}
		if (dec == '.' && dots > 1) || (dec == ',' && commas > 1) {
			return number{}, false
		}
	case dots > 1 || commas > 1:
		// only thousands separators: dec stays 0
	case dots == 1:
		if conv != DecimalComma || surelyDecimal(s, lastDot) {
			dec = '.'
		}
	case commas == 1:
		if conv == DecimalComma || surelyDecimal(s, lastComma) {
			dec = ','
		}
	}

	var mant uint64
	nd, frac, digitsSeen := 0, -1, false
	prevDigit := false
	run, grouped := 0, false // digits since the last thousands separator
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			if mant != 0 || c != '0' {
				nd++
			}
			if nd <= 19 {
				mant = mant*10 + uint64(c-'0')
			}
			if frac >= 0 {
				frac++
			} else {
				run++
			}
			digitsSeen, prevDigit = true, true
			continue
		case c == dec:
			if frac >= 0 || (grouped && run != 3) {
				return number{}, false
			}
			frac = 0
		default: // a thousands separator: between digits, before the decimal part, groups of three
			n := max(groupSpace(s, i), 1)
			if !prevDigit || frac >= 0 || i+n >= len(s) || !isDigit(s[i+n]) || (grouped && run != 3) {
				return number{}, false
			}
			i += n - 1
			run, grouped = 0, true
		}
		prevDigit = false
	}
	if !digitsSeen || (grouped && frac < 0 && run != 3) {
		return number{}, false
	}
	if frac < 0 {
		frac = 0
	}
	return number{mant: mant, nd: nd, frac: frac, dec: dec}, true
}

// parseSlow handles numbers with more digits than the fast path is exact for.
func parseSlow(s string, dec byte) (float64, bool) {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
			b = append(b, c)
		case c == dec:
			b = append(b, '.')
		}
	}
	v, err := strconv.ParseFloat(string(b), 64)
	return v, err == nil
}

// amountVote says which convention one value shows, if any.
func amountVote(s string) int {
	dots, commas, lastDot, lastComma := 0, 0, -1, -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.':
			dots++
			lastDot = i
		case ',':
			commas++
			lastComma = i
		}
	}
	switch {
	case dots > 0 && commas > 0:
		if lastDot > lastComma {
			return DecimalPoint
		}
		return DecimalComma
	case dots > 1:
		return DecimalComma
	case commas > 1:
		return DecimalPoint
	case dots == 1 && adjacentDigit(s, lastDot) && surelyDecimal(s, lastDot):
		return DecimalPoint
	case commas == 1 && adjacentDigit(s, lastComma) && surelyDecimal(s, lastComma):
		return DecimalComma
	}
	return DecimalUnknown
}

func adjacentDigit(s string, i int) bool {
	return (i > 0 && isDigit(s[i-1])) || (i+1 < len(s) && isDigit(s[i+1]))
}

// DecimalDetector decides the decimal convention of one amount column from
// its values: Add each, then ask Result.
type DecimalDetector struct{ dot, comma int }

// Add counts the convention one value shows, if any.
func (d *DecimalDetector) Add(s string) {
	switch amountVote(s) {
	case DecimalPoint:
		d.dot++
	case DecimalComma:
		d.comma++
	}
}

// Merge adds the votes of o, a detector of other values of the column.
func (d *DecimalDetector) Merge(o DecimalDetector) {
	d.dot += o.dot
	d.comma += o.comma
}

// Result is the column's convention: the majority of the votes, else the
// file's hint (a ';'-separated file or dotted dates suggest a
// comma-decimal locale).
func (d *DecimalDetector) Result(hint int) int {
	switch {
	case d.comma > d.dot:
		return DecimalComma
	case d.dot > d.comma:
		return DecimalPoint
	}
	return hint
}

// LineAmount is quantity × unit price, both as written and read under
// conv, multiplied exactly and rounded to the cent once (see lineAmount):
// what a line-level file's row is worth when it has no amount.
func LineAmount(quantity, price string, conv int) (crm.Money, error) {
	m, ok := lineAmount(quantity, conv, price, conv)
	if !ok {
		return 0, crm.Errorf(crm.EINVALID, "quantity %q × unit price %q: not numbers, or beyond the limit", quantity, price)
	}
	return m, nil
}

// lineAmount is quantity × unit price, both as written (the unit price
// may hold a currency symbol and a sign), multiplied exactly and rounded to
// the cent once, halves to even; ok is false when either is not a number or
// the product is beyond the limit.
func lineAmount(quantity string, qconv int, price string, pconv int) (crm.Money, bool) {
	qneg, _, qnum, ok1 := splitAmount(quantity)
	pneg, _, pnum, ok2 := splitAmount(price)
	if !ok1 || !ok2 {
		return 0, false
	}
	qn, ok1 := scanNumber(qnum, qconv)
	pn, ok2 := scanNumber(pnum, pconv)
	if !ok1 || !ok2 {
		return 0, false
	}
	if qn.exp || pn.exp || qn.nd > 19 || pn.nd > 19 {
		qf, ok1 := parseNumber(qnum, qconv)
		pf, ok2 := parseNumber(pnum, pconv)
		if !ok1 || !ok2 {
			return 0, false
		}
		if qneg != pneg {
			pf = -pf
		}
		m, err := crm.MoneyFromFloat(qf * pf)
		return m, err == nil
	}
	hi, lo := bits.Mul64(qn.mant, pn.mant)
	shift := qn.frac + pn.frac - 2 // decimal places beyond the cent
	for ; shift < 0; shift++ {     // (hi, lo) × 10
		carry, l := bits.Mul64(lo, 10)
		over, h := bits.Mul64(hi, 10)
		h, c := bits.Add64(h, carry, 0)
		if over != 0 || c != 0 {
			return 0, false
		}
		hi, lo = h, l
	}
	if shift > 19 {
		return 0, false
	}
	div := uint64(1)
	for range shift {
		div *= 10
	}
	if hi >= div {
		return 0, false // the quotient would not fit 64 bits
	}
	q, r := bits.Div64(hi, lo, div)
	if r > div-r || (r == div-r && q%2 == 1) { // halves to even
		q++
	}
	if q > uint64(crm.MaxMoney) {
		return 0, false
	}
	m := crm.Money(q)
	if qneg != pneg {
		m = -m
	}
	return m, true
}
