package health_test

import (
	"math"
	"testing"

	"github.com/vitalfew/vitalfew/internal/analytics/health"
)

// TestScore: the acceptance numbers of the reference (portal-advocacy
// anchors §6.4).
func TestScore(t *testing.T) {
	known := func(w, s float64) health.Component { return health.Component{Score: s, Weight: w, Known: true} }
	for _, c := range []struct {
		name string
		cs   []health.Component
		want float64
		band string
	}{
		{"the Vitally example (10, 10, 0)", []health.Component{known(1, 10), known(1, 10), known(1, 0)}, 20.0 / 3, health.Healthy},
		{"weights 0.4, 0.4, 0.2 on 10, 5, 0", []health.Component{known(0.4, 10), known(0.4, 5), known(0.2, 0)}, 6, health.Concerning},
		{"a null component is left out, the weights renormalise", []health.Component{known(0.4, 10), {Weight: 0.4, Score: 0}, known(0.2, 5)}, (0.4*10 + 0.2*5) / 0.6, health.Healthy},
		{"poor", []health.Component{known(1, 0), known(1, 5), known(1, 0)}, 5.0 / 3, health.Poor},
	} {
		got, ok := health.Score(c.cs)
		if !ok || math.Abs(got-c.want) > 1e-9 || health.BandOf(got) != c.band {
			t.Errorf("%s: %v %v (%s), want %v %s", c.name, got, ok, health.BandOf(got), c.want, c.band)
		}
	}
	if got, _ := health.Score([]health.Component{known(1, 10), known(1, 10), known(1, 0)}); math.Round(got*100)/100 != 6.67 {
		t.Errorf("the Vitally example rounds to %.2f, want 6.67", got)
	}
	if _, ok := health.Score([]health.Component{{Weight: 1, Score: 10}}); ok {
		t.Error("nothing known, yet a health")
	}
	for _, c := range []struct {
		h    float64
		band string
	}{{20.0 / 3, health.Healthy}, {10.0 / 3, health.Concerning}, {3.33, health.Poor}, {6.66, health.Concerning}, {10, health.Healthy}, {0, health.Poor}} {
		if got := health.BandOf(c.h); got != c.band {
			t.Errorf("band of %v: %s, want %s", c.h, got, c.band)
		}
	}
}

// TestStep: conditions scored 0, 5 or 10 either way round.
func TestStep(t *testing.T) {
	for _, c := range []struct {
		v, good, fair, want float64
	}{
		{0.8, 0.7, 0.3, 10}, {0.7, 0.7, 0.3, 10}, {0.5, 0.7, 0.3, 5}, {0.1, 0.7, 0.3, 0},
		{0.9, 1, 2, 10}, {1.5, 1, 2, 5}, {2.5, 1, 2, 0}, {math.NaN(), 1, 2, 0},
	} {
		if got := health.Step(c.v, c.good, c.fair); got != c.want {
			t.Errorf("Step(%v, %v, %v) = %v, want %v", c.v, c.good, c.fair, got, c.want)
		}
	}
	if health.Mean(10, 5, 0) != 5 || health.Mean() != 0 {
		t.Error("Mean")
	}
}
