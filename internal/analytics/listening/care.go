package listening

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"
)

// CareItem is a mention that needs (or needed) an answer.
type CareItem struct {
	ID          int64
	AccountID   int64
	PostedAt    time.Time
	Compound    float64
	Intensity   float64
	Open        bool      // still in the queue (not resolved)
	RespondedAt time.Time // the first reply; zero when none yet
	ResolvedAt  time.Time
	// Intent is what the text asks for (internal/sentiment: complaint,
	// question, request, praise, other; "" when not known): see NeedOf.
	Intent string
}

// IntentNeed is the least negativity a care item counts with in Priority,
// by its intent: a factual complaint the sentiment engine scores only
// mildly negative still needs an answer like a clear one, and so does a
// neutral question or request.
var IntentNeed = map[string]float64{"complaint": 0.5, "question": 0.25, "request": 0.25}

// NeedOf is the negativity a care item counts with: max(0, −compound), at
// least IntentNeed of its intent.
func NeedOf(compound float64, intent string) float64 {
	return max(0, -compound, IntentNeed[intent])
}

// TierValue is what an account of each tier is worth to the care queue,
// in (0, 1], when its customer lifetime value is not known. Revenue tiers
// after C (custom thresholds) count as C.
var TierValue = map[string]float64{"A": 1, "B": 0.6, "C": 0.35, Prospect: 0.25, Unknown: 0.15}

// Value returns the weight of an account in the care queue: with a known
// customer lifetime value (clv holds it), 0.15 + 0.85 × the share of the
// accounts in clv whose value is at most this one's; else TierValue of
// its tier.
type Value struct {
	tiers Tiers
	clv   map[int64]float64
	rank  map[int64]float64
}

// NewValue prepares the value weights; clv may be nil.
func NewValue(t Tiers, clv map[int64]float64) Value {
	v := Value{tiers: t, clv: clv}
	if len(clv) > 0 {
		type kv struct {
			id  int64
			clv float64
		}
		all := make([]kv, 0, len(clv))
		for id, c := range clv {
			if !math.IsNaN(c) { // a value that is not a number is not known
				all = append(all, kv{id, c})
			}
		}
		slices.SortFunc(all, func(a, b kv) int { return cmp.Or(cmp.Compare(a.clv, b.clv), cmp.Compare(a.id, b.id)) })
		v.rank = make(map[int64]float64, len(all))
		for i := 0; i < len(all); {
			j := i
			for j < len(all) && cmp.Compare(all[j].clv, all[i].clv) == 0 {
				j++
			}
			for k := i; k < j; k++ { // ties share the highest rank
				v.rank[all[k].id] = float64(j) / float64(len(all))
			}
			i = j
		}
	}
	return v
}

// Of returns the weight of accountID (0: unmatched).
func (v Value) Of(accountID int64) float64 {
	if r, ok := v.rank[accountID]; ok && accountID != 0 {
		return 0.15 + 0.85*r
	}
	tier := v.tiers.TierOf(accountID)
	if w, ok := TierValue[tier]; ok {
		return w
	}
	return TierValue["C"]
}

// TargetOf returns the response-time target in hours of tier from targets
// (tier → hours); revenue tiers after C use C's; 24 when nothing fits.
func TargetOf(targets map[string]float64, tier string) float64 {
	if h, ok := targets[tier]; ok && h > 0 {
		return h
	}
	if h, ok := targets["C"]; ok && h > 0 && tier != Prospect && tier != Unknown {
		return h
	}
	return 24
}

// Priority is a care item's place in the queue, 0..100:
//
//	100 × value × (1 + 2·negativity) × (1 + intensity) × (1 + min(age/target, 3)) / 24
//
// with value from Value.Of, negativity = max(0, −compound), intensity in
// [0, 1), age the hours since the mention was posted and target the tier's
// response-time target in hours. The most valuable, most negative, most
// passionate mention waiting three targets or more scores 100.
func Priority(value, compound, intensity, ageHours, targetHours float64) float64 {
	neg := max(0, -compound)
	age := 0.0
	if targetHours > 0 {
		age = min(max(ageHours, 0)/targetHours, 3)
	}
	return 100 * value * (1 + 2*neg) * (1 + intensity) * (1 + age) / 24
}

