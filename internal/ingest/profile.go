package ingest

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// A Profile is the export of one tool, read as its maker meant it. It is
// recognised from its header (every name in Match present), or chosen by
// name (Options.Profile). It says which of its columns carry our fields
// (Columns, over the generic aliases), which others its rows need (Keep),
// its date and number conventions, and, row by row, what a row is worth and
// whether it counts at all (Rows): a Stripe payment that failed, a deal
// that was lost, a draft invoice are left out, and the import says how many
// of each. The profiles are in profile_*.go, one tool each.
type Profile struct {
	Name     string // what --source names it by: "xero", "stripe-payments"
	Tool     string // what the import says it read: "Xero sales invoices export"
	Kind     Kind
	Verified string // how its layout is known: VerifiedReal, VerifiedDocs or VerifiedGuess

	// Match lists header names (any case, spaces and punctuation) that
	// together identify the export.
	Match []string
	// Columns maps header names to our fields. A field a profile sets in
	// its rows (an amount computed from two columns) needs no column.
	Columns map[string]string
	// Keep lists the header names of columns the rows read besides our
	// fields.
	Keep []string
	// Header names the columns of an export that has no header line,
	// recognised by Shape from its first line.
	Header []string
	Shape  func(first []string) bool
	// Sets lists the fields the rows fill in though the file has no
	// column for them (an amount computed from two columns).
	Sets []string
	// DateFormat and Decimal fix the conventions when the export has one
	// ("" and DecimalUnknown: decided from the values, as for any file).
	DateFormat string
	Decimal    int
	// Ragged lets rows shorter than the header reach Rows, the cells they
	// lack empty: a report's footer line ("Accrual Basis Tuesday, …") is
	// one cell long. Without it such a row is refused.
	Ragged bool
	// Rows returns the function that adjusts each row of one read, in file
	// order (it may keep state across rows: the lines of one invoice). The
	// function returns why the row is left out, or nil to keep it (a kept
	// row may still be noted: Row.Note). preamble holds the lines before
	// the header, split into cells.
	Rows func(preamble [][]string) func(r *Row) (leftOut *Reason)
	// Footer reports whether a line after the header, split into cells,
	// is not a row but part of the export's footer (a report's "Grand
	// Totals (4 records)", its copyright line): such a line is passed
	// over like a blank one, neither read nor counted. nil for none.
	Footer func(cells []string) bool
}

// How a profile's layout is known, as the import says it.
const (
	VerifiedReal  = "checked against a real export"
	VerifiedDocs  = "built from the documented layout"
	VerifiedGuess = "reconstructed, not yet checked against a real export"
)

// A Reason is why a profile left a row out, or what it did to one it kept,
// in the words of the import's summary after the count: one row, many
// rows.
type Reason struct{ One, Many string }

// Row is one row of a file as a profile sees it: the cells of our fields
// and of the profile's kept columns, by name.
type Row struct {
	t      *table
	i      int
	failed bool
}

// Get returns the cell of field, or of the kept column named name; "" when
// the file has no such column.
func (r *Row) Get(name string) string {
	return r.t.cell(r.i, r.t.slotOf(name))
}

// Has reports whether the file has the column of field or the kept column
// name (a cell of it may still be empty).
func (r *Row) Has(name string) bool { return r.t.slotOf(name) >= 0 }

// Set sets field's cell (the file need not have a column for it:
// Profile.Sets).
func (r *Row) Set(field, value string) {
	if s := r.t.slot(field); s >= 0 {
		r.t.cells[r.i*len(r.t.cols)+s] = value
	}
}

// Money reads the amount in the cell of field or kept column name, under
// its column's decimal convention; ok is false for an empty cell or one
// that is not an amount (which the row's import then reports, if a field).
func (r *Row) Money(name string) (m crm.Money, ok bool) {
	slot := r.t.slotOf(name)
	s := r.t.cell(r.i, slot)
	if s == "" {
		return 0, false
	}
	m, _, ok = parseMoney(s, r.t.decimalOf(slot))
	return m, ok
}

