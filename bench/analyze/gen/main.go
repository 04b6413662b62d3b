// Command gen writes a deterministic transactions CSV for the analyze
// benchmark: customer_id,date,amount with ISO dates over five years
// (2020-01-01 .. 2024-12-31, in date order) and heavy-tailed amounts.
// Customer ids are numbers (1 .. customers), or with -textids codes like
// "C0001234", or with -names names like "Customer 1234 GmbH" in a customer
// column instead of customer_id.
//
//	go run ./bench/analyze/gen -rows 1000000 -customers 100000 > tx.csv
//	go run ./bench/analyze/gen -rows 1000000 -customers 100000 -textids > tx-text.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"time"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "transactions")
	customers := flag.Int("customers", 100_000, "customers")
	seed := flag.Uint64("seed", 1, "random seed")
	textIDs := flag.Bool("textids", false, `customer ids like "C0001234" instead of numbers`)
	names := flag.Bool("names", false, `a customer column with names like "Customer 1234 GmbH" instead of customer_id`)
	flag.Parse()
	ids := idNum
	switch {
	case *textIDs && *names:
		fmt.Fprintln(os.Stderr, "gen: -textids and -names exclude each other")
		os.Exit(2)
	case *textIDs:
		ids = idText
	case *names:
		ids = idName
	}
	if err := gen(bufio.NewWriterSize(os.Stdout, 1<<20), *rows, *customers, *seed, ids); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// Kinds of customer ids.
const (
	idNum  = iota // 1234
	idText        // C0001234
	idName        // Customer 1234 GmbH
)

// legalForms vary the names' endings a little.
var legalForms = []string{"GmbH", "AG", "KG", "Ltd", "Inc.", "SARL", "BV", "Oy"}

func gen(w *bufio.Writer, rows, customers int, seed uint64, ids int) error {
	rng := rand.New(rand.NewPCG(seed, 42))
	// Each customer has a spend level drawn from a Pareto distribution
	// (alpha 1.3), so revenue is concentrated roughly 80/20 once purchase
	// frequency (also skewed, below) is added.
	level := make([]float64, customers)
	for i := range level {
		level[i] = 20 / math.Pow(1-rng.Float64(), 1/1.3)
	}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	if ids == idName {
		w.WriteString("customer,date,amount\n")
	} else {
		w.WriteString("customer_id,date,amount\n")
	}
	buf := make([]byte, 0, 64)
	for i := range rows {
		// Frequent buyers: an index skewed towards 0, then spread over the
		// id space by a multiplicative bijection (7919 is prime and does
		// not divide 10^k customers).
		u := rng.Float64()
		c := int(float64(customers) * u * u)
		id := (c*7919+13)%customers + 1
		day := i * days / rows
		amt := level[c] * math.Exp(rng.NormFloat64()*0.8-0.32)
		if rng.IntN(100) == 0 {
			amt = -amt / 2 // a credit note
		}
		buf = buf[:0]
		switch ids {
		case idNum:
			buf = strconv.AppendInt(buf, int64(id), 10)
		case idText:
			buf = fmt.Appendf(buf, "C%07d", id)
		case idName:
			buf = fmt.Appendf(buf, "Customer %d %s", id, legalForms[id%len(legalForms)])
		}
		buf = append(buf, ',')
		buf = start.AddDate(0, 0, day).AppendFormat(buf, time.DateOnly)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, math.Round(amt*100)/100, 'f', 2, 64)
		buf = append(buf, '\n')
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return w.Flush()
}
