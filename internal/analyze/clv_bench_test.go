package analyze

import (
	"bufio"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// gammaRand draws from Gamma(shape, 1) (Marsaglia and Tsang; shape < 1
// through Gamma(shape+1)·U^(1/shape)).
func gammaRand(rng *rand.Rand, shape float64) float64 {
	if shape < 1 {
		return gammaRand(rng, shape+1) * math.Pow(rng.Float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		if u := rng.Float64(); math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// writeCLVBenchFile writes about rows transactions (customer_id,date,amount,
// in customer order) of customers who follow Pareto/NBD: each starts on a
// day of the first two of five years (2020-2024), buys at a weekly rate
// from Gamma(0.8, 1/4) (mean 0.2) until a drop-out from an exponential
// lifetime with rate from Gamma(0.6, 1/40), with amounts log-normal around
// a level from a Pareto distribution. The customer count is what it takes
// to reach rows.
func writeCLVBenchFile(b testing.TB, path string, rows int) (customers int) {
	b.Helper()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("customer_id,date,amount\n")
	rng := rand.New(rand.NewPCG(3, 7))
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	const weeks = 5 * 365 / 7.0
	for n := 0; n < rows; {
		customers++
		lambda := gammaRand(rng, 0.8) / 4
		mu := gammaRand(rng, 0.6) / 40
		level := 20 / math.Pow(1-rng.Float64(), 1/1.3)
		first := rng.Float64() * 104
		end := min(weeks, first+rng.ExpFloat64()/mu)
		for t := first; t < end && n < rows; t += rng.ExpFloat64() / lambda {
			w.WriteString(strconv.Itoa(customers))
			w.WriteByte(',')
			w.WriteString(start.AddDate(0, 0, int(7*t)).Format(time.DateOnly))
			w.WriteByte(',')
			w.WriteString(strconv.FormatFloat(math.Round(level*math.Exp(rng.NormFloat64()*0.5)*100)/100, 'f', 2, 64))
			w.WriteByte('\n')
			n++
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return customers
}

// BenchmarkAnalyzeCLV1M is analyze with Options.CLV on 1M Pareto/NBD
// transactions (44,887 customers), reporting the CPU time of the
// process per run next to the wall time. VITALFEW_CLV_BENCH_FILE keeps
// the generated file at that path for timing the command line on it.
func BenchmarkAnalyzeCLV1M(b *testing.B) {
	path := os.Getenv("VITALFEW_CLV_BENCH_FILE")
	if path == "" {
		path = b.TempDir() + "/clv1m.csv"
	}
	customers := writeCLVBenchFile(b, path, 1_000_000)
	b.ReportMetric(float64(customers), "customers")
	for _, clv := range []bool{false, true} {
		name := "default"
		if clv {
			name = "clv"
		}
		b.Run(name, func(b *testing.B) {
			var ru0, ru1 syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
			for b.Loop() {
				f, err := os.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				res, err := Run(f, Options{File: path, CLV: clv})
				if err != nil {
					b.Fatal(err)
				}
				if clv && res.CLV.Model == nil {
					b.Fatalf("no model: %s", res.CLV.Note)
				}
				f.Close()
			}
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
			cpu := time.Duration(ru1.Utime.Nano()+ru1.Stime.Nano()-ru0.Utime.Nano()-ru0.Stime.Nano()) / time.Duration(b.N)
			b.ReportMetric(cpu.Seconds()*1000, "cpu-ms/op")
		})
	}
}
