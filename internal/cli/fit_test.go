package cli_test

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
)

type fitJSON struct {
	Model         string             `json:"model"`
	Customers     int                `json:"customers"`
	Params        map[string]float64 `json:"params"`
	LogLikelihood float64            `json:"log_likelihood"`
	StdErrors     map[string]float64 `json:"std_errors"`
	Holdout       *struct {
		Actual    float64 `json:"actual"`
		Predicted float64 `json:"predicted"`
	} `json:"holdout"`
	Tracking []struct {
		Period   int     `json:"period"`
		Actual   float64 `json:"actual"`
		Expected float64 `json:"expected"`
	} `json:"tracking"`
}

const cdnowOrders = "testdata/cdnow_orders.csv"

func fitRun(t *testing.T, args ...string) fitJSON {
	t.Helper()
	out, errOut, code := vf(t, "unused.db", append([]string{"fit", cdnowOrders, "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var f fitJSON
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return f
}

func relNear(got, want, rel float64) bool { return math.Abs(got-want) <= rel*math.Abs(want) }

// TestFitCDNOW fits the three models to the CDNOW orders through the command
// line and checks them against the published estimates
// (../shared/reference/btyd.md).
func TestFitCDNOW(t *testing.T) {
	periods := []string{"--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30"}
	bg := fitRun(t, append([]string{"--model", "bgnbd"}, periods...)...)
	want := map[string]float64{"r": 0.2425945, "alpha": 4.4136019, "a": 0.7929199, "b": 2.4258881}
	for k, w := range want {
		if !relNear(bg.Params[k], w, 0.001) {
			t.Errorf("bgnbd %s = %v, CLVTools %v", k, bg.Params[k], w)
		}
		if !(bg.StdErrors[k] > 0) {
			t.Errorf("bgnbd std error of %s = %v", k, bg.StdErrors[k])
		}
	}
	if bg.Model != "bgnbd" || bg.Customers != 2357 || math.Abs(bg.LogLikelihood+9582.43) > 0.01 {
		t.Errorf("bgnbd: model %q, customers %d, LL %v", bg.Model, bg.Customers, bg.LogLikelihood)
	}
	if bg.Holdout == nil || bg.Holdout.Actual != 1882 || math.Abs(bg.Holdout.Predicted-1653.4) > 1 {
		t.Errorf("bgnbd holdout %+v, want actual 1882, predicted 1653.4", bg.Holdout)
	}
	// The tracking curve (reference: 2,457 and 4,339 actual; BG/NBD expects
	// 2,505.1 and 4,171.4 at the paper's rounded parameters, which move the
	// curve by about 0.15% against the fitted ones).
	if tr := bg.Tracking; len(tr) != 78 || tr[38].Actual != 2457 || tr[77].Actual != 4339 ||
		!relNear(tr[38].Expected, 2505.1, 0.005) || !relNear(tr[77].Expected, 4171.4, 0.005) {
		t.Errorf("tracking: %d points %+v", len(tr), tr)
	}

	pn := fitRun(t, append([]string{"--model", "pnbd"}, periods...)...)
	for k, w := range map[string]float64{"r": 0.55315, "alpha": 10.57633, "s": 0.60625, "beta": 11.67150} {
		if !relNear(pn.Params[k], w, 0.005) {
			t.Errorf("pnbd %s = %v, CLVTools %v", k, pn.Params[k], w)
		}
	}
	if math.Abs(pn.LogLikelihood+9594.98) > 0.01 || pn.Holdout == nil || math.Abs(pn.Holdout.Predicted-1665.5) > 1 {
		t.Errorf("pnbd: LL %v, holdout %+v", pn.LogLikelihood, pn.Holdout)
	}

	gg := fitRun(t, "--model", "gg", "--calibration-end", "1997-09-30")
	if gg.Customers != 946 || math.Abs(gg.LogLikelihood+4055.92) > 0.01 || !relNear(gg.Params["p"], 6.25, 0.005) ||
		!relNear(gg.Params["q"], 3.74, 0.005) || !relNear(gg.Params["gamma"], 15.44, 0.005) || gg.Holdout != nil {
		t.Errorf("gg: %+v", gg)
	}

	// Without --holdout-end there is no holdout; the text output names the model.
	if f := fitRun(t, "--model", "bgnbd", "--calibration-end", "1997-09-30"); f.Holdout != nil {
		t.Errorf("holdout without --holdout-end: %+v", f.Holdout)
	}
	out, _, code := vf(t, "unused.db", append([]string{"fit", cdnowOrders, "--model", "bgnbd"}, periods...)...)
	if code != 0 || !strings.Contains(out, "BG/NBD fit: 2357 customers") || !strings.Contains(out, "actual 1882") ||
		!strings.Contains(out, "end of calibration (week 39)") || !strings.Contains(out, "end of holdout (week 78)") {
		t.Errorf("text output (exit %d):\n%s", code, out)
	}
}

func TestFitRefusesBadInput(t *testing.T) {
	bad := writeFile(t, "orders.csv", "customer_id,date,amount\nK1,2024-01-05,10\nK2,2024-13-01,5\nK1,2024-02-01,abc\n")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown model", []string{"fit", cdnowOrders, "--model", "mbg"}, "--model"},
		{"no model", []string{"fit", cdnowOrders}, "model"},
		{"bad unit", []string{"fit", cdnowOrders, "--model", "bgnbd", "--unit", "fortnight"}, "--unit"},
		{"bad date", []string{"fit", cdnowOrders, "--model", "bgnbd", "--calibration-end", "30.09.1997"}, "--calibration-end"},
		{"holdout before calibration", []string{"fit", cdnowOrders, "--model", "bgnbd", "--calibration-end", "1997-09-30", "--holdout-end", "1997-06-30"}, "--holdout-end"},
		{"holdout without calibration", []string{"fit", cdnowOrders, "--model", "bgnbd", "--holdout-end", "1998-06-30"}, "--calibration-end"},
		{"missing file", []string{"fit", "no-such.csv", "--model", "bgnbd"}, "no-such.csv"},
		{"bad rows", []string{"fit", bad, "--model", "bgnbd"}, "orders.csv:3: date"},
		{"calibration before any order", []string{"fit", cdnowOrders, "--model", "bgnbd", "--calibration-end", "1990-01-01"}, "calibration"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, code := vf(t, "unused.db", c.args...)
			if code != 2 || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 mentioning %q", code, errOut, c.want)
			}
		})
	}
}

