package store

import (
	"context"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// TestCitusKeysMigration: a database of schema version 6 whose imports
// moved a contact to another account without its identities (and an order
// without its line) opens in this version with them on the account they
// belong to (the migration repairs them before PostgreSQL's new foreign
// keys check it), and an account's external id is still taken.
func TestCitusKeysMigration(t *testing.T) {
	dbs := map[string]string{"sqlite": testkit.SQLite(t)}
	if dsn, ok := testkit.Postgres(t); ok {
		dbs["postgres"] = dsn
	}
	for name, dsn := range dbs {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			old := oldSchema(t, ctx, dsn, 6)
			for _, q := range []string{
				`INSERT INTO accounts (id, external_id, name, name_key) VALUES (1, 'K1', 'Acme', 'acme'), (2, 'K2', 'Brandt', 'brandt')`,
				// Jo moved from Acme to Brandt; her identities stayed.
				`INSERT INTO contacts (id, account_id, name) VALUES (1, 2, 'Jo')`,
				`INSERT INTO contact_identities (contact_id, account_id, kind, value) VALUES (1, 1, 'email', 'jo@example.com')`,
				`INSERT INTO orders (id, account_id, external_id, ordered_at, amount_cents) VALUES (1, 2, 'R1', '2024-01-02', 100)`,
				`INSERT INTO products (id, sku) VALUES (1, 'P')`,
				`INSERT INTO order_lines (order_id, account_id, ordered_at, line_no, product_id, quantity, unit_price_cents, amount_cents)
					VALUES (1, 1, '2024-01-02', 1, 1, 1, 100, 100)`,
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
			op := crm.WithActor(ctx, crm.Operator)
			cs, err := st.AccountContacts(op, 2)
			if err != nil || len(cs) != 1 || len(cs[0].Identities) != 1 {
				t.Errorf("Brandt's contacts after the migration: %+v, %v; want Jo with her email", cs, err)
			}
			if _, err := st.CreateAccount(op, crm.Account{Name: "Other", ExternalID: "K1"}); crm.ErrorCode(err) != crm.ECONFLICT {
				t.Errorf("an account with a taken external id: %v, want a conflict", err)
			}
			var line int64
			if err := st.db.QueryRowContext(ctx, `SELECT account_id FROM order_lines`).Scan(&line); err != nil || line != 2 {
				t.Errorf("the order line's account after the migration: %d, %v; want its order's, 2", line, err)
			}
		})
	}
}
