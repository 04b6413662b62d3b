package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// TouchpointQuery selects touchpoints. Empty fields do not filter; Since
// and Until are inclusive days.
type TouchpointQuery struct {
	AccountID        int64
	ContactID        int64
	Department, Kind string
	Since, Until     time.Time
	Limit            int // default DefaultPageSize, at most MaxPageSize
	Offset           int
}

const touchpointColumns = `id, account_id, COALESCE(contact_id, 0), source, external_id, kind, department, occurred_at, effort_minutes, subject, body`

func scanTouchpoint(sc interface{ Scan(...any) error }, t *crm.Touchpoint) error {
	return sc.Scan(&t.ID, &t.AccountID, &t.ContactID, &t.Source, &t.ExternalID, &t.Kind, &t.Department, dbDate{&t.OccurredAt},
		&t.EffortMinutes, &t.Subject, &t.Body)
}

// ListTouchpoints lists the touchpoints matching f by id, and their
// number, of those of accounts in the scope of the actor in ctx. Viewers
// and up.
func (s *Store) ListTouchpoints(ctx context.Context, f TouchpointQuery) ([]crm.Touchpoint, int, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := page(f.Limit, f.Offset)
	var w where
	w.scope(s, sc, "account_id")
	if f.AccountID != 0 {
		w.add("account_id = ?", f.AccountID)
	}
	if f.ContactID != 0 {
		w.add("contact_id = ?", f.ContactID)
	}
	if f.Department != "" {
		w.add("department = ?", strings.ToLower(f.Department))
	}
	if f.Kind != "" {
		w.add("kind = ?", strings.ToLower(f.Kind))
	}
	if !f.Since.IsZero() {
		w.add("occurred_at >= ?", s.date(f.Since))
	}
	if !f.Until.IsZero() {
		w.add("occurred_at <= ?", s.date(f.Until))
	}
	var out []crm.Touchpoint
	total, err := s.listPage(ctx, "touchpoints", touchpointColumns, w, "id", limit, offset, func(rows *sql.Rows) error {
		var t crm.Touchpoint
		if err := scanTouchpoint(rows, &t); err != nil {
			return err
		}
		out = append(out, t)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: touchpoints: %w", err)
	}
	return out, total, nil
}

// touchpointIn returns touchpoint id if sc allows its account; ENOTFOUND
// otherwise.
func (s *Store) touchpointIn(ctx context.Context, q querier, sc crm.Scope, id int64) (crm.Touchpoint, error) {
	var t crm.Touchpoint
	cond, args := s.scopeSQL(sc, "account_id", 2)
	err := scanTouchpoint(q.QueryRowContext(ctx, `SELECT `+touchpointColumns+` FROM touchpoints WHERE id = $1 AND `+cond, append([]any{id}, args...)...), &t)
	if errors.Is(err, sql.ErrNoRows) {
		return t, crm.Errorf(crm.ENOTFOUND, "touchpoint %d not found", id)
	}
	return t, err
}

// Touchpoint returns one touchpoint; ENOTFOUND if there is none or its
// account is out of the scope of the actor in ctx. Viewers and up.
func (s *Store) Touchpoint(ctx context.Context, id int64) (crm.Touchpoint, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return crm.Touchpoint{}, err
	}
	t, err := s.touchpointIn(ctx, s.db, sc, id)
	if err != nil && crm.ErrorCode(err) == crm.EINTERNAL {
		err = fmt.Errorf("store: touchpoint %d: %w", id, err)
	}
	return t, err
}

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
	// Author is who wrote a touchpoint in the application or through the
	// API (their email); empty for imported ones, orders and mentions.
	Author string `json:"author,omitempty"`
	// Final marks an order that is the final invoice of a project, and
	// FinalSurvey what the final-invoice rule did with it (FinalInvited,
	// FinalRecontact, FinalNoContact; "" not yet).
	Final       bool   `json:"final,omitempty"`
	FinalSurvey string `json:"final_survey,omitempty"`
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
	rows, err := s.db.QueryContext(ctx, `SELECT kind, department, day, id, subject, body, amount_cents, effort_minutes, author, final, COUNT(*) OVER () FROM (
		SELECT 'order' AS kind, 'sales' AS department, ordered_at AS day, id, external_id AS subject, '' AS body, amount_cents, 0 AS effort_minutes, '' AS author,
			CASE WHEN final = 1 THEN 'final ' || final_survey ELSE '' END AS final
		FROM orders WHERE account_id = $1 AND `+cond+`
		UNION ALL
		SELECT kind, department, occurred_at, id, subject, body, 0, effort_minutes, author, ''
		FROM touchpoints WHERE account_id = $1 AND `+cond+`
		UNION ALL
		SELECT 'mention', 'marketing', posted_day, id, platform || ' · ' || COALESCE(NULLIF(author_name, ''), author_handle), text, 0, 0, '', ''
		FROM mentions WHERE account_id = $1 AND `+socialOnly+` AND `+cond+`) t
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
		var final string
		if err := rows.Scan(&t.Kind, &t.Department, dbDate{&t.Day}, &t.ID, &t.Subject, &t.Body, &t.Amount, &t.EffortMinutes, &t.Author, &final, &total); err != nil {
			return nil, 0, fmt.Errorf("store: timeline of account %d: %w", accountID, err)
		}
		if final != "" {
			t.Final, t.FinalSurvey = true, strings.TrimPrefix(final, "final ")
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
		UNION SELECT 'marketing', 'mention' FROM mentions WHERE account_id = $1 AND `+socialOnly+` AND `+cond, append([]any{accountID}, args...)...)
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

