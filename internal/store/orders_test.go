package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// bulkOrders is a file large enough to be written while it is resolved
// (at least doubling the orders table, over the bulk-load threshold): 5,000
// customers, most named by number, every 7th by name only; every 10th
// invoice has a second row (line-level export) that must be summed into it.
// 5,000 new accounts take more than one block of ids on PostgreSQL, the
// later ones reserved on another connection while the load writes.
// It returns the records and each customer's expected revenue by name.
func bulkOrders() ([]crm.OrderRecord, map[string]crm.Money) {
	var recs []crm.OrderRecord
	want := map[string]crm.Money{}
	line := 1
	for i := range 12_000 {
		c := (i * 7919) % 5000
		ref := crm.AccountRef{ExternalID: fmt.Sprintf("C%04d", c), Name: fmt.Sprintf("Customer %d GmbH", c)}
		if c%7 == 0 {
			ref.ExternalID = ""
		}
		at := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%700)
		amount := crm.Money(i%500*100 + 25)
		inv := fmt.Sprintf("INV-%d", i)
		line++
		recs = append(recs, crm.OrderRecord{Line: line, Account: ref, Order: crm.Order{ExternalID: inv, OrderedAt: at, Amount: amount}})
		want[ref.Name] += amount
		if i%10 == 0 {
			line++
			recs = append(recs, crm.OrderRecord{Line: line, Account: ref, Order: crm.Order{ExternalID: inv, OrderedAt: at, Amount: cents(1)}})
			want[ref.Name] += cents(1)
		}
	}
	return recs, want
}

func revenueByName(t *testing.T, st *store.Store) map[string]crm.Money {
	t.Helper()
	rev, err := st.RevenueByAccount(crm.WithActor(context.Background(), crm.Operator), day("2000-01-01"), day("2030-01-01"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]crm.Money{}
	for _, r := range rev {
		got[r.Name] += r.Revenue
	}
	return got
}

func TestBulkImportOrders(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := crm.WithActor(context.Background(), crm.Operator)
		recs, want := bulkOrders()
		sum, err := st.ImportOrders(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{File: "big.csv"})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Inserted != 12_000 || sum.AccountsCreated != 5000 || sum.Updated != 0 || sum.Unchanged != 0 || sum.Rejected != 0 {
			t.Fatalf("first import: %+v", sum)
		}
		got := revenueByName(t, st)
		if len(got) != len(want) {
			t.Fatalf("%d accounts with revenue, want %d", len(got), len(want))
		}
		for name, w := range want {
			if got[name] != w {
				t.Fatalf("revenue of %s = %v, want %v", name, got[name], w)
			}
		}

		// The same file again changes nothing.
		sum, err = st.ImportOrders(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{File: "big.csv"})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Inserted != 0 || sum.AccountsCreated != 0 || sum.Updated != 0 || sum.Unchanged != 12_000 {
			t.Fatalf("second import: %+v", sum)
		}

		// A changed amount is an update, found by invoice number.
		recs[len(recs)-1].Order.Amount += cents(10)
		sum, err = st.ImportOrders(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{File: "big.csv"})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Updated != 1 || sum.Unchanged != 11_999 || sum.Inserted != 0 {
			t.Fatalf("third import: %+v", sum)
		}

		// Another source has its own invoice numbers; source and currency
		// are stored (a second import finds every row unchanged).
		for i := range recs {
			recs[i].Order.Currency = "EUR"
		}
		for _, want := range []crm.ImportSummary{{Inserted: 12_000}, {Unchanged: 12_000}} {
			sum, err = st.ImportOrders(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{File: "erp.csv", Source: "erp"})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Inserted != want.Inserted || sum.Unchanged != want.Unchanged || sum.Updated != 0 || sum.AccountsCreated != 0 {
				t.Fatalf("import from another source: %+v, want %+v", sum, want)
			}
		}
	})
}

