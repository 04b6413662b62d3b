package btyd

// FitBGNBDUnstaged fits BG/NBD to cs without the subsample stage of
// fitStaged and returns the log-parameters and the log-likelihood, so that
// tests can check that the stage does not change the optimum.
func FitBGNBDUnstaged(cs []Customer) (theta []float64, ll float64, patternCount int, err error) {
	ps := patterns(cs)
	n := float64(len(cs))
	f := bgObjective(ps, n)
	theta, _, _, err = maximize(f, []float64{0, 0, 0, 0}, nil)
	if err != nil {
		return nil, 0, len(ps), err
	}
	return theta, -f(theta, make([]float64, 4)) * n, len(ps), nil
}
