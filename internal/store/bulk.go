package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// inTx runs one import of kind by actor a: fn in one write transaction on
// a dedicated connection (so that PostgreSQL's COPY, which needs the driver
// connection, runs inside it), then the import's entry in the imports list
// and in the audit log (with *sum as fn left it), in the same transaction.
// It rolls back when fn fails or opt.DryRun is set: nothing is written, no
// audit entry either. Imports take turns (see importLock).
func (s *Store) inTx(ctx context.Context, a crm.Actor, kind string, opt crm.ImportOptions, sum *crm.ImportSummary, fn func(c *sql.Conn) error) (err error) {
	var done func() // set once the import has had to wait
	wait := func() {
		if done != nil {
			return
		}
		s.log.Info("another import is running; waiting for it to finish", slog.String("kind", kind), slog.String("file", opt.File))
		done = func() {}
		if opt.Waiting != nil {
			if d := opt.Waiting(); d != nil {
				done = d
			}
		}
	}
	select {
	case s.importing <- struct{}{}:
	default:
		wait()
		select {
		case s.importing <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	defer func() { <-s.importing }()
	c, err := s.wdb.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer c.Close()
	if !s.postgres {
		// The importers resolve every reference before they write, so
		// SQLite's per-row foreign key look-ups are skipped while they run.
		if _, err := c.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		defer c.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
	}
	err = s.importLock(ctx, c, wait)
	if err == nil {
		if done != nil {
			done()
		}
		err = fn(c)
	}
	if err == nil {
		err = s.logImport(ctx, c, a, kind, opt, *sum)
	}
	if err != nil {
		_, _ = c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return err
	}
	end := "COMMIT"
	if opt.DryRun {
		end = "ROLLBACK"
	}
	if _, err := c.ExecContext(ctx, end); err != nil {
		return fmt.Errorf("store: %s: %w", strings.ToLower(end), err)
	}
	return nil
}

// importLockKey is the PostgreSQL advisory lock of imports ("vitalfew").
const importLockKey = 0x766974616c666577

// importLock begins the import's transaction on c and takes the database's
// import lock for it, so that imports run one at a time: two at once
// deadlocked, or created the same new customer twice. Within a process
// they already take turns (Store.importing); this lock is for imports from
// other processes. On PostgreSQL it is an advisory lock held until the
// transaction ends; on SQLite the database's write lock (BEGIN
// IMMEDIATE), which every writer takes. The first try does not wait: when
// the lock is taken, wait is called (it tells the user), and then the
// import waits as long as ctx allows.
func (s *Store) importLock(ctx context.Context, c *sql.Conn, wait func()) error {
	if s.postgres {
		if _, err := c.ExecContext(ctx, "BEGIN"); err != nil {
			return fmt.Errorf("store: begin: %w", err)
		}
		var free bool
		if err := c.QueryRowContext(ctx, `SELECT pg_try_advisory_xact_lock($1)`, int64(importLockKey)).Scan(&free); err != nil {
			return fmt.Errorf("store: import lock: %w", err)
		}
		if free {
			return nil
		}
		wait()
		if _, err := c.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(importLockKey)); err != nil {
			return fmt.Errorf("store: import lock: %w", err)
		}
		return nil
	}
	// A short first try: a writer that is not an import holds the lock
	// for milliseconds.
	if _, err := c.ExecContext(ctx, `PRAGMA busy_timeout = 200`); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer c.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA busy_timeout = %d`, busyTimeout))
	for {
		_, err := c.ExecContext(ctx, "BEGIN IMMEDIATE")
		var se *sqlite.Error
		if !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY {
			if err != nil {
				return fmt.Errorf("store: begin: %w", err)
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		wait()
		if _, err := c.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, busyTimeout)); err != nil {
			return fmt.Errorf("store: %w", err)
		}
	}
}

// rowsPerInsert is how many rows one SQLite INSERT statement carries: fewer
// statement executions is what makes bulk inserts fast in modernc SQLite.
const rowsPerInsert = 64

// bulkInsert writes n rows into table: COPY on PostgreSQL, multi-row
// prepared INSERTs on SQLite. row fills dst (len(cols)) for row i.
func (s *Store) bulkInsert(ctx context.Context, c *sql.Conn, table string, cols []string, n int, row func(i int, dst []any)) error {
	if n < bulkLoadRows {
		return s.bulkWrite(ctx, c, table, cols, n, row, false)
	}
	return s.withoutIndexes(ctx, c, table, n, func(bool) error {
		return s.bulkWrite(ctx, c, table, cols, n, row, false)
	})
}

// bulkLoadRows is the size from which a bulk insert that at least doubles a
// table drops the table's secondary indexes and builds them afresh after:
// sorting once is far cheaper than a million random index insertions.
const bulkLoadRows = 10_000

// withoutIndexes runs fn with table's secondary (non-constraint) indexes
// dropped when n rows at least double the table, and recreates them after,
// inside the same transaction. fn learns whether they were dropped.
//
// On PostgreSQL the table's keys are dropped too and added back after the
// load (see pgKeys). A foreign key to a table in trusted is added back NOT
// VALID, without the join that checks every row: the caller vouches that
// every reference it wrote names a row it created or looked up in this
// transaction while holding a lock on that table that keeps other
// transactions from deleting rows (see lockReferenced). Its other foreign keys
// are checked.
func (s *Store) withoutIndexes(ctx context.Context, c *sql.Conn, table string, n int, fn func(dropped bool) error, trusted ...string) error {
	stored, err := countUpTo(ctx, c, table, "", nil, n+1)
	if err != nil {
		return err
	}
	if n < stored {
		return fn(false)
	}
	q := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL`
	if s.postgres {
		q = `SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename = $1
			AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`
	}
	rows, err := c.QueryContext(ctx, q, table)
	if err != nil {
		return fmt.Errorf("store: indexes of %s: %w", table, err)
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return err
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var drop, rebuild []string
	for i, name := range names {
		drop = append(drop, `DROP INDEX `+name)
		rebuild = append(rebuild, defs[i])
	}
	if s.postgres {
		d, r, err := pgKeys(ctx, c, table, trusted)
		if err != nil {
			return err
		}
		drop, rebuild = append(drop, d...), append(rebuild, r...)
	}
	for _, q := range drop {
		if _, err := c.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: %s: %w", q, err)
		}
	}
	if s.postgres {
		// Index builds sort in memory when they may use enough of it.
		if _, err := c.ExecContext(ctx, `SET LOCAL maintenance_work_mem = '512MB'`); err != nil {
			return fmt.Errorf("store: %w", err)
		}
	}
	sw := s.stopwatch("bulk load " + table)
	if err := fn(true); err != nil {
		return err
	}
	sw.step("insert", n)
	for _, q := range rebuild {
		if _, err := c.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: %s: %w", q, err)
		}
		sw.step(q, 0)
	}
	return nil
}