// AccountCost is what one account brought and cost in a window.
type AccountCost struct {
	ID            int64
	Name          string
	Revenue       crm.Money // net order amounts
	Orders        int       // orders in the window
	LineRevenue   crm.Money // revenue of order lines whose product has a unit cost
	COGS          float64   // quantity × unit cost over those lines, in units (not rounded to the cent)
	EffortMinutes float64   // service effort from touchpoints
	Touchpoints   int
}

// CostToServe returns, for every account in the scope of the actor in ctx
// with orders or touchpoints in the window, its revenue, product costs and
// service effort.
func (s *Store) CostToServe(ctx context.Context, since, until time.Time) ([]AccountCost, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	from, to := s.date(since), s.date(until)
	byID := map[int64]*AccountCost{}
	get := func(id int64) *AccountCost {
		c, ok := byID[id]
		if !ok {
			c = &AccountCost{ID: id}
			byID[id] = c
		}
		return c
	}
	// Each query reads one covering index: orders_account_date,
	// order_lines_account (order_lines carries the order date) and
	// touchpoints_account_date.
	type sums struct {
		id    int64
		money crm.Money
		f     float64
		n     int
	}
	q := func(query, col string, scan func(*sql.Rows, *sums) error) ([]sums, error) {
		cond, args := s.scopeSQL(sc, col, 5)
		return byAccountRanges(ctx, s, "cost to serve", strings.Replace(query, "SCOPE", cond, 1), append([]any{from, to}, args...), func(r *sql.Rows) (sums, error) {
			var x sums
			return x, scan(r, &x)
		})
	}
	money := func(r *sql.Rows, x *sums) error { return r.Scan(&x.id, &x.money, &x.n) }
	orders, err := q(`SELECT account_id, SUM(amount_cents), COUNT(*) FROM orders
		WHERE account_id BETWEEN $1 AND $2 AND ordered_at >= $3 AND ordered_at <= $4 AND SCOPE GROUP BY account_id`, "account_id", money)
	if err != nil {
		return nil, err
	}
	for _, x := range orders {
		c := get(x.id)
		c.Revenue, c.Orders = x.money, x.n
	}
	lines, err := q(`SELECT l.account_id, SUM(l.amount_cents), SUM(l.quantity * p.unit_cost_cents) FROM order_lines l JOIN products p ON p.id = l.product_id
		WHERE l.account_id BETWEEN $1 AND $2 AND l.ordered_at >= $3 AND l.ordered_at <= $4 AND p.unit_cost_cents IS NOT NULL AND SCOPE GROUP BY l.account_id`,
		"l.account_id", func(r *sql.Rows, x *sums) error { return r.Scan(&x.id, &x.money, &x.f) })
	if err != nil {
		return nil, err
	}
	for _, x := range lines {
		c := get(x.id)
		c.LineRevenue, c.COGS = x.money, x.f/100
	}
	effort, err := q(`SELECT account_id, SUM(effort_minutes), COUNT(*) FROM touchpoints
		WHERE account_id BETWEEN $1 AND $2 AND occurred_at >= $3 AND occurred_at <= $4 AND SCOPE GROUP BY account_id`,
		"account_id", func(r *sql.Rows, x *sums) error { return r.Scan(&x.id, &x.f, &x.n) })
	if err != nil {
		return nil, err
	}
	for _, x := range effort {
		c := get(x.id)
		c.EffortMinutes, c.Touchpoints = x.f, x.n
	}
	if err := s.fillNames(ctx, byID); err != nil {
		return nil, err
	}
	out := make([]AccountCost, 0, len(byID))
	for _, c := range byID {
		out = append(out, *c)
	}
	sortByID(out, func(c AccountCost) int64 { return c.ID })
	return out, nil
}

