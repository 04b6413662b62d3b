package i18n

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// nbsp keeps a number and its unit on one line.
const nbsp = "\u00a0"

// Num writes a number formatted in English by textfmt ("-1,234.5") in l's
// format: German swaps the separators ("-1.234,5").
func (l *Lang) Num(s string) string {
	if l == nil || l.Code != "de" {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case ',':
			return '.'
		case '.':
			return ','
		}
		return r
	}, s)
}

// Count writes an integer with thousands separators: "1,234" / "1.234".
func (l *Lang) Count(n int64) string { return l.Num(textfmt.Count(n)) }

// Money writes an amount with two decimals and thousands separators, no
// currency: "1,234.56" / "1.234,56". Tables name the currency in their
// heading.
func (l *Lang) Money(f float64) string { return l.Num(textfmt.Money(f)) }

// MoneyIn writes an amount with its currency (an ISO code such as EUR):
// "€1,234.56" / "1.234,56 €".
func (l *Lang) MoneyIn(f float64, currency string) string {
	sym := currencySymbol(currency)
	if l.Code == "de" {
		return l.Money(f) + nbsp + sym
	}
	if len(sym) > 1 && sym == currency { // CHF 1,234.56
		return sym + nbsp + l.Money(f)
	}
	if f < 0 {
		return "-" + sym + textfmt.Money(-f)
	}
	return sym + textfmt.Money(f)
}

// CompactMoney writes an amount short enough for a headline card, with
// one decimal and a unit from a thousand on, and the currency after it:
// "12.9 M €", "950 k €" / "12,9 Mio. €", "950 Tsd. €"; below a thousand
// the whole amount ("640 €"). The sign is kept.
func (l *Lang) CompactMoney(f float64, currency string) string {
	sym := currencySymbol(currency)
	units := []struct {
		at     float64
		en, de string
	}{{1e12, "T", "Bio."}, {1e9, "bn", "Mrd."}, {1e6, "M", "Mio."}, {1e3, "k", "Tsd."}}
	a := math.Abs(f)
	for i, u := range units {
		if a < u.at && !(a >= 999.5 && i == len(units)-1) {
			continue
		}
		r := math.Round(a/u.at*10) / 10
		if r >= 1000 && i > 0 { // 999,960 is 1.0 M, not 1,000.0 k
			u = units[i-1]
			r = math.Round(a/u.at*10) / 10
		}
		v := math.Copysign(r, f)
		s := strconv.FormatFloat(v, 'f', 1, 64)
		if r >= 100 {
			s = strconv.FormatFloat(math.Round(v), 'f', 0, 64) // 950 k, not 950.0 k
		}
		unit := u.en
		if l.Code == "de" {
			unit = u.de
		}
		return l.Num(s) + nbsp + unit + nbsp + sym
	}
	return l.Num(strconv.FormatFloat(math.Round(f), 'f', 0, 64)) + nbsp + sym
}

func currencySymbol(code string) string {
	switch strings.ToUpper(code) {
	case "EUR":
		return "€"
	case "USD":
		return "$"
	case "GBP":
		return "£"
	case "JPY":
		return "¥"
	}
	return code
}

// Hours writes hours with one decimal: "1,234.5" / "1.234,5".
func (l *Lang) Hours(f float64) string { return l.Num(textfmt.Hours(f)) }

// Age writes a span of hours as days and hours, rounded down to the hour:
// "3 d 4 h", "5 h" / "3 T 4 Std", "5 Std".
func (l *Lang) Age(hours float64) string {
	h := int64(max(hours, 0))
	if d := h / 24; d > 0 {
		return l.T("%s d %s h", l.Count(d), l.Count(h%24))
	}
	return l.T("%s h", l.Count(h))
}

// Percent writes a share 0..1 with one decimal: "12.3%" / "12,3 %".
func (l *Lang) Percent(f float64) string {
	s := textfmt.Percent(f)
	if l.Code == "de" {
		return l.Num(strings.TrimSuffix(s, "%")) + nbsp + "%"
	}
	return s
}

// Day writes a date: "2026-12-06" / "06.12.2026"; "—" for the zero time.
func (l *Lang) Day(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	if l.Code == "de" {
		return t.Format("02.01.2006")
	}
	return t.Format(time.DateOnly)
}

// DayText rewrites a date written as YYYY-MM-DD (as reports keep them) in
// l's format; other text is returned as it is.
func (l *Lang) DayText(s string) string {
	if len(s) < 10 {
		return s
	}
	t, err := time.Parse(time.DateOnly, s[:10])
	if err != nil {
		return s
	}
	return l.Day(t) + s[10:]
}

// Dates rewrites s in l's format when it is a date or a time as the
// reports keep them ("2026-12-06", "2026-12-06T14:05:00Z"): "06.12.2026",
// "06.12.2026 14:05 UTC". Any other text, and every text in English, is
// returned as it is.
func (l *Lang) Dates(s string) string {
	if l == nil || l.Code == "en" || len(s) < 10 || s[4] != '-' {
		return s
	}
	if len(s) == 10 {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return l.Day(t)
		}
		return s
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return l.DateTime(t) + " " + t.Format("MST")
	}
	return s
}

// DateTime writes a local time to the minute: "2026-12-06 14:05" /
// "06.12.2026 14:05".
func (l *Lang) DateTime(t time.Time) string {
	if l.Code == "de" {
		return t.Format("02.01.2006 15:04")
	}
	return t.Format("2006-01-02 15:04")
}
