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
// that dates within the store's limits can give (ages and recencies of
// whole days up to 201 years, in weeks; mean spends within ±1e12), and a
// fit that reports success has scores that are numbers.
func FuzzFits(f *testing.F) {
	f.Add(summaries(2, 200, 273, 50, 0, 0, 273, 0, 5, 260, 273, 12.5), uint8(40))
	f.Add(summaries(0, 0, 73000, 0, 1, 1, 1, 1e12), uint8(200))
	f.Add(summaries(7, 7, 7, 1, 7, 1, 1, 1), uint8(255))
	f.Fuzz(func(t *testing.T, data []byte, copies uint8) {
		// 13-byte records: x (1), days to the last purchase (2), days of
		// age (2), mean spend (8); the records repeat over copies customers,
		// varied, so that there are enough to fit.
		var base []btyd.Customer
		for ; len(data) >= 13 && len(base) < 16; data = data[13:] {
			age := int(binary.LittleEndian.Uint16(data[3:5])) % 73416
			last := int(binary.LittleEndian.Uint16(data[1:3])) % (age + 1)
			spend := math.Abs(math.Float64frombits(binary.LittleEndian.Uint64(data[5:13])))
			if !(spend <= 1e12) {
				continue
			}
			c := btyd.Customer{X: int(data[0]) % (last + 1) % 64, T: float64(age) / 7}
			if c.X > 0 {
				c.Tx, c.Spend = float64(last)/7, spend
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
			if c.T += float64(i % 3); c.X > 0 {
				c.Tx += float64(i % 3)
			}
			cs = append(cs, c)
		}
		opt := btyd.ScoreOptions{Horizon: 52, Months: 12, MonthlyDiscount: 0.01, PeriodsPerMonth: btyd.Week.PeriodsPerMonth()}
		testkit.Within(t, 60*time.Second, "the fits", func() {
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

// summaries encodes (x, days to the last purchase, days of age, spend)
// quadruples as FuzzFits reads them.
func summaries(xs ...float64) []byte {
	var b []byte
	for i := 0; i+3 < len(xs); i += 4 {
		b = append(b, byte(xs[i]))
		b = binary.LittleEndian.AppendUint16(b, uint16(xs[i+1]))
		b = binary.LittleEndian.AppendUint16(b, uint16(xs[i+2]))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(xs[i+3]))
	}
	return b
}
