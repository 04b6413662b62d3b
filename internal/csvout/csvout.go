// Package csvout is the one CSV writer for every file vitalfew writes:
// report exports, rejects files, lists downloaded from the web. Every cell
// is defused against formula injection, so that a value that came from a
// customer (a name, a post, a rejected row) cannot run in a spreadsheet.
package csvout

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// Writer writes CSV records with every cell defused (see Defuse).
type Writer struct {
	w   *csv.Writer
	buf []string
}

// New returns a Writer on w.
func New(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Write writes one record (the header is a record like any other).
func (c *Writer) Write(cells ...string) error {
	c.buf = c.buf[:0]
	for _, s := range cells {
		c.buf = append(c.buf, Defuse(s))
	}
	return c.w.Write(c.buf)
}

// Flush writes what is buffered and returns the first error of any write.
func (c *Writer) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// Defuse protects a cell against formula injection in spreadsheets (OWASP
// "CSV injection"): a value starting with = + - @, a tab or a carriage
// return gets a leading apostrophe, which spreadsheets show as text.
// Numbers ("-12.5", "1e-3") and phone numbers ("+49 30 1234": only digits
// and separators) stay as they are: no spreadsheet runs them.
func Defuse(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) || isNumber(s) || isPhone(s) {
		return s
	}
	return "'" + s
}

// isNumber reports whether s is a number in Go's syntax ("-12.5", "1e-3"):
// nothing a spreadsheet could call or link.
func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

func isPhone(s string) bool {
	if s[0] != '+' || len(s) < 4 {
		return false
	}
	for _, r := range s[1:] {
		if !unicode.IsDigit(r) && !strings.ContainsRune(" ()/.-", r) {
			return false
		}
	}
	return true
}
