package btyd

import "math"

// lnHGrad is ln H(t) for a customer with x repeat purchases and its gradient
// in log-parameters (ln r, ln α, ln s, ln β). The series Σ g_k with
// g_k = Π_{j<k} (e+j)/(c+j)·z is differentiated term by term:
//
//	∂ln S = (∂e·Σ g_k A_k − ∂c·Σ g_k C_k + ∂z·Σ k g_k/z) / S
//
// with A_k = Σ_{j<k} 1/(e+j) and C_k = Σ_{j<k} 1/(c+j).
func (m ParetoNBD) lnHGrad(x, t float64) (float64, [4]float64) {
	r, al, s, be := m.R, m.Alpha, m.S, m.Beta
	c := r + s + x + 1
	var e, z float64
	var de, dc, dz [4]float64 // derivatives of e, c, z in log-parameters
	dc = [4]float64{r, 0, s, 0}
	if al >= be {
		e = r + x
		de = [4]float64{r, 0, 0, 0}
		z = (al - be) / (al + t)
		dz = [4]float64{0, al * (be + t) / ((al + t) * (al + t)), 0, -be / (al + t)}
	} else {
		e = s + 1
		de = [4]float64{0, 0, s, 0}
		z = (be - al) / (be + t)
		dz = [4]float64{0, -al / (be + t), 0, be * (al + t) / ((be + t) * (be + t))}
	}
	// h_k = g_k/z keeps Σ k g_k/z finite at z = 0.
	sum, sumA, sumC, sumK := 1.0, 0.0, 0.0, 0.0
	h := e / c
	var A, C float64
	for k := 1.0; k < maxSeriesTerms; k++ {
		A += 1 / (e + k - 1)
		C += 1 / (c + k - 1)
		g := h * z
		sum += g
		sumA += g * A
		sumC += g * C
		sumK += k * h
		if g <= 1e-17*sum && k*h <= 1e-17*sumK+1e-300 {
			break
		}
		h = g * (e + k) / (c + k)
	}
	var grad [4]float64
	for i := range grad {
		grad[i] = (de[i]*sumA - dc[i]*sumC + dz[i]*sumK) / sum
	}
	v := math.Log(sum)
	if al < be {
		v += math.Log1p(-z)
		for i := range grad {
			grad[i] -= dz[i] / (1 - z)
		}
	}
	return v, grad
}

// pnbdPattern is a pattern with indices into the per-evaluation tables.
type pnbdPattern struct {
	xi, iT, iTx int32 // distinct x; times T and t_x
	hT, hTx     int32 // distinct (x, t) pairs for H(T) and H(t_x)
	w           float64
}

// pnbdTables is a Pareto/NBD likelihood prepared over patterns: the
// hypergeometric series depends on (x, t) only and the logarithms on t only,
// so each evaluation computes them once per distinct value.
type pnbdTables struct {
	xs    []float64
	times []float64
	pairs []struct{ xi, ti int32 }
	ps    []pnbdPattern
	// per evaluation
	la, lb    []float64
	lnH       []float64
	dlnH      [][4]float64
	lg, dlg   []float64
	customers float64
}

func newPNBDTables(ps []pattern, n int) *pnbdTables {
	tb := &pnbdTables{customers: float64(n)}
	tIdx := map[float64]int32{}
	pIdx := map[[2]int32]int32{}
	timeOf := func(t float64) int32 {
		i, ok := tIdx[t]
		if !ok {
			i = int32(len(tb.times))
			tIdx[t] = i
			tb.times = append(tb.times, t)
		}
		return i
	}
	pairOf := func(xi, ti int32) int32 {
		k := [2]int32{xi, ti}
		i, ok := pIdx[k]
		if !ok {
			i = int32(len(tb.pairs))
			pIdx[k] = i
			tb.pairs = append(tb.pairs, struct{ xi, ti int32 }{xi, ti})
		}
		return i
	}
	tb.ps = make([]pnbdPattern, len(ps))
	for i, p := range ps {
		if len(tb.xs) == 0 || tb.xs[len(tb.xs)-1] != p.x {
			tb.xs = append(tb.xs, p.x)
		}
		xi := int32(len(tb.xs) - 1)
		iT, iTx := timeOf(p.T), timeOf(p.tx)
		tb.ps[i] = pnbdPattern{xi, iT, iTx, pairOf(xi, iT), pairOf(xi, iTx), p.w}
	}
	tb.la, tb.lb = make([]float64, len(tb.times)), make([]float64, len(tb.times))
	tb.lnH, tb.dlnH = make([]float64, len(tb.pairs)), make([][4]float64, len(tb.pairs))
	tb.lg, tb.dlg = make([]float64, len(tb.xs)), make([]float64, len(tb.xs))
	return tb
}

