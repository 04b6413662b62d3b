package store

import (
	"context"
	"database/sql"
	"time"
)

// OrderDay is one account's purchases on one day: the orders of that day
// with an amount of zero or more, summed. Credits (negative amounts) are left
// out, as in CustomerHistory: a credit note is not a purchase. A zero-value
// order (a free sample, a replacement) is a purchase.
type OrderDay struct {
	AccountID int64
	Day       time.Time
	Amount    float64
}

// OrderLog returns every account's purchase days on or before asOf, ordered
// by account and day: the transaction log the customer-base models
// (internal/analytics/btyd) are fitted to.
func (s *Store) OrderLog(ctx context.Context, asOf time.Time) ([]OrderDay, error) {
	return byAccountRanges(ctx, s, "order log", `SELECT account_id, ordered_at, SUM(amount) FROM orders
		WHERE amount >= 0 AND ordered_at <= $1 AND account_id BETWEEN $2 AND $3
		GROUP BY account_id, ordered_at ORDER BY account_id, ordered_at`, []any{s.date(asOf)},
		func(r *sql.Rows) (OrderDay, error) {
			var d OrderDay
			err := r.Scan(&d.AccountID, dbDate{&d.Day}, &d.Amount)
			return d, err
		})
}
