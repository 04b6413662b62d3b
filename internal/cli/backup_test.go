package cli_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/cli"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// seedExample fills the SQLite database db with the example business of
// examples/: accounts, contacts, orders, tickets and mentions, so that
// every report has something to say.
func seedExample(t *testing.T, db string) {
	t.Helper()
	for _, in := range []struct{ kind, file string }{
		{"accounts", "clients.csv"}, {"contacts", "contacts.csv"}, {"orders", "invoices.csv"},
		{"touchpoints", "tickets.csv"}, {"mentions", "posts.csv"},
	} {
		if _, errOut, code := vf(t, db, "import", in.kind, filepath.Join("..", "..", "examples", in.file)); code != 0 {
			t.Fatalf("import %s: exit %d\n%s", in.file, code, errOut)
		}
	}
}

// writeDay is the day of the writer's orders and touchpoints: after the
// example's, so that they are told apart from them.
var writeDay = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// write is the writer's i-th write (from 0): an order when i is even, a
// touchpoint when odd, each in a transaction of its own. Replaying writes
// 0..k-1 on the same start gives the same database.
func write(ctx context.Context, st *store.Store, i int) error {
	acct := int64(i%10 + 1)
	if i%2 == 0 {
		_, err := st.CreateOrder(ctx, crm.Order{AccountID: acct, ExternalID: fmt.Sprintf("w-%d", i), OrderedAt: writeDay, Amount: crm.Money(10000 + 37*i)})
		return err
	}
	_, err := st.CreateTouchpoint(ctx, crm.Touchpoint{AccountID: acct, ExternalID: fmt.Sprintf("w-%d", i), Kind: "call", Department: "support",
		OccurredAt: writeDay, EffortMinutes: float64(5 + i%7), Subject: "writer"})
	return err
}

// writesIn counts the writer's orders and touchpoints in the database db.
func writesIn(t *testing.T, db string) (orders, touchpoints int) {
	t.Helper()
	ctx := crm.WithActor(context.Background(), crm.Operator)
	st, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, orders, err = st.ListOrders(ctx, store.OrderQuery{Since: writeDay, Until: writeDay, Limit: 1}); err != nil {
		t.Fatal(err)
	}
	if _, touchpoints, err = st.ListTouchpoints(ctx, store.TouchpointQuery{Since: writeDay, Until: writeDay, Limit: 1}); err != nil {
		t.Fatal(err)
	}
	return orders, touchpoints
}

// reports runs every report with --json on db and returns its output (or
// its error) by name. The as-of day is fixed, so that the care queue's
// clock is too (it is the time the report ran otherwise).
func reports(t *testing.T, db string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range report.Names() {
		stdout, stderr, code := vf(t, db, "report", name, "--json", "--as-of", writeDay.Format(time.DateOnly))
		out[name] = fmt.Sprintf("exit %d\n%s%s", code, stdout, stderr)
	}
	return out
}

func copyDB(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestBackupUnderWriterRestoresTheMoment: a backup taken while a writer
// commits orders and touchpoints one transaction at a time holds exactly
// the writes committed before some moment (a prefix of the writer's
// sequence), and once restored into a new database every report says
// what the source said at that moment. The source at that moment is
// rebuilt by replaying the prefix on a copy of the starting database, so
// no report is compared with itself.
func TestBackupUnderWriterRestoresTheMoment(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "source.db")
	seedExample(t, src)
	start := filepath.Join(dir, "start.db") // the source before the writer
	copyDB(t, src, start)

	ctx := crm.WithActor(context.Background(), crm.Operator)
	st, err := store.Open(ctx, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var written atomic.Int64
	stop := make(chan struct{})
	writerDone := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				writerDone <- nil
				return
			default:
			}
			if err := write(ctx, st, i); err != nil {
				writerDone <- fmt.Errorf("write %d: %w", i, err)
				return
			}
			written.Add(1)
		}
	}()
	waitWrites := func(n int64) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); written.Load() < n; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the writer wrote %d of %d", written.Load(), n)
			}
		}
	}
	waitWrites(20)
	backup := filepath.Join(dir, "backup.db")
	stdout, stderr, code := vf(t, src, "backup", backup)
	if code != 0 || !strings.Contains(stdout, "integrity_check ok") {
		t.Fatalf("backup: exit %d\n%s%s", code, stdout, stderr)
	}
	after := written.Load()
	waitWrites(after + 20) // the source moves on past the backup
	close(stop)
	if err := <-writerDone; err != nil {
		t.Fatal(err)
	}
	total := int(written.Load())
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	// The backup holds a prefix of the writes: orders and touchpoints
	// alternate, so as many of each, or one order more.
	orders, touchpoints := writesIn(t, backup)
	k := orders + touchpoints
	if orders != touchpoints && orders != touchpoints+1 {
		t.Fatalf("the backup holds %d of the writer's orders and %d touchpoints: not a prefix of its writes", orders, touchpoints)
	}
	t.Logf("the backup holds the first %d of the writer's %d writes", k, total)
	if k < 20 || k >= total {
		t.Fatalf("the backup holds %d writes; the writer wrote 20 before it started and %d in all", k, total)
	}

	// Restore it into a new database; it reads as the backup does.
	restored := filepath.Join(dir, "restored.db")
	if stdout, stderr, code := vf(t, restored, "restore", backup); code != 0 || !strings.Contains(stdout, "restored") {
		t.Fatalf("restore: exit %d\n%s%s", code, stdout, stderr)
	}
	// The source at the backup's moment: the start and the first k writes.
	moment := filepath.Join(dir, "moment.db")
	copyDB(t, start, moment)
	mst, err := store.Open(ctx, moment, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range k {
		if err := write(ctx, mst, i); err != nil {
			t.Fatal(err)
		}
	}
	mst.Close()

	want, got := reports(t, moment), reports(t, restored)
	for _, name := range report.Names() {
		if !strings.HasPrefix(want[name], "exit 0\n") {
			t.Errorf("report %s on the source at the backup's moment failed:\n%s", name, want[name])
		}
		if got[name] != want[name] {
			i := 0
			for i < len(got[name]) && i < len(want[name]) && got[name][i] == want[name][i] {
				i++
			}
			from := max(0, i-200)
			t.Errorf("report %s of the restored backup differs from the source's at the backup's moment, at byte %d:\ngot  …%.400s\nwant …%.400s", name, i, got[name][from:], want[name][from:])
		}
	}
	// The source has moved on since: its pareto differs, so the
	// comparison above can fail.
	if now := reports(t, src)["pareto"]; now == want["pareto"] {
		t.Errorf("the source's pareto after %d more writes is the backup's", total-k)
	}
}

