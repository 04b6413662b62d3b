package btyd_test

import (
	"math/rand/v2"
	"testing"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
)

// The benchmarks report CPU seconds (user+sys of the process) per operation
// next to wall time, since the machine is shared.

func cpuSeconds() float64 {
	return processCPU().Seconds()
}

func reportCPU(b *testing.B, start float64) {
	b.ReportMetric((cpuSeconds()-start)/float64(b.N), "cpu-s/op")
}

var (
	bgTrue = btyd.BGNBD{R: 0.2426, Alpha: 4.4136, A: 0.7929, B: 2.4259}
	pnTrue = btyd.ParetoNBD{R: 0.5533, Alpha: 10.5777, S: 0.6062, Beta: 11.6687}
)

// BenchmarkFitBGNBD1M fits BG/NBD to 1M customers simulated from the CDNOW
// estimates, with dates at day resolution (the summary of a real log).
func BenchmarkFitBGNBD1M(b *testing.B) {
	cs := simBGNBD(1_000_000, bgTrue, 1)
	b.ResetTimer()
	start := cpuSeconds()
	var fit btyd.Fit[btyd.BGNBD]
	for b.Loop() {
		var err error
		if fit, err = btyd.FitBGNBD(cs); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
	b.ReportMetric(float64(fit.Patterns), "patterns")
}

// BenchmarkFitBGNBD1MContinuous is the Python reference's set-up: every
// customer observed for T = 39 weeks, purchase times not rounded to days,
// so nearly every repeat customer is a pattern of their own.
func BenchmarkFitBGNBD1MContinuous(b *testing.B) {
	cs := simBGNBDWith(1_000_000, bgTrue, 1, func(*rand.Rand) float64 { return 39 }, func(t float64) float64 { return t })
	b.ResetTimer()
	start := cpuSeconds()
	var fit btyd.Fit[btyd.BGNBD]
	for b.Loop() {
		var err error
		if fit, err = btyd.FitBGNBD(cs); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
	b.ReportMetric(float64(fit.Patterns), "patterns")
}

// BenchmarkFitParetoNBD1M fits Pareto/NBD to 1M simulated customers.
func BenchmarkFitParetoNBD1M(b *testing.B) {
	cs := simParetoNBD(1_000_000, pnTrue, 2)
	b.ResetTimer()
	start := cpuSeconds()
	var fit btyd.Fit[btyd.ParetoNBD]
	for b.Loop() {
		var err error
		if fit, err = btyd.FitParetoNBD(cs); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
	b.ReportMetric(float64(fit.Patterns), "patterns")
}

// BenchmarkFitCDNOW is the three fits on CDNOW itself (2,357 customers; 946
// repeat customers for Gamma-Gamma), for comparison with the Python
// reference's 0.049 s, 0.33 s and 0.027 s.
func BenchmarkFitCDNOW(b *testing.B) {
	cs := cdnowSummary(b).Customers
	b.Run("BGNBD", func(b *testing.B) {
		for b.Loop() {
			if _, err := btyd.FitBGNBD(cs); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ParetoNBD", func(b *testing.B) {
		for b.Loop() {
			if _, err := btyd.FitParetoNBD(cs); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("GammaGamma", func(b *testing.B) {
		for b.Loop() {
			if _, err := btyd.FitGammaGamma(cs); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSummarize10M builds summaries from 10M transactions of 1M
// customers over two years, in random order, with a calibration and a
// holdout period.
func BenchmarkSummarize10M(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	txns := make([]btyd.Txn, 10_000_000)
	for i := range txns {
		txns[i] = btyd.Txn{Customer: int32(rng.IntN(1_000_000)), Day: int32(10000 + rng.IntN(730)), Amount: float64(rng.IntN(10000)) / 100}
	}
	opt := btyd.SummaryOptions{Unit: btyd.Week, CalibrationEnd: 10000 + 546, HoldoutEnd: 10000 + 729}
	b.ResetTimer()
	start := cpuSeconds()
	for b.Loop() {
		if _, err := btyd.Summarize(txns, opt); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkScore1M scores 1M customers: P(alive), expected purchases in the
// next 52 weeks, Gamma-Gamma spend and 12-month CLV.
func BenchmarkScore1M(b *testing.B) {
	cs := simBGNBD(1_000_000, bgTrue, 4)
	rng := rand.New(rand.NewPCG(4, 4))
	for i := range cs {
		if cs[i].X > 0 {
			cs[i].Spend = 5 + 60*rng.Float64()
		}
	}
	gg := btyd.GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}
	opt := btyd.ScoreOptions{Horizon: 52, Months: 12, MonthlyDiscount: 0.01, PeriodsPerMonth: btyd.Week.PeriodsPerMonth()}
	for _, c := range []struct {
		name string
		m    btyd.Model
	}{{"BGNBD", bgTrue}, {"ParetoNBD", pnTrue}} {
		b.Run(c.name, func(b *testing.B) {
			start := cpuSeconds()
			for b.Loop() {
				btyd.ScoreAll(c.m, gg, cs, opt)
			}
			reportCPU(b, start)
		})
	}
}
