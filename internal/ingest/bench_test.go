package ingest

import (
	"bytes"
	"fmt"
	"testing"
)

// ordersCSV generates n rows of a realistic orders export.
func ordersCSV(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 52)
	b.WriteString("customer_id,customer,invoice_id,date,amount,currency\n")
	for i := range n {
		c := i % 5000
		fmt.Fprintf(&b, "C%05d,Customer %d GmbH,INV-%07d,2024-%02d-%02d,%d.%02d,EUR\n",
			c, c, i, 1+i%12, 1+i%28, 10+i%9000, i%100)
	}
	return b.Bytes()
}

func BenchmarkReadOrders1M(b *testing.B) {
	data := ordersCSV(1_000_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := ReadOrders(bytes.NewReader(data), Options{File: "bench.csv"})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Records) != 1_000_000 || len(res.Errors) != 0 {
			b.Fatalf("got %d records, %d errors", len(res.Records), len(res.Errors))
		}
	}
}

// BenchmarkReadOrdersGerman1M reads a ';'-separated export without invoice
// numbers (content keys), with dd.mm.yyyy dates and 1.234,56 amounts.
func BenchmarkReadOrdersGerman1M(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("Kundennummer;Kunde;Rechnungsdatum;Nettobetrag;Währung\n")
	for i := range 1_000_000 {
		c := i % 5000
		fmt.Fprintf(&buf, "%05d;Kunde %d GmbH;%02d.%02d.2024;%d.%03d,%02d;EUR\n", c, c, 1+i%28, 1+i%12, 1+i%9, i/9%1000, i%100)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := ReadOrders(bytes.NewReader(data), Options{File: "bench.csv"})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Records) != 1_000_000 || len(res.Errors) != 0 {
			b.Fatalf("got %d records, %d errors", len(res.Records), len(res.Errors))
		}
	}
}