// TestBackupAndRestoreRefuse: backup keeps an existing file unless
// --force; restore refuses a file that is not a sound vitalfew database,
// one from a newer vitalfew, and any while a server has the database open,
// and keeps the database it replaces.
func TestBackupAndRestoreRefuse(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "live.db")
	orders := writeFile(t, "orders.csv", "invoice,customer,date,amount\nR1,Acme,2024-01-02,100\nR2,Beta,2024-02-02,50\n")
	if _, errOut, code := vf(t, db, "import", "orders", orders); code != 0 {
		t.Fatal(errOut)
	}
	out := filepath.Join(dir, "copy.db")
	if err := os.WriteFile(out, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := vf(t, db, "backup", out); code == 0 || !strings.Contains(errOut, "--force") {
		t.Errorf("backup over an existing file: exit %d, %s", code, errOut)
	}
	if b, _ := os.ReadFile(out); string(b) != "keep me" {
		t.Errorf("the refused backup changed the file: %q", b)
	}
	if _, errOut, code := vf(t, db, "backup", out, "--force"); code != 0 {
		t.Fatalf("backup --force: exit %d, %s", code, errOut)
	}
	if stdout, errOut, code := vf(t, out, "report", "pareto", "--json"); code != 0 || !strings.Contains(stdout, `"customers":2,`) {
		t.Errorf("report on the backup: exit %d\n%s%s", code, stdout, errOut)
	}

	notDB := writeFile(t, "notes.db", "SQLite? no")
	foreign := filepath.Join(dir, "foreign.db")
	newer := filepath.Join(dir, "newer.db")
	copyDB(t, out, newer)
	for path, sqlText := range map[string]string{
		foreign: `CREATE TABLE things (id INTEGER)`,
		newer:   `INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, 1)`,
	} {
		raw, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(sqlText); err != nil {
			t.Fatal(err)
		}
		raw.Close()
	}
	target := filepath.Join(dir, "target.db")
	for file, want := range map[string]string{
		notDB:   "not a SQLite database",
		foreign: "not a vitalfew database",
		newer:   "newer vitalfew",
	} {
		if _, errOut, code := vf(t, target, "restore", file); code == 0 || !strings.Contains(errOut, want) {
			t.Errorf("restore %s: exit %d, %s; want %q", filepath.Base(file), code, errOut, want)
		}
	}
	if _, err := os.Stat(target); err == nil {
		t.Errorf("a refused restore created %s", target)
	}

	// While a server runs on the database, restore refuses.
	sctx, cancel := context.WithCancel(context.Background())
	stderr := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- cli.Run(sctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, func(string) string { return "" },
			strings.NewReader(""), io.Discard, stderr)
	}()
	for deadline := time.Now().Add(10 * time.Second); !regexp.MustCompile(`serving on`).MatchString(stderr.String()); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s", stderr.String())
		}
	}
	if _, errOut, code := vf(t, db, "restore", out); code == 0 || !strings.Contains(errOut, "server has") {
		t.Errorf("restore while serving: exit %d, %s", code, errOut)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// Stopped, it restores and keeps the old database aside.
	more := writeFile(t, "more.csv", "invoice,customer,date,amount\nR3,Gamma,2024-03-02,70\n")
	if _, errOut, code := vf(t, db, "import", "orders", more); code != 0 {
		t.Fatal(errOut)
	}
	if stdout, errOut, code := vf(t, db, "restore", out); code != 0 || !strings.Contains(stdout, "before-restore") {
		t.Fatalf("restore: exit %d\n%s%s", code, stdout, errOut)
	}
	count := func(path string) string {
		stdout, errOut, _ := vf(t, path, "report", "pareto", "--json")
		m := regexp.MustCompile(`"customers":(\d+),"revenue"`).FindStringSubmatch(stdout)
		if m == nil {
			t.Fatalf("pareto of %s: %s%s", path, stdout, errOut)
		}
		return m[1]
	}
	if got := count(db); got != "2" {
		t.Errorf("the restored database has %s customers, want the backup's 2", got)
	}
	if got := count(db + ".before-restore"); got != "3" {
		t.Errorf("the database kept aside has %s customers, want 3", got)
	}
	// A damaged database (the reason to restore) is replaced too, and kept.
	damaged := filepath.Join(dir, "damaged.db")
	if err := os.WriteFile(damaged, []byte("this file was a database once"), 0o600); err != nil {
		t.Fatal(err)
	}
	if stdout, errOut, code := vf(t, damaged, "restore", out); code != 0 {
		t.Fatalf("restore over a damaged database: exit %d\n%s%s", code, stdout, errOut)
	}
	if got := count(damaged); got != "2" {
		t.Errorf("the database restored over a damaged one has %s customers, want 2", got)
	}
	if b, _ := os.ReadFile(damaged + ".before-restore"); string(b) != "this file was a database once" {
		t.Errorf("the damaged database was not kept: %q", b)
	}
}

