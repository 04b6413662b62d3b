package report

import (
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

func TestRevenueHeadline(t *testing.T) {
	o := func(d string, units int64) store.DatedAmount {
		return store.DatedAmount{Day: date(d), Amount: crm.Money(units * 100)}
	}
	asOf := date("2026-12-06") // this window Sep–Nov 2026, the earlier one Sep–Nov 2025
	tests := []struct {
		name     string
		orders   []store.DatedAmount
		kind     string
		rev, pre float64
		change   float64
	}{
		{"no orders", nil, HeadlineNone, 0, 0, 0},
		{"up 50%", []store.DatedAmount{o("2025-09-01", 100), o("2025-11-30", 100), o("2026-10-15", 300)}, HeadlineChange, 300, 200, 0.5},
		{"down 100%, a customer who stopped", []store.DatedAmount{o("2025-10-01", 400)}, HeadlineChange, 0, 400, -1},
		{"joined last month: new, not down 100%", []store.DatedAmount{o("2026-11-20", 250)}, HeadlineNew, 250, 0, 0},
		{"joined this month (not complete): new", []store.DatedAmount{o("2026-12-02", 250)}, HeadlineNew, 0, 0, 0},
		{"joined between the windows", []store.DatedAmount{o("2026-01-10", 10), o("2026-09-10", 20)}, HeadlineNew, 20, 0, 0},
		{"older orders, none in the earlier window", []store.DatedAmount{o("2024-03-01", 10), o("2026-09-10", 20)}, HeadlineNoBase, 20, 0, 0},
		{"credit note only a year earlier", []store.DatedAmount{o("2025-10-01", -50), o("2026-10-01", 20)}, HeadlineNoBase, 20, -50, 0},
		{"orders only outside both windows", []store.DatedAmount{o("2024-03-01", 10), o("2026-12-01", 20), o("2025-12-01", 5)}, HeadlineNone, 0, 0, 0},
		{"the windows' edges", []store.DatedAmount{o("2025-08-31", 1000), o("2025-09-01", 10), o("2026-08-31", 1000), o("2026-11-30", 30)}, HeadlineChange, 30, 10, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := RevenueHeadline(tt.orders, asOf)
			if h.Kind != tt.kind || h.Revenue != tt.rev || h.Previous != tt.pre || h.Change != tt.change {
				t.Errorf("got %s %v vs %v (%v), want %s %v vs %v (%v)", h.Kind, h.Revenue, h.Previous, h.Change, tt.kind, tt.rev, tt.pre, tt.change)
			}
			if h.From != date("2026-09-01") || h.Until != date("2026-12-01") || h.PrevFrom != date("2025-09-01") || h.PrevUntil != date("2025-12-01") {
				t.Errorf("windows %v–%v, %v–%v", h.From, h.Until, h.PrevFrom, h.PrevUntil)
			}
		})
	}
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
