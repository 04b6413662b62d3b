package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// TimelineItem is one entry of an account's timeline across departments:
// an order (Kind "order", department "sales"), a touchpoint, or a social
// media mention (Kind "mention", department "marketing"; Subject is the
// platform and author, Body the text).
type TimelineItem struct {
	Kind          string    `json:"kind"`
	Department    string    `json:"department"`
	Day           time.Time `json:"day"`
	ID            int64     `json:"id"` // the order's or the touchpoint's
	Subject       string    `json:"subject"`
	Body          string    `json:"body,omitempty"`
	Amount        crm.Money `json:"amount,omitempty"`
	EffortMinutes float64   `json:"effort_minutes,omitempty"`
}

// TimelineFilter narrows a timeline. Empty fields do not filter.
type TimelineFilter struct {
	Department string
	Kind       string
	Limit      int // default 50
	Offset     int
}

// Timeline returns an account's timeline, newest first, and the number of
// entries matching the filter; none for an account out of the scope of the
// actor in ctx.
func (s *Store) Timeline(ctx context.Context, accountID int64, f TimelineFilter) ([]TimelineItem, int, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	cond, args := s.scopeSQL(sc, "account_id", 6)
	rows, err := s.db.QueryContext(ctx, `SELECT kind, department, day, id, subject, body, amount_cents, effort_minutes, COUNT(*) OVER () FROM (
		SELECT 'order' AS kind, 'sales' AS department, ordered_at AS day, id, external_id AS subject, '' AS body, amount_cents, 0 AS effort_minutes
		FROM orders WHERE account_id = $1 AND `+cond+`
		UNION ALL
		SELECT kind, department, occurred_at, id, subject, body, 0, effort_minutes
		FROM touchpoints WHERE account_id = $1 AND `+cond+`
		UNION ALL
		SELECT 'mention', 'marketing', posted_day, id, platform || ' · ' || COALESCE(NULLIF(author_name, ''), author_handle), text, 0, 0
		FROM mentions WHERE account_id = $1 AND `+cond+`) t
		WHERE ($2 = '' OR department = $2) AND ($3 = '' OR kind = $3)
		ORDER BY day DESC, kind, id DESC LIMIT $4 OFFSET $5`, append([]any{accountID, f.Department, f.Kind, f.Limit, f.Offset}, args...)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: timeline of account %d: %w", accountID, err)
	}
	defer rows.Close()
	var out []TimelineItem
	total := 0
	for rows.Next() {
		var t TimelineItem
		if err := rows.Scan(&t.Kind, &t.Department, dbDate{&t.Day}, &t.ID, &t.Subject, &t.Body, &t.Amount, &t.EffortMinutes, &total); err != nil {
			return nil, 0, fmt.Errorf("store: timeline of account %d: %w", accountID, err)
		}
		out = append(out, t)
	}
	return out, total, rows.Err()
}

// TimelineFacets returns the departments and kinds that occur in an
// account's timeline, sorted, for the timeline's filters (orders are
// always among them: "sales" and "order").
func (s *Store) TimelineFacets(ctx context.Context, accountID int64) (departments, kinds []string, err error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, nil, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 2)
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT department, kind FROM touchpoints WHERE account_id = $1 AND `+cond+`
		UNION SELECT 'marketing', 'mention' FROM mentions WHERE account_id = $1 AND `+cond, append([]any{accountID}, args...)...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: timeline facets: %w", err)
	}
	defer rows.Close()
	deps, ks := map[string]bool{"sales": true}, map[string]bool{"order": true}
	for rows.Next() {
		var d, k string
		if err := rows.Scan(&d, &k); err != nil {
			return nil, nil, fmt.Errorf("store: timeline facets: %w", err)
		}
		deps[d], ks[k] = true, true
	}
	return slices.Sorted(maps.Keys(deps)), slices.Sorted(maps.Keys(ks)), rows.Err()
}
