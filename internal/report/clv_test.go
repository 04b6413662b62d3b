package report_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/ingest"
	"github.com/vitalfew/vitalfew/internal/report"
)

// cdnowStores imports the CDNOW sample (testdata/cdnow_orders.csv) into a
// fresh SQLite store and, when configured, a PostgreSQL one.
func cdnowStores(t *testing.T) []namedStore {
	t.Helper()
	f, err := os.Open("testdata/cdnow_orders.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := ingest.ReadOrders(f, ingest.Options{File: "cdnow_orders.csv"})
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("%v %v", err, res.Errors)
	}
	sts := []namedStore{{"sqlite", openSQLite(t)}}
	if pg := openPostgres(t); pg != nil {
		sts = append(sts, namedStore{"postgres", pg})
	}
	for _, s := range sts {
		if _, err := s.st.ImportOrders(crm.WithActor(context.Background(), crm.Operator), res.Records, crm.ImportOptions{File: "cdnow_orders.csv"}); err != nil {
			t.Fatal(err)
		}
	}
	return sts
}

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func within(got, want, rel float64) bool { return math.Abs(got-want) <= rel*math.Abs(want) }

// TestCLVOnCDNOW runs the clv report on the CDNOW orders as of the end of
// the published calibration period: the model it fits must be the published
// Pareto/NBD and Gamma-Gamma fit (../shared/reference/btyd.md), so the path
// from the orders table through the order log to the summaries is exact.
func TestCLVOnCDNOW(t *testing.T) {
	ctx := context.Background()
	for _, s := range cdnowStores(t) {
		r, err := report.Run(ctx, s.st, "clv", report.Params{AsOf: date("1997-09-30")})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		c := r.(*report.CLVReport)
		m := c.Model
		if m.Customers != 2357 || c.Customers != 2357 || math.Abs(m.LogLikelihood+9594.98) > 0.01 {
			t.Errorf("%s: customers %d/%d, LL %.4f; want 2357 and -9594.98", s.name, m.Customers, c.Customers, m.LogLikelihood)
		}
		want := btyd.ParetoNBD{R: 0.55315, Alpha: 10.57633, S: 0.60625, Beta: 11.67150}
		if p := m.Params; !within(p.R, want.R, 0.005) || !within(p.Alpha, want.Alpha, 0.005) || !within(p.S, want.S, 0.005) || !within(p.Beta, want.Beta, 0.005) {
			t.Errorf("%s: params %+v, CLVTools %+v", s.name, p, want)
		}
		if g := m.SpendParams; m.SpendModel != "gamma-gamma" || g == nil || !within(g.P, 6.25, 0.005) || !within(g.Q, 3.74, 0.005) || !within(g.Gamma, 15.44, 0.005) {
			t.Errorf("%s: spend model %q %+v, want gamma-gamma (6.25, 3.74, 15.44)", s.name, m.SpendModel, g)
		}
		// 272 days of history: the last 12 weeks are held out and forecast.
		if h := m.Holdout; h == nil || h.Weeks != 12 || h.CalibrationEnd != "1997-07-08" || h.Actual <= 0 || h.Predicted <= 0 || math.Abs(h.Error) > 0.5 {
			t.Errorf("%s: holdout %+v", s.name, h)
		}
		// Customer 1 (x=2, t_x=30.43, T=38.86 weeks) at the fitted parameters.
		var found bool
		var sum, rev float64
		for i, a := range c.Accounts {
			if i > 0 && a.CLV > c.Accounts[i-1].CLV {
				t.Fatalf("%s: not sorted by CLV at %d", s.name, i)
			}
			sum += a.CLV
			rev += a.ExpectedRevenue
			if math.Abs(a.ExpectedRevenue-a.ExpectedPurchases*a.ExpectedSpend) > 1e-9 || a.PAlive <= 0 || a.PAlive > 1 {
				t.Fatalf("%s: %+v", s.name, a)
			}
			if a.Name != "1" {
				continue
			}
			found = true
			cu := btyd.Customer{X: 2, Tx: 213.0 / 7, T: 272.0 / 7}
			if a.PurchaseDays != 3 || math.Abs(a.PAlive-m.Params.PAlive(cu)) > 1e-12 ||
				math.Abs(a.ExpectedPurchases-m.Params.ConditionalExpected(cu, 12*4.345)) > 1e-12 {
				t.Errorf("%s: customer 1 %+v", s.name, a)
			}
			if wantSpend := m.SpendParams.ExpectedSpend(2, 22.35); math.Abs(a.ExpectedSpend-wantSpend) > 0.01 {
				t.Errorf("%s: customer 1 spend %v, want %v", s.name, a.ExpectedSpend, wantSpend)
			}
		}
		if !found || !within(sum, c.CLV, 1e-9) || !within(rev, c.ExpectedRevenue, 1e-9) {
			t.Errorf("%s: customer 1 found %v; CLV %v vs %v; revenue %v vs %v", s.name, found, sum, c.CLV, rev, c.ExpectedRevenue)
		}
		var tierSum float64
		for _, x := range c.Tiers {
			tierSum += x.CLV
		}
		if len(c.Tiers) != 3 || !within(tierSum, c.CLV, 1e-9) || c.Accounts[0].Tier != "A" || c.Accounts[len(c.Accounts)-1].Tier != "C" {
			t.Errorf("%s: tiers %+v", s.name, c.Tiers)
		}
		var text strings.Builder
		if err := c.WriteText(&text); err != nil || !strings.Contains(text.String(), "Fit quality: refitted to the orders up to 1997-07-08") {
			t.Errorf("%s: text output (%v):\n%s", s.name, err, text.String())
		}
	}
}

