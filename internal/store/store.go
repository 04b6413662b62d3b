// Package store holds all of vitalfew's SQL. One set of hand-written
// statements with $N placeholders serves SQLite (modernc, binds $N by number)
// and PostgreSQL (pgx); the few places where the dialects differ are marked.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers "sqlite"
)

//go:embed migrations
var migrations embed.FS

// Store is the database. It is safe for concurrent use.
type Store struct {
	db       *sql.DB
	postgres bool
	log      *slog.Logger
}

// Open opens (and creates) the database named by dsn — a postgres:// or
// postgresql:// URL is PostgreSQL, anything else is a SQLite file path — and
// applies the embedded migrations.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Store{log: log}
	var err error
	if IsPostgres(dsn) {
		s.postgres = true
		var cfg *pgx.ConnConfig
		if cfg, err = pgx.ParseConfig(dsn); err == nil {
			// Plan each statement for its arguments. A cached generic plan
			// is made from the statistics of the moment, stale right after
			// an import: for a look-up of 500 keys it filtered every row of
			// the table against all 500 (0.35 s a query at 22k contacts
			// instead of milliseconds). A setting in the URL wins.
			if _, set := cfg.RuntimeParams["plan_cache_mode"]; !set {
				cfg.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
			}
			s.db = stdlib.OpenDB(*cfg)
		}
	} else {
		s.db, err = sql.Open("sqlite", sqliteDSN(dsn))
	}
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	// Keep connections open between requests: a new SQLite connection
	// starts with an empty page cache and parses the schema again, and
	// database/sql keeps only two idle ones by default.
	s.db.SetMaxIdleConns(32)
	s.db.SetConnMaxIdleTime(5 * time.Minute)
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("store: cannot open database %s: %w", redact(dsn), err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func sqliteDSN(path string) string {
	if strings.HasPrefix(path, "file:") {
		return path
	}
	return "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(ON)" +
		"&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-65536)&_pragma=threads(2)&_txlock=immediate"
}

// redact hides a password in a URL for messages.
func redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if at := strings.LastIndex(dsn, "@"); at > i {
			if colon := strings.Index(dsn[i+3:at], ":"); colon >= 0 {
				return dsn[:i+3+colon] + ":***" + dsn[at:]
			}
		}
	}
	return dsn
}

func (s *Store) migrate(ctx context.Context) error {
	dialect, dir := goose.DialectSQLite3, "migrations/sqlite"
	if s.postgres {
		dialect, dir = goose.DialectPostgres, "migrations/postgres"
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(dialect, s.db, sub)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, r := range res {
		s.log.Debug("migration applied", slog.String("file", r.Source.Path), slog.Duration("took", r.Duration))
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Dialect is "postgres" or "sqlite".
func (s *Store) Dialect() string {
	if s.postgres {
		return "postgres"
	}
	return "sqlite"
}

// date converts a date to the form the dialect stores: text YYYY-MM-DD on
// SQLite, a DATE on PostgreSQL.
func (s *Store) date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	if s.postgres {
		return t.UTC().Truncate(24 * time.Hour)
	}
	return t.UTC().Format(time.DateOnly)
}

// dbDate scans a date from either dialect; NULL becomes the zero time.
type dbDate struct{ t *time.Time }

func (d dbDate) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d.t = time.Time{}
	case time.Time:
		*d.t = time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
	case string:
		return d.parse(x)
	case []byte:
		return d.parse(string(x))
	default:
		return fmt.Errorf("store: cannot scan %T as date", v)
	}
	return nil
}

func (d dbDate) parse(s string) error {
	if len(s) >= 10 {
		s = s[:10]
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("store: bad date %q", s)
	}
	*d.t = t
	return nil
}

// querier is what *sql.DB, *sql.Tx and *sql.Conn have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// errNotFound is returned (wrapped as a crm.Error) when a row does not exist.
var errNotFound = errors.New("not found")
