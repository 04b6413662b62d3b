package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// freshLoadKey is the PostgreSQL advisory lock a fresh load holds for as
// long as it runs, on its own connection ("vitalfeF"): while it is held,
// nobody puts its keys back.
const freshLoadKey = 0x7669746166656546

// loadedTables are the tables of customer data, the ones a fresh load
// writes. The secondary indexes of all but accounts are set aside during
// the load: the imports' own look-ups use only the unique keys and the
// accounts' indexes (an account is found by its external id, domain or
// name).
var loadedTables = []string{"accounts", "contacts", "contact_identities", "products", "orders", "order_lines", "touchpoints", "mentions"}

// FreshLoad readies an empty PostgreSQL database for one long bulk load, such
// as `vitalfew demo --accounts 1000000`, and returns the function that ends it.
//
// Each import of the load is a transaction of its own, and a large load into
// tables that already hold rows pays PostgreSQL's per-row work for every
// index and every foreign key (a trigger a row); for a million demo
// accounts, hours. Nobody reads a database that is being filled for the
// first time, so FreshLoad sets the foreign keys of the customer-data
// tables and their secondary indexes aside (the unique keys and the
// accounts' indexes, which the imports' look-ups use, stay), and finish puts
// them back: each index built once, each key checked once for all rows. The
// statements that put them back are kept in the database (set_aside) in the
// transaction that drops them; if the load is cut short, the next Open puts
// them back (see restoreSetAside).
//
// It does nothing (finish does nothing either) on SQLite, whose loads
// already build their indexes once (bulkLoad), and when the database holds
// customer data or another fresh load runs.
func (s *Store) FreshLoad(ctx context.Context) (finish func(context.Context) error, err error) {
	nothing := func(context.Context) error { return nil }
	if _, err := requireImporter(ctx); err != nil {
		return nil, err
	}
	if !s.postgres {
		return nothing, nil
	}
	c, err := s.wdb.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	var mine bool
	if err := c.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, int64(freshLoadKey)).Scan(&mine); err != nil || !mine {
		c.Close()
		if err != nil {
			return nil, fmt.Errorf("store: fresh load lock: %w", err)
		}
		return nothing, nil
	}
	release := func() {
		_, _ = c.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(freshLoadKey))
		c.Close()
	}
	set, err := s.setAside(ctx, c)
	if err != nil || !set {
		release()
		if err != nil {
			return nil, err
		}
		return nothing, nil
	}
	return func(ctx context.Context) error {
		defer release()
		return s.putBack(ctx, c)
	}, nil
}

// setAside drops the foreign keys of the customer-data tables and the
// secondary indexes of all but accounts, if those tables are empty and
// nothing is set aside already, keeping the statements that put them back.
func (s *Store) setAside(ctx context.Context, c *sql.Conn) (bool, error) {
	if _, err := c.ExecContext(ctx, "BEGIN"); err != nil {
		return false, fmt.Errorf("store: begin: %w", err)
	}
	rollback := func() { _, _ = c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK") }
	if _, err := c.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(importLockKey)); err != nil {
		rollback()
		return false, fmt.Errorf("store: import lock: %w", err)
	}
	empty, err := allEmpty(ctx, c, append([]string{"set_aside"}, loadedTables...))
	if err != nil || !empty {
		rollback()
		return false, err
	}
	var drop, back []string
	rows, err := c.QueryContext(ctx, `SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
		WHERE contype = 'f' AND conrelid::regclass::text = ANY($1) ORDER BY 1, 2`, loadedTables)
	if err != nil {
		rollback()
		return false, fmt.Errorf("store: foreign keys: %w", err)
	}
	for rows.Next() {
		var table, name, def string
		if err := rows.Scan(&table, &name, &def); err != nil {
			rows.Close()
			rollback()
			return false, err
		}
		drop = append(drop, fmt.Sprintf(`ALTER TABLE %s DROP CONSTRAINT %s`, table, name))
		back = append(back, fmt.Sprintf(`ALTER TABLE %s ADD CONSTRAINT %s %s`, table, name, def))
	}
	rows.Close()
	rows, err = c.QueryContext(ctx, `SELECT ci.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x
		JOIN pg_class ci ON ci.oid = x.indexrelid JOIN pg_class ct ON ct.oid = x.indrelid
		WHERE ct.relnamespace = current_schema()::regnamespace AND ct.relname = ANY($1) AND ct.relname <> 'accounts' AND NOT x.indisunique
		ORDER BY 1`, loadedTables)
	if err != nil {
		rollback()
		return false, fmt.Errorf("store: indexes: %w", err)
	}
	var indexes []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			rollback()
			return false, err
		}
		drop = append(drop, `DROP INDEX `+name)
		indexes = append(indexes, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		rollback()
		return false, err
	}
	// The indexes first: checking a key is a join, which they may serve.
	back = append(indexes, back...)
	for i, q := range back {
		if _, err := c.ExecContext(ctx, `INSERT INTO set_aside (seq, statement) VALUES ($1, $2)`, i+1, q); err != nil {
			rollback()
			return false, fmt.Errorf("store: set aside: %w", err)
		}
	}
	for _, q := range drop {
		if _, err := c.ExecContext(ctx, q); err != nil {
			rollback()
			return false, fmt.Errorf("store: %s: %w", q, err)
		}
	}
	if _, err := c.ExecContext(ctx, "COMMIT"); err != nil {
		return false, fmt.Errorf("store: commit: %w", err)
	}
	s.log.Info("fresh load: indexes and foreign keys set aside until it ends", slog.Int("indexes", len(indexes)), slog.Int("keys", len(back)-len(indexes)))
	return true, nil
}

