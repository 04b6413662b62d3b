package crm

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// The limits on every value vitalfew keeps. They are one rule: the store
// applies them on every write (the API, the web forms and every import go
// through it), and the file readers apply the same checks first so that a
// problem is reported as FILE:LINE: field: reason. docs/security.md lists
// them.
const (
	// MaxAmount bounds money: an amount, a price or a cost is finite and at
	// most 10¹² in absolute value.
	MaxAmount = 1e12
	// MaxEffortMinutes bounds the effort of one touchpoint: 0 to 10⁶
	// minutes (almost two years).
	MaxEffortMinutes = 1e6
	// MaxTextBytes bounds a free text: a note, a mention's text, a subject,
	// a URL, a product description.
	MaxTextBytes = 64 << 10
	// MaxNameChars bounds every other text: names, ids, e-mails, handles,
	// segments, owners.
	MaxNameChars = 500
	// MaxColumns bounds the columns of a file (CSV) or the keys of its
	// objects (JSON Lines).
	MaxColumns = 1000
	// MaxRowBytes bounds one row of a file.
	MaxRowBytes = 1 << 20
	// MaxShownErrors is how many problems an error message lists before it
	// says how many more there are.
	MaxShownErrors = 20
)

// MinDate and MaxDate bound every date: 1900-01-01 to 2100-12-31.
var (
	MinDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxDate = time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC)
)

// CheckAmount says why v is not an amount of money vitalfew keeps, or nil.
func CheckAmount(v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Errorf("not a finite number")
	case math.Abs(v) > MaxAmount:
		return fmt.Errorf("%s is beyond the limit of ±1,000,000,000,000", formatBig(v))
	}
	return nil
}

// CheckEffort says why minutes is not the effort of a touchpoint, or nil.
func CheckEffort(minutes float64) error {
	switch {
	case math.IsNaN(minutes) || math.IsInf(minutes, 0):
		return fmt.Errorf("not a finite number")
	case minutes < 0:
		return fmt.Errorf("must not be negative")
	case minutes > MaxEffortMinutes:
		return fmt.Errorf("%s minutes is beyond the limit of 1,000,000", formatBig(minutes))
	}
	return nil
}

// CheckDate says why t is outside 1900-01-01..2100-12-31, or nil. The zero
// time (no date) passes: whether a date is required is the caller's rule.
func CheckDate(t time.Time) error {
	if t.IsZero() {
		return nil
	}
	if d := t.UTC(); d.Before(MinDate) || d.After(MaxDate.Add(24*time.Hour-1)) {
		return fmt.Errorf("%s is outside 1900-01-01..2100-12-31", d.Format(time.DateOnly))
	}
	return nil
}

// CheckText says why s is not a free text vitalfew keeps (see
// MaxTextBytes), or nil.
func CheckText(s string) error {
	if len(s) > MaxTextBytes {
		return fmt.Errorf("longer than %d KiB", MaxTextBytes>>10)
	}
	return checkChars(s)
}

// CheckName says why s is not a name vitalfew keeps (see MaxNameChars), or
// nil.
func CheckName(s string) error {
	if len(s) > MaxNameChars && utf8.RuneCountInString(s) > MaxNameChars {
		return fmt.Errorf("longer than %d characters", MaxNameChars)
	}
	return checkChars(s)
}

// checkChars refuses NUL (which PostgreSQL cannot store in text) and bytes
// that are not UTF-8.
func checkChars(s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("contains a NUL character")
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("not valid UTF-8")
	}
	return nil
}

// FieldError is a value that breaks a limit or a rule: "field: reason".
// Its code is EINVALID; an importer turns it into a row error.
type FieldError struct {
	Field  string
	Reason error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason.Error() }

// Check returns the first of errs that is not nil, or nil. The helpers
// below build its arguments: crm.Check(crm.Name("name", a.Name),
// crm.Amount("amount", o.Amount), …).
func Check(errs ...*FieldError) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func fieldErr(field string, err error) *FieldError {
	if err == nil {
		return nil
	}
	return &FieldError{Field: field, Reason: err}
}

// Name checks a name-like field, Text a free text, Amount, Effort and Date
// the values of their kind.
func Name(field, s string) *FieldError           { return fieldErr(field, CheckName(s)) }
func Text(field, s string) *FieldError           { return fieldErr(field, CheckText(s)) }
func Amount(field string, v float64) *FieldError { return fieldErr(field, CheckAmount(v)) }
func Effort(field string, v float64) *FieldError { return fieldErr(field, CheckEffort(v)) }

// Cents checks an amount of Money.
func Cents(field string, m Money) *FieldError    { return fieldErr(field, CheckMoney(m)) }
func Date(field string, t time.Time) *FieldError { return fieldErr(field, CheckDate(t)) }

// Check applies the limits to the names an input row gives an account by
// (its id, name and e-mail), reporting a failure as field.
func (r AccountRef) Check(field string) error {
	return Check(Name(field, r.ExternalID), Name(field, r.Name), Name(field, r.Email))
}

// Check applies the limits to an account's values.
func (a *Account) Check() error {
	return Check(Name("external_id", a.ExternalID), Name("name", a.Name), Name("domain", a.Domain),
		Name("segment", a.Segment), Name("industry", a.Industry), Name("size_class", a.SizeClass),
		Name("region", a.Region), Name("owner", a.Owner), Name("acquisition_source", a.AcquisitionSource), Name("heard_about", a.HeardAbout),
		Name("status", a.Status), Name("source", a.Source), Date("acquired_at", a.AcquiredAt))
}

// Check applies the limits to a contact's values and identities.
func (c *Contact) Check() error {
	if err := Check(Name("external_id", c.ExternalID), Name("name", c.Name), Name("title", c.Title),
		Name("status", c.Status), Name("source", c.Source), Date("last_verified_at", c.LastVerifiedAt)); err != nil {
		return err
	}
	for _, id := range c.Identities {
		if err := Check(Name(id.Kind, id.Value)); err != nil {
			return err
		}
	}
	return nil
}

// Check applies the limits to an order's values.
func (o *Order) Check() error {
	return Check(Name("external_id", o.ExternalID), Name("currency", o.Currency), Name("source", o.Source),
		Date("ordered_at", o.OrderedAt), Cents("amount", o.Amount))
}

// Check applies the limits to an order line's values.
func (l *OrderLine) Check() error {
	return Check(Amount("quantity", l.Quantity), Cents("unit_price", l.UnitPrice), Cents("amount", l.Amount))
}

// Check applies the limits to a touchpoint's values.
func (t *Touchpoint) Check() error {
	return Check(Name("external_id", t.ExternalID), Name("kind", t.Kind), Name("department", t.Department),
		Name("source", t.Source), Text("subject", t.Subject), Text("body", t.Body),
		Date("occurred_at", t.OccurredAt), Effort("effort_minutes", t.EffortMinutes))
}

// Check applies the limits to a mention's values.
func (m *Mention) Check() error {
	return Check(Name("platform", m.Platform), Text("external_id", m.ExternalID), Text("url", m.URL),
		Name("author_handle", m.AuthorHandle), Name("author_name", m.AuthorName), Name("author_email", m.AuthorEmail),
		Text("text", m.Text), Text("in_reply_to", m.InReplyTo), Name("source", m.Source), Text("reply_note", m.ReplyNote),
		Date("posted_at", m.PostedAt))
}

// formatBig writes a large number readably in a message.
func formatBig(v float64) string {
	if math.Abs(v) < 1e15 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%g", v)
}
