package chart_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/chart"
)

// cpuTime is the process's user+system time so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchChart draws c b.N times, reporting the SVG size and the CPU time per
// chart (user+sys of the whole process, garbage collection included), which
// a busy shared machine disturbs less than wall time.
func benchChart(b *testing.B, c chart.Chart) {
	b.ReportAllocs()
	var size int
	start := cpuTime(b)
	for b.Loop() {
		size = len(c.SVG())
	}
	b.ReportMetric(float64(size), "bytes/svg")
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkPareto100k draws the dashboard's Pareto chart over 100,000
// accounts (revenues sorted descending, three tiers).
func BenchmarkPareto100k(b *testing.B) {
	benchChart(b, paretoChart("Revenue by customer", lognormal(100_000, 3000, 1.5)))
}

// BenchmarkPareto100kUnsorted is the same with the revenues in no order, so
// that the chart ranks a copy first.
func BenchmarkPareto100kUnsorted(b *testing.B) {
	rev := lognormal(100_000, 3000, 1.5)
	for i := 0; i < len(rev)/2; i += 2 {
		rev[i], rev[len(rev)-1-i] = rev[len(rev)-1-i], rev[i]
	}
	benchChart(b, chart.Pareto{Revenues: rev})
}

// BenchmarkWhale100k draws the whale curve over 100,000 customers.
func BenchmarkWhale100k(b *testing.B) {
	benchChart(b, chart.Whale{Curve: whaleCurve(lognormal(100_000, 3000, 1.5))})
}

// BenchmarkTrend draws two monthly series over two years, as Account 360
// does.
func BenchmarkTrend(b *testing.B) {
	benchChart(b, goldens()["trend"])
}