func (s *Store) fillNames(ctx context.Context, byID map[int64]*AccountCost) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name FROM accounts`)
	if err != nil {
		return fmt.Errorf("store: account names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		if c, ok := byID[id]; ok {
			c.Name = name
		}
	}
	return rows.Err()
}

func sortByID[T any](xs []T, id func(T) int64) {
	slices.SortFunc(xs, func(a, b T) int {
		switch ia, ib := id(a), id(b); {
		case ia < ib:
			return -1
		case ia > ib:
			return 1
		}
		return 0
	})
}

// cleanTouchpoint trims and checks a touchpoint for writing.
func cleanTouchpoint(t *crm.Touchpoint) error {
	t.Kind = strings.ToLower(strings.TrimSpace(t.Kind))
	t.Department = strings.ToLower(strings.TrimSpace(t.Department))
	t.Subject = strings.TrimSpace(t.Subject)
	t.ExternalID = strings.TrimSpace(t.ExternalID)
	switch {
	case t.AccountID <= 0:
		return crm.Errorf(crm.EINVALID, "account_id: required")
	case t.Kind == "" || t.Kind == "order":
		return crm.Errorf(crm.EINVALID, "kind: required, and not \"order\" (note, call, meeting, ticket …)")
	case t.Department == "":
		return crm.Errorf(crm.EINVALID, "department: required")
	case t.Subject == "" && strings.TrimSpace(t.Body) == "":
		return crm.Errorf(crm.EINVALID, "subject: write a subject or a body")
	case t.OccurredAt.IsZero():
		return crm.Errorf(crm.EINVALID, "occurred_at: required")
	case t.ContactID < 0:
		return crm.Errorf(crm.EINVALID, "contact_id: not a contact id")
	}
	return t.Check()
}

// checkTouchpointKeys checks the touchpoint's account (it exists and sc
// allows it), that its contact (if any) works at that account, and that no
// other touchpoint of its source has its external id.
func (s *Store) checkTouchpointKeys(ctx context.Context, tx *sql.Tx, sc crm.Scope, t *crm.Touchpoint) error {
	if err := s.lockKeys(ctx, tx, keyOf("touchpoint", t.Source, t.ExternalID)); err != nil {
		return err
	}
	if err := s.accountVisible(ctx, tx, sc, t.AccountID, "account_id"); err != nil {
		return err
	}
	if t.ContactID != 0 {
		var acc int64
		cond, args := s.scopeSQL(sc, "account_id", 2)
		err := tx.QueryRowContext(ctx, `SELECT account_id FROM contacts WHERE id = $1 AND `+cond, append([]any{t.ContactID}, args...)...).Scan(&acc)
		if errors.Is(err, sql.ErrNoRows) {
			return crm.Errorf(crm.EINVALID, "contact_id: no contact with id %d", t.ContactID)
		}
		if err != nil {
			return err
		}
		if acc != t.AccountID {
			return crm.Errorf(crm.EINVALID, "contact_id: contact %d is at account %d, not %d", t.ContactID, acc, t.AccountID)
		}
	}
	var other int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM touchpoints WHERE source = $1 AND external_id = $2 AND id <> $3`, t.Source, t.ExternalID, t.ID).Scan(&other)
	if err == nil {
		return crm.Errorf(crm.ECONFLICT, "external_id: touchpoint %d has it already", other)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return nil
}

