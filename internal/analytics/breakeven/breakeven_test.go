package breakeven_test

import (
	"errors"
	"math"
	"testing"

	"github.com/vitalfew/vitalfew/internal/analytics/breakeven"
)

// TestReferenceExample is check 10 of the marketing reference
// (marketing-anchors.md §7): F = $12,000, P = $200, V = $80.
func TestReferenceExample(t *testing.T) {
	r, err := breakeven.Compute(breakeven.Input{Fixed: 1_200_000, Price: 20_000, Variable: 8_000, TargetProfit: 600_000, Units: 130})
	if err != nil {
		t.Fatal(err)
	}
	near := func(name string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if r.CM != 12_000 || r.BEVUnits != 100 || r.TargetUnits != 150 || r.Profit != 360_000 || !r.AtUnits || !r.HasDOL {
		t.Errorf("cm %d, bev units %d, target units %d, profit %d, at units %v, has dol %v; want 12000, 100, 150, 360000, true, true",
			r.CM, r.BEVUnits, r.TargetUnits, r.Profit, r.AtUnits, r.HasDOL)
	}
	near("BEV", r.BEV, 100, 0)
	near("BERevenue", r.BERevenue, 2_000_000, 0)
	near("CMRatio", r.CMRatio, 0.6, 1e-15)
	near("MarginOfSafety", r.MarginOfSafety, 30.0/130, 1e-15)
	near("ProfitMargin", r.ProfitMargin, 3600.0/26000, 1e-15)
	near("DOL", r.DOL, 15600.0/3600, 1e-15)
	if math.Round(r.MarginOfSafety*10000) != 2308 || math.Round(r.ProfitMargin*10000) != 1385 || math.Round(r.DOL*100) != 433 {
		t.Errorf("rounded: margin of safety %v, profit margin %v, DOL %v; want 23.08%%, 13.85%%, 4.33", r.MarginOfSafety, r.ProfitMargin, r.DOL)
	}
	want := map[string]int64{
		"price +10%": 86, "price +20%": 75, "price -10%": 120, "price -20%": 150,
		"variable +10%": 108, "variable +20%": 116, "variable -10%": 94, "variable -20%": 89,
		"fixed +10%": 110, "fixed +20%": 120, "fixed -10%": 90, "fixed -20%": 80,
	}
	if len(r.WhatIf) != 12 {
		t.Fatalf("what-if has %d rows, want 12", len(r.WhatIf))
	}
	for _, w := range r.WhatIf {
		if u, ok := want[w.Change]; !ok || u != w.BEVUnits || !w.OK {
			t.Errorf("what-if %q: %d units (ok %v), want %d", w.Change, w.BEVUnits, w.OK, u)
		}
	}
	near("price +10% BEV", r.WhatIf[2].BEV, 1_200_000.0/14_000, 1e-12)
	if r.WhatIf[0].Change != "price -20%" || r.WhatIf[11].Change != "fixed +20%" {
		t.Errorf("grid order: %q … %q", r.WhatIf[0].Change, r.WhatIf[11].Change)
	}
}

func TestCompute(t *testing.T) {
	for _, tc := range []struct {
		name              string
		in                breakeven.Input
		bevUnits, target  int64
		atUnits, hasDOL   bool
		err               error
		errText           string
		priceMinus20NoBEV bool
	}{
		{name: "rounds up ($10,000 / $30)", in: breakeven.Input{Fixed: 1_000_000, Price: 5_000, Variable: 2_000}, bevUnits: 334, target: 334},
		{name: "exact units stay", in: breakeven.Input{Fixed: 900, Price: 300, Variable: 0}, bevUnits: 3, target: 3},
		{name: "no fixed costs", in: breakeven.Input{Price: 100, Variable: 60}, bevUnits: 0, target: 0},
		// The reference's "V + $10": V = $90 needs 109.09 → 110 units.
		{name: "variable cost $10 higher", in: breakeven.Input{Fixed: 1_200_000, Price: 20_000, Variable: 9_000}, bevUnits: 110, target: 110},
		{name: "profit zero at the break-even volume: no DOL", in: breakeven.Input{Fixed: 1_200_000, Price: 20_000, Variable: 8_000, Units: 100}, bevUnits: 100, target: 100, atUnits: true},
		{name: "a price cut below the variable cost has no break-even", in: breakeven.Input{Fixed: 100, Price: 1_000, Variable: 850}, bevUnits: 1, target: 1, priceMinus20NoBEV: true},
		{name: "price equals variable", in: breakeven.Input{Fixed: 1_200_000, Price: 8_000, Variable: 8_000}, err: breakeven.ErrNoBreakEven},
		{name: "price below variable", in: breakeven.Input{Fixed: 1, Price: 7_999, Variable: 8_000}, err: breakeven.ErrNoBreakEven},
		{name: "negative fixed", in: breakeven.Input{Fixed: -1, Price: 2, Variable: 1}, errText: "fixed costs must not be negative"},
		{name: "negative units", in: breakeven.Input{Fixed: 1, Price: 2, Variable: 1, Units: -1}, errText: "units must be from 0 to a billion"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := breakeven.Compute(tc.in)
			switch {
			case tc.err != nil || tc.errText != "":
				if err == nil || (tc.err != nil && !errors.Is(err, tc.err)) || (tc.errText != "" && err.Error() != tc.errText) {
					t.Fatalf("err = %v, want %v%s", err, tc.err, tc.errText)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if r.BEVUnits != tc.bevUnits || r.TargetUnits != tc.target || r.AtUnits != tc.atUnits || r.HasDOL != tc.hasDOL {
				t.Errorf("bev units %d, target %d, at units %v, has DOL %v; want %d, %d, %v, %v",
					r.BEVUnits, r.TargetUnits, r.AtUnits, r.HasDOL, tc.bevUnits, tc.target, tc.atUnits, tc.hasDOL)
			}
			if got := !r.WhatIf[0].OK; got != tc.priceMinus20NoBEV {
				t.Errorf("price -20%%: no break-even = %v, want %v", got, tc.priceMinus20NoBEV)
			}
		})
	}
}

// TestPaybackUnits is check 11 of the reference: the trade show ($5,000)
// at a contribution margin of $120 needs ⌈41.67⌉ = 42 units.
func TestPaybackUnits(t *testing.T) {
	for _, tc := range []struct{ cost, cm, want int64 }{
		{500_000, 12_000, 42}, {480_000, 12_000, 40}, {0, 12_000, 0}, {1, 12_000, 1},
	} {
		if got := breakeven.PaybackUnits(tc.cost, tc.cm); got != tc.want {
			t.Errorf("PaybackUnits(%d, %d) = %d, want %d", tc.cost, tc.cm, got, tc.want)
		}
	}
}
