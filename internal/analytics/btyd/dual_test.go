package btyd

import (
	"math"
	"testing"
)

// dual is a number with its gradient with respect to the four
// log-parameters of a model (forward-mode automatic differentiation). It is
// the test oracle for the hand-derived Pareto/NBD gradient: carrying the
// gradient through every operation of the likelihood, series included, gives
// it exactly by a route independent of the derivation.
type dual struct {
	v float64
	d [4]float64
}

func konst(v float64) dual { return dual{v: v} }

func (a dual) add(b dual) dual {
	a.v += b.v
	for i := range a.d {
		a.d[i] += b.d[i]
	}
	return a
}

func (a dual) sub(b dual) dual {
	a.v -= b.v
	for i := range a.d {
		a.d[i] -= b.d[i]
	}
	return a
}

func (a dual) addc(c float64) dual { a.v += c; return a }

func (a dual) scale(c float64) dual {
	a.v *= c
	for i := range a.d {
		a.d[i] *= c
	}
	return a
}

func (a dual) mul(b dual) dual {
	r := dual{v: a.v * b.v}
	for i := range r.d {
		r.d[i] = a.d[i]*b.v + a.v*b.d[i]
	}
	return r
}

func (a dual) div(b dual) dual {
	q := a.v / b.v
	r := dual{v: q}
	for i := range r.d {
		r.d[i] = (a.d[i] - q*b.d[i]) / b.v
	}
	return r
}

// chain applies a function with value f and derivative df at a.v.
func (a dual) chain(f, df float64) dual {
	r := dual{v: f}
	for i := range r.d {
		r.d[i] = df * a.d[i]
	}
	return r
}

func (a dual) log() dual    { return a.chain(math.Log(a.v), 1/a.v) }
func (a dual) exp() dual    { e := math.Exp(a.v); return a.chain(e, e) }
func (a dual) log1p() dual  { return a.chain(math.Log1p(a.v), 1/(1+a.v)) }
func (a dual) lgamma() dual { return a.chain(lgamma(a.v), digamma(a.v)) }
func (a dual) neg() dual    { return a.scale(-1) }

// logSumExp of duals.
func dualLogSumExp(a, b dual) dual {
	if a.v < b.v {
		a, b = b, a
	}
	if math.IsInf(b.v, -1) {
		return a
	}
	return a.add(b.sub(a).exp().log1p())
}

// params returns the parameters as duals seeded with their derivatives in
// log-parameters (d r/d ln r = r, …).
func (m ParetoNBD) params() (r, al, s, be dual) {
	r = dual{v: m.R, d: [4]float64{m.R, 0, 0, 0}}
	al = dual{v: m.Alpha, d: [4]float64{0, m.Alpha, 0, 0}}
	s = dual{v: m.S, d: [4]float64{0, 0, m.S, 0}}
	be = dual{v: m.Beta, d: [4]float64{0, 0, 0, m.Beta}}
	return
}

// lnHDual is lnH with its gradient in log-parameters.
func (m ParetoNBD) lnHDual(x, t float64) dual {
	r, al, s, be := m.params()
	rx := r.addc(x)
	c := rx.add(s).addc(1)
	var e, z, pre dual
	if m.Alpha >= m.Beta {
		e = rx
		z = al.sub(be).div(al.addc(t))
	} else {
		e = s.addc(1)
		z = be.sub(al).div(be.addc(t))
		pre = z.neg().log1p()
	}
	sum, term := konst(1), konst(1)
	for k := 0.0; k < 1e7; k++ {
		term = term.mul(e.addc(k)).div(c.addc(k)).mul(z)
		sum = sum.add(term)
		if term.v <= 1e-17*sum.v {
			break
		}
	}
	return pre.add(sum.log())
}

// logLikDual is LogLik with its gradient in log-parameters, given lnH(t_x)
// and lnH(T) from lnHDual (patterns share them, so callers cache them).
func (m ParetoNBD) logLikDual(x, tx, T float64, lnHtx, lnHT dual) dual {
	r, al, s, be := m.params()
	rx := r.addc(x)
	lc := s.div(rx.add(s)).log()
	e := rx.mul(al.addc(T).div(al.addc(tx)).log()).add(s.mul(be.addc(T).div(be.addc(tx)).log()))
	first := lc.add(lnHtx).add(e)
	second := lc.add(lnHT).exp().neg().log1p()
	br := dualLogSumExp(first, second)
	ll := rx.lgamma().sub(r.lgamma()).add(r.mul(al.log())).add(s.mul(be.log())).
		sub(rx.mul(al.addc(T).log())).sub(s.mul(be.addc(T).log()))
	return ll.add(br)
}

func TestParetoNBDGradientAgainstDual(t *testing.T) {
	cs := []Customer{
		{X: 0, Tx: 0, T: 38.86}, {X: 2, Tx: 30.43, T: 38.86}, {X: 1, Tx: 1.71, T: 20}, {X: 26, Tx: 30.86, T: 31},
		{X: 221, Tx: 103.4, T: 103.6}, {X: 5, Tx: 0.2, T: 70}, {X: 3, Tx: 10, T: 10},
	}
	for _, m := range []ParetoNBD{
		{0.553, 10.578, 0.606, 11.669}, // α < β
		{0.5143, 2.8845, 0.2856, 14.1087},
		{1.3, 20, 0.4, 3}, // α > β
		{0.7, 5, 1.2, 5},  // α = β
	} {
		tb := newPNBDTables(patterns(cs), len(cs))
		theta := []float64{math.Log(m.R), math.Log(m.Alpha), math.Log(m.S), math.Log(m.Beta)}
		grad := make([]float64, 4)
		got := tb.eval(theta, grad)
		var want dual
		var ll float64
		for _, c := range cs {
			x := float64(c.X)
			want = want.add(m.logLikDual(x, c.Tx, c.T, m.lnHDual(x, c.Tx), m.lnHDual(x, c.T)))
			ll += m.LogLik(c)
		}
		n := float64(len(cs))
		if math.Abs(got+want.v/n) > 1e-10 || math.Abs(got+ll/n) > 1e-10 {
			t.Errorf("%+v: −LL/N %v, dual %v, LogLik %v", m, got, -want.v/n, -ll/n)
		}
		for i := range grad {
			if math.Abs(grad[i]+want.d[i]/n) > 1e-9*(1+math.Abs(grad[i])) {
				t.Errorf("%+v: gradient %d = %v, dual %v", m, i, grad[i], -want.d[i]/n)
			}
		}
	}
}