func TestBulkImportOrdersIsAtomic(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := crm.WithActor(context.Background(), crm.Operator)
		recs, _ := bulkOrders()
		// The last row names the first invoice again, with another
		// customer: found only once everything before it has been written.
		bad := recs[0]
		bad.Line = recs[len(recs)-1].Line + 1
		bad.Account = crm.AccountRef{ExternalID: "C9999"}
		recs = append(recs, bad)
		_, err := st.ImportOrders(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{File: "big.csv"})
		var rowErrs crm.RowErrors
		if !errors.As(err, &rowErrs) || len(rowErrs) != 1 {
			t.Fatalf("err = %v, want one row error", err)
		}
		if got, want := rowErrs.Error(), fmt.Sprintf(`big.csv:%d: invoice_id: invoice "INV-0" appears on line 2 with another customer or date`, bad.Line); got != want {
			t.Fatalf("error = %q, want %q", got, want)
		}
		if _, err := st.LatestOrderDate(ctx); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Fatalf("after a refused import: latest order err = %v, want not found (nothing written)", err)
		}
		if _, err := st.Account(ctx, 1); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Fatalf("after a refused import: account 1 err = %v, want not found", err)
		}

		// --strict refuses every unknown customer, naming each row.
		_, err = st.ImportOrders(crm.WithActor(ctx, crm.Operator), recs[:12_000], crm.ImportOptions{File: "big.csv", Strict: true})
		if !errors.As(err, &rowErrs) || len(rowErrs) != 12_000 || !strings.Contains(rowErrs[0].Error(), "(--strict)") {
			t.Fatalf("strict: err has %d row errors: %.200v", len(rowErrs), err)
		}

		// A dry run reports and writes nothing.
		sum, err := st.ImportOrders(crm.WithActor(ctx, crm.Operator), recs[:len(recs)-1], crm.ImportOptions{DryRun: true})
		if err != nil || sum.Inserted != 12_000 || sum.AccountsCreated != 5000 {
			t.Fatalf("dry run: %+v %v", sum, err)
		}
		if _, err := st.LatestOrderDate(ctx); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Fatalf("dry run wrote: %v", err)
		}

		// --skip-invalid writes the good rows and returns the bad one.
		sum, err = st.ImportOrders(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{File: "big.csv", SkipInvalid: true})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Inserted != 12_000 || sum.Rejected != 1 || sum.Rejects[0].Line != bad.Line {
			t.Fatalf("skip-invalid: %+v", sum)
		}
	})
}

// bigOrders is n orders for n new customers named prefix-N, one each: a
// bulk load of both orders and accounts.
func bigOrders(prefix string, n int) []crm.OrderRecord {
	var recs []crm.OrderRecord
	for i := range n {
		recs = append(recs, crm.OrderRecord{Line: i + 2, Account: crm.AccountRef{ExternalID: fmt.Sprintf("%s-C%05d", prefix, i)},
			Order: crm.Order{ExternalID: fmt.Sprintf("%s-INV-%d", prefix, i), OrderedAt: day("2024-01-01").AddDate(0, 0, i%365), Amount: cents(10)}})
	}
	return recs
}

