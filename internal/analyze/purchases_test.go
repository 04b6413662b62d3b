package analyze

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
	"github.com/vitalfew/vitalfew/internal/ingest"
)

// purchaseFile writes a plain customer_id,date,amount file with ids of every
// kind the reader tells apart: numbers, numbers beyond the dense table,
// "007" (not the number 7), codes, and ids a spreadsheet wrote as "14.0".
func purchaseFile(rows, customers int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 3))
	var b bytes.Buffer
	b.WriteString("customer_id,date,amount\n")
	start := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		c := rng.IntN(customers)
		var id string
		switch c % 5 {
		case 0:
			id = strconv.Itoa(c)
		case 1:
			id = fmt.Sprintf("%03d", c%40)
		case 2:
			id = fmt.Sprintf("K-%d", c)
		case 3:
			id = strconv.Itoa(c*1_000_003 + 5_000_000)
		case 4:
			id = strconv.Itoa(c - 4) // customer c-4 (case 0) written as a float
			if i%2 == 0 {
				id += ".0"
			}
		}
		day := start.AddDate(0, 0, rng.IntN(20+c%300)).Format(time.DateOnly)
		cents := int64(math.Exp(rng.NormFloat64()*1.2 + 7))
		if rng.IntN(12) == 0 {
			cents = -cents
		}
		amt := strconv.FormatFloat(float64(cents)/100, 'f', 2, 64)
		if cents > 100000 && i%3 == 0 {
			amt = `"` + strconv.FormatFloat(float64(cents/100), 'f', 0, 64)[:1] + "," + strconv.FormatFloat(float64(cents/100), 'f', 0, 64)[1:] + `.00"`
			amt = strings.Replace(amt, ".00", fmt.Sprintf(".%02d", cents%100), 1)
		}
		fmt.Fprintf(&b, "%s,%s,%s\n", id, day, amt)
	}
	return b.Bytes()
}

// importerPurchases reads data as `vitalfew fit` reads a file with the
// importer: one customer per customer_id, each with its purchases by day.
func importerPurchases(t *testing.T, data []byte) map[string][]btyd.Txn {
	t.Helper()
	res, err := ingest.ReadOrders(bytes.NewReader(data), ingest.Options{File: "t.csv"})
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("importer: %v %v", err, res.Errors)
	}
	ids := map[string]int32{}
	var keys []string
	log := make([]btyd.Txn, len(res.Records))
	for i, r := range res.Records {
		id, ok := ids[r.Account.ExternalID]
		if !ok {
			id = int32(len(keys))
			ids[r.Account.ExternalID] = id
			keys = append(keys, r.Account.ExternalID)
		}
		log[i] = btyd.Txn{Customer: id, Day: btyd.DayOf(r.Order.OrderedAt), Amount: r.Order.Amount.Float()}
	}
	out := map[string][]btyd.Txn{}
	for _, p := range btyd.Purchases(log) {
		k := keys[p.Customer]
		p.Customer = 0
		out[k] = append(out[k], p)
	}
	return out
}

// TestReadPurchasesMatchesImporter: the fast reader gives every customer
// the purchases the importer's reading gives, chunks cut anywhere, on one
// worker and on several (on one the amounts of a day are added in the
// file's order, bit for bit the importer's sums).
func TestReadPurchasesMatchesImporter(t *testing.T) {
	data := purchaseFile(30000, 2500, 4)
	want := importerPurchases(t, data)
	for _, c := range []struct{ workers, chunk int }{{1, 0}, {1, 5000}, {3, 7001}, {2, 0}} {
		t.Run(fmt.Sprintf("workers %d chunk %d", c.workers, c.chunk), func(t *testing.T) {
			l, err := ReadPurchases(bytes.NewReader(data), Options{File: "t.csv", Workers: c.workers, chunkSize: c.chunk})
			if err != nil {
				t.Fatal(err)
			}
			keys := l.g.keysOf(l.ndirect, l.cust)
			if k := keys[len(keys)/2].id; l.Key(int32(len(keys)/2)) != k {
				t.Errorf("Key(%d) = %q, want %q", len(keys)/2, l.Key(int32(len(keys)/2)), k)
			}
			got := map[string][]btyd.Txn{}
			for _, p := range l.Txns {
				k := keys[p.Customer].id
				p.Customer = 0
				got[k] = append(got[k], p)
			}
			if len(got) != len(want) {
				t.Fatalf("%d customers, the importer %d", len(got), len(want))
			}
			for k, w := range want {
				g := got[k]
				if len(g) != len(w) {
					t.Fatalf("customer %q: %d purchases, the importer %d", k, len(g), len(w))
				}
				for i := range w {
					exact := g[i] == w[i]
					if !exact && (c.workers == 1 || g[i].Day != w[i].Day || !near(g[i].Amount, w[i].Amount)) {
						t.Fatalf("customer %q purchase %d: %+v, the importer %+v", k, i, g[i], w[i])
					}
				}
			}
			if _, ok := got["14.0"]; ok {
				t.Error(`"14.0" read as a customer of its own, not as 14`)
			}
		})
	}
}

