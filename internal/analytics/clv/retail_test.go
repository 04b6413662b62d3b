package clv_test

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// retailSource is UCI Online Retail as ../shared/data/retail holds it,
// relative to this package's directory.
const retailSource = "../../../../shared/data/retail/online_retail.csv.gz"

// TestRetailPurchaseLogFromSource derives the purchase log of
// testdata/online_retail_purchases.csv.gz again from UCI Online Retail when
// the source file is at hand (skipped otherwise): lines without a
// CustomerID are not purchases of a known customer; a line's amount is
// Quantity × UnitPrice, an invoice's the sum of its lines; credit notes
// (InvoiceNo C…, all negative) are not purchases; one customer's invoices of
// one day are one purchase. Amounts are summed exactly, in thousandths
// (UnitPrice has up to three decimals).
func TestRetailPurchaseLogFromSource(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 541,909 lines")
	}
	if _, err := os.Stat(retailSource); err != nil {
		t.Skipf("%s not at hand", retailSource)
	}
	rows, err := csv.NewReader(gzipReader(t, retailSource)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 541_910 || strings.Join(rows[0], ",") != "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country" {
		t.Fatalf("%d rows, header %q", len(rows), rows[0])
	}
	type invoice struct {
		customer, day string
		total         int64
	}
	invoices := map[string]*invoice{}
	for _, r := range rows[1:] {
		if r[6] == "" {
			continue
		}
		q, err1 := strconv.ParseInt(r[3], 10, 64)
		p, err2 := thousandths(r[5])
		at, err3 := time.Parse("1/2/2006 15:04", r[4])
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("row %q: %v %v %v", r, err1, err2, err3)
		}
		day := at.Format(time.DateOnly)
		inv := invoices[r[0]]
		if inv == nil {
			inv = &invoice{customer: r[6], day: day}
			invoices[r[0]] = inv
		}
		if inv.customer != r[6] || inv.day != day {
			t.Fatalf("invoice %s has lines of customers %s, %s on days %s, %s", r[0], inv.customer, r[6], inv.day, day)
		}
		inv.total += q * p
	}
	type key struct{ customer, day string }
	want := map[key]int64{}
	for no, inv := range invoices {
		if strings.HasPrefix(no, "C") {
			if inv.total >= 0 {
				t.Fatalf("credit note %s totals %d", no, inv.total)
			}
			continue
		}
		if inv.total < 0 {
			t.Fatalf("invoice %s totals %d", no, inv.total)
		}
		want[key{inv.customer, inv.day}] += inv.total
	}
	got, err := csv.NewReader(gzipReader(t, "testdata/online_retail_purchases.csv.gz")).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(got)-1 != len(want) {
		t.Errorf("%d purchases in testdata, %d derived", len(got)-1, len(want))
	}
	for _, r := range got[1:] {
		a, err := thousandths(r[2])
		if w, ok := want[key{r[0], r[1]}]; err != nil || !ok || a != w {
			t.Errorf("testdata %q: derived %d thousandths (%v)", r, w, ok)
		}
	}
}

// thousandths reads a decimal with at most three decimals as an integer
// number of thousandths.
func thousandths(s string) (int64, error) {
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 3 {
		return 0, strconv.ErrSyntax
	}
	frac += strings.Repeat("0", 3-len(frac))
	neg := strings.HasPrefix(whole, "-")
	w, err := strconv.ParseInt(strings.TrimPrefix(whole, "-"), 10, 64)
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0, err
	}
	if neg {
		return -(w*1000 + f), nil
	}
	return w*1000 + f, nil
}
