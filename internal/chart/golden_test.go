package chart_test

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/chart"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// lognormal returns n revenues, largest first, spread like a B2B customer
// base: the quantiles of a log-normal distribution, rounded to cents.
func lognormal(n int, median, sigma float64) []float64 {
	rev := make([]float64, n)
	for i := range rev {
		p := 1 - (float64(i)+0.5)/float64(n)
		z := math.Sqrt2 * math.Erfinv(2*p-1)
		rev[i] = math.Round(median*math.Exp(sigma*z)*100) / 100
	}
	return rev
}

// paretoChart is the dashboard's Pareto chart for revenues sorted
// descending, tiered as the analytics tier them.
func paretoChart(title string, rev []float64) chart.Pareto {
	res := pareto.Summarize(rev, nil)
	c := chart.Pareto{Options: chart.Options{Title: title}, Revenues: rev}
	for _, t := range res.Tiers {
		c.Tiers = append(c.Tiers, chart.Tier{Name: t.Tier, Customers: t.Customers})
	}
	return c
}

func lorenzChart(title string, rev []float64) chart.Lorenz {
	res := pareto.Summarize(rev, nil)
	c := chart.Lorenz{Options: chart.Options{Title: title}, Gini: res.Gini}
	for _, p := range pareto.Lorenz(rev, 201) {
		c.Points = append(c.Points, chart.Point{X: p.Customers, Y: p.Revenue})
	}
	return c
}

// whaleCurve gives each customer of rev a cost to serve of 30% of its
// revenue plus service work that varies from 800 to 7,200 regardless of
// size, so that many small customers lose money, and returns the whale
// curve of their profits.
func whaleCurve(rev []float64) pareto.WhaleCurve {
	profits := make([]float64, len(rev))
	for i, r := range rev {
		service := 4000 * (0.2 + 1.6*math.Mod(float64(i)*0.6180339887, 1))
		profits[i] = math.Round((0.7*r-service)*100) / 100
	}
	return pareto.Whale(profits)
}

func month(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }

func monthly(from time.Time, vals ...float64) []chart.TimePoint {
	pts := make([]chart.TimePoint, len(vals))
	for i, v := range vals {
		pts[i] = chart.TimePoint{T: from.AddDate(0, i, 0), V: v}
	}
	return pts
}

// goldens are the fixed charts whose SVG is kept in testdata.
func goldens() map[string]chart.Chart {
	rev := lognormal(2000, 3000, 1.5)
	return map[string]chart.Chart{
		"pareto": paretoChart("Revenue by customer, last 12 months", rev),
		"pareto_small": chart.Pareto{
			Options:  chart.Options{Title: "Revenue of eight customers"},
			Revenues: []float64{48000, 21000, 12500, 8000, 4200, 3100, 2000, 1200},
			Names:    []string{"Müller Maschinenbau GmbH", "Acme & Sons", "Nordwind AG", "<b>Bold</b> Ltd", "Kaiser KG", "Baltic Trade", "Lumen SARL", "Tiny Co"},
			Tiers:    []chart.Tier{{Name: "A", Customers: 3}, {Name: "B", Customers: 2}, {Name: "C", Customers: 3}},
		},
		"lorenz": lorenzChart("How concentrated is revenue?", rev),
		"whale": chart.Whale{
			Options: chart.Options{Title: "Whale curve: cumulative profit after cost to serve"},
			Curve:   whaleCurve(rev),
		},
		"trend": chart.Trend{
			Options: chart.Options{Title: "Monthly revenue, two accounts"},
			Format:  chart.Money,
			YLabel:  "Revenue (EUR)",
			Series: []chart.Series{
				{Name: "Müller Maschinenbau GmbH", Points: monthly(month(2025, 1),
					41200, 38900, 45100, 47800, 44100, 51900, 49800, 30100, 52600, 58400, 61200, 55300,
					57100, 54800, 60200, 63900, 62100, 66800, 64400, 41800, 68900, 72300, 75100, 70800)},
				{Name: "Nordwind AG", Points: monthly(month(2025, 1),
					22100, 23900, 21800, 25200, 26900, 24100, 27300, 19800, 28800, 26400, 31100, 33900,
					32200, 30100, 29400, 27800, 25100, 26900, 24300, 17200, 23800, 22100, 20900, 19400)},
			},
		},
		"trend_single": chart.Trend{
			Options: chart.Options{Title: "Orders per month"},
			Format:  chart.Count,
			Series: []chart.Series{{Name: "Orders", Points: monthly(month(2026, 1),
				310, 298, 342, 365, 351, 389, 402, 288, 415, 433, 451)}},
		},
		"bars": chart.Bars{
			Options:    chart.Options{Title: "Service effort against revenue, by tier"},
			Format:     chart.Percent,
			Categories: []string{"Tier A", "Tier B", "Tier C"},
			Series: []chart.BarSeries{
				{Name: "Share of revenue", Values: []float64{0.798, 0.151, 0.051}},
				{Name: "Share of service hours", Values: []float64{0.312, 0.247, 0.441}},
			},
		},
		"sparkline": chart.Sparkline{
			Label:  "Monthly revenue",
			Format: chart.Money,
			Values: []float64{12100, 11800, 13400, 12900, 14100, 15800, 15100, 9800, 16200, 17400, 16900, 18300},
		},
		"empty": chart.Pareto{Options: chart.Options{Title: "Revenue by customer"}},
	}
}

// TestGolden compares every fixed chart with its file in testdata; run
// `go test ./internal/chart -run Golden -update` to rewrite them, then look
// at them (see testdata/README.md).
func TestGolden(t *testing.T) {
	for name, c := range goldens() {
		t.Run(name, func(t *testing.T) {
			got := c.SVG()
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s; if the change is intended, rerun with -update and look at the result", name, path)
			}
			checkSVG(t, got)
		})
	}
}
