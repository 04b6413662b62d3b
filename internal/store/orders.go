package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// OrderQuery selects orders. Empty fields do not filter; Since and Until
// are inclusive days.
type OrderQuery struct {
	AccountID    int64
	Since, Until time.Time
	Limit        int // default DefaultPageSize, at most MaxPageSize
	Offset       int
	Newest       bool // the latest order first, else by id
}

const orderColumns = `id, account_id, source, external_id, ordered_at, amount_cents, currency, final, contact_email`

func scanOrder(sc interface{ Scan(...any) error }, o *crm.Order) error {
	var final int
	err := sc.Scan(&o.ID, &o.AccountID, &o.Source, &o.ExternalID, dbDate{&o.OrderedAt}, &o.Amount, &o.Currency, &final, &o.ContactEmail)
	o.Final = final != 0
	return err
}

// ListOrders lists the orders matching f by id, and their number, of those
// of accounts in the scope of the actor in ctx. Viewers and up.
func (s *Store) ListOrders(ctx context.Context, f OrderQuery) ([]crm.Order, int, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := page(f.Limit, f.Offset)
	var w where
	w.scope(s, sc, "account_id")
	if f.AccountID != 0 {
		w.add("account_id = ?", f.AccountID)
	}
	if !f.Since.IsZero() {
		w.add("ordered_at >= ?", s.date(f.Since))
	}
	if !f.Until.IsZero() {
		w.add("ordered_at <= ?", s.date(f.Until))
	}
	order := "id"
	if f.Newest {
		order = "ordered_at DESC, id DESC"
	}
	var out []crm.Order
	total, err := s.listPage(ctx, "orders", orderColumns, w, order, limit, offset, func(rows *sql.Rows) error {
		var o crm.Order
		if err := scanOrder(rows, &o); err != nil {
			return err
		}
		out = append(out, o)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: orders: %w", err)
	}
	return out, total, nil
}

// orderIn returns order id if sc allows its account; ENOTFOUND otherwise.
func (s *Store) orderIn(ctx context.Context, q querier, sc crm.Scope, id int64) (crm.Order, error) {
	var o crm.Order
	cond, args := s.scopeSQL(sc, "account_id", 2)
	err := scanOrder(q.QueryRowContext(ctx, `SELECT `+orderColumns+` FROM orders WHERE id = $1 AND `+cond, append([]any{id}, args...)...), &o)
	if errors.Is(err, sql.ErrNoRows) {
		return o, crm.Errorf(crm.ENOTFOUND, "order %d not found", id)
	}
	return o, err
}

// Order returns one order; ENOTFOUND if there is none or its account is out
// of the scope of the actor in ctx. Viewers and up.
func (s *Store) Order(ctx context.Context, id int64) (crm.Order, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return crm.Order{}, err
	}
	o, err := s.orderIn(ctx, s.db, sc, id)
	if err != nil && crm.ErrorCode(err) == crm.EINTERNAL {
		err = fmt.Errorf("store: order %d: %w", id, err)
	}
	return o, err
}

// DatedAmount is an order's day and net amount.
type DatedAmount struct {
	Day    time.Time
	Amount crm.Money
}

