package btyd_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
)

// Published CDNOW values (../shared/reference/btyd.md §1).
var (
	paperBGNBD    = btyd.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	paperPNBD     = btyd.ParetoNBD{R: 0.553, Alpha: 10.578, S: 0.606, Beta: 11.669}
	btydPNBD      = btyd.ParetoNBD{R: 0.5533971, Alpha: 10.5801985, S: 0.6060625, Beta: 11.6562237}
	clvtoolsBGNBD = btyd.BGNBD{R: 0.2425945, Alpha: 4.4136019, A: 0.7929199, B: 2.4258881}
	clvtoolsPNBD  = btyd.ParetoNBD{R: 0.55315, Alpha: 10.57633, S: 0.60625, Beta: 11.67150}
)

// TestSummarizeCDNOW rebuilds the CDNOW calibration/holdout summary from the
// raw transaction log and compares it, customer by customer, with the BTYD
// package's cdnowSummary and the lifetimes zbar file.
func TestSummarizeCDNOW(t *testing.T) {
	s := cdnowSummary(t)
	if len(s.Customers) != 2357 {
		t.Fatalf("customers = %d, want 2357", len(s.Customers))
	}
	cbs := readCSV(t, "testdata/btyd_cdnowSummary_cbs.csv")
	zbar := readCSV(t, "testdata/cdnow_customers_summary_with_transactions.csv")
	var sumX, sumXStar, repeaters int
	for i, c := range s.Customers {
		if c.ID != i {
			t.Fatalf("customer %d has ID %d", i, c.ID)
		}
		want := cbs[i]
		if float64(c.X) != atof(t, want[1]) || math.Abs(c.Tx-atof(t, want[2])) > 1e-9 ||
			math.Abs(c.T-atof(t, want[3])) > 1e-9 || float64(c.XStar) != atof(t, want[4]) {
			t.Errorf("customer %d: x=%d t_x=%.6f T=%.6f x*=%d, BTYD has %v", i+1, c.X, c.Tx, c.T, c.XStar, want[1:])
		}
		if math.Abs(c.Spend-atof(t, zbar[i][4])) > 0.0051 {
			t.Errorf("customer %d: mean repeat spend %.4f, lifetimes zbar %s", i+1, c.Spend, zbar[i][4])
		}
		sumX += c.X
		sumXStar += c.XStar
		if c.X > 0 {
			repeaters++
		}
	}
	if sumX != 2457 || sumXStar != 1882 || repeaters != 946 {
		t.Errorf("Σx = %d, Σx* = %d, repeaters = %d; want 2457, 1882, 946", sumX, sumXStar, repeaters)
	}
	track := readCSV(t, "testdata/btyd_cdnowSummary_cu.tracking.csv")
	if len(s.Repeats) != 78 {
		t.Fatalf("tracking periods = %d, want 78", len(s.Repeats))
	}
	var cum float64
	for k, r := range s.Repeats {
		cum += r
		if cum != atof(t, track[k][0]) {
			t.Errorf("week %d: cumulative repeats %v, BTYD %s", k+1, cum, track[k][0])
		}
	}
	if s.Holdout != 39 {
		t.Errorf("holdout length = %v weeks, want 39", s.Holdout)
	}
}

// TestPurchases: a credit note is not a purchase, not even on a day with
// one; a free order is; one customer's orders of one day are one purchase.
func TestPurchases(t *testing.T) {
	orders := []btyd.Txn{
		{1, 5, 40}, {0, 12, -8}, // customer 1; customer 0: a credit on a day without a purchase
		{0, 10, 10}, {0, 10, -25}, {0, 10, 20}, // two orders and a credit on one day
		{2, 3, -5}, // customer 2: only a credit
		{0, 7, 0},  // a free replacement
	}
	want := []btyd.Txn{{0, 7, 0}, {0, 10, 30}, {1, 5, 40}}
	if got := btyd.Purchases(orders); !slices.Equal(got, want) {
		t.Errorf("Purchases = %v, want %v", got, want)
	}
}

