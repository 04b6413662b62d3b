package btyd

import "math"

// ParetoNBD is the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987):
// while alive a customer buys at Poisson rate λ ~ Gamma(r, α); their lifetime
// is exponential with rate μ ~ Gamma(s, β).
type ParetoNBD struct {
	R     float64 `json:"r"`
	Alpha float64 `json:"alpha"`
	S     float64 `json:"s"`
	Beta  float64 `json:"beta"`
}

// The likelihood (Fader & Hardie note 009) is written here as
//
//	L = Γ(r+x)α^r β^s / Γ(r) · P(T) · [1 + s/(r+s+x)·Q]
//	P(t) = (α+t)^−(r+x) (β+t)^−s
//	Q = H(t_x)·P(t_x)/P(T) − H(T)
//
// where s/(r+s+x)·P(t)H(t) = s∫_t^∞ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ. With the
// Euler transform of the ₂F₁ in A0,
//
//	α ≥ β: H(t) = Σ_k (r+x)_k/(r+s+x+1)_k z^k,          z = (α−β)/(α+t)
//	α < β: H(t) = (1−z)·Σ_k (s+1)_k/(r+s+x+1)_k z^k,    z = (β−α)/(β+t)
//
// both positive series with no cancellation. The difference A0 of two nearly
// equal, possibly underflowing terms never appears: P(t_x)/P(T) is taken in
// logs, and 1 − s/(r+s+x)·H(T) ≥ 0 is its own term of a log-sum-exp. This is
// what keeps P(alive) and the likelihood finite where others produce NaN.

// maxSeriesTerms bounds the terms of the Pareto/NBD series. Near z = 1 —
// one rate parameter thousands of times the other and the time small
// beside them, which fits only pass through on their way to the edge of the
// parameter space — it needs about 40/(1−z) terms; a million cover
// 1 − z ≥ 4·10⁻⁵, and keep a fit that wanders there from taking minutes.
const maxSeriesTerms = 1e6

// series is Σ_k (e)_k/(c)_k z^k.
func series(e, c, z float64) float64 {
	sum, term := 1.0, 1.0
	for k := 0.0; k < maxSeriesTerms; k++ {
		term *= (e + k) / (c + k) * z
		sum += term
		if term <= 1e-17*sum {
			break
		}
	}
	return sum
}

// lnH is ln H(t) for a customer with x repeat purchases.
func (m ParetoNBD) lnH(x, t float64) float64 {
	c := m.R + m.S + x + 1
	if m.Alpha >= m.Beta {
		return math.Log(series(m.R+x, c, (m.Alpha-m.Beta)/(m.Alpha+t)))
	}
	z := (m.Beta - m.Alpha) / (m.Beta + t)
	return math.Log1p(-z) + math.Log(series(m.S+1, c, z))
}

// lnBracket is ln[1 + s/(r+s+x)·Q] ≥ 0.
func (m ParetoNBD) lnBracket(c Customer) float64 {
	x := float64(c.X)
	lc := math.Log(m.S / (m.R + m.S + x))
	e := (m.R+x)*math.Log((m.Alpha+c.T)/(m.Alpha+c.Tx)) + m.S*math.Log((m.Beta+c.T)/(m.Beta+c.Tx))
	return logSumExp(lc+m.lnH(x, c.Tx)+e, math.Log1p(-math.Exp(lc+m.lnH(x, c.T))))
}

// LogLik is the customer's log-likelihood.
func (m ParetoNBD) LogLik(c Customer) float64 {
	x := float64(c.X)
	return lgamma(m.R+x) - lgamma(m.R) + m.R*math.Log(m.Alpha) + m.S*math.Log(m.Beta) -
		(m.R+x)*math.Log(m.Alpha+c.T) - m.S*math.Log(m.Beta+c.T) + m.lnBracket(c)
}

// PAlive is the probability that the customer is still alive at T.
func (m ParetoNBD) PAlive(c Customer) float64 { return math.Exp(-m.lnBracket(c)) }