// SetMoney sets an amount field's cell to m, written in the decimal
// convention of its column, so that the rows after it, not yet read,
// keep theirs ("1.000" stays a thousand in a comma column).
func (r *Row) SetMoney(field string, m crm.Money) {
	s := r.t.slot(field)
	if s < 0 {
		return
	}
	text := m.String()
	if r.t.decimalOf(s) == DecimalComma {
		text = strings.Replace(text, ".", ",", 1)
	}
	r.Set(field, text)
}

// Note counts a kept row under why: "partly refunded payment counted net
// of the refund".
func (r *Row) Note(why *Reason) { r.t.noted(why) }

// Fail rejects the row with a problem in field, as the import reports any
// bad cell; the row is then left out.
func (r *Row) Fail(field, format string, args ...any) {
	r.failed = true
	r.t.errs = append(r.t.errs, rowError(r.t.file, r.Line(), field, format, args))
}

// Line is the row's line in the file.
func (r *Row) Line() int { return r.t.lines[r.i] }

// decimalOf is the decimal convention of a column: the profile's, or
// decided over the column's values (in a semicolon file, commas).
func (t *table) decimalOf(slot int) int {
	if c, ok := t.conv[slot]; ok {
		return c
	}
	c := DecimalUnknown
	if t.profile != nil {
		c = t.profile.Decimal
	}
	if c == DecimalUnknown {
		var d DecimalDetector
		for i := range t.rows() {
			d.Add(t.cell(i, slot))
		}
		hint := DecimalUnknown
		if t.comma == ';' {
			hint = DecimalComma
		}
		c = d.Result(hint)
	}
	t.conv[slot] = c
	return c
}

// profiles are every profile, in the order they are tried.
var profiles []*Profile

// Profiles lists every profile, by kind and name.
func Profiles() []*Profile {
	out := slices.Clone(profiles)
	slices.SortFunc(out, func(a, b *Profile) int { return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name)) })
	return out
}

// profilesNamed returns the profiles of kind that name picks out (any
// case): the one called so ("stripe-payments"), or every one of its tool
// ("stripe"). None for "" or a name no profile has.
func profilesNamed(kind Kind, name string) []*Profile {
	var out []*Profile
	for _, p := range profiles {
		if p.Kind != kind {
			continue
		}
		if strings.EqualFold(p.Name, name) {
			return []*Profile{p}
		}
		if tool, _, _ := strings.Cut(p.Name, "-"); strings.EqualFold(tool, name) {
			out = append(out, p)
		}
	}
	return out
}

// IsProfile reports whether name picks out a profile of kind (see
// Options.Profile).
func IsProfile(kind Kind, name string) bool { return len(profilesNamed(kind, name)) > 0 }

// matches reports whether header carries every column of p.Match.
func (p *Profile) matches(header []string) bool {
	if len(p.Match) == 0 {
		return false
	}
	have := make(map[string]bool, len(header))
	for _, h := range header {
		have[headerKey(h)] = true
	}
	for _, m := range p.Match {
		if !have[headerKey(m)] {
			return false
		}
	}
	return true
}

// detectProfile returns the profile among ps whose Match header carries,
// the one with the most Match columns when several do; nil for none.
func detectProfile(ps []*Profile, header []string) *Profile {
	var best *Profile
	for _, p := range ps {
		if p.matches(header) && (best == nil || len(p.Match) > len(best.Match)) {
			best = p
		}
	}
	return best
}

// headerless returns the profile among ps of an export without a header
// whose first line first has the shape of, nil for none.
func headerless(ps []*Profile, first []string) *Profile {
	for _, p := range ps {
		if p.Shape != nil && len(first) == len(p.Header) && p.Shape(first) {
			return p
		}
	}
	return nil
}