// TestLapsedRanksByWinBackValue: with the model, the win-back list puts what
// a customer was worth times how likely they are gone first.
func TestLapsedRanksByWinBackValue(t *testing.T) {
	ctx := context.Background()
	for _, s := range cdnowStores(t) {
		r, err := report.Run(ctx, s.st, "lapsed", report.Params{AsOf: date("1998-06-30"), LapsedAfter: 180 * 24 * time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		l := r.(*report.LapsedReport)
		if l.RankedBy != "win_back_value" || l.Model == nil || l.Model.Customers != 2357 || l.Count < 1000 {
			t.Fatalf("%s: ranked by %q, model %v, count %d", s.name, l.RankedBy, l.Model != nil, l.Count)
		}
		byRevenue := true
		for i, a := range l.Accounts {
			if a.PAlive == nil || a.WinBackValue == nil {
				t.Fatalf("%s: %+v has no model figures", s.name, a)
			}
			if math.Abs(*a.WinBackValue-a.LifetimeRevenue*(1-*a.PAlive)) > 1e-9 {
				t.Errorf("%s: %+v: win-back value is not revenue × (1 − P(alive))", s.name, a)
			}
			if i > 0 {
				prev := l.Accounts[i-1]
				if *a.WinBackValue > *prev.WinBackValue {
					t.Fatalf("%s: not sorted by win-back value at %d", s.name, i)
				}
				if a.LifetimeRevenue > prev.LifetimeRevenue {
					byRevenue = false
				}
			}
		}
		if byRevenue {
			t.Errorf("%s: the model changed nothing: the list is still in lifetime revenue order", s.name)
		}
	}
}

// TestCLVNeedsEnoughCustomers: on the eight-account fixture the model is not
// fitted; clv is empty and says why, lapsed falls back to lifetime revenue.
func TestCLVNeedsEnoughCustomers(t *testing.T) {
	st := openSQLite(t)
	seed(t, st)
	r0, err := report.Run(context.Background(), st, "clv", report.Params{})
	if err != nil {
		t.Fatal(err)
	}
	c := r0.(*report.CLVReport)
	doc, _ := json.Marshal(c)
	if c.Model != nil || len(c.Accounts) != 0 || !strings.Contains(c.Note, "at least 100 customers") || strings.Contains(string(doc), "null") {
		t.Errorf("clv on 8 accounts: %s", doc)
	}
	var text strings.Builder
	if err := c.WriteText(&text); err != nil || !strings.Contains(text.String(), "No figures: the customer model needs at least 100 customers") {
		t.Errorf("text (%v): %s", err, text.String())
	}
	r, err := report.Run(context.Background(), st, "lapsed", report.Params{})
	if err != nil {
		t.Fatal(err)
	}
	if l := r.(*report.LapsedReport); l.RankedBy != "lifetime_revenue" || l.Model != nil {
		t.Errorf("ranked by %q with model %v", l.RankedBy, l.Model)
	}
}

// TestCustomerModelThatDoesNotFit: 150 accounts that all order every 91
// days for five years give the model nothing to measure (no drop-out, no
// differences in rate); clv says so and lapsed ranks by lifetime revenue.
func TestCustomerModelThatDoesNotFit(t *testing.T) {
	st := openSQLite(t)
	var recs []crm.OrderRecord
	start := date("2020-01-01")
	for c := range 150 {
		for k := range 20 {
			recs = append(recs, crm.OrderRecord{Line: len(recs) + 2, Account: crm.AccountRef{ExternalID: fmt.Sprintf("C%03d", c)},
				Order: crm.Order{ExternalID: fmt.Sprintf("I%d-%d", c, k), OrderedAt: start.AddDate(0, 0, 91*k+c%91), Amount: crm.Money(100+c) * 100}})
		}
	}
	if _, err := st.ImportOrders(crm.WithActor(context.Background(), crm.Operator), recs, crm.ImportOptions{File: "orders.csv"}); err != nil {
		t.Fatal(err)
	}
	r, err := report.Run(context.Background(), st, "clv", report.Params{})
	if err != nil {
		t.Fatal(err)
	}
	if c := r.(*report.CLVReport); c.Model != nil || !strings.Contains(c.Note, "does not fit these orders") {
		t.Errorf("clv: model %v, note %q", c.Model != nil, c.Note)
	}
	r, err = report.Run(context.Background(), st, "lapsed", report.Params{LapsedAfter: 30 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if l := r.(*report.LapsedReport); l.RankedBy != "lifetime_revenue" || l.Model != nil || !strings.Contains(l.ModelNote, "does not fit") {
		t.Errorf("lapsed: ranked by %q, model %v, note %q", l.RankedBy, l.Model != nil, l.ModelNote)
	}
}
