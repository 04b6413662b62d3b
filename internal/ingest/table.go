package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
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
	t.errs = append(t.errs, crm.RowError{File: t.file, Line: line, Reason: fmt.Sprintf(format, args...)})
}

// readTable reads a CSV or JSON Lines file and maps its header for kind.
func readTable(r io.Reader, kind Kind, opt Options) (*table, error) {
	t := &table{kind: kind, file: fileName(opt.File)}
	data, err := readAll(r)
	if err != nil {
		return nil, fmt.Errorf("ingest: read %s: %w", t.file, err)
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

// setHeader maps the header and lays out the slots.
func (t *table) setHeader(header []string, opt Options, rowsHint int) error {
	m, err := mapHeader(t.kind, header, opt.Map, t.file, opt.Form)
	if err != nil {
		return err
	}
	t.header, t.m = header, m
	t.slots = make(map[string]int, len(m))
	all, _ := Fields(t.kind)
	for _, f := range all {
		if col, ok := m[f]; ok {
			t.slots[f] = len(t.cols)
			t.fields = append(t.fields, f)
			t.cols = append(t.cols, col)
		}
	}
	t.lines = make([]int, 0, rowsHint)
	t.cells = make([]string, 0, rowsHint*len(t.cols))
	return nil
}

// addRow stores the mapped cells of one row.
func (t *table) addRow(line int, rec []string) {
	for _, c := range t.cols {
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

func (t *table) readCSV(data []byte, opt Options) error {
	t.comma = SniffDelimiter(data[:min(len(data), sniffSize)])
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = t.comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true

	var header []string
	for header == nil {
		rec, err := cr.Read()
		if err == io.EOF {
			return crm.Errorf(crm.EINVALID, "%s: file is empty", t.file)
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return crm.Errorf(crm.EINVALID, "%s:%d: cannot read the header: %v", t.file, pe.StartLine, pe.Err)
			}
			return fmt.Errorf("ingest: read %s: %w", t.file, err)
		}
		if blank(rec) {
			continue
		}
		if len(rec) > crm.MaxColumns {
			line, _ := cr.FieldPos(0)
			return crm.Errorf(crm.EINVALID, "%s:%d: the header has %d columns; at most %d are read", t.file, line, len(rec), crm.MaxColumns)
		}
		if n := cr.InputOffset(); n > crm.MaxRowBytes {
			line, _ := cr.FieldPos(0)
			return crm.Errorf(crm.EINVALID, "%s:%d: the header is larger than %d MiB", t.file, line, crm.MaxRowBytes>>20)
		}
		header = make([]string, len(rec))
		for i, h := range rec {
			header[i] = strings.TrimSpace(h)
		}
	}
	if err := t.setHeader(header, opt, bytes.Count(data, []byte{'\n'})+1); err != nil {
		return err
	}

	width := len(header)
	for {
		off := cr.InputOffset()
		rec, err := cr.Read()
		if err == io.EOF {
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
		line, _ := cr.FieldPos(0)
		if strings.TrimSpace(rec[0]) == "" && blank(rec) {
			continue
		}
		if size := cr.InputOffset() - off; size > crm.MaxRowBytes || len(rec) > crm.MaxColumns {
			// Too large to keep, even for a rejects file.
			t.rowError(line, "row is larger than %d MiB or has more than %d cells", crm.MaxRowBytes>>20, crm.MaxColumns)
			continue
		}
		if t.raw != nil {
			t.raw[line] = append([]string(nil), rec...)
		}
		if n := len(rec); n != width && (n < width || !blank(rec[width:])) {
			t.rowError(line, "row has %d cells, header has %d", n, width)
			continue
		}
		t.addRow(line, rec)
	}
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
	for lineNo := 1; len(data) > 0; lineNo++ {
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
