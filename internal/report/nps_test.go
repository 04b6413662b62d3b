package report_test

import (
	"math"
	"testing"

	"github.com/vitalfew/vitalfew/internal/report"
)

// TestNPSCount: the acceptance checks of the NPS (portal-advocacy-anchors
// §6.4) and its margin of error.
func TestNPSCount(t *testing.T) {
	for _, tc := range []struct {
		name   string
		scores []int
		nps    float64 // NaN: none
		moe    float64 // NaN: none
	}{
		{"none", nil, math.NaN(), math.NaN()},
		{"a single 10", []int{10}, 100, math.NaN()},
		{"10 9 8 7 6 0", []int{10, 9, 8, 7, 6, 0}, 0, 100 * 1.96 * math.Sqrt((4.0/6)/6)},
		{"bands at their edges", []int{9, 8, 7, 6}, 0, 100 * 1.96 * math.Sqrt(0.5/4)},
		{"all detractors", []int{0, 3, 6}, -100, 0},
		{"one promoter of four", []int{10, 7, 8, 8}, 25, 100 * 1.96 * math.Sqrt((0.25-0.0625)/4)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c report.NPSCount
			for _, s := range tc.scores {
				c.Add(s)
			}
			nps, ok := c.Score()
			if ok != !math.IsNaN(tc.nps) || ok && math.Abs(nps-tc.nps) > 1e-9 {
				t.Errorf("NPS %v %v, want %v", nps, ok, tc.nps)
			}
			moe, ok := c.MarginOfError()
			if ok != !math.IsNaN(tc.moe) || ok && math.Abs(moe-tc.moe) > 1e-9 {
				t.Errorf("margin of error %v %v, want %v", moe, ok, tc.moe)
			}
		})
	}
}
