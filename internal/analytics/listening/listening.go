// Package listening is the arithmetic of social listening joined to the
// 80/20 tiers: share of voice by tier against share of revenue (the
// listening gap), sentiment by tier per ISO week, the most negative
// mentions of a tier, volume spikes, and the customer-care queue's
// priorities and figures. It is pure: slices in, results out; no I/O, no
// clock (callers pass "now").
package listening

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"
)

// Tier names beyond the revenue (pareto) tiers.
const (
	// Prospect is the tier of mentions matched to an account without
	// revenue in the window (prospects, and customers who stopped buying).
	Prospect = "prospect"
	// Unknown is the tier of mentions matched to no account.
	Unknown = "unknown"
)

// NegativeAt and PositiveAt are the compound scores from which a mention
// counts as negative (≤ NegativeAt) or positive (≥ PositiveAt), as the
// sentiment labels are cut.
const (
	NegativeAt = -0.05
	PositiveAt = 0.05
)

// Mention is what the analytics need of one mention.
type Mention struct {
	ID        int64
	AccountID int64 // 0: matched to no account
	Author    int64 // identifies the author (0: anonymous; each counts as one author)
	PostedAt  time.Time
	Compound  float64 // [−1, 1]
	Intensity float64 // [0, 1)
}

// Tiers says which revenue tier each account is in.
type Tiers struct {
	// Names are the revenue tiers in order (A, B, C by default).
	Names []string
	// Of maps the accounts with revenue in the window to their tier.
	Of map[int64]string
	// RevenueShare is each revenue tier's share of the window's revenue.
	RevenueShare map[string]float64
}

// All returns the tier names with Prospect and Unknown appended: the rows
// of every per-tier result.
func (t Tiers) All() []string { return append(slices.Clone(t.Names), Prospect, Unknown) }

// TierOf returns the tier of a mention's account: its revenue tier,
// Prospect for an account without revenue, Unknown for no account.
func (t Tiers) TierOf(accountID int64) string {
	if accountID == 0 {
		return Unknown
	}
	if tier, ok := t.Of[accountID]; ok {
		return tier
	}
	return Prospect
}

// Voice is one tier's share of voice.
type Voice struct {
	Tier         string  `json:"tier"`
	Mentions     int     `json:"mentions"`
	MentionShare float64 `json:"mention_share"` // of all mentions
	Authors      int     `json:"authors"`       // distinct authors
	// MeanSentiment is the mean compound score; 0 without mentions.
	MeanSentiment float64 `json:"mean_sentiment"`
	Negative      int     `json:"negative"`
	Positive      int     `json:"positive"`
	RevenueShare  float64 `json:"revenue_share"`
	// Gap is MentionShare − RevenueShare: negative where the business hears
	// less from a tier than the tier brings (the listening gap).
	Gap float64 `json:"gap"`
}

// ShareOfVoice counts mentions, distinct authors and sentiment per tier
// (t.All(), in that order, always every tier) against each tier's share of
// revenue. An author counts once per tier; mentions without an author
// (Author 0) count as one author each.
func ShareOfVoice(ms []Mention, t Tiers) []Voice {
	names := t.All()
	idx := make(map[string]int, len(names))
	for i, n := range names {
		idx[n] = i
	}
	out := make([]Voice, len(names))
	sums := make([]float64, len(names))
	// A first pass finds each mention's tier and sizes the author sets, so
	// that they never grow (a million mentions: half the time).
	tierOf := make([]uint8, len(ms))
	for i := range ms {
		k := idx[t.TierOf(ms[i].AccountID)]
		tierOf[i] = uint8(k)
		out[k].Mentions++
	}
	authors := make([]map[int64]struct{}, len(names))
	for i, n := range names {
		authors[i] = make(map[int64]struct{}, out[i].Mentions)
		out[i] = Voice{Tier: n, RevenueShare: t.RevenueShare[n]}
	}
	for i := range ms {
		m := &ms[i]
		k := int(tierOf[i])
		v := &out[k]
		v.Mentions++
		sums[k] += m.Compound
		switch {
		case m.Compound <= NegativeAt:
			v.Negative++
		case m.Compound >= PositiveAt:
			v.Positive++
		}
		if m.Author == 0 {
			v.Authors++
		} else if _, seen := authors[k][m.Author]; !seen {
			authors[k][m.Author] = struct{}{}
			v.Authors++
		}
	}
	for k := range out {
		v := &out[k]
		if v.Mentions > 0 {
			v.MeanSentiment = sums[k] / float64(v.Mentions)
		}
		v.MentionShare = frac(float64(v.Mentions), float64(len(ms)))
		v.Gap = v.MentionShare - v.RevenueShare
	}
	return out
}

// Week is one ISO week of sentiment by tier.
type Week struct {
	Week  string    `json:"week"`  // ISO week, "2026-W47"
	Start time.Time `json:"start"` // its Monday, UTC
	// Mentions and Mean are per tier, in the order of Trend.Tiers; Mean is
	// the mean compound score, 0 for a tier without mentions that week.
	Mentions []int     `json:"mentions"`
	Mean     []float64 `json:"mean"`
}

// Trend is sentiment by tier per ISO week.
type Trend struct {
	Tiers []string `json:"tiers"`
	Weeks []Week   `json:"weeks"` // every week from the first mention's to the last's, oldest first
}

