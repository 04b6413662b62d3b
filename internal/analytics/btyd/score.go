package btyd

import (
	"math"
	"runtime"
	"sync"
)

// ScoreOptions sets what Score computes for each customer.
type ScoreOptions struct {
	Horizon         float64 // periods ahead for the expected purchases (e.g. 52 weeks)
	Months          int     // CLV horizon in months (the reference's default is 12)
	MonthlyDiscount float64 // CLV discount rate per month (the reference's default is 0.01)
	PeriodsPerMonth float64 // periods in a month (Unit.PeriodsPerMonth)
}

// Score is one customer's forecast.
type Score struct {
	PAlive   float64 `json:"p_alive"`
	Expected float64 `json:"expected_purchases"` // E[Y(Horizon) | x, t_x, T]
	Spend    float64 `json:"expected_spend"`     // Gamma-Gamma E[M | x, m̄] per future purchase
	CLV      float64 `json:"clv"`
}

// CLV is the customer's discounted lifetime value over opt.Months months in
// the convention of the Python reference (lifetimes): the expected purchases
// of each month, times spend, discounted by (1+d)^k for month k:
//
//	CLV = Σ_{k=1..months} spend·[E(Y(k·f)) − E(Y((k−1)·f))] / (1+d)^k
//
// with f periods per month.
func CLV(m Model, c Customer, spend float64, opt ScoreOptions) float64 {
	var clv, prev float64
	for k := 1; k <= opt.Months; k++ {
		e := m.ConditionalExpected(c, float64(k)*opt.PeriodsPerMonth)
		clv += spend * (e - prev) / math.Pow(1+opt.MonthlyDiscount, float64(k))
		prev = e
	}
	return clv
}

// ScoreAll scores every customer: P(alive), expected purchases over the
// horizon, Gamma-Gamma expected spend and CLV. Work is spread over the cores;
// for BG/NBD the hypergeometric part, which depends on (x, T) only, is
// computed once per distinct (x, T).
func ScoreAll(m Model, gg GammaGamma, cs []Customer, opt ScoreOptions) []Score {
	out := make([]Score, len(cs))
	workers := runtime.GOMAXPROCS(0)
	if len(cs) < 4096 {
		workers = 1
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lo, hi := len(cs)*w/workers, len(cs)*(w+1)/workers
			switch m := m.(type) {
			case BGNBD:
				scoreBGNBD(m, gg, cs[lo:hi], out[lo:hi], opt)
				return
			case ParetoNBD:
				scoreParetoNBD(m, gg, cs[lo:hi], out[lo:hi], opt)
				return
			}
			for i := lo; i < hi; i++ {
				c := cs[i]
				s := &out[i]
				s.PAlive = m.PAlive(c)
				s.Expected = m.ConditionalExpected(c, opt.Horizon)
				s.Spend = gg.ExpectedSpend(c.X, c.Spend)
				s.CLV = CLV(m, c, s.Spend, opt)
			}
		}()
	}
	wg.Wait()
	return out
}

type xT struct {
	x int
	T float64
}

// scoreBGNBD uses E[Y(t)|x,t_x,T] = g(x,T,t)/(1+odds(x,t_x,T)): the expensive
// g is cached per (x, T), both for the horizon and for the CLV sum.
func scoreBGNBD(m BGNBD, gg GammaGamma, cs []Customer, out []Score, opt ScoreOptions) {
	type cached struct{ e, clv float64 }
	cache := make(map[xT]cached, 4096)
	disc := discounts(opt)
	for i, c := range cs {
		key := xT{c.X, c.T}
		v, ok := cache[key]
		if !ok {
			v.e = m.alive(c.X, c.T, opt.Horizon)
			var prev float64
			for k := 1; k <= opt.Months; k++ {
				e := m.alive(c.X, c.T, float64(k)*opt.PeriodsPerMonth)
				v.clv += (e - prev) * disc[k]
				prev = e
			}
			cache[key] = v
		}
		pa := 1 / (1 + m.odds(c))
		sp := gg.ExpectedSpend(c.X, c.Spend)
		out[i] = Score{PAlive: pa, Expected: v.e * pa, Spend: sp, CLV: v.clv * pa * sp}
	}
}

// scoreParetoNBD computes P(alive) once per customer; E[Y(t) | alive] is
// (r+x)(β+T)/(α+T)·decay(T, t), so the discounted monthly sum of decays is
// cached per T.
func scoreParetoNBD(m ParetoNBD, gg GammaGamma, cs []Customer, out []Score, opt ScoreOptions) {
	disc := discounts(opt)
	type cached struct{ e, clv float64 }
	cache := make(map[float64]cached, 1024)
	for i, c := range cs {
		v, ok := cache[c.T]
		if !ok {
			v.e = m.decay(c.T, opt.Horizon)
			var prev float64
			for k := 1; k <= opt.Months; k++ {
				d := m.decay(c.T, float64(k)*opt.PeriodsPerMonth)
				v.clv += (d - prev) * disc[k]
				prev = d
			}
			cache[c.T] = v
		}
		pa := m.PAlive(c)
		f := pa * (m.R + float64(c.X)) * (m.Beta + c.T) / (m.Alpha + c.T)
		sp := gg.ExpectedSpend(c.X, c.Spend)
		out[i] = Score{PAlive: pa, Expected: f * v.e, Spend: sp, CLV: f * v.clv * sp}
	}
}

// discounts are (1+d)^−k for months k = 1..Months.
func discounts(opt ScoreOptions) []float64 {
	disc := make([]float64, opt.Months+1)
	for k := 1; k <= opt.Months; k++ {
		disc[k] = math.Pow(1+opt.MonthlyDiscount, -float64(k))
	}
	return disc
}