// AccountOrders returns the day and amount of every order of account id, by
// day (the input of the account's revenue trend); none for an account out
// of the scope of the actor in ctx.
func (s *Store) AccountOrders(ctx context.Context, id int64) ([]DatedAmount, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 2)
	rows, err := s.db.QueryContext(ctx, `SELECT ordered_at, amount_cents FROM orders WHERE account_id = $1 AND `+cond+` ORDER BY ordered_at`,
		append([]any{id}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: orders of account %d: %w", id, err)
	}
	defer rows.Close()
	var out []DatedAmount
	for rows.Next() {
		var d DatedAmount
		if err := rows.Scan(dbDate{&d.Day}, &d.Amount); err != nil {
			return nil, fmt.Errorf("store: orders of account %d: %w", id, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// The queries behind the reports (here, in products.go and in
// touchpoints.go): heavy aggregation runs in the database and returns one
// small row per account; internal/report does the math.

// LatestOrderDate is the date of the newest order in the scope of the
// actor in ctx: the default as-of date. crm.ENOTFOUND when there are no
// orders.
func (s *Store) LatestOrderDate(ctx context.Context) (time.Time, error) {
	var t time.Time
	sc, err := readScope(ctx)
	if err != nil {
		return t, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 1)
	var last sql.NullString
	if err := s.db.QueryRowContext(ctx, `SELECT CAST(MAX(ordered_at) AS TEXT) FROM orders WHERE `+cond, args...).Scan(&last); err != nil {
		return t, fmt.Errorf("store: latest order: %w", err)
	}
	if !last.Valid {
		return t, crm.Errorf(crm.ENOTFOUND, "there are no orders yet: import some with 'vitalfew import orders FILE' or try 'vitalfew demo'")
	}
	return t, dbDate{&t}.Scan(last.String)
}

// AccountRevenue is one account's net revenue in a window.
type AccountRevenue struct {
	ID      int64
	Name    string
	Revenue crm.Money
	Orders  int // invoices with a positive amount
}

// RevenueByAccount sums each account's orders (credits net) with
// since <= ordered_at <= until, for accounts in the scope of the actor in
// ctx that have orders in the window.
func (s *Store) RevenueByAccount(ctx context.Context, since, until time.Time) ([]AccountRevenue, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 3)
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.name, r.revenue, r.orders FROM
		(SELECT account_id, SUM(amount_cents) AS revenue, SUM(CASE WHEN amount_cents > 0 THEN 1 ELSE 0 END) AS orders
		FROM orders WHERE ordered_at >= $1 AND ordered_at <= $2 AND `+cond+` GROUP BY account_id) r
		JOIN accounts a ON a.id = r.account_id ORDER BY a.id`, append([]any{s.date(since), s.date(until)}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: revenue by account: %w", err)
	}
	defer rows.Close()
	var out []AccountRevenue
	for rows.Next() {
		var r AccountRevenue
		if err := rows.Scan(&r.ID, &r.Name, &r.Revenue, &r.Orders); err != nil {
			return nil, fmt.Errorf("store: revenue by account: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CustomerHistory is one account's order history up to an as-of date, with
// "order" meaning an invoice with a positive amount: a credit note neither
// makes a customer a repeat customer nor keeps a lapsed one alive. This is
// the definition `vitalfew analyze` uses too.
type CustomerHistory struct {
	ID         int64
	Name       string
	Segment    string
	Owner      string
	Status     string
	FirstOrder time.Time // first day with a positive order; zero when none
	LastOrder  time.Time // last day with a positive order; zero when none
	Orders     int       // positive orders
	OrderDays  int       // distinct days with a positive order
	Revenue    crm.Money // lifetime net revenue (credits netted)
}

// CustomerHistories returns the history of every account in the scope of
// the actor in ctx with orders or credits on or before asOf, ordered by
// account id.
func (s *Store) CustomerHistories(ctx context.Context, asOf time.Time) ([]CustomerHistory, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 4)
	// One scan of the covering index orders_account_date, in parts.
	return byAccountRanges(ctx, s, "customer histories", `SELECT a.id, a.name, a.segment, a.owner, a.status, h.first_order, h.last_order, h.orders, h.days, h.revenue FROM
		(SELECT account_id,
		        MIN(CASE WHEN amount_cents > 0 THEN ordered_at END) AS first_order,
		        MAX(CASE WHEN amount_cents > 0 THEN ordered_at END) AS last_order,
		        SUM(CASE WHEN amount_cents > 0 THEN 1 ELSE 0 END) AS orders,
		        COUNT(DISTINCT CASE WHEN amount_cents > 0 THEN ordered_at END) AS days,
		        SUM(amount_cents) AS revenue
		 FROM orders WHERE account_id BETWEEN $1 AND $2 AND ordered_at <= $3 AND `+cond+` GROUP BY account_id) h
		JOIN accounts a ON a.id = h.account_id ORDER BY a.id`, append([]any{s.date(asOf)}, args...),
		func(r *sql.Rows) (CustomerHistory, error) {
			var h CustomerHistory
			err := r.Scan(&h.ID, &h.Name, &h.Segment, &h.Owner, &h.Status, dbDate{&h.FirstOrder}, dbDate{&h.LastOrder},
				&h.Orders, &h.OrderDays, &h.Revenue)
			return h, err
		})
}

// OrderLogEntry is one order of an account: its day and amount (negative for a
// credit note).
type OrderLogEntry struct {
	AccountID int64
	Day       time.Time
	Amount    crm.Money
}

// OrderLog returns the orders on or before asOf of every account in the
// scope of the actor in ctx, credits included, ordered by account, day and
// amount: the order log that btyd.Purchases turns into the purchase log
// the customer-base models (internal/analytics/btyd) are fitted to.
func (s *Store) OrderLog(ctx context.Context, asOf time.Time) ([]OrderLogEntry, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 4)
	return byAccountRanges(ctx, s, "order log", `SELECT account_id, ordered_at, amount_cents FROM orders
		WHERE account_id BETWEEN $1 AND $2 AND ordered_at <= $3 AND `+cond+`
		ORDER BY account_id, ordered_at, amount_cents`, append([]any{s.date(asOf)}, args...),
		func(r *sql.Rows) (OrderLogEntry, error) {
			var d OrderLogEntry
			err := r.Scan(&d.AccountID, dbDate{&d.Day}, &d.Amount)
			return d, err
		})
}

// cleanOrder trims and checks an order for writing.
func cleanOrder(o *crm.Order) error {
	o.ExternalID = strings.TrimSpace(o.ExternalID)
	o.Currency = strings.ToUpper(strings.TrimSpace(o.Currency))
	if o.ContactEmail != "" {
		e := crm.NormalizeEmail(o.ContactEmail)
		if e == "" || strings.ContainsAny(e, " ,;<>") {
			return crm.Errorf(crm.EINVALID, "contact_email: not an email address: %q", o.ContactEmail)
		}
		o.ContactEmail = e
	}
	switch {
	case o.AccountID <= 0:
		return crm.Errorf(crm.EINVALID, "account_id: required")
	case o.OrderedAt.IsZero():
		return crm.Errorf(crm.EINVALID, "ordered_at: required")
	case o.Currency != "" && (len(o.Currency) != 3 || strings.Trim(o.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != ""):
		return crm.Errorf(crm.EINVALID, "currency: want a three-letter code like EUR, got %q", o.Currency)
	}
	return o.Check()
}

// checkOrderKeys checks the order's account (it exists and sc allows it)
// and that no other order of its source has its external id.
func (s *Store) checkOrderKeys(ctx context.Context, tx *sql.Tx, sc crm.Scope, o *crm.Order) error {
	if err := s.lockKeys(ctx, tx, keyOf("order", o.Source, o.ExternalID)); err != nil {
		return err
	}
	if err := s.accountVisible(ctx, tx, sc, o.AccountID, "account_id"); err != nil {
		return err
	}
	var other int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM orders WHERE source = $1 AND external_id = $2 AND id <> $3`, o.Source, o.ExternalID, o.ID).Scan(&other)
	if err == nil {
		return crm.Errorf(crm.ECONFLICT, "external_id: order %d has it already", other)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return nil
}

// CreateOrder adds an order (without lines) under source "web"; an empty
// external id gets a fresh one. Credits are negative amounts. Staff and
// admins; EINVALID for a missing or unknown account, a missing date, a bad
// amount or currency, ECONFLICT for an external id taken by another API
// order.
func (s *Store) CreateOrder(ctx context.Context, o crm.Order) (crm.Order, error) {
	o.ID, o.Source = 0, WebSource
	if err := cleanOrder(&o); err != nil {
		return o, err
	}
	err := s.write(ctx, crm.RoleStaff, "create order", func(tx *sql.Tx, a crm.Actor) error {
		if o.ExternalID == "" {
			o.ExternalID = newExternalID(a)
		}
		if err := s.checkOrderKeys(ctx, tx, a.Scope, &o); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO orders (account_id, source, external_id, ordered_at, amount_cents, currency, final, contact_email)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, o.AccountID, o.Source, o.ExternalID, s.date(o.OrderedAt), o.Amount, o.Currency,
			boolInt(o.Final), o.ContactEmail).Scan(&o.ID)
		if err != nil {
			return err
		}
		return audit(ctx, tx, a, "create", "order", o.ID, nil, o)
	})
	return o, err
}

// UpdateOrder changes order id: edit gets the stored order and changes it.
// The order's lines follow a new account or date. Staff and admins;
// ENOTFOUND for an unknown order, otherwise as CreateOrder (an emptied
// external id is refused).
func (s *Store) UpdateOrder(ctx context.Context, id int64, edit func(*crm.Order) error) (crm.Order, error) {
	var after crm.Order
	err := s.write(ctx, crm.RoleStaff, "update order", func(tx *sql.Tx, a crm.Actor) error {
		before, err := s.orderIn(ctx, tx, a.Scope, id)
		if err != nil {
			return err
		}
		after = before
		if err := edit(&after); err != nil {
			return err
		}
		after.ID, after.Source = before.ID, before.Source
		if err := cleanOrder(&after); err != nil {
			return err
		}
		if after.ExternalID == "" {
			return crm.Errorf(crm.EINVALID, "external_id: must not be empty")
		}
		if after == before {
			return nil
		}
		if err := s.checkOrderKeys(ctx, tx, a.Scope, &after); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET account_id = $1, external_id = $2, ordered_at = $3, amount_cents = $4, currency = $5,
			final = $6, contact_email = $7 WHERE id = $8`,
			after.AccountID, after.ExternalID, s.date(after.OrderedAt), after.Amount, after.Currency, boolInt(after.Final), after.ContactEmail, id); err != nil {
			return err
		}
		if after.AccountID != before.AccountID || !after.OrderedAt.Equal(before.OrderedAt) {
			if _, err := tx.ExecContext(ctx, `UPDATE order_lines SET account_id = $1, ordered_at = $2 WHERE order_id = $3`,
				after.AccountID, s.date(after.OrderedAt), id); err != nil {
				return err
			}
		}
		if after.AccountID != before.AccountID { // shipments carry their order's account
			if _, err := tx.ExecContext(ctx, `UPDATE shipments SET account_id = $1 WHERE order_id = $2`, after.AccountID, id); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, "update", "order", id, before, after)
	})
	return after, err
}

// DeleteOrder deletes order id and its lines. Staff and admins; ENOTFOUND
// for an unknown order. The audit entry keeps the order and its number of
// lines.
func (s *Store) DeleteOrder(ctx context.Context, id int64) error {
	return s.write(ctx, crm.RoleStaff, "delete order", func(tx *sql.Tx, a crm.Actor) error {
		before, err := s.orderIn(ctx, tx, a.Scope, id)
		if err != nil {
			return err
		}
		gone := struct {
			crm.Order
			Lines int `json:"deleted_lines"`
		}{Order: before}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM order_lines WHERE order_id = $1`, id).Scan(&gone.Lines); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM order_lines WHERE order_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM shipments WHERE order_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM orders WHERE id = $1`, id); err != nil {
			return err
		}
		return audit(ctx, tx, a, "delete", "order", id, gone, nil)
	})
}

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
	var sw *stopwatch
	sum, err := importRows(ctx, s, recs, opt, importSteps[crm.OrderRecord]{
		kind: "orders",
		check: func(r *crm.OrderRecord) (int, error) {
			return r.Line, firstErr(r.Account.Check("customer"), r.Order.Check())
		},
		prepare: func([]crm.OrderRecord, *crm.ImportSummary) error {
			sw = s.stopwatch("import orders")
			return nil
		},
		write: func(c *sql.Conn, _ crm.Actor, recs []crm.OrderRecord, sum *crm.ImportSummary) error {
			im := &orderImport{ctx: ctx, s: s, c: c, opt: opt, source: importSource(opt), recs: recs, sw: sw, sum: sum}
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
			if err := im.finals(ctx); err != nil {
				return err
			}
			return im.codes(ctx)
		},
	})
	if sw != nil {
		sw.step("commit", 0)
	}
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

// finals marks the file's final invoices and writes their contacts: an
// import sets the flag and never clears it (the app does), and a contact
// only where the file names one. Rows of one invoice: final if any is, the
// first contact named.
func (im *orderImport) finals(ctx context.Context) error {
	type mark struct {
		final bool
		email string
	}
	marks := map[string]mark{}
	var keys []string
	for i := range im.recs {
		o := &im.recs[i].Order
		if !o.Final && o.ContactEmail == "" {
			continue
		}
		m, seen := marks[o.ExternalID]
		if !seen {
			keys = append(keys, o.ExternalID)
		}
		m.final = m.final || o.Final
		if m.email == "" {
			m.email = o.ContactEmail
		}
		marks[o.ExternalID] = m
	}
	if len(keys) == 0 {
		return nil
	}
	stmt, err := im.c.PrepareContext(ctx, `UPDATE orders SET final = CASE WHEN $1 = 1 THEN 1 ELSE final END,
		contact_email = CASE WHEN $2 = '' THEN contact_email ELSE $2 END WHERE external_id = $3 AND source = $4`)
	if err != nil {
		return fmt.Errorf("store: mark final invoices: %w", err)
	}
	defer stmt.Close()
	for _, k := range keys {
		m := marks[k]
		if _, err := stmt.ExecContext(ctx, boolInt(m.final), m.email, k, im.source); err != nil {
			return fmt.Errorf("store: mark final invoice %s: %w", k, err)
		}
	}
	im.sw.step("final invoices", len(keys))
	return nil
}

// codes records, for each invoice placed with a code of a marketing
// activity (crm.OrderRecord.Code, matched as tracking codes are: whatever
// the case), a forward touch of its account on the invoice's day —
// forward tracking from the orders themselves. Codes of no activity (a
// loyalty discount) are counted and left alone; a touch already there
// stays as it is.
func (im *orderImport) codes(ctx context.Context) error {
	seen := map[string]bool{}
	var keys, codes []string
	for i := range im.recs {
		r := &im.recs[i]
		if k := crm.ActivityKey(r.Code); k != "" && !seen[r.Order.ExternalID] {
			seen[r.Order.ExternalID] = true
			keys, codes = append(keys, r.Order.ExternalID), append(codes, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	stmt, err := im.c.PrepareContext(ctx, `INSERT INTO activity_touches (account_id, activity_id, tracking_code_id, touched_on, method, recorded_by, recorded_at, source)
		SELECT o.account_id, tc.activity_id, tc.id, o.ordered_at, 'forward', '', $1, $2 FROM orders o JOIN tracking_codes tc ON tc.code_key = $3
		WHERE o.external_id = $4 AND o.source = $2
		ON CONFLICT (account_id, activity_id, touched_on, method) DO NOTHING`)
	if err != nil {
		return fmt.Errorf("store: touches of order codes: %w", err)
	}
	defer stmt.Close()
	now, touched := time.Now().Unix(), 0
	for i, k := range keys {
		res, err := stmt.ExecContext(ctx, now, im.source, codes[i], k)
		if err != nil {
			return fmt.Errorf("store: touch of order %s: %w", k, err)
		}
		n, _ := res.RowsAffected()
		touched += int(n)
	}
	im.s.log.Info("orders with codes", slog.Int("orders", len(keys)), slog.Int("touches", touched))
	im.sw.step("code touches", touched)
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
		// And shipments their order's account.
		shipments, err := c.PrepareContext(ctx, `UPDATE shipments SET account_id = $1 WHERE order_id = $2`)
		if err != nil {
			return fmt.Errorf("store: update shipments: %w", err)
		}
		defer shipments.Close()
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
			if old.accountID != o.AccountID {
				if _, err := shipments.ExecContext(ctx, o.AccountID, o.ID); err != nil {
					return fmt.Errorf("store: update shipments of order %s: %w", o.ExternalID, err)
				}
			}
		}
	}
	im.sum.Updated = len(changed)
	return nil
}
