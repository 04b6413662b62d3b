package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"runtime"
	"sync"
)

// minAccountsPerPart is the fewest accounts worth a query of their own.
const minAccountsPerPart = 2000

// byAccountRanges runs a report query that groups by account in parts, one
// range of account ids each, and returns the rows of all parts in range
// order. query filters on its first two parameters, the first and last
// account id of a part (account_id BETWEEN $1 AND $2), args are $3 on;
// scan reads one row.
//
// On SQLite the parts run in parallel on their own connections (WAL lets
// readers run side by side): one scan of millions of index entries is bound
// by one core, and a group never spans two parts, so every sum adds the
// same numbers in the same order as one query would. PostgreSQL runs one
// query, which it parallelises itself.
func byAccountRanges[T any](ctx context.Context, s *Store, what, query string, args []any, scan func(*sql.Rows) (T, error)) ([]T, error) {
	ranges := [][2]int64{{math.MinInt64, math.MaxInt64}}
	if !s.postgres {
		var lo, hi sql.NullInt64
		if err := s.db.QueryRowContext(ctx, `SELECT MIN(id), MAX(id) FROM accounts`).Scan(&lo, &hi); err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		if n := min(int64(runtime.GOMAXPROCS(0)), 8, (hi.Int64-lo.Int64)/minAccountsPerPart+1); lo.Valid && n > 1 {
			ranges = ranges[:0]
			step := (hi.Int64 - lo.Int64 + n) / n
			for from := lo.Int64; from <= hi.Int64; from += step {
				ranges = append(ranges, [2]int64{from, min(from+step-1, hi.Int64)})
			}
			ranges[0][0], ranges[len(ranges)-1][1] = math.MinInt64, math.MaxInt64
		}
	}
	parts := make([][]T, len(ranges))
	errs := make([]error, len(ranges))
	var wg sync.WaitGroup
	for i, r := range ranges {
		wg.Go(func() {
			rows, err := s.db.QueryContext(ctx, query, append([]any{r[0], r[1]}, args...)...)
			if err != nil {
				errs[i] = err
				return
			}
			defer rows.Close()
			for rows.Next() {
				x, err := scan(rows)
				if err != nil {
					errs[i] = err
					return
				}
				parts[i] = append(parts[i], x)
			}
			errs[i] = rows.Err()
		})
	}
	wg.Wait()
	var n int
	for i := range parts {
		if errs[i] != nil {
			return nil, fmt.Errorf("store: %s: %w", what, errs[i])
		}
		n += len(parts[i])
	}
	out := make([]T, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out, nil
}
