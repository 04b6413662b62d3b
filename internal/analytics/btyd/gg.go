package btyd

import (
	"errors"
	"fmt"
	"math"
)

// GammaGamma is the spend model of Fader & Hardie (note 025): a customer's
// transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers,
// independent of how often they buy.
type GammaGamma struct {
	P     float64 `json:"p"`
	Q     float64 `json:"q"`
	Gamma float64 `json:"gamma"`
}

// LogLik is the log-likelihood of a customer's mean spend over x > 0 repeat
// purchases.
func (m GammaGamma) LogLik(x int, mean float64) float64 {
	px := m.P * float64(x)
	return lgamma(px+m.Q) - lgamma(px) - lgamma(m.Q) + m.Q*math.Log(m.Gamma) +
		(px-1)*math.Log(mean) + px*math.Log(float64(x)) - (px+m.Q)*math.Log(m.Gamma+float64(x)*mean)
}

// PopulationMean is the mean spend per transaction across customers,
// pγ/(q−1); it is +Inf when q ≤ 1.
func (m GammaGamma) PopulationMean() float64 {
	if m.Q <= 1 {
		return math.Inf(1)
	}
	return m.P * m.Gamma / (m.Q - 1)
}

// ExpectedSpend is E[M | x, m̄], the customer's expected value per future
// transaction: a weighted mean of the population mean and their own mean
// (the population mean when x = 0 or m̄ = 0: a customer whose repeat
// purchases are all of value zero is left out of the fit, see
// FitGammaGamma, and known to the model no better than a new one).
func (m GammaGamma) ExpectedSpend(x int, mean float64) float64 {
	if x <= 0 || mean == 0 {
		return m.PopulationMean()
	}
	px := m.P * float64(x)
	return (m.Q-1)/(px+m.Q-1)*m.PopulationMean() + px/(px+m.Q-1)*mean
}

// FitGammaGamma fits the spend model to the customers with X > 0 (their
// Spend is the mean of the repeat purchases); the others are ignored, as in
// the model's definition. The model's spends are positive: a repeat
// customer whose mean is 0 (every repeat purchase of value zero: free
// replacements, samples) is left out and counted in LeftOut. Zero-value
// purchases of a customer with a positive mean stay in it, as they stay in
// the purchase count the mean multiplies. A negative, infinite or NaN mean
// is an error (a *CustomerError).
func FitGammaGamma(cs []Customer) (Fit[GammaGamma], error) {
	var xs, ms []float64
	leftOut := 0
	for _, c := range cs {
		switch {
		case c.X <= 0:
			continue
		case c.Spend == 0:
			leftOut++
			continue
		case !(c.Spend > 0) || math.IsInf(c.Spend, 0):
			return Fit[GammaGamma]{}, &CustomerError{c.ID, fmt.Sprintf("the Gamma-Gamma model needs a positive mean spend, got %g", c.Spend)}
		}
		xs, ms = append(xs, float64(c.X)), append(ms, c.Spend)
	}
	if len(xs) == 0 {
		return Fit[GammaGamma]{}, errors.New("btyd: no customers with repeat purchases of positive value to fit the spend model")
	}
	n := float64(len(xs))
	f := func(theta, grad []float64) float64 {
		p, q, g := math.Exp(theta[0]), math.Exp(theta[1]), math.Exp(theta[2])
		lgq, psq, lg := lgamma(q), digamma(q), math.Log(g)
		out := parSum(len(xs), 4, func(lo, hi int, o []float64) {
			for i := lo; i < hi; i++ {
				x, m := xs[i], ms[i]
				px := p * x
				lm, lx, lgx := math.Log(m), math.Log(x), math.Log(g+x*m)
				o[0] += lgamma(px+q) - lgamma(px) - lgq + q*lg + (px-1)*lm + px*lx - (px+q)*lgx
				pq := digamma(px + q)
				o[1] += x * (pq - digamma(px) + lm + lx - lgx)
				o[2] += pq - psq + lg - lgx
				o[3] += q/g - (px+q)/(g+x*m)
			}
		})
		grad[0] = -out[1] * p / n
		grad[1] = -out[2] * q / n
		grad[2] = -out[3] * g / n
		return -out[0] / n
	}
	theta, hess, iter, err := maximize(f, []float64{0, 0, 0}, nil)
	if err != nil {
		return Fit[GammaGamma]{}, err
	}
	g := make([]float64, 3)
	se := stdErrors(hess, theta, n)
	e := func(i int) float64 { return math.Exp(theta[i]) }
	return Fit[GammaGamma]{
		Params:     GammaGamma{e(0), e(1), e(2)},
		StdErr:     GammaGamma{se[0], se[1], se[2]},
		LogLik:     -f(theta, g) * n,
		Customers:  len(xs),
		Patterns:   len(xs),
		Iterations: iter,
		LeftOut:    leftOut,
	}, nil
}