func TestSummarizeRules(t *testing.T) {
	// Customer 0: two purchases on day 10 (one purchase of 30), one on day
	// 17, one on day 24 after calibration (holdout), one after the holdout.
	// Customer 1: first purchase in the holdout: not in the cohort.
	// Customer 2: a single purchase.
	txns := []btyd.Txn{
		{0, 17, 50}, {0, 10, 10}, {0, 10, 20}, {0, 24, 5}, {0, 40, 1},
		{1, 22, 9},
		{2, 14, 7},
	}
	s, err := btyd.Summarize(txns, btyd.SummaryOptions{Unit: btyd.Week, CalibrationEnd: 20, HoldoutEnd: 34})
	if err != nil {
		t.Fatal(err)
	}
	want := []btyd.Customer{
		{ID: 0, X: 1, Tx: 1, T: 10.0 / 7, Spend: 50, XStar: 1, First: 10},
		{ID: 2, X: 0, Tx: 0, T: 6.0 / 7, Spend: 0, XStar: 0, First: 14},
	}
	if len(s.Customers) != len(want) {
		t.Fatalf("got %d customers, want %d: %+v", len(s.Customers), len(want), s.Customers)
	}
	for i := range want {
		if s.Customers[i] != want[i] {
			t.Errorf("customer %d = %+v, want %+v", i, s.Customers[i], want[i])
		}
	}
	// Periods of a week from day 10 through day 34: days 10-16, 17-23,
	// 24-30, 31-34; repeats on 17 and 24.
	if got := s.Repeats; len(got) != 4 || got[0] != 0 || got[1] != 1 || got[2] != 1 || got[3] != 0 {
		t.Errorf("repeats by period = %v, want [0 1 1 0]", got)
	}
	if _, err := btyd.Summarize([]btyd.Txn{{-1, 1, 1}}, btyd.SummaryOptions{Unit: btyd.Day, CalibrationEnd: 5}); err == nil {
		t.Error("negative customer index accepted")
	}
	if _, err := btyd.Summarize([]btyd.Txn{{0, 9, 1}}, btyd.SummaryOptions{Unit: btyd.Day, CalibrationEnd: 5}); err == nil {
		t.Error("a log with no purchase in calibration accepted")
	}
}

func TestFitBGNBDCDNOW(t *testing.T) {
	cs := cdnowSummary(t).Customers
	fit, err := btyd.FitBGNBD(cs)
	if err != nil {
		t.Fatal(err)
	}
	p, w := fit.Params, clvtoolsBGNBD
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"r", p.R, w.R}, {"alpha", p.Alpha, w.Alpha}, {"a", p.A, w.A}, {"b", p.B, w.B}} {
		if !relClose(c.got, c.want, 0.001) {
			t.Errorf("%s = %.7f, CLVTools %.7f (want within 0.1%%)", c.name, c.got, c.want)
		}
	}
	if math.Abs(fit.LogLik-(-9582.43)) > 0.01 {
		t.Errorf("LL = %.4f, want -9582.43 ± 0.01", fit.LogLik)
	}
	// CLVTools reports the BG/NBD standard errors of the log-parameters.
	se := fit.StdErr
	for _, c := range []struct {
		name          string
		se, par, want float64
	}{{"r", se.R, p.R, 0.05176}, {"alpha", se.Alpha, p.Alpha, 0.08570}, {"a", se.A, p.A, 0.23424}, {"b", se.B, p.B, 0.29078}} {
		if !relClose(c.se/c.par, c.want, 0.01) {
			t.Errorf("SE(log %s) = %.5f, CLVTools %.5f", c.name, c.se/c.par, c.want)
		}
	}
	if fit.Customers != 2357 || fit.Patterns >= 2357 {
		t.Errorf("customers = %d, patterns = %d", fit.Customers, fit.Patterns)
	}
	for _, c := range []struct {
		m    btyd.BGNBD
		want float64
	}{{fit.Params, 1653.4}, {paperBGNBD, 1653.9}} {
		h := btyd.Validate(c.m, cs, 39, 7)
		if h.Actual != 1882 || math.Abs(h.Predicted-c.want) > 1 {
			t.Errorf("holdout at %+v: actual %v predicted %.2f, want 1882 and %.1f ± 1", c.m, h.Actual, h.Predicted, c.want)
		}
	}
	// A customer whose first purchase is on the last day (T = 0) has
	// likelihood 1 under both models and changes nothing.
	withNew := append(append([]btyd.Customer{}, cs...), btyd.Customer{X: 0, T: 0})
	if f2, err := btyd.FitBGNBD(withNew); err != nil || math.Abs(f2.LogLik-fit.LogLik) > 1e-6 {
		t.Errorf("with a T=0 customer: LL %v (%v), without %v", f2.LogLik, err, fit.LogLik)
	}
	if f3, err := btyd.FitParetoNBD(withNew); err != nil || math.Abs(f3.LogLik+9594.976) > 0.001 {
		t.Errorf("Pareto/NBD with a T=0 customer: LL %v (%v)", f3.LogLik, err)
	}
	if _, err := btyd.FitBGNBD([]btyd.Customer{{X: 1, Tx: 5, T: 4}}); err == nil {
		t.Error("t_x > T accepted")
	}
	// An independent implementation gives -9582.4305 at the paper values.
	var ll float64
	for _, c := range cs {
		ll += paperBGNBD.LogLik(c)
	}
	if math.Abs(ll-(-9582.4305)) > 0.005 {
		t.Errorf("LL at the paper values = %.4f, want -9582.4305", ll)
	}
}

