package analyze

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/ingest"
)

// PurchaseLog is a transactions file read as the customer-base models take
// it (`vitalfew fit`).
type PurchaseLog struct {
	// Txns are the purchases (btyd.Purchases: credits are not purchases,
	// one customer's orders of one day are one purchase), sorted by
	// customer and day; customers are numbered 0, 1, … in key order
	// (numeric keys as numbers first).
	Txns []btyd.Txn
	// LastDay is the latest date of any row, credits too, as a day number
	// (btyd.DayOf).
	LastDay int32
	Rows    int // data rows read

	cust    []int32 // customer index -> global index
	ndirect int32
	g       *globalKeys
}

// Key returns the customer_id of customer i (an index of Txns).
func (l *PurchaseLog) Key(i int32) string {
	if i < 0 || int(i) >= len(l.cust) {
		return ""
	}
	return l.g.keysOf(l.ndirect, []int32{l.cust[i]})[0].id
}

// ErrNotPlain says that ReadPurchases leaves a file to the importer: it
// is a tool's export, a workbook, has a preamble or is separated by
// spaces, or it has no customer_id column.
var ErrNotPlain = errors.New("analyze: not a plain customer_id, date, amount file")

// purchaseFields are the fields ReadPurchases reads; checkedFields those
// it only checks, as the importer would (ingest.AcceptsOrderCell).
var (
	purchaseFields = map[string]bool{"customer_id": true, "date": true, "amount": true, "quantity": true, "unit_price": true}
	checkedFields  = map[string]bool{"customer": true, "email": true, "invoice_id": true, "currency": true}
)

// ReadPurchases reads a plain transactions file (customer_id, date and
// amount, or quantity and unit price; customer names, e-mail addresses,
// invoice numbers and currencies are checked, not kept) with the
// parallel reader of Run: the file's cells are taken as the importer takes
// them (ingest.ReadOrders: the same header names and --map, date layout
// and decimal convention decided from the column, the same limits), and
// each row becomes 16 bytes, not a record.
//
// It returns ErrNotPlain for a file it does not read (see there) and a
// *BadRowsError or a *crm.Error for one with problems: the caller then
// reads the file with the importer, which is the one that names them.
// opt's File, Map, DateFormat, Workers and Profile count, nothing else.
func ReadPurchases(r io.Reader, opt Options) (*PurchaseLog, error) {
	file := opt.File
	if file == "" {
		file = "-"
	}
	br := bufio.NewReaderSize(r, profileHead)
	head, _ := br.Peek(profileHead)
	iopt := ingest.Options{File: file, Map: opt.Map, DateFormat: opt.DateFormat}
	if opt.Profile != "" || !ingest.Sniff(head, ingest.KindOrders, iopt).Plain() {
		return nil, ErrNotPlain
	}
	size := opt.chunkSize
	if size <= 0 {
		size = chunkSize
	}
	cols, rest, rr, headerLines, err := readHeader(br, file, opt, size)
	if err != nil {
		return nil, err
	}
	if _, ok := cols.mapped["customer_id"]; !ok {
		return nil, ErrNotPlain
	}
	for f, col := range cols.mapped {
		switch {
		case f == "customer_id":
			cols.checks = append(cols.checks, col) // read, and checked as the key the importer reads
			cols.checkFields = append(cols.checkFields, f)
		case purchaseFields[f]:
		case checkedFields[f]:
			cols.checks = append(cols.checks, col)
			cols.checkFields = append(cols.checkFields, f)
		default:
			return nil, ErrNotPlain
		}
	}
	cols.name = -1 // the names are not needed: the customers are known by id
	cols.vote = true
	nw := opt.Workers
	if nw <= 0 {
		nw = runtime.NumCPU()
	}
	workers := make([]*worker, nw)
	text := newKeyTable(false)
	for i := range workers {
		workers[i] = newWorker(cols, text)
	}
	if err := scan(rr, rest, workers, size); err != nil {
		return nil, fmt.Errorf("analyze: read %s: %w", file, err)
	}
	if bad := badRows(workers); len(bad) > 0 {
		return nil, rowErrors(file, headerLines, workers, bad)
	}
	rows := 0
	last := int32(math.MinInt32)
	var votes, qtyVotes ingest.DecimalDetector
	for _, w := range workers {
		rows += w.rows
		last = max(last, w.maxDay)
		votes.Merge(w.votes)
		qtyVotes.Merge(w.qtyVotes)
	}
	// The importer decides the decimal convention over the whole column,
	// the header reader over the first block: when the rest of the file
	// outvotes it, the amounts were read under another convention.
	hint := ingest.DecimalUnknown
	if cols.delim == ';' || cols.dateKind == dateDMYDot {
		hint = ingest.DecimalComma
	}
	if votes.Result(hint) != cols.conv || cols.qty >= 0 && qtyVotes.Result(hint) != cols.conv {
		return nil, crm.Errorf(crm.EINVALID, "%s: the decimal convention of the amounts changes after the first block", file)
	}
	if rows == 0 {
		return nil, crm.Errorf(crm.EINVALID, "%s: no orders", file)
	}
	g := mergeKeys(workers)
	maxKey := int32(-1)
	for _, w := range workers {
		maxKey = max(maxKey, w.maxKey)
	}
	logs := purchaseLogs(workers, g, maxKey+1)
	out := &PurchaseLog{LastDay: last, Rows: rows, ndirect: maxKey + 1, g: g}
	out.Txns, out.cust = denseLog(logs, nw)
	return out, nil
}

