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
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers "sqlite"
)

//go:embed migrations
var migrations embed.FS

// Store is the database. It is safe for concurrent use.
//
// Writes go through wdb, reads through db. On SQLite one connection
// writes, so that writers wait their turn in order instead of failing with
// SQLITE_BUSY, and many read (WAL lets them read while it writes; the read
// connections are query_only, so a write through them fails loudly). On
// PostgreSQL both pools are bounded (pgReaders, pgWriters): a process
// holds at most 32 connections of the server's (100 by default).
type Store struct {
	db       *sql.DB
	wdb      *sql.DB
	postgres bool
	path     string // the SQLite file; "" on PostgreSQL
	log      *slog.Logger
	// importing is full while an import of this process runs: imports
	// take turns (see importLock).
	importing chan struct{}

	matchMu  sync.Mutex
	accounts *accountIndex // for matching mentions, kept per accounts version

	reads readLog // portal reads not yet written (LogPortalRead)
	hits  hitLog  // web hits not yet written (LogHit)
}

// Open opens (and creates) the database named by dsn — a postgres:// or
// postgresql:// URL is PostgreSQL, anything else is a SQLite file path — and
// applies the embedded migrations.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Store{log: log, importing: make(chan struct{}, 1)}
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
			// Two bounded pools, as on SQLite: requests wait their turn
			// for a connection instead of opening one each (200 writers at
			// once passed the server's max_connections and got 500s), and
			// a write holding a connection never waits for a reader's.
			s.db, s.wdb = stdlib.OpenDB(*cfg), stdlib.OpenDB(*cfg)
			s.db.SetMaxOpenConns(pgReaders)
			s.wdb.SetMaxOpenConns(pgWriters)
			s.wdb.SetMaxIdleConns(pgWriters)
			s.wdb.SetConnMaxIdleTime(5 * time.Minute)
		}
	} else {
		s.path = strings.TrimPrefix(dsn, "file:")
		if i := strings.IndexByte(s.path, '?'); i >= 0 && strings.HasPrefix(dsn, "file:") {
			s.path = s.path[:i]
		}
		s.wdb, err = sql.Open("sqlite", sqliteDSN(dsn, true))
		if err == nil {
			s.wdb.SetMaxOpenConns(1)
			s.wdb.SetMaxIdleConns(1)
			s.wdb.SetConnMaxIdleTime(0)
			s.db, err = sql.Open("sqlite", sqliteDSN(dsn, false))
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	// Keep connections open between requests: a new SQLite connection
	// starts with an empty page cache and parses the schema again, and
	// database/sql keeps only two idle ones by default.
	s.db.SetMaxIdleConns(32)
	s.db.SetConnMaxIdleTime(5 * time.Minute)
	// The writer first: it creates the file, sets WAL and migrates.
	if err := s.wdb.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: cannot open database %s: %w", redact(dsn), err)
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.restoreSetAside(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// The connections a store opens at most on PostgreSQL, for reads and for
// writes.
const (
	pgReaders = 24
	pgWriters = 8
)

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqliteDSN is the modernc DSN of the database file at path, for the
// writer (transactions take the write lock at BEGIN) or for readers
// (query_only). A "file:" URI is taken as it is.
func sqliteDSN(path string, writer bool) string {
	if strings.HasPrefix(path, "file:") {
		return path
	}
	dsn := "file:" + path + "?_pragma=busy_timeout(" + strconv.Itoa(busyTimeout) + ")&_pragma=journal_mode(WAL)&_pragma=foreign_keys(ON)" +
		"&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-65536)&_pragma=threads(2)"
	if writer {
		return dsn + "&_txlock=immediate"
	}
	return dsn + "&_pragma=query_only(1)"
}

// busyTimeout is how many milliseconds a SQLite statement waits for
// another connection's lock before it fails with SQLITE_BUSY.
const busyTimeout = 10000

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

// provider is the goose provider of the store's dialect over db.
func provider(postgres bool, db *sql.DB) (*goose.Provider, error) {
	dialect, dir := goose.DialectSQLite3, "migrations/sqlite"
	if postgres {
		dialect, dir = goose.DialectPostgres, "migrations/postgres"
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, err
	}
	p, err := goose.NewProvider(dialect, db, sub)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

func (s *Store) migrate(ctx context.Context) error {
	p, err := provider(s.postgres, s.wdb)
	if err != nil {
		return err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, r := range res {
		s.log.Debug("migration applied", slog.String("file", r.Source.Path), slog.Duration("took", r.Duration))
	}
	return s.buildSearchIndex(ctx)
}

// Close closes the database.
func (s *Store) Close() error {
	var err error
	if s.wdb != nil {
		err = errors.Join(s.flushReads(context.Background()), s.stopHits())
	}
	if s.db != nil {
		err = errors.Join(err, s.db.Close())
	}
	if s.wdb != nil && s.wdb != s.db {
		err = errors.Join(err, s.wdb.Close())
	}
	return err
}

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
