package store

import (
	"context"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// TestOwnerScopeUsesItsIndex: the condition of an own-accounts scope finds
// the accounts through the index accounts_owner_key (migration 00009), on
// both databases: the index's expression and scopeSQL's agree.
func TestOwnerScopeUsesItsIndex(t *testing.T) {
	dsns := map[string]string{"sqlite": testkit.SQLite(t)}
	if dsn, ok := testkit.Postgres(t); ok {
		dsns["postgres"] = dsn
	}
	for name, dsn := range dsns {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s, err := Open(ctx, dsn, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			cond, args := s.scopeSQL(crm.OwnedBy("anna@example.com", "Anna Becker"), "o.account_id", 1)
			c, err := s.db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			explain := "EXPLAIN QUERY PLAN "
			if s.postgres {
				explain = "EXPLAIN "
				// An empty table is read whole otherwise: ask whether the
				// index can be used at all.
				if _, err := c.ExecContext(ctx, `SET enable_seqscan = off`); err != nil {
					t.Fatal(err)
				}
				defer c.ExecContext(ctx, `RESET enable_seqscan`)
			}
			rows, err := c.QueryContext(ctx, explain+`SELECT o.id FROM orders o WHERE `+cond, args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			cols, _ := rows.Columns()
			var plan strings.Builder
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				for _, v := range vals {
					switch x := v.(type) {
					case string:
						plan.WriteString(x + "\n")
					case []byte:
						plan.WriteString(string(x) + "\n")
					}
				}
			}
			if !strings.Contains(plan.String(), "accounts_owner_key") {
				t.Errorf("the own-accounts condition does not use accounts_owner_key:\n%s", plan.String())
			}
		})
	}
}
