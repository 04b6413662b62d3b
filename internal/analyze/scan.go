package analyze

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/ingest"
)

// The scanner reads the input once, in large chunks cut at record
// boundaries, and parses the chunks on several goroutines.
//
// Quoted fields may hold delimiters and newlines. A chunk is always cut just
// after a newline that is outside quotes: the reader tracks quote parity
// (RFC 4180 escapes a quote by doubling it, which keeps parity) over each
// chunk, and since every chunk starts outside quotes no state carries over.
// Chunks without any quote byte (the common case) are cut with one
// LastIndexByte. Inside a chunk, records without a quote take a fast path
// that splits on the delimiter; records with one go through parseQuoted,
// which follows encoding/csv's rules (no bare quotes in unquoted fields,
// "" inside quoted fields, \r\n inside quotes read as \n).

const (
	chunkSize = 4 << 20
	maxErrors = 20
)

// txn is one transaction: the customer, a day number and an amount. 16
// bytes, no pointers. cust >= 0 is a numeric customer key used directly as
// its index (direct mode); cust < 0 is ^(worker-local interned index).
type txn struct {
	cust int32
	day  int32
	amt  crm.Money
}

// columns is the read-only parsing setup shared by all workers.
type columns struct {
	file     string
	delim    byte
	nfields  int
	key      int // customer key column
	name     int // customer name column shown next to the key, -1 for none
	date     int
	amount   int // -1: the amount is quantity × unit price
	qty      int // -1: none (quantity 1)
	price    int // -1: none (the file has amounts)
	maxCol   int
	dateKind int
	layout   string
	conv     int            // decimal convention of the amount column
	mapped   ingest.Mapping // field -> column, as the header maps them
	// checks are columns that nothing here reads and that the importer
	// would check, with their fields (see ingest.AcceptsOrderCell); set by
	// ReadPurchases.
	checks      []int
	checkFields []string
	// vote has the workers count the decimal conventions the amount (or
	// unit price) and quantity cells show (see record); set by
	// ReadPurchases.
	vote bool
}

type chunk struct {
	seq  int
	buf  []byte // owned buffer, returned to the pool after parsing
	data []byte // the records, a prefix of buf
}

type rowErr struct {
	seq, line    int // chunk and 1-based physical line within it
	field, cause string
}

// worker parses the chunks with seq%nworkers == its id, so the order in
// which amounts are added up, and hence every float result, does not depend
// on goroutine scheduling.
type worker struct {
	c *columns

	// Customer keys. Numeric keys below denseMax are in direct mode (no
	// name column) their own index, so most files need no lookup at all
	// while parsing; with a name column they index dense (value = local
	// index + 1, 0 = not seen), one load instead of a hash-map probe.
	// Larger numeric keys go to nums (with dense, worker-local indexes
	// merged later) and other keys to the table shared by all workers
	// (see keys.go).
	direct bool
	maxKey int32 // largest direct key, -1 for none
	dense  []int32
	nums   map[uint64]int32
	nkeys  int32
	text   *keyTable
	arena  []byte // names

	// With a separate name column: each customer's name from its first row
	// in the worker's chunks, by local index, with its position (seq<<32 |
	// line); for text keys, the names that may be from the customer's first
	// row in the file.
	names      []string
	namePos    []uint64
	tnames     []textName
	tnameBytes []byte

	pend   []pending // rows waiting for flush
	sink   uint32    // keeps flush's loads
	blocks [][]txn
	rows   int
	minDay int32
	maxDay int32
	// votes and qtyVotes count the conventions of the amount (or unit
	// price) and quantity cells, with columns.vote.
	votes, qtyVotes ingest.DecimalDetector
	errs            []rowErr       // the first maxErrors problems of each chunk
	kept            int            // problems kept of the chunk being parsed
	bad             map[string]int // bad rows by what is wrong (see errorf)
	lines           map[int]int    // seq -> physical lines in that chunk
	fields          [][]byte
	scratch         []byte
}

// unsafeString is b as a string for a call that does not keep it.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// textFlag marks the index of a text key in txn.cust: ^(textFlag | index).
const textFlag = 1 << 30

func newWorker(c *columns, text *keyTable) *worker {
	return &worker{
		c:      c,
		nums:   make(map[uint64]int32),
		text:   text,
		minDay: 1<<31 - 1, maxDay: -1 << 31,
		direct: c.name < 0, maxKey: -1,
		lines:  make(map[int]int),
		bad:    make(map[string]int),
		fields: make([][]byte, c.nfields),
	}
}

