package cli_test

import (
	"encoding/json"
	"fmt"
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

// TestBreakevenActivities is check 11 of the reference: at a contribution
// margin of $120 the trade show ($5,000) needs 42 units from its
// customers to pay back, the LinkedIn ads ($3,000) 25, the webinar
// ($2,000) 17; the referral, not marketing, is left out.
func TestBreakevenActivities(t *testing.T) {
	db := databases(t)["sqlite"]
	if _, errOut, code := vf(t, db, "import", "activities", "testdata/marketing/activities.csv"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	out, errOut, code := vf(t, db, "breakeven", "--fixed", "12000", "--price", "200", "--variable", "80", "--activities", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		BEVUnits   int `json:"bev_units"`
		Activities []struct {
			Activity string  `json:"activity"`
			Cost     float64 `json:"cost"`
			Units    int     `json:"units"`
		} `json:"activities"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := "Trade show 5000 42, LinkedIn ads 3000 25, Spring webinar 2000 17"
	var parts []string
	for _, a := range got.Activities {
		parts = append(parts, fmt.Sprintf("%s %v %d", a.Activity, a.Cost, a.Units))
	}
	if strings.Join(parts, ", ") != want || got.BEVUnits != 100 {
		t.Errorf("activities %q (bev units %d), want %q", strings.Join(parts, ", "), got.BEVUnits, want)
	}
	out, _, _ = vf(t, db, "breakeven", "--fixed", "12000", "--price", "200", "--variable", "80", "--activities", "--lang", "de")
	if !strings.Contains(out, "Einheiten bis zur Amortisation") || !strings.Contains(out, "5.000,00") {
		t.Errorf("German table:\n%s", out)
	}
	// Without --activities the key is absent.
	out, _, _ = vf(t, db, "breakeven", "--fixed", "12000", "--price", "200", "--variable", "80", "--json")
	if strings.Contains(out, `"activities"`) {
		t.Errorf("activities without --activities: %s", out)
	}
}

// TestBreakevenProduct: --product takes the price and unit cost of a
// product the order lines brought in (the reference's P = $200, V = $80);
// flags override them; a product without a unit cost needs --variable.
func TestBreakevenProduct(t *testing.T) {
	db := databases(t)["sqlite"]
	lines := "invoice_id,sku,product,quantity,unit_price,unit_cost\nR-1,DM-200,Drive module,20,200.00,80.00\nR-2,SV-1,Service visit,1,4000.00,\n"
	for _, f := range [][2]string{{"orders", "testdata/marketing/orders.csv"}, {"order-lines", writeFile(t, "lines.csv", lines)}} {
		if _, errOut, code := vf(t, db, "import", f[0], f[1]); code != 0 {
			t.Fatalf("import %s: exit %d: %s", f[0], code, errOut)
		}
	}
	for _, tc := range []struct {
		args     []string
		code     int
		bevUnits float64
		err      string
	}{
		{[]string{"--product", "DM-200", "--fixed", "12000"}, 0, 100, ""},
		{[]string{"--product", "DM-200", "--fixed", "12000", "--price", "220"}, 0, 86, ""},
		{[]string{"--product", "SV-1", "--fixed", "12000"}, 2, 0, "--product: SV-1 has no unit cost; give --variable"},
		{[]string{"--product", "SV-1", "--fixed", "12000", "--variable", "1000"}, 0, 4, ""},
		{[]string{"--product", "NOPE", "--fixed", "12000"}, 1, 0, `no product with the SKU "NOPE"`},
	} {
		out, errOut, code := vf(t, db, append([]string{"breakeven", "--json"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.err) {
			t.Errorf("%v: exit %d %q, want %d %q", tc.args, code, errOut, tc.code, tc.err)
			continue
		}
		if code != 0 {
			continue
		}
		var got struct {
			BEVUnits float64 `json:"bev_units"`
			Product  struct{ SKU, Name string }
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if got.BEVUnits != tc.bevUnits || got.Product.SKU != tc.args[1] {
			t.Errorf("%v: %+v, want %v units of %s", tc.args, got, tc.bevUnits, tc.args[1])
		}
	}
}
