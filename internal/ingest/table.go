package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// table is a file read into rows of the mapped columns only. Cells are
// trimmed; a row is cells[row*width : (row+1)*width], one cell per slot.
type table struct {
	kind   Kind
	file   string
	comma  rune // the CSV delimiter; 0 for JSON Lines
	header []string
	m      Mapping
	slots  map[string]int // field -> slot
	fields []string       // slot -> field
	cols   []int          // slot -> column of the header
	lines  []int          // row -> physical line of the file
	cells  []string
	errs   crm.RowErrors // rows that could not be read at all
	raw    map[int][]string

	profile *Profile       // the export the file is, nil for none
	tried   []*Profile     // the profiles the header may be one of
	chosen  bool           // Options.Profile chose them: the file must be one
	tally   []tallied      // rows the profile left out or changed, by reason
	conv    map[int]int    // decimal convention by slot, as decided for the profile's rows
	named   map[string]int // Row.Get's names -> slot, remembered
}

func (t *table) rows() int { return len(t.lines) }

// slot returns the slot of a field, -1 when the file has no column for it.
func (t *table) slot(field string) int {
	if s, ok := t.slots[field]; ok {
		return s
	}
	return -1
}

// cell returns one cell, "" for a field the file lacks (slot -1).
func (t *table) cell(row, slot int) string {
	if slot < 0 {
		return ""
	}
	return t.cells[row*len(t.cols)+slot]
}

func (t *table) rowError(line int, format string, args ...any) {
	t.errs = append(t.errs, rowError(t.file, line, "", format, args))
}

