package clv_test

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
	"github.com/vitalfew/vitalfew/internal/analytics/clv"
)

// gzipReader opens a gzipped test file.
func gzipReader(t testing.TB, path string) io.Reader {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// order is one order of a test log, by the file's customer id.
type order struct {
	id     string
	day    int32
	amount float64
}

// retailOrders reads testdata/online_retail_purchases.csv.gz: the purchase
// log of UCI Online Retail (customer_id, date, amount; README.md).
func retailOrders(t testing.TB) []order {
	t.Helper()
	rows, err := csv.NewReader(gzipReader(t, "testdata/online_retail_purchases.csv.gz")).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []order
	for _, r := range rows[1:] {
		d, err1 := time.Parse(time.DateOnly, r[1])
		a, err2 := strconv.ParseFloat(r[2], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad row %q", r)
		}
		out = append(out, order{r[0], btyd.DayOf(d), a})
	}
	return out
}

// masterOrders reads the whole CDNOW cohort, ../btyd/testdata/CDNOW_master.txt.gz
// (customer_id yyyymmdd number_of_cds dollar_value after a header).
func masterOrders(t testing.TB) []order {
	t.Helper()
	sc := bufio.NewScanner(gzipReader(t, "../btyd/testdata/CDNOW_master.txt.gz"))
	sc.Scan()
	var out []order
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		d, err1 := time.Parse("20060102", fs[1])
		a, err2 := strconv.ParseFloat(fs[3], 64)
		if len(fs) != 4 || err1 != nil || err2 != nil {
			t.Fatalf("bad line %q", sc.Text())
		}
		out = append(out, order{fs[0], btyd.DayOf(d), a})
	}
	return out
}