// Queued is one open item of the care queue.
type Queued struct {
	ID          int64   `json:"id"`
	AccountID   int64   `json:"account_id,omitempty"`
	Tier        string  `json:"tier"`
	Priority    float64 `json:"priority"`
	AgeHours    float64 `json:"age_hours"`
	TargetHours float64 `json:"target_hours"`
	// Overdue: not answered yet and older than the tier's target.
	Overdue bool `json:"overdue"`
	// Value is the account's weight in the priority (Value.Of).
	Value float64 `json:"value"`
}

// Queue returns the open items by priority, highest first (ties: older
// first, then by id), as of now.
func Queue(items []CareItem, t Tiers, v Value, targets map[string]float64, now time.Time) []Queued {
	out := []Queued{}
	for _, it := range items {
		if !it.Open {
			continue
		}
		tier := t.TierOf(it.AccountID)
		target := TargetOf(targets, tier)
		age := now.Sub(it.PostedAt).Hours()
		value := v.Of(it.AccountID)
		out = append(out, Queued{
			ID: it.ID, AccountID: it.AccountID, Tier: tier, AgeHours: age, TargetHours: target, Value: value,
			Priority: Priority(value, -NeedOf(it.Compound, it.Intent), it.Intensity, age, target),
			Overdue:  it.RespondedAt.IsZero() && age > target,
		})
	}
	slices.SortStableFunc(out, func(a, b Queued) int {
		if c := cmp.Compare(b.Priority, a.Priority); c != 0 {
			return c
		}
		if c := cmp.Compare(b.AgeHours, a.AgeHours); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// CareTier is the care figures of one tier.
type CareTier struct {
	Tier        string  `json:"tier"`
	TargetHours float64 `json:"target_hours"`
	Items       int     `json:"items"`     // mentions that needed an answer
	Responded   int     `json:"responded"` // with a first response
	Resolved    int     `json:"resolved"`
	Open        int     `json:"open"`
	Overdue     int     `json:"overdue"` // open, unanswered, older than the target
	// ResolvedShare is Resolved / Items (0 without items).
	ResolvedShare float64 `json:"resolved_share"`
	// Median and mean hours from posting to the first response, over the
	// responded items (0 without any).
	MedianResponseHours float64 `json:"median_response_hours"`
	MeanResponseHours   float64 `json:"mean_response_hours"`
	// WithinTargetShare is the share of responded items answered within the
	// target.
	WithinTargetShare float64 `json:"within_target_share"`
}

// Figures computes the care figures per tier (t.All(), every tier) as of
// now.
func Figures(items []CareItem, t Tiers, targets map[string]float64, now time.Time) []CareTier {
	names := t.All()
	idx := make(map[string]int, len(names))
	out := make([]CareTier, len(names))
	hours := make([][]float64, len(names))
	for i, n := range names {
		idx[n] = i
		out[i] = CareTier{Tier: n, TargetHours: TargetOf(targets, n)}
	}
	for _, it := range items {
		k := idx[t.TierOf(it.AccountID)]
		c := &out[k]
		c.Items++
		if it.Open {
			c.Open++
			if it.RespondedAt.IsZero() && now.Sub(it.PostedAt).Hours() > c.TargetHours {
				c.Overdue++
			}
		} else {
			c.Resolved++
		}
		if !it.RespondedAt.IsZero() {
			c.Responded++
			h := max(0, it.RespondedAt.Sub(it.PostedAt).Hours())
			hours[k] = append(hours[k], h)
		}
	}
	for k := range out {
		c := &out[k]
		c.ResolvedShare = frac(float64(c.Resolved), float64(c.Items))
		hs := hours[k]
		if len(hs) == 0 {
			continue
		}
		sort.Float64s(hs)
		sum, within := 0.0, 0
		for _, h := range hs {
			sum += h
			if h <= c.TargetHours {
				within++
			}
		}
		c.MeanResponseHours = sum / float64(len(hs))
		if n := len(hs); n%2 == 1 {
			c.MedianResponseHours = hs[n/2]
		} else {
			c.MedianResponseHours = (hs[n/2-1] + hs[n/2]) / 2
		}
		c.WithinTargetShare = float64(within) / float64(len(hs))
	}
	return out
}
