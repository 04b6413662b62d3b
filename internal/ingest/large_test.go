package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// quotedOrders is a CSV file of n rows whose customer names are quoted and
// span two lines (one with an escaped quote). It returns the file and, per
// row, the line it starts on and its name.
func quotedOrders(n int) (data []byte, lines []int, names []string) {
	var b bytes.Buffer
	b.WriteString("invoice,customer,date,amount\n")
	line := 2
	for i := range n {
		name := fmt.Sprintf("Customer %d GmbH\nz. Hd. \"Einkauf\" x%s", i, strings.Repeat("x", i%40))
		fmt.Fprintf(&b, "INV-%d,\"%s\",2024-01-%02d,%d.50\n", i, strings.ReplaceAll(name, `"`, `""`), 1+i%28, i%1000)
		lines, names = append(lines, line), append(names, name)
		line += 2
	}
	return b.Bytes(), lines, names
}

func TestReadQuotedMultilineRows(t *testing.T) {
	data, lines, names := quotedOrders(100_000)
	res, err := ReadOrders(bytes.NewReader(data), Options{File: "q.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 || len(res.Records) != len(names) {
		t.Fatalf("%d records, %d errors (%v), want %d records", len(res.Records), len(res.Errors), res.Errors.Error(), len(names))
	}
	for i, r := range res.Records {
		if r.Line != lines[i] || r.Account.Name != names[i] || r.Order.ExternalID != fmt.Sprintf("INV-%d", i) {
			t.Fatalf("record %d: line %d, name %q, invoice %q; want line %d, name %q", i, r.Line, r.Account.Name, r.Order.ExternalID, lines[i], names[i])
		}
	}

	// A bare quote late in the file: every other row is read, and the
	// malformed one is reported on its line.
	bad := bytes.Replace(data, []byte("INV-99000,"), []byte(`INV-99000 5" pipe,`), 1)
	res, err = ReadOrders(bytes.NewReader(bad), Options{File: "q.csv"})
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(`q.csv:%d: malformed CSV: bare " in non-quoted-field`, lines[99000])
	if got := res.Errors.Error(); !strings.HasPrefix(got, want) {
		t.Fatalf("errors = %.300s, want first %s", got, want)
	}
	if res.Records[0].Line != 2 || res.Records[len(res.Records)-1].Account.Name != names[len(names)-1] {
		t.Fatalf("rows around the malformed one: first line %d, last name %q", res.Records[0].Line, res.Records[len(res.Records)-1].Account.Name)
	}
}

func TestContentKeysCountDownALargeFile(t *testing.T) {
	// Every 1000th row has no invoice number and the same content: its
	// content keys must count 0, 1, 2 … down the file. Every 7777th row
	// has a bad amount.
	var b bytes.Buffer
	b.WriteString("invoice,customer_id,date,amount\n")
	var bad []string
	valid := 0
	for i := range 120_000 {
		inv, cust, date, amount := fmt.Sprintf("INV-%d", i), fmt.Sprintf("C%d", i%3000), fmt.Sprintf("2024-02-%02d", 1+i%28), fmt.Sprintf("%d.25", i%500)
		if i%1000 == 0 {
			inv, cust, date, amount = "", "CX", "2024-02-01", "10.00"
		}
		if i%7777 == 0 {
			amount = "x"
			bad = append(bad, fmt.Sprintf(`big.csv:%d: amount: not a number: "x"`, i+2))
		} else {
			valid++
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", inv, cust, date, amount)
	}
	res, err := ReadOrders(bytes.NewReader(b.Bytes()), Options{File: "big.csv"})
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, bad)
	if len(res.Records) != valid {
		t.Fatalf("%d records, want %d", len(res.Records), valid)
	}
	var prefix string
	next, prevLine := 0, 0
	for _, r := range res.Records {
		if r.Line <= prevLine {
			t.Fatalf("line %d after line %d", r.Line, prevLine)
		}
		prevLine = r.Line
		if !strings.HasPrefix(r.Order.ExternalID, "k:") {
			continue
		}
		p, n, _ := strings.Cut(r.Order.ExternalID[2:], ":")
		if prefix == "" {
			prefix = p
		}
		if p != prefix || n != fmt.Sprint(next) {
			t.Fatalf("line %d: key %s, want k:%s:%d", r.Line, r.Order.ExternalID, prefix, next)
		}
		next++
	}
	if next != 119 {
		t.Fatalf("%d rows with content keys, want 119", next)
	}
}
