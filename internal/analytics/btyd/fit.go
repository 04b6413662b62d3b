package btyd

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// Customer is one customer's summary over the calibration period, in the
// time unit of the summary (weeks, days or months).
type Customer struct {
	ID    int     `json:"id"`     // the caller's id for the customer (Summarize: its index in the log); errors name it
	X     int     `json:"x"`      // repeat purchases (purchase days after the first)
	Tx    float64 `json:"t_x"`    // time of the last purchase after the first (0 if X = 0)
	T     float64 `json:"T"`      // time from the first purchase to the end of calibration
	Spend float64 `json:"spend"`  // mean value of the repeat purchases (0 if X = 0)
	XStar int     `json:"x_star"` // repeat purchases in the holdout period
	First int32   `json:"-"`      // day of the first purchase (set by Summarize)
}

// Model is a fitted purchase model: BGNBD or ParetoNBD.
type Model interface {
	LogLik(c Customer) float64
	PAlive(c Customer) float64
	ConditionalExpected(c Customer, t float64) float64
	Expected(t float64) float64
}

// ErrNoData is returned by the fits when there is nothing to fit.
var ErrNoData = errors.New("btyd: no customers to fit")

// ErrNoMaximum is returned (wrapped) when the likelihood has no maximum
// inside the parameter space: the estimates run off to zero or infinity, so
// the data show no heterogeneity or no drop-out the model could measure.
var ErrNoMaximum = errors.New("btyd: the model does not fit these data")

// CustomerError is a fit's refusal of one customer's summary. ID is the
// customer's Customer.ID, so a caller that numbered its customers can name
// the one the user knows.
type CustomerError struct {
	ID     int
	Reason string
}

func (e *CustomerError) Error() string { return fmt.Sprintf("btyd: customer %d: %s", e.ID, e.Reason) }

// maxLogParam bounds |ln θ| during a fit: e^12 ≈ 160,000 is far beyond any
// parameter a real customer base gives in days, weeks or months, and past it
// the likelihood of a run-away fit gets slow to evaluate.
const maxLogParam = 12

// Fit is the outcome of a maximum-likelihood fit.
type Fit[P any] struct {
	Params     P       `json:"params"`
	StdErr     P       `json:"std_errors"` // from the inverse Hessian of the log-likelihood (delta method from log-parameters)
	LogLik     float64 `json:"log_likelihood"`
	Customers  int     `json:"customers"`
	Patterns   int     `json:"patterns"` // distinct (x, t_x, T) patterns the likelihood was summed over
	Iterations int     `json:"iterations"`
	// LeftOut counts the customers the model cannot describe and the fit
	// leaves out: for Gamma-Gamma, repeat customers whose repeat purchases
	// are all of value zero.
	LeftOut int `json:"left_out,omitempty"`
}

// pattern is a distinct (x, t_x, T) and how many customers share it.
type pattern struct {
	x, tx, T, w float64
}

// checkCustomers rejects summaries the models are not defined for.
func checkCustomers(cs []Customer) error {
	if len(cs) == 0 {
		return ErrNoData
	}
	repeat := false
	for _, c := range cs {
		// T = 0 (a first purchase on the last day) is allowed: such a
		// customer has likelihood 1 and adds nothing to the fit.
		if c.X < 0 || c.X > math.MaxInt32 || !(c.T >= 0) || !(c.Tx >= 0) || c.Tx > c.T || math.IsInf(c.T, 0) {
			return &CustomerError{c.ID, fmt.Sprintf("invalid summary x=%d t_x=%g T=%g (need 0 ≤ x < 2³¹, 0 ≤ t_x ≤ T)", c.X, c.Tx, c.T)}
		}
		repeat = repeat || c.X > 0
	}
	if !repeat {
		// The purchase rate is then estimated at zero: the parameters run
		// off to the edge of the space (slowly, for Pareto/NBD).
		return fmt.Errorf("%w: no customer made a repeat purchase", ErrNoMaximum)
	}
	return nil
}

// parSum splits [0, n) over the cores and adds up what body accumulates into
// out (value and gradient). Small sums run on the calling goroutine.
func parSum(n, dim int, body func(lo, hi int, out []float64)) []float64 {
	workers := runtime.GOMAXPROCS(0)
	if n < 2048 || workers == 1 {
		out := make([]float64, dim)
		body(0, n, out)
		return out
	}
	parts := make([][]float64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := make([]float64, dim)
			body(w*n/workers, (w+1)*n/workers, out)
			parts[w] = out
		}()
	}
	wg.Wait()
	for _, p := range parts[1:] {
		for i := range p {
			parts[0][i] += p[i]
		}
	}
	return parts[0]
}

