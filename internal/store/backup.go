package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Path is the SQLite file of the store; "" on PostgreSQL.
func (s *Store) Path() string { return s.path }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// DBStats are the connection pools' statistics: the readers' and the
// writers'.
func (s *Store) DBStats() (read, write sql.DBStats) {
	return s.db.Stats(), s.wdb.Stats()
}

// MigrationStatus returns the newest migration applied to the database
// and the newest this build knows; current < latest means migrations are
// pending.
func (s *Store) MigrationStatus(ctx context.Context) (current, latest int64, err error) {
	if latest, err = LatestMigration(s.postgres); err != nil {
		return 0, 0, err
	}
	current, err = appliedMigration(ctx, s.db)
	return current, latest, err
}

// appliedMigration is the newest migration version recorded in db.
func appliedMigration(ctx context.Context, db *sql.DB) (int64, error) {
	var v sql.NullInt64
	err := db.QueryRowContext(ctx, `SELECT MAX(version_id) FROM goose_db_version WHERE is_applied`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: migration version: %w", err)
	}
	return v.Int64, nil
}

// migrationVersions are the migration versions this build carries for the
// dialect (numbered with gaps: 00003 never shipped).
func migrationVersions(postgres bool) ([]int64, error) {
	dir := "migrations/sqlite"
	if postgres {
		dir = "migrations/postgres"
	}
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, err
	}
	var vs []int64
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		if v, err := strconv.ParseInt(num, 10, 64); err == nil {
			vs = append(vs, v)
		}
	}
	return vs, nil
}

// LatestMigration is the newest migration version this build carries for
// the dialect.
func LatestMigration(postgres bool) (int64, error) {
	vs, err := migrationVersions(postgres)
	return slices.Max(append(vs, 0)), err
}

// PendingMigrations counts this build's migrations newer than current.
func PendingMigrations(postgres bool, current int64) (int, error) {
	vs, err := migrationVersions(postgres)
	n := 0
	for _, v := range vs {
		if v > current {
			n++
		}
	}
	return n, err
}

