// Command gen writes a raw transaction log in the shape lifetimes' users
// fit BG/NBD to: customer_id,date,amount, one row per order, in date order.
//
// Customers are simulated from BG/NBD at the CDNOW estimates (r 0.243,
// α 4.414 in weeks, a 0.793, b 2.426; Fader, Hardie & Lee 2005): each is
// acquired (its first order) on a day of the first 12 weeks and observed to
// the end of the second year; after every order it drops out with probability p.
// Amounts are log-normal (median about 27, as CDNOW's) in cents. One million
// customers give about 2.8M rows.
//
//	go run ./bench/fit/gen -customers 1000000 > log.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"time"
)

func main() {
	customers := flag.Int("customers", 1_000_000, "customers")
	days := flag.Int("days", 730, "days observed from the start of acquisition")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	if err := gen(w, *customers, *days, *seed); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

type order struct {
	day   int32
	cust  int32
	cents int64
}

func gen(w *bufio.Writer, customers, days int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 13))
	const r, alpha, a, b = 0.243, 4.414, 0.793, 2.426
	var log []order
	amount := func() int64 { return int64(math.Round(100 * math.Exp(3.3+0.6*rng.NormFloat64()))) }
	for c := range customers {
		start := rng.IntN(84)
		lambda := gamma(rng, r) / alpha // per week
		p := beta(rng, a, b)
		log = append(log, order{int32(start), int32(c + 1), amount()})
		t := float64(start) / 7
		end := float64(days) / 7
		for lambda > 0 && rng.Float64() >= p {
			t += rng.ExpFloat64() / lambda
			if t >= end {
				break
			}
			log = append(log, order{int32(t * 7), int32(c + 1), amount()})
		}
	}
	slices.SortStableFunc(log, func(x, y order) int { return int(x.day - y.day) })
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	w.WriteString("customer_id,date,amount\n")
	var buf []byte
	for _, o := range log {
		buf = strconv.AppendInt(buf[:0], int64(o.cust), 10)
		buf = append(buf, ',')
		buf = base.AddDate(0, 0, int(o.day)).AppendFormat(buf, time.DateOnly)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, o.cents/100, 10)
		buf = append(buf, '.', byte('0'+o.cents%100/10), byte('0'+o.cents%10), '\n')
		w.Write(buf)
	}
	return w.Flush()
}

// gamma draws from Gamma(shape k, scale 1) (Marsaglia & Tsang; k < 1
// through k+1 and U^(1/k)).
func gamma(rng *rand.Rand, k float64) float64 {
	if k < 1 {
		return gamma(rng, k+1) * math.Pow(rng.Float64(), 1/k)
	}
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

func beta(rng *rand.Rand, a, b float64) float64 {
	x := gamma(rng, a)
	return x / (x + gamma(rng, b))
}
