package btyd_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
)

// TestFitGroupsCustomersExactly: the fits sum the likelihood over distinct
// (x, t_x, T) patterns. Over 120k customers (grouped on several cores) with
// purchase times not rounded, every customer repeated, t_x of customers
// without repeats set to anything and 0 written as −0 too, the patterns counted must
// be the distinct customers, and the log-likelihood the fit reports the sum
// of the customers' own log-likelihoods at the fitted parameters.
func TestFitGroupsCustomersExactly(t *testing.T) {
	base := simBGNBDWith(60_000, bgTrue, 5, func(*rand.Rand) float64 { return 39 }, func(t float64) float64 { return t })
	distinct := 1 // every customer without repeats: x = 0, T = 39
	for _, c := range base {
		if c.X > 0 {
			distinct++
		}
	}
	cs := append([]btyd.Customer(nil), base...)
	for i, c := range base {
		if c.X == 0 {
			if i%2 == 0 {
				c.Tx = 7.5 // no repeats: t_x means nothing
			} else {
				c.Tx = math.Copysign(0, -1)
			}
		}
		cs = append(cs, c)
	}
	for x := 1; x <= 8; x++ { // a last purchase at time 0, written as 0 and as −0
		cs = append(cs, btyd.Customer{X: x, T: 39}, btyd.Customer{X: x, Tx: math.Copysign(0, -1), T: 39})
		distinct++
	}
	fit, err := btyd.FitBGNBD(cs)
	if err != nil {
		t.Fatal(err)
	}
	if fit.Patterns != distinct {
		t.Errorf("patterns = %d, want %d", fit.Patterns, distinct)
	}
	var ll float64
	for _, c := range cs {
		ll += fit.Params.LogLik(c)
	}
	if math.Abs(fit.LogLik-ll) > 1e-9*math.Abs(ll) {
		t.Errorf("fit log-likelihood %.6f, sum over customers %.6f", fit.LogLik, ll)
	}
}
