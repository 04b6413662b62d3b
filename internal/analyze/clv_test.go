package analyze

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
	"github.com/vitalfew/vitalfew/internal/analytics/clv"
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

// TestCLVAcrossParts checks the purchase log analyze hands to the model
// when the customers span several aggregation parts (numeric keys up to
// 150,000 in direct mode, text keys after them), the file is read in small
// chunks by two workers, and there are credits and same-day orders: the
// fit and the top customers must be those of clv.FitCustomerModel on a
// log built here from the generated rows.
func TestCLVAcrossParts(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	type day struct {
		key string
		day int32
	}
	sums := map[day]float64{} // purchases (amount ≥ 0) per customer and day
	var b bytes.Buffer
	b.WriteString("customer_id,date,amount\n")
	start := dayOf(time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC))
	const customers, span = 3000, 4 * 365
	for c := 1; c <= customers; c++ {
		key := strconv.Itoa(c * 50)
		if c%3 == 0 {
			key = fmt.Sprintf("K%05d", c)
		}
		lambda := gammaRand(rng, 0.9) / 10 // per day
		mu := gammaRand(rng, 0.7) / 300
		first := float64(rng.IntN(span / 2))
		end := min(span, first+rng.ExpFloat64()/mu)
		for d := first; d < end; d += rng.ExpFloat64() / lambda {
			amt := math.Round(100*(10+rng.Float64()*90)) / 100
			switch rng.IntN(10) {
			case 0:
				amt = -amt // a credit note
			case 1:
				fmt.Fprintf(&b, "%s,%s,%.2f\n", key, dayString(start+int32(d)), amt) // the same day twice
				sums[day{key, start + int32(d)}] += amt
			}
			fmt.Fprintf(&b, "%s,%s,%.2f\n", key, dayString(start+int32(d)), amt)
			if amt >= 0 {
				sums[day{key, start + int32(d)}] += amt
			}
		}
	}
	asOf := start + span - 1
	res, err := Run(bytes.NewReader(b.Bytes()), Options{AsOf: dayTime(asOf), CLV: true, Workers: 2, chunkSize: 1 << 12})
	if err != nil {
		t.Fatal(err)
	}

	idx := map[string]int32{}
	var keys []string
	var txns []btyd.Txn
	days := slices.SortedFunc(maps.Keys(sums), func(a, b day) int { return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.day, b.day)) })
	for _, d := range days {
		amt := sums[d]
		i, ok := idx[d.key]
		if !ok {
			i = int32(len(keys))
			idx[d.key] = i
			keys = append(keys, d.key)
		}
		txns = append(txns, btyd.Txn{Customer: i, Day: d.day, Amount: amt})
	}
	want, note, err := clv.FitCustomerModel(txns, dayTime(asOf))
	if err != nil || want == nil {
		t.Fatalf("reference fit: %v %s", err, note)
	}
	got := res.CLV
	if got.Model == nil {
		t.Fatalf("no model: %s", got.Note)
	}
	// The reference numbers its customers in another order, so the fits
	// add their sums in another order and stop at slightly different
	// points: the Gamma-Gamma parameters differ by about 1e-8.
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }
	gp, wp := got.Model.Params, want.Fit.Params
	if got.Model.Customers != len(keys) || !near(gp.R, wp.R) || !near(gp.Alpha, wp.Alpha) || !near(gp.S, wp.S) || !near(gp.Beta, wp.Beta) ||
		!near(got.Model.LogLikelihood, want.Fit.LogLikelihood) {
		t.Errorf("model %d customers %+v LL %v; reference %d %+v LL %v", got.Model.Customers, gp, got.Model.LogLikelihood, len(keys), wp, want.Fit.LogLikelihood)
	}
	byKey := map[string]btyd.Score{}
	for i, c := range want.Customers {
		byKey[keys[c.ID]] = want.Scores[i]
	}
	var best []float64
	for _, sc := range want.Scores {
		best = append(best, sc.CLV)
	}
	sortDesc(best)
	if len(got.Top) != TopN {
		t.Fatalf("%d top customers", len(got.Top))
	}
	for i, a := range got.Top {
		w, ok := byKey[a.ID]
		if !ok || !near(a.CLV, w.CLV) || !near(a.CLV, best[i]) || !near(a.PAlive, w.PAlive) || !near(a.ExpectedPurchases, w.Expected) || !near(a.ExpectedSpend, w.Spend) {
			t.Errorf("#%d %+v; reference %+v (CLV #%d %v)", i+1, a, w, i+1, best[i])
		}
	}
}

// TestCLVOnOnlineRetail: analyze --clv on UCI Online Retail's purchases
// (../analytics/clv/testdata), where Pareto/NBD has no maximum, gives
// figures for every customer from BG/NBD and says so.
func TestCLVOnOnlineRetail(t *testing.T) {
	f, err := os.Open("../analytics/clv/testdata/online_retail_purchases.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	customers := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		id, _, _ := strings.Cut(line, ",")
		customers[id] = true
	}
	res, err := Run(bytes.NewReader(data), Options{File: "online_retail_purchases.csv", AsOf: time.Date(2011, 12, 9, 0, 0, 0, 0, time.UTC), CLV: true})
	if err != nil {
		t.Fatal(err)
	}
	c := res.CLV
	if c == nil || c.Model == nil {
		t.Fatalf("no model: %+v", c)
	}
	if c.Model.Name != "bg/nbd" || c.Customers != len(customers) || len(c.Top) != TopN || !strings.Contains(c.Model.Note, "Pareto/NBD does not fit") {
		t.Errorf("model %q, %d customers, %d top, note %q; want bg/nbd, %d, %d and why", c.Model.Name, c.Customers, len(c.Top), c.Model.Note, len(customers), TopN)
	}
	var tierCustomers int
	for _, x := range c.Tiers {
		tierCustomers += x.Customers
	}
	if !(c.CLV > 0) || tierCustomers == 0 {
		t.Errorf("CLV %v, %d customers in tiers", c.CLV, tierCustomers)
	}
	for _, a := range c.Top {
		if !(a.PAlive >= 0 && a.PAlive <= 1) || !(a.CLV > 0) || math.IsInf(a.CLV, 0) || !customers[a.ID] {
			t.Errorf("%+v", a)
		}
	}
	var text bytes.Buffer
	if err := res.WriteText(&text); err != nil || !strings.Contains(text.String(), "Model: BG/NBD (r ") {
		t.Errorf("text (%v):\n%s", err, text.String())
	}
}
