package listening

import (
	"math"
	"reflect"
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// The fixture: account 1 is tier A, 2 is B, 3 is C (no mentions), 4 has no
// revenue (prospect), 0 is unmatched.
var tiers = Tiers{Names: []string{"A", "B", "C"}, Of: map[int64]string{1: "A", 2: "B", 3: "C"},
	RevenueShare: map[string]float64{"A": 0.8, "B": 0.15, "C": 0.05}}

var mentions = []Mention{
	{ID: 1, AccountID: 1, Author: 10, PostedAt: at("2026-11-16 10:00"), Compound: -0.5},
	{ID: 2, AccountID: 1, Author: 10, PostedAt: at("2026-11-17 10:00"), Compound: 0.5},
	{ID: 3, AccountID: 2, Author: 11, PostedAt: at("2026-11-18 10:00"), Compound: 0},
	{ID: 4, AccountID: 4, Author: 12, PostedAt: at("2026-11-23 10:00"), Compound: -0.9},
	{ID: 5, AccountID: 0, Author: 13, PostedAt: at("2026-11-24 10:00"), Compound: -0.2},
	{ID: 6, AccountID: 0, Author: 13, PostedAt: at("2026-11-24 11:00"), Compound: 0.6},
	{ID: 7, AccountID: 0, Author: 0, PostedAt: at("2026-11-25 10:00"), Compound: 0.04},
	{ID: 8, AccountID: 0, Author: 0, PostedAt: at("2026-11-25 11:00"), Compound: 0},
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestShareOfVoice(t *testing.T) {
	got := ShareOfVoice(mentions, tiers)
	// Worked by hand: 8 mentions; A has 2 by one author (−0.5, 0.5);
	// unknown has 4 by author 13 twice and two anonymous ones.
	want := []Voice{
		{Tier: "A", Mentions: 2, MentionShare: 0.25, Authors: 1, MeanSentiment: 0, Negative: 1, Positive: 1, RevenueShare: 0.8, Gap: -0.55},
		{Tier: "B", Mentions: 1, MentionShare: 0.125, Authors: 1, RevenueShare: 0.15, Gap: -0.025},
		{Tier: "C", RevenueShare: 0.05, Gap: -0.05},
		{Tier: "prospect", Mentions: 1, MentionShare: 0.125, Authors: 1, MeanSentiment: -0.9, Negative: 1, Gap: 0.125},
		{Tier: "unknown", Mentions: 4, MentionShare: 0.5, Authors: 3, MeanSentiment: 0.11, Negative: 1, Positive: 1, Gap: 0.5},
	}
	if len(got) != len(want) {
		t.Fatalf("%d tiers, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Tier != w.Tier || g.Mentions != w.Mentions || g.Authors != w.Authors || g.Negative != w.Negative || g.Positive != w.Positive ||
			!near(g.MentionShare, w.MentionShare) || !near(g.MeanSentiment, w.MeanSentiment) || !near(g.RevenueShare, w.RevenueShare) || !near(g.Gap, w.Gap) {
			t.Errorf("tier %s: %+v, want %+v", w.Tier, g, w)
		}
	}
	empty := ShareOfVoice(nil, tiers)
	if len(empty) != 5 || empty[0].MentionShare != 0 || empty[0].Gap != -0.8 {
		t.Errorf("no mentions: %+v", empty)
	}
}

func TestSentimentByWeek(t *testing.T) {
	tr := SentimentByWeek(mentions, tiers)
	if !reflect.DeepEqual(tr.Tiers, []string{"A", "B", "C", "prospect", "unknown"}) || len(tr.Weeks) != 2 {
		t.Fatalf("trend: %+v", tr)
	}
	w47, w48 := tr.Weeks[0], tr.Weeks[1]
	if w47.Week != "2026-W47" || !w47.Start.Equal(at("2026-11-16 00:00")) || w48.Week != "2026-W48" {
		t.Errorf("weeks: %s %v, %s", w47.Week, w47.Start, w48.Week)
	}
	if !reflect.DeepEqual(w47.Mentions, []int{2, 1, 0, 0, 0}) || !reflect.DeepEqual(w48.Mentions, []int{0, 0, 0, 1, 4}) {
		t.Errorf("counts: %v %v", w47.Mentions, w48.Mentions)
	}
	if !near(w47.Mean[0], 0) || !near(w48.Mean[3], -0.9) || !near(w48.Mean[4], 0.11) {
		t.Errorf("means: %v %v", w47.Mean, w48.Mean)
	}
	// A Sunday belongs to the week before; a year boundary follows ISO.
	tr = SentimentByWeek([]Mention{{PostedAt: at("2026-11-22 23:59")}, {PostedAt: at("2027-01-01 12:00")}}, tiers)
	if tr.Weeks[0].Week != "2026-W47" || tr.Weeks[len(tr.Weeks)-1].Week != "2026-W53" {
		t.Errorf("edges: %s … %s", tr.Weeks[0].Week, tr.Weeks[len(tr.Weeks)-1].Week)
	}
}

func TestMostNegative(t *testing.T) {
	ids := func(ms []Mention) []int64 {
		var out []int64
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}
	if got := ids(MostNegative(mentions, tiers, "A", time.Time{}, -1)); !reflect.DeepEqual(got, []int64{1}) {
		t.Errorf("A: %v", got)
	}
	if got := ids(MostNegative(mentions, tiers, Unknown, at("2026-11-24 00:00"), 10)); !reflect.DeepEqual(got, []int64{5}) {
		t.Errorf("unknown since 24th: %v", got)
	}
	more := append([]Mention{}, mentions...)
	more = append(more, Mention{ID: 9, AccountID: 1, PostedAt: at("2026-11-20 10:00"), Compound: -0.5},
		Mention{ID: 10, AccountID: 3, PostedAt: at("2026-11-20 10:00"), Compound: -0.99})
	if got := ids(MostNegative(more, tiers, "A", time.Time{}, 1)); !reflect.DeepEqual(got, []int64{9}) { // tie: newer first
		t.Errorf("A, tie, n=1: %v", got)
	}
}

func TestDailyAndSpikes(t *testing.T) {
	d := Daily([]Mention{{PostedAt: at("2026-11-01 23:00")}, {PostedAt: at("2026-11-03 01:00")}, {PostedAt: at("2026-11-03 02:00")}})
	if len(d) != 3 || d[0].Mentions != 1 || d[1].Mentions != 0 || d[2].Mentions != 2 || !d[1].Day.Equal(at("2026-11-02 00:00")) {
		t.Errorf("daily: %+v", d)
	}
	series := func(last ...int) []Day {
		var out []Day
		for i := range SpikeWindow {
			out = append(out, Day{Day: at("2026-01-01 00:00").AddDate(0, 0, i), Mentions: 1 + 2*(i%2)}) // 1,3,1,3…: mean 2, sd 1
		}
		for _, n := range last {
			out = append(out, Day{Day: out[len(out)-1].Day.AddDate(0, 0, 1), Mentions: n})
		}
		return out
	}
	if s := Spikes(series(6)); len(s) != 1 || s[0].Mentions != 6 || !near(s[0].Mean, 2) || !near(s[0].SD, 1) || !near(s[0].Sigmas, 4) ||
		!s[0].Day.Equal(at("2026-01-29 00:00")) {
		t.Errorf("6 after mean 2 sd 1: %+v", s)
	}
	if s := Spikes(series(5)); len(s) != 0 { // exactly 3 sd above: not above
		t.Errorf("5 after mean 2 sd 1: %+v", s)
	}
	if s := Spikes(series()); len(s) != 0 {
		t.Errorf("no day to judge: %+v", s)
	}
	// The window slides: the next day's window (days 2..29: fourteen 3s,
	// thirteen 1s and the 6) has mean 61/28 and sd √(175/28 − (61/28)²) ≈
	// 1.23, so 4 is no spike.
	if s := Spikes(series(6, 4)); len(s) != 1 {
		t.Errorf("slide: %+v", s)
	}
	flat := make([]Day, SpikeWindow+1)
	flat[SpikeWindow].Mentions = 1
	if s := Spikes(flat); len(s) != 1 || !math.IsInf(s[0].Sigmas, 1) {
		t.Errorf("after 28 quiet days one mention is a spike: %+v", s)
	}
}

func TestPriorityAndValue(t *testing.T) {
	// 100 × 1 × (1+2·0.5) × (1+0.5) × (1+2/4) / 24 = 18.75
	for _, c := range []struct {
		compound float64
		intent   string
		want     float64
	}{
		{-0.1, "complaint", 0.5}, {-0.8, "complaint", 0.8}, {0, "question", 0.25}, {0.3, "request", 0.25},
		{0.6, "praise", 0}, {-0.2, "other", 0.2}, {0, "", 0},
	} {
		if got := NeedOf(c.compound, c.intent); !near(got, c.want) {
			t.Errorf("NeedOf(%v, %q) = %v, want %v", c.compound, c.intent, got, c.want)
		}
	}
	if p := Priority(1, -0.5, 0.5, 2, 4); !near(p, 18.75) {
		t.Errorf("priority %g, want 18.75", p)
	}
	if p := Priority(1, -1, 1, 1000, 4); !near(p, 100) {
		t.Errorf("the top priority is %g, want 100", p)
	}
	// Positive texts count as not negative; age is capped at 3 targets.
	if p, q := Priority(0.15, 0.2, 0, 100, 72), 100*0.15*(1+100.0/72)/24; !near(p, q) {
		t.Errorf("priority %g, want %g", p, q)
	}
	v := NewValue(tiers, map[int64]float64{1: 100, 2: 50, 5: 50, 7: 10})
	for id, want := range map[int64]float64{1: 1, 2: 0.7875, 5: 0.7875, 7: 0.3625, 3: 0.35, 4: 0.25, 0: 0.15} {
		if got := v.Of(id); !near(got, want) {
			t.Errorf("value of %d: %g, want %g", id, got, want)
		}
	}
	if got := NewValue(Tiers{Names: []string{"A", "B", "C", "D"}, Of: map[int64]string{9: "D"}}, nil).Of(9); got != TierValue["C"] {
		t.Errorf("tier D: %g", got)
	}
}

func TestQueueAndFigures(t *testing.T) {
	now := at("2026-11-23 12:00")
	targets := map[string]float64{"A": 4, "B": 24, "C": 48, Prospect: 48, Unknown: 72}
	items := []CareItem{
		{ID: 1, AccountID: 1, PostedAt: now.Add(-6 * time.Hour), Compound: -0.5, Intensity: 0.5, Open: true},
		{ID: 2, AccountID: 0, PostedAt: now.Add(-10 * time.Hour), Compound: -1, Open: true},
		{ID: 3, AccountID: 2, PostedAt: now.Add(-30 * time.Hour), Open: true, RespondedAt: now.Add(-28 * time.Hour)},
		{ID: 4, AccountID: 1, PostedAt: now.Add(-50 * time.Hour), RespondedAt: now.Add(-47 * time.Hour), ResolvedAt: now.Add(-45 * time.Hour)},
	}
	q := Queue(items, tiers, NewValue(tiers, nil), targets, now)
	if len(q) != 3 || q[0].ID != 1 || q[1].ID != 3 || q[2].ID != 2 {
		t.Fatalf("queue order: %+v", q)
	}
	// 1: A, 6h of 4h: 100·1·2·1.5·2.5/24; 3: B, 30h of 24h, answered:
	// 100·0.6·2.25/24; 2: unknown, 10h of 72h: 100·0.15·3·(1+10/72)/24.
	for i, want := range []float64{31.25, 5.625, 100 * 0.15 * 3 * (1 + 10.0/72) / 24} {
		if !near(q[i].Priority, want) {
			t.Errorf("priority of %d: %g, want %g", q[i].ID, q[i].Priority, want)
		}
	}
	if !q[0].Overdue || q[1].Overdue || q[2].Overdue || q[0].Tier != "A" || q[2].Tier != Unknown || q[0].TargetHours != 4 {
		t.Errorf("overdue and tiers: %+v", q)
	}

	f := Figures(items, tiers, targets, now)
	want := map[string]CareTier{
		"A":      {Tier: "A", TargetHours: 4, Items: 2, Responded: 1, Resolved: 1, Open: 1, Overdue: 1, ResolvedShare: 0.5, MedianResponseHours: 3, MeanResponseHours: 3, WithinTargetShare: 1},
		"B":      {Tier: "B", TargetHours: 24, Items: 1, Responded: 1, Open: 1, MedianResponseHours: 2, MeanResponseHours: 2, WithinTargetShare: 1},
		"C":      {Tier: "C", TargetHours: 48},
		Prospect: {Tier: Prospect, TargetHours: 48},
		Unknown:  {Tier: Unknown, TargetHours: 72, Items: 1, Open: 1},
	}
	if len(f) != 5 {
		t.Fatalf("figures: %+v", f)
	}
	for _, c := range f {
		if c != want[c.Tier] {
			t.Errorf("figures %s: %+v, want %+v", c.Tier, c, want[c.Tier])
		}
	}
	// Medians of an even count average the middle two; answers later than
	// the target count against it.
	f = Figures([]CareItem{
		{AccountID: 1, PostedAt: now, RespondedAt: now.Add(time.Hour)},
		{AccountID: 1, PostedAt: now, RespondedAt: now.Add(2 * time.Hour)},
		{AccountID: 1, PostedAt: now, RespondedAt: now.Add(6 * time.Hour)},
		{AccountID: 1, PostedAt: now, RespondedAt: now.Add(11 * time.Hour)},
	}, tiers, targets, now)
	if a := f[0]; a.MedianResponseHours != 4 || a.MeanResponseHours != 5 || a.WithinTargetShare != 0.5 || a.ResolvedShare != 1 {
		t.Errorf("A: %+v", a)
	}
}