// objective returns −LL/N and its gradient in log-parameters.
type objective func(theta, grad []float64) float64

// maximize finds the maximum-likelihood log-parameters from theta0 with
// BFGS and a backtracking line search, then polishes with Newton steps on
// the finite-difference Hessian of the analytic gradient. It returns the
// optimum, the Hessian of −LL/N there and the number of iterations.
func maximize(f objective, theta0 []float64, inv0 [][]float64) ([]float64, [][]float64, int, error) {
	n := len(theta0)
	x := slices.Clone(theta0)
	g := make([]float64, n)
	fx := f(x, g)
	if math.IsNaN(fx) || math.IsInf(fx, 0) {
		return nil, nil, 0, errors.New("btyd: log-likelihood not finite at the starting point")
	}
	H := identity(n)
	if inv0 != nil {
		H = inv0
	}
	xn, gn, d := make([]float64, n), make([]float64, n), make([]float64, n)
	iter, stalls := 0, 0
	for ; iter < 1000; iter++ {
		// BFGS gets close; the Newton steps below finish the job.
		if maxAbs(g) < 1e-8 || stalls >= 2 {
			break
		}
		for i := range d {
			d[i] = 0
			for j := range d {
				d[i] -= H[i][j] * g[j]
			}
		}
		slope := dot(d, g)
		if slope >= 0 { // not a descent direction: restart from steepest descent
			H = identity(n)
			for i := range d {
				d[i] = -g[i]
			}
			slope = dot(d, g)
		}
		// Keep steps in log-parameters moderate (e^3 ≈ 20×).
		step := 1.0
		if m := maxAbs(d); m > 3 {
			step = 3 / m
		}
		var fn float64
		ok := false
		for range 60 {
			for i := range xn {
				xn[i] = x[i] + step*d[i]
			}
			fn = f(xn, gn)
			if !math.IsNaN(fn) && fn <= fx+1e-4*step*slope {
				ok = true
				break
			}
			step /= 2
		}
		if !ok {
			break // no progress possible along d; Newton polish below decides
		}
		if maxAbs(xn) > maxLogParam {
			return nil, nil, iter, fmt.Errorf("%w: a parameter ran past e^%d (%.3g) at iteration %d; typical when every customer buys at the same steady rate or nobody appears to drop out", ErrNoMaximum, maxLogParam, math.Exp(maxAbs(xn)), iter)
		}
		s, y := make([]float64, n), make([]float64, n)
		for i := range s {
			s[i] = xn[i] - x[i]
			y[i] = gn[i] - g[i]
		}
		if fx-fn <= 1e-15*math.Abs(fx) {
			stalls++ // progress at rounding level
		} else {
			stalls = 0
		}
		copy(x, xn)
		copy(g, gn)
		fx = fn
		if sy := dot(s, y); sy > 1e-300 {
			bfgsUpdate(H, s, y, sy)
		}
	}
	// Newton polish: a few steps with the Hessian bring the gradient to
	// rounding level, so the optimum does not depend on the stopping rule.
	// The Hessian (by finite differences of the gradient: 2·dim
	// evaluations) is taken once, where BFGS stopped, close enough to the
	// optimum for the steps to converge and for the standard errors.
	hess := fdHessian(f, x)
	inv, err := invert(hess)
	if err != nil {
		return nil, nil, iter, fmt.Errorf("btyd: Hessian is singular at the optimum: %w", err)
	}
	for range 8 {
		if maxAbs(g) < 1e-10 {
			break
		}
		for i := range d {
			d[i] = 0
			for j := range d {
				d[i] -= inv[i][j] * g[j]
			}
		}
		for i := range xn {
			xn[i] = x[i] + d[i]
		}
		fn := f(xn, gn)
		if math.IsNaN(fn) || fn > fx+1e-13*math.Abs(fx) || maxAbs(gn) >= maxAbs(g) {
			break
		}
		copy(x, xn)
		copy(g, gn)
		fx = fn
		iter++
	}
	if maxAbs(x) > maxLogParam { // the polish, or a last step, left the parameter space
		return nil, nil, iter, fmt.Errorf("%w: a parameter ran past e^%d (%.3g); typical when nobody buys twice, every customer buys at the same steady rate or nobody appears to drop out", ErrNoMaximum, maxLogParam, math.Exp(maxAbs(x)))
	}
	if maxAbs(g) > 1e-5 {
		return x, hess, iter, fmt.Errorf("btyd: fit did not converge (gradient %.3g after %d iterations)", maxAbs(g), iter)
	}
	for i := range hess { // a maximum needs a positive definite Hessian of −LL
		if !(hess[i][i] > 0) {
			return x, hess, iter, errors.New("btyd: fit did not reach a maximum (Hessian not positive definite)")
		}
	}
	return x, hess, iter, nil
}

