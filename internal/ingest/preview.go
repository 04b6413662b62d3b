package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Sample is the start of a file as a person checks it before importing:
// its header, the mapping of the header to our fields, the first rows as
// they are in the file, and the problems of those rows.
type Sample struct {
	Header []string
	// Mapping is the header's mapping; with MapErr set, the columns that
	// were recognised (none when no required field is missing but an
	// override names no column).
	Mapping Mapping
	// MapErr says why the header cannot be mapped (a required field has
	// no column, an override names no column); the rows are not checked
	// then.
	MapErr error
	// Missing are the required fields without a column (see
	// MissingColumnError), when that is why MapErr is set.
	Missing []string
	Rows    [][]string // raw cells of the first rows, in header order
	Lines   []int      // the file line of each row
	// Errors are the problems of the rows shown, Later those of the rest
	// of the sample (Preview reads SampleSize bytes).
	Errors crm.RowErrors
	Later  crm.RowErrors
	// Profile is the export the file is read as (nil for none); Tally what
	// it left out or changed in the sample.
	Profile *ProfileUsed
	Tally   []Tally
}

// SampleSize is how much of a file Preview needs.
const SampleSize = 256 << 10

// ReadSample reads what Preview needs of a file: its first SampleSize
// bytes, or for an .xlsx workbook the first SampleSize bytes of its sheet
// (opt.Sheet) as CSV — a workbook is read whole to get at them.
func ReadSample(r io.Reader, opt Options) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, SampleSize))
	if err != nil || !IsWorkbook(data) {
		return data, err
	}
	rest, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	csv, err := workbookCSV(append(data, rest...), opt.Sheet, fileName(opt.File))
	if err != nil {
		return nil, err
	}
	return csv[:min(len(csv), SampleSize)], nil
}

// Preview reads up to n rows from data, the first SampleSize bytes (or all)
// of a file of kind. Only a file that cannot be read at all (empty, no
// header) is an error.
func Preview(data []byte, kind Kind, opt Options, n int) (*Sample, error) {
	data = toUTF8(data)
	if len(data) >= SampleSize { // a cut-off last line is not a problem of the file
		if i := bytes.LastIndexByte(data, '\n'); i > 0 {
			data = data[:i+1]
		}
	}
	opt.KeepRaw = true
	var raw map[int][]string
	var err error
	s := &Sample{}
	switch kind {
	case KindAccounts:
		raw, err = sampleRead(s, data, opt, ReadAccounts)
	case KindContacts:
		raw, err = sampleRead(s, data, opt, ReadContacts)
	case KindOrders:
		raw, err = sampleRead(s, data, opt, ReadOrders)
	case KindOrderLines:
		raw, err = sampleRead(s, data, opt, ReadOrderLines)
	case KindTouchpoints:
		raw, err = sampleRead(s, data, opt, ReadTouchpoints)
	case KindMentions:
		raw, err = sampleRead(s, data, opt, ReadMentions)
	case KindShipments:
		raw, err = sampleRead(s, data, opt, ReadShipments)
	case KindActivities:
		raw, err = sampleRead(s, data, opt, ReadActivities)
	case KindActivityTouches:
		raw, err = sampleRead(s, data, opt, ReadActivityTouches)
	default:
		_, err = ParseKind(string(kind))
		return nil, err
	}
	if err != nil {
		// The header cannot be mapped: show the first line's cells to map
		// by hand; a file without a header at all cannot be previewed.
		header, herr := sampleHeader(data, opt)
		if herr != nil {
			return nil, herr
		}
		s := &Sample{Header: header, Mapping: Mapping{}, MapErr: err}
		var miss *MissingColumnError
		if errors.As(err, &miss) && slices.Equal(miss.Header, header) {
			// Keep what was recognised; only the missing field is asked for.
			s.Mapping, s.Missing = miss.Mapping, miss.Missing
		}
		s.Rows, s.Lines = sampleRows(data, opt, len(header), n)
		return s, nil
	}
	lines := make([]int, 0, len(raw))
	for l := range raw {
		lines = append(lines, l)
	}
	slices.Sort(lines)
	for _, l := range lines[:min(n, len(lines))] {
		s.Rows = append(s.Rows, raw[l])
		s.Lines = append(s.Lines, l)
	}
	var errs crm.RowErrors
	last := 0
	if len(s.Lines) > 0 {
		last = s.Lines[len(s.Lines)-1]
	}
	for _, e := range s.Errors {
		if e.Line <= last {
			errs = append(errs, e)
		} else {
			s.Later = append(s.Later, e)
		}
	}
	s.Errors = errs
	return s, nil
}

func sampleRead[T any](s *Sample, data []byte, opt Options, read func(io.Reader, Options) (*Result[T], error)) (map[int][]string, error) {
	res, err := read(bytes.NewReader(data), opt)
	if err != nil {
		return nil, err
	}
	s.Header, s.Mapping, s.Errors, s.Profile, s.Tally = res.Header, res.Mapping, res.Errors, res.Profile, res.Tally
	return res.Raw, nil
}

// sampleHeader returns the header row of CSV data, or the keys of the first
// JSON object of JSON Lines data.
func sampleHeader(data []byte, opt Options) ([]string, error) {
	rest := bytes.TrimLeft(data, " \t\r\n")
	if len(rest) == 0 {
		return nil, crm.Errorf(crm.EINVALID, "%s: file is empty", fileName(opt.File))
	}
	if rest[0] == '{' {
		line, _, _ := bytes.Cut(rest, []byte("\n"))
		dec := json.NewDecoder(bytes.NewReader(line))
		if _, err := dec.Token(); err != nil {
			return nil, crm.Errorf(crm.EINVALID, "%s:1: not a JSON object: %v", fileName(opt.File), err)
		}
		var keys []string
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, crm.Errorf(crm.EINVALID, "%s:1: not a JSON object: %v", fileName(opt.File), err)
			}
			keys = append(keys, k.(string))
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, crm.Errorf(crm.EINVALID, "%s:1: not a JSON object: %v", fileName(opt.File), err)
			}
		}
		return keys, nil
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = SniffDelimiter(data[:min(len(data), sniffSize)])
	cr.FieldsPerRecord = -1
	for {
		rec, err := cr.Read()
		if err != nil {
			return nil, crm.Errorf(crm.EINVALID, "%s: cannot read the header: %v", fileName(opt.File), err)
		}
		if !blank(rec) {
			for i := range rec {
				rec[i] = strings.TrimSpace(rec[i])
			}
			return rec, nil
		}
	}
}

// sampleRows returns up to n rows of CSV data after its header (the first
// non-blank line), as they are, with their lines: what the file holds while
// its columns are not mapped yet. JSON Lines data gives none.
func sampleRows(data []byte, opt Options, width, n int) (rows [][]string, lines []int) {
	rest := bytes.TrimLeft(data, " \t\r\n")
	if len(rest) == 0 || rest[0] == '{' || n <= 0 {
		return nil, nil
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = SniffDelimiter(data[:min(len(data), sniffSize)])
	cr.FieldsPerRecord = -1
	header := true
	for len(rows) < n {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil || blank(rec) {
			continue
		}
		if header {
			header = false
			continue
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, rec[:min(len(rec), max(width, 1))])
		lines = append(lines, line)
	}
	return rows, lines
}
