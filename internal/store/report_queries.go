package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Queries added for internal/report. The existing ones live in reports.go.

// CustomerHistory is one account's order history up to an as-of date, with
// "order" meaning an invoice with a positive amount: a credit note neither
// makes a customer a repeat customer nor keeps a lapsed one alive. This is
// the definition `vitalfew analyze` uses too.
type CustomerHistory struct {
	ID         int64
	Name       string
	Segment    string
	Owner      string
	Status     string
	FirstOrder time.Time // first day with a positive order; zero when none
	LastOrder  time.Time // last day with a positive order; zero when none
	Orders     int       // positive orders
	OrderDays  int       // distinct days with a positive order
	Revenue    crm.Money // lifetime net revenue (credits netted)
}

// CustomerHistories returns the history of every account in the scope of
// the actor in ctx with orders or credits on or before asOf, ordered by
// account id.
func (s *Store) CustomerHistories(ctx context.Context, asOf time.Time) ([]CustomerHistory, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 4)
	// One scan of the covering index orders_account_date, in parts.
	return byAccountRanges(ctx, s, "customer histories", `SELECT a.id, a.name, a.segment, a.owner, a.status, h.first_order, h.last_order, h.orders, h.days, h.revenue FROM
		(SELECT account_id,
		        MIN(CASE WHEN amount_cents > 0 THEN ordered_at END) AS first_order,
		        MAX(CASE WHEN amount_cents > 0 THEN ordered_at END) AS last_order,
		        SUM(CASE WHEN amount_cents > 0 THEN 1 ELSE 0 END) AS orders,
		        COUNT(DISTINCT CASE WHEN amount_cents > 0 THEN ordered_at END) AS days,
		        SUM(amount_cents) AS revenue
		 FROM orders WHERE account_id BETWEEN $1 AND $2 AND ordered_at <= $3 AND `+cond+` GROUP BY account_id) h
		JOIN accounts a ON a.id = h.account_id ORDER BY a.id`, append([]any{s.date(asOf)}, args...),
		func(r *sql.Rows) (CustomerHistory, error) {
			var h CustomerHistory
			err := r.Scan(&h.ID, &h.Name, &h.Segment, &h.Owner, &h.Status, dbDate{&h.FirstOrder}, dbDate{&h.LastOrder},
				&h.Orders, &h.OrderDays, &h.Revenue)
			return h, err
		})
}
