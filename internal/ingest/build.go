package ingest

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// builder turns the rows of a table into records, one row at a time,
// collecting the row errors.
type builder struct {
	t      *table
	layout dateLayout // from Options.DateFormat
	fixed  bool       // Options.DateFormat was given
	hint   int        // decimal convention for columns without evidence
	form   bool       // Options.Form
	errs   crm.RowErrors
	row    int
	line   int
	ok     bool
	seen   occurrences // content key hash -> occurrences so far
	keyBuf []byte
}

// open reads the file and prepares a builder for it.
func open(r io.Reader, kind Kind, opt Options) (*table, *builder, error) {
	b := &builder{form: opt.Form}
	if opt.DateFormat != "" {
		l, err := resolveLayout(opt.DateFormat)
		if err != nil {
			if opt.Form {
				return nil, nil, crm.Errorf(crm.EINVALID, "date format: %v", err)
			}
			return nil, nil, crm.Errorf(crm.EINVALID, "--date-format: %v", err)
		}
		b.layout, b.fixed = l, true
	}
	t, err := readTable(r, kind, opt)
	if err != nil {
		return nil, nil, err
	}
	b.t = t
	if p := t.profile; p != nil && !b.fixed && p.DateFormat != "" {
		b.layout, _ = resolveLayout(p.DateFormat)
		b.fixed = true
	}
	if t.comma == ';' || b.layout.name == DateDMYDot {
		b.hint = DecimalComma
	}
	return t, b, nil
}

// finish assembles the result.
func finish[T any](b *builder, recs []T) *Result[T] {
	errs := slices.Concat(b.t.errs, b.errs)
	slices.SortStableFunc(errs, func(x, y crm.RowError) int { return cmp.Compare(x.Line, y.Line) })
	if len(errs) == 0 {
		errs = nil
	}
	return &Result[T]{Header: b.t.header, Mapping: b.t.m, Records: recs, Errors: errs, Raw: b.t.raw,
		Profile: b.t.profile.used(), Tally: b.t.tallies(), Unread: b.t.unread()}
}

// dateCol is a date column with its layout.
type dateCol struct {
	slot   int
	layout dateLayout
}

// dateCol detects the layout of a date column over all its values (unless
// Options.DateFormat fixed it). Dotted dates hint at comma decimals.
func (b *builder) dateCol(field string) dateCol {
	slot := b.t.slot(field)
	if slot < 0 {
		return dateCol{slot: -1}
	}
	if b.fixed {
		return dateCol{slot, b.layout}
	}
	var d dateDetector
	for i := range b.t.rows() {
		d.add(b.t.cell(i, slot))
	}
	name, _ := d.result() // an ambiguous column fails row by row
	l, _ := resolveLayout(name)
	if name == DateDMYDot {
		b.hint = DecimalComma
	}
	return dateCol{slot, l}
}

// amountCol is a numeric column with its decimal convention.
type amountCol struct {
	slot int
	conv int
}

// amountCol decides the decimal convention of a numeric column over all its
// values.
func (b *builder) amountCol(field string) amountCol {
	slot := b.t.slot(field)
	if slot < 0 {
		return amountCol{slot: -1}
	}
	if c, ok := b.t.conv[slot]; ok {
		return amountCol{slot, c} // decided for the profile's rows
	}
	if p := b.t.profile; p != nil && p.Decimal != DecimalUnknown {
		return amountCol{slot, p.Decimal}
	}
	var d DecimalDetector
	for i := range b.t.rows() {
		d.Add(b.t.cell(i, slot))
	}
	return amountCol{slot, d.Result(b.hint)}
}

// start moves to row i and checks its cells against the limits on text
// (crm.CheckText for free text, crm.CheckName for everything else).
func (b *builder) start(i int) {
	b.row, b.line, b.ok = i, b.t.lines[i], true
	for slot, f := range b.t.fields {
		if strings.HasPrefix(f, "#") {
			continue // a profile's own column: read by it, never kept
		}
		check := crm.CheckName
		if freeText[f] {
			check = crm.CheckText
		}
		if err := check(b.cell(slot)); err != nil {
			b.fail(f, "%v", err)
		}
	}
}

// freeText are the fields held to crm.MaxTextBytes rather than
// crm.MaxNameChars.
var freeText = map[string]bool{"text": true, "url": true, "product": true, "subject": true, "in_reply_to": true, "tracking_url": true}