const blockLen = 1 << 16

// denseMax bounds the numeric keys used as indexes: per-customer arrays of
// at most 96 MiB in direct mode, a dense table of at most 16 MiB per worker
// otherwise, and only as large as the largest key seen needs.
const denseMax = 1 << 22

func (w *worker) growDense(n uint64) {
	size := max(1<<16, len(w.dense))
	for uint64(size) <= n {
		size *= 2
	}
	w.dense = slices.Grow(w.dense, size-len(w.dense))[:size]
}

func (w *worker) add(t txn) {
	n := len(w.blocks)
	if n == 0 || len(w.blocks[n-1]) == cap(w.blocks[n-1]) {
		w.blocks = append(w.blocks, make([]txn, 0, blockLen))
		n++
	}
	w.blocks[n-1] = append(w.blocks[n-1], t)
}

// intern copies b (a name) into the worker's arena and returns it as a
// string; the arena is allocated in 256 KiB blocks so a million names are a
// few hundred allocations, not a million.
func (w *worker) intern(b []byte) string {
	if len(b) > cap(w.arena)-len(w.arena) {
		w.arena = make([]byte, 0, max(256<<10, len(b)))
	}
	if len(b) == 0 {
		return ""
	}
	start := len(w.arena)
	w.arena = append(w.arena, b...)
	// The arena bytes are never written again, so the string is immutable.
	return unsafe.String(&w.arena[start], len(b))
}

// errorf counts a bad row by what is wrong with it and keeps the first
// maxErrors of the chunk with their reasons.
func (w *worker) errorf(seq, line int, field, format string, args ...any) {
	what := "with a bad " + field
	switch {
	case field == "customer" && format == "empty":
		what = "without a customer"
	case field == "":
		what = "that could not be read"
	}
	w.bad[what]++
	if w.kept < maxErrors {
		w.kept++
		w.errs = append(w.errs, rowErr{seq: seq, line: line, field: field, cause: fmt.Sprintf(format, args...)})
	}
}

// parse parses one chunk. Every bad row is counted; the first maxErrors
// of the chunk are kept with their reasons.
func (w *worker) parse(ch *chunk) {
	data := ch.data
	delim := w.c.delim
	f := w.fields
	nf := len(f)
	line := 0
	w.kept = 0
	pos := 0
	for pos < len(data) {
		line++
		start := pos
		k, fstart := 0, pos
		quoted := false
	scan:
		for ; pos < len(data); pos++ {
			switch data[pos] {
			case delim:
				if k < nf {
					f[k] = data[fstart:pos]
				}
				k++
				fstart = pos + 1
			case '\n':
				break scan
			case '"':
				quoted = true
				break scan
			}
		}
		if quoted {
			var nl int
			var err error
			w.flush() // rows are stored in order; parseQuoted reuses w.scratch
			f, k, pos, nl, err = w.parseQuoted(data, start)
			if err != nil {
				w.errorf(ch.seq, line, "", "%v", err)
				line += nl
				continue
			}
			w.record(ch.seq, line, f, k, false)
			line += nl
			continue
		}
		end := pos
		pos++ // past '\n' (or past the end)
		if end > fstart && data[end-1] == '\r' {
			end--
		}
		if end == start {
			continue // empty line, as encoding/csv skips them
		}
		if k < nf {
			f[k] = data[fstart:end]
		}
		k++
		w.record(ch.seq, line, f, k, true)
	}
	w.flush()
	w.lines[ch.seq] = line
}

// minDay and maxDay bound the dates analyze reads: the limits of the store
// (crm.MinDate, crm.MaxDate).
var minDay, maxDay = dayOf(crm.MinDate), dayOf(crm.MaxDate)