// TestBulkLoadRestoresKeysPostgres: a PostgreSQL bulk load into a fresh
// database drops the orders' and the accounts' primary and foreign keys
// (and the keys of other tables to them) and adds them back; a bulk load
// into tables that hold rows leaves them in place. After either every
// constraint is validated and enforced.
func TestBulkLoadRestoresKeysPostgres(t *testing.T) {
	dsn := MustPostgres(t)
	st := MustOpen(t, dsn)
	ctx := crm.WithActor(context.Background(), crm.Operator)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// An order line needs a product; without one it would fail on NOT NULL.
	if _, err := db.Exec(`INSERT INTO products (sku) VALUES ('SKU-1')`); err != nil {
		t.Fatal(err)
	}
	for i, load := range []string{"into a fresh database", "into tables that hold rows"} {
		sum, err := st.ImportOrders(ctx, bigOrders(fmt.Sprint(i), 12_000), crm.ImportOptions{File: "big.csv"})
		if err != nil || sum.AccountsCreated != 12_000 {
			t.Fatalf("import %s: %+v, %v", load, sum, err)
		}
		if invalid := notValid(t, db); len(invalid) > 0 {
			t.Errorf("after a bulk load %s, constraints NOT VALID: %v", load, invalid)
		}
		var orderID, accountID int64
		if err := db.QueryRow(`SELECT id, account_id FROM orders ORDER BY id DESC LIMIT 1`).Scan(&orderID, &accountID); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct{ name, sql, code string }{
			{"orders primary key", `INSERT INTO orders (id, account_id, external_id, ordered_at, amount_cents) SELECT id, account_id, 'X-1', ordered_at, amount_cents FROM orders WHERE id = $1`, "23505"},
			{"accounts primary key", `INSERT INTO accounts (id, name, name_key) SELECT id, 'Twin', 'twin' FROM accounts WHERE id = $1`, "23505"},
			{"orders to accounts", `INSERT INTO orders (account_id, external_id, ordered_at, amount_cents) VALUES ($1 + 1000000, 'X-2', '2024-01-01', 1)`, "23503"},
			{"order lines to orders", `INSERT INTO order_lines (order_id, account_id, ordered_at, line_no, product_id, quantity, unit_price_cents, amount_cents)
				VALUES ($1 + 1000000, (SELECT min(id) FROM accounts), '2024-01-01', 1, (SELECT id FROM products LIMIT 1), 1, 1, 1)`, "23503"},
			{"contacts to accounts", `INSERT INTO contacts (account_id, name) VALUES ($1 + 1000000, 'Nobody')`, "23503"},
		} {
			arg := orderID
			if strings.HasPrefix(tc.name, "accounts") || strings.HasPrefix(tc.name, "contacts") {
				arg = accountID
			}
			_, err := db.Exec(tc.sql, arg)
			var pgErr *pgconn.PgError
			if !errors.As(err, &pgErr) || pgErr.Code != tc.code {
				t.Errorf("after a bulk load %s: %s: err = %v, want SQLSTATE %s", load, tc.name, err, tc.code)
			}
		}
		// Deleting an account deletes its orders (the key's ON DELETE CASCADE).
		if err := st.DeleteAccount(ctx, accountID); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM orders WHERE account_id = $1`, accountID).Scan(&n); err != nil || n != 0 {
			t.Fatalf("after a bulk load %s: orders of a deleted account: %d (%v), want 0", load, n, err)
		}
	}
}

// TestImportValidatesKeysPostgres: a foreign key an earlier version's bulk
// load left NOT VALID is validated by the next import.
func TestImportValidatesKeysPostgres(t *testing.T) {
	dsn := MustPostgres(t)
	st := MustOpen(t, dsn)
	ctx := crm.WithActor(context.Background(), crm.Operator)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := st.ImportOrders(ctx, orders(), crm.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`ALTER TABLE orders DROP CONSTRAINT orders_account_id_fkey`,
		`ALTER TABLE orders ADD CONSTRAINT orders_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE NOT VALID`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if invalid := notValid(t, db); len(invalid) != 1 {
		t.Fatalf("constraints NOT VALID before: %v, want the one made so", invalid)
	}
	if _, err := st.ImportTouchpoints(ctx, []crm.TouchpointRecord{{Line: 2, Account: crm.AccountRef{ExternalID: "K1"},
		Touchpoint: crm.Touchpoint{ExternalID: "T1", Kind: "call", Department: "sales", OccurredAt: day("2024-02-01"), EffortMinutes: 5}}}, crm.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if invalid := notValid(t, db); len(invalid) > 0 {
		t.Errorf("after an import, constraints NOT VALID: %v", invalid)
	}
}

// notValid lists the constraints not validated, as table.name.
func notValid(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT conrelid::regclass || '.' || conname FROM pg_constraint WHERE NOT convalidated`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		out = append(out, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBulkLoadKeepsReadersPostgres: while a bulk load into tables that hold
// rows is under way, other connections read those tables (and see them as
// they were) without waiting for it. The load is held before its commit by
// a lock on the imports table, which it writes last.
func TestBulkLoadKeepsReadersPostgres(t *testing.T) {
	dsn := MustPostgres(t)
	st := MustOpen(t, dsn)
	ctx := crm.WithActor(context.Background(), crm.Operator)
	if _, err := st.ImportOrders(ctx, bigOrders("A", 12_000), crm.ImportOptions{File: "a.csv"}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hold, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback()
	if _, err := hold.Exec(`LOCK TABLE imports IN EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		sum, err := st.ImportOrders(ctx, bigOrders("B", 12_000), crm.ImportOptions{File: "b.csv"})
		if err == nil && (sum.Inserted != 12_000 || sum.AccountsCreated != 12_000) {
			err = fmt.Errorf("summary %+v", sum)
		}
		done <- err
	}()
	waitForImportsTable(t, db, done)
	reader, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if _, err := reader.ExecContext(context.Background(), `SET lock_timeout = '2s'`); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"orders", "accounts"} {
		var n int
		if err := reader.QueryRowContext(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil || n != 12_000 {
			t.Errorf("reading %s during a bulk load: %d rows, %v; want the 12000 committed, at once", table, n, err)
		}
	}
	if err := hold.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"orders", "accounts"} {
		var n int
		if err := reader.QueryRowContext(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil || n != 24_000 {
			t.Errorf("%s after the load: %d rows, %v; want 24000", table, n, err)
		}
	}
}

// TestImportAnalyzesPostgres: an import that writes many rows for a table
// leaves the planner statistics of it (autovacuum may be off, and sees a
// load only after it has committed); one that writes few leaves them be.
func TestImportAnalyzesPostgres(t *testing.T) {
	dsn := MustPostgres(t)
	st := MustOpen(t, dsn)
	ctx := crm.WithActor(context.Background(), crm.Operator)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stats := func(table string) (rows float64, columns int) {
		t.Helper()
		err := db.QueryRow(`SELECT c.reltuples, (SELECT count(*) FROM pg_stats s WHERE s.schemaname = current_schema() AND s.tablename = c.relname)
			FROM pg_class c WHERE c.oid = $1::regclass`, table).Scan(&rows, &columns)
		if err != nil {
			t.Fatal(err)
		}
		return rows, columns
	}
	for _, tc := range []struct {
		load string
		n    int
		want float64 // orders and accounts as the statistics count them
	}{
		{"into a fresh database", 12_000, 12_000},
		{"into tables that hold rows", 12_000, 24_000},
		{"of a few rows", 100, 24_000},
	} {
		if _, err := st.ImportOrders(ctx, bigOrders(fmt.Sprint(tc.n, tc.want), tc.n), crm.ImportOptions{File: "big.csv"}); err != nil {
			t.Fatalf("import %s: %v", tc.load, err)
		}
		for _, table := range []string{"orders", "accounts"} {
			if rows, columns := stats(table); rows != tc.want || columns == 0 {
				t.Errorf("after an import %s: %s has statistics of %.0f rows, %d columns; want %.0f rows and every column", tc.load, table, rows, columns, tc.want)
			}
		}
	}
}

func TestImportOrders(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := crm.WithActor(context.Background(), crm.Operator)
		sum, err := st.ImportOrders(crm.WithActor(ctx, crm.Operator), orders(), crm.ImportOptions{File: "o.csv"})
		if err != nil {
			t.Fatal(err)
		}
		want := crm.ImportSummary{Inserted: 4, AccountsCreated: 2}
		if sum.Inserted != want.Inserted || sum.AccountsCreated != want.AccountsCreated || sum.Updated != 0 || sum.Unchanged != 0 {
			t.Fatalf("first import: %+v, want %+v", sum, want)
		}
		// Re-import: nothing changes.
		sum, err = st.ImportOrders(crm.WithActor(ctx, crm.Operator), orders(), crm.ImportOptions{File: "o.csv"})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Inserted != 0 || sum.Updated != 0 || sum.Unchanged != 4 || sum.AccountsCreated != 0 {
			t.Fatalf("re-import: %+v", sum)
		}
		// A changed amount is an update.
		recs := orders()
		recs[1].Order.Amount = cents(60)
		sum, err = st.ImportOrders(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Updated != 1 || sum.Unchanged != 3 {
			t.Fatalf("changed import: %+v", sum)
		}
		rev, err := st.RevenueByAccount(ctx, day("2024-01-01"), day("2024-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprint(rev)
		// Acme: RE-1 100 and RE-4 5 (two invoices), the credit RE-3 −10 no
		// invoice; Brandt: RE-2, now 60.
		if want := "[{1 Acme GmbH 95.00 2} {2 Brandt KG 60.00 1}]"; got != want {
			t.Fatalf("revenue = %s, want %s", got, want)
		}
		last, err := st.LatestOrderDate(ctx)
		if err != nil || !last.Equal(day("2024-04-05")) {
			t.Fatalf("latest order = %v, %v", last, err)
		}
		// An older invoice imported last: by id it comes last, newest
		// first it comes last too, after the latest.
		if _, err := st.ImportOrders(ctx, []crm.OrderRecord{{Line: 2, Account: crm.AccountRef{ExternalID: "K1"},
			Order: crm.Order{ExternalID: "RE-0", OrderedAt: day("2023-12-01"), Amount: cents(1)}}}, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			newest bool
			want   string
		}{{false, "RE-1 RE-3 RE-4 RE-0"}, {true, "RE-4 RE-3 RE-1 RE-0"}} {
			os, total, err := st.ListOrders(ctx, store.OrderQuery{AccountID: 1, Newest: c.newest})
			var got []string
			for _, o := range os {
				got = append(got, o.ExternalID)
			}
			if err != nil || total != 4 || strings.Join(got, " ") != c.want {
				t.Errorf("orders of Acme, newest first %v: %v (%d) %v, want %s", c.newest, got, total, err, c.want)
			}
		}
	})
}

func TestAPIOrdersAndTouchpoints(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		bg := context.Background()
		op := crm.WithActor(bg, crm.Operator)
		staff := crm.WithActor(bg, crm.Actor{UserID: 7, Name: "sam@example.com", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
		a1, _ := st.CreateAccount(staff, crm.Account{Name: "One", ExternalID: "K1"})
		a2, _ := st.CreateAccount(staff, crm.Account{Name: "Two"})
		if a1.ID == 0 || a2.ID == 0 {
			t.Fatal("accounts not created")
		}
		for i, d := range []string{"2024-01-10", "2024-02-10", "2024-03-10", "2024-04-10"} {
			if _, err := st.CreateOrder(staff, crm.Order{AccountID: a1.ID, OrderedAt: day(d), Amount: crm.Money(100*(i+1)) * 100, ExternalID: fmt.Sprintf("R-%d", i)}); err != nil {
				t.Fatal(err)
			}
		}
		credit, err := st.CreateOrder(staff, crm.Order{AccountID: a2.ID, OrderedAt: day("2024-02-15"), Amount: cents(-50), Currency: "eur"})
		if err != nil || credit.Currency != "EUR" || credit.ExternalID == "" {
			t.Fatalf("credit: %+v, %v", credit, err)
		}
		for _, o := range []crm.Order{
			{AccountID: a1.ID, Amount: cents(1)},
			{AccountID: 999, OrderedAt: day("2024-01-01")},
			{AccountID: a1.ID, OrderedAt: day("2024-01-01"), Currency: "EURO"},
		} {
			if _, err := st.CreateOrder(staff, o); crm.ErrorCode(err) != crm.EINVALID {
				t.Errorf("create %+v: %v, want invalid", o, err)
			}
		}
		if _, err := st.CreateOrder(staff, crm.Order{AccountID: a2.ID, OrderedAt: day("2024-01-01"), ExternalID: "R-1"}); crm.ErrorCode(err) != crm.ECONFLICT {
			t.Errorf("taken external id: %v", err)
		}
		os, n, err := st.ListOrders(staff, store.OrderQuery{Since: day("2024-02-10"), Until: day("2024-03-10")})
		if err != nil || n != 3 || os[0].ExternalID != "R-1" || os[1].ExternalID != "R-2" || os[2].ID != credit.ID {
			t.Errorf("orders in Feb–Mar 10: %+v of %d, %v", os, n, err)
		}
		if os, n, _ := st.ListOrders(staff, store.OrderQuery{AccountID: a1.ID, Limit: 1, Offset: 1}); n != 4 || len(os) != 1 || os[0].ExternalID != "R-1" {
			t.Errorf("second order of account 1: %+v of %d", os, n)
		}

		// Order lines follow their order; deleting the order deletes them.
		if _, err := st.ImportOrderLines(op, []crm.OrderLineRecord{{Line: 2, OrderExternalID: "R-0", SKU: "A",
			OrderLine: crm.OrderLine{LineNo: 1, Quantity: 1, UnitPrice: cents(100), Amount: cents(100)}}}, crm.ImportOptions{Source: store.WebSource}); err != nil {
			t.Fatal(err)
		}
		r0, _, _ := st.ListOrders(staff, store.OrderQuery{AccountID: a1.ID, Until: day("2024-01-31")})
		if len(r0) != 1 {
			t.Fatalf("R-0: %+v", r0)
		}
		moved, err := st.UpdateOrder(staff, r0[0].ID, func(o *crm.Order) error { o.AccountID = a2.ID; o.OrderedAt = day("2024-01-11"); return nil })
		if err != nil || moved.AccountID != a2.ID {
			t.Fatalf("move order: %+v, %v", moved, err)
		}
		uses, err := st.ProductsBought(op, day("2024-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		if len(uses) != 1 || uses[0].AccountID != a2.ID {
			t.Errorf("the order's line did not follow it to account %d: %+v", a2.ID, uses)
		}
		if uses, _ := st.ProductsBought(op, day("2024-01-10")); len(uses) != 0 {
			t.Errorf("the order's line did not follow it to its new date: %+v", uses)
		}
		if err := st.DeleteOrder(staff, r0[0].ID); err != nil {
			t.Fatal(err)
		}
		es := audited(t, st, "order", r0[0].ID)
		if len(es) != 3 || field(t, es[2].Before, "deleted_lines") != 1.0 || field(t, es[1].After, "ordered_at") != "2024-01-11T00:00:00Z" {
			t.Errorf("audit of R-0: %+v", es)
		}

		// Touchpoints.
		for i, d := range []string{"2024-01-05", "2024-02-05", "2024-03-05"} {
			dep := []string{"support", "sales", "support"}[i]
			if _, err := st.CreateTouchpoint(staff, crm.Touchpoint{AccountID: a1.ID, Kind: "ticket", Department: dep, Subject: "s", OccurredAt: day(d), EffortMinutes: 30}); err != nil {
				t.Fatal(err)
			}
		}
		for _, tp := range []crm.Touchpoint{
			{AccountID: a1.ID, Kind: "order", Department: "sales", Subject: "s", OccurredAt: day("2024-01-01")},
			{AccountID: a1.ID, Kind: "call", Department: "sales", OccurredAt: day("2024-01-01")},
			{AccountID: a1.ID, Kind: "call", Department: "sales", Subject: "s"},
			{AccountID: a1.ID, Kind: "call", Department: "sales", Subject: "s", OccurredAt: day("2024-01-01"), EffortMinutes: -1},
		} {
			if _, err := st.CreateTouchpoint(staff, tp); crm.ErrorCode(err) != crm.EINVALID {
				t.Errorf("create %+v: %v, want invalid", tp, err)
			}
		}
		other, err := st.CreateContact(staff, crm.Contact{AccountID: a2.ID, Name: "Other"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateTouchpoint(staff, crm.Touchpoint{AccountID: a1.ID, ContactID: other.ID, Kind: "call", Department: "sales",
			Subject: "s", OccurredAt: day("2024-01-01")}); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("a contact of another account: %v", err)
		}
		tps, n, err := st.ListTouchpoints(staff, store.TouchpointQuery{AccountID: a1.ID, Department: "Support", Since: day("2024-02-01")})
		if err != nil || n != 1 || tps[0].OccurredAt.Format(time.DateOnly) != "2024-03-05" {
			t.Errorf("support since Feb: %+v of %d, %v", tps, n, err)
		}
		upd, err := st.UpdateTouchpoint(staff, tps[0].ID, func(tp *crm.Touchpoint) error { tp.Body = "<b>done</b>"; tp.EffortMinutes = 45; return nil })
		if err != nil || upd.Body != "<b>done</b>" || upd.EffortMinutes != 45 {
			t.Errorf("update touchpoint: %+v, %v", upd, err)
		}
		if err := st.DeleteTouchpoint(staff, tps[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Touchpoint(staff, tps[0].ID); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("deleted touchpoint: %v", err)
		}
		if es := audited(t, st, "touchpoint", tps[0].ID); len(es) != 3 || field(t, es[1].After, "body") != "<b>done</b>" {
			t.Errorf("audit of the touchpoint: %+v", es)
		}
	})
}
