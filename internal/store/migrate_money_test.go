package store

import (
	"context"
	"database/sql"
	"io/fs"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// TestMoneyMigration: a database written by a vitalfew that kept money in
// floating point (schema version 5) opens in this one with every amount in
// exact cents, and its reports add them exactly.
func TestMoneyMigration(t *testing.T) {
	dbs := map[string]string{"sqlite": testkit.SQLite(t)}
	if dsn, ok := testkit.Postgres(t); ok {
		dbs["postgres"] = dsn
	}
	for name, dsn := range dbs {
		t.Run(name, func(t *testing.T) {
			ctx := crm.WithActor(context.Background(), crm.Operator)
			old := oldSchema(t, ctx, dsn, 5)
			for _, q := range []string{
				`INSERT INTO accounts (id, source, name, name_key) VALUES (1, 'import', 'Acme', 'acme'), (2, 'import', 'Credited', 'credited')`,
				`INSERT INTO orders (account_id, source, external_id, ordered_at, amount) VALUES
					(1, 'import', 'R1', '2024-01-02', 19.99), (1, 'import', 'R2', '2024-01-03', 1234.56),
					(2, 'import', 'R3', '2024-01-02', 0.1), (2, 'import', 'R4', '2024-01-02', 0.2), (2, 'import', 'R5', '2024-01-03', -0.3)`,
				`INSERT INTO products (id, sku, name, price, unit_cost) VALUES (1, 'P', 'Part', 0.07, 0.03)`,
				`INSERT INTO order_lines (order_id, account_id, ordered_at, line_no, product_id, quantity, unit_price, amount)
					SELECT id, 1, '2024-01-02', 1, 1, 3, 6.663, 19.99 FROM orders WHERE external_id = 'R1'`,
			} {
				if _, err := old.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			old.Close()

			st, err := Open(ctx, dsn, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			rev, err := st.RevenueByAccount(ctx, testkit.Day("2024-01-01"), testkit.Day("2024-12-31"))
			if err != nil {
				t.Fatal(err)
			}
			if len(rev) != 2 || rev[0].Revenue != 125455 || rev[1].Revenue != 0 {
				t.Errorf("revenue after the migration: %+v, want 1254.55 and exactly 0", rev)
			}
			products, err := st.loadProducts(ctx, st.db)
			if err != nil || products["P"] == nil || products["P"].Price != 7 || products["P"].UnitCost != 3 || !products["P"].HasCost {
				t.Errorf("product after the migration: %+v, %v", products["P"], err)
			}
			var price, amount crm.Money
			if err := st.db.QueryRowContext(ctx, `SELECT unit_price_cents, amount_cents FROM order_lines`).Scan(&price, &amount); err != nil || price != 666 || amount != 1999 {
				t.Errorf("order line after the migration: %d, %d, %v; want 666 and 1999 cents", price, amount, err)
			}
		})
	}
}

// oldSchema opens the database dsn with the migrations up to version
// applied, as an older vitalfew left it.
func oldSchema(t *testing.T, ctx context.Context, dsn string, version int64) *sql.DB {
	t.Helper()
	driver, dialect, dir, open := "sqlite", goose.DialectSQLite3, "migrations/sqlite", "file:"+dsn
	if IsPostgres(dsn) {
		driver, dialect, dir, open = "pgx", goose.DialectPostgres, "migrations/postgres", dsn
	}
	old, err := sql.Open(driver, open)
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := fs.Sub(migrations, dir)
	p, err := goose.NewProvider(dialect, old, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		t.Fatal(err)
	}
	return old
}