// record checks and stores one record of k fields. stable says the fields'
// bytes stay put until the end of the chunk (they are not in w.scratch), so
// that the row can wait in w.pend; flush must run before the chunk's buffer
// is reused.
func (w *worker) record(seq, line int, f [][]byte, k int, stable bool) {
	c := w.c
	if k != c.nfields {
		w.errorf(seq, line, "", "%d fields, the header has %d", k, c.nfields)
		return
	}
	w.rows++
	for i, col := range c.checks {
		if v := trimSpace(f[col]); !ingest.AcceptsOrderCell(c.checkFields[i], v) {
			w.errorf(seq, line, c.checkFields[i], "%q: left to the importer", v)
			return
		}
	}
	key := trimSpace(f[c.key])
	if len(key) == 0 {
		w.errorf(seq, line, "customer", "empty")
		return
	}
	db := trimSpace(f[c.date])
	day, ok := fastDate(c.dateKind, db)
	if !ok {
		t, err := ingest.ParseDate(string(db), c.layout)
		if err != nil {
			w.errorf(seq, line, "date", "%q is not a date in layout %s", db, c.layout)
			return
		}
		day = dayOf(t)
	}
	if day < minDay || day > maxDay {
		w.errorf(seq, line, "date", "%s", crm.CheckDate(dayTime(day)))
		return
	}
	var amt crm.Money
	if c.vote {
		// The importer decides each column's decimal convention over all
		// its values; ReadPurchases checks at the end that the whole file
		// votes for the convention read with (the first block's).
		if c.amount >= 0 {
			w.votes.Add(unsafeString(trimSpace(f[c.amount])))
		} else {
			w.votes.Add(unsafeString(trimSpace(f[c.price])))
			if c.qty >= 0 {
				w.qtyVotes.Add(unsafeString(trimSpace(f[c.qty])))
			}
		}
	}
	if c.amount >= 0 {
		ab := trimSpace(f[c.amount])
		var ok bool
		if amt, ok = fastAmount(ab); !ok {
			var err error
			if amt, err = parseAmount(ab, c.conv); err != nil {
				w.errorf(seq, line, "amount", "%v", err)
				return
			}
		}
	} else {
		qb := []byte("1")
		if c.qty >= 0 {
			qb = trimSpace(f[c.qty])
		}
		var ok bool
		if amt, ok = lineAmount(qb, trimSpace(f[c.price]), c.conv); !ok {
			w.errorf(seq, line, "amount", "quantity %q × unit price %q: not numbers, or beyond the limit", qb, trimSpace(f[c.price]))
			return
		}
	}
	if err := crm.CheckMoney(amt); err != nil {
		w.errorf(seq, line, "amount", "%v", err)
		return
	}
	if len(key) > crm.MaxNameChars || bytes.IndexByte(key, 0) >= 0 {
		// The importer's limit on names and ids (crm.CheckName; its
		// UTF-8 check is left to the importer, which decodes the file).
		if err := crm.CheckName(string(key)); err != nil {
			w.errorf(seq, line, "customer", "%v", err)
			return
		}
	}
	n, isNum := numericKey(key)
	if !isNum {
		// An id a spreadsheet wrote as "14646.0" is the customer 14646, as
		// the importer reads it.
		if whole, ok := wholeNumber(key); ok {
			key = whole
			n, isNum = numericKey(key)
		}
	}
	w.minDay = min(w.minDay, day)
	w.maxDay = max(w.maxDay, day)
	if isNum && n < denseMax && w.direct {
		w.maxKey = max(w.maxKey, int32(n))
		w.add(txn{cust: int32(n), day: day, amt: amt})
		return
	}
	e := pending{pos: uint64(seq)<<32 | uint64(line), day: day, amt: amt}
	switch {
	case isNum && n < denseMax:
		e.kind, e.num = keyDense, n
		if n >= uint64(len(w.dense)) {
			w.growDense(n)
		}
	case isNum:
		e.kind, e.num = keyNum, n
	default:
		e.kind, e.key = keyText, key
	}
	if c.name >= 0 {
		e.name = trimSpace(f[c.name])
	}
	w.pend = append(w.pend, e)
	if !stable || len(w.pend) == batchLen {
		w.flush()
	}
}

// pending is a row whose customer look-up waits for the rest of its batch.
type pending struct {
	key, name []byte // views into the chunk (or w.scratch, flushed at once)
	num       uint64
	h         uint64
	pos       uint64 // seq<<32 | line
	amt       crm.Money
	day       int32
	idx       int32 // the customer, once looked up: a txn.cust
	kind      uint8
	first     bool // maybe the first row of the customer (see noteNames)
}

// Kinds of pending keys.
const (
	keyDense = iota // numeric below denseMax: w.dense
	keyNum          // numeric: w.nums
	keyText         // w.text
)

// batchLen is how many look-ups flush does together.
const batchLen = 64

