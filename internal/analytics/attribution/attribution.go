// Package attribution credits the value of new customers to the marketing
// activities that brought them, under the usual models: first touch,
// last touch, linear, U-shaped, W-shaped and time decay.
//
// A customer's touches before (or on) the day they became a customer are
// their path. The first touch decides where the customer came from: a
// marketing activity makes a marketing-originated customer (MOC), any
// other activity (word of mouth, a salesperson) a non-marketing one, and
// no touch at all an unknown one. Only a marketing-originated customer's
// value is credited, and only to the marketing touches of its path, so
// the credits add up to exactly the value of the marketing-originated
// customers. Each customer's value (integer cents) is split by the model's
// weights with the largest-remainder method: every share is rounded down
// to the cent and the cents left over go to the largest remainders (the
// earlier touch on a tie), so nothing is lost or made up.
package attribution

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"slices"
	"time"
)

// Model is an attribution model.
type Model string

// The models.
const (
	FirstTouch Model = "first-touch"
	LastTouch  Model = "last-touch"
	Linear     Model = "linear"
	UShaped    Model = "u-shaped"
	WShaped    Model = "w-shaped"
	TimeDecay  Model = "time-decay"
)

// Models lists the models, the default first.
func Models() []Model { return []Model{FirstTouch, LastTouch, Linear, UShaped, WShaped, TimeDecay} }

// HalfLifeDays is the time-decay model's half-life: a touch a week before
// the customer bought weighs half as much as one on the day.
const HalfLifeDays = 7

// ParseModel returns the model called s.
func ParseModel(s string) (Model, error) {
	m := Model(s)
	if !slices.Contains(Models(), m) {
		return "", fmt.Errorf("unknown model %q (want first-touch, last-touch, linear, u-shaped, w-shaped or time-decay)", s)
	}
	return m, nil
}

// Touch is one touch of a customer with an activity.
type Touch struct {
	Activity  int64
	Marketing bool // the activity counts as marketing
	Day       time.Time
	// SelfReported is a touch the customer told of ("how did you hear
	// about us"), not one tracked by a code or found afterwards.
	SelfReported bool
}

// Customer is one new customer: the day they became one (their first
// order), their value in cents and their touches, in any order.
type Customer struct {
	ID      int64
	Since   time.Time
	Value   int64
	Touches []Touch
}

// Origin is where a customer came from.
type Origin string

// The origins.
const (
	Marketing    Origin = "marketing"
	NonMarketing Origin = "non_marketing"
	Unknown      Origin = "unknown"
)

// Credit is what one activity is credited with.
type Credit struct {
	Activity  int64
	Customers int   // customers whose value it shares
	Cents     int64 // the value credited, exact
}

// Result is the attribution of a set of customers.
type Result struct {
	Credits []Credit         // by activity id; activities credited with no customer are absent
	Origins map[int64]Origin // by customer id
	// MarketingValue is the value of the marketing-originated customers:
	// the sum of the credits, to the cent.
	MarketingValue int64
	// SelfReported counts the customers with both a self-reported and a
	// tracked touch on their path; Agreeing those whose first
	// self-reported activity is their first tracked one.
	SelfReported, Agreeing int
}

// Attribute credits customers' values under model.
func Attribute(model Model, customers []Customer) (Result, error) {
	if _, err := ParseModel(string(model)); err != nil {
		return Result{}, err
	}
	res := Result{Origins: make(map[int64]Origin, len(customers))}
	credits := map[int64]*Credit{}
	for _, c := range customers {
		path := Path(c)
		all := before(c)
		if said, tracked := firstOf(all, true), firstOf(all, false); said != nil && tracked != nil {
			res.SelfReported++
			if said.Activity == tracked.Activity {
				res.Agreeing++
			}
		}
		switch {
		case len(path) == 0:
			res.Origins[c.ID] = Unknown
			continue
		case !path[0].Marketing:
			res.Origins[c.ID] = NonMarketing
			continue
		}
		res.Origins[c.ID] = Marketing
		var mk []Touch
		for _, t := range path {
			if t.Marketing {
				mk = append(mk, t)
			}
		}
		ages := make([]int, len(mk))
		for i, t := range mk {
			ages[i] = int(c.Since.Sub(t.Day).Hours() / 24)
		}
		shares := Allocate(c.Value, Weights(model, ages))
		res.MarketingValue += c.Value
		counted := map[int64]bool{}
		for i, t := range mk {
			cr := credits[t.Activity]
			if cr == nil {
				cr = &Credit{Activity: t.Activity}
				credits[t.Activity] = cr
			}
			cr.Cents += shares[i]
			if shares[i] != 0 && !counted[t.Activity] {
				counted[t.Activity] = true
				cr.Customers++
			}
		}
	}
	for _, cr := range credits {
		res.Credits = append(res.Credits, *cr)
	}
	slices.SortFunc(res.Credits, func(a, b Credit) int { return cmp.Compare(a.Activity, b.Activity) })
	return res, nil
}

