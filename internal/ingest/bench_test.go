package ingest

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
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

// BenchmarkReadStripePayments1M reads a Stripe payments export of 1M
// charges (one in 20 refunded in part, one in 50 failed) through its
// profile.
func BenchmarkReadStripePayments1M(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("id,Created date (UTC),Amount,Amount Refunded,Currency,Captured,Fee,Status,Customer ID,Customer Description,Customer Email\n")
	for i := range 1_000_000 {
		c := i % 100_000
		status, refunded := "Paid", "0.00"
		switch {
		case i%50 == 0:
			status = "Failed"
		case i%20 == 0:
			refunded = "5.00"
		}
		fmt.Fprintf(&buf, "ch_%08d,2025-%02d-%02d 10:%02d:00,%d.%02d,%s,eur,true,0.59,%s,cus_%06d,Kunde %d GmbH,billing@k%d.example\n",
			i, 1+i%12, 1+i%28, i%60, 10+i%900, i%100, refunded, status, c, c, c)
	}
	benchRead(b, buf.Bytes(), 980_000)
}

// BenchmarkReadXeroInvoices1M reads a Xero invoices export of 1M lines,
// four to an invoice, through its profile (each invoice counted once).
func BenchmarkReadXeroInvoices1M(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("ContactName,EmailAddress,InvoiceNumber,Reference,InvoiceDate,DueDate,Total,TaxTotal,InvoiceAmountPaid,InvoiceAmountDue," +
		"InventoryItemCode,Description,Quantity,UnitAmount,Discount,LineAmount,AccountCode,TaxType,TaxAmount,Currency,Type,Sent,Status\n")
	for i := range 1_000_000 {
		inv, c := i/4, i/4%100_000
		fmt.Fprintf(&buf, "Kunde %d Ltd,ap@k%d.example,INV-%07d,,%02d Jan 2026,%02d Feb 2026,480.00,80.00,480.00,0.00,,Service,1.0000,100.00,,100.00,200,20%% (VAT on Income),20.00,GBP,Sales Invoice,Sent,Paid\n",
			c, c, inv, 1+inv%28, 1+inv%28)
	}
	benchRead(b, buf.Bytes(), 250_000)
}

// BenchmarkReadWorkbook100k reads an .xlsx workbook of 100k orders (the
// workbook is written with excelize's stream writer, as a large export
// would be).
func BenchmarkReadWorkbook100k(b *testing.B) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"invoice", "customer", "date", "amount"})
	for i := range 100_000 {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{fmt.Sprintf("R%07d", i), fmt.Sprintf("Kunde %d GmbH", i%10_000), fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28), float64(10+i%900) + float64(i%100)/100})
	}
	sw.Flush()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	benchRead(b, buf.Bytes(), 100_000)
}

// benchRead reads data as orders and wants n records and no problems.
func benchRead(b *testing.B, data []byte, n int) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := ReadOrders(bytes.NewReader(data), Options{File: "bench.csv"})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Records) != n || len(res.Errors) != 0 {
			b.Fatalf("got %d records, %d errors (%v)", len(res.Records), len(res.Errors), res.Errors[:min(3, len(res.Errors))])
		}
	}
}