// readTable reads a CSV or JSON Lines file and maps its header for kind.
func readTable(r io.Reader, kind Kind, opt Options) (*table, error) {
	t := &table{kind: kind, file: fileName(opt.File), conv: map[int]int{}}
	if err := t.chooseProfiles(opt); err != nil {
		return nil, err
	}
	data, err := readAll(r)
	if err != nil {
		return nil, fmt.Errorf("ingest: read %s: %w", t.file, err)
	}
	if IsWorkbook(data) {
		if data, err = workbookCSV(data, opt.Sheet, t.file); err != nil {
			return nil, err
		}
	}
	data = toUTF8(data)
	rest := bytes.TrimLeft(data, " \t\r\n")
	if len(rest) == 0 {
		return nil, crm.Errorf(crm.EINVALID, "%s: file is empty", t.file)
	}
	if opt.KeepRaw {
		t.raw = make(map[int][]string)
	}
	if rest[0] == '{' {
		err = t.readJSONL(data, opt)
	} else {
		err = t.readCSV(data, opt)
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

// readAll reads r to the end, in one allocation when r knows its size.
func readAll(r io.Reader) ([]byte, error) {
	n := 0
	switch s := r.(type) {
	case interface{ Len() int }: // bytes.Reader, strings.Reader, bytes.Buffer
		n = s.Len()
	case interface{ Stat() (os.FileInfo, error) }:
		if fi, err := s.Stat(); err == nil && fi.Mode().IsRegular() {
			n = int(fi.Size())
		}
	}
	if n == 0 {
		return io.ReadAll(r)
	}
	var b bytes.Buffer
	b.Grow(n + bytes.MinRead)
	_, err := b.ReadFrom(r)
	return b.Bytes(), err
}

// toUTF8 strips a byte order mark and converts UTF-16 and, for input that is
// not valid UTF-8, Windows-1252 (what Excel and older German accounting
// software write) to UTF-8.
func toUTF8(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		le := data[0] == 0xff
		data = data[2:]
		u := make([]uint16, len(data)/2)
		for i := range u {
			if le {
				u[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
			} else {
				u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			}
		}
		return []byte(string(utf16.Decode(u)))
	case !utf8.Valid(data):
		if out, err := charmap.Windows1252.NewDecoder().Bytes(data); err == nil {
			return out
		}
	}
	return data
}

// setHeader maps the header and lays out the slots: one for each field the
// file has a column for, and with a profile one for every field (its rows
// may set a field the file lacks) and one for each column it keeps.
func (t *table) setHeader(header []string, opt Options, rowsHint int) error {
	var m Mapping
	var err error
	if t.profile != nil {
		m, err = t.profile.mapping(header, opt.Map, t.file, opt.Form)
	} else {
		m, err = mapHeader(t.kind, header, opt.Map, t.file, opt.Form)
	}
	if err != nil {
		return err
	}
	t.header, t.m = header, m
	t.slots = make(map[string]int, len(m))
	t.named = nil
	all, _ := Fields(t.kind)
	for _, f := range all {
		col, ok := m[f]
		if !ok && (t.profile == nil || !slices.Contains(t.profile.Sets, f)) {
			continue
		}
		if !ok {
			col = -1 // no column: the profile's rows fill it
		}
		t.slots[f] = len(t.cols)
		t.fields = append(t.fields, f)
		t.cols = append(t.cols, col)
	}
	if t.profile != nil {
		for _, h := range t.profile.Keep {
			if col := findHeader(header, h); col >= 0 {
				t.slots[keepName(h)] = len(t.cols)
				t.fields = append(t.fields, keepName(h))
				t.cols = append(t.cols, col)
			}
		}
	}
	t.lines = make([]int, 0, rowsHint)
	t.cells = make([]string, 0, rowsHint*len(t.cols))
	return nil
}

// unread lists the header's non-empty names whose column no field and no
// profile reads.
func (t *table) unread() []string {
	read := make(map[int]bool, len(t.cols))
	for _, c := range t.cols {
		read[c] = true
	}
	var out []string
	for i, h := range t.header {
		if h != "" && !read[i] {
			out = append(out, h)
		}
	}
	return out
}

// addRow stores the mapped cells of one row.
func (t *table) addRow(line int, rec []string) {
	for _, c := range t.cols {
		if c < 0 {
			t.cells = append(t.cells, "")
			continue
		}
		t.cells = append(t.cells, strings.TrimSpace(rec[c]))
	}
	t.lines = append(t.lines, line)
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// sniffSize is how much of a file SniffDelimiter sees.
const sniffSize = 64 << 10

// chooseProfiles sets the profiles the header may be one of: the one
// Options.Profile names (or its tool's), none for "none", else all of the
// kind.
func (t *table) chooseProfiles(opt Options) error {
	switch {
	case opt.Profile == "":
		for _, p := range profiles {
			if p.Kind == t.kind {
				t.tried = append(t.tried, p)
			}
		}
	case !strings.EqualFold(opt.Profile, "none"):
		if t.tried, t.chosen = profilesNamed(t.kind, opt.Profile), true; len(t.tried) == 0 {
			return crm.Errorf(crm.EINVALID, "%s: no %s export is called %q; %s", t.file, t.kind, opt.Profile, profileNames(t.kind))
		}
	}
	return nil
}

// csvReader reads data, in the delimiter it sniffs; a space-separated
// file is read as tab-separated.
func (t *table) csvReader(data []byte) *csv.Reader {
	sample := data[:min(len(data), sniffSize)]
	if SpaceSeparated(sample) {
		data = spacesToTabs(data)
		t.comma = '\t'
	} else {
		t.comma = SniffDelimiter(sample)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = t.comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr
}

// Layout is what the start of a file says about how it must be read.
type Layout struct {
	Workbook bool         // an .xlsx (or .xls) workbook
	Spaces   bool         // separated by runs of spaces
	Preamble int          // lines before the header
	Profile  *ProfileUsed // the tool's export it is, nil for none
}

// Plain reports whether the file is a plain delimited file with its header
// on its first line, of no tool's export.
func (l Layout) Plain() bool { return !l.Workbook && !l.Spaces && l.Preamble == 0 && l.Profile == nil }

// Sniff looks at head, the start of a file of kind, as the reader will
// read it.
func Sniff(head []byte, kind Kind, opt Options) Layout {
	if IsWorkbook(head) {
		return Layout{Workbook: true}
	}
	head = toUTF8(head)
	t := &table{kind: kind, file: fileName(opt.File)}
	l := Layout{Spaces: SpaceSeparated(head[:min(len(head), sniffSize)])}
	if err := t.chooseProfiles(opt); err != nil {
		return l
	}
	_, preamble, _, err := t.findHeader(t.csvReader(head), opt)
	if err == nil {
		l.Preamble = len(preamble)
	}
	l.Profile = t.profile.used()
	return l
}

func (t *table) readCSV(data []byte, opt Options) error {
	cr := t.csvReader(data)

	header, preamble, pending, err := t.findHeader(cr, opt)
	if err != nil {
		return err
	}
	if err := t.setHeader(header, opt, bytes.Count(data, []byte{'\n'})+1); err != nil {
		return err
	}
	defer t.applyProfile(preamble)

	width := len(header)
	total := int64(len(data))
	for n := 0; ; n++ {
		off := cr.InputOffset()
		if opt.Progress != nil && n%progressEvery == 0 {
			opt.Progress(off, total, t.rows())
		}
		var rec []string
		var err error
		var line int
		if len(pending) > 0 {
			// Lines read while looking for the header, after it.
			rec, line, pending = pending[0].cells, pending[0].line, pending[1:]
		} else if rec, err = cr.Read(); err == io.EOF {
			if opt.Progress != nil {
				opt.Progress(total, total, t.rows())
			}
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return fmt.Errorf("ingest: read %s: %w", t.file, err)
			}
			t.rowError(pe.StartLine, "malformed CSV: %v", pe.Err)
			if t.raw != nil && cr.InputOffset()-off <= crm.MaxRowBytes {
				text := strings.TrimRight(string(data[off:cr.InputOffset()]), "\r\n")
				t.raw[pe.StartLine] = []string{text}
			}
			continue
		}
		if line == 0 {
			line, _ = cr.FieldPos(0)
		}
		if strings.TrimSpace(rec[0]) == "" && blank(rec) {
			continue
		}
		if t.profile != nil && t.profile.Footer != nil && t.profile.Footer(rec) {
			continue // the export's footer, not a row
		}
		if size := cr.InputOffset() - off; size > crm.MaxRowBytes || len(rec) > crm.MaxColumns {
			// Too large to keep, even for a rejects file.
			t.rowError(line, "row is larger than %d MiB or has more than %d cells", crm.MaxRowBytes>>20, crm.MaxColumns)
			continue
		}
		if t.raw != nil {
			t.raw[line] = append([]string(nil), rec...)
		}
		if n := len(rec); n < width && t.profile != nil && t.profile.Ragged {
			rec = append(rec[:n:n], make([]string, width-n)...)
		} else if n != width && (n < width || !blank(rec[width:])) {
			t.rowError(line, "row has %d cells, header has %d", n, width)
			continue
		}
		t.addRow(line, rec)
	}
}

// maxPreamble is how many lines before its header an export may have (a
// report's title block, DATEV's format line, a listening tool's search
// details).
const maxPreamble = 20

// readLine is a line read while looking for the header.
type readLine struct {
	line  int
	cells []string
}

// findHeader reads the header: the first line that is the header of a
// profile tried, or, unless the options chose one, that maps every field
// the kind requires. The lines before it, up to maxPreamble, are the
// preamble; when no line qualifies, the first one is the header (and
// mapping it says what is missing). pending are the lines read after the
// header.
func (t *table) findHeader(cr *csv.Reader, opt Options) (header []string, preamble [][]string, pending []readLine, err error) {
	var lines []readLine
	pick := -1
	for pick < 0 && len(lines) <= maxPreamble {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if len(lines) == 0 {
					return nil, nil, nil, crm.Errorf(crm.EINVALID, "%s:%d: cannot read the header: %v", t.file, pe.StartLine, pe.Err)
				}
				continue // a preamble line of another shape
			}
			return nil, nil, nil, fmt.Errorf("ingest: read %s: %w", t.file, err)
		}
		if blank(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(rec) > crm.MaxColumns {
			return nil, nil, nil, crm.Errorf(crm.EINVALID, "%s:%d: the header has %d columns; at most %d are read", t.file, line, len(rec), crm.MaxColumns)
		}
		if n := cr.InputOffset(); n > crm.MaxRowBytes*(maxPreamble+1) {
			return nil, nil, nil, crm.Errorf(crm.EINVALID, "%s:%d: the header is larger than %d MiB", t.file, line, crm.MaxRowBytes>>20)
		}
		cells := make([]string, len(rec))
		for i, h := range rec {
			cells[i] = strings.TrimSpace(h)
		}
		lines = append(lines, readLine{line, cells})
		if t.profile = detectProfile(t.tried, cells); t.profile != nil {
			pick = len(lines) - 1
		} else if _, err := mapHeader(t.kind, cells, opt.Map, t.file, opt.Form); err == nil && !t.chosen {
			pick = len(lines) - 1
		} else if p := headerless(t.tried, cells); p != nil && len(lines) == 1 {
			// A file without a header: its first line is data.
			t.profile = p
			return p.Header, nil, lines, nil
		}
	}
	if len(lines) == 0 {
		return nil, nil, nil, crm.Errorf(crm.EINVALID, "%s: file is empty", t.file)
	}
	if pick < 0 && t.chosen {
		return nil, nil, nil, t.notProfile(lines[0])
	}
	if pick < 0 {
		pick = 0
	}
	for _, l := range lines[:pick] {
		preamble = append(preamble, l.cells)
	}
	return lines[pick].cells, preamble, lines[pick+1:], nil
}

// notProfile says that a file chosen to be a profile's export does not
// have its header, naming the columns the first line lacks.
func (t *table) notProfile(first readLine) error {
	p := t.tried[0]
	var missing []string
	for _, m := range p.Match {
		if findHeader(first.cells, m) < 0 {
			missing = append(missing, strconv.Quote(m))
		}
	}
	return crm.Errorf(crm.EINVALID, "%s:%d: this is not a %s: no line of its first %d has the columns %s",
		t.file, first.line, p.Tool, maxPreamble+1, strings.Join(missing, ", "))
}

// profileNames lists the profiles of kind for a message.
func profileNames(kind Kind) string {
	var names []string
	for _, p := range Profiles() {
		if p.Kind == kind {
			names = append(names, p.Name)
		}
	}
	if len(names) == 0 {
		return "there are none"
	}
	return "known: " + strings.Join(names, ", ")
}

// jsonField is one key and value of a JSON object, the value as a cell.
type jsonField struct{ key, val string }

func (t *table) readJSONL(data []byte, opt Options) error {
	type jsonRow struct {
		line   int
		fields []jsonField
	}
	var (
		rows   []jsonRow
		header []string
		colOf  = make(map[string]int)
		first  string
	)
	total := int64(len(data))
	for lineNo := 1; len(data) > 0; lineNo++ {
		if opt.Progress != nil && lineNo%progressEvery == 0 {
			opt.Progress(total-int64(len(data)), total, len(rows))
		}
		var line []byte
		line, data, _ = bytes.Cut(data, []byte{'\n'})
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if len(line) > crm.MaxRowBytes {
			t.rowError(lineNo, "row is larger than %d MiB", crm.MaxRowBytes>>20)
			continue
		}
		fields, err := parseJSONObject(line)
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = errors.New("unexpected end of line")
		}
		if err != nil {
			t.rowError(lineNo, "invalid JSON: %v", err)
			if first == "" {
				first = fmt.Sprintf("line %d: %v", lineNo, err)
			}
			if t.raw != nil {
				t.raw[lineNo] = []string{string(line)}
			}
			continue
		}
		for _, f := range fields {
			if _, ok := colOf[f.key]; !ok {
				if len(header) == crm.MaxColumns {
					return crm.Errorf(crm.EINVALID, "%s:%d: the objects have more than %d keys; at most %d are read", t.file, lineNo, crm.MaxColumns, crm.MaxColumns)
				}
				colOf[f.key] = len(header)
				header = append(header, f.key)
			}
		}
		rows = append(rows, jsonRow{lineNo, fields})
	}
	if opt.Progress != nil {
		opt.Progress(total, total, len(rows))
	}
	if len(header) == 0 {
		if first != "" {
			return crm.Errorf(crm.EINVALID, "%s: no JSON object with keys (%s)", t.file, first)
		}
		return crm.Errorf(crm.EINVALID, "%s: no JSON object with keys", t.file)
	}
	if err := t.setHeader(header, opt, len(rows)); err != nil {
		return err
	}
	for _, r := range rows {
		cells := make([]string, len(header))
		for _, f := range r.fields {
			cells[colOf[f.key]] = f.val
		}
		if t.raw != nil {
			t.raw[r.line] = cells
		}
		t.addRow(r.line, cells)
	}
	return nil
}

// parseJSONObject reads one flat JSON object, keeping the order of its keys.
// Strings are taken as they are, numbers as written, booleans as
// "true"/"false", null as "", nested values as their JSON text.
func parseJSONObject(line []byte) ([]jsonField, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("not an object")
	}
	var fields []jsonField
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		val := string(raw)
		switch raw[0] {
		case '"':
			if err := json.Unmarshal(raw, &val); err != nil {
				return nil, err
			}
		case 'n':
			val = ""
		}
		fields = append(fields, jsonField{key, val})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("more than one value on the line")
	}
	return fields, nil
}