// pgKeys returns the statements that drop table's keys for a bulk load
// (PostgreSQL) and those that add them back, in the order to run them.
//
// PostgreSQL checks foreign keys with a trigger per row; checking them once,
// as one join when the constraint is added back, is many times faster for a
// bulk load. Keys to a table in trusted come back NOT VALID (see
// withoutIndexes).
//
// COPY into a table without its primary key index is twice as fast, and
// building the key once after costs a fraction of that. The foreign keys of
// other tables to it go with it and come back NOT VALID: the load only adds
// rows to table, and those tables stay locked against writes from the drop
// to the end of the transaction, so every row that referenced table still
// finds its row.
func pgKeys(ctx context.Context, c *sql.Conn, table string, trusted []string) (drop, add []string, err error) {
	var pkey, pdef string
	err = c.QueryRowContext(ctx, `SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'p' AND conrelid = $1::regclass`, table).Scan(&pkey, &pdef)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("store: primary key of %s: %w", table, err)
	}
	if err == nil {
		add = append(add, fmt.Sprintf(`ALTER TABLE %s ADD CONSTRAINT %s %s`, table, pkey, pdef))
	}
	// Its own foreign keys first, then those of other tables to it.
	rows, err := c.QueryContext(ctx, `SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), confrelid::regclass::text
		FROM pg_constraint WHERE contype = 'f' AND (conrelid = $1::regclass OR confrelid = $1::regclass AND $2)
		ORDER BY conrelid <> $1::regclass, 1, 2`, table, pkey != "")
	if err != nil {
		return nil, nil, fmt.Errorf("store: foreign keys of %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var from, name, def, to string
		if err := rows.Scan(&from, &name, &def, &to); err != nil {
			return nil, nil, err
		}
		// A key added NOT VALID by an earlier load is checked when this
		// load cannot vouch for it.
		def = strings.TrimSuffix(def, " NOT VALID")
		if from != table || slices.Contains(trusted, to) {
			def += " NOT VALID"
		}
		drop = append(drop, fmt.Sprintf(`ALTER TABLE %s DROP CONSTRAINT %s`, from, name))
		add = append(add, fmt.Sprintf(`ALTER TABLE %s ADD CONSTRAINT %s %s`, from, name, def))
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if pkey != "" {
		drop = append(drop, fmt.Sprintf(`ALTER TABLE %s DROP CONSTRAINT %s`, table, pkey))
	}
	return drop, add, nil
}

// lockReferenced keeps other transactions from changing or deleting rows of
// table until this one ends (PostgreSQL; SQLite's write transaction holds
// the whole database already). Readers are not blocked.
func (s *Store) lockReferenced(ctx context.Context, c *sql.Conn, table string) error {
	if !s.postgres {
		return nil
	}
	if _, err := c.ExecContext(ctx, `LOCK TABLE `+table+` IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return fmt.Errorf("store: lock %s: %w", table, err)
	}
	return nil
}

// bulkInsertIgnore is bulkInsert that skips rows violating a unique key.
func (s *Store) bulkInsertIgnore(ctx context.Context, c *sql.Conn, table string, cols []string, n int, row func(i int, dst []any)) error {
	return s.bulkWrite(ctx, c, table, cols, n, row, true)
}

func (s *Store) bulkWrite(ctx context.Context, c *sql.Conn, table string, cols []string, n int, row func(i int, dst []any), ignore bool) error {
	if n == 0 {
		return nil
	}
	if s.postgres && ignore {
		// COPY cannot skip conflicts: copy into a scratch table, then insert.
		tmp := "tmp_" + table
		q := fmt.Sprintf(`CREATE TEMP TABLE %s ON COMMIT DROP AS SELECT %s FROM %s WITH NO DATA`, tmp, strings.Join(cols, ", "), table)
		if _, err := c.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: scratch table: %w", err)
		}
		if err := s.bulkWrite(ctx, c, tmp, cols, n, row, false); err != nil {
			return err
		}
		list := strings.Join(cols, ", ")
		if _, err := c.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM %s ON CONFLICT DO NOTHING`, table, list, list, tmp)); err != nil {
			return fmt.Errorf("store: insert into %s: %w", table, err)
		}
		if _, err := c.ExecContext(ctx, `DROP TABLE `+tmp); err != nil {
			return fmt.Errorf("store: drop scratch table: %w", err)
		}
		return nil
	}
	suffix := ""
	if ignore {
		suffix = " ON CONFLICT DO NOTHING"
	}
	if s.postgres {
		return c.Raw(func(dc any) error {
			pc := dc.(*stdlib.Conn).Conn()
			buf := make([]any, len(cols))
			src := pgx.CopyFromSlice(n, func(i int) ([]any, error) {
				row(i, buf)
				return buf, nil
			})
			if _, err := pc.CopyFrom(ctx, pgx.Identifier{table}, cols, src); err != nil {
				return fmt.Errorf("store: copy into %s: %w", table, err)
			}
			return nil
		})
	}
	full := n / rowsPerInsert
	args := make([]any, rowsPerInsert*len(cols))
	if full > 0 {
		stmt, err := c.PrepareContext(ctx, insertSQL(table, cols, rowsPerInsert)+suffix)
		if err != nil {
			return fmt.Errorf("store: prepare insert into %s: %w", table, err)
		}
		defer stmt.Close()
		for b := 0; b < full; b++ {
			for k := 0; k < rowsPerInsert; k++ {
				row(b*rowsPerInsert+k, args[k*len(cols):(k+1)*len(cols)])
			}
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				return fmt.Errorf("store: insert into %s: %w", table, err)
			}
		}
	}
	if rest := n - full*rowsPerInsert; rest > 0 {
		for k := 0; k < rest; k++ {
			row(full*rowsPerInsert+k, args[k*len(cols):(k+1)*len(cols)])
		}
		if _, err := c.ExecContext(ctx, insertSQL(table, cols, rest)+suffix, args[:rest*len(cols)]...); err != nil {
			return fmt.Errorf("store: insert into %s: %w", table, err)
		}
	}
	return nil
}

