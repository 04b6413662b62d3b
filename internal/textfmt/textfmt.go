// Package textfmt formats numbers and untrusted text for the readable
// (terminal) output of reports: money and counts with thousands
// separators, shares as percentages, names made safe and clipped.
package textfmt

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Percent formats a share 0..1 as "12.3%".
func Percent(f float64) string { return strconv.FormatFloat(100*f, 'f', 1, 64) + "%" }

// Money formats an amount with two decimals and thousands separators:
// "-1,234,567.89".
func Money(f float64) string { return decimal(f, 2) }

// Hours formats hours with one decimal and thousands separators.
func Hours(f float64) string { return decimal(f, 1) }

// Count formats an integer with thousands separators.
func Count(n int64) string {
	if n < 0 {
		return "-" + groupDigits(strconv.FormatInt(-n, 10))
	}
	return groupDigits(strconv.FormatInt(n, 10))
}

func decimal(f float64, places int) string {
	s := strconv.FormatFloat(math.Abs(f), 'f', places, 64)
	cut := len(s) - places - 1
	out := groupDigits(s[:cut]) + s[cut:]
	if f < 0 && strings.Trim(out, "0.,") != "" {
		out = "-" + out
	}
	return out
}

func groupDigits(d string) string {
	if len(d) <= 3 {
		return d
	}
	var b strings.Builder
	head := len(d) % 3
	b.WriteString(d[:head])
	for i := head; i < len(d); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d[i : i+3])
	}
	return b.String()
}

// Clean makes untrusted text safe for a terminal: control characters (tabs,
// newlines, escape sequences) become spaces.
func Clean(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// Clip cuts s to n runes, marking the cut with an ellipsis.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
