package btyd

import "math"

// BGNBD is the beta-geometric/NBD model (Fader, Hardie & Lee 2005): while
// alive a customer buys at Poisson rate λ ~ Gamma(r, α); after each purchase
// they drop out with probability p ~ Beta(a, b).
type BGNBD struct {
	R     float64 `json:"r"`
	Alpha float64 `json:"alpha"`
	A     float64 `json:"a"`
	B     float64 `json:"b"`
}

// LogLik is the customer's log-likelihood (FHL 2005 eq. 6) in the
// log-sum-exp form that stays finite for large x (Hardie note 027).
func (m BGNBD) LogLik(c Customer) float64 {
	x := float64(c.X)
	ll := lgamma(m.R+x) - lgamma(m.R) + m.R*math.Log(m.Alpha) +
		lgamma(m.A+m.B) + lgamma(m.B+x) - lgamma(m.B) - lgamma(m.A+m.B+x)
	a3 := -(m.R + x) * math.Log(m.Alpha+c.T)
	if c.X == 0 {
		return ll + a3
	}
	a4 := math.Log(m.A) - math.Log(m.B+x-1) - (m.R+x)*math.Log(m.Alpha+c.Tx)
	return ll + logSumExp(a3, a4)
}

// odds is a/(b+x−1)·((α+T)/(α+t_x))^(r+x) for x > 0 and 0 for x = 0; P(alive)
// is 1/(1+odds).
func (m BGNBD) odds(c Customer) float64 {
	if c.X == 0 {
		return 0
	}
	x := float64(c.X)
	return math.Exp(math.Log(m.A/(m.B+x-1)) + (m.R+x)*math.Log((m.Alpha+c.T)/(m.Alpha+c.Tx)))
}

// PAlive is the probability that the customer is still alive at T. It is 1
// for x = 0, a property of the BG/NBD model (drop-out happens only right
// after a purchase).
func (m BGNBD) PAlive(c Customer) float64 { return 1 / (1 + m.odds(c)) }

// growth is 1 − ((α+T)/(α+T+t))^(a−1)·₂F₁(a+b−1−r, a−1; a+b+x−1; t/(α+T+t)),
// the Euler-transformed bracket of FHL eq. 10: the series has parameters
// that do not grow with x, so it is short for every customer.
//
// The power and the series are multiplied as logarithms: for large a one
// underflows to 0 and the other overflows to +Inf where their product is
// an ordinary number.
func (m BGNBD) growth(x, T, t float64) float64 {
	z := t / (m.Alpha + T + t)
	lnq := -math.Log1p(t / (m.Alpha + T)) // ln((α+T)/(α+T+t))
	return -math.Expm1((m.A-1)*lnq + lnHyp2f1(m.A+m.B-1-m.R, m.A-1, m.A+m.B+x-1, z))
}

// ConditionalExpected is E[Y(t) | x, t_x, T], the expected purchases in the
// next t periods (FHL eq. 10). The formula is singular at a = 1 exactly; there
// the mean of a = 1 ± 1e-7 is used.
func (m BGNBD) ConditionalExpected(c Customer, t float64) float64 {
	if t <= 0 {
		return 0
	}
	return m.alive(c.X, c.T, t) / (1 + m.odds(c))
}

// alive is E[Y(t) | x, t_x, T, alive at T]: the conditional expectation
// before P(alive) is applied. It depends on x and T only.
func (m BGNBD) alive(x int, T, t float64) float64 {
	fx := float64(x)
	at := func(m BGNBD) float64 { return (m.A + m.B + fx - 1) / (m.A - 1) * m.growth(fx, T, t) }
	if lo, hi, near := m.nearOne(); near {
		return (at(lo) + at(hi)) / 2
	}
	return at(m)
}

// nearOne reports whether a is within 1e-7 of 1, where the formulas are
// singular, and gives the models at a = 1 − 1e-7 and 1 + 1e-7 to average
// instead. (Those are evaluated as they are: 1 − 1e-7 is itself within
// 1e-7 of 1 in floating point, so checking them again never ended.)
func (m BGNBD) nearOne() (lo, hi BGNBD, near bool) {
	if math.Abs(m.A-1) >= 1e-7 {
		return m, m, false
	}
	lo, hi = m, m
	lo.A, hi.A = 1-1e-7, 1+1e-7
	return lo, hi, true
}

// Expected is the unconditional E[X(t)] for a customer who made their first
// purchase at time 0.
func (m BGNBD) Expected(t float64) float64 {
	if t <= 0 {
		return 0
	}
	at := func(m BGNBD) float64 { return (m.A + m.B - 1) / (m.A - 1) * m.growth(0, 0, t) }
	if lo, hi, near := m.nearOne(); near {
		return (at(lo) + at(hi)) / 2
	}
	return at(m)
}

// PMF is P(X(t) = n), the probability of exactly n repeat purchases in (0, t]
// for a new customer (FHL eq. 8). The negative-binomial tail is summed
// upward instead of taken as one minus a sum, so it keeps its precision.
func (m BGNBD) PMF(t float64, n int) float64 {
	if n < 0 {
		return 0
	}
	fn := float64(n)
	lbab := lbeta(m.A, m.B)
	p := t / (m.Alpha + t)
	lq := m.R * math.Log(m.Alpha/(m.Alpha+t))
	nb := func(j float64) float64 { // ln NB(j; r, p)
		lf, _ := math.Lgamma(j + 1)
		return lgamma(m.R+j) - lgamma(m.R) - lf + lq + j*math.Log(p)
	}
	out := math.Exp(lbeta(m.A, m.B+fn) - lbab + nb(fn))
	if n == 0 || t <= 0 {
		return out
	}
	// tail = Σ_{j≥n} NB(j): terms fall by (r+j)/(j+1)·p < 1 eventually.
	term := math.Exp(nb(fn))
	tail := term
	for j := fn; j < fn+1e7; j++ {
		term *= (m.R + j) / (j + 1) * p
		tail += term
		// Stop once terms are negligible and falling; a geometric tail of
		// ratio ρ adds at most term·ρ/(1−ρ) more.
		if rho := (m.R + j + 1) / (j + 2) * p; rho < 1 && term*rho/(1-rho) <= 1e-16*tail || tail < 1e-300 {
			break
		}
	}
	return out + math.Exp(lbeta(m.A+1, m.B+fn-1)-lbab)*tail
}

func lbeta(a, b float64) float64 { return lgamma(a) + lgamma(b) - lgamma(a+b) }