// BackupSQLite writes a consistent copy of the SQLite database to out
// with VACUUM INTO: one read transaction, so writers go on meanwhile and
// the copy is the database at one moment. It writes next to out first,
// checks the copy (see CheckSQLite) and then renames it to out; an
// existing out is replaced only when force is set. It copies every
// account, so it needs an admin who sees every account (the command line's
// operator).
func (s *Store) BackupSQLite(ctx context.Context, out string, force bool) error {
	a, err := crm.Require(ctx, crm.RoleAdmin)
	if err != nil {
		return err
	}
	if !a.Scope.All() {
		return crm.Errorf(crm.EFORBIDDEN, "a backup copies every account: it needs a user who sees every account")
	}
	if s.postgres {
		return crm.Errorf(crm.EINVALID, "backup: a PostgreSQL database is backed up with pg_dump")
	}
	if !force {
		if _, err := os.Stat(out); err == nil {
			return crm.Errorf(crm.ECONFLICT, "backup: %s exists; choose another name or use --force", out)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	os.Remove(tmpName) // VACUUM INTO wants to create the file
	defer os.Remove(tmpName)
	// The readers are query_only, which refuses VACUUM INTO, and the
	// writer would keep writes waiting while it copies: a connection of
	// its own.
	db, err := sql.Open("sqlite", "file:"+s.path+"?_pragma=busy_timeout("+strconv.Itoa(busyTimeout)+")")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO $1`, tmpName); err != nil {
		return fmt.Errorf("backup: VACUUM INTO %s: %w", tmpName, err)
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := CheckSQLite(ctx, tmpName); err != nil {
		return fmt.Errorf("backup: the copy failed its check: %w", err)
	}
	// Customer data: readable by the owner only, as the database should be.
	if err := os.Chmod(tmpName, 0o600); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := syncFile(tmpName); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmpName, out); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return syncDir(filepath.Dir(out))
}

// CheckSQLite checks that the file at path is a sound vitalfew SQLite
// database that this build can open: PRAGMA integrity_check passes, it
// has vitalfew's migrations table and tables, and its newest migration is
// not newer than this build's. It returns that migration version. The
// file is opened read-only.
func CheckSQLite(ctx context.Context, path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	head := make([]byte, 16)
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || string(head) != "SQLite format 3\x00" {
		return 0, crm.Errorf(crm.EINVALID, "%s is not a SQLite database", path)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout("+strconv.Itoa(busyTimeout)+")")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return 0, fmt.Errorf("integrity_check of %s: %w", path, err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return 0, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return 0, fmt.Errorf("integrity_check of %s: %w", path, err)
	}
	if len(problems) > 0 {
		return 0, crm.Errorf(crm.EINVALID, "%s fails integrity_check: %s", path, strings.Join(problems, "; "))
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('goose_db_version', 'accounts', 'orders')`).Scan(&n); err != nil {
		return 0, err
	}
	if n != 3 {
		return 0, crm.Errorf(crm.EINVALID, "%s is not a vitalfew database (it lacks its tables)", path)
	}
	v, err := appliedMigration(ctx, db)
	if err != nil {
		return 0, err
	}
	latest, err := LatestMigration(false)
	if err != nil {
		return 0, err
	}
	if v > latest {
		return v, crm.Errorf(crm.EINVALID, "%s was written by a newer vitalfew (migration %d; this one knows up to %d): use that version", path, v, latest)
	}
	return v, nil
}

// RestoreSQLite puts the SQLite backup src in place of the database at
// dst. It checks src (CheckSQLite) and takes dst's lock (LockExclusive),
// so it refuses while a server has dst open. The old database, with the
// writes its WAL held folded in, is kept as dst.before-restore. The copy
// is written next to dst, synced and renamed over it, so dst is at every
// moment either the old database or the new one. A database that cannot be
// checkpointed (damaged) is kept with its WAL as DB.before-restore-wal.
func RestoreSQLite(ctx context.Context, src, dst string) error {
	if IsPostgres(dst) {
		return crm.Errorf(crm.EINVALID, "restore: a PostgreSQL database is restored with pg_restore")
	}
	if _, err := CheckSQLite(ctx, src); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	unlock, err := LockExclusive(dst)
	if err != nil {
		return err
	}
	defer unlock()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".restore-*")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer os.Remove(tmp.Name())
	in, err := os.Open(src)
	if err != nil {
		tmp.Close()
		return fmt.Errorf("restore: %w", err)
	}
	_, err = io.Copy(tmp, in)
	in.Close()
	if err == nil {
		err = tmp.Sync()
	}
	if err = errors.Join(err, tmp.Close()); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	before := dst + ".before-restore"
	if _, err := os.Stat(dst); err == nil {
		// Fold the old database's WAL into it, so that the file kept is
		// whole and the WAL cannot be applied to the new one.
		// A database too damaged to checkpoint (a reason to restore) keeps
		// its WAL beside the copy kept, as before-restore-wal.
		walKept := checkpoint(ctx, dst) != nil
		for _, name := range []string{before, before + "-wal", before + "-shm"} {
			if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("restore: %w", err)
			}
		}
		if walKept {
			if err := os.Rename(dst+"-wal", before+"-wal"); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("restore: keeping the old database's WAL: %w", err)
			}
		}
		if err := os.Link(dst, before); err != nil {
			if err := copyFile(dst, before); err != nil {
				return fmt.Errorf("restore: keeping the old database: %w", err)
			}
		}
	}
	for _, side := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + side); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return syncDir(filepath.Dir(dst))
}

// checkpoint folds the WAL of the database at path into it and removes it.
func checkpoint(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout("+strconv.Itoa(busyTimeout)+")")
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		db.Close()
		return err
	}
	return db.Close()
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	return errors.Join(err, out.Close())
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// Probe is what Inspect finds out about a database without changing it.
type Probe struct {
	Current int64 // the newest migration applied; 0 for none
	Latest  int64 // the newest this build carries
}

// Inspect opens the database named by dsn without migrating it (a SQLite
// file read-only, and only if it exists), checks that it answers and
// reads its migration version.
func Inspect(ctx context.Context, dsn string) (Probe, error) {
	postgres := IsPostgres(dsn)
	var p Probe
	var err error
	if p.Latest, err = LatestMigration(postgres); err != nil {
		return p, err
	}
	var db *sql.DB
	if postgres {
		db, err = sql.Open("pgx", dsn)
	} else {
		path := strings.TrimPrefix(dsn, "file:")
		if _, serr := os.Stat(path); serr != nil {
			return p, crm.Errorf(crm.ENOTFOUND, "no database at %s", path)
		}
		db, err = sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout("+strconv.Itoa(busyTimeout)+")")
	}
	if err != nil {
		return p, err
	}
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		return p, fmt.Errorf("cannot reach %s: %w", redact(dsn), err)
	}
	var one int
	if err := db.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return p, fmt.Errorf("%s does not answer: %w", redact(dsn), err)
	}
	var tables int
	if err := db.QueryRowContext(ctx, inspectTables(postgres)).Scan(&tables); err != nil {
		return p, err
	}
	if tables == 0 {
		return p, nil // empty: every migration is pending
	}
	p.Current, err = appliedMigration(ctx, db)
	return p, err
}

// inspectTables counts the goose version table: dialects differ.
func inspectTables(postgres bool) string {
	if postgres {
		return `SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'goose_db_version' AND table_schema = current_schema()`
	}
	return `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'goose_db_version'`
}
