package attribution_test

import (
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/attribution"
)

const (
	a1 = 1 // Spring webinar, $2,000
	a2 = 2 // LinkedIn ads, $3,000
	a3 = 3 // Trade show, $5,000
	wm = 9 // a referral from a customer: not marketing
)

func day(n int) time.Time { return time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n) }

// reference are the new customers of marketing-anchors.md §7, valued at
// their first-year revenue in cents.
func reference() []attribution.Customer {
	return []attribution.Customer{
		{ID: 1, Since: day(30), Value: 600_000, Touches: []attribution.Touch{{Activity: a1, Marketing: true, Day: day(10)}, {Activity: a2, Marketing: true, Day: day(0)}}},
		{ID: 2, Since: day(45), Value: 400_000, Touches: []attribution.Touch{{Activity: a3, Marketing: true, Day: day(40)}}},
		{ID: 3, Since: day(50), Value: 1_000_000, Touches: []attribution.Touch{{Activity: wm, Marketing: false, Day: day(50)}}},
		{ID: 4, Since: day(60), Value: 200_000, Touches: []attribution.Touch{{Activity: a1, Marketing: true, Day: day(55)}}},
	}
}

func TestReferenceExample(t *testing.T) {
	for _, tc := range []struct {
		model attribution.Model
		want  map[int64]int64 // credit in cents by activity
	}{
		{attribution.FirstTouch, map[int64]int64{a1: 200_000, a2: 600_000, a3: 400_000}},
		{attribution.LastTouch, map[int64]int64{a1: 800_000, a2: 0, a3: 400_000}},
		{attribution.Linear, map[int64]int64{a1: 500_000, a2: 300_000, a3: 400_000}},
		{attribution.UShaped, map[int64]int64{a1: 500_000, a2: 300_000, a3: 400_000}},
		{attribution.WShaped, map[int64]int64{a1: 500_000, a2: 300_000, a3: 400_000}},
		{attribution.TimeDecay, map[int64]int64{a1: 437_478 + 200_000, a2: 162_522, a3: 400_000}},
	} {
		t.Run(string(tc.model), func(t *testing.T) {
			r, err := attribution.Attribute(tc.model, reference())
			if err != nil {
				t.Fatal(err)
			}
			got := map[int64]int64{}
			var sum int64
			for _, c := range r.Credits {
				got[c.Activity] = c.Cents
				sum += c.Cents
			}
			for a, w := range tc.want {
				if got[a] != w {
					t.Errorf("activity %d: %d cents, want %d (all %v)", a, got[a], w, got)
				}
			}
			if sum != 1_200_000 || r.MarketingValue != 1_200_000 || got[wm] != 0 {
				t.Errorf("credits sum to %d, marketing value %d, referral %d; want 1200000, 1200000, 0", sum, r.MarketingValue, got[wm])
			}
			want := map[int64]attribution.Origin{1: attribution.Marketing, 2: attribution.Marketing, 3: attribution.NonMarketing, 4: attribution.Marketing}
			for id, o := range want {
				if r.Origins[id] != o {
					t.Errorf("customer %d: %s, want %s", id, r.Origins[id], o)
				}
			}
		})
	}
}

func floats(ws []*big.Rat) []float64 {
	out := make([]float64, len(ws))
	for i, w := range ws {
		out[i], _ = w.Float64()
	}
	return out
}

func TestWeights(t *testing.T) {
	for _, tc := range []struct {
		model attribution.Model
		n     int
		want  []float64
	}{
		{attribution.UShaped, 1, []float64{1}},
		{attribution.UShaped, 2, []float64{0.5, 0.5}},
		{attribution.UShaped, 3, []float64{0.4, 0.2, 0.4}},
		{attribution.UShaped, 4, []float64{0.4, 0.1, 0.1, 0.4}},
		{attribution.WShaped, 1, []float64{1}},
		{attribution.WShaped, 2, []float64{0.5, 0.5}},
		{attribution.WShaped, 3, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}},
		{attribution.WShaped, 4, []float64{0.3, 0.3, 0.1, 0.3}},
		{attribution.WShaped, 5, []float64{0.3, 0.05, 0.3, 0.05, 0.3}},
		{attribution.Linear, 3, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}},
		{attribution.FirstTouch, 3, []float64{1, 0, 0}},
		{attribution.LastTouch, 3, []float64{0, 0, 1}},
	} {
		got := floats(attribution.Weights(tc.model, make([]int, tc.n)))
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s, %d touches: %v, want %v", tc.model, tc.n, got, tc.want)
		}
	}
	// The reference's time decay: C1's touches 30 and 20 days before.
	got := floats(attribution.Weights(attribution.TimeDecay, []int{30, 20}))
	raw := []float64{0.051271, 0.138011}
	for i := range got {
		if want := raw[i] / (raw[0] + raw[1]); got[i]-want > 1e-6 || want-got[i] > 1e-6 {
			t.Errorf("time decay weight %d: %v, want %v", i, got[i], want)
		}
	}
}