// mapping maps header as the profile reads it: its Columns, under the
// user's --map (the user's word wins). Other columns are not read, however
// they are named: the profile knows what its export means.
func (p *Profile) mapping(header []string, user map[string]string, file string, form bool) (Mapping, error) {
	m := Mapping{}
	for h, f := range p.Columns {
		if col := findHeader(header, h); col >= 0 {
			m[f] = col
		}
	}
	for h, f := range user {
		col := findHeader(header, h)
		if col < 0 {
			return nil, overrideError(form, file, h, f, "no column %q; headers found: %s", h, foundList(header))
		}
		for field, c := range m {
			if c == col {
				delete(m, field)
			}
		}
		if f = strings.TrimSpace(f); f == "" || f == "-" {
			continue
		}
		name, ok := resolveField(p.Kind, f)
		if !ok {
			all, _ := Fields(p.Kind)
			return nil, overrideError(form, file, h, f, "unknown field %q for %s; fields: %s", f, p.Kind, strings.Join(all, ", "))
		}
		m[name] = col
	}
	if err := requireFields(p.Kind, m, p.Sets, header, file, form); err != nil {
		return nil, err
	}
	return m, nil
}

// keepName is the slot name of a profile's kept column.
func keepName(header string) string { return "#" + headerKey(header) }

// slotOf is the slot of name: a field by its name, a kept column by its
// header; -1 when the file has neither. Row functions ask it for every
// row, so the answer is remembered.
func (t *table) slotOf(name string) int {
	if s, ok := t.named[name]; ok {
		return s
	}
	s, ok := t.slots[name]
	if !ok {
		s = t.slot(keepName(name))
	}
	if t.named == nil {
		t.named = make(map[string]int)
	}
	t.named[name] = s
	return s
}

// applyProfile runs the profile's row function over the table's rows in
// file order, leaving out the rows it says, counted by reason.
func (t *table) applyProfile(preamble [][]string) {
	p := t.profile
	if p == nil || p.Rows == nil {
		return
	}
	fn := p.Rows(preamble)
	w := len(t.cols)
	n := 0
	for i := range t.lines {
		r := Row{t: t, i: i}
		if why := fn(&r); why != nil || r.failed {
			if !r.failed {
				t.noted(why)
			}
			continue
		}
		if n != i {
			copy(t.cells[n*w:(n+1)*w], t.cells[i*w:(i+1)*w])
			t.lines[n] = t.lines[i]
		}
		n++
	}
	t.cells, t.lines = t.cells[:n*w], t.lines[:n]
}

// noted counts one row under why, keeping the reasons in the order first
// met.
func (t *table) noted(why *Reason) {
	for i := range t.tally {
		if t.tally[i].why == why {
			t.tally[i].rows++
			return
		}
	}
	t.tally = append(t.tally, tallied{why, 1})
}

// tallied is a reason with the rows counted under it.
type tallied struct {
	why  *Reason
	rows int
}

// A Tally is how many rows a profile left out, or changed, for one reason:
// "5 failed payments not counted".
type Tally struct {
	Rows   int    `json:"rows"`
	Reason string `json:"reason"`
}

func (t Tally) String() string { return strconv.Itoa(t.Rows) + " " + t.Reason }

// tallies lists what the profile did, by reason in the order first met.
func (t *table) tallies() []Tally {
	var out []Tally
	for _, x := range t.tally {
		what := x.why.Many
		if x.rows == 1 {
			what = x.why.One
		}
		out = append(out, Tally{Rows: x.rows, Reason: what})
	}
	return out
}

// ProfileUsed describes the profile a read used, for the import's summary.
type ProfileUsed struct {
	Name     string `json:"name"`
	Tool     string `json:"tool"`
	Verified string `json:"verified"`
}

func (p *Profile) used() *ProfileUsed {
	if p == nil {
		return nil
	}
	return &ProfileUsed{Name: p.Name, Tool: p.Tool, Verified: p.Verified}
}

// checkProfiles is for tests: every profile's fields are fields of its
// kind.
func checkProfiles() error {
	for _, p := range profiles {
		all, _ := Fields(p.Kind)
		for h, f := range p.Columns {
			if !slices.Contains(all, f) {
				return crm.Errorf(crm.EINVALID, "profile %s: column %q maps to %q, no field of %s", p.Name, h, f, p.Kind)
			}
		}
	}
	return nil
}