// flush looks up the customers of the pending rows and stores the rows, in
// row order. With many customers the tables are far larger than the caches
// and a look-up is a cache miss or two (the slot, then the key bytes); one
// at a time they cost more than the parsing. So flush goes over the batch in
// passes that each load one thing per row (the home slots, then the keys in
// them, ...): the loads of a pass do not depend on each other, so the
// processor overlaps their misses, and the next pass finds them in the
// cache.
func (w *worker) flush() {
	p := w.pend
	if len(p) == 0 {
		return
	}
	var sink uint32
	for i := range p {
		if e := &p[i]; e.kind == keyText {
			e.h = hashKey(w.text.seed, e.key)
		}
	}
	for i := range p {
		switch e := &p[i]; e.kind {
		case keyText:
			sink += w.text.touch(e.h)
		case keyDense:
			sink += uint32(w.dense[e.num])
		}
	}
	for i := range p {
		if e := &p[i]; e.kind == keyText {
			sink += w.text.touchKey(e.h)
		}
	}
	for i := range p {
		e := &p[i]
		switch e.kind {
		case keyText:
			idx, first := w.text.get(e.h, e.key, e.pos)
			if idx >= textFlag {
				panic("analyze: more than 2^30 distinct customer keys")
			}
			e.idx, e.first = ^(textFlag | idx), e.pos <= first
		case keyDense:
			if v := w.dense[e.num]; v != 0 {
				e.idx = ^(v - 1)
			} else {
				e.idx, e.first = ^w.nkeys, true
				w.nkeys++
				w.dense[e.num] = w.nkeys
			}
		case keyNum:
			idx, found := w.nums[e.num]
			if !found {
				idx, e.first = w.nkeys, true
				w.nkeys++
				w.nums[e.num] = idx
			}
			e.idx = ^idx
		}
	}
	if w.c.name >= 0 {
		w.noteNames(p)
	}
	for i := range p {
		e := &p[i]
		w.add(txn{cust: e.idx, day: e.day, amt: e.amt})
	}
	w.sink = sink
	clear(p) // drop the views into the chunk
	w.pend = p[:0]
}

// noteNames keeps the name of each customer from its first row in file
// order (position seq<<32 | line). A worker reads its rows in file order,
// so its first row of a customer is the one to keep; mergeKeys picks the
// earliest of the workers'.
func (w *worker) noteNames(p []pending) {
	for i := range p {
		e := &p[i]
		if e.kind != keyText {
			if e.first {
				w.names = append(w.names, w.intern(e.name))
				w.namePos = append(w.namePos, e.pos)
			}
			continue
		}
		// Text keys are in the shared table, with the position of the row
		// that added them: the first row in file order is that one or
		// one before it (rows are added as chunks are read, several chunks
		// at a time), and the names of all such are kept.
		if !e.first {
			continue
		}
		idx := ^e.idx &^ textFlag
		w.tnames = append(w.tnames, textName{pos: e.pos, idx: idx, size: uint32(len(e.name))})
		w.tnameBytes = append(w.tnameBytes, e.name...)
	}
}

// textName is the name of a customer with a text key at a row that may be
// its first. The names are in w.tnameBytes one after the other.
type textName struct {
	pos  uint64
	idx  int32
	size uint32
}

var (
	errBareQuote  = errors.New(`bare " in non-quoted field`)
	errQuote      = errors.New(`extraneous or missing " in quoted field`)
	errUnfinished = errors.New(`quoted field not closed before the end of the file`)
)

