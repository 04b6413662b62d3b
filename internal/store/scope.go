package store

import (
	"context"
	"fmt"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Who may read what. Every method that reads customer data takes the
// actor from the context (readScope) and keeps, in SQL, only the rows of
// the accounts of its scope (scopeSQL): rows it hides are left out of
// lists and of their totals, and a single record it hides is not found,
// exactly as if they did not exist. Writes look up the records they touch
// the same way, so a write cannot reach (or return) what its actor may not
// read. A read without an actor is refused (EUNAUTHORIZED): the command
// line acts as crm.Operator, a web request as its signed-in user, the
// server's background work as crm.System. scope_test.go runs every read
// method scoped and unscoped and compares.

// readScope returns the scope of the actor in ctx for a read of customer
// data: EUNAUTHORIZED without an actor, EFORBIDDEN for an actor without a
// role.
func readScope(ctx context.Context) (crm.Scope, error) {
	a, err := crm.Require(ctx, crm.RoleViewer)
	if err != nil {
		return crm.Scope{}, err
	}
	return a.Scope, nil
}

// scopeSQL returns the condition that keeps the rows of the accounts sc
// allows, col naming the column (or expression) with a row's account id,
// and its arguments, numbered from $n. A NULL account id (data of no
// account) passes only with every account in scope. This is the one place
// the scope becomes SQL.
func (s *Store) scopeSQL(sc crm.Scope, col string, n int) (string, []any) {
	owners := sc.Owners()
	switch {
	case sc.All():
		return "1 = 1", nil
	case sc.Account() != 0:
		return fmt.Sprintf("%s = $%d", col, n), []any{sc.Account()}
	case len(owners) > 0:
		// crm.OwnerKey folds A-Z alone; so does SQLite's lower(), and
		// PostgreSQL's under the "C" collation.
		owner := "LOWER(owner)"
		if s.postgres {
			owner = `LOWER(owner COLLATE "C")`
		}
		args := make([]any, len(owners))
		for i, o := range owners {
			args[i] = o
		}
		return fmt.Sprintf("%s IN (SELECT id FROM accounts WHERE %s IN (%s))", col, owner, placeholders(n, len(owners))), args
	}
	return "1 = 0", nil
}

// scope adds the condition of sc on col to w (none for every account).
func (w *where) scope(s *Store, sc crm.Scope, col string) {
	if sc.All() {
		return
	}
	cond, args := s.scopeSQL(sc, col, len(w.args)+1)
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// accountVisible returns EINVALID naming field, as for an account that does
// not exist, unless account id exists and sc allows it: what a write checks
// of the account it writes to.
func (s *Store) accountVisible(ctx context.Context, q querier, sc crm.Scope, id int64, field string) error {
	cond, args := s.scopeSQL(sc, "id", 2)
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM accounts WHERE id = $1 AND `+cond, append([]any{id}, args...)...).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return crm.Errorf(crm.EINVALID, "%s: no account with id %d", field, id)
	}
	return nil
}

// requireImporter returns the actor in ctx when it may import: staff and
// up (EUNAUTHORIZED, EFORBIDDEN as crm.Require) who see every account. An
// import finds and changes accounts by name, domain and number across the
// whole database, and its summary counts them: a user restricted to some
// accounts gets EFORBIDDEN.
func requireImporter(ctx context.Context) (crm.Actor, error) {
	a, err := crm.Require(ctx, crm.RoleStaff)
	if err != nil {
		return a, err
	}
	if !a.Scope.All() {
		return a, crm.Errorf(crm.EFORBIDDEN, "imports need a user who sees every account; you see %s", a.Scope)
	}
	return a, nil
}