// TestReadPurchasesLeavesFiles: files that are not plain
// customer_id/date/amount files are left to the importer, and files with
// problems come back as errors (the importer names them).
func TestReadPurchasesLeavesFiles(t *testing.T) {
	for name, data := range map[string]string{
		"name key":  "customer,date,amount\nAcme,2024-01-01,5\n",
		"email key": "email,date,amount\na@b.de,2024-01-01,5\n",
		"preamble":  "Sales report\nJanuary\ncustomer_id,date,amount\n1,2024-01-01,5\n",
		"spaces":    "customer_id  date        amount\n1            2024-01-01  5\n",
	} {
		if _, err := ReadPurchases(strings.NewReader(data), Options{File: "t.csv"}); !errors.Is(err, ErrNotPlain) {
			t.Errorf("%s: %v, want ErrNotPlain", name, err)
		}
	}
	long := strings.Repeat("x", 501)
	for name, data := range map[string]string{
		"bad date":   "customer_id,date,amount\n1,2024-01-01,5\n2,2024-13-01,5\n",
		"no id":      "customer_id,date,amount\n,2024-01-01,5\n",
		"long id":    "customer_id,date,amount\n" + long + ",2024-01-01,5\n",
		"extra cell": "customer_id,date,amount\n1,2024-01-01,5,\n",
		"no rows":    "customer_id,date,amount\n",
		"bad amount": "customer_id,date,amount\n1,2024-01-01,five\n",
		"nbsp id":    "customer_id,date,amount\n1\u00a0,2024-01-01,5\n",
		"newline id": "customer_id,date,amount\n\"1\n\",2024-01-01,5\n",
		"bad email":  "customer_id,email,date,amount\n1,a@b.de,2024-01-01,5\n2,nobody,2024-01-01,5\n",
		"symbol":     "customer_id,date,amount,currency\n1,2024-01-01,5,EUR\n2,2024-01-01,5,€\n",
		"long name":  "customer_id,customer,date,amount\n1,Acme,2024-01-01,5\n2," + long + ",2024-01-01,5\n",
		"no amount":  "customer_id,date\n1,2024-01-01\n",
	} {
		if l, err := ReadPurchases(strings.NewReader(data), Options{File: "t.csv"}); err == nil || errors.Is(err, ErrNotPlain) {
			t.Errorf("%s: %+v, %v; want an error", name, l, err)
		}
	}
	l, err := ReadPurchases(strings.NewReader("customer_id,customer,email,invoice_id,date,amount,currency\n"+
		"1,Acme,a@acme.de,R-1,2024-01-01,5,EUR\n1,ACME AG,,R-2,2024-01-02,7,usd\n"), Options{File: "t.csv"})
	if err != nil || len(l.Txns) != 2 || l.Key(0) != "1" {
		t.Errorf("names, e-mail addresses, invoices and currencies: %+v, %v; want them checked and read", l, err)
	}
	var bad *BadRowsError
	if _, err := ReadPurchases(strings.NewReader("customer_id,date,amount\n1,2024-01-01,5\n2,2024-13-01,5\n"), Options{File: "t.csv"}); !errors.As(err, &bad) || bad.Rows[0].Line != 3 {
		t.Errorf("bad date: %v, want a BadRowsError naming line 3", err)
	}
}

