package store

import (
	"context"
	"fmt"
	"time"
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
	Revenue    float64   // lifetime net revenue (credits netted)
}

// CustomerHistories returns the history of every account with orders or
// credits on or before asOf, ordered by account id.
func (s *Store) CustomerHistories(ctx context.Context, asOf time.Time) ([]CustomerHistory, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.name, a.segment, a.owner, a.status, h.first_order, h.last_order, h.orders, h.days, h.revenue FROM
		(SELECT account_id,
		        MIN(CASE WHEN amount > 0 THEN ordered_at END) AS first_order,
		        MAX(CASE WHEN amount > 0 THEN ordered_at END) AS last_order,
		        SUM(CASE WHEN amount > 0 THEN 1 ELSE 0 END) AS orders,
		        COUNT(DISTINCT CASE WHEN amount > 0 THEN ordered_at END) AS days,
		        SUM(amount) AS revenue
		 FROM orders WHERE ordered_at <= $1 GROUP BY account_id) h
		JOIN accounts a ON a.id = h.account_id ORDER BY a.id`, s.date(asOf))
	if err != nil {
		return nil, fmt.Errorf("store: customer histories: %w", err)
	}
	defer rows.Close()
	var out []CustomerHistory
	for rows.Next() {
		var h CustomerHistory
		if err := rows.Scan(&h.ID, &h.Name, &h.Segment, &h.Owner, &h.Status, dbDate{&h.FirstOrder}, dbDate{&h.LastOrder},
			&h.Orders, &h.OrderDays, &h.Revenue); err != nil {
			return nil, fmt.Errorf("store: customer histories: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
