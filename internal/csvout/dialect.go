package csvout

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Dialect is a flavour of CSV for the program that opens the file.
type Dialect string

const (
	// Standard is RFC 4180: commas, a decimal point. What every CSV of
	// vitalfew is written as.
	Standard Dialect = "standard"
	// ExcelDE is what Excel set to German opens with a double click:
	// semicolons between cells, a decimal comma in numbers, and a UTF-8 byte
	// order mark so that umlauts come out right.
	ExcelDE Dialect = "excel-de"
)

// Dialects lists the dialects, Standard first.
var Dialects = []Dialect{Standard, ExcelDE}

// ParseDialect reads a dialect's name; EINVALID for another.
func ParseDialect(s string) (Dialect, error) {
	for _, d := range Dialects {
		if string(d) == s {
			return d, nil
		}
	}
	return "", crm.Errorf(crm.EINVALID, "%q is not one of standard, excel-de", s)
}

// decimal matches a number as vitalfew's CSV writes it: "-12.5", "336006.36".
var decimal = regexp.MustCompile(`^-?[0-9]+\.[0-9]+$`)

// Rewrite returns a writer that takes CSV in the Standard dialect and writes
// it to dst in dialect d; Close writes what is left and returns the first
// error. For Standard it passes the bytes through.
func Rewrite(dst io.Writer, d Dialect) io.WriteCloser {
	if d == Standard || d == "" {
		return nopCloser{dst}
	}
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := convert(dst, pr)
		pr.CloseWithError(err) // a writer still writing gets the error
		done <- err
	}()
	return &rewriter{pw: pw, done: done}
}

func convert(dst io.Writer, src io.Reader) error {
	r := csv.NewReader(src)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	if _, err := io.WriteString(dst, "\ufeff"); err != nil {
		return err
	}
	w := csv.NewWriter(dst)
	w.Comma = ';'
	w.UseCRLF = true // as Excel writes it
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		for i, c := range rec {
			if decimal.MatchString(c) {
				rec[i] = strings.Replace(c, ".", ",", 1)
			}
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

type rewriter struct {
	pw   *io.PipeWriter
	done chan error
}

func (r *rewriter) Write(p []byte) (int, error) { return r.pw.Write(p) }

func (r *rewriter) Close() error {
	r.pw.Close()
	return <-r.done
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
