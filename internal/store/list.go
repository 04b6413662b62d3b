package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// The lists behind the JSON API (and the web pages that page through
// records): a filter with Limit and Offset returns the page and the number
// of all matching rows.

// DefaultPageSize and MaxPageSize bound the Limit of the list filters.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

func page(limit, offset int) (int, int) {
	if limit <= 0 {
		limit = DefaultPageSize
	}
	return min(limit, MaxPageSize), max(offset, 0)
}

// escapeLike escapes the LIKE wildcards of s for ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// idsIn is the condition "col is one of the ids in the JSON array $n" in
// the dialect.
func (s *Store) idsIn(col string, n int) string {
	if s.postgres {
		return fmt.Sprintf(`%s IN (SELECT value::bigint FROM json_array_elements_text($%d::json))`, col, n)
	}
	return fmt.Sprintf(`%s IN (SELECT value FROM json_each($%d))`, col, n)
}

// where collects the conditions of a list's filter. Only the filters in
// use become SQL, so that the database can use its indexes (a condition
// like "$1 = 0 OR account_id = $1" would make it scan).
type where struct {
	conds []string
	args  []any
}

// add adds cond, whose each "?" stands for the next of args.
func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// listPage counts the rows of table matching w and reads one page of them,
// columns in order, with scan. The count is a query of its own: a window
// count over the page query would make the database read (and, for an
// order other than the key's, sort) every matching row to return fifty.
func (s *Store) listPage(ctx context.Context, table, columns string, w where, order string, limit, offset int, scan func(*sql.Rows) error) (int, error) {
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+w.sql(), w.args...).Scan(&total); err != nil {
		return 0, err
	}
	if total <= offset {
		return total, nil
	}
	n := len(w.args)
	rows, err := s.db.QueryContext(ctx, `SELECT `+columns+` FROM `+table+w.sql()+` ORDER BY `+order+
		fmt.Sprintf(` LIMIT $%d OFFSET $%d`, n+1, n+2), append(w.args, limit, offset)...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return 0, err
		}
	}
	return total, rows.Err()
}