func TestAllocate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cents int64
		model attribution.Model
		ages  []int
		want  []int64
	}{
		{"U-shaped [A2, A1, A3] on $10,000", 1_000_000, attribution.UShaped, []int{20, 10, 0}, []int64{400_000, 200_000, 400_000}},
		{"time decay of C1", 600_000, attribution.TimeDecay, []int{30, 20}, []int64{162_522, 437_478}},
		{"a cent in three", 1, attribution.Linear, []int{0, 0, 0}, []int64{1, 0, 0}},
		{"100 cents in three", 100, attribution.Linear, []int{0, 0, 0}, []int64{34, 33, 33}},
		{"a negative value", -100, attribution.Linear, []int{0, 0, 0}, []int64{-34, -33, -33}},
		{"nothing", 0, attribution.UShaped, []int{3, 2, 1}, []int64{0, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := attribution.Allocate(tc.cents, attribution.Weights(tc.model, tc.ages))
			if !slices.Equal(got, tc.want) {
				t.Errorf("%v, want %v", got, tc.want)
			}
		})
	}
}

// TestSelfReports: a customer's word and a tracked touch of the same
// activity on the same day are one touch; the agreement counts the
// customers with both kinds whose first ones name the same activity
// (the reference's check 8: 2 of 2).
func TestSelfReports(t *testing.T) {
	cs := reference()
	cs[0].Touches = append(cs[0].Touches, attribution.Touch{Activity: a2, Marketing: true, Day: day(0), SelfReported: true})
	cs[1].Touches = append(cs[1].Touches, attribution.Touch{Activity: a3, Marketing: true, Day: day(40), SelfReported: true})
	r, err := attribution.Attribute(attribution.Linear, cs)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]int64{}
	for _, c := range r.Credits {
		got[c.Activity] = c.Cents
	}
	if got[a1] != 500_000 || got[a2] != 300_000 || got[a3] != 400_000 || r.SelfReported != 2 || r.Agreeing != 2 {
		t.Errorf("credits %v, %d of %d agree; want the linear credits unchanged and 2 of 2", got, r.Agreeing, r.SelfReported)
	}
	// A customer who says "the webinar" where the ads were tracked first
	// disagrees; a self-report alone starts a path like any touch.
	cs = append(cs, attribution.Customer{ID: 5, Since: day(60), Value: 100, Touches: []attribution.Touch{
		{Activity: a2, Marketing: true, Day: day(20)}, {Activity: a1, Marketing: true, Day: day(60), SelfReported: true}}},
		attribution.Customer{ID: 6, Since: day(60), Value: 100, Touches: []attribution.Touch{{Activity: a3, Marketing: true, Day: day(60), SelfReported: true}}})
	r, _ = attribution.Attribute(attribution.FirstTouch, cs)
	if r.SelfReported != 3 || r.Agreeing != 2 || r.Origins[6] != attribution.Marketing {
		t.Errorf("%d of %d agree, customer 6 %s; want 2 of 3, marketing", r.Agreeing, r.SelfReported, r.Origins[6])
	}
}

func TestOrigins(t *testing.T) {
	cs := []attribution.Customer{
		// Touched by marketing only after buying: unknown.
		{ID: 1, Since: day(10), Value: 100, Touches: []attribution.Touch{{Activity: a1, Marketing: true, Day: day(11)}}},
		// Referred first, then a webinar: non-marketing, nothing credited.
		{ID: 2, Since: day(10), Value: 100, Touches: []attribution.Touch{{Activity: wm, Marketing: false, Day: day(1)}, {Activity: a1, Marketing: true, Day: day(2)}}},
		// An ad first, then a referral: marketing, all to the ad.
		{ID: 3, Since: day(10), Value: 100, Touches: []attribution.Touch{{Activity: wm, Marketing: false, Day: day(3)}, {Activity: a2, Marketing: true, Day: day(2)}}},
	}
	r, err := attribution.Attribute(attribution.Linear, cs)
	if err != nil {
		t.Fatal(err)
	}
	if r.Origins[1] != attribution.Unknown || r.Origins[2] != attribution.NonMarketing || r.Origins[3] != attribution.Marketing {
		t.Errorf("origins %v", r.Origins)
	}
	if want := []attribution.Credit{{Activity: a2, Customers: 1, Cents: 100}}; !slices.Equal(r.Credits, want) {
		t.Errorf("credits %+v, want %+v", r.Credits, want)
	}
	if _, err := attribution.Attribute("z-shaped", cs); err == nil {
		t.Error("an unknown model is no error")
	}
}
