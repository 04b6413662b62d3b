package btyd_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
)

// TestStagedFitSameOptimum: with more than 200k patterns (purchase times
// not rounded to days) a fit first runs on a subsample; the optimum it ends
// at must be the one of the full data, found without the stage.
func TestStagedFitSameOptimum(t *testing.T) {
	if testing.Short() {
		t.Skip("fits 500k customers")
	}
	cs := simBGNBDWith(500_000, bgTrue, 11, func(*rand.Rand) float64 { return 39 }, func(t float64) float64 { return t })
	theta, ll, patterns, err := btyd.FitBGNBDUnstaged(cs)
	if err != nil {
		t.Fatal(err)
	}
	if patterns < 200_000 {
		t.Fatalf("only %d patterns: the staged path is not taken", patterns)
	}
	fit, err := btyd.FitBGNBD(cs)
	if err != nil {
		t.Fatal(err)
	}
	got := []float64{fit.Params.R, fit.Params.Alpha, fit.Params.A, fit.Params.B}
	for i, v := range got {
		if want := math.Exp(theta[i]); math.Abs(v-want) > 1e-6*want {
			t.Errorf("param %d: staged %.10g, unstaged %.10g", i, v, want)
		}
	}
	if math.Abs(fit.LogLik-ll) > 1e-6 {
		t.Errorf("log-likelihood: staged %.9f, unstaged %.9f", fit.LogLik, ll)
	}
}
