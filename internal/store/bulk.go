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
		err = s.validateKeys(ctx, c)
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
// prepared INSERTs on SQLite; from bulkLoadRows rows as a bulk load (see
// bulkLoad). row fills dst (len(cols)) for row i. On PostgreSQL it then
// analyzes the table if the rows are many for it (analyzeLoaded).
func (s *Store) bulkInsert(ctx context.Context, c *sql.Conn, table string, cols []string, n int, row func(i int, dst []any)) error {
	if n < bulkLoadRows {
		if err := s.bulkWrite(ctx, c, table, cols, n, row, false); err != nil {
			return err
		}
		return s.analyzeLoaded(ctx, c, table, n)
	}
	return s.bulkLoad(ctx, c, table, cols, n, func(into string) error {
		return s.bulkWrite(ctx, c, into, cols, n, row, false)
	})
}

// bulkLoadRows is the size from which a bulk insert is a bulk load.
const bulkLoadRows = 10_000

// bulkLoad runs fn, which writes n rows of cols into the table it is given,
// as a load into table, in one of three ways:
//
//   - The fast path: into table with its secondary indexes dropped, built
//     afresh after (sorting once is far cheaper than a million random index
//     insertions); on PostgreSQL its keys go too (see pgKeys). SQLite takes
//     it when the rows at least double the table: its readers read their
//     snapshot and never wait for the writer. PostgreSQL only when table
//     and every table its keys link it to are empty — the first load into a
//     fresh database — because dropping an index or a key locks the table
//     (and a foreign key the table it references) against readers until the
//     commit.
//   - PostgreSQL otherwise: into a temporary staging table, whose rows one
//     INSERT … SELECT then adds to table with its indexes and keys in place
//     (each row's keys checked), so that readers never wait.
//   - SQLite otherwise: into table.
//
// On PostgreSQL the table is then analyzed if the rows are many for it
// (analyzeLoaded).
func (s *Store) bulkLoad(ctx context.Context, c *sql.Conn, table string, cols []string, n int, fn func(into string) error) error {
	if err := s.load(ctx, c, table, cols, n, fn); err != nil {
		return err
	}
	return s.analyzeLoaded(ctx, c, table, n)
}

