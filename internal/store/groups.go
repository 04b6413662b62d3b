package store

import (
	"context"
	"fmt"
	"time"
)

// What user groups are made of: the active contacts with their accounts'
// region and industry, the products each account bought, and who of them
// registered for and attended the portal's events. Groups are worked out
// on read (report groups), by product, region and industry.

// maxGroupRows is the most rows each read here returns.
const maxGroupRows = 1_000_000

// GroupContact is an active contact with what groups it by.
type GroupContact struct {
	ContactID int64
	Name      string
	AccountID int64
	Account   string
	Region    string
	Industry  string
}

// GroupContacts lists the active contacts of the accounts in the scope of
// the actor in ctx, by id. Viewers and up.
func (s *Store) GroupContacts(ctx context.Context) ([]GroupContact, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	var w where
	w.add("c.status = ?", "active")
	w.scope(s, sc, "c.account_id")
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.name, c.account_id, a.name, a.region, a.industry FROM contacts c JOIN accounts a ON a.id = c.account_id`+
		w.sql()+fmt.Sprintf(` ORDER BY c.id LIMIT %d`, maxGroupRows), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: group contacts: %w", err)
	}
	defer rows.Close()
	out := []GroupContact{}
	for rows.Next() {
		var g GroupContact
		if err := rows.Scan(&g.ContactID, &g.Name, &g.AccountID, &g.Account, &g.Region, &g.Industry); err != nil {
			return nil, fmt.Errorf("store: group contacts: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// AccountProduct is a product an account bought.
type AccountProduct struct {
	AccountID int64
	Product   string // the product's name, else its SKU
}

// AccountProducts lists the products the accounts in the scope of the
// actor in ctx bought (order lines), each once, by account and product.
// Viewers and up.
func (s *Store) AccountProducts(ctx context.Context) ([]AccountProduct, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	var w where
	w.scope(s, sc, "l.account_id")
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT l.account_id, CASE WHEN p.name <> '' THEN p.name ELSE p.sku END FROM order_lines l JOIN products p ON p.id = l.product_id`+
		w.sql()+fmt.Sprintf(` ORDER BY 1, 2 LIMIT %d`, maxGroupRows), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: account products: %w", err)
	}
	defer rows.Close()
	out := []AccountProduct{}
	for rows.Next() {
		var p AccountProduct
		if err := rows.Scan(&p.AccountID, &p.Product); err != nil {
			return nil, fmt.Errorf("store: account products: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Attendance is a contact's registration for an event of the portal.
type Attendance struct {
	ContactID, AccountID int64
	EventID              int64
	Event                string
	StartsAt             time.Time
	Attended             bool
}

// EventAttendance lists the registrations for the portal's events of the
// contacts of the accounts in the scope of the actor in ctx, by event
// start and contact. Viewers and up (portal contacts read their own
// account's, by the scope).
func (s *Store) EventAttendance(ctx context.Context) ([]Attendance, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	var w where
	w.scope(s, sc, "r.account_id")
	rows, err := s.db.QueryContext(ctx, `SELECT r.contact_id, r.account_id, e.id, e.title, e.starts_at, r.attended_minutes IS NOT NULL
		FROM event_registrations r JOIN space_events e ON e.id = r.event_id`+w.sql()+fmt.Sprintf(` ORDER BY e.starts_at, e.id, r.contact_id LIMIT %d`, maxGroupRows), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: event attendance: %w", err)
	}
	defer rows.Close()
	out := []Attendance{}
	for rows.Next() {
		var a Attendance
		var at int64
		if err := rows.Scan(&a.ContactID, &a.AccountID, &a.EventID, &a.Event, &at, &a.Attended); err != nil {
			return nil, fmt.Errorf("store: event attendance: %w", err)
		}
		a.StartsAt = time.Unix(at, 0).UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// PricePaid is what an account paid for the catalogue's products against
// their list price.
type PricePaid struct {
	AccountID  int64
	PaidCents  int64   // the lines' amounts
	ListCents  float64 // quantity × list price
	Lines      int
	LinesAbove int // lines with a unit price above the list price
}

// PricesPaid sums, per account in the scope of the actor in ctx, its order
// lines from since to until (inclusive) of products with a list price,
// with a positive quantity, by account. Viewers and up.
func (s *Store) PricesPaid(ctx context.Context, since, until time.Time) ([]PricePaid, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	var w where
	w.add("p.price_cents > 0 AND l.quantity > 0")
	if !since.IsZero() {
		w.add("l.ordered_at >= ?", s.date(since))
	}
	if !until.IsZero() {
		w.add("l.ordered_at <= ?", s.date(until))
	}
	w.scope(s, sc, "l.account_id")
	rows, err := s.db.QueryContext(ctx, `SELECT l.account_id, SUM(l.amount_cents), SUM(l.quantity * p.price_cents), COUNT(*),
		SUM(CASE WHEN l.unit_price_cents > p.price_cents THEN 1 ELSE 0 END)
		FROM order_lines l JOIN products p ON p.id = l.product_id`+w.sql()+` GROUP BY l.account_id ORDER BY l.account_id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: prices paid: %w", err)
	}
	defer rows.Close()
	out := []PricePaid{}
	for rows.Next() {
		var p PricePaid
		if err := rows.Scan(&p.AccountID, &p.PaidCents, &p.ListCents, &p.Lines, &p.LinesAbove); err != nil {
			return nil, fmt.Errorf("store: prices paid: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// MentionCount is how many mentions one platform had of one account (0:
// matched to none).
type MentionCount struct {
	Platform  string
	AccountID int64
	Mentions  int
}

// MentionCounts counts the mentions (not dismissed) posted from since to
// until (exclusive) per platform and account, of those in the scope of the
// actor in ctx (unmatched ones only for an actor who sees every account),
// by platform and account. Viewers and up.
func (s *Store) MentionCounts(ctx context.Context, since, until time.Time) ([]MentionCount, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	var w where
	w.add("dismissed = ''")
	w.add(socialOnly) // detractors' answers in the care queue are no social media
	w.add("posted_at >= ? AND posted_at < ?", since.Unix(), until.Unix())
	w.scope(s, sc, "account_id")
	rows, err := s.db.QueryContext(ctx, `SELECT platform, COALESCE(account_id, 0), COUNT(*) FROM mentions`+w.sql()+
		` GROUP BY platform, COALESCE(account_id, 0) ORDER BY 1, 2`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: mention counts: %w", err)
	}
	defer rows.Close()
	out := []MentionCount{}
	for rows.Next() {
		var m MentionCount
		if err := rows.Scan(&m.Platform, &m.AccountID, &m.Mentions); err != nil {
			return nil, fmt.Errorf("store: mention counts: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