// insertSQL is a multi-row INSERT for SQLite. It uses anonymous ?
// parameters: modernc looks up each $N parameter's name in a list, which
// costs quadratic time in statements with hundreds of parameters.
func insertSQL(table string, cols []string, rows int) string {
	one := "(?" + strings.Repeat(", ?", len(cols)-1) + ")"
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", table, strings.Join(cols, ", "), one+strings.Repeat(", "+one, rows-1))
}

// allocIDs reserves n new ids for table, for rows whose id must be known
// before they are written (accounts created by an import, contacts and their
// identities). Must run inside the write transaction.
func (s *Store) allocIDs(ctx context.Context, q querier, table string, n int64) (first int64, err error) {
	if n == 0 {
		return 0, nil
	}
	if s.postgres {
		// setval moves the identity sequence past the block in one step.
		err = q.QueryRowContext(ctx, fmt.Sprintf(
			`SELECT setval(pg_get_serial_sequence('%[1]s', 'id'), GREATEST(nextval(pg_get_serial_sequence('%[1]s', 'id')),
			 (SELECT COALESCE(MAX(id), 0) + 1 FROM %[1]s)) + $1 - 1) - $1 + 1`, table), n).Scan(&first)
	} else {
		err = q.QueryRowContext(ctx, fmt.Sprintf(`SELECT COALESCE(MAX(id), 0) + 1 FROM %s`, table)).Scan(&first)
	}
	if err != nil {
		return 0, fmt.Errorf("store: allocate ids in %s: %w", table, err)
	}
	return first, nil
}