func TestFitParetoNBDCDNOW(t *testing.T) {
	cs := cdnowSummary(t).Customers
	fit, err := btyd.FitParetoNBD(cs)
	if err != nil {
		t.Fatal(err)
	}
	p, w := fit.Params, clvtoolsPNBD
	for _, c := range []struct {
		name             string
		got, want, se, w float64
	}{
		{"r", p.R, w.R, fit.StdErr.R, 0.0476264},
		{"alpha", p.Alpha, w.Alpha, fit.StdErr.Alpha, 0.8427222},
		{"s", p.S, w.S, fit.StdErr.S, 0.1872594},
		{"beta", p.Beta, w.Beta, fit.StdErr.Beta, 6.2105448},
	} {
		if !relClose(c.got, c.want, 0.005) {
			t.Errorf("%s = %.5f, CLVTools %.5f (want within 0.5%%)", c.name, c.got, c.want)
		}
		if !relClose(c.se, c.w, 0.01) {
			t.Errorf("SE(%s) = %.5f, CLVTools %.5f", c.name, c.se, c.w)
		}
	}
	if math.Abs(fit.LogLik-(-9594.98)) > 0.01 {
		t.Errorf("LL = %.4f, want -9594.98 ± 0.01", fit.LogLik)
	}
	for _, c := range []struct {
		m    btyd.ParetoNBD
		want float64
	}{{fit.Params, 1665.5}, {paperPNBD, 1665.7}} {
		h := btyd.Validate(c.m, cs, 39, 7)
		if math.Abs(h.Predicted-c.want) > 1 {
			t.Errorf("holdout at %+v: predicted %.2f, want %.1f ± 1", c.m, h.Predicted, c.want)
		}
	}
	var ll float64
	for _, c := range cs {
		ll += btydPNBD.LogLik(c)
	}
	if math.Abs(ll-(-9594.976)) > 0.005 {
		t.Errorf("LL at the BTYD values = %.4f, want -9594.976", ll)
	}
}