// putBack runs the statements set_aside holds, in one transaction that
// waits for any running import and empties set_aside, then gathers the
// tables' statistics. Every foreign key comes back validated: one check of
// all rows.
func (s *Store) putBack(ctx context.Context, c *sql.Conn) error {
	if _, err := c.ExecContext(ctx, "BEGIN"); err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	err := func() error {
		if _, err := c.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(importLockKey)); err != nil {
			return fmt.Errorf("store: import lock: %w", err)
		}
		// Index builds sort in memory when they may use enough of it.
		if _, err := c.ExecContext(ctx, `SET LOCAL maintenance_work_mem = '1GB'`); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		qs, err := queryStrings(ctx, c, `SELECT statement FROM set_aside ORDER BY seq`)
		if err != nil {
			return fmt.Errorf("store: set aside: %w", err)
		}
		if len(qs) == 0 {
			return nil
		}
		start := time.Now()
		for _, q := range qs {
			t := time.Now()
			if _, err := c.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("store: put back: %s: %w", q, err)
			}
			s.log.Debug("fresh load: put back", slog.String("statement", q), slog.Duration("took", time.Since(t)))
		}
		if _, err := c.ExecContext(ctx, `DELETE FROM set_aside`); err != nil {
			return fmt.Errorf("store: set aside: %w", err)
		}
		if _, err := c.ExecContext(ctx, `ANALYZE `+strings.Join(loadedTables, ", ")); err != nil {
			return fmt.Errorf("store: analyze: %w", err)
		}
		s.log.Info("fresh load: indexes and foreign keys put back", slog.Int("statements", len(qs)), slog.Duration("took", time.Since(start)))
		return nil
	}()
	if err != nil {
		_, _ = c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return err
	}
	if _, err := c.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// restoreSetAside puts back what a fresh load that was cut short set aside
// (PostgreSQL): on Open, unless that load is still running in another
// process (it holds freshLoadKey), in which case it puts them back itself.
func (s *Store) restoreSetAside(ctx context.Context) error {
	if !s.postgres {
		return nil
	}
	var pending bool
	if err := s.wdb.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM set_aside)`).Scan(&pending); err != nil {
		return fmt.Errorf("store: set aside: %w", err)
	}
	if !pending {
		return nil
	}
	c, err := s.wdb.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer c.Close()
	var free bool
	if err := c.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, int64(freshLoadKey)).Scan(&free); err != nil {
		return fmt.Errorf("store: fresh load lock: %w", err)
	}
	if !free {
		s.log.Info("a bulk load into this database is running; its indexes and foreign keys come back when it ends")
		return nil
	}
	defer c.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(freshLoadKey))
	s.log.Warn("a bulk load into this database was cut short; putting back the indexes and foreign keys it set aside (this can take minutes on a large database)")
	return s.putBack(ctx, c)
}
