// Package analyze implements `vitalfew analyze FILE`: the 80/20 picture of a
// transactions file (customer, date, amount) in one pass, without a
// database.
//
// The file is read once in large chunks that are parsed in parallel (see
// scan.go); each transaction is kept as 16 bytes (customer index, day,
// amount) so that the window can be applied once the latest date, the
// default as-of date, is known.
package analyze

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/ingest"
)

// DefaultLapsedAfter is how long without an order makes a customer lapsed.
const DefaultLapsedAfter = 730 * 24 * time.Hour

// TopN is how many customers Result.Top lists.
const TopN = 10

// Options configure Run. Zero values mean the defaults.
type Options struct {
	File       string            // name used in error messages; "-" when empty
	Map        map[string]string // header overrides, passed to ingest.MapHeader
	DateFormat string            // as ingest.ParseDate takes it; default: detected from the first 1000 values
	// AsOf defaults to Until if set, else to the date of the latest
	// transaction in the file. Until defaults to AsOf. Since defaults to
	// Until minus 12 months plus one day (12 full months, inclusive).
	// Only the calendar date of each counts. Transactions after AsOf are
	// ignored everywhere.
	Since, Until, AsOf time.Time
	Thresholds         []float64     // tier thresholds, see pareto.CheckThresholds; default 80, 95
	LapsedAfter        time.Duration // default DefaultLapsedAfter; whole days count
	Workers            int           // parsing goroutines; default runtime.NumCPU()
	// CLV fits the customer-base model to the purchases up to as-of and
	// fills Result.CLV (see clv.go); it keeps a second 16 bytes per order.
	CLV bool
	// SkipInvalid leaves bad rows out (and counts them in Result.Skipped)
	// instead of failing the run.
	SkipInvalid bool
	// Profile names the tool whose export the file is (see
	// ingest.Options.Profile); "" recognises it from the header.
	Profile string
	// Sheet names the sheet of an .xlsx workbook; "" reads the first.
	Sheet string

	chunkSize int // bytes per chunk; tests make it small to cut records at every place
}

// Result is the outcome of one analysis. Its JSON shape is part of the CLI's
// contract: keys appear in field order.
type Result struct {
	AsOf       string        `json:"as_of"` // YYYY-MM-DD
	Since      string        `json:"since"`
	Until      string        `json:"until"`
	Customers  int           `json:"customers"` // customers with revenue > 0 in the window
	Revenue    float64       `json:"revenue"`   // their total revenue in the window
	Top20Share float64       `json:"top20_share"`
	Gini       float64       `json:"gini"`
	Tiers      []pareto.Tier `json:"tiers"`

	Transactions     int `json:"transactions"`       // rows dated in the window
	Rows             int `json:"rows"`               // data rows read
	CustomersAllTime int `json:"customers_all_time"` // customers with an order (amount > 0) up to as_of
	RepeatCustomers  int `json:"repeat_customers"`   // ... with orders on at least two distinct days
	// LapsedCustomers have positive revenue up to as_of and no order in the
	// LapsedAfterDays days before it.
	LapsedCustomers int            `json:"lapsed_customers"`
	LapsedAfterDays int            `json:"lapsed_after_days"`
	Top             []TopCustomer  `json:"top"`           // the TopN highest-revenue customers of the window
	Curve           []pareto.Point `json:"curve"`         // Pareto curve at 0%, 10%, ..., 100% of customers
	CLV             *CLVResult     `json:"clv,omitempty"` // only with Options.CLV
	// Skipped counts the bad rows left out with Options.SkipInvalid, by
	// what was wrong with them, most first.
	Skipped []Skipped `json:"skipped,omitempty"`
	// Profile is the tool's export the file was read as (nil for none),
	// Tally what it left out or changed ("3 failed payments not counted").
	Profile *ingest.ProfileUsed `json:"profile,omitempty"`
	Tally   []ingest.Tally      `json:"tally,omitempty"`
}

// Skipped is how many rows were left out for one reason: "without a
// customer", "with a bad date" …
type Skipped struct {
	Rows   int    `json:"rows"`
	Reason string `json:"reason"`
}