func (b *builder) cell(slot int) string { return b.t.cell(b.row, slot) }

// fail records a problem with the current row.
func (b *builder) fail(field, format string, args ...any) {
	b.ok = false
	b.errs = append(b.errs, rowError(b.t.file, b.line, field, format, args))
}

// date reads a date cell.
func (b *builder) date(c dateCol, field string, required bool) time.Time {
	s := b.cell(c.slot)
	if s == "" {
		if required {
			b.fail(field, "missing")
		}
		return time.Time{}
	}
	t, err := parseDate(s, c.layout)
	if err == nil {
		err = crm.CheckDate(t)
	}
	var amb *ambiguousDate
	switch {
	case errors.As(err, &amb):
		b.fail(field, "%s", amb.hint(b.form))
	case err != nil:
		b.fail(field, "%v", err)
	}
	return t
}

// number reads a numeric cell; present is false for an empty or bad cell.
func (b *builder) number(c amountCol, field string, required bool) (v float64, cur string, present bool) {
	s := b.cell(c.slot)
	if s == "" {
		if required {
			b.fail(field, "missing")
		}
		return 0, "", false
	}
	v, cur, ok := parseAmount(s, c.conv)
	if !ok {
		b.fail(field, "not a number: %q", s)
		return 0, "", false
	}
	if err := crm.CheckAmount(v); err != nil {
		b.fail(field, "%v", err)
		return 0, "", false
	}
	return v, cur, true
}

// money reads an amount of money, exactly; present is false for an empty
// or bad cell.
func (b *builder) money(c amountCol, field string, required bool) (m crm.Money, cur string, present bool) {
	s := b.cell(c.slot)
	if s == "" {
		if required {
			b.fail(field, "missing")
		}
		return 0, "", false
	}
	m, cur, ok := parseMoney(s, c.conv)
	if !ok {
		if v, _, isNumber := parseAmount(s, c.conv); isNumber && crm.CheckAmount(v) != nil {
			b.fail(field, "%v", crm.CheckAmount(v))
		} else {
			b.fail(field, "not a number: %q", s)
		}
		return 0, "", false
	}
	return m, cur, true
}

// lineAmount reads a line's quantity (default 1) and unit price and
// returns their product (see lineAmount in amount.go) and the currency the
// price shows.
func (b *builder) lineAmount(qty, price amountCol) (crm.Money, string) {
	q, _, hasQ := b.number(qty, "quantity", false)
	_, cur, hasP := b.money(price, "unit_price", true)
	if !b.ok || !hasP {
		return 0, ""
	}
	qs := b.cell(qty.slot)
	if !hasQ {
		qs, q = "1", 1
	}
	m, ok := lineAmount(qs, qty.conv, b.cell(price.slot), price.conv)
	if !ok {
		b.fail("amount", "quantity %v × unit price %s is beyond the limit of ±1,000,000,000,000", q, b.cell(price.slot))
		return 0, ""
	}
	return m, cur
}

// check fails the row with the first of errs that is not nil.
func (b *builder) check(errs ...*crm.FieldError) {
	var fe *crm.FieldError
	if err := crm.Check(errs...); errors.As(err, &fe) {
		b.fail(fe.Field, "%v", fe.Reason)
	}
}

// email reads an email cell, normalised.
func (b *builder) email(slot int, field string) string {
	s := b.cell(slot)
	if s == "" {
		return ""
	}
	e := crm.NormalizeEmail(s)
	if e == "" || strings.ContainsAny(e, " ,;<>") {
		b.fail(field, "not an email address: %q", s)
		return ""
	}
	return e
}

// accountRef reads the account reference of a row.
func (b *builder) accountRef(idSlot, nameSlot, emailSlot int) crm.AccountRef {
	ref := crm.AccountRef{ExternalID: wholeID(b.cell(idSlot)), Name: b.cell(nameSlot), Email: b.email(emailSlot, "email")}
	if ref.ExternalID == "" && ref.Name == "" && b.cell(emailSlot) == "" {
		b.fail("customer", "missing (need customer_id, customer or email)")
	}
	return ref
}

// wholeID reads an id that a spreadsheet or a dataframe wrote as a
// floating-point number ("14646.0") as the whole number it is ("14646");
// any other id is kept as it is.
func wholeID(s string) string {
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || whole == "" || strings.Trim(frac, "0") != "" || strings.Trim(whole, "0123456789") != "" {
		return s
	}
	return whole
}

