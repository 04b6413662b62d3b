package ingest_test

// Fuzz targets for every reader (each kind, CSV and JSON Lines) and the
// date and amount parsers. Beyond "no panic, no hang", each checks what the
// rest of vitalfew relies on: every record a reader returns is one the
// store keeps (crm's limits), and every problem names a line. The seed
// corpus is below and in testdata/fuzz; docs/security.md has the runs.

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/ingest"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// fuzzDeadline is how long one input may take before it counts as a hang:
// far beyond what a fuzzer's inputs (a few KiB) need.
const fuzzDeadline = 10 * time.Second

// seeds are files of every kind and both formats, and hostile shapes; the
// exports in testdata/profiles are seeds too.
var seeds = []string{
	"invoice,customer,date,amount\nR1,Acme GmbH,2024-01-02,1234.56\nR2,Acme GmbH,03.01.2024,\"1.234,50\"\n",
	"Rechnungsnr;Kunde;Datum;Betrag\nN-1;Neukunde AG;01.02.2024;1.234,50\nN-2;Neukunde AG;31.02.2024;12\n",
	"customer_id\tname\temail\tsegment\nK1\tMüller GmbH\tinfo@mueller.de\tA\n",
	"customer,email,phone,name,title\nAcme,ann@acme.com,+49 30 1234,Ann,CEO\n",
	"invoice,line,sku,product,qty,price,amount,cost\nR1,1,S-1,Bolt,2,3.5,7,1\n",
	"ticket,customer,date,minutes,subject\nT1,Acme,2024-02-01,1:30,Broken\n",
	"platform,id,author,text,posted_at\nx,1,@ann,Where is my order?,1704067200\n",
	`{"customer":"Acme","date":"2024-01-02","amount":12.5,"invoice":"R1"}` + "\n" + `{"customer":"B","date":"2024-01-03","amount":"1,5"}` + "\n",
	`{"platform":"linkedin","url":"https://linkedin.com/x/1","text":"Great","posted_at":"2024-01-02T10:00:00Z"}` + "\n",
	"invoice,customer,date,amount\nR1,\x00,9999-12-31,1e308\nR2,=cmd|' /C calc'!A0,1899-01-01,-1e13\n",
	"\xef\xbb\xbfa,b\n\"unterminated\n",
	"\xff\xfei\x00n\x00v\x00o\x00i\x00c\x00e\x00\n\x00",
	"invoice,customer,date,amount\n" + strings.Repeat("R,A,2024-01-02,1\n", 50),
	strings.Repeat(",", 2000) + "\n1\n",
	"{\"a\":{\"b\":[1,2,{}]},\"customer\":null}\n{}\n{\n",
}

// checkResult checks a reader's result: records within the limits,
// problems with a line and in line order.
func checkResult[T any](t *testing.T, res *ingest.Result[T], err error, check func(*T) error) {
	if err != nil {
		var e *crm.Error
		if !errors.As(err, &e) || e.Code != crm.EINVALID {
			t.Fatalf("a file-level error is not EINVALID: %T %v", err, err)
		}
		if len(err.Error()) > 64<<10 {
			t.Fatalf("a file-level error of %d bytes", len(err.Error()))
		}
		return
	}
	for i := range res.Records {
		if err := check(&res.Records[i]); err != nil {
			t.Fatalf("record %d breaks a limit the store keeps: %v (%+v)", i, err, res.Records[i])
		}
	}
	for i, e := range res.Errors {
		if e.Line < 1 || e.Reason == "" || (i > 0 && e.Line < res.Errors[i-1].Line) {
			t.Fatalf("problem %d %+v: no line, no reason or out of order", i, e)
		}
	}
}

func fuzzReader[T any](f *testing.F, read func([]byte) (*ingest.Result[T], error), check func(*T) error) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	// The tools' exports and a workbook, so that the fuzzer starts inside
	// the profiles, the preambles and the .xlsx reader.
	files, _ := filepath.Glob("testdata/profiles/*")
	for _, name := range append(files, "testdata/xlsx/orders.xlsx") {
		if b, err := os.ReadFile(name); err == nil && len(b) <= 16<<10 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		testkit.Within(t, fuzzDeadline, "the reader", func() {
			res, err := read(data)
			checkResult(t, res, err, check)
		})
	})
}

func opts() ingest.Options { return ingest.Options{File: "fuzz.csv", KeepRaw: true} }

func FuzzReadAccounts(f *testing.F) {
	fuzzReader(f, func(b []byte) (*ingest.Result[crm.AccountRecord], error) {
		return ingest.ReadAccounts(bytes.NewReader(b), opts())
	}, func(r *crm.AccountRecord) error {
		return errors.Join(r.Account.Check(), r.ReferredBy.Check("referred_by"))
	})
}

