// Package breakeven is cost-volume-profit arithmetic for one product or
// service: the units and revenue at which it breaks even, the units for a
// target profit, the margin of safety, profit margin and operating
// leverage at an actual volume, and a what-if grid over price, variable
// cost and fixed costs.
//
// Money comes in as integer cents. Unit counts that must be reached are
// rounded up exactly (integer arithmetic, never a float's ceiling), so
// $10,000 / $30 a unit is 334 units, not 333.
package breakeven

import (
	"errors"
	"math"
	"math/big"
	"strconv"
)

// ErrNoBreakEven is the error of a price at or below the variable cost:
// every unit sold loses money (or makes none), so no volume pays the fixed
// costs.
var ErrNoBreakEven = errors.New("no break-even: price must exceed variable cost")

// Input is one product's costs and price, in cents.
type Input struct {
	Fixed        int64 // fixed costs of the period
	Price        int64 // price per unit
	Variable     int64 // variable cost per unit
	TargetProfit int64 // profit wanted in the period (0: break even)
	// Units is the actual (or planned) volume of the period; 0 means none
	// given, and the figures at a volume are left out.
	Units int64
}

// Result is what Compute works out. Money is in cents, shares are
// fractions (0.6 is 60%).
type Result struct {
	BEV       float64 // break-even units, unrounded: Fixed / CM
	BEVUnits  int64   // BEV rounded up
	BERevenue float64 // break-even revenue in cents, unrounded: BEV × Price
	CM        int64   // contribution margin per unit: Price − Variable
	CMRatio   float64 // CM / Price
	// TargetUnits are the units for TargetProfit: ⌈(Fixed + TargetProfit) / CM⌉.
	TargetUnits int64
	// AtUnits is false when Input.Units was 0; the four figures below are
	// then zero.
	AtUnits        bool
	Profit         int64   // Units × CM − Fixed
	MarginOfSafety float64 // (Units − BEV) / Units
	ProfitMargin   float64 // Profit / (Units × Price)
	// DOL is the degree of operating leverage, Units × CM / Profit; it is
	// undefined (HasDOL false) at a profit of zero.
	DOL    float64
	HasDOL bool
	WhatIf []WhatIf
}

// WhatIf is the break-even volume with one of price, variable cost or
// fixed costs changed by a percentage.
type WhatIf struct {
	Change   string  // "price +10%", "variable -20%", "fixed +20%" …
	BEV      float64 // unrounded
	BEVUnits int64   // rounded up
	// OK is false when the change leaves the price at or below the
	// variable cost: there is no break-even then.
	OK bool
}

// MaxUnits bounds Input.Units, so that units × price stays exact.
const MaxUnits = 1_000_000_000

// Steps are the what-if grid's changes in percent, in its order.
var Steps = []int64{-20, -10, 10, 20}

// Compute works out in's figures. A price at or below the variable cost is
// ErrNoBreakEven; negative amounts and a negative volume are errors too.
func Compute(in Input) (Result, error) {
	switch {
	case in.Fixed < 0:
		return Result{}, errors.New("fixed costs must not be negative")
	case in.Price < 0:
		return Result{}, errors.New("price must not be negative")
	case in.Variable < 0:
		return Result{}, errors.New("variable cost must not be negative")
	case in.Units < 0 || in.Units > MaxUnits:
		return Result{}, errors.New("units must be from 0 to a billion")
	case in.Fixed+in.TargetProfit < 0:
		return Result{}, errors.New("the target profit must not be a loss larger than the fixed costs")
	case in.Price <= in.Variable:
		return Result{}, ErrNoBreakEven
	}
	cm := in.Price - in.Variable
	r := Result{
		CM:          cm,
		BEV:         ratio(in.Fixed, cm),
		BEVUnits:    ceilDiv(big.NewInt(in.Fixed), big.NewInt(cm)),
		CMRatio:     ratio(cm, in.Price),
		TargetUnits: ceilDiv(new(big.Int).Add(big.NewInt(in.Fixed), big.NewInt(in.TargetProfit)), big.NewInt(cm)),
	}
	// Fixed × Price / CM, exactly as a fraction, then to a float.
	r.BERevenue, _ = new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(in.Fixed), big.NewInt(in.Price)), big.NewInt(cm)).Float64()
	if in.Units > 0 {
		r.AtUnits = true
		contribution := in.Units * cm
		r.Profit = contribution - in.Fixed
		r.MarginOfSafety = (float64(in.Units) - r.BEV) / float64(in.Units)
		r.ProfitMargin = ratio(r.Profit, in.Units*in.Price)
		if r.Profit != 0 {
			r.DOL, r.HasDOL = ratio(contribution, r.Profit), true
		}
	}
	for _, what := range []string{"price", "variable", "fixed"} {
		for _, pct := range Steps {
			r.WhatIf = append(r.WhatIf, whatIf(in, what, pct))
		}
	}
	return r, nil
}

// whatIf is the break-even volume with what changed by pct percent. The
// three amounts are scaled by 100 so a changed amount stays an integer
// (hundredths of a cent), and the ceiling stays exact.
func whatIf(in Input, what string, pct int64) WhatIf {
	f, p, v := in.Fixed*100, in.Price*100, in.Variable*100
	switch what {
	case "price":
		p = in.Price * (100 + pct)
	case "variable":
		v = in.Variable * (100 + pct)
	case "fixed":
		f = in.Fixed * (100 + pct)
	}
	sign := "+"
	if pct < 0 {
		sign = "-"
	}
	w := WhatIf{Change: what + " " + sign + strconv.FormatInt(abs(pct), 10) + "%"}
	if p <= v {
		return w
	}
	w.OK = true
	w.BEV = ratio(f, p-v)
	w.BEVUnits = ceilDiv(big.NewInt(f), big.NewInt(p-v))
	return w
}

// ceilDiv is ⌈a / b⌉ for a ≥ 0, b > 0.
func ceilDiv(a, b *big.Int) int64 {
	q, m := new(big.Int).QuoRem(a, b, new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() {
		return math.MaxInt64
	}
	return q.Int64()
}

// ratio is a / b as a float, computed from the exact fraction.
func ratio(a, b int64) float64 {
	f, _ := new(big.Rat).SetFrac(big.NewInt(a), big.NewInt(b)).Float64()
	return f
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// PaybackUnits are the units an activity costing cost (cents) must bring
// to pay for itself at a contribution margin of cm cents a unit:
// ⌈cost / cm⌉; 0 for no cost. cm must be positive.
func PaybackUnits(cost, cm int64) int64 {
	if cost <= 0 || cm <= 0 {
		return 0
	}
	return ceilDiv(big.NewInt(cost), big.NewInt(cm))
}
