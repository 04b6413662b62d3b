package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

type storedOrder struct {
	id        int64
	accountID int64
	orderedAt time.Time
	amount    crm.Money
	currency  string
}

// ImportOrders writes orders (invoices) in one transaction: new invoice
// numbers are inserted, changed ones updated, the rest counted unchanged.
// Rows with the same invoice number are one invoice whose amounts are summed
// (exports with one row per invoice line). Unknown accounts are created
// unless opt.Strict. Any row error fails the whole import unless
// opt.SkipInvalid.
//
// On PostgreSQL, a bulk load (see bulkLoad) is written while it is being
// resolved: one goroutine resolves accounts and merges invoices, the
// import's connection copies the new invoices as they come (into the
// orders table without its keys, or into a staging table), and the
// accounts created follow at the end. A row error found at the end still
// rolls everything back.
func (s *Store) ImportOrders(ctx context.Context, recs []crm.OrderRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	actor, err := requireImporter(ctx)
	if err != nil {
		return crm.ImportSummary{}, err
	}
	var sum crm.ImportSummary
	recs, err = checked(recs, opt, &sum, func(r *crm.OrderRecord) (int, error) {
		return r.Line, firstErr(r.Account.Check("customer"), r.Order.Check())
	})
	if err != nil {
		return sum, err
	}
	sw := s.stopwatch("import orders")
	err = s.inTx(ctx, actor, "orders", opt, &sum, func(c *sql.Conn) error {
		im := &orderImport{ctx: ctx, s: s, c: c, opt: opt, source: importSource(opt), recs: recs, sw: sw, sum: &sum}
		im.columns()
		var err error
		if len(recs) >= bulkLoadRows {
			// Writing while resolving pays on PostgreSQL, whose server
			// writes on a core of its own. On SQLite the writing is this
			// process's work too: overlapping it with the resolving was
			// not faster and cost more CPU (docs/benchmarks.md, Import).
			err = s.bulkLoad(ctx, c, "orders", im.cols, len(recs), func(into string) error { return im.write(into, s.postgres) })
		} else if err = im.write("orders", false); err == nil {
			err = s.analyzeLoaded(ctx, c, "orders", len(recs))
		}
		if err != nil {
			return err
		}
		sw.step("indexes", 0)
		if err := im.update(ctx); err != nil {
			return err
		}
		return nil
	})
	sw.step("commit", 0)
	return sum, err
}

// orderImport is one run of ImportOrders.
type orderImport struct {
	ctx      context.Context
	s        *Store
	c        *sql.Conn
	opt      crm.ImportOptions
	source   string
	recs     []crm.OrderRecord
	sw       *stopwatch
	sum      *crm.ImportSummary
	res      *resolver
	existing map[string]storedOrder // stored orders of the file's invoice numbers

	// The columns written (see columns).
	cols                     []string
	withSource, withCurrency bool

	// Filled by resolve.
	merged  []invoice     // one per invoice number, in file order
	fresh   []freshOrder  // invoices to insert; the writer reads those published
	summed  []int         // merged indexes of fresh invoices that rows were added to after the first
	rejects crm.RowErrors // rows refused, in line order
	settled bool          // resolve had finished before the writing began: merged amounts are final
}

// invoice is one invoice of the file: its rows merged.
type invoice struct {
	crm.Order
	line   int  // of its first row
	fresh  bool // not stored yet
	summed bool // in orderImport.summed
}

// freshOrder is a new invoice to write: its first row and its index in
// merged.
type freshOrder struct {
	rec, merged int32
	accountID   int64
}

// columns sets the columns new orders are written with. Columns that keep
// their default in every row are left out: fewer values to send is a faster
// load.
func (im *orderImport) columns() {
	im.cols = []string{"account_id", "external_id", "ordered_at", "amount_cents", "source", "currency"}
	im.withSource = im.source != defaultSource
	im.withCurrency = slices.ContainsFunc(im.recs, func(r crm.OrderRecord) bool { return r.Order.Currency != "" })
	switch {
	case im.withSource && im.withCurrency:
	case im.withSource:
		im.cols = im.cols[:5]
	case im.withCurrency:
		im.cols = append(im.cols[:4], "currency")
	default:
		im.cols = im.cols[:4]
	}
}