func TestFitGammaGammaCDNOW(t *testing.T) {
	// The lifetimes file: zbar is the mean of the repeat transactions.
	var cs []btyd.Customer
	for _, r := range readCSV(t, "testdata/cdnow_customers_summary_with_transactions.csv") {
		cs = append(cs, btyd.Customer{X: int(atof(t, r[1])), Tx: atof(t, r[2]), T: atof(t, r[3]), Spend: atof(t, r[4])})
	}
	fit, err := btyd.FitGammaGamma(cs)
	if err != nil {
		t.Fatal(err)
	}
	if fit.Customers != 946 {
		t.Errorf("customers = %d, want 946", fit.Customers)
	}
	if math.Abs(fit.LogLik-(-4055.92)) > 0.01 {
		t.Errorf("LL = %.4f, want -4055.92 ± 0.01", fit.LogLik)
	}
	p := fit.Params
	if !relClose(p.P, 6.25, 0.005) || !relClose(p.Q, 3.74, 0.005) || !relClose(p.Gamma, 15.44, 0.005) {
		t.Errorf("params %+v, want (6.25, 3.74, 15.44) within 0.5%%", p)
	}
	paper := btyd.GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}
	// Hardie's spreadsheet values come from the unrounded estimates (here
	// the lifetimes fit); the population mean is $35.17.
	lifetimes := btyd.GammaGamma{P: 6.248802, Q: 3.744588, Gamma: 15.447748}
	if got := lifetimes.PopulationMean(); math.Abs(got-35.17) > 0.005 {
		t.Errorf("population mean %.3f, want 35.17", got)
	}
	want := []float64{24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17}
	for i, w := range want {
		if got := lifetimes.ExpectedSpend(cs[i].X, cs[i].Spend); math.Abs(got-w) > 0.01 {
			t.Errorf("customer %d: E[M] = %.3f, Hardie %.2f", i+1, got, w)
		}
	}
	var ll float64
	for _, c := range cs {
		if c.X > 0 {
			ll += paper.LogLik(c.X, c.Spend)
		}
	}
	if math.Abs(ll-(-4055.9247)) > 0.005 {
		t.Errorf("LL at the paper values = %.4f, want -4055.9247", ll)
	}
	if _, err := btyd.FitGammaGamma([]btyd.Customer{{X: 2, T: 3, Tx: 1, Spend: -4}}); err == nil {
		t.Error("negative spend accepted")
	}
}

// TestPointChecks are the single-value checks of the reference (lifetimes
// tests citing Hardie's spreadsheets, the BTYD walkthrough, PyMC-Marketing).
func TestPointChecks(t *testing.T) {
	m := paperBGNBD
	c1 := btyd.Customer{X: 2, Tx: 30.43, T: 38.86}
	check := func(name string, got, want, tol float64) {
		t.Helper()
		if math.IsNaN(got) || math.Abs(got-want) > tol {
			t.Errorf("%s = %.10g, want %.10g ± %g", name, got, want, tol)
		}
	}
	check("BG/NBD P(alive) customer 1", m.PAlive(c1), 0.7266, 0.00005)
	check("BG/NBD E[Y(39)] customer 1", m.ConditionalExpected(c1, 39), 1.226, 0.0005)
	// lifetimes checks E[X(t)] at its own fit of the CDNOW summary. The
	// first five agree to the 4 published decimals; at t = 78 we get 1.85797
	// (and the same as the mean of the PMF below), 0.0004 above the
	// published 1.8576, so that one is checked to 0.0005.
	lt := btyd.BGNBD{R: 0.242593, Alpha: 4.413532, A: 0.792886, B: 2.425752}
	for _, c := range []struct{ t, want, tol float64 }{
		{0.1429, 0.0078, 0.00005}, {1, 0.0532, 0.00005}, {3, 0.1506, 0.00005}, {31.8571, 1.0405, 0.00005}, {32, 1.0437, 0.00005}, {78, 1.8576, 0.0005},
	} {
		check("BG/NBD E[X(t)]", lt.Expected(c.t), c.want, c.tol)
	}
	var mean float64
	for n := 1; n < 5000; n++ {
		mean += float64(n) * lt.PMF(78, n)
	}
	check("Σ n·P(X(78)=n) against E[X(78)]", mean, lt.Expected(78), 1e-9)
	check("P(X(39)=0)", m.PMF(39, 0), 0.5737864, 5e-8)
	check("P(X(2)=10)", m.PMF(2, 10), 1.07869e-07, 5e-13)
	for i, want := range []float64{0.0019995214, 0.0015170236, 0.0011633150, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.0002222260} {
		check("P(X(30)=n)", m.PMF(30, 11+i), want, 5e-11)
	}
	var total float64
	for n := range 2000 {
		total += m.PMF(39, n)
	}
	check("Σ_n P(X(39)=n)", total, 1, 1e-9)

	// Hardie note 027: the large-x case where the naive form breaks.
	pm := btyd.BGNBD{R: 0.25, Alpha: 4, A: 0.8, B: 2.5}
	check("LL(x=0)", pm.LogLik(btyd.Customer{X: 0, Tx: 0, T: 40}), -0.59947382, 5e-9)
	check("LL(x=200)", pm.LogLik(btyd.Customer{X: 200, Tx: 38, T: 40}), 100.7957, 0.00005)

	check("PNBD P(alive) customer 1516", btydPNBD.PAlive(btyd.Customer{X: 26, Tx: 30.86, T: 31}), 0.9979, 0.00005)
	check("PNBD E[X(52)]", btydPNBD.Expected(52), 1.4731, 0.00005)
}