// Path returns c's touches on or before the day they became a customer,
// the earliest first (ties in the order given). Touches of one activity on
// one day are one touch known two ways (a code, and the customer's word):
// it counts once, as tracked when either was.
func Path(c Customer) []Touch {
	var path []Touch
	at := map[[2]int64]int{} // activity and day -> index into path
	for _, t := range before(c) {
		k := [2]int64{t.Activity, t.Day.Unix()}
		if i, ok := at[k]; ok {
			path[i].SelfReported = path[i].SelfReported && t.SelfReported
			continue
		}
		at[k] = len(path)
		path = append(path, t)
	}
	return path
}

// before returns c's touches on or before the day they became a customer,
// the earliest first (ties in the order given).
func before(c Customer) []Touch {
	var out []Touch
	for _, t := range c.Touches {
		if !t.Day.After(c.Since) {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b Touch) int { return a.Day.Compare(b.Day) })
	return out
}

// firstOf returns the first of touches that is self-reported (or is not),
// nil without one.
func firstOf(touches []Touch, selfReported bool) *Touch {
	for i := range touches {
		if touches[i].SelfReported == selfReported {
			return &touches[i]
		}
	}
	return nil
}

// Weights returns the model's weights of a path of len(ages) touches,
// the earliest first, ages being each touch's days before the customer
// bought. They are exact fractions summing to 1 (time decay: the exact
// value of each float weight, normalised).
//
//   - first-touch and last-touch: all to the first or last touch;
//   - linear: equal shares;
//   - u-shaped: 40% each to the first and last touch, 20% shared by the
//     touches between; one touch takes all, two take half each;
//   - w-shaped: 30% each to the first touch, the middle touch (the
//     earlier of the two middle ones on an even path) and the last,
//     10% shared by the others; with three touches or fewer the key
//     touches share it all equally (renormalised);
//   - time-decay: 2^(−age/7), normalised.
func Weights(model Model, ages []int) []*big.Rat {
	n := len(ages)
	w := make([]int64, n) // integer weights for the positional models
	switch model {
	case FirstTouch:
		w[0] = 1
	case LastTouch:
		w[n-1] = 1
	case Linear:
		for i := range w {
			w[i] = 1
		}
	case UShaped:
		switch n {
		case 1:
			w[0] = 1
		case 2:
			w[0], w[1] = 1, 1
		default:
			for i := range w {
				w[i] = 20
			}
			w[0], w[n-1] = 40*int64(n-2), 40*int64(n-2)
		}
	case WShaped:
		if n <= 3 {
			for i := range w {
				w[i] = 1
			}
			break
		}
		mid := (n - 1) / 2
		for i := range w {
			w[i] = 10
		}
		w[0], w[mid], w[n-1] = 30*int64(n-3), 30*int64(n-3), 30*int64(n-3)
	case TimeDecay:
		out := make([]*big.Rat, n)
		sum := new(big.Rat)
		for i, a := range ages {
			out[i] = new(big.Rat).SetFloat64(math.Exp2(-float64(a) / HalfLifeDays))
			sum.Add(sum, out[i])
		}
		for i := range out {
			out[i].Quo(out[i], sum)
		}
		return out
	}
	var total int64
	for _, x := range w {
		total += x
	}
	out := make([]*big.Rat, n)
	for i, x := range w {
		out[i] = big.NewRat(x, total)
	}
	return out
}

// Allocate splits cents by weights (fractions summing to 1) with the
// largest-remainder method: the shares sum to cents exactly. A negative
// value is split as its opposite, negated.
func Allocate(cents int64, weights []*big.Rat) []int64 {
	out := make([]int64, len(weights))
	if len(weights) == 0 {
		return out
	}
	neg := cents < 0
	v := big.NewInt(cents)
	if neg {
		v.Neg(v)
	}
	type rem struct {
		i    int
		frac *big.Rat
	}
	rems := make([]rem, len(weights))
	var given int64
	for i, w := range weights {
		exact := new(big.Rat).Mul(new(big.Rat).SetInt(v), w)
		q := new(big.Int).Quo(exact.Num(), exact.Denom()) // floor: exact ≥ 0
		out[i] = q.Int64()
		given += out[i]
		rems[i] = rem{i, new(big.Rat).Sub(exact, new(big.Rat).SetInt(q))}
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return b.frac.Cmp(a.frac) })
	for k := int64(0); k < v.Int64()-given; k++ {
		out[rems[k%int64(len(rems))].i]++
	}
	if neg {
		for i := range out {
			out[i] = -out[i]
		}
	}
	return out
}
