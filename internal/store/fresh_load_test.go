package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// pgSchemaOf lists the indexes and constraints of the database at dsn, as
// the statements that define them, and how many statements set_aside holds.
func pgSchemaOf(t *testing.T, dsn string) (schema []string, setAside int) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
		UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated
		FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		schema = append(schema, s)
	}
	if err := db.QueryRow(`SELECT COUNT(*) FROM set_aside`).Scan(&setAside); err != nil {
		t.Fatal(err)
	}
	return schema, setAside
}

// TestFreshLoadPostgres: a bulk load into an empty PostgreSQL database sets
// its foreign keys and secondary indexes aside and puts every one of them
// back, validated, when it ends — or, when it was cut short, the next time
// the database is opened, unless the load is still running; the data it
// wrote is what the same imports write with the keys in place.
func TestFreshLoadPostgres(t *testing.T) {
	op := crm.WithActor(context.Background(), crm.Operator)
	opt := crm.ImportOptions{File: "o.csv"}
	load := func(t *testing.T, st *store.Store) {
		t.Helper()
		if _, err := st.ImportOrders(op, orders(), opt); err != nil {
			t.Fatal(err)
		}
		// A second import into tables that now hold rows: an order of a
		// known account, one of a new account, and the lines of both.
		more := []crm.OrderRecord{
			{Line: 2, Account: crm.AccountRef{ExternalID: "K2"}, Order: crm.Order{ExternalID: "RE-5", OrderedAt: day("2024-05-05"), Amount: cents(20)}},
			{Line: 3, Account: crm.AccountRef{ExternalID: "K3", Name: "Corvus AG"}, Order: crm.Order{ExternalID: "RE-6", OrderedAt: day("2024-06-05"), Amount: cents(30)}},
		}
		if _, err := st.ImportOrders(op, more, opt); err != nil {
			t.Fatal(err)
		}
		lines := []crm.OrderLineRecord{
			{Line: 2, OrderExternalID: "RE-5", SKU: "P-1", ProductName: "Bearing", OrderLine: crm.OrderLine{LineNo: 1, Quantity: 2, UnitPrice: cents(10), Amount: cents(20)}},
			{Line: 3, OrderExternalID: "RE-6", SKU: "P-1", OrderLine: crm.OrderLine{LineNo: 1, Quantity: 3, UnitPrice: cents(10), Amount: cents(30)}},
		}
		if _, err := st.ImportOrderLines(op, lines, opt); err != nil {
			t.Fatal(err)
		}
	}
	facts := func(t *testing.T, st *store.Store) string {
		t.Helper()
		rev, err := st.RevenueByAccount(op, day("2020-01-01"), day("2030-01-01"))
		if err != nil {
			t.Fatal(err)
		}
		bought, err := st.ProductsBought(op, day("2030-01-01"))
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, r := range rev {
			b.WriteString(r.Name + " " + r.Revenue.String() + "\n")
		}
		var products []string
		for _, p := range bought {
			products = append(products, fmt.Sprintf("%s %g %s", p.Product, p.Quantity, p.Revenue))
		}
		slices.Sort(products)
		return b.String() + strings.Join(products, "\n")
	}

	// The same imports with the keys in place.
	refDSN := MustPostgres(t)
	ref := MustOpen(t, refDSN)
	load(t, ref)
	want := facts(t, ref)
	schema, _ := pgSchemaOf(t, refDSN)
	if !slices.ContainsFunc(schema, func(s string) bool { return strings.Contains(s, "order_lines_order_id_fkey") }) {
		t.Fatalf("no key of order lines to orders in the schema:\n%s", strings.Join(schema, "\n"))
	}

	t.Run("ended", func(t *testing.T) {
		dsn := MustPostgres(t)
		st := MustOpen(t, dsn)
		putBack, err := st.FreshLoad(op)
		if err != nil {
			t.Fatal(err)
		}
		during, n := pgSchemaOf(t, dsn)
		if n == 0 || len(during) >= len(schema) || slices.ContainsFunc(during, func(s string) bool { return strings.Contains(s, "FOREIGN KEY") && strings.HasPrefix(s, "order_lines") }) {
			t.Fatalf("during the load %d statements set aside and the schema is\n%s", n, strings.Join(during, "\n"))
		}
		load(t, st)
		if err := putBack(op); err != nil {
			t.Fatal(err)
		}
		after, n := pgSchemaOf(t, dsn)
		if n != 0 || !slices.Equal(after, schema) {
			t.Fatalf("after the load %d statements still set aside; schema\n%s\nwant\n%s", n, strings.Join(after, "\n"), strings.Join(schema, "\n"))
		}
		if got := facts(t, st); got != want {
			t.Fatalf("loaded\n%s\nwant\n%s", got, want)
		}
		// The database now holds data: another fresh load changes nothing.
		again, err := st.FreshLoad(op)
		if err != nil {
			t.Fatal(err)
		}
		if s, n := pgSchemaOf(t, dsn); n != 0 || !slices.Equal(s, schema) {
			t.Fatalf("a fresh load into a database with data set %d statements aside", n)
		}
		if err := again(op); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("cut short", func(t *testing.T) {
		dsn := MustPostgres(t)
		st, err := store.Open(context.Background(), dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.FreshLoad(op); err != nil {
			t.Fatal(err)
		}
		load(t, st)
		// Another process opens the database while the load runs: the
		// keys stay aside, and a second fresh load does not start.
		other := MustOpen(t, dsn)
		if _, n := pgSchemaOf(t, dsn); n == 0 {
			t.Fatal("opening the database during the load put the keys back")
		}
		noop, err := other.FreshLoad(op)
		if err != nil {
			t.Fatal(err)
		}
		if err := noop(op); err != nil {
			t.Fatal(err)
		}
		if _, n := pgSchemaOf(t, dsn); n == 0 {
			t.Fatal("a second fresh load put the first one's keys back")
		}
		// The loading process dies: its connection, and with it its lock,
		// goes (the call waits until it has).
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		var killed int
		err = db.QueryRow(`SELECT COUNT(pg_terminate_backend(pid, 10000)) FROM pg_locks
			WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&killed)
		db.Close()
		if err != nil || killed != 1 {
			t.Fatalf("ending the loader's connection: %d ended, %v", killed, err)
		}
		st.Close()
		reopened := MustOpen(t, dsn)
		after, n := pgSchemaOf(t, dsn)
		if n != 0 || !slices.Equal(after, schema) {
			t.Fatalf("after reopening %d statements still set aside; schema\n%s\nwant\n%s", n, strings.Join(after, "\n"), strings.Join(schema, "\n"))
		}
		if got := facts(t, reopened); got != want {
			t.Fatalf("loaded\n%s\nwant\n%s", got, want)
		}
	})

	t.Run("needs an importer", func(t *testing.T) {
		st := MustOpen(t, MustPostgres(t))
		viewer := crm.WithActor(context.Background(), crm.Actor{UserID: 7, Role: crm.RoleViewer})
		if _, err := st.FreshLoad(viewer); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Fatalf("a viewer's fresh load: %v", err)
		}
	})
}

// TestFreshLoadSQLite: on SQLite a fresh load changes nothing (its loads
// build their indexes once already).
func TestFreshLoadSQLite(t *testing.T) {
	path := testkit.SQLite(t)
	st := MustOpen(t, path)
	op := crm.WithActor(context.Background(), crm.Operator)
	putBack, err := st.FreshLoad(op)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportOrders(op, orders(), crm.ImportOptions{File: "o.csv"}); err != nil {
		t.Fatal(err)
	}
	if err := putBack(op); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM set_aside`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("set aside on SQLite: %d %v", n, err)
	}
	var fks int
	if err := db.QueryRow(`SELECT COUNT(*) FROM pragma_foreign_key_list('order_lines')`).Scan(&fks); err != nil || fks == 0 {
		t.Fatalf("order lines' foreign keys on SQLite: %d %v", fks, err)
	}
}