// ConditionalExpected is E[Y(t) | x, t_x, T].
func (m ParetoNBD) ConditionalExpected(c Customer, t float64) float64 {
	if t <= 0 {
		return 0
	}
	return m.PAlive(c) * m.alive(c.X, c.T, t)
}

// alive is E[Y(t) | x, t_x, T, alive at T].
func (m ParetoNBD) alive(x int, T, t float64) float64 {
	return (m.R + float64(x)) * (m.Beta + T) / (m.Alpha + T) * m.decay(T, t)
}

// decay is [1 − ((β+T)/(β+T+t))^(s−1)]/(s−1), and its limit ln(1+t/(β+T))
// at s = 1.
func (m ParetoNBD) decay(T, t float64) float64 {
	l := math.Log((m.Beta + T) / (m.Beta + T + t))
	if m.S == 1 {
		return -l
	}
	return -math.Expm1((m.S-1)*l) / (m.S - 1)
}

// Expected is the unconditional E[X(t)] for a customer who made their first
// purchase at time 0.
func (m ParetoNBD) Expected(t float64) float64 {
	if t <= 0 {
		return 0
	}
	return m.R * m.Beta / m.Alpha * m.decay(0, t)
}

// DERT is the discounted expected residual transactions of a customer with
// continuous discount rate delta per period (Fader, Hardie & Lee 2005, "RFM
// and CLV"): ∫_0^∞ e^(−δt) dE[Y(t)]. Given that the customer is alive, λ is
// Gamma(r+x, α+T) and μ is Gamma(s, β+T), so
//
//	DERT = P(alive)·(r+x)/(α+T)·E[1/(δ+μ)],
//	E[1/(δ+μ)] = ∫_0^∞ e^(−δw) ((β+T)/(β+T+w))^s dw
//
// which equals the (δ(β+T))^s U(s, s; δ(β+T))/δ of the published form. The
// integral is taken by Gauss–Legendre quadrature on a logarithmic scale.
func (m ParetoNBD) DERT(c Customer, delta float64) float64 {
	x := float64(c.X)
	return m.PAlive(c) * (m.R + x) / (m.Alpha + c.T) * discountedSurvival(m.S, m.Beta+c.T, delta)
}

// discountedSurvival is ∫_0^∞ e^(−δw) (B/(B+w))^s dw. With w = B(e^y − 1) the
// integrand is smooth in y; the range is cut where e^(−δw) < 1e-18.
func discountedSurvival(s, B, delta float64) float64 {
	wMax := 41.5 / delta
	yMax := math.Log1p(wMax / B)
	const panels = 32
	h := yMax / panels
	var sum float64
	for p := range panels {
		mid := (float64(p) + 0.5) * h
		for i, node := range gl16x {
			y := mid + node*h/2
			w := B * math.Expm1(y)
			// dw = B e^y dy; (B/(B+w))^s = e^(−s y)
			sum += gl16w[i] * math.Exp(-delta*w+(1-s)*y)
		}
	}
	return sum * B * h / 2
}

// 16-point Gauss–Legendre nodes and weights on [−1, 1].
var gl16x = [16]float64{
	-0.9894009349916499, -0.9445750230732326, -0.8656312023878318, -0.7554044083550030,
	-0.6178762444026438, -0.4580167776572274, -0.2816035507792589, -0.0950125098376374,
	0.0950125098376374, 0.2816035507792589, 0.4580167776572274, 0.6178762444026438,
	0.7554044083550030, 0.8656312023878318, 0.9445750230732326, 0.9894009349916499,
}
var gl16w = [16]float64{
	0.0271524594117541, 0.0622535239386479, 0.0951585116824928, 0.1246289712555339,
	0.1495959888165767, 0.1691565193950025, 0.1826034150449236, 0.1894506104550685,
	0.1894506104550685, 0.1826034150449236, 0.1691565193950025, 0.1495959888165767,
	0.1246289712555339, 0.0951585116824928, 0.0622535239386479, 0.0271524594117541,
}
