package clv_test

import (
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
	"github.com/vitalfew/vitalfew/internal/analytics/clv"
	"github.com/vitalfew/vitalfew/internal/analytics/listening"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// FuzzCustomerModelToCareQueue follows the path that hung the care queue
// (an order of 1e308 dated 9999-12-31 made a NaN lifetime value that the
// ranking loop never left): any order log with dates in the store's range
// and any amounts, finite or not, through the customer model, the ranking
// of lifetime values and the queue, must end, and with amounts within the
// limits the lifetime values must be numbers.
func FuzzCustomerModelToCareQueue(f *testing.F) {
	f.Add([]byte{1, 0, 10, 0, 0, 0, 0, 0, 0, 0x59, 0x40}, uint16(3))
	f.Add(bytesOf(0, 70000, math.MaxFloat64, 5, 73000, 1e12, 9, 30000, -1e12), uint16(120))
	f.Add(bytesOf(3, 0, math.NaN(), 4, 100, math.Inf(1), 5, 200, 0), uint16(200))
	first, last := btyd.DayOf(crm.MinDate), btyd.DayOf(crm.MaxDate)
	f.Fuzz(func(t *testing.T, data []byte, copies uint16) {
		// 11-byte records: customer (1), day offset (2), amount bits (8);
		// the log repeats them over up to 300 customers so that the model
		// (which wants 100) is fitted.
		var base []btyd.Txn
		for ; len(data) >= 11; data = data[11:] {
			base = append(base, btyd.Txn{
				Customer: int32(data[0]),
				Day:      first + int32(binary.LittleEndian.Uint16(data[1:3]))%(last-first+1),
				Amount:   math.Float64frombits(binary.LittleEndian.Uint64(data[3:11])),
			})
		}
		if len(base) == 0 || len(base) > 64 {
			return
		}
		n := int(copies%300) + 1
		var txns []btyd.Txn
		for c := range n {
			for _, b := range base {
				b.Customer = b.Customer%8 + int32(8*c)
				b.Day += int32(c % 5)
				txns = append(txns, b)
			}
		}
		within := true
		for _, x := range txns {
			within = within && crm.CheckAmount(x.Amount) == nil && x.Day <= last
		}
		testkit.Within(t, 20*time.Second, "the customer model and the care queue", func() {
			log := btyd.Purchases(txns)
			var asOf int32
			for _, x := range log {
				asOf = max(asOf, x.Day)
			}
			m, _, err := clv.FitCustomerModel(log, time.Unix(int64(asOf)*86400, 0).UTC())
			if err != nil || m == nil {
				return
			}
			values := map[int64]float64{}
			for i, s := range m.Scores {
				if within && (math.IsNaN(s.CLV) || math.IsNaN(s.PAlive)) {
					t.Fatalf("customer %d: CLV %v, P(alive) %v from amounts within the limits", i, s.CLV, s.PAlive)
				}
				values[int64(i+1)] = s.CLV
			}
			v := listening.NewValue(listening.Tiers{}, values)
			var items []listening.CareItem
			for i := range values {
				items = append(items, listening.CareItem{ID: i, AccountID: i, Open: true, Compound: -0.5, PostedAt: time.Unix(int64(asOf)*86400, 0)})
			}
			listening.Queue(items, listening.Tiers{}, v, nil, time.Unix(int64(asOf)*86400+3600, 0))
		})
	})
}

// bytesOf encodes (customer, day offset, amount) triples as the fuzz
// target reads them.
func bytesOf(xs ...float64) []byte {
	var b []byte
	for i := 0; i+2 < len(xs); i += 3 {
		b = append(b, byte(xs[i]))
		b = binary.LittleEndian.AppendUint16(b, uint16(xs[i+1]))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(xs[i+2]))
	}
	return b
}