// purchaseLogs is aggregate's purchase logs without its per-customer
// figures: the rows dealt into parts by customer index, each part's
// purchase log (btyd.Purchases, in global index order) made by one
// goroutine, worker by worker as they read them.
func purchaseLogs(workers []*worker, g *globalKeys, ndirect int32) [][]btyd.Txn {
	nparts := (int(ndirect)+g.n)>>aggPartBits + 1
	parts := make([][][][]txn, len(workers)) // worker, part -> blocks
	var wg sync.WaitGroup
	for wi, w := range workers {
		wg.Go(func() { parts[wi] = w.deal(g.remap[wi], ndirect, g.textBase, nparts, math.MaxInt32) })
	}
	wg.Wait()
	clear(g.remap)
	logs := make([][]btyd.Txn, nparts)
	parallel(nparts, len(workers), func(q int) {
		n := 0
		for wi := range parts {
			for _, b := range parts[wi][q] {
				n += len(b)
			}
		}
		l := make([]btyd.Txn, 0, n)
		for wi := range parts {
			l = orderLog(l, parts[wi][q], ndirect)
			parts[wi][q] = nil
		}
		logs[q] = btyd.Purchases(l)
	})
	return logs
}

// denseLog joins the parts' purchase logs (in global index order, each
// sorted by customer and day) into one, the customers numbered 0, 1, … in
// that order, on nw goroutines; cust maps the numbers to global indexes.
func denseLog(logs [][]btyd.Txn, nw int) (txns []btyd.Txn, cust []int32) {
	// First how many purchases and customers each part has, then each
	// part is numbered and copied to its place.
	nt, nc := make([]int, len(logs)+1), make([]int, len(logs)+1)
	parallel(len(logs), nw, func(q int) {
		l, c := logs[q], 0
		for i := range l {
			if i == 0 || l[i].Customer != l[i-1].Customer {
				c++
			}
		}
		nt[q+1], nc[q+1] = len(l), c
	})
	for q := range logs {
		nt[q+1] += nt[q]
		nc[q+1] += nc[q]
	}
	txns, cust = make([]btyd.Txn, nt[len(logs)]), make([]int32, nc[len(logs)])
	parallel(len(logs), nw, func(q int) {
		out, c := txns[nt[q]:nt[q+1]], int32(nc[q])-1
		for i, t := range logs[q] {
			if i == 0 || t.Customer != logs[q][i-1].Customer {
				c++
				cust[c] = t.Customer
			}
			t.Customer = c
			out[i] = t
		}
		logs[q] = nil
	})
	return txns, cust
}

// parallel runs f(0), …, f(n-1) on nw goroutines.
func parallel(n, nw int, f func(int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(nw, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}
