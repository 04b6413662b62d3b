package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// eachDSN runs fn with a function that returns the name of a fresh SQLite
// file and, when VITALFEW_TEST_POSTGRES holds a URL, of a fresh PostgreSQL
// database.
func eachDSN(t *testing.T, fn func(t *testing.T, fresh func() string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, func() string { return testkit.SQLite(t) }) })
	t.Run("postgres", func(t *testing.T) {
		MustPostgres(t)
		fn(t, func() string { return MustPostgres(t) })
	})
}

// ordersFile is an invoice export large enough for the bulk path: 12,000
// invoices named prefix-N for customers first … first+4,999 (every 7th by
// name only), and each customer's revenue in it, by name.
func ordersFile(prefix string, first int) ([]crm.OrderRecord, map[string]crm.Money) {
	var recs []crm.OrderRecord
	want := map[string]crm.Money{}
	for i := range 12_000 {
		c := first + (i*7919)%5000
		ref := crm.AccountRef{ExternalID: fmt.Sprintf("C%05d", c), Name: fmt.Sprintf("Customer %d GmbH", c)}
		if c%7 == 0 {
			ref.ExternalID = ""
		}
		amount := crm.Money(i%500*100 + 50)
		recs = append(recs, crm.OrderRecord{Line: i + 2, Account: ref, Order: crm.Order{ExternalID: fmt.Sprintf("%s-%d", prefix, i),
			OrderedAt: day("2024-01-01").AddDate(0, 0, i%365), Amount: amount}})
		want[ref.Name] += amount
	}
	return recs, want
}

// TestConcurrentImports: two processes (two stores on one database)
// importing large files at once both succeed, one after the other, and the
// database holds exactly both files: customers they share are created
// once. Before imports took a lock, PostgreSQL deadlocked or created a
// shared customer twice.
func TestConcurrentImports(t *testing.T) {
	eachDSN(t, func(t *testing.T, fresh func() string) {
		a, wantA := ordersFile("A", 0)
		b, wantB := ordersFile("B", 2500)
		want := map[string]crm.Money{}
		for _, w := range []map[string]crm.Money{wantA, wantB} {
			for name, v := range w {
				want[name] += v
			}
		}
		for round := range 3 {
			dsn := fresh()
			stores := []*store.Store{MustOpen(t, dsn), MustOpen(t, dsn)}
			ctx := crm.WithActor(context.Background(), crm.Operator)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			start := make(chan struct{})
			for i, recs := range [][]crm.OrderRecord{a, b} {
				wg.Go(func() {
					<-start
					_, errs[i] = stores[i].ImportOrders(ctx, recs, crm.ImportOptions{File: fmt.Sprintf("file%d.csv", i)})
				})
			}
			close(start)
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("round %d: import %d: %v", round, i, err)
				}
			}
			got := revenueByName(t, stores[0])
			dir, err := stores[0].Directory(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(dir) != len(want) || len(got) != len(want) {
				t.Fatalf("round %d: %d accounts, %d with revenue; want %d (customers in both files created once)", round, len(dir), len(got), len(want))
			}
			for name, w := range want {
				if got[name] != w {
					t.Fatalf("round %d: revenue of %s = %v, want %v", round, name, got[name], w)
				}
			}
		}
	})
}

// holdImports makes the database at dsn busy with another import, as
// another process would, until release is called: on SQLite a transaction
// holding the write lock; on PostgreSQL an import by another store that
// stalls at its end (on a lock of the imports table the test holds).
func holdImports(t *testing.T, dsn string) (release func()) {
	t.Helper()
	ctx := context.Background()
	if !store.IsPostgres(dsn) {
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			t.Fatal(err)
		}
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
		return func() {
			if _, err := c.ExecContext(ctx, "COMMIT"); err != nil {
				t.Error(err)
			}
			c.Close()
			db.Close()
		}
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`LOCK TABLE imports IN EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	other := MustOpen(t, dsn)
	done := make(chan error, 1)
	go func() {
		_, err := other.ImportOrders(crm.WithActor(ctx, crm.Operator), orders(), crm.ImportOptions{File: "first.csv"})
		done <- err
	}()
	// Until the other import waits for the imports table, having taken
	// whatever it takes before.
	waitForImportsTable(t, db, done)
	return func() {
		if err := tx.Commit(); err != nil {
			t.Error(err)
		}
		if err := <-done; err != nil {
			t.Errorf("the first import: %v", err)
		}
		db.Close()
	}
}

// TestImportWaitsForAnother: an import that finds another running says so
// once (ImportOptions.Waiting), waits, and runs when the other has ended.
func TestImportWaitsForAnother(t *testing.T) {
	eachDSN(t, func(t *testing.T, fresh func() string) {
		dsn := fresh()
		st := MustOpen(t, dsn)
		release := holdImports(t, dsn)
		var calls int
		waiting, resumed := make(chan struct{}), make(chan struct{})
		opt := crm.ImportOptions{File: "second.csv", Waiting: func() func() {
			calls++
			close(waiting)
			return func() { close(resumed) }
		}}
		done := make(chan error, 1)
		go func() {
			_, err := st.ImportTouchpoints(crm.WithActor(context.Background(), crm.Operator), []crm.TouchpointRecord{{Line: 2,
				Account: crm.AccountRef{ExternalID: "K9", Name: "Waiting GmbH"}, Touchpoint: crm.Touchpoint{ExternalID: "T1", Kind: "call",
					Department: "sales", OccurredAt: day("2024-02-01"), EffortMinutes: 5}}}, opt)
			done <- err
		}()
		select {
		case <-waiting:
		case err := <-done:
			t.Fatalf("the import ran while another held the database (err %v)", err)
		case <-time.After(time.Minute):
			t.Fatal("the import did not say that it waits")
		}
		select {
		case <-resumed:
			t.Fatal("the wait ended while the other import still ran")
		default:
		}
		release()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		select {
		case <-resumed:
		default:
			t.Error("the import ran without ending its wait")
		}
		if calls != 1 {
			t.Errorf("Waiting called %d times, want once", calls)
		}
		dir, err := st.Directory(crm.WithActor(context.Background(), crm.Operator))
		if err != nil || !slices.ContainsFunc(dir, func(a store.DirectoryEntry) bool { return a.Name == "Waiting GmbH" }) {
			t.Errorf("after the wait: accounts %v (%v), want Waiting GmbH among them", dir, err)
		}
	})
}

// waitForImportsTable waits until an import (PostgreSQL) waits for a lock
// on the imports table that the test holds: it has done all its work but
// the last step. done is the import's result, should it end first.
func waitForImportsTable(t *testing.T, db *sql.DB, done chan error) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		var waiting int
		if err := db.QueryRow(`SELECT count(*) FROM pg_locks WHERE relation = 'imports'::regclass AND NOT granted`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			return
		}
		select {
		case err := <-done:
			t.Fatalf("the import ended before it reached the imports table: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the import never reached the imports table")
		}
	}
}
