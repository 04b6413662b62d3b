package rfm_test

import (
	"fmt"
	"testing"

	"github.com/vitalfew/vitalfew/internal/analytics/rfm"
)

// TestSegmentOf: every one of the 125 score combinations has a segment,
// and the boundaries fall where the table says.
func TestSegmentOf(t *testing.T) {
	for _, c := range []struct {
		r, f, m int
		want    string
	}{
		{5, 5, 5, rfm.Champions}, {4, 4, 1, rfm.Champions}, {3, 4, 1, rfm.Loyal}, {3, 5, 5, rfm.Loyal},
		{2, 4, 4, rfm.CantLose}, {1, 5, 5, rfm.CantLose}, {2, 4, 3, rfm.AtRisk}, {1, 3, 5, rfm.AtRisk},
		{5, 3, 5, rfm.Potential}, {3, 1, 1, rfm.Potential}, {2, 2, 5, rfm.Hibernating}, {1, 2, 5, rfm.Lost}, {1, 1, 1, rfm.Lost},
	} {
		if got := rfm.SegmentOf(c.r, c.f, c.m); got != c.want {
			t.Errorf("R%d F%d M%d: %s, want %s", c.r, c.f, c.m, got, c.want)
		}
	}
	seen := map[string]int{}
	for r := 1; r <= 5; r++ {
		for f := 1; f <= 5; f++ {
			for m := 1; m <= 5; m++ {
				seen[rfm.SegmentOf(r, f, m)]++
			}
		}
	}
	for _, s := range rfm.Segments() {
		if seen[s] == 0 {
			t.Errorf("no combination falls in %s", s)
		}
	}
}

// TestScore: ten customers worked by hand. Recency days 1..10 (customer i
// has i days): the two most recent score 5, the next two 4, …; ties score
// alike.
func TestScore(t *testing.T) {
	var cs []rfm.Customer
	for i := 1; i <= 10; i++ {
		cs = append(cs, rfm.Customer{ID: int64(i), RecencyDays: i, Frequency: 11 - i, Monetary: int64(i % 3)})
	}
	got := rfm.Score(cs)
	// R: days 1,2 → 5; 3,4 → 4; 5,6 → 3; 7,8 → 2; 9,10 → 1. F = 11−i: the same.
	// M: i%3 = 1,2,0,1,2,0,1,2,0,1 — three 0s (worse: 0) → 1; four 1s
	// (worse: 3) → 1+15/10 = 2; three 2s (worse: 7) → 1+35/10 = 4.
	want := "1:5/5/2:champions 2:5/5/4:champions 3:4/4/1:champions 4:4/4/2:champions 5:3/3/4:potential " +
		"6:3/3/1:potential 7:2/2/2:hibernating 8:2/2/4:hibernating 9:1/1/1:lost 10:1/1/2:lost"
	var s string
	for i, g := range got {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%d:%d/%d/%d:%s", g.ID, g.R, g.F, g.M, g.Segment)
	}
	if s != want {
		t.Errorf("scores:\n got %s\nwant %s", s, want)
	}
	if len(rfm.Score(nil)) != 0 {
		t.Error("no customers, some scores")
	}
}
