package cli

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vitalfew/vitalfew/internal/store"
)

// minFreeDisk is the free space under which doctor warns.
const minFreeDisk = 1 << 30

// check is one line of doctor's report.
type check struct {
	state string // OK, WARN or FAIL
	name  string
	msg   string
	fix   string // what to do; "" when nothing
}

func doctorCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the database, its migrations, SMTP and disk space, and say what to fix",
		Long: `Check what a running vitalfew needs and print one line per check, OK, WARN
or FAIL, with what to do about each problem:

  database    the database (--db) exists and answers (opened read-only, not migrated)
  migrations  its migrations are this build's, or how many are pending
  smtp        the mail server of VITALFEW_SMTP_URL (smtp://host:port or smtps://…) answers, when set
  disk        the free space of the SQLite database's directory (WARN under 1 GiB)

Exits 1 when a check FAILs, 0 otherwise (WARN included). It changes nothing.`,
		Example: `  vitalfew --db /var/lib/vitalfew/vitalfew.db doctor
  VITALFEW_SMTP_URL=smtp://mail.example.com:587 vitalfew doctor`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			checks := e.doctor(cmd.Context())
			failed := 0
			for _, c := range checks {
				fmt.Fprintf(e.stdout, "%-4s  %-10s  %s\n", c.state, c.name, c.msg)
				if c.fix != "" {
					fmt.Fprintf(e.stdout, "      %-10s  → %s\n", "", c.fix)
				}
				if c.state == "FAIL" {
					failed++
				}
			}
			if failed > 0 {
				return fmt.Errorf("doctor: %d check(s) failed", failed)
			}
			return nil
		},
	}
	return cmd
}

func (e *env) doctor(ctx context.Context) []check {
	var checks []check
	pg := store.IsPostgres(e.db)
	shown := e.db
	if u, err := url.Parse(e.db); pg && err == nil {
		shown = u.Redacted()
	}
	ictx, cancel := context.WithTimeout(ctx, 10*time.Second)
	p, err := store.Inspect(ictx, e.db)
	cancel()
	if err != nil {
		fix := "check --db / VITALFEW_DB and that the server is reachable and the user may connect"
		if !pg {
			fix = "check --db / VITALFEW_DB and the file's permissions; restore a backup with \"vitalfew restore FILE\" if it is lost"
		}
		checks = append(checks, check{"FAIL", "database", err.Error(), fix},
			check{"FAIL", "migrations", "not checked: the database does not answer", ""})
	} else {
		checks = append(checks, check{"OK", "database", shown + " answers", ""})
		switch {
		case p.Current == p.Latest:
			checks = append(checks, check{"OK", "migrations", fmt.Sprintf("current (%d)", p.Current), ""})
		case p.Current < p.Latest:
			pending, _ := store.PendingMigrations(store.IsPostgres(e.db), p.Current)
			checks = append(checks, check{"WARN", "migrations", fmt.Sprintf("%d pending: the database is at %d, this build at %d", pending, p.Current, p.Latest),
				"take a backup (vitalfew backup FILE), then start vitalfew (serve, or any command that opens the database): it applies them"})
		default:
			checks = append(checks, check{"FAIL", "migrations", fmt.Sprintf("the database is at migration %d, newer than this build's %d", p.Current, p.Latest),
				"run the vitalfew version that wrote it, or a newer one; do not write to it with this one"})
		}
	}
	checks = append(checks, e.checkSMTP(ctx))
	if pg {
		checks = append(checks, check{"OK", "disk", "PostgreSQL keeps its own files: watch the database server's disk", ""})
	} else {
		dir := filepath.Dir(e.db)
		free, ok, err := freeBytes(dir)
		switch {
		case !ok:
			checks = append(checks, check{"OK", "disk", "free space not measured on this system", ""})
		case err != nil:
			checks = append(checks, check{"FAIL", "disk", fmt.Sprintf("%s: %v", dir, err), "check that the directory exists and is readable"})
		case free < minFreeDisk:
			checks = append(checks, check{"WARN", "disk", fmt.Sprintf("%s has %s free", dir, bytesText(free)),
				"free space or grow the volume: the database, its WAL, imports and backups (VACUUM INTO writes a full copy) need room"})
		default:
			checks = append(checks, check{"OK", "disk", fmt.Sprintf("%s has %s free", dir, bytesText(free)), ""})
		}
	}
	return checks
}

// checkSMTP connects to the mail server of VITALFEW_SMTP_URL and reads its
// greeting.
func (e *env) checkSMTP(ctx context.Context) check {
	raw := e.getenv("VITALFEW_SMTP_URL")
	if raw == "" {
		return check{"OK", "smtp", "VITALFEW_SMTP_URL is not set: nothing to check", ""}
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return check{"FAIL", "smtp", "VITALFEW_SMTP_URL is not smtp://host:port or smtps://host:port", "fix VITALFEW_SMTP_URL"}
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"smtp": "25", "smtps": "465"}[u.Scheme]
	}
	addr := net.JoinHostPort(u.Hostname(), port)
	dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var conn net.Conn
	if u.Scheme == "smtps" {
		conn, err = (&tls.Dialer{Config: &tls.Config{ServerName: u.Hostname()}}).DialContext(dctx, "tcp", addr)
	} else {
		conn, err = (&net.Dialer{}).DialContext(dctx, "tcp", addr)
	}
	if err != nil {
		return check{"FAIL", "smtp", fmt.Sprintf("%s: %v", addr, err), "check the host and port, the firewall, and that the mail server runs"}
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
		return check{"FAIL", "smtp", fmt.Sprintf("%s accepted the connection but sent no greeting: %v", addr, err), "check that it is a mail server (port 587 or 25 for smtp://, 465 for smtps://)"}
	}
	if !strings.HasPrefix(line, "220") {
		return check{"FAIL", "smtp", fmt.Sprintf("%s greeted with %q, not 220", addr, strings.TrimSpace(line)), "check the mail server"}
	}
	return check{"OK", "smtp", addr + " answers", ""}
}

// bytesText writes n bytes in GiB or MiB.
func bytesText(n uint64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
}