// CreateTouchpoint adds a touchpoint under source "web"; an empty external
// id gets a fresh one. Staff and admins; EINVALID for a missing kind,
// department, date or text, an unknown account, or a contact of another
// account; ECONFLICT for an external id taken by another API touchpoint.
func (s *Store) CreateTouchpoint(ctx context.Context, t crm.Touchpoint) (crm.Touchpoint, error) {
	t.ID, t.Source = 0, WebSource
	if err := cleanTouchpoint(&t); err != nil {
		return t, err
	}
	err := s.write(ctx, crm.RoleStaff, "create touchpoint", func(tx *sql.Tx, a crm.Actor) error {
		if t.ExternalID == "" {
			t.ExternalID = newExternalID(a)
		}
		if err := s.checkTouchpointKeys(ctx, tx, a.Scope, &t); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO touchpoints (account_id, contact_id, source, external_id, kind, department, occurred_at, effort_minutes, subject, body, author)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			t.AccountID, nullID(t.ContactID), t.Source, t.ExternalID, t.Kind, t.Department, s.date(t.OccurredAt), t.EffortMinutes, t.Subject, t.Body, a.Name).Scan(&t.ID)
		if err != nil {
			return err
		}
		return audit(ctx, tx, a, "create", "touchpoint", t.ID, nil, t)
	})
	return t, err
}

// UpdateTouchpoint changes touchpoint id: edit gets the stored touchpoint
// and changes it. Staff and admins; ENOTFOUND for an unknown touchpoint,
// otherwise as CreateTouchpoint (an emptied external id is refused).
func (s *Store) UpdateTouchpoint(ctx context.Context, id int64, edit func(*crm.Touchpoint) error) (crm.Touchpoint, error) {
	var after crm.Touchpoint
	err := s.write(ctx, crm.RoleStaff, "update touchpoint", func(tx *sql.Tx, a crm.Actor) error {
		before, err := s.touchpointIn(ctx, tx, a.Scope, id)
		if err != nil {
			return err
		}
		after = before
		if err := edit(&after); err != nil {
			return err
		}
		after.ID, after.Source = before.ID, before.Source
		if err := cleanTouchpoint(&after); err != nil {
			return err
		}
		if after.ExternalID == "" {
			return crm.Errorf(crm.EINVALID, "external_id: must not be empty")
		}
		if after == before {
			return nil
		}
		if err := s.checkTouchpointKeys(ctx, tx, a.Scope, &after); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE touchpoints SET account_id = $1, contact_id = $2, external_id = $3, kind = $4, department = $5,
			occurred_at = $6, effort_minutes = $7, subject = $8, body = $9 WHERE id = $10`,
			after.AccountID, nullID(after.ContactID), after.ExternalID, after.Kind, after.Department, s.date(after.OccurredAt),
			after.EffortMinutes, after.Subject, after.Body, id)
		if err != nil {
			return err
		}
		return audit(ctx, tx, a, "update", "touchpoint", id, before, after)
	})
	return after, err
}

// DeleteTouchpoint deletes touchpoint id. Staff and admins; ENOTFOUND for
// an unknown touchpoint.
func (s *Store) DeleteTouchpoint(ctx context.Context, id int64) error {
	return s.write(ctx, crm.RoleStaff, "delete touchpoint", func(tx *sql.Tx, a crm.Actor) error {
		before, err := s.touchpointIn(ctx, tx, a.Scope, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM touchpoints WHERE id = $1`, id); err != nil {
			return err
		}
		return audit(ctx, tx, a, "delete", "touchpoint", id, before, nil)
	})
}