// FuzzReadPurchasesAgreesWithImporter: whatever ReadPurchases reads, the
// importer reads too, to the same purchases customer by customer (it may
// leave to the importer what the importer reads, never the reverse).
func FuzzReadPurchasesAgreesWithImporter(f *testing.F) {
	for _, s := range []string{
		"customer_id,date,amount\n1,2024-01-02,10\n2,2024-01-03,20\n1,2024-02-01,-5\n1.0,2024-02-01,3\n",
		"Kundennummer;Datum;Betrag\n7;05.01.2024;1.234,56\n\"8\";06.01.2024;€ 99,50\n",
		"customer_id\tcustomer\tinvoice date\tnet\tcurrency\n7\tAcme\t20240102\t1e3\tEUR\n007\tAcme\t20240103\t2\tusd\n",
		"customer_id,email,date,amount\n\"a\nb\",x@y.de,2024-01-02,1\n\"x\"\"y\",,2024-01-02,2\n",
		"customer_id,date,amount\nA,03/04/2024,1\nB,04/03/2024,1\nA ,13/04/2024,2\n",
		"customer_id,date,quantity,unit_price\nA,2024-01-02,3,1.5\nB,2024-01-02,,2\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadPurchases(bytes.NewReader(data), Options{File: "fuzz.csv", Workers: 1})
		if err != nil {
			return
		}
		res, err := ingest.ReadOrders(bytes.NewReader(data), ingest.Options{File: "fuzz.csv"})
		if err != nil || len(res.Errors) > 0 {
			t.Fatalf("read fast, but the importer: %v %v", err, res.Errors)
		}
		want := importerPurchases(t, data)
		keys := l.g.keysOf(l.ndirect, l.cust)
		got := map[string][]btyd.Txn{}
		for _, p := range l.Txns {
			k := keys[p.Customer].id
			p.Customer = 0
			got[k] = append(got[k], p)
		}
		if len(got) != len(want) {
			t.Fatalf("%d customers %v, the importer %d %v", len(got), got, len(want), want)
		}
		for k, w := range want {
			if g := got[k]; !slices.Equal(g, w) {
				t.Fatalf("customer %q: %+v, the importer %+v", k, g, w)
			}
		}
	})
}

// TestReadPurchasesDecimalsOfTheWholeColumn: when the first block's
// amounts leave the decimal convention open or outvoted ("1.234") and the
// rest of the file settles it ("1.234,56"), the importer reads every amount
// under the whole column's convention; the fast reader must read what the
// importer reads or leave the file to it.
func TestReadPurchasesDecimalsOfTheWholeColumn(t *testing.T) {
	for _, early := range []string{"1.234", "1,234", "5", "1.5", "2,50"} {
		for _, late := range []string{"1.234,56", "1,234.56", "12,5", "12.5", "1,234"} {
			var b bytes.Buffer
			b.WriteString("customer_id,date,amount\n")
			for i := range 10000 {
				fmt.Fprintf(&b, "%d,2024-01-%02d,\"%s\"\n", i%50, 1+i%28, early)
			}
			for i := range 3 {
				fmt.Fprintf(&b, "%d,2024-02-03,\"%s\"\n", i, late)
			}
			data := b.Bytes()
			l, err := ReadPurchases(bytes.NewReader(data), Options{File: "t.csv", Workers: 2, chunkSize: 4096})
			if err != nil {
				continue // left to the importer
			}
			want := importerPurchases(t, data)
			keys := l.g.keysOf(l.ndirect, l.cust)
			for _, p := range l.Txns {
				k := keys[p.Customer].id
				w := want[k]
				i := slices.IndexFunc(w, func(x btyd.Txn) bool { return x.Day == p.Day })
				if i < 0 || !near(w[i].Amount, p.Amount) {
					t.Fatalf("first %q, then %q: customer %s on day %d: %v, the importer %v", early, late, k, p.Day, p.Amount, w)
				}
			}
		}
	}
}
