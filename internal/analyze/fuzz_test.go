package analyze

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// FuzzAnalyze runs the parallel scanner over any input: it must not panic
// or hang, its figures must add up (tiers to the whole, shares within 0..1,
// all finite), and cutting the file into chunks of a few bytes over two
// workers must give exactly what one worker over one chunk gives.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"customer,date,amount\nA,2024-01-02,10\nB,2024-01-03,20\nA,2024-02-01,-5\n",
		"Kunde;Datum;Betrag\nMüller;05.01.2024;1.234,56\n\"Schulz; AG\";06.01.2024;€ 99,50\n",
		"customer_id\tcustomer\tinvoice date\tnet\n7\tAcme\t20240102\t1e3\n007\tAcme\t20240103\t2\n",
		"customer,date,amount\n\"a\nb\",2024-01-02,1\n\"x\"\"y\",2024-01-02,2\n",
		"customer,date,amount\nA,9999-12-31,1e308\nB,1899-12-31,-1e13\nC,2024-01-02,NaN\n",
		"customer,date,amount\nA,03/04/2024,1\nB,04/03/2024,1\n",
		"customer,date,amount\n" + strings.Repeat("A,2024-01-02,1\n", 40),
		"customer,date,amount\nA,2024-01-02\n\"unterminated,2024-01-02,1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		testkit.Within(t, 10*time.Second, "analyze", func() {
			one, err1 := Run(bytes.NewReader(data), Options{File: "fuzz.csv", Workers: 1})
			many, err2 := Run(bytes.NewReader(data), Options{File: "fuzz.csv", Workers: 2, chunkSize: 7})
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("one worker: %v; two over small chunks: %v", err1, err2)
			}
			if err1 != nil {
				var rows crm.RowErrors
				if crm.ErrorCode(err1) != crm.EINVALID && !errors.As(err1, &rows) {
					t.Fatalf("error %T %v is not about the input", err1, err1)
				}
				return
			}
			checkSums(t, one)
			a, _ := json.Marshal(one)
			b, _ := json.Marshal(many)
			if err := testkit.SameJSON(a, b); err != nil {
				t.Fatalf("one worker and two over small chunks differ: %v", err)
			}
		})
	})
}

func checkSums(t *testing.T, r *Result) {
	var rev float64
	n := 0
	for _, tier := range r.Tiers {
		rev += tier.Revenue
		n += tier.Customers
	}
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	if n != r.Customers || !finite(r.Revenue) || math.Abs(rev-r.Revenue) > 1e-6*math.Max(1, math.Abs(r.Revenue)) {
		t.Fatalf("tiers add to %d customers and %v, the whole is %d and %v", n, rev, r.Customers, r.Revenue)
	}
	if !finite(r.Gini) || !finite(r.Top20Share) || r.Top20Share < -1e-9 || r.Top20Share > 1+1e-9 {
		t.Fatalf("gini %v, top-20%% share %v", r.Gini, r.Top20Share)
	}
	for _, c := range r.Top {
		if !finite(c.Revenue) || c.Share < -1e-9 || c.Share > 1+1e-9 {
			t.Fatalf("top customer %+v", c)
		}
	}
}