// stagedMinPatterns is the number of patterns from which a fit first runs
// on a subsample.
const stagedMinPatterns = 200_000

// fitStaged minimises the objective that build makes of ps, from log-
// parameters 0. With many patterns (purchase times not rounded to days
// make nearly every customer a pattern of their own) it first fits a
// subsample that estimates the same mean log-likelihood at a fraction of
// the cost; the full fit then starts
// there with that fit's curvature and needs only a few evaluations of the
// full sum. The optimum is the full data's either way: the same stopping
// rule and Newton polish decide it.
func fitStaged(ps []pattern, build func([]pattern) objective) (f objective, theta []float64, hess [][]float64, iter int, err error) {
	f = build(ps)
	theta0, inv0 := []float64{0, 0, 0, 0}, [][]float64(nil)
	if len(ps) >= stagedMinPatterns {
		// Patterns shared by several customers are kept whole; of the
		// single-customer ones every k-th stands for k (an unbiased
		// estimate of the sum).
		k := len(ps) / (stagedMinPatterns / 4)
		sub := make([]pattern, 0, len(ps)/k+1)
		for i, p := range ps {
			switch {
			case p.w > 1:
				sub = append(sub, p)
			case i%k == 0:
				p.w *= float64(k)
				sub = append(sub, p)
			}
		}
		if t, h, it, err := maximize(build(sub), theta0, nil); err == nil {
			if inv, err := invert(h); err == nil {
				theta0, inv0 = t, inv
				iter += it
			}
		}
	}
	theta, hess, it, err := maximize(f, theta0, inv0)
	return f, theta, hess, iter + it, err
}

func bfgsUpdate(H [][]float64, s, y []float64, sy float64) {
	n := len(s)
	Hy := make([]float64, n)
	for i := range n {
		for j := range n {
			Hy[i] += H[i][j] * y[j]
		}
	}
	yHy := dot(y, Hy)
	for i := range n {
		for j := range n {
			H[i][j] += (sy+yHy)*s[i]*s[j]/(sy*sy) - (Hy[i]*s[j]+s[i]*Hy[j])/sy
		}
	}
}

// fdHessian differentiates the analytic gradient by central differences.
func fdHessian(f objective, x []float64) [][]float64 {
	n := len(x)
	const h = 1e-5
	H := make([][]float64, n)
	gp, gm, xp := make([]float64, n), make([]float64, n), slices.Clone(x)
	for j := range n {
		xp[j] = x[j] + h
		f(xp, gp)
		xp[j] = x[j] - h
		f(xp, gm)
		xp[j] = x[j]
		H[j] = make([]float64, n)
		for i := range n {
			H[j][i] = (gp[i] - gm[i]) / (2 * h)
		}
	}
	for i := range n {
		for j := range i {
			v := (H[i][j] + H[j][i]) / 2
			H[i][j], H[j][i] = v, v
		}
	}
	return H
}

// stdErrors turns the Hessian of −LL/N in log-parameters into standard
// errors of the parameters: Cov(log θ) = (N·H)⁻¹, SE(θ) = θ·SE(log θ).
func stdErrors(hess [][]float64, theta []float64, n float64) []float64 {
	inv, err := invert(hess)
	se := make([]float64, len(theta))
	for i := range se {
		if err != nil || inv[i][i] < 0 {
			se[i] = math.NaN()
			continue
		}
		se[i] = math.Exp(theta[i]) * math.Sqrt(inv[i][i]/n)
	}
	return se
}

func identity(n int) [][]float64 {
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		m[i][i] = 1
	}
	return m
}