// TestParetoNBDNoNaN: CLVTools' regression case "PAlive produced NaNs".
func TestParetoNBDNoNaN(t *testing.T) {
	m := btyd.ParetoNBD{R: 0.5143, Alpha: 2.8845, S: 0.2856, Beta: 14.1087}
	for _, c := range []btyd.Customer{
		{X: 221, Tx: 103.4, T: 103.6}, {X: 254, Tx: 97.1, T: 97.3}, {X: 161, Tx: 94.7, T: 98.0}, {X: 204, Tx: 98.6, T: 99.4},
		{X: 5000, Tx: 0.5, T: 500}, {X: 3, Tx: 10, T: 10},
	} {
		pa, ll, e := m.PAlive(c), m.LogLik(c), m.ConditionalExpected(c, 52)
		if math.IsNaN(pa) || pa < 0 || pa > 1 || math.IsNaN(ll) || math.IsInf(ll, 0) || math.IsNaN(e) || e < 0 {
			t.Errorf("%+v: P(alive) %v, LL %v, E[Y(52)] %v", c, pa, ll, e)
		}
		// Recent purchases by a heavy buyer: nearly surely alive.
		if c.X > 100 && c.T-c.Tx < 1 && pa < 0.9 {
			t.Errorf("%+v: P(alive) %v, want near 1", c, pa)
		}
	}
	// x = 5000, last purchase 499.5 periods ago: surely gone, but finite.
	if pa := m.PAlive(btyd.Customer{X: 5000, Tx: 0.5, T: 500}); pa > 1e-100 {
		t.Errorf("P(alive) = %v for a heavy buyer silent for 499.5 periods", pa)
	}
}

func TestHoldoutTableCDNOW(t *testing.T) {
	cs := cdnowSummary(t).Customers
	// mean actual / BG/NBD / Pareto/NBD by calibration x, at the paper parameters.
	want := [][3]float64{
		{0.237, 0.225, 0.138}, {0.697, 0.523, 0.600}, {1.393, 1.044, 1.196}, {1.560, 1.520, 1.714},
		{2.532, 2.164, 2.399}, {2.947, 2.654, 2.907}, {3.862, 3.504, 3.819}, {6.359, 6.157, 6.404},
	}
	n := []int{1411, 439, 214, 100, 62, 38, 29, 64}
	hb := btyd.Validate(paperBGNBD, cs, 39, 7)
	hp := btyd.Validate(paperPNBD, cs, 39, 7)
	for i, w := range want {
		b, p := hb.ByFrequency[i], hp.ByFrequency[i]
		if b.Customers != n[i] || math.Abs(b.Actual-w[0]) > 0.0005 || math.Abs(b.Predicted-w[1]) > 0.0005 || math.Abs(p.Predicted-w[2]) > 0.0005 {
			t.Errorf("x=%s: n %d actual %.3f BG/NBD %.3f PNBD %.3f, want %d %v", b.X, b.Customers, b.Actual, b.Predicted, p.Predicted, n[i], w)
		}
	}
	if hb.ByFrequency[7].X != "7+" {
		t.Errorf("last row %q, want 7+", hb.ByFrequency[7].X)
	}
	if math.Abs(hb.Correlation-0.626) > 0.0005 || math.Abs(hp.Correlation-0.630) > 0.0005 {
		t.Errorf("correlations %.4f %.4f, want 0.626 0.630", hb.Correlation, hp.Correlation)
	}
	var pb, pp float64
	for _, c := range cs {
		pb += paperBGNBD.PAlive(c)
		pp += paperPNBD.PAlive(c)
	}
	if math.Abs(pb/2357-0.8134) > 0.00005 || math.Abs(pp/2357-0.4464) > 0.00005 {
		t.Errorf("mean P(alive) %.4f %.4f, want 0.8134 0.4464", pb/2357, pp/2357)
	}
}