// write resolves and inserts the new orders into the table named into
// (orders, or its staging table). With concurrent set (a bulk load on
// PostgreSQL, into orders without its foreign keys or into a staging
// table), new orders are written while they are resolved and the accounts
// they create after them; otherwise everything is resolved first and
// accounts are written before the orders.
func (im *orderImport) write(into string, concurrent bool) error {
	ctx, s, c := im.ctx, im.s, im.c
	im.res = newResolver(s, c, im.source)
	refs := make([]crm.AccountRef, len(im.recs))
	keys := make([]string, len(im.recs))
	for i := range im.recs {
		refs[i], keys[i] = im.recs[i].Account, im.recs[i].Order.ExternalID
	}
	if err := im.res.load(ctx, refs); err != nil {
		return err
	}
	im.sw.step("load accounts", len(refs))
	im.existing = map[string]storedOrder{}
	err := s.loadByKeys(ctx, c, "orders", im.source, keys,
		`SELECT id, external_id, account_id, ordered_at, amount_cents, currency FROM orders WHERE source = $1`,
		func(rows *sql.Rows) error {
			var o storedOrder
			var ext string
			if err := rows.Scan(&o.id, &ext, &o.accountID, dbDate{&o.orderedAt}, &o.amount, &o.currency); err != nil {
				return err
			}
			im.existing[ext] = o
			return nil
		})
	if err != nil {
		return err
	}
	im.sw.step("load stored orders", len(im.existing))

	feed := newRowFeed()
	im.fresh = make([]freshOrder, len(im.recs))
	withSource, withCurrency := im.withSource, im.withCurrency
	// A file has few distinct dates: each is converted (on SQLite,
	// formatted) once, not once a row, on the writer's critical path.
	dates := map[time.Time]any{}
	row := func(i int, dst []any) {
		f := im.fresh[i]
		o := &im.recs[f.rec].Order
		d, ok := dates[o.OrderedAt]
		if !ok {
			d = s.date(o.OrderedAt)
			if len(dates) < 1<<14 {
				dates[o.OrderedAt] = d
			}
		}
		amount := o.Amount
		if im.settled {
			amount = im.merged[f.merged].Amount
		}
		dst[0], dst[1], dst[2], dst[3] = f.accountID, o.ExternalID, d, amount
		switch {
		case withSource && withCurrency:
			dst[4], dst[5] = im.source, o.Currency
		case withSource:
			dst[4] = im.source
		case withCurrency:
			dst[4] = o.Currency
		}
	}
	if !concurrent {
		if err := im.resolve(ctx, feed); err != nil {
			return err
		}
		im.settled = true
		im.sw.step("resolve accounts", len(im.recs))
		if err := finish(im.sum, im.rejects, im.opt); err != nil {
			return err
		}
		im.sum.AccountsCreated = len(im.res.created)
		if err := im.res.flush(ctx); err != nil {
			return err
		}
		im.sw.step("create accounts", im.sum.AccountsCreated)
		n, err := s.bulkStream(ctx, c, into, im.cols, feed, row)
		im.sum.Inserted = n
		im.sw.step("insert orders", n)
		return err
	}

	// The first block of ids comes from this connection, further ones (on
	// PostgreSQL) from the sequence on another while this one writes.
	if err := im.res.ids.fill(ctx, s, c, "accounts"); err != nil {
		return err
	}
	if s.postgres {
		im.res.seq = s.db
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	resolved := make(chan error, 1)
	go func() { resolved <- im.resolve(wctx, feed) }()
	n, werr := s.bulkStream(wctx, c, into, im.cols, feed, row)
	if werr != nil {
		cancel()
	}
	rerr := <-resolved
	im.sw.step("resolve accounts and insert orders", n)
	if werr != nil {
		return werr
	}
	if rerr != nil {
		return rerr
	}
	if err := finish(im.sum, im.rejects, im.opt); err != nil {
		return err
	}
	im.sum.Inserted = n
	im.sum.AccountsCreated = len(im.res.created)
	if err := im.res.flush(ctx); err != nil {
		return err
	}
	im.sw.step("create accounts", im.sum.AccountsCreated)
	return nil
}

// publishEvery is how many new orders resolve prepares between hand-overs
// to the writer.
const publishEvery = 1024

// resolve finds each row's account (creating it in memory unless strict),
// merges the rows of one invoice and publishes the new invoices to feed;
// it finishes feed however it returns. Once a row error will fail the
// import, it stops publishing but goes on collecting errors.
func (im *orderImport) resolve(ctx context.Context, feed *rowFeed) error {
	n, published := 0, 0
	defer func() {
		if len(im.rejects) > 0 && !im.opt.SkipInvalid {
			feed.finish(published)
			return
		}
		feed.finish(n)
	}()
	index := make(map[string]int, len(im.recs))
	im.merged = make([]invoice, 0, len(im.recs))
	for i := range im.recs {
		if i%publishEvery == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		r := &im.recs[i]
		id, rowErr, err := im.res.resolve(ctx, r.Account, im.opt.Strict, r.Line)
		if err != nil {
			return err
		}
		if rowErr != nil {
			im.rejects = append(im.rejects, *rowErr)
			continue
		}
		ext := r.Order.ExternalID
		if k, dup := index[ext]; dup {
			m := &im.merged[k]
			if m.AccountID != id || !m.OrderedAt.Equal(r.Order.OrderedAt) {
				im.rejects = append(im.rejects, crm.RowError{Line: r.Line, Field: "invoice_id",
					Reason: fmt.Sprintf("invoice %q appears on line %d with another customer or date", ext, m.line)})
				continue
			}
			sum, err := m.Amount.Add(r.Order.Amount)
			if err != nil {
				im.rejects = append(im.rejects, crm.RowError{Line: r.Line, Field: "amount",
					Reason: fmt.Sprintf("invoice %q sums to more than 64 bits hold", ext)})
				continue
			}
			m.Amount = sum
			if m.fresh && !m.summed {
				m.summed = true
				im.summed = append(im.summed, k)
			}
			continue
		}
		o := r.Order
		o.AccountID, o.Source = id, im.source
		_, stored := im.existing[ext]
		index[ext] = len(im.merged)
		im.merged = append(im.merged, invoice{Order: o, line: r.Line, fresh: !stored})
		if stored {
			continue
		}
		im.fresh[n] = freshOrder{rec: int32(i), merged: int32(len(im.merged) - 1), accountID: id}
		n++
		if n%publishEvery == 0 && (len(im.rejects) == 0 || im.opt.SkipInvalid) {
			feed.publish(n)
			published = n
		}
	}
	return nil
}

// update corrects the amounts of new invoices whose later rows were added
// after the first was written, and updates changed stored invoices.
func (im *orderImport) update(ctx context.Context) error {
	s, c := im.s, im.c
	if len(im.summed) > 0 && !im.settled {
		stmt, err := c.PrepareContext(ctx, `UPDATE orders SET amount_cents = $1 WHERE external_id = $2 AND source = $3`)
		if err != nil {
			return fmt.Errorf("store: update orders: %w", err)
		}
		defer stmt.Close()
		for _, k := range im.summed {
			o := &im.merged[k]
			if _, err := stmt.ExecContext(ctx, o.Amount, o.ExternalID, im.source); err != nil {
				return fmt.Errorf("store: update order %s: %w", o.ExternalID, err)
			}
		}
		im.sw.step("sum invoice rows", len(im.summed))
	}
	var changed []crm.Order
	for _, m := range im.merged {
		if m.fresh {
			continue
		}
		old := im.existing[m.ExternalID]
		if old.accountID != m.AccountID || !old.orderedAt.Equal(m.OrderedAt) ||
			old.amount != m.Amount || old.currency != m.Currency {
			o := m.Order
			o.ID = old.id
			changed = append(changed, o)
			continue
		}
		im.sum.Unchanged++
	}
	if len(changed) > 0 {
		stmt, err := c.PrepareContext(ctx, `UPDATE orders SET account_id = $1, ordered_at = $2, amount_cents = $3, currency = $4 WHERE id = $5`)
		if err != nil {
			return fmt.Errorf("store: update orders: %w", err)
		}
		defer stmt.Close()
		// Order lines carry their order's account and date.
		lines, err := c.PrepareContext(ctx, `UPDATE order_lines SET account_id = $1, ordered_at = $2 WHERE order_id = $3`)
		if err != nil {
			return fmt.Errorf("store: update order lines: %w", err)
		}
		defer lines.Close()
		for _, o := range changed {
			if _, err := stmt.ExecContext(ctx, o.AccountID, s.date(o.OrderedAt), o.Amount, o.Currency, o.ID); err != nil {
				return fmt.Errorf("store: update order %s: %w", o.ExternalID, err)
			}
			old := im.existing[o.ExternalID]
			if old.accountID == o.AccountID && old.orderedAt.Equal(o.OrderedAt) {
				continue
			}
			if _, err := lines.ExecContext(ctx, o.AccountID, s.date(o.OrderedAt), o.ID); err != nil {
				return fmt.Errorf("store: update lines of order %s: %w", o.ExternalID, err)
			}
		}
	}
	im.sum.Updated = len(changed)
	return nil
}