// eval returns −LL/N and its gradient in log-parameters.
func (tb *pnbdTables) eval(theta, grad []float64) float64 {
	m := ParetoNBD{math.Exp(theta[0]), math.Exp(theta[1]), math.Exp(theta[2]), math.Exp(theta[3])}

	r, al, s, be := m.R, m.Alpha, m.S, m.Beta
	for i, t := range tb.times {
		tb.la[i], tb.lb[i] = math.Log(al+t), math.Log(be+t)
	}
	lgr, psr := lgamma(r), digamma(r)
	for i, x := range tb.xs {
		tb.lg[i] = lgamma(r+x) - lgr
		tb.dlg[i] = r * (digamma(r+x) - psr)
	}
	parSum(len(tb.pairs), 0, func(lo, hi int, _ []float64) {
		for i := lo; i < hi; i++ {
			p := tb.pairs[i]
			tb.lnH[i], tb.dlnH[i] = m.lnHGrad(tb.xs[p.xi], tb.times[p.ti])
		}
	})
	lal, lbe, lns := math.Log(al), math.Log(be), math.Log(s)
	out := parSum(len(tb.ps), 5, func(lo, hi int, o []float64) {
		var acc [5]float64
		for _, p := range tb.ps[lo:hi] {
			x := tb.xs[p.xi]
			rx, rsx := r+x, r+s+x
			laT, laX, lbT, lbX := tb.la[p.iT], tb.la[p.iTx], tb.lb[p.iT], tb.lb[p.iTx]
			T, tx := tb.times[p.iT], tb.times[p.iTx]
			// base: lnΓ(r+x) − lnΓ(r) + r ln α + s ln β − (r+x) ln(α+T) − s ln(β+T)
			ll := tb.lg[p.xi] + r*lal + s*lbe - rx*laT - s*lbT
			g := [4]float64{
				tb.dlg[p.xi] + r*lal - r*laT,
				r - rx*al/(al+T),
				s*lbe - s*lbT,
				s - s*be/(be+T),
			}
			// lc = ln s − ln(r+s+x); E = (r+x)(ln(α+T) − ln(α+t_x)) + s(ln(β+T) − ln(β+t_x))
			lc := lns - math.Log(rsx)
			dlc := [4]float64{-r / rsx, 0, 1 - s/rsx, 0}
			E := rx*(laT-laX) + s*(lbT-lbX)
			dE := [4]float64{r * (laT - laX), rx * (al/(al+T) - al/(al+tx)), s * (lbT - lbX), s * (be/(be+T) - be/(be+tx))}
			F := lc + tb.lnH[p.hTx] + E
			u := math.Exp(lc + tb.lnH[p.hT])
			S := math.Log1p(-u)
			var br, wF float64
			if F >= S {
				e := math.Exp(S - F)
				br, wF = F+math.Log1p(e), 1/(1+e)
			} else {
				e := math.Exp(F - S)
				br, wF = S+math.Log1p(e), e/(1+e)
			}
			wS := 1 - wF
			q := u / (1 - u)
			acc[0] += p.w * (ll + br)
			for i := range 4 {
				dF := dlc[i] + tb.dlnH[p.hTx][i] + dE[i]
				dS := -q * (dlc[i] + tb.dlnH[p.hT][i])
				acc[i+1] += p.w * (g[i] + wF*dF + wS*dS)
			}
		}
		for i := range acc {
			o[i] += acc[i]
		}
	})
	for i := range 4 {
		grad[i] = -out[i+1] / tb.customers
	}
	return -out[0] / tb.customers
}
