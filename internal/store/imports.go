package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// importSteps are what one kind of import does with its records of type T;
// importRows runs them.
type importSteps[T any] struct {
	kind  string                           // in the imports list and the audit log: "accounts", "order-lines", …
	check func(r *T) (line int, err error) // the limits of one record (see checked)
	// prepare, if set, looks at the checked records as a whole before the
	// import waits for its turn; an error ends the import.
	prepare func(recs []T, sum *crm.ImportSummary) error
	// write resolves and writes the checked records for actor, in the
	// import's transaction on c, and fills in sum.
	write func(c *sql.Conn, actor crm.Actor, recs []T, sum *crm.ImportSummary) error
}

// importRows runs one import, the steps every kind shares: the actor in
// ctx must be allowed to import (requireImporter); every record is checked
// against the limits (checked, with steps.check); then steps.write runs in
// the import's transaction (inTx), which logs and audits the import with
// the summary write leaves, or rolls everything back.
func importRows[T any](ctx context.Context, s *Store, recs []T, opt crm.ImportOptions, steps importSteps[T]) (crm.ImportSummary, error) {
	actor, err := requireImporter(ctx)
	if err != nil {
		return crm.ImportSummary{}, err
	}
	var sum crm.ImportSummary
	recs, err = checked(recs, opt, &sum, steps.check)
	if err != nil {
		return sum, err
	}
	if steps.prepare != nil {
		if err := steps.prepare(recs, &sum); err != nil {
			return sum, err
		}
	}
	err = s.inTx(ctx, actor, steps.kind, opt, &sum, func(c *sql.Conn) error {
		return steps.write(c, actor, recs, &sum)
	})
	return sum, err
}

// defaultSource is the source of rows imported without one: the default
// of every source column in the schema.
const defaultSource = "import"

func importSource(opt crm.ImportOptions) string {
	if opt.Source == "" {
		return defaultSource
	}
	return opt.Source
}

// checked applies the limits (crm's Check methods) to the records of an
// import before anything is written: a record that breaks one becomes a row
// error naming its field. Without opt.SkipInvalid the import fails with
// them; with it the rest go on and the rejects are counted in sum.
func checked[T any](recs []T, opt crm.ImportOptions, sum *crm.ImportSummary, check func(*T) (line int, err error)) ([]T, error) {
	var bad crm.RowErrors
	keep := recs[:0:0]
	for i := range recs {
		line, err := check(&recs[i])
		if err == nil {
			if bad != nil {
				keep = append(keep, recs[i])
			}
			continue
		}
		var fe *crm.FieldError
		if !errors.As(err, &fe) {
			return nil, err
		}
		if bad == nil {
			keep = append(keep, recs[:i]...)
		}
		bad = append(bad, crm.RowError{File: opt.File, Line: line, Field: fe.Field, Reason: fe.Reason.Error()})
	}
	if bad == nil {
		return recs, nil
	}
	if !opt.SkipInvalid {
		return nil, bad
	}
	sum.Rejected += len(bad)
	sum.Rejects = append(sum.Rejects, bad...)
	return keep, nil
}

// firstErr returns the first of errs that is not nil.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// finish applies the row errors the store found: with SkipInvalid they are
// counted as rejects, otherwise they fail the import (nothing is written).
func finish(sum *crm.ImportSummary, rejects crm.RowErrors, opt crm.ImportOptions) error {
	for i := range rejects {
		rejects[i].File = opt.File
	}
	if len(rejects) > 0 && !opt.SkipInvalid {
		return rejects
	}
	sum.Rejected += len(rejects)
	sum.Rejects = append(sum.Rejects, rejects...)
	return nil
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// loadByKeys runs query (which selects rows of table WHERE source = $1) for
// the given external ids: one scan of the source when keys are many compared
// with the rows stored, else IN look-ups.
func (s *Store) loadByKeys(ctx context.Context, c *sql.Conn, table, source string, keys []string, query string, scan func(*sql.Rows) error) error {
	// The whole table is counted (up to a bound), not the source's rows:
	// that needs no index on source, and a table this small is cheap to
	// scan for the source's rows.
	stored, err := countUpTo(ctx, c, table, "", nil, 4*len(keys)+1)
	if err != nil {
		return err
	}
	if stored == 0 {
		return nil
	}
	run := func(q string, args []any) error {
		rows, err := c.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("store: load %s: %w", table, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return fmt.Errorf("store: load %s: %w", table, err)
			}
		}
		return rows.Err()
	}
	if stored <= 4*len(keys) {
		return run(query, []any{source})
	}
	return inChunks(keys, func(part []string) error {
		return run(query+` AND external_id IN (`+placeholders(2, len(part))+`)`, stringArgs([]any{source}, part))
	})
}

// logImport records an import for the activity list and, as actor a, in
// the audit log: the kind, the file and what it did.
func (s *Store) logImport(ctx context.Context, q querier, a crm.Actor, kind string, opt crm.ImportOptions, sum crm.ImportSummary) error {
	file := opt.File
	if file == "" {
		file = "-"
	}
	sum.Rejected += opt.ReadRejected
	_, err := q.ExecContext(ctx, `INSERT INTO imports (kind, file, source, inserted, updated, unchanged, rejected) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		kind, file, importSource(opt), sum.Inserted, sum.Updated, sum.Unchanged, sum.Rejected)
	if err == nil {
		err = record(ctx, q, a, "import", kind, 0, nil, map[string]any{"file": file, "summary": sum})
	}
	if err == nil && sum.Inserted+sum.Updated > 0 { // the same file again changes no figure
		err = touch(ctx, q, touched("import", kind)...)
	}
	if err != nil {
		return fmt.Errorf("store: log import: %w", err)
	}
	return nil
}

// ImportRecord is one past import.
type ImportRecord struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	File      string    `json:"file"`
	Source    string    `json:"source"`
	At        time.Time `json:"at"`
	Inserted  int       `json:"inserted"`
	Updated   int       `json:"updated"`
	Unchanged int       `json:"unchanged"`
	Rejected  int       `json:"rejected"`
}

// RecentImports returns the latest n imports, newest first. The import log
// belongs to no account: an actor who does not see every account gets
// none.
func (s *Store) RecentImports(ctx context.Context, n int) ([]ImportRecord, error) {
	sc, err := readScope(ctx)
	if err != nil || !sc.All() {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, file, source, at, inserted, updated, unchanged, rejected FROM imports ORDER BY id DESC LIMIT $1`, n)
	if err != nil {
		return nil, fmt.Errorf("store: imports: %w", err)
	}
	defer rows.Close()
	var out []ImportRecord
	for rows.Next() {
		var r ImportRecord
		if err := rows.Scan(&r.ID, &r.Kind, &r.File, &r.Source, dbTime{&r.At}, &r.Inserted, &r.Updated, &r.Unchanged, &r.Rejected); err != nil {
			return nil, fmt.Errorf("store: imports: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// dbTime scans a timestamp from either dialect: time.Time on PostgreSQL,
// RFC 3339 text on SQLite.
type dbTime struct{ t *time.Time }

func (d dbTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d.t = time.Time{}
	case time.Time:
		*d.t = x.UTC()
	case string:
		t, err := time.Parse(time.RFC3339, x)
		if err != nil {
			return fmt.Errorf("store: bad time %q", x)
		}
		*d.t = t
	case []byte:
		return d.Scan(string(x))
	default:
		return errors.New("store: cannot scan time")
	}
	return nil
}