// parseQuoted parses the record at data[start:] by encoding/csv's rules and
// returns its fields (views into data or into w.scratch), the field count,
// the offset after the record and how many newlines it spans beyond its
// first line. On error pos is past the physical line where parsing stopped.
func (w *worker) parseQuoted(data []byte, start int) (f [][]byte, k, pos, nl int, err error) {
	f = w.fields
	delim := w.c.delim
	w.scratch = w.scratch[:0]
	// Field values are collected in scratch as [from, to) offsets first, as
	// scratch may grow and move.
	type span struct{ from, to int }
	spans := make([]span, 0, len(f))
	pos = start
	skipLine := func() {
		for pos < len(data) && data[pos] != '\n' {
			pos++
		}
		pos++
	}
	for {
		from := len(w.scratch)
		if pos < len(data) && data[pos] == '"' {
			pos++
			for {
				if pos >= len(data) {
					return f, 0, pos, nl, errUnfinished
				}
				c := data[pos]
				if c == '"' {
					if pos+1 < len(data) && data[pos+1] == '"' {
						w.scratch = append(w.scratch, '"')
						pos += 2
						continue
					}
					pos++
					break
				}
				if c == '\n' {
					nl++
				}
				if c == '\r' && pos+1 < len(data) && data[pos+1] == '\n' {
					pos++
					continue
				}
				w.scratch = append(w.scratch, c)
				pos++
			}
			spans = append(spans, span{from, len(w.scratch)})
			// After the closing quote: delimiter, end of line or end of data.
			switch {
			case pos >= len(data):
			case data[pos] == delim:
				pos++
				continue
			case data[pos] == '\n':
				pos++
			case data[pos] == '\r' && (pos+1 >= len(data) || data[pos+1] == '\n'):
				pos += 2
			default:
				skipLine()
				return f, 0, pos, nl, errQuote
			}
			break
		}
		// Unquoted field.
		for pos < len(data) && data[pos] != delim && data[pos] != '\n' {
			if data[pos] == '"' {
				skipLine()
				return f, 0, pos, nl, errBareQuote
			}
			w.scratch = append(w.scratch, data[pos])
			pos++
		}
		to := len(w.scratch)
		if pos < len(data) && data[pos] == delim {
			spans = append(spans, span{from, to})
			pos++
			continue
		}
		if to > from && w.scratch[to-1] == '\r' {
			to--
		}
		spans = append(spans, span{from, to})
		pos++
		break
	}
	for i, s := range spans {
		if i < len(f) {
			f[i] = w.scratch[s.from:s.to]
		}
	}
	return f, len(spans), pos, nl, nil
}

// recordEnd returns the offset just after the last newline in b that lies
// outside quotes, or -1. b must start outside quotes.
func recordEnd(b []byte) int {
	if bytes.IndexByte(b, '"') < 0 {
		if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
			return i + 1
		}
		return -1
	}
	last := -1
	in := false
	for i, c := range b {
		switch c {
		case '"':
			in = !in
		case '\n':
			if !in {
				last = i
			}
		}
	}
	if last < 0 {
		return -1
	}
	return last + 1
}

// scan reads r to the end, starting with the bytes in first (already read,
// after the header), and feeds chunks to the workers. It returns the read
// error, if any; row errors are in the workers.
func scan(r io.Reader, first []byte, workers []*worker, chunkSize int) error {
	n := len(workers)
	free := make(chan []byte, 3*n+2)
	feeds := make([]chan *chunk, n)
	var wg sync.WaitGroup
	var nerrs atomic.Int64
	for i, w := range workers {
		feeds[i] = make(chan *chunk, 2)
		wg.Go(func() {
			for ch := range feeds[i] {
				before := len(w.errs)
				w.parse(ch)
				nerrs.Add(int64(len(w.errs) - before))
				select {
				case free <- ch.buf[:0]:
				default:
				}
			}
		})
	}
	// Buffers hold a chunk plus the partial record carried over from the
	// previous one, so they are a little larger than chunkSize and reused.
	getBuf := func(need int) []byte {
		select {
		case b := <-free:
			if cap(b) >= need {
				return b[:0]
			}
		default:
		}
		return make([]byte, 0, max(need, chunkSize+chunkSize/4))
	}
	leftover := first
	var readErr error
	seq := 0
	eof := false
	for !eof {
		// Chunks hold chunkSize new bytes whichever buffer they land in, so
		// the cuts, and with them which worker adds up which rows, depend
		// only on the input: results are the same on every run.
		buf := getBuf(len(leftover) + chunkSize)
		buf = append(buf, leftover...)
		for {
			if cap(buf)-len(buf) < chunkSize {
				buf = slices.Grow(buf, chunkSize)
			}
			m, err := io.ReadFull(r, buf[len(buf):len(buf)+chunkSize])
			buf = buf[:len(buf)+m]
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				eof = true
			} else if err != nil {
				readErr = err
				eof = true
			}
			if eof {
				leftover = nil
				break
			}
			if cut := recordEnd(buf); cut > 0 {
				leftover = slices.Clone(buf[cut:])
				buf = buf[:cut]
				break
			}
			// One record longer than the chunk: read on.
		}
		if len(buf) > 0 {
			feeds[seq%n] <- &chunk{seq: seq, buf: buf, data: buf}
			seq++
		}
	}
	for _, f := range feeds {
		close(f)
	}
	wg.Wait()
	return readErr
}
