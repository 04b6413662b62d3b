package cli

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

func backupCmd(e *env) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "backup OUT",
		Short: "Copy the database to a file, consistently, while the server runs",
		Long: `Write a consistent copy of the SQLite database (--db) to OUT, while the
server runs and writes: the copy is the database at one moment (SQLite's
VACUUM INTO, which does not stop writers). The copy is checked with
PRAGMA integrity_check before the command reports success, and it is a
vitalfew database of its own: "vitalfew --db OUT report pareto" reads it,
"vitalfew restore OUT" puts it back. An existing OUT is kept unless --force.

For a PostgreSQL database (--db postgres://…) it runs pg_dump
--format=custom into OUT when pg_dump is on PATH, and says how to restore
with pg_restore; without pg_dump it prints the commands to run.`,
		Example: `  vitalfew --db /var/lib/vitalfew/vitalfew.db backup /backup/vitalfew-$(date +%F).db
  vitalfew --db postgres://vitalfew@db/vitalfew backup vitalfew.dump`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			out := args[0]
			if store.IsPostgres(e.db) {
				return e.pgDump(cmd.Context(), out, force)
			}
			path, _, _ := strings.Cut(strings.TrimPrefix(e.db, "file:"), "?")
			if _, err := os.Stat(path); err != nil {
				return crm.Errorf(crm.ENOTFOUND, "backup: no database at %s (--db)", e.db)
			}
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			start := time.Now()
			if err := st.BackupSQLite(operator(cmd.Context()), out, force); err != nil {
				return err
			}
			size := int64(0)
			if fi, err := os.Stat(out); err == nil {
				size = fi.Size()
			}
			fmt.Fprintf(e.stdout, "backup of %s written to %s (%d bytes, integrity_check ok, %s)\n", e.db, out, size, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace OUT when it exists")
	return cmd
}

// pgDump backs up a PostgreSQL database with pg_dump when it is on PATH,
// and says how to restore it.
func (e *env) pgDump(ctx context.Context, out string, force bool) error {
	if !force {
		if _, err := os.Stat(out); err == nil {
			return crm.Errorf(crm.ECONFLICT, "backup: %s exists; choose another name or use --force", out)
		}
	}
	shown := e.db
	if u, err := url.Parse(e.db); err == nil {
		shown = u.Redacted()
	}
	howto := fmt.Sprintf(`PostgreSQL is backed up with its own tools:
  pg_dump --format=custom --file %[1]s '%[2]s'
and restored into an empty database with:
  pg_restore --clean --if-exists --no-owner --dbname '%[2]s' %[1]s
`, out, shown)
	path, err := exec.LookPath("pg_dump")
	if err != nil {
		fmt.Fprint(e.stdout, howto)
		return crm.Errorf(crm.ENOTFOUND, "backup: pg_dump is not on PATH; install the PostgreSQL client tools (of the server's major version) and run the command above")
	}
	c := exec.CommandContext(ctx, path, "--format=custom", "--file", out, e.db)
	c.Stdout, c.Stderr = e.stderr, e.stderr
	if err := c.Run(); err != nil {
		return fmt.Errorf("backup: pg_dump: %w", err)
	}
	fmt.Fprintf(e.stdout, "backup of %s written to %s by pg_dump\n", shown, out)
	fmt.Fprintf(e.stdout, "restore it into an empty database with:\n  pg_restore --clean --if-exists --no-owner --dbname '%s' %s\n", shown, out)
	return nil
}

func restoreCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "restore FILE",
		Short: "Put a SQLite backup in place of the database",
		Long: `Replace the SQLite database (--db) with the backup FILE.

FILE is checked first: PRAGMA integrity_check, that it is a vitalfew
database, and that it was not written by a newer vitalfew. The restore
refuses while a server has the database open (the server holds a lock on
the file DB-lock beside it): stop the server, restore, start it again. The
backup is copied next to the database, synced and renamed over it, so the
database is always either the old one or the new one; the old one is kept
as DB.before-restore. Migrations of a backup from an older vitalfew are
applied when it is next opened.

For PostgreSQL, use pg_restore (see "vitalfew backup --help").`,
		Example: `  systemctl stop vitalfew
  vitalfew --db /var/lib/vitalfew/vitalfew.db restore /backup/vitalfew-2026-12-01.db
  systemctl start vitalfew`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if store.IsPostgres(e.db) {
				return crm.Errorf(crm.EINVALID, "restore: a PostgreSQL database is restored with pg_restore --clean --if-exists --no-owner --dbname URL FILE")
			}
			if err := store.RestoreSQLite(cmd.Context(), args[0], e.db); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "restored %s from %s", e.db, args[0])
			if _, err := os.Stat(e.db + ".before-restore"); err == nil {
				fmt.Fprintf(e.stdout, "; the previous database is kept as %s.before-restore", e.db)
			}
			fmt.Fprintln(e.stdout)
			return nil
		},
	}
	return cmd
}