// ImportTouchpoints writes timeline entries (tickets, calls, meetings …) in
// one transaction, upserting by source and external id. The account is
// resolved like an order's; a contact email links the contact when known.
func (s *Store) ImportTouchpoints(ctx context.Context, recs []crm.TouchpointRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	source := importSource(opt)
	return importRows(ctx, s, recs, opt, importSteps[crm.TouchpointRecord]{
		kind: "touchpoints",
		check: func(r *crm.TouchpointRecord) (int, error) {
			return r.Line, firstErr(r.Account.Check("customer"), crm.Check(crm.Name("email", r.ContactEmail)), r.Touchpoint.Check())
		},
		write: func(c *sql.Conn, _ crm.Actor, recs []crm.TouchpointRecord, sum *crm.ImportSummary) error {
			res := newResolver(s, c, source)
			refs := make([]crm.AccountRef, len(recs))
			emails := make([]string, 0, len(recs))
			for i := range recs {
				refs[i] = recs[i].Account
				if e := crm.NormalizeEmail(recs[i].ContactEmail); e != "" {
					emails = append(emails, e)
				}
			}
			if err := res.load(ctx, refs); err != nil {
				return err
			}
			contacts, err := s.contactsByEmail(ctx, c, emails)
			if err != nil {
				return err
			}
			var rejects crm.RowErrors
			tps := make([]crm.Touchpoint, 0, len(recs))
			for i := range recs {
				r := &recs[i]
				id, rowErr, err := res.resolve(ctx, r.Account, opt.Strict, r.Line)
				if err != nil {
					return err
				}
				if rowErr != nil {
					rejects = append(rejects, *rowErr)
					continue
				}
				t := r.Touchpoint
				t.AccountID, t.Source = id, source
				if ct, ok := contacts[crm.NormalizeEmail(r.ContactEmail)]; ok && ct.accountID == id {
					t.ContactID = ct.id
				}
				tps = append(tps, t)
			}
			if err := finish(sum, rejects, opt); err != nil {
				return err
			}
			sum.AccountsCreated = len(res.created)
			if err := res.flush(ctx); err != nil {
				return err
			}
			keys := make([]string, len(tps))
			for i := range tps {
				keys[i] = tps[i].ExternalID
			}
			existing := map[string]crm.Touchpoint{}
			err = s.loadByKeys(ctx, c, "touchpoints", source, keys,
				`SELECT id, external_id, account_id, COALESCE(contact_id, 0), kind, department, occurred_at, effort_minutes, subject FROM touchpoints WHERE source = $1`,
				func(rows *sql.Rows) error {
					var t crm.Touchpoint
					if err := rows.Scan(&t.ID, &t.ExternalID, &t.AccountID, &t.ContactID, &t.Kind, &t.Department, dbDate{&t.OccurredAt}, &t.EffortMinutes, &t.Subject); err != nil {
						return err
					}
					existing[t.ExternalID] = t
					return nil
				})
			if err != nil {
				return err
			}
			var fresh, changed []crm.Touchpoint
			for _, t := range tps {
				old, ok := existing[t.ExternalID]
				switch {
				case !ok:
					fresh = append(fresh, t)
					existing[t.ExternalID] = t // a repeated id in one file updates, not duplicates
				default:
					t.ID = old.ID
					t.Source = source
					old.Source = source
					if t == old {
						sum.Unchanged++
						continue
					}
					changed = append(changed, t)
				}
			}
			cols := []string{"account_id", "contact_id", "source", "external_id", "kind", "department", "occurred_at", "effort_minutes", "subject"}
			err = s.bulkInsert(ctx, c, "touchpoints", cols, len(fresh), func(i int, dst []any) {
				t := &fresh[i]
				dst[0], dst[1], dst[2], dst[3], dst[4] = t.AccountID, nullID(t.ContactID), t.Source, t.ExternalID, t.Kind
				dst[5], dst[6], dst[7], dst[8] = t.Department, s.date(t.OccurredAt), t.EffortMinutes, t.Subject
			})
			if err != nil {
				return err
			}
			sum.Inserted = len(fresh)
			for _, t := range changed {
				_, err := c.ExecContext(ctx, `UPDATE touchpoints SET account_id = $1, contact_id = $2, kind = $3, department = $4,
					occurred_at = $5, effort_minutes = $6, subject = $7 WHERE id = $8`,
					t.AccountID, nullID(t.ContactID), t.Kind, t.Department, s.date(t.OccurredAt), t.EffortMinutes, t.Subject, t.ID)
				if err != nil {
					return fmt.Errorf("store: update touchpoint %s: %w", t.ExternalID, err)
				}
			}
			sum.Updated = len(changed)
			return nil
		},
	})
}
