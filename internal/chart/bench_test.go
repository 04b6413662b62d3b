package chart_test

import (
	"testing"

	"github.com/vitalfew/vitalfew/internal/chart"
)

// BenchmarkPareto100k draws the dashboard's Pareto chart over 100,000
// accounts (revenues sorted descending, three tiers).
func BenchmarkPareto100k(b *testing.B) {
	c := paretoChart("Revenue by customer", lognormal(100_000, 3000, 1.5))
	b.ReportAllocs()
	var size int
	for b.Loop() {
		size = len(c.SVG())
	}
	b.ReportMetric(float64(size), "bytes/svg")
}

// BenchmarkPareto100kUnsorted is the same with the revenues in no order, so
// that the chart ranks a copy first.
func BenchmarkPareto100kUnsorted(b *testing.B) {
	rev := lognormal(100_000, 3000, 1.5)
	for i := 0; i < len(rev)/2; i += 2 {
		rev[i], rev[len(rev)-1-i] = rev[len(rev)-1-i], rev[i]
	}
	c := chart.Pareto{Revenues: rev}
	b.ReportAllocs()
	for b.Loop() {
		c.SVG()
	}
}

// BenchmarkWhale100k draws the whale curve over 100,000 customers.
func BenchmarkWhale100k(b *testing.B) {
	c := chart.Whale{Profits: whaleProfits(lognormal(100_000, 3000, 1.5))}
	b.ReportAllocs()
	for b.Loop() {
		c.SVG()
	}
}
