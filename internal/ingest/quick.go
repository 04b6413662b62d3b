package ingest

import (
	"bytes"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// AcceptsOrderCell reports, without allocating, that the importer accepts
// b (a cell trimmed of spaces and tabs) in an orders file's column for
// field as far as the cell alone decides, and as it is: within the limits
// of names (crm.CheckName), for an e-mail address or a currency code of the
// form ReadOrders takes, and for a customer id without white space at its
// ends that the importer would trim. It is stricter than ReadOrders, never looser:
// false means "not sure", and a fast reader that gets it hands the file to
// ReadOrders, which names the problem. Dates and amounts are not checked
// here; their readers are ParseDate and ParseMoneyAs.
func AcceptsOrderCell(field string, b []byte) bool {
	if len(b) > crm.MaxNameChars || bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	if len(b) == 0 {
		return true
	}
	switch field {
	case "customer_id":
		// The importer trims every white space (strings.TrimSpace), the
		// caller spaces and tabs: an id it would read as another is one
		// with other white space, or any non-ASCII byte, at an end.
		for _, c := range [2]byte{b[0], b[len(b)-1]} {
			if c >= 0x80 || c == '\n' || c == '\v' || c == '\f' || c == '\r' {
				return false
			}
		}
	case "email":
		// Plain ASCII without the characters accountRef refuses, an @ with
		// something on each side, no "mailto:" (NormalizeEmail strips it).
		for _, c := range b {
			if c <= ' ' || c >= 0x7f || c == ',' || c == ';' || c == '<' || c == '>' {
				return false
			}
		}
		if len(b) >= 7 && bytes.EqualFold(b[:7], []byte("mailto:")) {
			return false
		}
		at := bytes.LastIndexByte(b, '@')
		return at > 0 && at < len(b)-1
	case "currency":
		// A three-letter code (normalizeCurrency); symbols and names are
		// left to the importer.
		return len(b) == 3 && isLetter(b[0]) && isLetter(b[1]) && isLetter(b[2])
	}
	return true
}
