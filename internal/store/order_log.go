package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// OrderLogEntry is one order of an account: its day and amount (negative for a
// credit note).
type OrderLogEntry struct {
	AccountID int64
	Day       time.Time
	Amount    crm.Money
}

// OrderLog returns every account's orders on or before asOf, credits
// included, ordered by account, day and amount: the order log that
// btyd.Purchases turns into the purchase log the customer-base models
// (internal/analytics/btyd) are fitted to.
func (s *Store) OrderLog(ctx context.Context, asOf time.Time) ([]OrderLogEntry, error) {
	return byAccountRanges(ctx, s, "order log", `SELECT account_id, ordered_at, amount_cents FROM orders
		WHERE ordered_at <= $1 AND account_id BETWEEN $2 AND $3
		ORDER BY account_id, ordered_at, amount_cents`, []any{s.date(asOf)},
		func(r *sql.Rows) (OrderLogEntry, error) {
			var d OrderLogEntry
			err := r.Scan(&d.AccountID, dbDate{&d.Day}, &d.Amount)
			return d, err
		})
}
