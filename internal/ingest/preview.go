package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Sample is the start of a file as a person checks it before importing:
// its header, the mapping of the header to our fields, the first rows as
// they are in the file, and the problems of those rows.
type Sample struct {
	Header  []string
	Mapping Mapping // empty when MapErr is set
	// MapErr says why the header cannot be mapped (a required field has
	// no column, an override names no column); the rows are not checked
	// then.
	MapErr error
	Rows   [][]string // raw cells of the first rows, in header order
	Lines  []int      // the file line of each row
	Errors crm.RowErrors
}

// SampleSize is how much of a file Preview needs.
const SampleSize = 256 << 10

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
	header, err := sampleHeader(data, opt)
	if err != nil {
		return nil, err
	}
	s := &Sample{Header: header}
	if s.Mapping, s.MapErr = mapHeader(kind, header, opt.Map, opt.File, opt.Form); s.MapErr != nil {
		s.Mapping = Mapping{}
		return s, nil
	}
	opt.KeepRaw = true
	var raw map[int][]string
	switch kind {
	case KindAccounts:
		raw, s.Errors, err = sampleRead(data, opt, ReadAccounts)
	case KindContacts:
		raw, s.Errors, err = sampleRead(data, opt, ReadContacts)
	case KindOrders:
		raw, s.Errors, err = sampleRead(data, opt, ReadOrders)
	case KindOrderLines:
		raw, s.Errors, err = sampleRead(data, opt, ReadOrderLines)
	case KindTouchpoints:
		raw, s.Errors, err = sampleRead(data, opt, ReadTouchpoints)
	case KindMentions:
		raw, s.Errors, err = sampleRead(data, opt, ReadMentions)
	}
	if err != nil {
		s.MapErr = err
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
		}
	}
	s.Errors = errs
	return s, nil
}

func sampleRead[T any](data []byte, opt Options, read func(io.Reader, Options) (*Result[T], error)) (map[int][]string, crm.RowErrors, error) {
	res, err := read(bytes.NewReader(data), opt)
	if err != nil {
		return nil, nil, err
	}
	return res.Raw, res.Errors, nil
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