// sequenceIDs reserves n ids from table's identity sequence without
// reading or locking the table (PostgreSQL only): for another connection
// than the import's, which may hold the table locked. The first block of an
// import comes from allocIDs, which also moves the sequence past the
// table's largest id.
func (s *Store) sequenceIDs(ctx context.Context, q querier, table string, n int64) (first int64, err error) {
	err = q.QueryRowContext(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%[1]s', 'id'),
		nextval(pg_get_serial_sequence('%[1]s', 'id')) + $1 - 1) - $1 + 1`, table), n).Scan(&first)
	if err != nil {
		return 0, fmt.Errorf("store: reserve ids in %s: %w", table, err)
	}
	return first, nil
}

// countUpTo counts the rows of table matching where (with args), but stops
// at limit: "is the table small compared with this import?" costs no more
// than the import itself, however large the table has grown.
func countUpTo(ctx context.Context, q querier, table, where string, args []any, limit int) (int, error) {
	if where == "" {
		where = "1 = 1"
	}
	var n int
	query := fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM %s WHERE %s LIMIT %d) t`, table, where, limit)
	if err := q.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count %s: %w", table, err)
	}
	return n, nil
}

// inChunks calls fn with consecutive slices of at most 500 keys, for
// IN (...) look-ups that stay under every driver's parameter limit.
func inChunks(keys []string, fn func(part []string) error) error {
	const size = 500
	for i := 0; i < len(keys); i += size {
		if err := fn(keys[i:min(i+size, len(keys))]); err != nil {
			return err
		}
	}
	return nil
}

// placeholders returns "$from, $from+1, …" for n parameters.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
}

func stringArgs(first []any, ss []string) []any {
	args := make([]any, 0, len(first)+len(ss))
	args = append(args, first...)
	for _, s := range ss {
		args = append(args, s)
	}
	return args
}

// idBlock hands out ids reserved with allocIDs, a block at a time. On
// SQLite the write transaction holds the whole database, so one look-up
// serves the whole import; PostgreSQL takes blocks from the sequence,
// leaving at most one block's gap.
type idBlock struct{ next, last int64 }

// idBlockSize is how many ids PostgreSQL imports reserve at a time.
const idBlockSize = 4096

func (b *idBlock) empty() bool { return b.next == 0 || b.next > b.last }

func (b *idBlock) take(ctx context.Context, s *Store, q querier, table string) (int64, error) {
	if err := b.fill(ctx, s, q, table); err != nil {
		return 0, err
	}
	id := b.next
	b.next++
	return id, nil
}

// fill reserves a block unless ids are left, so that take needs no query
// until they are used up (on SQLite: never again).
func (b *idBlock) fill(ctx context.Context, s *Store, q querier, table string) error {
	if !b.empty() {
		return nil
	}
	n := int64(idBlockSize)
	if !s.postgres {
		n = math.MaxInt64 / 2
	}
	first, err := s.allocIDs(ctx, q, table, n)
	if err != nil {
		return err
	}
	b.next, b.last = first, first+n-1
	return nil
}

// stopwatch logs, at debug level, how long each step of an import took:
// `vitalfew --log-level debug import …` shows where the time goes.
type stopwatch struct {
	log        *slog.Logger
	what       string
	start, lap time.Time
}