func TestTrackingCDNOW(t *testing.T) {
	s := cdnowSummary(t)
	for _, c := range []struct {
		name     string
		m        btyd.Model
		w39, w78 float64
	}{{"BG/NBD", paperBGNBD, 2505.1, 4171.4}, {"Pareto/NBD", paperPNBD, 2531.9, 4274.3}} {
		tr := btyd.Track(c.m, s)
		if len(tr) != 78 || tr[38].Actual != 2457 || tr[77].Actual != 4339 {
			t.Fatalf("%s: %d points, actual %v / %v", c.name, len(tr), tr[38].Actual, tr[77].Actual)
		}
		if math.Abs(tr[38].Expected-c.w39) > 0.1 || math.Abs(tr[77].Expected-c.w78) > 0.1 {
			t.Errorf("%s: expected %.2f at week 39 and %.2f at week 78, want %.1f and %.1f", c.name, tr[38].Expected, tr[77].Expected, c.w39, c.w78)
		}
	}
}

// TestCLVCDNOW: the lifetimes convention (12 months, 1% a month, 4.345
// weeks a month) at the fitted BG/NBD and Gamma-Gamma parameters.
func TestCLVCDNOW(t *testing.T) {
	var cs []btyd.Customer
	for _, r := range readCSV(t, "testdata/cdnow_customers_summary_with_transactions.csv") {
		cs = append(cs, btyd.Customer{X: int(atof(t, r[1])), Tx: atof(t, r[2]), T: atof(t, r[3]), Spend: atof(t, r[4])})
	}
	bg, err := btyd.FitBGNBD(cs)
	if err != nil {
		t.Fatal(err)
	}
	gg, err := btyd.FitGammaGamma(cs)
	if err != nil {
		t.Fatal(err)
	}
	opt := btyd.ScoreOptions{Horizon: 52, Months: 12, MonthlyDiscount: 0.01, PeriodsPerMonth: btyd.Week.PeriodsPerMonth()}
	scores := btyd.ScoreAll(bg.Params, gg.Params, cs, opt)
	var sum float64
	for i, s := range scores {
		sum += s.CLV
		direct := btyd.CLV(bg.Params, cs[i], gg.Params.ExpectedSpend(cs[i].X, cs[i].Spend), opt)
		if !relClose(s.CLV, direct, 1e-12) {
			t.Fatalf("customer %d: ScoreAll CLV %v, CLV %v", i+1, s.CLV, direct)
		}
		if want := bg.Params.ConditionalExpected(cs[i], 52); !relClose(s.Expected, want, 1e-12) {
			t.Fatalf("customer %d: ScoreAll expected %v, direct %v", i+1, s.Expected, want)
		}
	}
	for i, w := range []float64{36.2785, 4.6375, 8.3441, 8.3441, 8.3441} {
		if !relClose(scores[i].CLV, w, 0.002) {
			t.Errorf("customer %d: CLV %.4f, want %.4f within 0.2%%", i+1, scores[i].CLV, w)
		}
	}
	if !relClose(sum, 71509.9, 0.002) {
		t.Errorf("Σ CLV = %.1f, want 71,509.9 within 0.2%%", sum)
	}
	// The Pareto/NBD path (no cache) agrees with the direct formula too.
	pn := btyd.ScoreAll(paperPNBD, gg.Params, cs[:50], opt)
	for i, s := range pn {
		if want := btyd.CLV(paperPNBD, cs[i], s.Spend, opt); !relClose(s.CLV, want, 1e-12) {
			t.Fatalf("PNBD customer %d: %v vs %v", i+1, s.CLV, want)
		}
	}
}