// TopCustomer is one of the highest-revenue customers of the window.
type TopCustomer struct {
	ID      string  `json:"id"`             // the customer key: customer_id, else the customer name
	Name    string  `json:"name,omitempty"` // the customer name when a separate id is the key
	Revenue float64 `json:"revenue"`
	Share   float64 `json:"share"` // of the window's revenue
	Tier    string  `json:"tier"`
}

// Run analyses the transactions CSV (comma, semicolon or tab separated, with
// a header) read from r. Amounts are summed as given, so credits (negative
// amounts) net against orders; an "order" for the repeat and lapsed counts
// is a row with a positive amount.
//
// Bad rows fail the run: the error lists up to the first 20 as
// FILE:LINE: field: reason (reading stops there) and unwraps to
// crm.RowErrors. Header and option problems are *crm.Error with code
// EINVALID.
func Run(r io.Reader, opt Options) (*Result, error) {
	file := opt.File
	if file == "" {
		file = "-"
	}
	thresholds, err := pareto.CheckThresholds(opt.Thresholds)
	if err != nil {
		return nil, crm.Errorf(crm.EINVALID, "analyze: %v", err)
	}
	lapsed := opt.LapsedAfter
	if lapsed == 0 {
		lapsed = DefaultLapsedAfter
	}
	if lapsed < 0 {
		return nil, crm.Errorf(crm.EINVALID, "analyze: negative lapsed-after %v", lapsed)
	}
	lapsedDays := int32(lapsed / (24 * time.Hour))

	r, profile, tally, fromProfile, err := throughProfile(r, file, &opt)
	if err != nil {
		return nil, err
	}
	size := opt.chunkSize
	if size <= 0 {
		size = chunkSize
	}
	cols, rest, r, headerLines, err := readHeader(r, file, opt, size)
	if err != nil {
		return nil, err
	}
	nw := opt.Workers
	if nw <= 0 {
		nw = runtime.NumCPU()
	}
	workers := make([]*worker, nw)
	text := newKeyTable(cols.name >= 0)
	for i := range workers {
		workers[i] = newWorker(cols, text)
	}
	if err := scan(r, rest, workers, size); err != nil {
		return nil, fmt.Errorf("analyze: read %s: %w", file, err)
	}
	skipped := badRows(workers)
	if len(skipped) > 0 && !opt.SkipInvalid {
		return nil, rowErrors(file, headerLines, workers, skipped)
	}

	rows := 0
	minDay, maxDay := int32(math.MaxInt32), int32(math.MinInt32)
	for _, w := range workers {
		rows += w.rows
		minDay, maxDay = min(minDay, w.minDay), max(maxDay, w.maxDay)
	}
	asOf, since, until, err := window(opt, rows, maxDay)
	if err != nil {
		return nil, err
	}

	g := mergeKeys(workers)
	maxKey := int32(-1)
	for _, w := range workers {
		maxKey = max(maxKey, w.maxKey)
	}
	direct, interned, logs, err := aggregate(workers, g, int(maxKey)+1, asOf, since, until, opt.CLV)
	if err != nil {
		return nil, err
	}
	workers = nil

	res := &Result{
		AsOf: dayString(asOf), Since: dayString(since), Until: dayString(until),
		Rows: rows, LapsedAfterDays: int(lapsedDays), Skipped: slices.Concat(fromProfile, skipped),
		Profile: profile, Tally: tally,
	}
	res.Transactions = direct.nwin + interned.nwin
	var desc []float64
	for _, a := range []*agg{direct, interned} {
		for i := range a.c {
			x := &a.c[i]
			if x.first != noDay {
				res.CustomersAllTime++
				if x.first < x.last {
					res.RepeatCustomers++
				}
				if x.life > 0 && asOf-x.last > lapsedDays {
					res.LapsedCustomers++
				}
			}
			if x.win > 0 {
				desc = append(desc, float64(x.win))
			}
		}
	}
	// The pareto figures are computed over cents, whole numbers that
	// floating point adds exactly, and turned into units at the end.
	sortDesc(desc)
	sum := pareto.Summarize(desc, thresholds)
	for i := range sum.Tiers {
		sum.Tiers[i].Revenue /= 100
	}
	res.Customers, res.Revenue, res.Top20Share, res.Gini, res.Tiers = sum.Customers, sum.Revenue/100, sum.Top20Share, sum.Gini, sum.Tiers
	res.Curve = deciles(desc, sum.Revenue)
	res.Top = topCustomers(direct.c, interned.c, desc, thresholds, g)
	if opt.CLV {
		if res.CLV, err = customerModel(logs, direct, interned, g, asOf, thresholds); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// maxLookahead bounds how far readHeader reads ahead for a date that
// decides a column of slash dates (03/04/2024: March or April?).
const maxLookahead = 64 << 20

// readHeader reads the first block, finds the delimiter, maps the header and
// settles the date layout and the amounts' decimal convention from the
// column's values, as the importer does — reading ahead while the slash
// dates seen leave the order open. It returns the bytes read after the
// header, the reader of the rest of the input (with what it read ahead)
// and the header's lines.
func readHeader(r io.Reader, file string, opt Options, chunkSize int) (*columns, []byte, io.Reader, int, error) {
	c, rest, lines, extra, err := readHeaderAhead(r, file, opt, chunkSize)
	if err != nil {
		return nil, nil, nil, 0, err
	}
	if len(extra) > 0 {
		r = io.MultiReader(bytes.NewReader(extra), r)
	}
	return c, rest, r, lines, nil
}

func readHeaderAhead(r io.Reader, file string, opt Options, chunkSize int) (c *columns, rest []byte, headerLines int, extra []byte, err error) {
	first := make([]byte, max(chunkSize, 64<<10)) // enough lines to detect formats
	n, err := io.ReadFull(r, first)
	eof := err == io.EOF || err == io.ErrUnexpectedEOF
	if err != nil && !eof {
		return nil, nil, 0, nil, fmt.Errorf("analyze: read %s: %w", file, err)
	}
	first = first[:n]
	first = first[len(first)-len(trimBOM(first)):]
	if len(strings.TrimSpace(string(first[:min(len(first), 4096)]))) == 0 {
		return nil, nil, 0, nil, crm.Errorf(crm.EINVALID, "%s: empty file, expected a header line", file)
	}
	complete := first
	if !eof {
		end := recordEnd(first)
		if end < 0 {
			return nil, nil, 0, nil, crm.Errorf(crm.EINVALID, "%s:1: header line longer than %d bytes", file, chunkSize)
		}
		complete = first[:end]
	}
	d := ingest.SniffDelimiter(first[:min(len(first), 64<<10)])
	if d <= 0 || d >= 0x80 || d == '"' || d == '\n' || d == '\r' {
		return nil, nil, 0, nil, crm.Errorf(crm.EINVALID, "%s: unsupported delimiter %q", file, d)
	}
	tmp := newWorker(&columns{file: file, delim: byte(d), nfields: 1 << 12}, nil)
	f, k, pos, nl, err := tmp.parseQuoted(complete, 0)
	if err != nil {
		return nil, nil, 0, nil, crm.Errorf(crm.EINVALID, "%s:1: header: %v", file, err)
	}
	if k > crm.MaxColumns {
		return nil, nil, 0, nil, crm.Errorf(crm.EINVALID, "%s:1: the header has %d columns; at most %d are read", file, k, crm.MaxColumns)
	}
	pos = min(pos, len(complete)) // a header without a line end ends the file
	header := make([]string, k)
	for i := range header {
		header[i] = string(f[i])
	}
	headerLines = 1 + nl
	m, err := ingest.MapHeader(ingest.KindOrders, header, opt.Map, file)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	c = &columns{file: file, delim: byte(d), nfields: k, name: -1}
	c.mapped = m
	var ok bool
	if c.key, ok = m["customer_id"]; ok {
		if nc, ok := m["customer"]; ok && nc != c.key {
			c.name = nc
		}
	} else if c.key, ok = m["customer"]; !ok {
		if c.key, ok = m["email"]; !ok {
			return nil, nil, 0, nil, crm.Errorf(crm.EINVALID, "%s:1: no customer_id, customer or email column", file)
		}
	}
	if c.date, ok = m["date"]; !ok {
		return nil, nil, 0, nil, crm.Errorf(crm.EINVALID, "%s:1: no date column", file)
	}
	c.qty, c.price = -1, -1
	if c.amount, ok = m["amount"]; !ok {
		c.amount = -1
		if c.price, ok = m["unit_price"]; !ok {
			return nil, nil, 0, nil, crm.Errorf(crm.EINVALID, "%s:1: no amount column (nor a unit price to multiply by a quantity)", file)
		}
		if q, ok := m["quantity"]; ok {
			c.qty = q
		}
	}
	for _, i := range []int{c.key, c.name, c.date, c.amount, c.qty, c.price} {
		if i >= k {
			return nil, nil, 0, nil, crm.Errorf(crm.EINVALID, "%s:1: column %d beyond the header's %d", file, i+1, k)
		}
		c.maxCol = max(c.maxCol, i)
	}

	// The column's values decide the date layout and the decimal
	// convention, as in ingest: the first block's, and while its slash
	// dates leave the order open, the next blocks' too (read ahead and
	// handed back as extra).
	var dates ingest.DateDetector
	var amounts ingest.DecimalDetector
	amountCol := c.amount
	if amountCol < 0 {
		amountCol = c.price
	}
	tmp.fields = make([][]byte, k)
	values := func(b []byte) {
		for p := 0; p < len(b); {
			if b[p] == '\n' || b[p] == '\r' {
				p++
				continue
			}
			f, nf, next, _, err := tmp.parseQuoted(b, p)
			p = next
			if err != nil || nf != k {
				continue
			}
			dates.Add(string(f[c.date]))
			amounts.Add(string(f[amountCol]))
		}
	}
	values(complete[pos:])
	if opt.DateFormat == "" && !eof {
		partial := first[len(complete):]
		for dates.Ambiguous() && len(extra) < maxLookahead {
			block := make([]byte, chunkSize)
			m, err := io.ReadFull(r, block)
			extra = append(extra, block[:m]...)
			buf := append(slices.Clone(partial), block[:m]...)
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				values(buf)
				break
			} else if err != nil {
				return nil, nil, 0, nil, fmt.Errorf("analyze: read %s: %w", file, err)
			}
			cut := recordEnd(buf)
			if cut < 0 {
				partial = buf
				continue
			}
			values(buf[:cut])
			partial = buf[cut:]
		}
	}
	if opt.DateFormat != "" {
		// ParseDate checks the layout before the value.
		if _, err := ingest.ParseDate("", opt.DateFormat); err != nil && strings.HasPrefix(err.Error(), "date format") {
			return nil, nil, 0, nil, err
		}
		c.layout = opt.DateFormat
	} else {
		c.layout, err = dates.Result()
		if err != nil {
			return nil, nil, 0, nil, crm.Errorf(crm.EINVALID, "%s: date column %q: %v", file, header[c.date], err)
		}
	}
	c.dateKind = dateKindOf(c.layout)
	hint := ingest.DecimalUnknown
	if c.delim == ';' || c.dateKind == dateDMYDot {
		hint = ingest.DecimalComma // the hint ingest takes from a German-style file
	}
	c.conv = amounts.Result(hint)
	return c, first[pos:], headerLines, extra, nil
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

// badRows adds up the workers' bad rows by what is wrong with them, most
// first.
func badRows(workers []*worker) []Skipped {
	by := map[string]int{}
	for _, w := range workers {
		for what, n := range w.bad {
			by[what] += n
		}
	}
	var out []Skipped
	for what, n := range by {
		out = append(out, Skipped{Rows: n, Reason: what})
	}
	slices.SortFunc(out, func(a, b Skipped) int {
		return cmp.Or(cmp.Compare(b.Rows, a.Rows), strings.Compare(a.Reason, b.Reason))
	})
	return out
}

// rowErrors gathers the workers' row errors, keeps the first maxErrors in
// file order and turns chunk-relative lines into file lines; bad counts
// them all.
func rowErrors(file string, headerLines int, workers []*worker, bad []Skipped) error {
	var all []rowErr
	lines := map[int]int{}
	nchunks := 0
	for _, w := range workers {
		all = append(all, w.errs...)
		for s, n := range w.lines {
			lines[s] = n
			nchunks = max(nchunks, s+1)
		}
	}
	slices.SortFunc(all, func(a, b rowErr) int {
		return cmp.Or(cmp.Compare(a.seq, b.seq), cmp.Compare(a.line, b.line))
	})
	all = all[:min(len(all), maxErrors)]
	start := make([]int, nchunks+1)
	start[0] = headerLines
	for s := range nchunks {
		start[s+1] = start[s] + lines[s]
	}
	errs := make(crm.RowErrors, len(all))
	for i, e := range all {
		errs[i] = crm.RowError{File: file, Line: start[e.seq] + e.line, Field: e.field, Reason: e.cause}
	}
	total := 0
	for _, s := range bad {
		total += s.Rows
	}
	return &BadRowsError{Rows: errs, Total: total, By: bad}
}

// BadRowsError is a failed run because of bad input rows: the first 20
// with their reasons, and how many there were in all, by reason.
type BadRowsError struct {
	Rows  crm.RowErrors
	Total int
	By    []Skipped
}

func (e *BadRowsError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "analyze: %d bad row(s)", e.Total)
	for i, s := range e.By {
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		fmt.Fprintf(&b, "%s%d %s", sep, s.Rows, s.Reason)
	}
	b.WriteString(" (--skip-invalid leaves them out); the first:")
	for _, r := range e.Rows {
		b.WriteString("\n")
		b.WriteString(r.Error())
	}
	return b.String()
}

// TotalRows is how many bad rows there were, of which Rows are the first.
func (e *BadRowsError) TotalRows() int { return e.Total }

// Unwrap gives access to the rows as crm.RowErrors.
func (e *BadRowsError) Unwrap() error { return e.Rows }

// window settles as_of, since and until as day numbers.
func window(opt Options, rows int, maxDay int32) (asOf, since, until int32, err error) {
	switch {
	case !opt.AsOf.IsZero():
		asOf = dayOf(opt.AsOf)
	case !opt.Until.IsZero():
		asOf = dayOf(opt.Until)
	case rows == 0:
		return 0, 0, 0, crm.Errorf(crm.EINVALID, "analyze: %s has no transactions", cmp.Or(opt.File, "-"))
	default:
		asOf = maxDay
	}
	until = asOf
	if !opt.Until.IsZero() {
		until = dayOf(opt.Until)
	}
	if until > asOf {
		return 0, 0, 0, crm.Errorf(crm.EINVALID, "analyze: until %s is after as-of %s", dayString(until), dayString(asOf))
	}
	if !opt.Since.IsZero() {
		since = dayOf(opt.Since)
	} else {
		since = yearBefore(until)
	}
	if since > until {
		return 0, 0, 0, crm.Errorf(crm.EINVALID, "analyze: since %s is after until %s", dayString(since), dayString(until))
	}
	return asOf, since, until, nil
}

// yearBefore is the first day of the 12 full months ending with day d:
// 2024-06-30 -> 2023-07-01, 2024-02-29 -> 2023-03-01.
func yearBefore(d int32) int32 {
	t := dayTime(d)
	y, m, dd := t.Date()
	y--
	dd = min(dd, daysIn(y, int(m)))
	return daysFromCivil(y, int(m), dd) + 1
}

const noDay = math.MaxInt32

// agg holds per-customer figures over one index space.
type agg struct {
	c    []custAgg
	nwin int
}

// custAgg is one customer's figures, together so that adding a transaction
// touches one cache line.
type custAgg struct {
	win, life   crm.Money
	first, last int32 // first and last order day up to as_of; noDay / -noDay when none
}

func newAgg(n int) *agg {
	a := &agg{c: make([]custAgg, n)}
	for i := range a.c {
		a.c[i].first, a.c[i].last = noDay, -noDay
	}
	return a
}

// aggregate adds up every transaction up to as_of per customer: direct
// keys into one set of figures indexed by the key, interned keys into one
// indexed by their global index.
//
// With many customers the figures are far larger than the caches, and
// adding the transactions as they come is a cache miss each. So the
// transactions are first dealt into parts by customer index (aggPartBits
// bits' worth of customers, whose figures fit a core's cache), each worker
// its own in the order it read them; then the parts are added up, each by
// one goroutine, worker by worker. Each customer's amounts are thus added
// by one goroutine in worker-then-chunk order, as the workers read them:
// the sums do not depend on scheduling.
//
// With keep, it also returns every part's purchase log (btyd.Purchases).
func aggregate(workers []*worker, g *globalKeys, ndirect int, asOf, since, until int32, keep bool) (direct, interned *agg, logs [][]btyd.Txn, err error) {
	direct, interned = newAgg(ndirect), newAgg(g.n)
	nparts := (ndirect+g.n)>>aggPartBits + 1
	parts := make([][][][]txn, len(workers)) // worker, part -> blocks
	var wg sync.WaitGroup
	for wi, w := range workers {
		wg.Go(func() { parts[wi] = w.deal(g.remap[wi], int32(ndirect), g.textBase, nparts, asOf) })
	}
	wg.Wait()
	clear(g.remap)

	var next atomic.Int64
	var overflow atomic.Bool
	nwin := make([]int, len(workers))
	if keep {
		logs = make([][]btyd.Txn, nparts)
	}
	for i := range workers {
		wg.Go(func() {
			for {
				q := int(next.Add(1) - 1)
				if q >= nparts {
					return
				}
				if keep {
					n := 0
					for wi := range parts {
						for _, b := range parts[wi][q] {
							n += len(b)
						}
					}
					logs[q] = make([]btyd.Txn, 0, n)
				}
				for wi := range parts {
					for _, b := range parts[wi][q] {
						for _, t := range b {
							a, c := direct, t.cust
							if c < 0 {
								a, c = interned, ^c
							}
							x := &a.c[c]
							var ok bool
							if x.life, ok = addMoney(x.life, t.amt); !ok {
								overflow.Store(true)
							}
							if t.day >= since && t.day <= until {
								if x.win, ok = addMoney(x.win, t.amt); !ok {
									overflow.Store(true)
								}
								nwin[i]++
							}
							if t.amt > 0 {
								x.first = min(x.first, t.day)
								x.last = max(x.last, t.day)
							}
						}
					}
					if keep {
						logs[q] = orderLog(logs[q], parts[wi][q], int32(ndirect))
					}
					parts[wi][q] = nil
				}
				if keep {
					logs[q] = btyd.Purchases(logs[q])
				}
			}
		})
	}
	wg.Wait()
	for _, n := range nwin {
		direct.nwin += n
	}
	if overflow.Load() {
		return nil, nil, nil, crm.Errorf(crm.EINVALID, "a customer's revenue sums to more than 64 bits of cents hold (%v)", crm.ErrMoneyOverflow)
	}
	return direct, interned, logs, nil
}

// addMoney adds b to a; ok is false when the sum does not fit 64 bits.
func addMoney(a, b crm.Money) (s crm.Money, ok bool) {
	s = a + b
	return s, !(b > 0 && s < a || b < 0 && s > a)
}

// aggPartBits sets the customers per part of aggregate: 65536, whose
// figures take 1.5 MiB.
const aggPartBits = 16

// partLen is the length of the blocks deal writes.
const partLen = 4096

// deal sorts the worker's transactions up to as_of into nparts parts by
// customer index (direct keys first, then interned ones by their global
// index: numeric ones through rm when not nil, text ones after textBase),
// keeping their order within each part, and returns the parts' blocks. The
// memory of the blocks read is reused for those written, so this needs
// little more than the transactions.
func (w *worker) deal(rm []int32, ndirect, textBase int32, nparts int, asOf int32) [][][]txn {
	parts := make([][][]txn, nparts)
	cur := make([][]txn, nparts)
	var free [][]txn
	for i, b := range w.blocks {
		for _, t := range b {
			if t.day > asOf {
				continue
			}
			ci := t.cust
			if ci < 0 {
				c := ^ci
				if c&textFlag != 0 {
					c = textBase + c&^textFlag
				} else if rm != nil {
					c = rm[c]
				}
				t.cust = ^c
				ci = ndirect + c
			}
			q := ci >> aggPartBits
			o := cur[q]
			if len(o) == cap(o) {
				if cap(o) > 0 {
					parts[q] = append(parts[q], o)
				}
				if n := len(free); n > 0 {
					o, free = free[n-1], free[:n-1]
				} else {
					o = make([]txn, 0, partLen)
				}
			}
			cur[q] = append(o, t)
		}
		for k := 0; k+partLen <= cap(b); k += partLen {
			free = append(free, b[k:k:k+partLen])
		}
		w.blocks[i] = nil
	}
	for q, o := range cur {
		if len(o) > 0 {
			parts[q] = append(parts[q], o)
		}
	}
	w.blocks = nil
	return parts
}

// globalKeys is the merged customer index space: the numeric keys that
// are not their own index (worker 0's tables become the global ones, the
// others are remapped into them), then the text keys of the shared table.
type globalKeys struct {
	n        int
	dense    []int32 // numeric key -> global index + 1
	nums     map[uint64]int32
	remap    [][]int32 // per worker, local -> global; nil for worker 0
	text     *keyTable
	textBase int32    // global index of text index 0
	names    []string // by global index, when there is a name column
}

func mergeKeys(workers []*worker) *globalKeys {
	w0 := workers[0]
	g := &globalKeys{dense: w0.dense, nums: w0.nums, text: w0.text, remap: make([][]int32, len(workers))}
	n := w0.nkeys
	for i, w := range workers[1:] {
		rm := make([]int32, w.nkeys)
		if len(w.dense) > len(g.dense) {
			g.dense = slices.Grow(g.dense, len(w.dense)-len(g.dense))[:len(w.dense)]
		}
		for k, v := range w.dense {
			if v == 0 {
				continue
			}
			gv := g.dense[k]
			if gv == 0 {
				gv = n + 1
				n++
				g.dense[k] = gv
			}
			rm[v-1] = gv - 1
		}
		for k, l := range w.nums {
			gi, ok := g.nums[k]
			if !ok {
				gi = n
				n++
				g.nums[k] = gi
			}
			rm[l] = gi
		}
		g.remap[i+1] = rm
		w.dense, w.nums = nil, nil
	}
	g.textBase = n
	g.n = int(n) + g.text.size()
	if w0.c.name >= 0 {
		g.names = make([]string, g.n)
		namePos := make([]uint64, g.n)
		copy(g.names, w0.names)
		copy(namePos, w0.namePos)
		for i, w := range workers[1:] {
			for l, gi := range g.remap[i+1] {
				if namePos[gi] == 0 || w.namePos[l] < namePos[gi] {
					g.names[gi], namePos[gi] = w.names[l], w.namePos[l]
				}
			}
		}
		for _, w := range workers {
			b := w.tnameBytes
			for _, tn := range w.tnames {
				gi := g.textBase + tn.idx
				if namePos[gi] == 0 || tn.pos < namePos[gi] {
					g.names[gi], namePos[gi] = unsafe.String(unsafe.SliceData(b), tn.size), tn.pos
				}
				b = b[tn.size:]
			}
		}
	}
	return g
}

// sortDesc sorts positive floats descending. For positive IEEE doubles the
// bit patterns order like the values, so an LSD radix sort on the bits
// (four 16-bit passes) does it in linear time.
func sortDesc(xs []float64) {
	if len(xs) < 1<<12 {
		slices.SortFunc(xs, func(a, b float64) int { return cmp.Compare(b, a) })
		return
	}
	keys := make([]uint64, len(xs))
	for i, x := range xs {
		keys[i] = ^math.Float64bits(x) // complement: descending
	}
	tmp := make([]uint64, len(xs))
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		clear(count[:])
		for _, k := range keys {
			count[(k>>shift)&0xFFFF]++
		}
		if count[(keys[0]>>shift)&0xFFFF] == len(keys) {
			continue // all keys share these bits
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, k := range keys {
			b := (k >> shift) & 0xFFFF
			tmp[count[b]] = k
			count[b]++
		}
		keys, tmp = tmp, keys
	}
	for i, k := range keys {
		xs[i] = math.Float64frombits(^k)
	}
}

// deciles is the Pareto curve at 0%, 10%, ..., 100% of the customers (the
// whole customers rounded up, as for top20_share), for revenues sorted
// descending; empty for none.
func deciles(desc []float64, total float64) []pareto.Point {
	pts := []pareto.Point{}
	if len(desc) == 0 {
		return pts
	}
	n := float64(len(desc))
	var cum float64
	k := 0
	for j := range 11 {
		end := int(math.Ceil(float64(j) * n / 10)) // ceil, as the top-20% headline counts
		for ; k < end; k++ {
			cum += desc[k]
		}
		pts = append(pts, pareto.Point{Customers: float64(end) / n, Revenue: cum / total})
	}
	return pts
}

// topCustomers returns the TopN customers by window revenue, ties by key
// (numeric keys as numbers, before non-numeric ones).
func topCustomers(direct, interned []custAgg, desc []float64, thresholds []float64, g *globalKeys) []TopCustomer {
	out := []TopCustomer{}
	if len(desc) == 0 {
		return out
	}
	cut := desc[min(TopN, len(desc))-1]
	cand := map[int32]*TopCustomer{}
	type keyed struct {
		num   uint64
		isNum bool
		tc    *TopCustomer
	}
	var list []keyed
	for k := range direct {
		if v := float64(direct[k].win); v >= cut && v > 0 {
			list = append(list, keyed{num: uint64(k), isNum: true, tc: &TopCustomer{ID: strconv.Itoa(k), Revenue: v}})
		}
	}
	for c := range interned {
		if v := float64(interned[c].win); v >= cut && v > 0 {
			cand[int32(c)] = &TopCustomer{Revenue: v}
		}
	}
	for k, v := range g.dense {
		if tc, ok := cand[v-1]; ok && v != 0 {
			tc.ID = strconv.Itoa(k)
			list = append(list, keyed{num: uint64(k), isNum: true, tc: tc})
		}
	}
	for k, gi := range g.nums {
		if tc, ok := cand[gi]; ok {
			tc.ID = strconv.FormatUint(k, 10)
			list = append(list, keyed{num: k, isNum: true, tc: tc})
		}
	}
	g.text.each(func(idx int32, key []byte) {
		if tc, ok := cand[g.textBase+idx]; ok {
			tc.ID = string(key)
			list = append(list, keyed{tc: tc})
		}
	})
	if g.names != nil {
		for gi, tc := range cand {
			tc.Name = strings.Clone(g.names[gi])
		}
	}
	slices.SortFunc(list, func(a, b keyed) int {
		if c := cmp.Compare(b.tc.Revenue, a.tc.Revenue); c != 0 {
			return c
		}
		switch {
		case a.isNum && b.isNum:
			return cmp.Compare(a.num, b.num)
		case a.isNum != b.isNum:
			if a.isNum {
				return -1
			}
			return 1
		}
		return strings.Compare(a.tc.ID, b.tc.ID)
	})
	var total float64
	for _, x := range desc {
		total += x
	}
	bounds := pareto.TierBounds(desc, thresholds)
	for i, k := range list[:min(TopN, len(list))] {
		tc := *k.tc
		tc.Share = tc.Revenue / total
		tc.Revenue /= 100 // cents to units
		tc.Tier = pareto.TierOf(i+1, bounds)
		out = append(out, tc)
	}
	return out
}
