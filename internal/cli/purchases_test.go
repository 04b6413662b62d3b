package cli_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/testkit"
)

// cdnowWithCredits writes the CDNOW orders with credits of one dollar added
// in calibration (up to asOf): a third on days the customer bought, a third
// on days they did not, and a third from customers who never bought.
func cdnowWithCredits(t *testing.T, asOf string, n int) string {
	t.Helper()
	data, err := os.ReadFile(cdnowOrders)
	if err != nil {
		t.Fatal(err)
	}
	type order struct{ customer, date string }
	var orders []order // in calibration
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		f := strings.Split(line, ",")
		if f[1] <= asOf {
			orders = append(orders, order{f[0], f[1]})
		}
	}
	var b strings.Builder
	b.Write(data)
	seed := uint64(11)
	rnd := func(n int) int { seed = seed*6364136223846793005 + 1442695040888963407; return int(seed>>33) % n }
	for i := range n {
		o := orders[rnd(len(orders))]
		switch i % 3 {
		case 0: // on a purchase day
		case 1: // on a day without a purchase (or, rarely, with one)
			d, _ := time.Parse(time.DateOnly, o.date)
			o.date = min(d.AddDate(0, 0, 1+rnd(60)).Format(time.DateOnly), asOf)
		case 2: // from a customer who never bought
			o.customer = fmt.Sprint(90000 + i)
		}
		fmt.Fprintf(&b, "%s,%s,-1.00\n", o.customer, o.date)
	}
	return writeFile(t, "cdnow_credits.csv", b.String())
}

// Credit notes are not purchases on any path to the customer-base models:
// with 300 one-dollar credits added to CDNOW, report clv (through the
// database), analyze --clv and fit give the parameters fit gives on CDNOW
// without them, and so agree with each other.
func TestCreditsAreNotPurchasesOnEveryPath(t *testing.T) {
	const asOf = "1997-09-30"
	type params map[string]float64
	run := func(t *testing.T, db string, args ...string) []byte {
		t.Helper()
		out, stderr, code := vf(t, db, args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
		return []byte(out)
	}
	decode := func(t *testing.T, out []byte, v any) {
		t.Helper()
		if err := json.Unmarshal(out, v); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
	}
	// model turns the clv object of report clv and analyze --clv into params.
	model := func(t *testing.T, c clvJSON) params {
		t.Helper()
		if c.Model == nil {
			t.Fatalf("no model: %s", c.Note)
		}
		p := params{"customers": float64(c.Model.Customers)}
		for _, k := range []string{"r", "alpha", "s", "beta"} {
			p["pnbd "+k] = c.Model.Params[k]
		}
		for _, k := range []string{"p", "q", "gamma"} {
			p["gg "+k] = c.Model.SpendParams[k]
		}
		return p
	}
	reportCLV := func(t *testing.T, db, file string) params {
		run(t, db, "import", "orders", file)
		var c clvJSON
		decode(t, run(t, db, "report", "clv", "--json", "--as-of", asOf), &c)
		return model(t, c)
	}
	paths := []struct {
		name string
		run  func(t *testing.T, file string) params // nil params: skipped
	}{
		{"report clv on SQLite", func(t *testing.T, file string) params {
			return reportCLV(t, testkit.SQLite(t), file)
		}},
		{"report clv on PostgreSQL", func(t *testing.T, file string) params {
			if dsn, ok := testkit.Postgres(t); ok {
				return reportCLV(t, dsn, file)
			}
			return nil
		}},
		{"analyze --clv", func(t *testing.T, file string) params {
			var a struct{ CLV clvJSON }
			decode(t, run(t, "unused.db", "analyze", file, "--clv", "--json", "--as-of", asOf), &a)
			return model(t, a.CLV)
		}},
		{"fit", func(t *testing.T, file string) params {
			p := params{}
			for _, m := range []string{"pnbd", "gg", "bgnbd"} {
				out, stderr, code := vf(t, "unused.db", "fit", file, "--json", "--model", m, "--calibration-end", asOf)
				if code != 0 {
					t.Errorf("fit --model %s: exit %d: %s", m, code, stderr)
					continue
				}
				var f fitJSON
				decode(t, []byte(out), &f)
				for k, v := range f.Params {
					p[m+" "+k] = v
				}
				if m == "pnbd" {
					p["customers"] = float64(f.Customers)
				}
			}
			return p
		}},
	}
	credits := cdnowWithCredits(t, asOf, 300)
	var want params // fit on CDNOW without the credits
	for _, p := range paths {
		if p.name == "fit" {
			want = p.run(t, cdnowOrders)
		}
	}
	if want["customers"] != 2357 {
		t.Fatalf("fit on CDNOW: %v customers, want 2357", want["customers"])
	}
	for _, p := range paths {
		for _, file := range []string{cdnowOrders, credits} {
			t.Run(p.name+" on "+filepath.Base(file), func(t *testing.T) {
				got := p.run(t, file)
				if got == nil {
					t.Skip("VITALFEW_TEST_POSTGRES not set")
				}
				for _, k := range slices.Sorted(maps.Keys(got)) {
					if v, w := got[k], want[k]; !near(v, w) {
						t.Errorf("%s = %v; fit on CDNOW without credits: %v", k, v, w)
					}
				}
			})
		}
	}
}