// currency reads a currency cell, falling back to what the amount showed.
func (b *builder) currency(slot int, fromAmount string) string {
	s := b.cell(slot)
	if s == "" {
		return fromAmount
	}
	code := normalizeCurrency(s)
	if code == "" {
		b.fail("currency", "not a currency code: %q", s)
	}
	return code
}

// normalizeCurrency turns "eur", "€", "Euro" into "EUR"; "" if s is none.
func normalizeCurrency(s string) string {
	if len(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z' {
		return s
	}
	for _, c := range currencySymbols {
		if strings.EqualFold(s, c.sym) {
			return c.code
		}
	}
	if len(s) == 3 && isLetters(s) {
		return strings.ToUpper(s)
	}
	return ""
}

// Content keys identify rows of files without an id column: "k:", the
// first 16 hex digits of a SHA-256 over the row's content, ":", and how many
// rows with the same content came before in the file. Two identical rows
// stay two records; reading the same file again gives the same keys.

// keyStart begins a content key.
func (b *builder) keyStart() { b.keyBuf = b.keyBuf[:0] }

// keyAdd adds a part to the content key.
func (b *builder) keyAdd(s string) {
	b.keyBuf = append(b.keyBuf, s...)
	b.keyBuf = append(b.keyBuf, 0x1f)
}

// keyAddFloat adds a number by value: "100.00", "100" and "100,00" are
// the same content.
func (b *builder) keyAddFloat(v float64) {
	bits := math.Float64bits(v)
	if v == 0 {
		bits = 0 // -0 is 0
	}
	b.keyBuf = binary.BigEndian.AppendUint64(b.keyBuf, bits)
}

// keyAddMoney adds an amount of money by value.
func (b *builder) keyAddMoney(m crm.Money) {
	b.keyAddFloat(m.Float())
}

func (b *builder) keyAddDate(t time.Time) {
	if !t.IsZero() {
		b.keyBuf = appendDate(b.keyBuf, t)
	}
	b.keyBuf = append(b.keyBuf, 0x1f)
}

// key finishes the content key.
func (b *builder) key() string {
	sum := sha256.Sum256(b.keyBuf)
	n := b.seen.next(binary.BigEndian.Uint64(sum[:8]), b.t.rows())
	var out [40]byte
	k := append(out[:0], "k:"...)
	k = hex.AppendEncode(k, sum[:8])
	k = append(k, ':')
	k = strconv.AppendInt(k, int64(n), 10)
	return string(k)
}

// occurrences counts how often each 64-bit hash was seen: an open-addressing
// table, faster than a map for a million keys because one probe both finds
// and counts.
type occurrences struct {
	slots []occurrence
	n     int
}

type occurrence struct {
	hash  uint64 // 0: empty
	count int
}

// next returns how often h was seen before and counts this time. sizeHint
// is the expected number of distinct hashes.
func (o *occurrences) next(h uint64, sizeHint int) int {
	if h == 0 {
		h = 1
	}
	if 2*(o.n+1) > len(o.slots) {
		o.grow(max(2*sizeHint, 4*o.n, 64))
	}
	mask := uint64(len(o.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &o.slots[i]
		switch s.hash {
		case h:
			s.count++
			return s.count - 1
		case 0:
			s.hash, s.count = h, 1
			o.n++
			return 0
		}
	}
}

func (o *occurrences) grow(size int) {
	n := 64
	for n < size {
		n *= 2
	}
	old := o.slots
	o.slots = make([]occurrence, n)
	mask := uint64(n - 1)
	for _, s := range old {
		if s.hash == 0 {
			continue
		}
		i := s.hash & mask
		for o.slots[i].hash != 0 {
			i = (i + 1) & mask
		}
		o.slots[i] = s
	}
}

// rowError is the problem of one row, its reason written from format and
// args; a reason that is an application error ("%v" of a *crm.Error) keeps
// that error's format, so pages can say either in the reader's language.
func rowError(file string, line int, field, format string, args []any) crm.RowError {
	e := crm.RowError{File: file, Line: line, Field: field, Reason: fmt.Sprintf(format, args...), Format: format, Args: args}
	if (format == "%v" || format == "%s") && len(args) == 1 {
		if err, ok := args[0].(*crm.Error); ok && err.Format != "" {
			e.Format, e.Args = err.Format, err.Args
		}
	}
	return e
}
