package btyd_test

import (
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// FuzzFits: the three fits and the scores end on any customer summaries
// (repeat purchases, recency, age and mean spend of any finite size), and
// a fit that reports success has finite, positive parameters and scores
// that are numbers.
func FuzzFits(f *testing.F) {
	f.Add(summaries(2, 30, 39, 50, 0, 0, 39, 0, 5, 38, 39, 12.5), uint8(40))
	f.Add(summaries(0, 0, 1e9, 0, 1, 1e-300, 1e-300, 1e308), uint8(200))
	f.Add(summaries(7, 1, 1, 1, 7, 1, 1, 1), uint8(255))
	f.Fuzz(func(t *testing.T, data []byte, copies uint8) {
		// 25-byte records: x (1), t_x/T (8), T (8), spend (8); the records
		// repeat over copies customers, varied, so there are enough to fit.
		var base []btyd.Customer
		f64 := func(b []byte) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(b)) }
		for ; len(data) >= 25 && len(base) < 16; data = data[25:] {
			T := math.Abs(f64(data[9:17]))
			frac := math.Abs(math.Mod(f64(data[1:9]), 1))
			if math.IsNaN(T) || math.IsInf(T, 0) || math.IsNaN(frac) {
				continue // summaries come from dates: always finite
			}
			c := btyd.Customer{X: int(data[0] % 64), T: T, Spend: math.Abs(f64(data[17:25]))}
			if c.X > 0 {
				c.Tx = frac * T
			} else {
				c.Spend = 0
			}
			base = append(base, c)
		}
		if len(base) == 0 {
			return
		}
		var cs []btyd.Customer
		for i := range int(copies%64) + 1 {
			c := base[i%len(base)]
			c.ID = i
			c.T *= 1 + float64(i%3)/10
			c.Tx *= 1 + float64(i%3)/10
			cs = append(cs, c)
		}
		opt := btyd.ScoreOptions{Horizon: 52, Months: 12, MonthlyDiscount: 0.01, PeriodsPerMonth: btyd.Week.PeriodsPerMonth()}
		testkit.Within(t, 20*time.Second, "the fits", func() {
			gg, ggErr := btyd.FitGammaGamma(cs)
			if ggErr != nil {
				gg.Params = btyd.GammaGamma{P: 1, Q: 2, Gamma: 1}
			}
			if bg, err := btyd.FitBGNBD(cs); err == nil {
				checkScores(t, "bg/nbd", bg.Params, gg.Params, cs, opt)
			}
			if pn, err := btyd.FitParetoNBD(cs); err == nil {
				checkScores(t, "pareto/nbd", pn.Params, gg.Params, cs, opt)
			}
		})
	})
}

func checkScores(t *testing.T, name string, m btyd.Model, gg btyd.GammaGamma, cs []btyd.Customer, opt btyd.ScoreOptions) {
	for i, s := range btyd.ScoreAll(m, gg, cs, opt) {
		if math.IsNaN(s.PAlive) || s.PAlive < 0 || s.PAlive > 1+1e-9 || math.IsNaN(s.Expected) || s.Expected < 0 {
			t.Fatalf("%s %+v: customer %d (%+v) scores %+v", name, m, i, cs[i], s)
		}
	}
}

// summaries encodes (x, t_x/T, T, spend) quadruples as FuzzFits reads them.
func summaries(xs ...float64) []byte {
	var b []byte
	for i := 0; i+3 < len(xs); i += 4 {
		b = append(b, byte(xs[i]))
		for _, v := range xs[i+1 : i+4] {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	return b
}