// invert is Gauss–Jordan elimination with partial pivoting.
func invert(a [][]float64) ([][]float64, error) {
	n := len(a)
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, 2*n)
		copy(m[i], a[i])
		m[i][n+i] = 1
	}
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		if m[p][c] == 0 || math.IsNaN(m[p][c]) {
			return nil, errors.New("singular matrix")
		}
		m[c], m[p] = m[p], m[c]
		piv := m[c][c]
		for k := range m[c] {
			m[c][k] /= piv
		}
		for r := range n {
			if r != c && m[r][c] != 0 {
				f := m[r][c]
				for k := range m[r] {
					m[r][k] -= f * m[c][k]
				}
			}
		}
	}
	out := make([][]float64, n)
	for i := range out {
		out[i] = m[i][n:]
	}
	return out, nil
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func maxAbs(a []float64) float64 {
	var m float64
	for _, v := range a {
		m = max(m, math.Abs(v))
	}
	return m
}

// FitBGNBD fits the BG/NBD model by maximum likelihood.
func FitBGNBD(cs []Customer) (Fit[BGNBD], error) {
	if err := checkCustomers(cs); err != nil {
		return Fit[BGNBD]{}, err
	}
	ps := patterns(cs)
	n := float64(len(cs))
	f, theta, hess, iter, err := fitStaged(ps, func(ps []pattern) objective { return bgObjective(ps, n) })
	if err != nil {
		return Fit[BGNBD]{}, err
	}
	g := make([]float64, 4)
	se := stdErrors(hess, theta, n)
	e := func(i int) float64 { return math.Exp(theta[i]) }
	return Fit[BGNBD]{
		Params:     BGNBD{e(0), e(1), e(2), e(3)},
		StdErr:     BGNBD{se[0], se[1], se[2], se[3]},
		LogLik:     -f(theta, g) * n,
		Customers:  len(cs),
		Patterns:   len(ps),
		Iterations: iter,
	}, nil
}