// analyzeLoaded gathers the planner's statistics of table (PostgreSQL) when
// the n rows just written are at least 50 plus a tenth of the rows it held
// when it was last analyzed (none if it never was): autovacuum's rule with
// its default threshold and scale factor, applied at once. Autovacuum may be
// off, and when it is on it sees the rows only once the load has committed;
// until it has analyzed them, the statements that follow in the same import
// and the next import's are planned without statistics. Without them
// PostgreSQL takes each value of an IN list to match 0.5% of the rows: the
// demo's look-up of stored order lines by 500 order ids became a sequential
// scan of every order line, 0.34 s a query at 1.6M lines and growing with
// the table. ANALYZE reads a sample of 30,000 rows (counting the load's own
// rows, not yet committed) and keeps neither readers nor writers waiting.
func (s *Store) analyzeLoaded(ctx context.Context, c *sql.Conn, table string, n int) error {
	if !s.postgres {
		return nil
	}
	var tuples float64
	if err := c.QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE oid = $1::regclass`, table).Scan(&tuples); err != nil {
		return fmt.Errorf("store: rows of %s: %w", table, err)
	}
	if float64(n) < 50+max(tuples, 0)/10 {
		return nil
	}
	sw := s.stopwatch("analyze " + table)
	if _, err := c.ExecContext(ctx, `ANALYZE `+table); err != nil {
		return fmt.Errorf("store: analyze %s: %w", table, err)
	}
	sw.step("analyze", 0)
	return nil
}

// load is bulkLoad without the statistics.
func (s *Store) load(ctx context.Context, c *sql.Conn, table string, cols []string, n int, fn func(into string) error) error {
	var drop, keys []string
	if s.postgres {
		var linked []string
		var err error
		if drop, keys, linked, err = pgKeys(ctx, c, table); err != nil {
			return err
		}
		empty, err := allEmpty(ctx, c, append(linked, table))
		if err != nil {
			return err
		}
		if !empty {
			return s.stage(ctx, c, table, cols, false, fn)
		}
	} else {
		stored, err := countUpTo(ctx, c, table, "", nil, n+1)
		if err != nil {
			return err
		}
		if n < stored {
			return fn(table)
		}
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
	var indexes, rebuild []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return err
		}
		indexes = append(indexes, `DROP INDEX `+name)
		rebuild = append(rebuild, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, q := range append(indexes, drop...) {
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
	if err := fn(table); err != nil {
		return err
	}
	sw.step("insert", n)
	for _, q := range append(rebuild, keys...) {
		if _, err := c.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: %s: %w", q, err)
		}
		sw.step(q, 0)
	}
	return nil
}

// pgKeys returns the statements that drop table's keys for a bulk load
// (PostgreSQL) and those that add them back, in the order to run them, and
// the other tables those keys link table to.
//
// COPY into a table without its primary key index is twice as fast, and
// building the key once after costs a fraction of that; the foreign keys of
// other tables to it go with it. PostgreSQL checks foreign keys with a
// trigger per row; checking them once, as one join when the constraint is
// added back, is many times faster. Every key comes back validated.
func pgKeys(ctx context.Context, c *sql.Conn, table string) (drop, add, linked []string, err error) {
	var pkey, pdef string
	err = c.QueryRowContext(ctx, `SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'p' AND conrelid = $1::regclass`, table).Scan(&pkey, &pdef)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil, fmt.Errorf("store: primary key of %s: %w", table, err)
	}
	if err == nil {
		add = append(add, fmt.Sprintf(`ALTER TABLE %s ADD CONSTRAINT %s %s`, table, pkey, pdef))
	}
	// Its own foreign keys first, then those of other tables to it.
	rows, err := c.QueryContext(ctx, `SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), confrelid::regclass::text
		FROM pg_constraint WHERE contype = 'f' AND (conrelid = $1::regclass OR confrelid = $1::regclass AND $2)
		ORDER BY conrelid <> $1::regclass, 1, 2`, table, pkey != "")
	if err != nil {
		return nil, nil, nil, fmt.Errorf("store: foreign keys of %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var from, name, def, to string
		if err := rows.Scan(&from, &name, &def, &to); err != nil {
			return nil, nil, nil, err
		}
		def = strings.TrimSuffix(def, " NOT VALID") // as a load of an earlier version left it
		drop = append(drop, fmt.Sprintf(`ALTER TABLE %s DROP CONSTRAINT %s`, from, name))
		add = append(add, fmt.Sprintf(`ALTER TABLE %s ADD CONSTRAINT %s %s`, from, name, def))
		for _, t := range []string{from, to} {
			if t != table && !slices.Contains(linked, t) {
				linked = append(linked, t)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, nil, err
	}
	if pkey != "" {
		drop = append(drop, fmt.Sprintf(`ALTER TABLE %s DROP CONSTRAINT %s`, table, pkey))
	}
	return drop, add, linked, nil
}

// allEmpty reports whether every table in tables is empty.
func allEmpty(ctx context.Context, q querier, tables []string) (bool, error) {
	var parts []string
	for _, t := range tables {
		parts = append(parts, `NOT EXISTS (SELECT 1 FROM `+t+`)`)
	}
	var empty bool
	if err := q.QueryRowContext(ctx, `SELECT `+strings.Join(parts, ` AND `)).Scan(&empty); err != nil {
		return false, fmt.Errorf("store: are %s empty: %w", strings.Join(tables, ", "), err)
	}
	return empty, nil
}

// stage runs fn, which writes rows of cols into the temporary table it is
// given, then adds them to table with one INSERT … SELECT, skipping rows
// that violate a unique key when ignore is set (PostgreSQL).
func (s *Store) stage(ctx context.Context, c *sql.Conn, table string, cols []string, ignore bool, fn func(tmp string) error) error {
	tmp, list := "stage_"+table, strings.Join(cols, ", ")
	q := fmt.Sprintf(`CREATE TEMP TABLE %s ON COMMIT DROP AS SELECT %s FROM %s WITH NO DATA`, tmp, list, table)
	if _, err := c.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("store: staging table: %w", err)
	}
	sw := s.stopwatch("staged load " + table)
	if err := fn(tmp); err != nil {
		return err
	}
	sw.step("copy into "+tmp, 0)
	q = fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM %s`, table, list, list, tmp)
	if ignore {
		q += ` ON CONFLICT DO NOTHING`
	}
	if _, err := c.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("store: insert into %s: %w", table, err)
	}
	sw.step("insert into "+table, 0)
	if _, err := c.ExecContext(ctx, `DROP TABLE `+tmp); err != nil {
		return fmt.Errorf("store: drop staging table: %w", err)
	}
	return nil
}

// validateKeys validates the constraints that loads of earlier versions
// left NOT VALID (PostgreSQL; loads no longer do): a look-up in the
// catalogue unless there are any. Validating keeps neither readers nor
// writers of the tables waiting.
func (s *Store) validateKeys(ctx context.Context, c *sql.Conn) error {
	if !s.postgres {
		return nil
	}
	qs, err := queryStrings(ctx, c, `SELECT format('ALTER TABLE %s VALIDATE CONSTRAINT %I', conrelid::regclass, conname)
		FROM pg_constraint WHERE NOT convalidated AND connamespace = current_schema()::regnamespace`)
	if err != nil {
		return fmt.Errorf("store: constraints not validated: %w", err)
	}
	for _, q := range qs {
		if _, err := c.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: %s: %w", q, err)
		}
	}
	return nil
}

// queryStrings returns the one text column of the rows query returns.
func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// bulkInsertIgnore is bulkInsert that skips rows violating a unique key.
func (s *Store) bulkInsertIgnore(ctx context.Context, c *sql.Conn, table string, cols []string, n int, row func(i int, dst []any)) error {
	if err := s.bulkWrite(ctx, c, table, cols, n, row, true); err != nil {
		return err
	}
	return s.analyzeLoaded(ctx, c, table, n)
}

func (s *Store) bulkWrite(ctx context.Context, c *sql.Conn, table string, cols []string, n int, row func(i int, dst []any), ignore bool) error {
	if n == 0 {
		return nil
	}
	if s.postgres && ignore {
		// COPY cannot skip conflicts.
		return s.stage(ctx, c, table, cols, true, func(tmp string) error {
			return s.bulkWrite(ctx, c, tmp, cols, n, row, false)
		})
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
