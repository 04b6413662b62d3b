package listening_test

import (
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/listening"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// FuzzListening: share of voice, the weekly trend, the daily counts and
// spikes, the care queue and its figures end on any sentiment, intensity,
// lifetime value and response target, finite or not (a NaN lifetime value
// hung the queue's ranking), for times within the store's dates; the queue
// holds every open item once, by priority.
func FuzzListening(f *testing.F) {
	f.Add(append(record(-0.5, 0.3, 1000, 4), record(0.2, 0.1, 10, 24)...))
	f.Add(record(math.NaN(), math.Inf(1), math.NaN(), 0))
	f.Add(record(-1, 0.99, math.MaxFloat64, 5e-324))
	span := crm.MaxDate.Unix() - crm.MinDate.Unix()
	f.Fuzz(func(t *testing.T, data []byte) {
		// 39-byte records: account (1), seconds into the dates (6),
		// compound, intensity, lifetime value, response target (8 each).
		var ms []listening.Mention
		var items []listening.CareItem
		clv := map[int64]float64{}
		targets := map[string]float64{}
		tiers := listening.Tiers{Names: []string{"A", "B", "C"}, Of: map[int64]string{}, RevenueShare: map[string]float64{"A": 0.8, "B": 0.15, "C": 0.05}}
		f64 := func(b []byte) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(b)) }
		for i := int64(1); len(data) >= 39; i, data = i+1, data[39:] {
			acc := int64(data[0] % 16)
			secs := int64(binary.LittleEndian.Uint64(append(data[1:7:7], 0, 0))) % (span + 1)
			at := crm.MinDate.Add(time.Duration(secs) * time.Second)
			m := listening.Mention{ID: i, AccountID: acc, Author: int64(data[0] % 5), PostedAt: at, Compound: f64(data[7:15]), Intensity: f64(data[15:23])}
			ms = append(ms, m)
			items = append(items, listening.CareItem{ID: i, AccountID: acc, PostedAt: at, Compound: m.Compound, Intensity: m.Intensity, Open: data[0]&1 == 0})
			clv[acc] = f64(data[23:31])
			tiers.Of[acc] = tiers.Names[acc%3]
			targets[tiers.Names[i%3]] = f64(data[31:39])
		}
		if len(ms) > 64 {
			return
		}
		testkit.Within(t, 10*time.Second, "listening", func() {
			listening.ShareOfVoice(ms, tiers)
			listening.SentimentByWeek(ms, tiers)
			listening.Spikes(listening.Daily(ms))
			now := crm.MaxDate.Add(24 * time.Hour)
			q := listening.Queue(items, tiers, listening.NewValue(tiers, clv), targets, now)
			listening.Figures(items, tiers, targets, now)
			open := 0
			for _, it := range items {
				if it.Open {
					open++
				}
			}
			seen := map[int64]bool{}
			for i, x := range q {
				if seen[x.ID] || (i > 0 && x.Priority > q[i-1].Priority) {
					t.Fatalf("queue item %d (%+v) repeated or out of order", i, x)
				}
				seen[x.ID] = true
			}
			if len(q) != open {
				t.Fatalf("%d open items, %d in the queue", open, len(q))
			}
		})
	})
}

func record(compound, intensity, clv, target float64) []byte {
	b := []byte{3, 1, 2, 3, 4, 5, 6}
	for _, x := range []float64{compound, intensity, clv} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(target))
}
