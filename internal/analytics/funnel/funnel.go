// Package funnel derives the dated stage transitions of the funnel after
// the sale from an account's orders, referrals, advocacy and standing:
// customer (the first positive order), repeat (a second order day), loyal
// (orders in each of the last four quarters of 91 days, or revenue of the
// last 365 days above the 365 before, which was positive: the first order
// day on which that held, else the as-of day), advocate (the first order
// of an account it referred, a verified advocacy act, or a promoter's
// answer, undated), and off the
// path: lapsed (no order for the lapsed span), at risk and churned, which
// the data does not date (Observed: the day they were first seen stands).
// Pure: slices in, transitions out.
package funnel

import (
	"slices"
	"time"
)

// The stages, in the order of the path, then off it.
const (
	Customer = "customer"
	Repeat   = "repeat"
	Loyal    = "loyal"
	Advocate = "advocate"
	AtRisk   = "at_risk"
	Lapsed   = "lapsed"
	Churned  = "churned"
)

// Stages lists every stage in order.
func Stages() []string { return []string{Customer, Repeat, Loyal, Advocate, AtRisk, Lapsed, Churned} }

// Order is one order of an account: its day and net amount in cents.
type Order struct {
	Day   time.Time
	Cents int64
}

// Account is what decides an account's stages.
type Account struct {
	ID     int64
	Orders []Order // any order, credits too; sorted here
	// Referred are the first order days of the accounts it referred
	// that ordered; Acts the days of its verified advocacy acts.
	Referred, Acts []time.Time
	// Promoter is true when its latest NPS answer of the year is a
	// promoter's: an advocate, undated (Observed) unless dated otherwise.
	Promoter bool
	// AtRisk, with its reason, and Churned are the account's standing as
	// of the as-of day.
	AtRisk       bool
	AtRiskReason string
	Churned      bool
}

// Transition is an account's move into a stage, when and why.
type Transition struct {
	AccountID int64
	Stage     string
	On        time.Time
	Reason    string
	// Observed is true when the data does not date the move: On is the
	// as-of day, and a day it was first seen before stands.
	Observed bool
}

// quarter is the length of a quarter, in days.
const quarter = 91

func days(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }

// Derive returns the transitions of a as of asOf, in the order of
// Stages; lapsedDays is the span without an order after which a customer
// has lapsed.
func Derive(a Account, asOf time.Time, lapsedDays int) []Transition {
	var out []Transition
	add := func(stage string, on time.Time, reason string, observed bool) {
		out = append(out, Transition{AccountID: a.ID, Stage: stage, On: on, Reason: reason, Observed: observed})
	}
	orders := slices.Clone(a.Orders)
	orders = slices.DeleteFunc(orders, func(o Order) bool { return o.Day.After(asOf) })
	slices.SortStableFunc(orders, func(x, y Order) int { return x.Day.Compare(y.Day) })
	var orderDays []time.Time
	for _, o := range orders {
		if o.Cents > 0 && (len(orderDays) == 0 || !orderDays[len(orderDays)-1].Equal(o.Day)) {
			orderDays = append(orderDays, o.Day)
		}
	}
	if len(orderDays) > 0 {
		add(Customer, orderDays[0], "first order", false)
	}
	if len(orderDays) > 1 {
		add(Repeat, orderDays[1], "a second order on another day", false)
		on, why := time.Time{}, ""
		for _, d := range append(slices.Clone(orderDays[1:]), asOf) {
			if w := loyalOn(orders, d); w != "" {
				on, why = d, w
				break
			}
		}
		if why != "" {
			add(Loyal, on, why, false)
		}
	}
	var adv time.Time
	why := ""
	for _, d := range a.Referred {
		if !d.After(asOf) && (adv.IsZero() || d.Before(adv)) {
			adv, why = d, "an account it referred ordered"
		}
	}
	for _, d := range a.Acts {
		if !d.After(asOf) && (adv.IsZero() || d.Before(adv)) {
			adv, why = d, "a verified advocacy act"
		}
	}
	switch {
	case why != "":
		add(Advocate, adv, why, false)
	case a.Promoter && len(orderDays) > 0:
		add(Advocate, asOf, "a promoter's answer", true)
	}
	if a.AtRisk && len(orderDays) > 0 {
		add(AtRisk, asOf, a.AtRiskReason, true)
	}
	if n := len(orderDays); n > 0 && lapsedDays > 0 && days(orderDays[n-1], asOf) > lapsedDays {
		add(Lapsed, orderDays[n-1].AddDate(0, 0, lapsedDays), "no order for more than the lapsed span", false)
	}
	if a.Churned && len(orderDays) > 0 {
		add(Churned, asOf, "marked inactive", true)
	}
	return out
}

// loyalOn says why the orders make a loyal customer on day d, "" when
// they do not: an order in each of the four quarters of 91 days up to d,
// or revenue of the 365 days up to d above that of the 365 before, which
// was positive.
func loyalOn(orders []Order, d time.Time) string {
	var q [4]bool
	var recent, earlier int64
	for _, o := range orders {
		if o.Day.After(d) {
			break
		}
		age := days(o.Day, d)
		if o.Cents > 0 && age < 4*quarter {
			q[age/quarter] = true
		}
		switch {
		case age < 365:
			recent += o.Cents
		case age < 730:
			earlier += o.Cents
		}
	}
	switch {
	case q[0] && q[1] && q[2] && q[3]:
		return "orders in each of the last four quarters"
	case earlier > 0 && recent > earlier:
		return "revenue of the last 12 months grew over the 12 before"
	}
	return ""
}