func FuzzReadContacts(f *testing.F) {
	fuzzReader(f, func(b []byte) (*ingest.Result[crm.ContactRecord], error) {
		return ingest.ReadContacts(bytes.NewReader(b), opts())
	}, func(r *crm.ContactRecord) error { return errors.Join(r.Account.Check("customer"), r.Contact.Check()) })
}

func FuzzReadOrders(f *testing.F) {
	fuzzReader(f, func(b []byte) (*ingest.Result[crm.OrderRecord], error) {
		return ingest.ReadOrders(bytes.NewReader(b), opts())
	}, func(r *crm.OrderRecord) error {
		if r.Order.OrderedAt.IsZero() {
			return errors.New("no date")
		}
		return errors.Join(r.Account.Check("customer"), r.Order.Check())
	})
}

func FuzzReadOrderLines(f *testing.F) {
	fuzzReader(f, func(b []byte) (*ingest.Result[crm.OrderLineRecord], error) {
		return ingest.ReadOrderLines(bytes.NewReader(b), opts())
	}, func(r *crm.OrderLineRecord) error {
		return errors.Join(crm.Check(crm.Name("sku", r.SKU), crm.Text("product", r.ProductName), crm.Cents("unit_cost", r.UnitCost)),
			r.OrderLine.Check())
	})
}

func FuzzReadTouchpoints(f *testing.F) {
	fuzzReader(f, func(b []byte) (*ingest.Result[crm.TouchpointRecord], error) {
		return ingest.ReadTouchpoints(bytes.NewReader(b), opts())
	}, func(r *crm.TouchpointRecord) error {
		return errors.Join(r.Account.Check("customer"), r.Touchpoint.Check())
	})
}

func FuzzReadMentions(f *testing.F) {
	fuzzReader(f, func(b []byte) (*ingest.Result[crm.MentionRecord], error) {
		return ingest.ReadMentions(bytes.NewReader(b), opts())
	}, func(r *crm.MentionRecord) error {
		if r.Mention.PostedAt.IsZero() {
			return errors.New("no time")
		}
		return r.Mention.Check()
	})
}

// FuzzParseDate: a date parsed under any layout is a real calendar date at
// UTC midnight, and reading it back in ISO form gives it again.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "29.02.2024", "02/29/2024", "29/02/2024", "20240229", "2023-02-29",
		"1.1.24", "31.12.99999", "0000-00-00", "-2024-01-01", "2024-1-1", "  2024-01-02  ", "03/04/2024", "\x00"} {
		for _, l := range []string{"", ingest.DateISO, ingest.DateDMYDot, ingest.DateMDY, ingest.DateDMY, ingest.DateYYYYMMDD} {
			f.Add(s, l)
		}
	}
	f.Fuzz(func(t *testing.T, s, layout string) {
		testkit.Within(t, fuzzDeadline, "ParseDate", func() {
			d, err := ingest.ParseDate(s, layout)
			if err != nil {
				return
			}
			if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
				t.Fatalf("ParseDate(%q, %q) = %v, not UTC midnight", s, layout, d)
			}
			if d.Year() < 1 || d.Year() > 9999 {
				return // ISO cannot write it back; the limits refuse it anyway
			}
			back, err := ingest.ParseDate(d.Format(time.DateOnly), ingest.DateISO)
			if err != nil || !back.Equal(d) {
				t.Fatalf("ParseDate(%q, %q) = %v, read back as %v (%v)", s, layout, d, back, err)
			}
		})
	})
}

// FuzzParseAmount: an amount parsed under any convention is a number (not
// NaN), and a plain decimal written back reads as the same value.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1234.56", "1,234.56", "1.234,56", "1234,56", "1 234,56", "1'234.56", "€ 1.234,56",
		"$1,234.56", "-12,50 €", "12.50-", "(12.50)", "EUR 12", "12 USD", "1e308", "1e400", "NaN", "Inf", "-0",
		".5", "5.", "1,2,3", "--1", "()", "€", "0x10", "1_000"} {
		for _, conv := range []int{ingest.DecimalUnknown, ingest.DecimalPoint, ingest.DecimalComma} {
			f.Add(s, conv)
		}
	}
	f.Fuzz(func(t *testing.T, s string, conv int) {
		conv = ((conv % 3) + 3) % 3
		testkit.Within(t, fuzzDeadline, "ParseAmountAs", func() {
			v, err := ingest.ParseAmountAs(s, conv)
			if err != nil {
				return
			}
			if math.IsNaN(v) {
				t.Fatalf("ParseAmountAs(%q, %d) = NaN", s, conv)
			}
			if math.IsInf(v, 0) {
				return // refused by the limits (crm.CheckAmount) at every entry
			}
			plain := strconv.FormatFloat(v, 'f', -1, 64)
			if back, err := ingest.ParseAmountAs(plain, ingest.DecimalPoint); err != nil || back != v {
				t.Fatalf("ParseAmountAs(%q, %d) = %v; written %q it reads %v (%v)", s, conv, v, plain, back, err)
			}
		})
	})
}
