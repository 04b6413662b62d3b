package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
)

const cdnowFile = "testdata/cdnow_orders.csv"

func openFile(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestFitFastReadSameAsImporter: on the CDNOW orders the fast reader and
// the importer give the same purchases, the same summaries (customer by
// customer, every field) and the same fits, holdout checks and tracking
// curves, bit for bit.
func TestFitFastReadSameAsImporter(t *testing.T) {
	fast, err := fastFitLog(openFile(t, cdnowFile), cdnowFile, nil, "")
	if err != nil {
		t.Fatalf("the fast reader does not read the CDNOW orders: %v", err)
	}
	slow, err := generalFitLog(openFile(t, cdnowFile), cdnowFile, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if fast.last != slow.last || fast.customers != slow.customers || len(fast.txns) != len(slow.txns) {
		t.Fatalf("fast: last day %d, %d customers, %d purchases; importer: %d, %d, %d",
			fast.last, fast.customers, len(fast.txns), slow.last, slow.customers, len(slow.txns))
	}
	opt := btyd.SummaryOptions{Unit: btyd.Week,
		CalibrationEnd: btyd.DayOf(time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC)),
		HoldoutEnd:     btyd.DayOf(time.Date(1998, 6, 30, 0, 0, 0, 0, time.UTC))}
	fs, err := btyd.Summarize(fast.txns, opt)
	if err != nil {
		t.Fatal(err)
	}
	ss, err := btyd.Summarize(slow.txns, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs.Customers) != len(ss.Customers) {
		t.Fatalf("%d customers summarised, the importer's %d", len(fs.Customers), len(ss.Customers))
	}
	for i, c := range fs.Customers {
		s := ss.Customers[i]
		if fast.shown(int32(c.ID)) != slow.shown(int32(s.ID)) {
			t.Fatalf("customer %d is %q, the importer's %q", i, fast.shown(int32(c.ID)), slow.shown(int32(s.ID)))
		}
		c.ID, s.ID = 0, 0
		if c != s {
			t.Fatalf("customer %q: %+v, the importer's %+v", fast.shown(int32(fs.Customers[i].ID)), c, s)
		}
	}
	if !reflect.DeepEqual(fs.Repeats, ss.Repeats) || fs.Start != ss.Start || fs.Holdout != ss.Holdout {
		t.Errorf("tracking data differ")
	}
	fb, err1 := btyd.FitBGNBD(fs.Customers)
	sb, err2 := btyd.FitBGNBD(ss.Customers)
	if err1 != nil || err2 != nil || !reflect.DeepEqual(fb, sb) {
		t.Errorf("BG/NBD: %+v %v, the importer's %+v %v", fb, err1, sb, err2)
	}
	fp, err1 := btyd.FitParetoNBD(fs.Customers)
	sp, err2 := btyd.FitParetoNBD(ss.Customers)
	if err1 != nil || err2 != nil || !reflect.DeepEqual(fp, sp) {
		t.Errorf("Pareto/NBD: %+v %v, the importer's %+v %v", fp, err1, sp, err2)
	}
	fg, err1 := btyd.FitGammaGamma(fs.Customers)
	sg, err2 := btyd.FitGammaGamma(ss.Customers)
	if err1 != nil || err2 != nil || !reflect.DeepEqual(fg, sg) {
		t.Errorf("Gamma-Gamma: %+v %v, the importer's %+v %v", fg, err1, sg, err2)
	}
	if fv, sv := btyd.Validate(fb.Params, fs.Customers, fs.Holdout, 7), btyd.Validate(sb.Params, ss.Customers, ss.Holdout, 7); !reflect.DeepEqual(fv, sv) {
		t.Errorf("holdout: %+v, the importer's %+v", fv, sv)
	}
	if ft, st := btyd.Track(fb.Params, fs), btyd.Track(sb.Params, ss); !reflect.DeepEqual(ft, st) {
		t.Errorf("tracking: %+v, the importer's %+v", ft, st)
	}
}

// TestFitReadNamesProblemsByLine: a file the fast reader finds a problem in
// is read again by the importer, from a file (rewound) or from a stream
// (what was read is kept), and the problems are named as the importer names
// them, FILE:LINE: field: reason; a file the importer accepts and the fast
// reader does not (a trailing empty cell, a name as the key) reads as the
// importer reads it.
func TestFitReadNamesProblemsByLine(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, data, want string
	}{
		{"bad date", "customer_id,date,amount\nK1,2024-01-05,10\nK2,2024-13-01,5\nK1,2024-02-01,abc\n", "bad.csv:3: date"},
		{"bad amount", "customer_id,date,amount\nK1,2024-01-05,10\nK1,2024-02-01,abc\n", "bad.csv:3: amount"},
		{"no customer", "customer_id,date,amount\nK1,2024-01-05,10\n,2024-02-01,4\n", "bad.csv:3: customer"},
		{"short row", "customer_id,date,amount\nK1,2024-01-05,10\nK1,2024-02-01\n", "bad.csv:3: row has 2 cells"},
		{"bad email", "customer_id,email,date,amount\nK1,a@b.de,2024-01-05,10\nK1,nobody,2024-02-01,7\n", "bad.csv:3: email"},
		{"bad currency", "customer_id,date,amount,currency\nK1,2024-01-05,10,EUR\nK1,2024-02-01,7,E\n", "bad.csv:3: currency"},
		{"accepted: currency symbol", "customer_id,date,amount,currency\nK1,2024-01-05,10,EUR\nK1,2024-02-01,7,€\nK2,2024-02-03,2,eur\n", ""},
		{"accepted: trailing empty cell", "customer_id,date,amount\nK1,2024-01-05,10,\nK1,2024-02-01,7\nK2,2024-02-03,2\n", ""},
		{"accepted: name key", "customer,date,amount\nAcme,2024-01-05,10\nACME,2024-02-01,7\nBeta,2024-02-03,2\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, "bad.csv")
			if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			want, wantErr := generalFitLog(strings.NewReader(c.data), "bad.csv", nil, "")
			fromFile, errFile := readFitLog(openFile(t, path), "bad.csv", nil, "")
			// A stream: no Seek.
			fromStream, errStream := readFitLog(io.MultiReader(bytes.NewReader([]byte(c.data))), "bad.csv", nil, "")
			for _, got := range []struct {
				how string
				l   *fitLog
				err error
			}{{"file", fromFile, errFile}, {"stream", fromStream, errStream}} {
				if c.want != "" {
					if got.err == nil || wantErr == nil || got.err.Error() != wantErr.Error() || !strings.Contains(got.err.Error(), c.want) {
						t.Errorf("%s: %v; want the importer's %v, mentioning %q", got.how, got.err, wantErr, c.want)
					}
					continue
				}
				if got.err != nil || wantErr != nil || !reflect.DeepEqual(got.l.txns, want.txns) || got.l.last != want.last || got.l.customers != want.customers {
					t.Errorf("%s: %+v %v; want the importer's %+v %v", got.how, got.l, got.err, want, wantErr)
				}
			}
		})
	}
}