// TestDERT checks the closed form against the defining integral
// ∫ e^(−δt) dE[Y(t)], summed over small steps of the conditional expectation.
func TestDERT(t *testing.T) {
	for _, c := range []btyd.Customer{{X: 2, Tx: 30.43, T: 38.86}, {X: 0, T: 20}, {X: 26, Tx: 30.86, T: 31}} {
		for _, delta := range []float64{0.15 / 52, 0.01} {
			got := paperPNBD.DERT(c, delta)
			var sum, prev float64
			const h = 0.25
			for k := 1; k <= 400000; k++ {
				e := paperPNBD.ConditionalExpected(c, float64(k)*h)
				sum += (e - prev) * math.Exp(-delta*(float64(k)-0.5)*h)
				prev = e
			}
			if !relClose(got, sum, 2e-3) {
				t.Errorf("%+v δ=%g: DERT %.6f, integral %.6f", c, delta, got, sum)
			}
		}
	}
}

// TestRecovery fits data simulated from known parameters (100k customers)
// and checks each estimate lies within 4 standard errors of the truth.
func TestRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation of 100k customers")
	}
	bgTrue := btyd.BGNBD{R: 0.24, Alpha: 4.41, A: 0.79, B: 2.43}
	bg, err := btyd.FitBGNBD(simBGNBD(100_000, bgTrue, 7))
	if err != nil {
		t.Fatal(err)
	}
	within := func(name string, got, se, want float64) {
		t.Helper()
		if math.IsNaN(se) || math.Abs(got-want) > 4*se || se > 0.1*want {
			t.Errorf("%s = %.4f ± %.4f, true %.4f", name, got, se, want)
		}
	}
	within("BG/NBD r", bg.Params.R, bg.StdErr.R, bgTrue.R)
	within("BG/NBD alpha", bg.Params.Alpha, bg.StdErr.Alpha, bgTrue.Alpha)
	within("BG/NBD a", bg.Params.A, bg.StdErr.A, bgTrue.A)
	within("BG/NBD b", bg.Params.B, bg.StdErr.B, bgTrue.B)

	pnTrue := btyd.ParetoNBD{R: 0.55, Alpha: 10.58, S: 0.61, Beta: 11.67}
	pn, err := btyd.FitParetoNBD(simParetoNBD(100_000, pnTrue, 11))
	if err != nil {
		t.Fatal(err)
	}
	within("PNBD r", pn.Params.R, pn.StdErr.R, pnTrue.R)
	within("PNBD alpha", pn.Params.Alpha, pn.StdErr.Alpha, pnTrue.Alpha)
	within("PNBD s", pn.Params.S, pn.StdErr.S, pnTrue.S)
	within("PNBD beta", pn.Params.Beta, pn.StdErr.Beta, pnTrue.Beta)
}

// TestNoMaximumOnRegularBuyers: when every customer buys at the same steady
// rate and nobody drops out, the likelihood grows without bound as the
// parameters run off (no heterogeneity, no drop-out to measure). The fits
// say so instead of running away.
func TestNoMaximumOnRegularBuyers(t *testing.T) {
	var cs []btyd.Customer
	for i := range 2000 {
		// 19 repeat purchases every 13 weeks, the last 0-12 weeks ago.
		last := float64(247 + i%13)
		cs = append(cs, btyd.Customer{ID: i, X: 19, Tx: last, T: last + float64(i%13)/4 + 0.5})
	}
	if _, err := btyd.FitBGNBD(cs); !errors.Is(err, btyd.ErrNoMaximum) {
		t.Errorf("BG/NBD: %v, want ErrNoMaximum", err)
	}
	if _, err := btyd.FitParetoNBD(cs); !errors.Is(err, btyd.ErrNoMaximum) {
		t.Errorf("Pareto/NBD: %v, want ErrNoMaximum", err)
	}
}
