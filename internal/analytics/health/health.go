// Package health scores how an account is doing, as the customer-success
// tools do (Vitally, Gainsight): each component is the mean of conditions
// that score 0, 5 or 10; the health is the weighted mean of the
// components that are known, Σ wᵢ·cᵢ / Σ wᵢ, and falls in one of three
// equal bands: poor below 10/3, concerning below 20/3, healthy from there.
package health

import "math"

// The bands.
const (
	Poor       = "poor"
	Concerning = "concerning"
	Healthy    = "healthy"
)

// Component is one part of the health: its score (0..10, the mean of its
// conditions' 0, 5 or 10) and its weight. Known is false when there is
// nothing to score it on (no survey answer, no customer model): it is
// then left out, and the other weights count in its place.
type Component struct {
	Name   string
	Score  float64
	Known  bool
	Weight float64
}

// Mean is the score of a component from its conditions' scores (each 0, 5
// or 10).
func Mean(conditions ...float64) float64 {
	if len(conditions) == 0 {
		return 0
	}
	var sum float64
	for _, c := range conditions {
		sum += c
	}
	return sum / float64(len(conditions))
}

// Score is the health of the components: the weighted mean of the known
// ones with a positive weight; ok is false when there are none.
func Score(cs []Component) (h float64, ok bool) {
	var sum, weights float64
	for _, c := range cs {
		if !c.Known || !(c.Weight > 0) {
			continue
		}
		sum += c.Weight * c.Score
		weights += c.Weight
	}
	if weights == 0 {
		return 0, false
	}
	return sum / weights, true
}

// BandOf names the band of health h: poor below 10/3, concerning below
// 20/3, healthy from 20/3 on (exactly 20/3 is healthy).
func BandOf(h float64) string {
	const eps = 1e-9 // 20/3 computed as a mean lands a hair below it
	switch {
	case h < 10.0/3-eps:
		return Poor
	case h < 20.0/3-eps:
		return Concerning
	}
	return Healthy
}

// Step scores a value against two limits: 10 at or better than good, 5 at
// or better than fair, else 0. Higher is better when good ≥ fair, lower
// when good < fair. NaN scores 0.
func Step(v, good, fair float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	if good >= fair {
		switch {
		case v >= good:
			return 10
		case v >= fair:
			return 5
		}
		return 0
	}
	switch {
	case v <= good:
		return 10
	case v <= fair:
		return 5
	}
	return 0
}