// SentimentByWeek groups mentions by ISO week (UTC) and tier.
func SentimentByWeek(ms []Mention, t Tiers) Trend {
	names := t.All()
	tr := Trend{Tiers: names, Weeks: []Week{}}
	if len(ms) == 0 {
		return tr
	}
	idx := make(map[string]int, len(names))
	for i, n := range names {
		idx[n] = i
	}
	first, last := ms[0].PostedAt, ms[0].PostedAt
	for _, m := range ms {
		if m.PostedAt.Before(first) {
			first = m.PostedAt
		}
		if m.PostedAt.After(last) {
			last = m.PostedAt
		}
	}
	start := monday(first)
	n := int(monday(last).Sub(start)/(7*24*time.Hour)) + 1
	sums := make([][]float64, n)
	tr.Weeks = make([]Week, n)
	for w := range tr.Weeks {
		s := start.AddDate(0, 0, 7*w)
		y, wk := s.ISOWeek()
		tr.Weeks[w] = Week{Week: fmt.Sprintf("%d-W%02d", y, wk), Start: s, Mentions: make([]int, len(names)), Mean: make([]float64, len(names))}
		sums[w] = make([]float64, len(names))
	}
	for _, m := range ms {
		w := int(monday(m.PostedAt).Sub(start) / (7 * 24 * time.Hour))
		k := idx[t.TierOf(m.AccountID)]
		tr.Weeks[w].Mentions[k]++
		sums[w][k] += m.Compound
	}
	for w := range tr.Weeks {
		for k, c := range tr.Weeks[w].Mentions {
			if c > 0 {
				tr.Weeks[w].Mean[k] = sums[w][k] / float64(c)
			}
		}
	}
	return tr
}

// monday returns the Monday 00:00 UTC of t's ISO week.
func monday(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	wd := (int(d.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	return d.AddDate(0, 0, -wd)
}

// MostNegative returns up to n negative mentions (Compound ≤ NegativeAt) of
// tier posted at or after since, most negative first (ties: newer first,
// then by id). n < 0 means all.
func MostNegative(ms []Mention, t Tiers, tier string, since time.Time, n int) []Mention {
	var out []Mention
	for _, m := range ms {
		if m.Compound <= NegativeAt && !m.PostedAt.Before(since) && t.TierOf(m.AccountID) == tier {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b Mention) int {
		if c := cmp.Compare(a.Compound, b.Compound); c != 0 {
			return c
		}
		if c := b.PostedAt.Compare(a.PostedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if n >= 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// Day is one calendar day's mention count.
type Day struct {
	Day      time.Time `json:"day"` // midnight UTC
	Mentions int       `json:"mentions"`
}

// Daily counts mentions per UTC day, every day from the first mention's to
// the last's (days without mentions are zero), oldest first.
func Daily(ms []Mention) []Day {
	if len(ms) == 0 {
		return []Day{}
	}
	first, last := ms[0].PostedAt, ms[0].PostedAt
	for _, m := range ms {
		if m.PostedAt.Before(first) {
			first = m.PostedAt
		}
		if m.PostedAt.After(last) {
			last = m.PostedAt
		}
	}
	start := midnight(first)
	n := int(midnight(last).Sub(start)/(24*time.Hour)) + 1
	out := make([]Day, n)
	for i := range out {
		out[i].Day = start.AddDate(0, 0, i)
	}
	for _, m := range ms {
		out[int(midnight(m.PostedAt).Sub(start)/(24*time.Hour))].Mentions++
	}
	return out
}

func midnight(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// SpikeWindow and SpikeSigmas define a spike: a day whose count exceeds the
// mean of the SpikeWindow days before it by more than SpikeSigmas standard
// deviations.
const (
	SpikeWindow = 28
	SpikeSigmas = 3
)

// Spike is one day of unusual volume.
type Spike struct {
	Day      time.Time `json:"day"`
	Mentions int       `json:"mentions"`
	Mean     float64   `json:"trailing_mean"` // of the SpikeWindow days before
	SD       float64   `json:"trailing_sd"`   // their population standard deviation
	// Sigmas is (Mentions − Mean) / SD; +Inf (written as 0 in JSON by
	// callers) when SD is 0.
	Sigmas float64 `json:"-"`
}

// Spikes returns the days of days (consecutive, oldest first, as Daily
// returns them) whose count exceeds the mean of the SpikeWindow days before
// it by more than SpikeSigmas population standard deviations. Days with
// fewer than SpikeWindow days before them are not judged. When the window's
// counts are all equal (SD 0), any higher count is a spike.
func Spikes(days []Day) []Spike {
	out := []Spike{}
	if len(days) <= SpikeWindow {
		return out
	}
	var sum, sq float64
	for _, d := range days[:SpikeWindow] {
		x := float64(d.Mentions)
		sum += x
		sq += x * x
	}
	for i := SpikeWindow; i < len(days); i++ {
		mean := sum / SpikeWindow
		sd := math.Sqrt(math.Max(0, sq/SpikeWindow-mean*mean))
		x := float64(days[i].Mentions)
		if x > mean+SpikeSigmas*sd+1e-9 {
			s := Spike{Day: days[i].Day, Mentions: days[i].Mentions, Mean: mean, SD: sd, Sigmas: math.Inf(1)}
			if sd > 0 {
				s.Sigmas = (x - mean) / sd
			}
			out = append(out, s)
		}
		old := float64(days[i-SpikeWindow].Mentions)
		sum += x - old
		sq += x*x - old*old
	}
	return out
}

func frac(part, total float64) float64 {
	if total == 0 {
		return 0
	}
	return part / total
}