// regularOrders: 150 customers who all order every 91 days for five years,
// with no drop-out and no difference in rate for a model to measure.
func regularOrders(testing.TB) []order {
	var out []order
	start := btyd.DayOf(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	for c := range 150 {
		for k := range 20 {
			out = append(out, order{strconv.Itoa(c), start + int32(91*k+c%91), float64(100 + c)})
		}
	}
	return out
}

// purchaseLog numbers the customers in order of appearance and turns the
// orders into the purchase log (btyd.Purchases).
func purchaseLog(orders []order) []btyd.Txn {
	ids := map[string]int32{}
	txns := make([]btyd.Txn, len(orders))
	for i, o := range orders {
		id, ok := ids[o.id]
		if !ok {
			id = int32(len(ids))
			ids[o.id] = id
		}
		txns[i] = btyd.Txn{Customer: id, Day: o.day, Amount: o.amount}
	}
	return btyd.Purchases(txns)
}

// counts are what a log holds up to a day, counted without btyd: customers
// with a purchase (an order of zero or more), and repeat customers whose
// purchase days after the first are all worth zero.
func counts(orders []order, end int32) (customers, zeroSpend int) {
	days := map[string]map[int32]float64{}
	for _, o := range orders {
		if o.day > end || o.amount < 0 {
			continue
		}
		if days[o.id] == nil {
			days[o.id] = map[int32]float64{}
		}
		days[o.id][o.day] += o.amount
	}
	for _, ds := range days {
		first := int32(math.MaxInt32)
		for d := range ds {
			first = min(first, d)
		}
		var repeat float64
		for d, v := range ds {
			if d != first {
				repeat += v
			}
		}
		if len(ds) > 1 && repeat == 0 {
			zeroSpend++
		}
	}
	return len(days), zeroSpend
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestParetoNBDHasNoMaximumOnOnlineRetail: on Online Retail's purchases the
// Pareto/NBD likelihood has no maximum (s runs off to 0: no drop-out it
// could measure), as issue 12 found; BG/NBD has one.
func TestParetoNBDHasNoMaximumOnOnlineRetail(t *testing.T) {
	s, err := btyd.Summarize(purchaseLog(retailOrders(t)), btyd.SummaryOptions{Unit: btyd.Week, CalibrationEnd: btyd.DayOf(day("2011-12-09"))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := btyd.FitParetoNBD(s.Customers); !errors.Is(err, btyd.ErrNoMaximum) {
		t.Errorf("Pareto/NBD: %v, want ErrNoMaximum", err)
	}
	if _, err := btyd.FitBGNBD(s.Customers); err != nil {
		t.Errorf("BG/NBD: %v", err)
	}
}

// TestFitCustomerModelOnRealData: the customer model gives figures for
// every customer of the real logs, from Pareto/NBD where it fits and from
// BG/NBD where it has no maximum, and names the model; customers whose
// repeat purchases are all free are left out of the spend model and
// counted. When neither model fits, there is no model and the note says
// why.
func TestFitCustomerModelOnRealData(t *testing.T) {
	cases := []struct {
		name   string
		orders func(testing.TB) []order
		asOf   string
		model  string // "" when no model fits
		note   string // in the fit's note (model) or the returned one (none)
		// noHoldout is the calibration end of a holdout check the model
		// cannot be refitted for ("": the check is made).
		noHoldout string
	}{
		// 373 days of history: the last 17 weeks (a third) are held out,
		// and on the 36 weeks before them BG/NBD has no maximum either.
		{"Online Retail", retailOrders, "2011-12-09", "bg/nbd", "Pareto/NBD does not fit these orders", "2011-08-12"},
		{"CDNOW master, calibration", masterOrders, "1997-09-30", "pareto/nbd", "1 customer whose repeat purchases are all of value zero left out of the spend model", ""},
		{"CDNOW master, 78 weeks", masterOrders, "1998-06-30", "pareto/nbd", "left out of the spend model", ""},
		{"regular buyers", regularOrders, "2024-12-31", "", "BG/NBD", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			orders := tc.orders(t)
			asOf := day(tc.asOf)
			m, note, err := clv.FitCustomerModel(purchaseLog(orders), asOf)
			if err != nil {
				t.Fatal(err)
			}
			if tc.model == "" {
				if m != nil || !strings.Contains(note, "Pareto/NBD") || !strings.Contains(note, tc.note) {
					t.Errorf("model %v, note %q; want none, and a note naming both models", m != nil, note)
				}
				return
			}
			if m == nil {
				t.Fatalf("no model: %s", note)
			}
			f := m.Fit
			customers, zeroSpend := counts(orders, btyd.DayOf(asOf))
			if f.Name != tc.model || f.Customers != customers || len(m.Customers) != customers || len(m.Scores) != customers || !strings.Contains(f.Note, tc.note) {
				t.Errorf("model %q on %d customers (%d scored), note %q; want %q on %d, a note with %q", f.Name, f.Customers, len(m.Scores), f.Note, tc.model, customers, tc.note)
			}
			if f.SpendModel != "gamma-gamma" || f.SpendParams == nil || f.SpendLeftOut != zeroSpend {
				t.Errorf("spend model %q, %d left out; want gamma-gamma, %d", f.SpendModel, f.SpendLeftOut, zeroSpend)
			}
			model := f.Model()
			for i, s := range m.Scores {
				c := m.Customers[i]
				if !(s.PAlive >= 0 && s.PAlive <= 1) || !(s.Expected >= 0) || !(s.Spend > 0) || !(s.CLV >= 0) ||
					math.IsInf(s.Expected, 0) || math.IsInf(s.Spend, 0) || math.IsInf(s.CLV, 0) {
					t.Fatalf("customer %+v: %+v", c, s)
				}
				// The scores come from the model the fit names.
				if pa := model.PAlive(c); math.Abs(pa-s.PAlive) > 1e-12 {
					t.Fatalf("customer %+v: P(alive) %v, the named model's %v", c, s.PAlive, pa)
				}
			}
			// The holdout check refits the same model on the orders before
			// its period, or says that it does not fit them.
			h := f.Holdout
			calEnd := tc.noHoldout
			if calEnd == "" {
				if h == nil {
					t.Fatalf("no holdout check: %s", f.HoldoutNote)
				}
				calEnd = h.CalibrationEnd
			} else if h != nil || !strings.Contains(f.HoldoutNote, "does not fit the orders up to "+calEnd) {
				t.Errorf("holdout %+v, note %q; want none: the model does not fit the orders up to %s", h, f.HoldoutNote, calEnd)
			}
			s, err := btyd.Summarize(purchaseLog(orders), btyd.SummaryOptions{Unit: btyd.Week, CalibrationEnd: btyd.DayOf(day(calEnd)), HoldoutEnd: btyd.DayOf(asOf)})
			if err != nil {
				t.Fatal(err)
			}
			var refit btyd.Model
			if tc.model == "bg/nbd" {
				bg, e := btyd.FitBGNBD(s.Customers)
				refit, err = bg.Params, e
			} else {
				pn, e := btyd.FitParetoNBD(s.Customers)
				refit, err = pn.Params, e
			}
			if h == nil {
				if err == nil {
					t.Errorf("%s fits the orders up to %s: %+v", tc.model, calEnd, refit)
				}
				t.Logf("%s: %s %+v (LL %.2f) on %d customers; spend %+v, %d left out; %s; note %q",
					tc.name, f.Name, f.Params, f.LogLikelihood, f.Customers, *f.SpendParams, f.SpendLeftOut, f.HoldoutNote, f.Note)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v := btyd.Validate(refit, s.Customers, s.Holdout, 7); math.Abs(v.Predicted-h.Predicted) > 1e-9*v.Predicted || v.Actual != h.Actual {
				t.Errorf("holdout %+v; %s refitted to %s predicts %v of %v", h, tc.model, h.CalibrationEnd, v.Predicted, v.Actual)
			}
			t.Logf("%s: %s %+v (LL %.2f) on %d customers; spend %+v, %d left out; holdout to %s: %.1f predicted, %.0f actual (%+.1f%%, correlation %.2f); note %q",
				tc.name, f.Name, f.Params, f.LogLikelihood, f.Customers, *f.SpendParams, f.SpendLeftOut, h.CalibrationEnd, h.Predicted, h.Actual, 100*h.Error, h.Correlation, f.Note)
		})
	}
}