// bgObjective is −LL/n of BG/NBD over patterns ps, in log-parameters, with
// its gradient.
func bgObjective(ps []pattern, n float64) objective {
	// Distinct x values and their total weights, for the parts of the
	// likelihood that depend on x alone (the log-gamma terms), and, when
	// times repeat, the distinct times, so that each evaluation takes
	// ln(α+t) once per time: dates give few distinct times however many
	// customers there are. Times not rounded to days are nearly all
	// distinct: then indexing them costs more than it saves, and each
	// pattern takes its own logs (the same values either way).
	var xs, xw []float64
	indexed := timesRepeat(ps)
	tIndex := make(map[float64]int32)
	if indexed {
		tIndex = make(map[float64]int32, min(len(ps), 1<<20))
	}
	type bgPattern struct {
		xi, iT, iTx int32
		T, tx, w    float64
	}
	bps := make([]bgPattern, len(ps))
	var times []float64
	idx := func(t float64) int32 {
		if !indexed {
			return -1
		}
		i, ok := tIndex[t]
		if !ok {
			i = int32(len(times))
			tIndex[t] = i
			times = append(times, t)
		}
		return i
	}
	for i, p := range ps {
		if len(xs) == 0 || xs[len(xs)-1] != p.x {
			xs, xw = append(xs, p.x), append(xw, 0)
		}
		xw[len(xw)-1] += p.w
		bps[i] = bgPattern{int32(len(xs) - 1), idx(p.T), idx(p.tx), p.T, p.tx, p.w}
	}
	lnT := make([]float64, len(times))
	lnB := make([]float64, len(xs))
	f := func(theta, grad []float64) float64 {
		r, al, a, b := math.Exp(theta[0]), math.Exp(theta[1]), math.Exp(theta[2]), math.Exp(theta[3])
		var ll, gr, gal, ga, gb float64
		lgr, lgb, lgab := lgamma(r), lgamma(b), lgamma(a+b)
		psr, psb, psab := digamma(r), digamma(b), digamma(a+b)
		lal := math.Log(al)
		for i, x := range xs {
			w := xw[i]
			ll += w * (lgamma(r+x) - lgr + r*lal + lgab + lgamma(b+x) - lgb - lgamma(a+b+x))
			gr += w * (digamma(r+x) - psr + lal)
			gal += w * r / al
			ga += w * (psab - digamma(a+b+x))
			gb += w * (psab + digamma(b+x) - psb - digamma(a+b+x))
			lnB[i] = math.Log(b + x - 1)
		}
		parSum(len(times), 0, func(lo, hi int, _ []float64) {
			for i := lo; i < hi; i++ {
				lnT[i] = math.Log(al + times[i])
			}
		})
		lna := math.Log(a)
		out := parSum(len(bps), 5, func(lo, hi int, o []float64) {
			var ll, gr, gal, ga, gb float64
			lastT, lastLT := math.NaN(), 0.0 // ln(α+T) of the previous pattern: T repeats in runs
			for _, p := range bps[lo:hi] {
				x := xs[p.xi]
				rx := r + x
				var lT float64
				switch {
				case indexed:
					lT = lnT[p.iT]
				case p.T == lastT:
					lT = lastLT
				default:
					lT = math.Log(al + p.T)
					lastT, lastLT = p.T, lT
				}
				l3 := -rx * lT
				if x == 0 {
					ll += p.w * l3
					gr -= p.w * lT
					gal -= p.w * rx / (al + p.T)
					continue
				}
				var ltx float64
				if indexed {
					ltx = lnT[p.iTx]
				} else {
					ltx = math.Log(al + p.tx)
				}
				l4 := lna - lnB[p.xi] - rx*ltx
				// ln(e^l3 + e^l4) without overflow. ln(1+e) rather than
				// Log1p: e ≤ 1, so its absolute error stays at rounding level
				// (1e-16 against a sum of the order of the log-likelihood), and
				// the assembler Log is twice as fast as Go's Log1p.
				var lse, w3 float64
				if l3 >= l4 {
					e := math.Exp(l4 - l3)
					lse, w3 = l3+math.Log(1+e), 1/(1+e)
				} else {
					e := math.Exp(l3 - l4)
					lse, w3 = l4+math.Log(1+e), e/(1+e)
				}
				w4 := 1 - w3
				ll += p.w * lse
				gr -= p.w * (w3*lT + w4*ltx)
				gal -= p.w * rx * (w3/(al+p.T) + w4/(al+p.tx))
				ga += p.w * w4
				gb -= p.w * w4 / (b + x - 1)
			}
			o[0] += ll
			o[1] += gr
			o[2] += gal
			o[3] += ga / a
			o[4] += gb
		})
		ll += out[0]
		grad[0] = -(gr + out[1]) * r / n
		grad[1] = -(gal + out[2]) * al / n
		grad[2] = -(ga + out[3]) * a / n
		grad[3] = -(gb + out[4]) * b / n
		return -ll / n
	}
	return f
}

// timesRepeat tells from a sample of up to 4096 patterns whether their
// times (T and t_x) repeat enough for an index of distinct times to pay:
// fewer distinct times in the sample than half the times sampled.
func timesRepeat(ps []pattern) bool {
	n := min(len(ps), 4096)
	seen := make(map[float64]struct{}, 2*n)
	sampled := 0
	for i := range n {
		p := ps[i*len(ps)/n]
		seen[p.T] = struct{}{}
		sampled++
		if p.x > 0 {
			seen[p.tx] = struct{}{}
			sampled++
		}
	}
	return 2*len(seen) < sampled
}

// FitParetoNBD fits the Pareto/NBD model by maximum likelihood. The
// gradient is analytic, through the hypergeometric series term by term.
func FitParetoNBD(cs []Customer) (Fit[ParetoNBD], error) {
	if err := checkCustomers(cs); err != nil {
		return Fit[ParetoNBD]{}, err
	}
	ps := patterns(cs)
	n := float64(len(cs))
	f, theta, hess, iter, err := fitStaged(ps, func(ps []pattern) objective { return newPNBDTables(ps, len(cs)).eval })
	if err != nil {
		return Fit[ParetoNBD]{}, err
	}
	g := make([]float64, 4)
	se := stdErrors(hess, theta, n)
	e := func(i int) float64 { return math.Exp(theta[i]) }
	return Fit[ParetoNBD]{
		Params:     ParetoNBD{e(0), e(1), e(2), e(3)},
		StdErr:     ParetoNBD{se[0], se[1], se[2], se[3]},
		LogLik:     -f(theta, g) * n,
		Customers:  len(cs),
		Patterns:   len(ps),
		Iterations: iter,
	}, nil
}
