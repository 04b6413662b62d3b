package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestBreakevenReferenceExample: check 10 of marketing-anchors.md §7
// through the command line, with its exact JSON keys.
func TestBreakevenReferenceExample(t *testing.T) {
	out, errOut, code := vf(t, "unused.db", "breakeven", "--fixed", "12000", "--price", "200", "--variable", "80",
		"--target-profit", "6000", "--units", "130", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]float64{
		"bev": 100, "bev_units": 100, "be_revenue": 20000, "cm": 120, "cm_ratio": 0.6, "target_units": 150, "profit": 3600,
	} {
		if got[key] != want {
			t.Errorf("%s = %v, want %v", key, got[key], want)
		}
	}
	for key, want := range map[string]float64{"margin_of_safety": 0.2308, "profit_margin": 0.1385, "dol": 4.33} {
		f, _ := got[key].(float64)
		prec := 10000.0
		if key == "dol" {
			prec = 100
		}
		if float64(int64(f*prec+0.5))/prec != want {
			t.Errorf("%s = %v, want %v rounded", key, got[key], want)
		}
	}
	grid, _ := got["what_if"].([]any)
	if len(grid) != 12 {
		t.Fatalf("what_if has %d rows: %s", len(grid), out)
	}
	units := map[string]float64{}
	for _, r := range grid {
		row := r.(map[string]any)
		units[row["change"].(string)], _ = row["bev_units"].(float64)
	}
	for change, want := range map[string]float64{"price +10%": 86, "price -20%": 150, "variable +20%": 116, "fixed -10%": 90} {
		if units[change] != want {
			t.Errorf("what_if %q = %v units, want %v (grid %v)", change, units[change], want, units)
		}
	}
}

func TestBreakevenRefusesAndSpeaksGerman(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		code    int
		out     []string
		errText string
	}{
		{"price at variable cost", []string{"--fixed", "12000", "--price", "80", "--variable", "80"}, 2, nil,
			"no break-even: price must exceed variable cost"},
		{"price below variable cost", []string{"--fixed", "12000", "--price", "79.99", "--variable", "80", "--json"}, 2, nil,
			"no break-even: price must exceed variable cost"},
		{"price missing", []string{"--fixed", "12000", "--variable", "80"}, 2, nil, "--price: required"},
		{"not an amount", []string{"--fixed", "12k", "--price", "200", "--variable", "80"}, 2, nil, `--fixed: want an amount like 12000 or 199.90, got "12k"`},
		{"English", []string{"--fixed", "12000", "--price", "220", "--variable", "80"}, 0,
			[]string{"Break-even: 86 units (85.71 exactly), revenue 18,857.14.", "Contribution margin: 140.00 a unit, 63.6% of the price.", "variable cost +20%"}, ""},
		{"German", []string{"--fixed", "12000", "--price", "200", "--variable", "80", "--units", "130", "--lang", "de"}, 0,
			[]string{"Break-even: 100 Einheiten (genau 100,00), Umsatz 20.000,00.", "Gewinn 3.600,00", "Fixkosten +10%", "Operativer Hebel: 4,33"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := vf(t, "unused.db", append([]string{"breakeven"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d: %s", code, tc.code, errOut)
			}
			if !strings.Contains(errOut, tc.errText) {
				t.Errorf("stderr %q, want %q", errOut, tc.errText)
			}
			for _, w := range tc.out {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
