package btyd

import "math"

// logSumExp returns ln(e^a + e^b) without overflow.
func logSumExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(a, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// lgamma is ln|Γ(x)|; every argument used here is positive.
func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// digamma is ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence ψ(x) = ψ(x+1) − 1/x
// up to x ≥ 6, then the asymptotic series (error below 1e-15 there).
func digamma(x float64) float64 {
	if x < -1<<52 { // x+1 == x from here on: the recurrence would never end
		return math.NaN()
	}
	var acc float64
	for x < 6 {
		acc -= 1 / x
		x++
	}
	f := 1 / (x * x)
	return acc + math.Log(x) - 0.5/x - f*(1.0/12-f*(1.0/120-f*(1.0/252-f*(1.0/240-f*(1.0/132)))))
}

// lnHyp2f1 is ln ₂F₁(a, b; c; z) for 0 ≤ z < 1 and c > 0, summing the
// Gauss series until a term no longer changes the sum. Callers pass it the
// Euler-transformed arguments, where the series is short and every term
// after the first few has one sign. The sum is rescaled as it grows, so the
// logarithm stays finite where ₂F₁ itself would overflow (a fitted a of
// 10⁵ gives terms of e^5000, and the forecast was NaN); NaN when the sum is
// not positive.
func lnHyp2f1(a, b, c, z float64) float64 {
	sum, term, scale := 1.0, 1.0, 0.0 // the series is e^scale · sum
	for k := 0.0; k < 1e6; k++ {
		term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
		sum += term
		if math.Abs(term) <= 1e-16*math.Abs(sum) {
			break
		}
		if math.Abs(sum) > 1e200 {
			sum, term, scale = sum*1e-200, term*1e-200, scale+200*math.Ln10
		}
	}
	if !(sum > 0) {
		return math.NaN()
	}
	return scale + math.Log(sum)
}
