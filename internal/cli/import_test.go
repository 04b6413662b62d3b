package cli_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/cli"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestImportIsAudited: an import from the command line leaves one audit
// entry by the operator naming the file and what it did; a dry run and a
// refused import leave none.
func TestImportIsAudited(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			good := writeFile(t, "good.csv", "customer_id,customer,invoice,date,amount\n"+
				"K1,Acme GmbH,RE-1,2024-01-05,100\nK2,Brandt KG,RE-2,2024-02-05,50\nK1,Acme GmbH,RE-3,2024-03-05,-10\n")
			if _, stderr, code := vf(t, db, "import", "orders", good, "--dry-run"); code != 0 {
				t.Fatalf("dry run: exit %d\n%s", code, stderr)
			}
			if _, stderr, code := vf(t, db, "import", "orders", good); code != 0 {
				t.Fatalf("import: exit %d\n%s", code, stderr)
			}
			if _, stderr, code := vf(t, db, "import", "orders", writeFile(t, "bad.csv", datevExport)); code != 2 {
				t.Fatalf("bad file: exit %d, want 2\n%s", code, stderr)
			}
			st, err := store.Open(context.Background(), db, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			es, _, err := st.Audit(crm.WithActor(context.Background(), crm.Operator), store.AuditFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != 1 {
				t.Fatalf("%d audit entries, want one: %+v", len(es), es)
			}
			e := es[0]
			var after struct {
				File    string
				Summary crm.ImportSummary
			}
			if err := json.Unmarshal(e.After, &after); err != nil {
				t.Fatal(err)
			}
			if e.Action != "import" || e.Entity != "orders" || e.Actor != crm.Operator.Name || after.File != good ||
				after.Summary.Inserted != 3 || after.Summary.AccountsCreated != 2 || after.Summary.Rejected != 0 {
				t.Fatalf("audit entry %+v, after %s: want the operator's import of %s, 3 inserted, 2 new accounts", e, e.After, good)
			}
		})
	}
}

// signalWriter is a stderr that closes seen once what it collected
// contains want.
type signalWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	if w.seen != nil && strings.Contains(w.buf.String(), w.want) {
		close(w.seen)
		w.seen = nil
	}
	return n, err
}

func (w *signalWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// TestImportWaitsForAnotherImport: an import that finds another running
// (in another process) tells the user on stderr, waits, and then imports.
func TestImportWaitsForAnotherImport(t *testing.T) {
	const msg = "another import is running; waiting for it to finish…"
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if _, stderr, code := vf(t, db, "import", "orders", writeFile(t, "first.csv", "customer,invoice,date,amount\nAcme,RE-1,2024-01-05,100\n")); code != 0 {
				t.Fatalf("first import: exit %d\n%s", code, stderr)
			}
			// Another process's import holds the database: on SQLite a
			// transaction with the write lock; on PostgreSQL an import
			// stalled at its end by a lock on the imports table.
			var release func()
			if name == "sqlite" {
				sdb, err := sql.Open("sqlite", db)
				if err != nil {
					t.Fatal(err)
				}
				defer sdb.Close()
				c, err := sdb.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				if _, err := c.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
					t.Fatal(err)
				}
				release = func() { c.ExecContext(ctx, "COMMIT") }
			} else {
				pdb, err := sql.Open("pgx", db)
				if err != nil {
					t.Fatal(err)
				}
				defer pdb.Close()
				tx, err := pdb.Begin()
				if err != nil {
					t.Fatal(err)
				}
				if _, err := tx.Exec(`LOCK TABLE imports IN EXCLUSIVE MODE`); err != nil {
					t.Fatal(err)
				}
				other := make(chan int, 1)
				go func() {
					_, _, code := vf(t, db, "import", "orders", writeFile(t, "other.csv", "customer,invoice,date,amount\nBrandt,RE-2,2024-01-06,50\n"))
					other <- code
				}()
				for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
					var n int
					if err := pdb.QueryRow(`SELECT count(*) FROM pg_locks WHERE relation = 'imports'::regclass AND NOT granted`).Scan(&n); err != nil {
						t.Fatal(err)
					}
					if n > 0 {
						break
					}
					if time.Now().After(deadline) {
						t.Fatal("the other import never reached the imports table")
					}
				}
				release = func() {
					tx.Commit()
					if code := <-other; code != 0 {
						t.Errorf("the other import: exit %d", code)
					}
				}
			}
			stderr := &signalWriter{want: msg, seen: make(chan struct{})}
			seen := stderr.seen
			done := make(chan error, 1)
			go func() {
				file := writeFile(t, "second.csv", "customer,invoice,date,amount\nCramer,RE-3,2024-01-07,25\n")
				done <- cli.Run(ctx, []string{"--db", db, "import", "orders", file}, func(string) string { return "" }, strings.NewReader(""), io.Discard, stderr)
			}()
			select {
			case <-seen:
			case err := <-done:
				t.Fatalf("the import did not wait (err %v); stderr:\n%s", err, stderr)
			case <-time.After(time.Minute):
				t.Fatalf("no message on stderr; it has:\n%s", stderr)
			}
			release()
			if err := <-done; err != nil {
				t.Fatalf("the waiting import: %v\n%s", err, stderr)
			}
			if n := strings.Count(stderr.String(), msg); n != 1 {
				t.Errorf("the message is on stderr %d times, want once:\n%s", n, stderr)
			}
			out, _, _ := vf(t, db, "report", "pareto", "--json")
			want := 2 // Acme, Cramer
			if name == "postgres" {
				want = 3 // and the other import's Brandt
			}
			var p struct{ Customers int }
			if err := json.Unmarshal([]byte(out), &p); err != nil || p.Customers != want {
				t.Errorf("customers after the imports: %s, want %d", out, want)
			}
		})
	}
}
