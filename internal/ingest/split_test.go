package ingest

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// quotedOrders is a CSV file of n rows, large enough to be read in parts,
// whose customer names are quoted and span two lines (one with an escaped
// quote), so that most split points first land inside a quoted field. It
// returns the file and, per row, the line it starts on and its name.
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

func TestSplitRecordsAtRecordEnds(t *testing.T) {
	data, _, _ := quotedOrders(100_000)
	from := bytes.IndexByte(data, '\n') + 1
	parts := splitRecords(data, from, 7)
	if len(parts) != 8 || parts[0] != from || parts[len(parts)-1] != len(data) {
		t.Fatalf("parts %v of %d bytes from %d, want 7 parts", parts, len(data), from)
	}
	for _, p := range parts[1 : len(parts)-1] {
		if data[p-1] != '\n' || bytes.Count(data[from:p], []byte{'"'})%2 != 0 {
			t.Fatalf("split at %d is inside a record: %q", p, data[p-20:p+20])
		}
		if !bytes.HasPrefix(data[p:], []byte("INV-")) {
			t.Fatalf("split at %d does not start a row: %q", p, data[p:p+20])
		}
	}
	if parts := splitRecords(data[:minPart], 0, 4); parts != nil {
		t.Fatalf("a small file is split: %v", parts)
	}
}

func TestReadInPartsKeepsRowsAndLines(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
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
