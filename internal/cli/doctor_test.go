package cli_test

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/cli"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// vfEnv runs the command line with the environment env.
func vfEnv(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := cli.Run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	code := cli.ExitCode(err, &errOut)
	return out.String(), errOut.String(), code
}

// smtpServer listens on the loopback and greets each connection with
// greeting; it returns the address.
func smtpServer(t *testing.T, greeting string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Write([]byte(greeting))
			c.Close()
		}
	}()
	return ln.Addr().String()
}

// TestDoctor: doctor says OK, WARN or FAIL per check with what to do, and
// exits 1 only on a FAIL; it does not migrate the database it checks.
func TestDoctor(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	orders := writeFile(t, "orders.csv", "invoice,customer,date,amount\nR1,Acme,2024-01-02,100\n")
	if _, errOut, code := vf(t, good, "import", "orders", orders); code != 0 {
		t.Fatal(errOut)
	}
	old := filepath.Join(dir, "old.db")
	b, err := os.ReadFile(filepath.Join("..", "store", "testdata", "schema-12.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(old, b, 0o600); err != nil {
		t.Fatal(err)
	}
	closed := func() string { // a port nobody listens on
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		return ln.Addr().String()
	}()
	latest, err := store.LatestMigration(false)
	if err != nil {
		t.Fatal(err)
	}
	n := strconv.FormatInt(latest, 10)
	// How many migration files are newer than version v: counted from the
	// files themselves (the numbers have gaps).
	after := func(dialect string, v int64) string {
		ents, err := os.ReadDir(filepath.Join("..", "store", "migrations", dialect))
		if err != nil {
			t.Fatal(err)
		}
		c := 0
		for _, e := range ents {
			num, _, _ := strings.Cut(e.Name(), "_")
			if x, err := strconv.ParseInt(num, 10, 64); err == nil && x > v {
				c++
			}
		}
		return strconv.Itoa(c)
	}
	type doctorCase struct {
		name string
		db   string
		env  map[string]string
		code int
		want []string
	}
	cases := []doctorCase{
		{"healthy", good, nil, 0, []string{"OK    database", "OK    migrations  current (" + n + ")", "OK    smtp        VITALFEW_SMTP_URL is not set", "OK    disk"}},
		{"missing database", filepath.Join(dir, "nope.db"), nil, 1, []string{"FAIL  database    no database at", "→ check --db"}},
		{"pending migrations", old, nil, 0, []string{"WARN  migrations  " + after("sqlite", 12) + " pending: the database is at 12, this build at " + n, "→ take a backup"}},
		{"pending migrations still", old, nil, 0, []string{"WARN  migrations  " + after("sqlite", 12) + " pending"}}, // doctor did not migrate it
		{"smtp answers", good, map[string]string{"VITALFEW_SMTP_URL": "smtp://" + smtpServer(t, "220 mail.example.com ESMTP\r\n")}, 0, []string{"OK    smtp        127.0.0.1:"}},
		{"smtp not a mail server", good, map[string]string{"VITALFEW_SMTP_URL": "smtp://" + smtpServer(t, "HTTP/1.1 400 Bad Request\r\n")}, 1, []string{"FAIL  smtp", "not 220"}},
		{"smtp down", good, map[string]string{"VITALFEW_SMTP_URL": "smtp://" + closed}, 1, []string{"FAIL  smtp", "→ check the host and port"}},
		{"smtp url wrong", good, map[string]string{"VITALFEW_SMTP_URL": "mail.example.com"}, 1, []string{"FAIL  smtp        VITALFEW_SMTP_URL is not smtp://"}},
	}
	if pg, ok := testkit.Postgres(t); ok {
		// Before anything opened it, every migration is pending.
		if stdout, _, code := vfEnv(t, nil, "--db", pg, "doctor"); code != 0 || !strings.Contains(stdout, "WARN  migrations  "+after("postgres", 0)+" pending") {
			t.Errorf("doctor on an empty PostgreSQL database: exit %d\n%s", code, stdout)
		}
		if _, errOut, code := vf(t, pg, "import", "orders", orders); code != 0 {
			t.Fatal(errOut)
		}
		cases = append(cases, doctorCase{"postgres", pg, nil, 0, []string{"OK    database    postgres://", "OK    migrations  current (" + n + ")", "OK    disk        PostgreSQL"}})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := vfEnv(t, tc.env, "--db", tc.db, "doctor")
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tc.code, stdout, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("doctor lacks %q:\n%s", w, stdout)
				}
			}
		})
	}
}
