package analyze

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/ingest"
	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// format is one way a transactions file is written.
type format struct {
	name   string
	comma  rune
	header []string
	layout string // Go layout of the date column
	amount func(cents int64, i int) string
	parse  func(string) float64 // the reference reading of an amount
}

func plainAmount(cents int64, i int) string {
	s := strconv.FormatFloat(float64(cents)/100, 'f', 2, 64)
	if i%7 == 0 && (cents >= 100000 || cents <= -100000) {
		s = textfmt.Money(float64(cents) / 100) // 1234.56 -> 1,234.56
	}
	return s
}

func germanAmount(cents int64, i int) string {
	s := plainAmount(cents, 7) // with ',' thousands
	s = strings.NewReplacer(",", ".", ".", ",").Replace(s)
	if cents%100 == 0 && i%3 == 0 {
		s = strings.TrimSuffix(s, ",00") // "1.234": thousands, as the column shows
	}
	return s
}

func parsePlain(s string) float64 {
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil {
		panic(err)
	}
	return f
}

func parseGerman(s string) float64 {
	return parsePlain(strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", "."))
}

var formats = []format{
	{"iso", ',', []string{"customer_id", "customer", "date", "amount"}, "2006-01-02", plainAmount, parsePlain},
	{"de", ';', []string{"Kundennummer", "Kunde", "Datum", "Betrag"}, "02.01.2006", germanAmount, parseGerman},
	{"compact", '\t', []string{"customer_id", "customer", "date", "amount"}, "20060102", plainAmount, parsePlain},
	{"us", ',', []string{"Customer ID", "Company", "Order Date", "Net Amount"}, "01/02/2006", plainAmount, parsePlain},
}

// writeTricky writes rows for a few hundred customers: numeric, zero-padded
// ("007" is not "7") and text keys; names with delimiters, quotes and
// newlines; credits and zero amounts; dates from 2021 to 2024-06-30.
func writeTricky(t testing.TB, f format, rows, customers int, seed uint64) []byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	ids := make([]string, customers)
	names := make([]string, customers)
	for c := range ids {
		switch c % 4 {
		case 0:
			ids[c] = strconv.Itoa(c + 1)
		case 1:
			ids[c] = fmt.Sprintf("%03d", c%50+1) // "002", ... may shadow numeric ids as text
		case 2:
			ids[c] = fmt.Sprintf("K-%d", c)
		case 3:
			ids[c] = strconv.Itoa(c*1_000_003 + 5_000_000) // beyond the dense table
		}
		switch c % 5 {
		case 0:
			names[c] = fmt.Sprintf("Acme, Inc. %d", c)
		case 1:
			names[c] = fmt.Sprintf(`The "Best" Co; %d`, c)
		case 2:
			names[c] = fmt.Sprintf("Multi\nLine\tGmbH %d", c)
		default:
			names[c] = fmt.Sprintf("Plain %d", c)
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = f.comma
	w.Write(f.header)
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	span := int(end.Sub(start).Hours() / 24)
	for i := range rows {
		u := rng.Float64()
		c := int(float64(customers) * u * u)
		day := start.AddDate(0, 0, rng.IntN(span+1))
		if i == rows/2 {
			day = end
		}
		cents := int64(math.Exp(rng.NormFloat64()*1.6 + 8))
		switch rng.IntN(25) {
		case 0, 1:
			cents = -cents / 3
		case 2:
			cents = 0
		case 3:
			cents = cents / 100 * 100
		}
		w.Write([]string{ids[c], names[c], day.Format(f.layout), f.amount(cents, i)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// reference computes what Run must report, straightforwardly: encoding/csv,
// time.Parse, maps and pareto.Analyze.
func reference(t testing.TB, data []byte, comma rune, layout string, col [4]int, parse func(string) float64, since, until time.Time) *Result {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = comma
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	type cust struct {
		name        string
		win, life   float64
		orderDays   map[time.Time]bool
		first, last time.Time
	}
	custs := map[string]*cust{}
	var order []string
	res := &Result{Rows: len(recs) - 1, LapsedAfterDays: 730}
	type tx struct {
		key  string
		day  time.Time
		amt  float64
		name string
	}
	var txs []tx
	var maxDay time.Time
	for _, rec := range recs[1:] {
		d, err := time.Parse(layout, rec[col[2]])
		if err != nil {
			t.Fatal(err)
		}
		var name string
		if col[1] >= 0 {
			name = rec[col[1]]
		}
		txs = append(txs, tx{rec[col[0]], d, parse(rec[col[3]]), name})
		if d.After(maxDay) {
			maxDay = d
		}
	}
	asOf := maxDay
	if until.IsZero() {
		until = asOf
	}
	if since.IsZero() {
		since = until.AddDate(-1, 0, 1)
	}
	res.AsOf, res.Since, res.Until = asOf.Format(time.DateOnly), since.Format(time.DateOnly), until.Format(time.DateOnly)
	for _, x := range txs {
		c := custs[x.key]
		if c == nil {
			c = &cust{name: x.name, orderDays: map[time.Time]bool{}}
			custs[x.key] = c
			order = append(order, x.key)
		}
		if x.day.After(asOf) {
			continue
		}
		c.life += x.amt
		if !x.day.Before(since) && !x.day.After(until) {
			c.win += x.amt
			res.Transactions++
		}
		if x.amt > 0 {
			c.orderDays[x.day] = true
			if x.day.After(c.last) {
				c.last = x.day
			}
		}
	}
	var items []pareto.Item
	for i, k := range order {
		c := custs[k]
		if len(c.orderDays) > 0 {
			res.CustomersAllTime++
			if len(c.orderDays) >= 2 {
				res.RepeatCustomers++
			}
			if c.life > 0 && asOf.Sub(c.last) > 730*24*time.Hour {
				res.LapsedCustomers++
			}
		}
		items = append(items, pareto.Item{ID: int64(i), Name: k, Revenue: c.win})
	}
	p := pareto.Analyze(items, nil)
	res.Customers, res.Revenue, res.Top20Share, res.Gini, res.Tiers = p.Customers, p.Revenue, p.Top20Share, p.Gini, p.Tiers
	// Top: by revenue, ties by key (numbers first, numerically).
	slices.SortStableFunc(p.Ranked, func(a, b pareto.Ranked) int {
		if a.Revenue != b.Revenue {
			return 0
		}
		an, aerr := strconv.ParseUint(a.Name, 10, 64)
		bn, berr := strconv.ParseUint(b.Name, 10, 64)
		aNum := aerr == nil && (a.Name == "0" || a.Name[0] != '0')
		bNum := berr == nil && (b.Name == "0" || b.Name[0] != '0')
		switch {
		case aNum && bNum:
			return int(an) - int(bn)
		case aNum:
			return -1
		case bNum:
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	for _, r := range p.Ranked[:min(10, len(p.Ranked))] {
		tc := TopCustomer{ID: r.Name, Revenue: r.Revenue, Share: r.Revenue / p.Revenue, Tier: r.Tier}
		if col[1] >= 0 {
			tc.Name = custs[r.Name].name
		}
		res.Top = append(res.Top, tc)
	}
	return res
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// compare reports every difference between got and the reference.
func compare(t *testing.T, got, want *Result) {
	t.Helper()
	if got.AsOf != want.AsOf || got.Since != want.Since || got.Until != want.Until {
		t.Errorf("window %s..%s as of %s, want %s..%s as of %s", got.Since, got.Until, got.AsOf, want.Since, want.Until, want.AsOf)
	}
	ints := []struct {
		name      string
		got, want int
	}{
		{"customers", got.Customers, want.Customers},
		{"rows", got.Rows, want.Rows},
		{"transactions", got.Transactions, want.Transactions},
		{"customers_all_time", got.CustomersAllTime, want.CustomersAllTime},
		{"repeat_customers", got.RepeatCustomers, want.RepeatCustomers},
		{"lapsed_customers", got.LapsedCustomers, want.LapsedCustomers},
	}
	for _, c := range ints {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	if !near(got.Revenue, want.Revenue) || !near(got.Top20Share, want.Top20Share) || !near(got.Gini, want.Gini) {
		t.Errorf("revenue, top20, gini = %.6f, %.12f, %.12f; want %.6f, %.12f, %.12f",
			got.Revenue, got.Top20Share, got.Gini, want.Revenue, want.Top20Share, want.Gini)
	}
	if len(got.Tiers) != len(want.Tiers) {
		t.Fatalf("tiers %v, want %v", got.Tiers, want.Tiers)
	}
	for i := range want.Tiers {
		g, w := got.Tiers[i], want.Tiers[i]
		if g.Tier != w.Tier || g.Customers != w.Customers || !near(g.Revenue, w.Revenue) || !near(g.RevenueShare, w.RevenueShare) {
			t.Errorf("tier %d = %+v, want %+v", i, g, w)
		}
	}
	if len(got.Top) != len(want.Top) {
		t.Fatalf("top has %d, want %d", len(got.Top), len(want.Top))
	}
	for i := range want.Top {
		g, w := got.Top[i], want.Top[i]
		if g.ID != w.ID || g.Name != w.Name || g.Tier != w.Tier || !near(g.Revenue, w.Revenue) || !near(g.Share, w.Share) {
			t.Errorf("top[%d] = %+v, want %+v", i, g, w)
		}
	}
}

func TestRunMatchesReference(t *testing.T) {
	t.Parallel()
	for _, f := range formats {
		data := writeTricky(t, f, 6000, 400, 1)
		want := reference(t, data, f.comma, f.layout, [4]int{0, 1, 2, 3}, f.parse, time.Time{}, time.Time{})
		if want.Customers < 100 || want.Transactions < 1000 {
			t.Fatalf("%s: test data too thin: %+v", f.name, want)
		}
		for _, tc := range []struct{ workers, chunk int }{{1, 0}, {2, 0}, {2, 777}, {3, 4096}} {
			t.Run(fmt.Sprintf("%s/workers=%d/chunk=%d", f.name, tc.workers, tc.chunk), func(t *testing.T) {
				t.Parallel()
				got, err := Run(bytes.NewReader(data), Options{File: f.name + ".csv", Workers: tc.workers, chunkSize: tc.chunk})
				if err != nil {
					t.Fatal(err)
				}
				compare(t, got, want)
			})
		}
	}
}

// TestManyKeys has enough distinct keys for the shared key table to grow
// while several workers look keys up and add them.
func TestManyKeys(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	t.Parallel()
	f := formats[0]
	data := writeTricky(t, f, 300_000, 200_000, 5)
	want := reference(t, data, f.comma, f.layout, [4]int{0, 1, 2, 3}, f.parse, time.Time{}, time.Time{})
	for _, workers := range []int{2, 3} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			t.Parallel()
			got, err := Run(bytes.NewReader(data), Options{Workers: workers, chunkSize: 64 << 10})
			if err != nil {
				t.Fatal(err)
			}
			compare(t, got, want)
		})
	}
}

func TestRunDeterministic(t *testing.T) {
	t.Parallel()
	data := writeTricky(t, formats[0], 20000, 2000, 3)
	var first []byte
	for range 3 {
		res, err := Run(bytes.NewReader(data), Options{Workers: 3, chunkSize: 10000})
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(res)
		if first == nil {
			first = js
		} else if !bytes.Equal(js, first) {
			t.Fatalf("runs differ:\n%s\n%s", first, js)
		}
	}
}

func TestCDNOW(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/cdnow_elog.csv")
	if err != nil {
		t.Fatal(err)
	}
	// masterid,sampleid,date,cds,sales: the sample's customer id is sampleid.
	cols := [4]int{1, -1, 2, 4}
	opt := Options{File: "cdnow_elog.csv", Map: map[string]string{"sampleid": "customer_id", "masterid": "-"}}
	for _, tc := range []struct {
		name  string
		since time.Time
	}{
		{"last 12 months", time.Time{}},
		{"everything", time.Date(1997, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := opt
			o.Since = tc.since
			got, err := Run(bytes.NewReader(data), o)
			if err != nil {
				t.Fatal(err)
			}
			want := reference(t, data, ',', "20060102", cols, parsePlain, tc.since, time.Time{})
			compare(t, got, want)
			if got.Rows != 6919 || got.AsOf != "1998-06-30" {
				t.Errorf("rows %d as of %s, want 6919 rows as of 1998-06-30", got.Rows, got.AsOf)
			}
			if tc.since.IsZero() && got.Since != "1997-07-01" {
				t.Errorf("since = %s, want 1997-07-01", got.Since)
			}
			// The chart's 20% point is the headline's top-20% share.
			if len(got.Curve) != 11 || math.Abs(got.Curve[2].Revenue-got.Top20Share) > 1e-12 {
				t.Errorf("curve at 20%% = %v, top20_share = %v", got.Curve, got.Top20Share)
			}
			// 8 of the cohort's 2357 customers only ever bought for $0.
			if !tc.since.IsZero() && got.CustomersAllTime != 2349 {
				t.Errorf("customers all time = %d, want 2349", got.CustomersAllTime)
			}
		})
	}
}

func TestJSONShape(t *testing.T) {
	t.Parallel()
	data := "customer_id,customer,date,amount\n1,A,2024-06-30,50\n2,B,2024-05-01,30\n3,C,2024-01-01,10\n4,D,2023-12-01,5\n5,E,2023-08-01,5\n5,E,2022-01-01,-3\n6,F,2020-01-01,99\n"
	res, err := Run(strings.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"as_of", "since", "until", "customers", "revenue", "top20_share", "gini", "tiers",
		"transactions", "rows", "customers_all_time", "repeat_customers", "lapsed_customers", "lapsed_after_days", "top", "curve"}
	if got := objectKeys(t, js); !slices.Equal(got, want) {
		t.Errorf("keys %v\nwant %v", got, want)
	}
	var shape struct {
		Tiers []json.RawMessage `json:"tiers"`
		Top   []json.RawMessage `json:"top"`
		Curve []json.RawMessage `json:"curve"`
	}
	json.Unmarshal(js, &shape)
	if len(shape.Tiers) != 3 || len(shape.Top) != 5 || len(shape.Curve) != 11 {
		t.Fatalf("tiers %d top %d curve %d, want 3, 5, 11: %s", len(shape.Tiers), len(shape.Top), len(shape.Curve), js)
	}
	if got := objectKeys(t, shape.Tiers[0]); !slices.Equal(got, []string{"tier", "customers", "revenue", "revenue_share"}) {
		t.Errorf("tier keys %v", got)
	}
	if got := objectKeys(t, shape.Top[0]); !slices.Equal(got, []string{"id", "name", "revenue", "share", "tier"}) {
		t.Errorf("top keys %v", got)
	}
	if got := objectKeys(t, shape.Curve[0]); !slices.Equal(got, []string{"customers", "revenue"}) {
		t.Errorf("curve keys %v", got)
	}
	// The figures of the textbook case 50 30 10 5 5.
	const head = `{"as_of":"2024-06-30","since":"2023-07-01","until":"2024-06-30","customers":5,"revenue":100,"top20_share":0.5,"gini":0.4599999999999999` + "6," +
		`"tiers":[{"tier":"A","customers":2,"revenue":80,"revenue_share":0.8},{"tier":"B","customers":2,"revenue":15,"revenue_share":0.15},{"tier":"C","customers":1,"revenue":5,"revenue_share":0.05}],` +
		`"transactions":5,"rows":7,"customers_all_time":6,"repeat_customers":0,"lapsed_customers":1,"lapsed_after_days":730,` +
		`"top":[{"id":"1","name":"A","revenue":50,"share":0.5,"tier":"A"},`
	if !strings.HasPrefix(string(js), head) {
		t.Errorf("JSON\n%s\nwant prefix\n%s", js, head)
	}
}

func objectKeys(t *testing.T, js []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(js))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", js)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestBadRows(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("customer_id,customer,date,amount\n") // line 1
	for i := range 300 {                                // lines 2..601, two lines per row
		fmt.Fprintf(&b, "%d,\"two\nlines\",2024-01-%02d,%d.50\n", i, i%28+1, i)
	}
	b.WriteString("x,ok,2024-02-30,1\n")         // 602: no such day
	b.WriteString("x,ok,2024-02-03,lots\n")      // 603: amount
	b.WriteString("x,ok,2024-02-03\n")           // 604: too few fields
	b.WriteString(",ok,2024-02-03,1\n")          // 605: empty customer
	b.WriteString("x,bad\"quote,2024-02-03,1\n") // 606: bare quote
	b.WriteString("y,fine,2024-02-04,2\n")       // 607
	data := b.String()
	for _, workers := range []int{1, 2} {
		_, err := Run(strings.NewReader(data), Options{File: "bad.csv", Workers: workers, chunkSize: 500})
		var bad *BadRowsError
		if !errors.As(err, &bad) {
			t.Fatalf("err = %v, want *BadRowsError", err)
		}
		var lines []int
		for _, r := range bad.Rows {
			lines = append(lines, r.Line)
		}
		if !slices.Equal(lines, []int{602, 603, 604, 605, 606}) {
			t.Errorf("workers %d: bad lines %v, want 602..606:\n%v", workers, lines, err)
		}
		msg := err.Error()
		for _, want := range []string{"bad.csv:602: date: ", "bad.csv:603: amount: ", "bad.csv:604: 3 fields, the header has 4",
			"bad.csv:605: customer: empty", `bad.csv:606: bare " in non-quoted field`} {
			if !strings.Contains(msg, want) {
				t.Errorf("error lacks %q:\n%s", want, msg)
			}
		}
		var rows crm.RowErrors
		if !errors.As(err, &rows) || len(rows) != 5 {
			t.Errorf("does not unwrap to the 5 crm.RowErrors: %v", err)
		}
	}

	// Many bad rows: the first 20 in file order, and how many in all.
	b.Reset()
	b.WriteString("customer_id,date,amount\n")
	for i := range 5000 {
		if i%10 == 3 {
			fmt.Fprintf(&b, "%d,2024-01-01,oops\n", i)
		} else {
			fmt.Fprintf(&b, "%d,2024-01-01,1\n", i)
		}
	}
	_, err := Run(strings.NewReader(b.String()), Options{File: "many.csv", Workers: 2, chunkSize: 300})
	var bad *BadRowsError
	if !errors.As(err, &bad) || len(bad.Rows) != 20 || bad.Rows[0].Line != 5 || bad.Rows[19].Line != 195 {
		t.Errorf("err = %v", err)
	}
	if bad == nil || bad.TotalRows() != 500 || !strings.Contains(err.Error(), "500 bad row(s): 500 with a bad amount") {
		t.Errorf("error does not count all 500 bad rows: %v", err)
	}
	// With SkipInvalid they are left out and counted.
	res, err := Run(strings.NewReader(b.String()), Options{File: "many.csv", Workers: 2, chunkSize: 300, SkipInvalid: true})
	if err != nil || res.Customers != 4500 || len(res.Skipped) != 1 || res.Skipped[0] != (Skipped{Rows: 500, Reason: "with a bad amount"}) {
		t.Errorf("skip invalid: %+v, %v", res, err)
	}

	// Unterminated quote at the end of the file.
	_, err = Run(strings.NewReader("customer_id,customer,date,amount\n1,\"open,2024-01-01,1\n"), Options{File: "q.csv"})
	if err == nil || !strings.Contains(err.Error(), "q.csv:2: quoted field not closed") {
		t.Errorf("err = %v", err)
	}
}

func TestHeaderAndOptionErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, data string
		opt        Options
		want       string
	}{
		{"empty", "", Options{}, "empty file"},
		{"no amount", "customer_id,date\n1,2024-01-01\n", Options{}, `no column for "amount"`},
		{"ambiguous dates", "customer_id,date,amount\n1,01/02/2024,1\n2,03/04/2024,1\n", Options{}, "ambiguous"},
		{"bad thresholds", "customer_id,date,amount\n1,2024-01-01,1\n", Options{Thresholds: []float64{95, 80}}, "thresholds must increase"},
		{"no rows", "customer_id,date,amount\n", Options{}, "no transactions"},
		{"since after until", "customer_id,date,amount\n1,2024-01-01,1\n", Options{Since: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}, "after until"},
	} {
		_, err := Run(strings.NewReader(tc.data), tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
		if crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("%s: code %q, want invalid", tc.name, crm.ErrorCode(err))
		}
	}
	// The slash order, when given, settles the ambiguity.
	res, err := Run(strings.NewReader("customer_id,date,amount\n1,01/02/2024,1\n2,03/04/2024,1\n"), Options{DateFormat: "dd/mm/yyyy"})
	if err != nil || res.AsOf != "2024-04-03" {
		t.Errorf("dd/mm/yyyy: %v, %+v", err, res)
	}
}

func TestWindow(t *testing.T) {
	t.Parallel()
	day := func(s string) int32 {
		tm, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return dayOf(tm)
	}
	for in, want := range map[string]string{
		"2024-06-30": "2023-07-01", "2024-02-29": "2023-03-01", "2024-03-31": "2023-04-01",
		"2024-01-01": "2023-01-02", "2023-12-31": "2023-01-01", "2025-02-28": "2024-02-29",
	} {
		if got := dayString(yearBefore(day(in))); got != want {
			t.Errorf("yearBefore(%s) = %s, want %s", in, got, want)
		}
	}
	// AsOf before the last row: later rows count nowhere.
	data := "customer_id,date,amount\n1,2023-01-01,10\n1,2023-06-01,10\n2,2023-05-01,5\n2,2024-03-01,100\n3,2024-03-02,7\n"
	res, err := Run(strings.NewReader(data), Options{AsOf: time.Date(2023, 12, 31, 15, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if res.AsOf != "2023-12-31" || res.Since != "2023-01-01" || res.Customers != 2 || res.Revenue != 25 ||
		res.CustomersAllTime != 2 || res.RepeatCustomers != 1 || res.Transactions != 3 {
		t.Errorf("as of 2023-12-31: %+v", res)
	}
	res, err = Run(strings.NewReader(data), Options{Since: time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if res.AsOf != "2024-03-01" || res.Until != "2024-03-01" || res.Revenue != 110 || res.Customers != 2 {
		t.Errorf("2023-06-01..2024-03-01: %+v", res)
	}
}

func TestFastPathsAgreeWithIngest(t *testing.T) {
	t.Parallel()
	amounts := []string{"0", "1", "-1", "+7", "12.5", "12.50", "-0.01", "1234", "1234,5", "12,50", "0.1234",
		"999999999999999", "123456789012.34", "1.234", "1,234", "0,125", ".5", "5.", "1e3", "--1", "", "-", "1.2.3",
		"9007199254740993", "0.000000000000001"}
	rng := rand.New(rand.NewPCG(9, 9))
	for range 20000 {
		amounts = append(amounts, strconv.FormatFloat((rng.Float64()-0.3)*math.Pow(10, float64(rng.IntN(12))), 'f', rng.IntN(5), 64))
	}
	for _, s := range amounts {
		fast, ok := fastAmount([]byte(s))
		if !ok {
			continue
		}
		slow, err := ingest.ParseMoneyAs(s, ingest.DecimalUnknown)
		if err != nil || slow != fast {
			t.Errorf("fastAmount(%q) = %v, ingest.ParseMoneyAs = %v, %v", s, fast, slow, err)
		}
	}
	for _, tc := range []struct {
		layout string
		vals   []string
	}{
		{ingest.DateISO, []string{"2024-02-29", "2023-02-29", "1999-12-31", "2024-13-01", "2024-00-10", "2024-1-01", "20240101"}},
		{ingest.DateYYYYMMDD, []string{"19970101", "19970230", "2000022", "2024-01-01"}},
		{ingest.DateDMYDot, []string{"29.02.2024", "31.04.2024", "1.2.2024", "01.12.1999"}},
		{ingest.DateMDY, []string{"02/29/2024", "13/01/2024", "12/31/2024"}},
		{ingest.DateDMY, []string{"29/02/2024", "01/13/2024", "31/12/2024"}},
	} {
		kind := dateKindOf(tc.layout)
		for _, v := range tc.vals {
			fast, ok := fastDate(kind, []byte(v))
			slowT, err := ingest.ParseDate(v, tc.layout)
			if ok && (err != nil || dayOf(slowT) != fast) {
				t.Errorf("%s %q: fast %s, ingest %v %v", tc.layout, v, dayString(fast), slowT, err)
			}
		}
	}
	for d := int32(-800000); d < 800000; d += 997 {
		if got := dayOf(dayTime(d)); got != d {
			t.Fatalf("day %d round-trips to %d", d, got)
		}
	}
}

func TestWriteText(t *testing.T) {
	t.Parallel()
	data := writeTricky(t, formats[0], 3000, 300, 5)
	res, err := Run(bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := res.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"customers bought", "The top 20% of customers brought", "Tier", "Repeat customers",
		"Lapsed customers", "top  10%", "top 100%", "Top customers", "█"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > 80 {
			t.Errorf("line of %d runes: %q", n, line)
		}
	}
	empty := &Result{Tiers: []pareto.Tier{{Tier: "A"}, {Tier: "B"}, {Tier: "C"}}}
	if err := empty.WriteText(io.Discard); err != nil {
		t.Error(err)
	}
}

// writeBenchFile writes rows transactions of customers customers like
// bench/analyze/gen: ISO dates over five years, heavy-tailed amounts;
// customer ids like "C0001234" with textIDs.
func writeBenchFile(b testing.TB, path string, rows, customers int, textIDs bool) {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 42))
	var buf bytes.Buffer
	buf.WriteString("customer_id,date,amount\n")
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		u := rng.Float64()
		c := int(float64(customers) * u * u)
		level := 20 / math.Pow(1-float64((c*7919)%1000+1)/1001, 1/1.3)
		id := (c*7919+13)%customers + 1
		if textIDs {
			fmt.Fprintf(&buf, "C%07d", id)
		} else {
			buf.WriteString(strconv.Itoa(id))
		}
		buf.WriteByte(',')
		buf.WriteString(start.AddDate(0, 0, i*1827/rows).Format(time.DateOnly))
		buf.WriteByte(',')
		buf.WriteString(strconv.FormatFloat(math.Round(level*math.Exp(rng.NormFloat64()*0.8-0.32)*100)/100, 'f', 2, 64))
		buf.WriteByte('\n')
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkAnalyze1M(b *testing.B) { benchmarkAnalyze(b, false) }

// BenchmarkAnalyze1MTextIDs is BenchmarkAnalyze1M with customer ids like
// "C0001234", which go through the shared key table.
func BenchmarkAnalyze1MTextIDs(b *testing.B) { benchmarkAnalyze(b, true) }

func benchmarkAnalyze(b *testing.B, textIDs bool) {
	path := b.TempDir() + "/tx1m.csv"
	writeBenchFile(b, path, 1_000_000, 100_000, textIDs)
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	b.ResetTimer()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Run(f, Options{File: path}); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