// TestFitGammaGammaLeavesOutZeroSpend: two customers of the CDNOW orders
// file whose repeat purchases are free (amount 0.00) are left out of the
// spend model and counted; the others give the published fit.
func TestFitGammaGammaLeavesOutZeroSpend(t *testing.T) {
	data, err := os.ReadFile(cdnowOrders)
	if err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, "orders.csv", string(data)+
		"Z-7,1997-02-01,12.50\nZ-7,1997-03-01,0.00\nZ-9,1997-02-03,30\nZ-9,1997-04-01,0\nZ-9,1997-05-01,0.00\n")
	out, errOut, code := vf(t, "unused.db", "fit", file, "--model", "gg", "--calibration-end", "1997-09-30", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var f struct {
		fitJSON
		LeftOut int `json:"left_out"`
	}
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := map[string]float64{"p": 6.25, "q": 3.74, "gamma": 15.44}
	for k, w := range want {
		if !relNear(f.Params[k], w, 0.005) {
			t.Errorf("gg %s = %v, published %v", k, f.Params[k], w)
		}
	}
	if f.Customers != 946 || f.LeftOut != 2 {
		t.Errorf("%d repeat customers fitted, %d left out; want 946 and 2", f.Customers, f.LeftOut)
	}
	out, _, code = vf(t, "unused.db", "fit", file, "--model", "gg", "--calibration-end", "1997-09-30")
	if code != 0 || !strings.Contains(out, "2 repeat customers whose repeat purchases are all of value zero left out") {
		t.Errorf("text output (exit %d):\n%s", code, out)
	}
}