func TestVersion(t *testing.T) {
	stdout, stderr, code := vf(t, testkit.SQLite(t), "--version")
	if code != 0 {
		t.Fatalf("--version: exit %d, %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	// In a test binary there is no module version or commit: the release
	// this source is of.
	if len(lines) != 1 || !regexp.MustCompile(`^vitalfew v\d+\.\d+\.\d+\S*( commit [0-9a-f]+)?.* go1\.\d+`).MatchString(lines[0]) {
		t.Errorf("--version printed %q", stdout)
	}
	if cli.Version() == "" || !strings.Contains(stdout, cli.Version()) {
		t.Errorf("--version %q lacks Version() %q", stdout, cli.Version())
	}
}

// TestBackupPostgres: on PostgreSQL, backup runs pg_dump --format=custom
// when it is on PATH and says how to restore with pg_restore, which
// brings the data back into an empty database; without pg_dump it prints
// the commands and fails.
func TestBackupPostgres(t *testing.T) {
	src, ok := testkit.Postgres(t)
	if !ok {
		t.Skip("VITALFEW_TEST_POSTGRES is not set")
	}
	orders := writeFile(t, "orders.csv", "invoice,customer,date,amount\nR1,Acme,2024-01-02,100\nR2,Beta,2024-02-02,50\n")
	if _, errOut, code := vf(t, src, "import", "orders", orders); code != 0 {
		t.Fatal(errOut)
	}
	out := filepath.Join(t.TempDir(), "vitalfew.dump")
	pgDump, err := exec.LookPath("pg_dump")
	if err != nil {
		stdout, _, code := vf(t, src, "backup", out)
		if code == 0 || !strings.Contains(stdout, "pg_dump --format=custom") || !strings.Contains(stdout, "pg_restore") {
			t.Errorf("backup without pg_dump: exit %d\n%s", code, stdout)
		}
		t.Skip("pg_dump is not on PATH")
	}
	stdout, stderr, code := vf(t, src, "backup", out)
	if code != 0 || !strings.Contains(stdout, "pg_restore") {
		t.Fatalf("backup: exit %d\n%s%s", code, stdout, stderr)
	}
	if b, err := os.ReadFile(out); err != nil || !strings.HasPrefix(string(b), "PGDMP") {
		t.Fatalf("%s is not a pg_dump custom archive (%v)", out, err)
	}
	if _, errOut, code := vf(t, src, "backup", out); code == 0 || !strings.Contains(errOut, "--force") {
		t.Errorf("backup over an existing file: exit %d, %s", code, errOut)
	}
	dst, _ := testkit.Postgres(t)
	restore := exec.Command(filepath.Join(filepath.Dir(pgDump), "pg_restore"), "--no-owner", "--dbname", dst, out)
	if b, err := restore.CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, b)
	}
	if want, got := reports(t, src)["pareto"], reports(t, dst)["pareto"]; got != want || !strings.HasPrefix(got, "exit 0") {
		t.Errorf("pareto of the restored dump:\n%s\nwant\n%s", got, want)
	}
}
