package cli_test

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// clvJSON is the part of the clv output the tests compare.
type clvJSON struct {
	Model *struct {
		Customers     int                `json:"customers"`
		Params        map[string]float64 `json:"params"`
		LogLikelihood float64            `json:"log_likelihood"`
		SpendModel    string             `json:"spend_model"`
		SpendParams   map[string]float64 `json:"spend_params"`
		Holdout       *struct {
			CalibrationEnd string  `json:"calibration_end"`
			Weeks          float64 `json:"weeks"`
			Actual         float64 `json:"actual"`
			Predicted      float64 `json:"predicted"`
		} `json:"holdout"`
	} `json:"model"`
	Note              string  `json:"note"`
	Customers         int     `json:"customers"`
	ExpectedPurchases float64 `json:"expected_purchases"`
	CLV               float64 `json:"clv"`
	Tiers             []struct {
		Tier      string `json:"tier"`
		Customers int    `json:"customers"`
	} `json:"tiers"`
}

// clvAccount is one account of report clv or one of analyze's top.
type clvAccount struct {
	ID                any     `json:"id"`
	Name              string  `json:"name"`
	PurchaseDays      int     `json:"purchase_days"`
	LastOrder         string  `json:"last_order"`
	PAlive            float64 `json:"p_alive"`
	ExpectedPurchases float64 `json:"expected_purchases"`
	ExpectedSpend     float64 `json:"expected_spend"`
	CLV               float64 `json:"clv"`
	Tier              string  `json:"tier"`
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// compareCLV runs analyze --clv and, after importing the file, report clv,
// both as of asOf, and checks that they fit the same model and give the
// top accounts of analyze the figures report gives them. nameOf maps an
// analyze top entry to the account name report shows. It returns the
// analyze clv object.
func compareCLV(t *testing.T, file, asOf string, nameOf func(clvAccount) string) clvJSON {
	t.Helper()
	db := filepath.Join(t.TempDir(), "vf.db")
	out, stderr, code := vf(t, db, "analyze", file, "--clv", "--json", "--as-of", asOf)
	if code != 0 {
		t.Fatalf("analyze --clv: %s", stderr)
	}
	var a struct {
		CLV *struct {
			clvJSON
			Top []clvAccount `json:"top"`
		} `json:"clv"`
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if a.CLV == nil {
		t.Fatalf("analyze --clv --json has no clv object: %s", out)
	}
	if _, stderr, code := vf(t, db, "import", "orders", file); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	out, stderr, code = vf(t, db, "report", "clv", "--json", "--as-of", asOf)
	if code != 0 {
		t.Fatalf("report clv: %s", stderr)
	}
	var r struct {
		clvJSON
		Accounts []clvAccount `json:"accounts"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	x, y := a.CLV.clvJSON, r.clvJSON
	if (x.Model == nil) != (y.Model == nil) || x.Note != y.Note {
		t.Fatalf("analyze model %v note %q; report model %v note %q", x.Model != nil, x.Note, y.Model != nil, y.Note)
	}
	if x.Model == nil {
		return x
	}
	mx, my := x.Model, y.Model
	if mx.Customers != my.Customers || x.Customers != y.Customers || !near(mx.LogLikelihood, my.LogLikelihood) || mx.SpendModel != my.SpendModel {
		t.Errorf("analyze customers %d/%d LL %v spend %q; report %d/%d LL %v spend %q",
			mx.Customers, x.Customers, mx.LogLikelihood, mx.SpendModel, my.Customers, y.Customers, my.LogLikelihood, my.SpendModel)
	}
	for _, k := range []string{"r", "alpha", "s", "beta"} {
		if !near(mx.Params[k], my.Params[k]) || mx.Params[k] == 0 {
			t.Errorf("pareto/nbd %s: analyze %v, report %v", k, mx.Params[k], my.Params[k])
		}
	}
	for _, k := range []string{"p", "q", "gamma"} {
		if !near(mx.SpendParams[k], my.SpendParams[k]) {
			t.Errorf("gamma-gamma %s: analyze %v, report %v", k, mx.SpendParams[k], my.SpendParams[k])
		}
	}
	if hx, hy := mx.Holdout, my.Holdout; hx == nil || hy == nil || hx.CalibrationEnd != hy.CalibrationEnd || hx.Weeks != hy.Weeks ||
		hx.Actual != hy.Actual || !near(hx.Predicted, hy.Predicted) {
		t.Errorf("holdout: analyze %+v, report %+v", mx.Holdout, my.Holdout)
	}
	if !near(x.ExpectedPurchases, y.ExpectedPurchases) || !near(x.CLV, y.CLV) || fmt.Sprint(x.Tiers) != fmt.Sprint(y.Tiers) {
		t.Errorf("totals: analyze %v purchases, %v CLV, tiers %v; report %v, %v, %v",
			x.ExpectedPurchases, x.CLV, x.Tiers, y.ExpectedPurchases, y.CLV, y.Tiers)
	}
	if len(a.CLV.Top) != 10 {
		t.Fatalf("analyze lists %d top accounts, want 10", len(a.CLV.Top))
	}
	for i, got := range a.CLV.Top {
		want := r.Accounts[i] // report lists every account by CLV descending
		if nameOf(got) != want.Name || got.PurchaseDays != want.PurchaseDays || got.LastOrder != want.LastOrder || got.Tier != want.Tier ||
			!near(got.PAlive, want.PAlive) || !near(got.ExpectedPurchases, want.ExpectedPurchases) ||
			!near(got.ExpectedSpend, want.ExpectedSpend) || !near(got.CLV, want.CLV) {
			t.Errorf("#%d: analyze %+v, report %+v", i+1, got, want)
		}
	}
	return x
}

// analyze --clv fits the model of report clv to the file: on CDNOW, as of
// the end of the published calibration period and of the file, the same
// Pareto/NBD and Gamma-Gamma parameters, totals and per-account forecasts.
func TestAnalyzeCLVAgreesWithReportCLVOnCDNOW(t *testing.T) {
	for _, asOf := range []string{"1997-09-30", "1998-06-30"} {
		x := compareCLV(t, cdnowOrders, asOf, func(a clvAccount) string { return a.ID.(string) })
		if x.Model == nil || x.Model.Customers != 2357 {
			t.Errorf("as of %s: model %+v, want one fitted to the 2,357 CDNOW customers", asOf, x.Model)
		}
	}
}

// The same on a file with credits (not purchases), several orders on one
// day (one purchase), free orders (purchases), text keys and a name column.
func TestAnalyzeCLVAgreesWithReportCLVWithCreditsAndNames(t *testing.T) {
	var b strings.Builder
	b.WriteString("customer_id,customer,date,amount\n")
	seed := uint64(7)
	rnd := func(n int) int { seed = seed*6364136223846793005 + 1442695040888963407; return int(seed>>33) % n }
	start := time.Date(2022, 1, 3, 0, 0, 0, 0, time.UTC)
	for c := range 180 {
		rate := 1 + rnd(8)*rnd(8)                                // chance in 100 of buying in a week
		life := 1 + int(-60*math.Log(float64(1+rnd(1000))/1001)) // weeks until the customer leaves
		first := rnd(40)                                         // week of the first purchase
		size := 20 + rnd(400)                                    // typical order value
		for w := first; w < min(first+life, 156); w++ {
			if w != first && rnd(100) >= rate {
				continue
			}
			day := start.AddDate(0, 0, 7*w+rnd(7)).Format(time.DateOnly)
			amount := float64(size+rnd(size)) + float64(rnd(100))/100
			fmt.Fprintf(&b, "K%04d,Kunde %d GmbH,%s,%.2f\n", c, c, day, amount)
			switch rnd(10) {
			case 0: // a second order the same day
				fmt.Fprintf(&b, "K%04d,Kunde %d GmbH,%s,%.2f\n", c, c, day, amount/3)
			case 1: // a credit note
				fmt.Fprintf(&b, "K%04d,Kunde %d GmbH,%s,%.2f\n", c, c, start.AddDate(0, 0, 7*w+10).Format(time.DateOnly), -amount/2)
			case 2: // a free replacement
				fmt.Fprintf(&b, "K%04d,Kunde %d GmbH,%s,0\n", c, c, start.AddDate(0, 0, 7*w+3).Format(time.DateOnly))
			}
		}
	}
	file := writeFile(t, "orders.csv", b.String())
	x := compareCLV(t, file, "2024-12-31", func(a clvAccount) string { return a.Name })
	if x.Model == nil || x.Model.Customers != 180 {
		t.Errorf("model %+v, want one fitted to 180 customers", x.Model)
	}
}

// Without --clv the JSON is the existing contract, with no clv key and no
// section in the text; with fewer than 100 customers --clv says why there
// are no figures.
func TestAnalyzeCLVOptIn(t *testing.T) {
	db := filepath.Join(t.TempDir(), "vf.db")
	out, stderr, code := vf(t, db, "analyze", cdnowOrders, "--json")
	if code != 0 {
		t.Fatalf("analyze: %s", stderr)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["clv"]; ok || m["customers"] == nil {
		t.Errorf("analyze --json without --clv: keys %v, want no clv", keys(m))
	}
	text, _, _ := vf(t, db, "analyze", cdnowOrders)
	withCLV, _, _ := vf(t, db, "analyze", cdnowOrders, "--clv")
	if strings.Contains(text, "lifetime value") || !strings.Contains(withCLV, "Customer lifetime value") || !strings.HasPrefix(withCLV, text) {
		t.Errorf("text without --clv:\n%s\nwith --clv:\n%s", text, withCLV)
	}

	small := writeFile(t, "small.csv", "customer_id,date,amount\n1,2024-01-05,100\n1,2024-03-05,80\n2,2024-02-01,50\n")
	out, stderr, code = vf(t, db, "analyze", small, "--clv", "--json")
	if code != 0 {
		t.Fatalf("analyze --clv: %s", stderr)
	}
	var s struct {
		CLV *struct {
			Model json.RawMessage `json:"model"`
			Note  string          `json:"note"`
			Top   []any           `json:"top"`
		} `json:"clv"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.CLV == nil || s.CLV.Model != nil || !strings.Contains(s.CLV.Note, "at least 100 customers") || s.CLV.Top == nil || len(s.CLV.Top) != 0 {
		t.Errorf("two customers: %s", out)
	}
}

func keys(m map[string]json.RawMessage) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
