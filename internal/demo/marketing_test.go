package demo

import (
	"slices"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// TestMarketing: the demo's marketing touches name activities and codes
// of Activities, fall in the year before AsOf, on or before the
// customer's first order, and do not change the rest of the business.
func TestMarketing(t *testing.T) {
	cfg := Config{Accounts: 500}
	acts, err := Activities(cfg)
	if err != nil {
		t.Fatal(err)
	}
	names, codes := map[string]bool{}, map[string]bool{}
	for _, a := range acts {
		if err := a.Activity.Check(); err != nil {
			t.Errorf("%s: %v", a.Activity.Name, err)
		}
		names[a.Activity.Name] = true
		if a.Code != "" {
			codes[a.Code] = true
		}
	}
	if big, _ := Activities(Config{Accounts: 5000}); big[1].Activity.Cost != 10*acts[1].Activity.Cost {
		t.Errorf("costs do not scale with the accounts: %v, %v", big[1].Activity.Cost, acts[1].Activity.Cost)
	}
	all := collect(t, cfg)
	first := map[string]time.Time{}
	for _, o := range all.Orders {
		if f, ok := first[o.Account.ExternalID]; o.Order.Amount > 0 && (!ok || o.Order.OrderedAt.Before(f)) {
			first[o.Account.ExternalID] = o.Order.OrderedAt
		}
	}
	yearAgo := DefaultAsOf.AddDate(0, 0, -365)
	customers := map[string]bool{}
	methods := map[string]int{}
	for _, tr := range all.ActivityTouches {
		if err := tr.Check(); err != nil {
			t.Fatalf("%+v: %v", tr, err)
		}
		if (tr.Activity != "" && !names[tr.Activity]) || (tr.Code != "" && !codes[tr.Code]) {
			t.Errorf("%+v names no activity of the demo", tr)
		}
		f := first[tr.CustomerID]
		if f.Before(yearAgo) || tr.Date.After(f) {
			t.Errorf("%+v: first order %s", tr, f.Format(time.DateOnly))
		}
		customers[tr.CustomerID] = true
		methods[tr.Method]++
	}
	var won int
	for _, f := range first {
		if !f.Before(yearAgo) {
			won++
		}
	}
	if len(customers) < won/2 || len(customers) == won || len(all.ActivityTouches) <= len(customers) {
		t.Errorf("%d touches of %d of the %d customers won in the year", len(all.ActivityTouches), len(customers), won)
	}
	for _, m := range crm.TouchMethods {
		if methods[m] == 0 {
			t.Errorf("no touch known by %s: %v", m, methods)
		}
	}
	// The same Config, the same touches.
	again := collect(t, cfg)
	if !slices.Equal(all.Orders, again.Orders) || len(all.ActivityTouches) != len(again.ActivityTouches) {
		t.Error("the demo is not deterministic")
	}
}