func (s *Store) stopwatch(what string) *stopwatch {
	now := time.Now()
	return &stopwatch{log: s.log, what: what, start: now, lap: now}
}

func (w *stopwatch) step(name string, rows int) {
	now := time.Now()
	w.log.Debug(w.what, slog.String("step", name), slog.Int("rows", rows),
		slog.Duration("took", now.Sub(w.lap)), slog.Duration("total", now.Sub(w.start)))
	w.lap = now
}

// rowFeed hands rows from a goroutine that prepares them to the writer that
// sends them to the database, so that both run at once. The producer fills
// a slice the writer can see, in order, and publishes how many rows are
// ready; it never changes a row once published.
type rowFeed struct {
	ready atomic.Int64
	wake  chan struct{} // a publish since the writer last looked
	done  chan struct{} // closed by finish
}

func newRowFeed() *rowFeed {
	return &rowFeed{wake: make(chan struct{}, 1), done: make(chan struct{})}
}

// publish makes the first n rows visible to the writer.
func (f *rowFeed) publish(n int) {
	f.ready.Store(int64(n))
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// finish publishes the last rows, n in all: no more will come.
func (f *rowFeed) finish(n int) {
	f.ready.Store(int64(n))
	close(f.done)
}

// wait blocks until at least want rows are ready, the feed is finished or
// ctx is done; it returns how many rows are ready and whether more may come.
func (f *rowFeed) wait(ctx context.Context, want int) (int, bool) {
	for {
		if n := int(f.ready.Load()); n >= want {
			return n, true
		}
		select {
		case <-f.wake:
		case <-f.done:
			return int(f.ready.Load()), false
		case <-ctx.Done():
			return int(f.ready.Load()), false
		}
	}
}

// bulkStream writes the rows of feed as they become ready, until it is
// finished: COPY on PostgreSQL, multi-row prepared INSERTs on SQLite. row
// fills dst (len(cols)) for row i. It returns the number of rows written.
func (s *Store) bulkStream(ctx context.Context, c *sql.Conn, table string, cols []string, feed *rowFeed, row func(i int, dst []any)) (int, error) {
	if s.postgres {
		var n int64
		err := c.Raw(func(dc any) error {
			pc := dc.(*stdlib.Conn).Conn()
			src := &feedSource{ctx: ctx, feed: feed, row: row, buf: make([]any, len(cols)), next: -1}
			var err error
			n, err = pc.CopyFrom(ctx, pgx.Identifier{table}, cols, src)
			if err != nil {
				return fmt.Errorf("store: copy into %s: %w", table, err)
			}
			return ctx.Err()
		})
		return int(n), err
	}
	stmt, err := c.PrepareContext(ctx, insertSQL(table, cols, rowsPerInsert))
	if err != nil {
		return 0, fmt.Errorf("store: prepare insert into %s: %w", table, err)
	}
	defer stmt.Close()
	args := make([]any, rowsPerInsert*len(cols))
	written := 0
	for {
		ready, more := feed.wait(ctx, written+rowsPerInsert)
		for ; written+rowsPerInsert <= ready; written += rowsPerInsert {
			for k := 0; k < rowsPerInsert; k++ {
				row(written+k, args[k*len(cols):(k+1)*len(cols)])
			}
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				return written, fmt.Errorf("store: insert into %s: %w", table, err)
			}
		}
		if more {
			continue
		}
		if err := ctx.Err(); err != nil {
			return written, err
		}
		if rest := ready - written; rest > 0 {
			for k := 0; k < rest; k++ {
				row(written+k, args[k*len(cols):(k+1)*len(cols)])
			}
			if _, err := c.ExecContext(ctx, insertSQL(table, cols, rest), args[:rest*len(cols)]...); err != nil {
				return written, fmt.Errorf("store: insert into %s: %w", table, err)
			}
			written = ready
		}
		return written, nil
	}
}

// feedSource is a pgx.CopyFromSource over a rowFeed.
type feedSource struct {
	ctx         context.Context
	feed        *rowFeed
	row         func(i int, dst []any)
	buf         []any
	next, ready int
}

func (f *feedSource) Next() bool {
	f.next++
	if f.next < f.ready {
		return true
	}
	f.ready, _ = f.feed.wait(f.ctx, f.next+1)
	return f.next < f.ready
}

func (f *feedSource) Values() ([]any, error) {
	f.row(f.next, f.buf)
	return f.buf, nil
}

func (f *feedSource) Err() error { return nil }
