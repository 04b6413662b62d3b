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

// OrderLog returns the orders on or before asOf of every account in the
// scope of the actor in ctx, credits included, ordered by account, day and
// amount: the order log that btyd.Purchases turns into the purchase log
// the customer-base models (internal/analytics/btyd) are fitted to.
func (s *Store) OrderLog(ctx context.Context, asOf time.Time) ([]OrderLogEntry, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 4)
	return byAccountRanges(ctx, s, "order log", `SELECT account_id, ordered_at, amount_cents FROM orders
		WHERE account_id BETWEEN $1 AND $2 AND ordered_at <= $3 AND `+cond+`
		ORDER BY account_id, ordered_at, amount_cents`, append([]any{s.date(asOf)}, args...),
		func(r *sql.Rows) (OrderLogEntry, error) {
			var d OrderLogEntry
			err := r.Scan(&d.AccountID, dbDate{&d.Day}, &d.Amount)
			return d, err
		})
}
