package funnel

import (
	"reflect"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestDerive: each stage's day and reason, worked out by hand.
func TestDerive(t *testing.T) {
	asOf := day("2026-06-30")
	type tr struct{ stage, on, reason string }
	for _, c := range []struct {
		name string
		a    Account
		want []tr
	}{
		{"no orders: nothing", Account{AtRisk: true, AtRiskReason: "health poor", Churned: true}, nil},
		{"one order, and an order after as of", Account{Orders: []Order{{day("2026-05-01"), 100}, {day("2026-07-01"), 100}}},
			[]tr{{"customer", "2026-05-01", "first order"}}},
		{"a credit does not make a customer; two orders on one day are one day",
			Account{Orders: []Order{{day("2026-01-10"), -50}, {day("2026-02-01"), 100}, {day("2026-02-01"), 100}}},
			[]tr{{"customer", "2026-02-01", "first order"}}},
		// Orders every quarter: on 2025-08-01, 2024-09-01 is 334 days
		// before (quarter 3: 273–363 days), 2024-12-01 243 (quarter 2),
		// 2025-03-01 153 (quarter 1), 2025-08-01 0: loyal. On 2025-03-01
		// 2024-09-01 is 181 days before and 2024-12-01 90: quarters 0
		// and 1 only, and no revenue before. The last order is 333 days
		// before as of: not lapsed (365).
		{"orders every quarter", Account{Orders: []Order{{day("2024-09-01"), 100}, {day("2024-12-01"), 100}, {day("2025-03-01"), 100}, {day("2025-08-01"), 100}}},
			[]tr{{"customer", "2024-09-01", "first order"}, {"repeat", "2024-12-01", "a second order on another day"},
				{"loyal", "2025-08-01", "orders in each of the last four quarters"}}},
		// Growth: 100 on 2024-01-15, 100 on 2024-02-01; 300 on
		// 2025-03-01: the 365 days up to it hold 300, the 365 before
		// (2023-03-02..2024-03-01) 200: loyal on 2025-03-01. The last
		// order is 486 days before as of: lapsed 365 days after it.
		{"growth", Account{Orders: []Order{{day("2024-01-15"), 100}, {day("2024-02-01"), 100}, {day("2025-03-01"), 300}}},
			[]tr{{"customer", "2024-01-15", "first order"}, {"repeat", "2024-02-01", "a second order on another day"},
				{"loyal", "2025-03-01", "revenue of the last 12 months grew over the 12 before"},
				{"lapsed", "2026-03-01", "no order for more than the lapsed span"}}},
		// The earliest of a referral's first order and a verified act;
		// an act after as of does not count.
		{"advocate", Account{Orders: []Order{{day("2026-01-05"), 100}}, Referred: []time.Time{day("2026-04-01"), day("2026-03-01")},
			Acts: []time.Time{day("2026-03-15"), day("2026-02-01").AddDate(1, 0, 0)}},
			[]tr{{"customer", "2026-01-05", "first order"}, {"advocate", "2026-03-01", "an account it referred ordered"}}},
		{"an act first", Account{Orders: []Order{{day("2026-01-05"), 100}}, Referred: []time.Time{day("2026-04-01")}, Acts: []time.Time{day("2026-02-20")}},
			[]tr{{"customer", "2026-01-05", "first order"}, {"advocate", "2026-02-20", "a verified advocacy act"}}},
		{"a promoter", Account{Orders: []Order{{day("2026-01-05"), 100}}, Promoter: true},
			[]tr{{"customer", "2026-01-05", "first order"}, {"advocate", "2026-06-30", "a promoter's answer"}}},
		// Lapsed 30 days after the last order (the span here), at risk
		// and churned on as of, observed.
		{"off the path", Account{Orders: []Order{{day("2026-05-01"), 100}}, AtRisk: true, AtRiskReason: "health poor", Churned: true},
			[]tr{{"customer", "2026-05-01", "first order"}, {"at_risk", "2026-06-30", "health poor"},
				{"lapsed", "2026-05-31", "no order for more than the lapsed span"}, {"churned", "2026-06-30", "marked inactive"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.a.ID = 7
			span := 365
			if c.name == "off the path" {
				span = 30
			}
			var got []tr
			for _, x := range Derive(c.a, asOf, span) {
				if x.AccountID != 7 || x.Observed != (x.Stage == AtRisk || x.Stage == Churned || x.Reason == "a promoter's answer") {
					t.Errorf("%+v", x)
				}
				got = append(got, tr{x.Stage, x.On.Format(time.DateOnly), x.Reason})
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %v\nwant %v", got, c.want)
			}
		})
	}
}
