package analyze

import (
	"bytes"
	"math"
	"os"
	"testing"
	"time"
)

// TestCLVOnCDNOW fits the customer model to the CDNOW sample as of the end
// of the published calibration period: it must be the published Pareto/NBD
// and Gamma-Gamma fit (../shared/reference/btyd.md; CLVTools, Fader and
// Hardie) over all 2,357 customers of the cohort, the 8 whose only
// purchases were free ones included (a purchase is an order of zero or
// more), so the path from the file's rows to the summaries is exact.
func TestCLVOnCDNOW(t *testing.T) {
	data, err := os.ReadFile("testdata/cdnow_elog.csv")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{File: "cdnow_elog.csv", Map: map[string]string{"sampleid": "customer_id", "masterid": "-"},
		AsOf: time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC), CLV: true}
	res, err := Run(bytes.NewReader(data), opt)
	if err != nil {
		t.Fatal(err)
	}
	c := res.CLV
	if c == nil || c.Model == nil {
		t.Fatalf("no model: %+v", c)
	}
	m := c.Model
	within := func(got, want, rel float64) bool { return math.Abs(got-want) <= rel*math.Abs(want) }
	if m.Customers != 2357 || c.Customers != 2357 || math.Abs(m.LogLikelihood+9594.98) > 0.01 {
		t.Errorf("customers %d/%d, LL %.4f; want 2357 and -9594.98", m.Customers, c.Customers, m.LogLikelihood)
	}
	p := m.Params
	if !within(p.R, 0.55315, 0.005) || !within(p.Alpha, 10.57633, 0.005) || !within(p.S, 0.60625, 0.005) || !within(p.Beta, 11.67150, 0.005) {
		t.Errorf("params %+v, want r 0.55315, alpha 10.57633, s 0.60625, beta 11.67150", p)
	}
	if g := m.SpendParams; m.SpendModel != "gamma-gamma" || g == nil || !within(g.P, 6.25, 0.005) || !within(g.Q, 3.74, 0.005) || !within(g.Gamma, 15.44, 0.005) {
		t.Errorf("spend model %q %+v, want gamma-gamma (6.25, 3.74, 15.44)", m.SpendModel, g)
	}
	// 272 days of history: the last 12 weeks are held out and forecast.
	if h := m.Holdout; h == nil || h.Weeks != 12 || h.CalibrationEnd != "1997-07-08" || h.Actual <= 0 || math.Abs(h.Error) > 0.5 {
		t.Errorf("holdout %+v", h)
	}
	if len(c.Top) != TopN || len(c.Tiers) != 3 {
		t.Fatalf("%d top customers, %d tiers; want %d and 3", len(c.Top), len(c.Tiers), TopN)
	}
	var tierCustomers int
	for _, x := range c.Tiers {
		tierCustomers += x.Customers
	}
	if tierCustomers != 2357 {
		t.Errorf("tiers hold %d customers, want 2357", tierCustomers)
	}
	for i, a := range c.Top {
		if a.PAlive <= 0 || a.PAlive > 1 || a.Tier != "A" || a.LastOrder > "1997-09-30" || a.PurchaseDays < 1 ||
			math.Abs(a.ExpectedRevenue-a.ExpectedPurchases*a.ExpectedSpend) > 1e-9*a.ExpectedRevenue ||
			i > 0 && a.CLV > c.Top[i-1].CLV {
			t.Errorf("#%d %+v", i+1, a)
		}
	}
}
