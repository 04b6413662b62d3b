package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Marketing activities, their cost lines and tracking codes, and the
// touches of accounts with them (migration 00030). Activities, costs and
// codes are the business's own data, no account's; touches belong to the
// account they name and are read in the actor's scope.

// ImportActivities writes activities in one transaction. A row matches a
// stored activity by its name without case and updates it; its cost
// becomes one cost line dated on the activity's start (on the import day
// without one), replacing the line an earlier import of the same source
// wrote for it, so the same file again changes nothing. A code is added to
// the activity's tracking codes; a code that already belongs to another
// activity, or a name twice in the file with other values, is a row error,
// and so is an active activity without a tracking code (stored or in its
// row): forward tracking is built in before the launch. Without a status
// a new activity is planned and a stored one keeps its own.
func (s *Store) ImportActivities(ctx context.Context, recs []crm.ActivityRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	source := importSource(opt)
	return importRows(ctx, s, recs, opt, importSteps[crm.ActivityRecord]{
		kind: "activities",
		check: func(r *crm.ActivityRecord) (int, error) {
			a := &r.Activity
			a.Name, a.Channel, r.Code = strings.TrimSpace(a.Name), strings.TrimSpace(a.Channel), strings.TrimSpace(r.Code)
			a.StartsOn, a.EndsOn = dayOf(a.StartsOn), dayOf(a.EndsOn)
			status := a.Status // "": a new activity is planned, a stored one keeps its status
			a.Status = cmp.Or(status, crm.ActivityPlanning)
			err := a.Check()
			a.Status = status
			if err != nil {
				return r.Line, err
			}
			return r.Line, firstErr(crm.Check(crm.Name("code", r.Code)), r.CheckTime())
		},
		write: func(c *sql.Conn, _ crm.Actor, recs []crm.ActivityRecord, sum *crm.ImportSummary) error {
			return s.writeActivities(ctx, c, source, recs, opt, sum)
		},
	})
}

func (s *Store) writeActivities(ctx context.Context, c *sql.Conn, source string, recs []crm.ActivityRecord, opt crm.ImportOptions, sum *crm.ImportSummary) error {
	stored, err := s.activitiesOn(ctx, c)
	if err != nil {
		return err
	}
	byName := map[string]*crm.Activity{}
	for i := range stored {
		byName[crm.ActivityKey(stored[i].Name)] = &stored[i]
	}
	codes, err := s.codesOn(ctx, c)
	if err != nil {
		return err
	}
	// This source's cost lines of each stored activity: the money line
	// (note "") and the time line (note "time").
	type costKey struct {
		activity int64
		note     string
	}
	costs := map[costKey]crm.Money{}
	rows, err := c.QueryContext(ctx, `SELECT activity_id, note, amount_cents FROM activity_costs WHERE source = $1`, source)
	if err != nil {
		return fmt.Errorf("store: load activity costs: %w", err)
	}
	for rows.Next() {
		var k costKey
		var m crm.Money
		if err := rows.Scan(&k.activity, &k.note, &m); err != nil {
			rows.Close()
			return fmt.Errorf("store: load activity costs: %w", err)
		}
		costs[k] = m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: load activity costs: %w", err)
	}
	// The hourly rate of time given without one: the settings' cost per
	// service hour, what an hour of the business's time costs.
	var rate crm.Money
	for _, r := range recs {
		if r.Hours > 0 && r.HourlyRate == 0 {
			set, err := s.Settings(ctx)
			if err != nil {
				return err
			}
			if rate, err = crm.MoneyFromFloat(set.CostPerServiceHour); err != nil {
				return crm.Errorf(crm.EINVALID, "cost_per_service_hour: %v", err)
			}
			break
		}
	}

	var rejects crm.RowErrors
	inFile := map[string]int{} // name key -> index into recs
	codeInFile := map[string]string{}
	keep := recs[:0:0]
	for i := range recs {
		r := &recs[i]
		k := crm.ActivityKey(r.Activity.Name)
		if j, ok := inFile[k]; ok {
			if sameActivityRow(recs[j], *r) {
				sum.Unchanged++
				continue
			}
			rejects = append(rejects, crm.RowError{Line: r.Line, Field: "activity",
				Reason: fmt.Sprintf("activity %q appears twice, with other values on line %d", r.Activity.Name, recs[j].Line)})
			continue
		}
		inFile[k] = i
		// Forward tracking is built in before launch: an activity goes
		// active only with a tracking code.
		old, stored := byName[k]
		status := r.Activity.Status
		if status == "" && stored {
			status = old.Status
		}
		if status == crm.ActivityActive && r.Code == "" && (!stored || len(old.Codes) == 0) {
			rejects = append(rejects, crm.RowError{Line: r.Line, Field: "status",
				Reason: fmt.Sprintf("activity %q cannot be active without a tracking code: give it a code first", r.Activity.Name)})
			continue
		}
		if ck := crm.ActivityKey(r.Code); ck != "" {
			owner, ok := codes[ck]
			if other, dup := codeInFile[ck]; dup && other != k {
				rejects = append(rejects, crm.RowError{Line: r.Line, Field: "code",
					Reason: fmt.Sprintf("code %q is given to two activities in the file", r.Code)})
				continue
			}
			if ok && owner.activity != k {
				rejects = append(rejects, crm.RowError{Line: r.Line, Field: "code",
					Reason: fmt.Sprintf("code %q belongs to the activity %q (codes are unique, whatever their case)", r.Code, owner.name)})
				continue
			}
			codeInFile[ck] = k
		}
		keep = append(keep, *r)
	}
	if err := finish(sum, rejects, opt); err != nil {
		return err
	}
	for _, r := range keep {
		a := r.Activity
		old, ok := byName[crm.ActivityKey(a.Name)]
		changed := false
		if !ok {
			a.Status = cmp.Or(a.Status, crm.ActivityPlanning)
			err := c.QueryRowContext(ctx, `INSERT INTO marketing_activities (name, name_key, kind, channel, objective, intended_result, target,
				starts_on, ends_on, status, is_marketing, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
				a.Name, crm.ActivityKey(a.Name), a.Kind, a.Channel, a.Objective, a.IntendedResult, a.Target,
				s.date(a.StartsOn), s.date(a.EndsOn), a.Status, a.Marketing, source).Scan(&a.ID)
			if err != nil {
				return fmt.Errorf("store: insert activity: %w", err)
			}
			sum.Inserted++
		} else {
			a.ID = old.ID
			a.Status = cmp.Or(a.Status, old.Status)
			// A file without them keeps what the activity's aims were.
			a.Objective, a.IntendedResult, a.Target = cmp.Or(a.Objective, old.Objective), cmp.Or(a.IntendedResult, old.IntendedResult), cmp.Or(a.Target, old.Target)
			if old.Name != a.Name || old.Kind != a.Kind || old.Channel != a.Channel || !old.StartsOn.Equal(a.StartsOn) ||
				!old.EndsOn.Equal(a.EndsOn) || old.Marketing != a.Marketing || old.Status != a.Status ||
				old.Objective != a.Objective || old.IntendedResult != a.IntendedResult || old.Target != a.Target {
				if _, err := c.ExecContext(ctx, `UPDATE marketing_activities SET name = $1, kind = $2, channel = $3, starts_on = $4, ends_on = $5,
					is_marketing = $6, status = $7, objective = $8, intended_result = $9, target = $10 WHERE id = $11`, a.Name, a.Kind, a.Channel,
					s.date(a.StartsOn), s.date(a.EndsOn), a.Marketing, a.Status, a.Objective, a.IntendedResult, a.Target, a.ID); err != nil {
					return fmt.Errorf("store: update activity: %w", err)
				}
				changed = true
			}
		}
		on := a.StartsOn
		if on.IsZero() {
			on = dayOf(time.Now())
		}
		hourly := cmp.Or(r.HourlyRate, rate)
		timeCost, err := crm.MoneyFromFloat(r.Hours * hourly.Float())
		if err != nil {
			return crm.Errorf(crm.EINVALID, "hours: %v", err)
		}
		for _, line := range []struct {
			note   string
			amount crm.Money
			hours  any
			rate   any
		}{{"", a.Cost, nil, nil}, {"time", timeCost, r.Hours, hourly}} {
			cost, had := costs[costKey{a.ID, line.note}]
			if (had && cost == line.amount) || (!had && line.note == "time" && r.Hours == 0) {
				continue
			}
			if had {
				if _, err := c.ExecContext(ctx, `DELETE FROM activity_costs WHERE activity_id = $1 AND source = $2 AND note = $3`, a.ID, source, line.note); err != nil {
					return fmt.Errorf("store: replace activity cost: %w", err)
				}
			}
			if line.note == "time" && r.Hours == 0 {
				changed = changed || ok
				continue // the time line is gone
			}
			if line.note == "" {
				line.hours, line.rate = nil, nil
			}
			if _, err := c.ExecContext(ctx, `INSERT INTO activity_costs (activity_id, incurred_on, amount_cents, hours, hourly_rate_cents, note, source)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, a.ID, s.date(on), line.amount, line.hours, line.rate, line.note, source); err != nil {
				return fmt.Errorf("store: insert activity cost: %w", err)
			}
			changed = changed || ok
		}
		if ck := crm.ActivityKey(r.Code); ck != "" {
			if _, had := codes[ck]; !had {
				kind := "offer"
				if strings.HasPrefix(ck, "/") {
					kind = "landing" // a landing page's path: its visits are the activity's
				}
				if _, err := c.ExecContext(ctx, `INSERT INTO tracking_codes (activity_id, kind, code, code_key) VALUES ($1, $2, $3, $4)`,
					a.ID, kind, r.Code, ck); err != nil {
					return fmt.Errorf("store: insert tracking code: %w", err)
				}
				codes[ck] = codeOwner{activity: crm.ActivityKey(a.Name), name: a.Name}
				changed = changed || ok
			}
		}
		if ok {
			if changed {
				sum.Updated++
			} else {
				sum.Unchanged++
			}
		}
	}
	return nil
}

// sameActivityRow reports whether two rows of a file say the same.
func sameActivityRow(a, b crm.ActivityRecord) bool {
	x, y := a.Activity, b.Activity
	return crm.ActivityKey(x.Name) == crm.ActivityKey(y.Name) && x.Kind == y.Kind && x.Channel == y.Channel && x.StartsOn.Equal(y.StartsOn) && x.EndsOn.Equal(y.EndsOn) &&
		x.Marketing == y.Marketing && x.Cost == y.Cost && crm.ActivityKey(a.Code) == crm.ActivityKey(b.Code) && x.Status == y.Status &&
		a.Hours == b.Hours && a.HourlyRate == b.HourlyRate
}

type codeOwner struct {
	id             int64
	activity, name string // the activity's name key and name
	activityID     int64
}

// codesOn returns the tracking codes by their folded value.
func (s *Store) codesOn(ctx context.Context, q querier) (map[string]codeOwner, error) {
	rows, err := q.QueryContext(ctx, `SELECT tc.id, tc.code_key, tc.activity_id, a.name FROM tracking_codes tc
		JOIN marketing_activities a ON a.id = tc.activity_id`)
	if err != nil {
		return nil, fmt.Errorf("store: tracking codes: %w", err)
	}
	defer rows.Close()
	out := map[string]codeOwner{}
	for rows.Next() {
		var o codeOwner
		var key string
		if err := rows.Scan(&o.id, &key, &o.activityID, &o.name); err != nil {
			return nil, fmt.Errorf("store: tracking codes: %w", err)
		}
		o.activity = crm.ActivityKey(o.name)
		out[key] = o
	}
	return out, rows.Err()
}

// activitiesOn reads every activity with its cost and codes, by name.
func (s *Store) activitiesOn(ctx context.Context, q querier) ([]crm.Activity, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.name, a.kind, a.channel, a.objective, a.intended_result, a.target, a.starts_on, a.ends_on,
		a.status, a.is_marketing, COALESCE((SELECT SUM(amount_cents) FROM activity_costs c WHERE c.activity_id = a.id), 0)
		FROM marketing_activities a ORDER BY a.name_key, a.id`)
	if err != nil {
		return nil, fmt.Errorf("store: activities: %w", err)
	}
	out := []crm.Activity{}
	for rows.Next() {
		var a crm.Activity
		if err := rows.Scan(&a.ID, &a.Name, &a.Kind, &a.Channel, &a.Objective, &a.IntendedResult, &a.Target,
			dbDate{&a.StartsOn}, dbDate{&a.EndsOn}, &a.Status, &a.Marketing, &a.Cost); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: activities: %w", err)
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: activities: %w", err)
	}
	byID := map[int64][]string{}
	cq, err := q.QueryContext(ctx, `SELECT activity_id, code FROM tracking_codes ORDER BY code_key`)
	if err != nil {
		return nil, fmt.Errorf("store: tracking codes: %w", err)
	}
	defer cq.Close()
	for cq.Next() {
		var id int64
		var code string
		if err := cq.Scan(&id, &code); err != nil {
			return nil, fmt.Errorf("store: tracking codes: %w", err)
		}
		byID[id] = append(byID[id], code)
	}
	for i := range out {
		out[i].Codes = byID[out[i].ID]
	}
	return out, cq.Err()
}

// Activities returns every marketing activity with its cost (the sum of
// its cost lines) and tracking codes, by name. They are the business's
// own plans, no account's data: staff (viewers and up), not portal
// contacts.
func (s *Store) Activities(ctx context.Context) ([]crm.Activity, error) {
	if _, err := staffOnly(ctx); err != nil {
		return nil, err
	}
	return s.activitiesOn(ctx, s.db)
}

// ImportActivityTouches writes touches in one transaction. Each row names
// an account by its external id (it must exist: a touch creates no
// account) and an activity by its name or one of its tracking codes,
// without case. A touch is its account, activity, day and method: the same
// file again changes nothing. Who imported it and when are recorded.
func (s *Store) ImportActivityTouches(ctx context.Context, recs []crm.ActivityTouchRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	source := importSource(opt)
	return importRows(ctx, s, recs, opt, importSteps[crm.ActivityTouchRecord]{
		kind: "activity-touches",
		check: func(r *crm.ActivityTouchRecord) (int, error) {
			r.CustomerID, r.Activity, r.Code = strings.TrimSpace(r.CustomerID), strings.TrimSpace(r.Activity), strings.TrimSpace(r.Code)
			r.Method = strings.ToLower(strings.TrimSpace(r.Method))
			r.Date = dayOf(r.Date)
			return r.Line, r.Check()
		},
		write: func(c *sql.Conn, actor crm.Actor, recs []crm.ActivityTouchRecord, sum *crm.ImportSummary) error {
			return s.writeActivityTouches(ctx, c, actor, source, recs, opt, sum)
		},
	})
}

type touchKey struct {
	account, activity int64
	day               string
	method            string
}

func (s *Store) writeActivityTouches(ctx context.Context, c *sql.Conn, actor crm.Actor, source string, recs []crm.ActivityTouchRecord,
	opt crm.ImportOptions, sum *crm.ImportSummary) error {
	acts, err := s.activitiesOn(ctx, c)
	if err != nil {
		return err
	}
	byName := map[string]int64{}
	for _, a := range acts {
		byName[crm.ActivityKey(a.Name)] = a.ID
	}
	codes, err := s.codesOn(ctx, c)
	if err != nil {
		return err
	}
	// The accounts the rows name, by external id.
	accounts := map[string][]int64{}
	var exts []string
	for _, r := range recs {
		if _, ok := accounts[r.CustomerID]; !ok {
			accounts[r.CustomerID] = nil
			exts = append(exts, r.CustomerID)
		}
	}
	err = inChunks(exts, func(part []string) error {
		rows, err := c.QueryContext(ctx, `SELECT external_id, id FROM accounts WHERE external_id IN (`+placeholders(1, len(part))+`)`, stringArgs(nil, part)...)
		if err != nil {
			return fmt.Errorf("store: load accounts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var ext string
			var id int64
			if err := rows.Scan(&ext, &id); err != nil {
				return fmt.Errorf("store: load accounts: %w", err)
			}
			accounts[ext] = append(accounts[ext], id)
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	var (
		rejects crm.RowErrors
		fresh   []crm.ActivityTouch
		seen    = map[touchKey]bool{}
	)
	for _, r := range recs {
		accs := accounts[r.CustomerID]
		switch len(accs) {
		case 0:
			rejects = append(rejects, crm.RowError{Line: r.Line, Field: "customer_id",
				Reason: fmt.Sprintf("unknown customer %q (import the accounts first)", r.CustomerID)})
			continue
		case 1:
		default:
			rejects = append(rejects, crm.RowError{Line: r.Line, Field: "customer_id",
				Reason: fmt.Sprintf("customer id %q names %d accounts (from different sources)", r.CustomerID, len(accs))})
			continue
		}
		t := crm.ActivityTouch{AccountID: accs[0], Date: r.Date, Method: r.Method, RecordedBy: actor.Name}
		if r.Code != "" {
			o, ok := codes[crm.ActivityKey(r.Code)]
			if !ok {
				rejects = append(rejects, crm.RowError{Line: r.Line, Field: "code", Reason: fmt.Sprintf("unknown tracking code %q", r.Code)})
				continue
			}
			t.ActivityID, t.CodeID = o.activityID, o.id
		}
		if r.Activity != "" {
			id, ok := byName[crm.ActivityKey(r.Activity)]
			switch {
			case !ok:
				rejects = append(rejects, crm.RowError{Line: r.Line, Field: "activity",
					Reason: fmt.Sprintf("unknown activity %q (import the activities first)", r.Activity)})
				continue
			case t.ActivityID != 0 && t.ActivityID != id:
				rejects = append(rejects, crm.RowError{Line: r.Line, Field: "code",
					Reason: fmt.Sprintf("code %q belongs to another activity than %q", r.Code, r.Activity)})
				continue
			}
			t.ActivityID = id
		}
		k := touchKey{t.AccountID, t.ActivityID, t.Date.Format(time.DateOnly), t.Method}
		if seen[k] {
			sum.Unchanged++
			continue
		}
		seen[k] = true
		fresh = append(fresh, t)
	}
	if err := finish(sum, rejects, opt); err != nil {
		return err
	}
	stored := map[touchKey]bool{}
	rows, err := c.QueryContext(ctx, `SELECT account_id, activity_id, touched_on, method FROM activity_touches`)
	if err != nil {
		return fmt.Errorf("store: load activity touches: %w", err)
	}
	for rows.Next() {
		var k touchKey
		var d time.Time
		if err := rows.Scan(&k.account, &k.activity, dbDate{&d}, &k.method); err != nil {
			rows.Close()
			return fmt.Errorf("store: load activity touches: %w", err)
		}
		k.day = d.Format(time.DateOnly)
		stored[k] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: load activity touches: %w", err)
	}
	now := time.Now().Unix()
	for _, t := range fresh {
		if stored[touchKey{t.AccountID, t.ActivityID, t.Date.Format(time.DateOnly), t.Method}] {
			sum.Unchanged++
			continue
		}
		var code any
		if t.CodeID != 0 {
			code = t.CodeID
		}
		if _, err := c.ExecContext(ctx, `INSERT INTO activity_touches (account_id, activity_id, tracking_code_id, touched_on, method, recorded_by, recorded_at, source)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, t.AccountID, t.ActivityID, code, s.date(t.Date), t.Method, t.RecordedBy, now, source); err != nil {
			return fmt.Errorf("store: insert activity touch: %w", err)
		}
		sum.Inserted++
	}
	return nil
}

// ActivityTouches returns the touches of the accounts in the scope of the
// actor in ctx, by account, day and id: the input of attribution.
// Staff (viewers and up), not portal contacts: how the business tracks
// its customers is its own.
func (s *Store) ActivityTouches(ctx context.Context) ([]crm.ActivityTouch, error) {
	a, err := staffOnly(ctx)
	if err != nil {
		return nil, err
	}
	sc := a.Scope
	cond, args := s.scopeSQL(sc, "account_id", 1)
	rows, err := s.db.QueryContext(ctx, `SELECT id, account_id, activity_id, COALESCE(tracking_code_id, 0), touched_on, method, recorded_by, recorded_at
		FROM activity_touches WHERE `+cond+` ORDER BY account_id, touched_on, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: activity touches: %w", err)
	}
	defer rows.Close()
	out := []crm.ActivityTouch{}
	for rows.Next() {
		var t crm.ActivityTouch
		var at int64
		if err := rows.Scan(&t.ID, &t.AccountID, &t.ActivityID, &t.CodeID, dbDate{&t.Date}, &t.Method, &t.RecordedBy, &at); err != nil {
			return nil, fmt.Errorf("store: activity touches: %w", err)
		}
		t.RecordedAt = time.Unix(at, 0).UTC()
		out = append(out, t)
	}
	return out, rows.Err()
}

// RecordTouch records that account t.AccountID met activity t.ActivityID
// on t.Date, known by t.Method: the reverse-tracking worklist's answer
// ("how did this customer come to us?"), with the actor as who recorded it
// and now as when. Staff and up; an account out of the actor's scope is
// refused as one that does not exist, an unknown activity or method is
// EINVALID, and the same touch twice is ECONFLICT.
func (s *Store) RecordTouch(ctx context.Context, t crm.ActivityTouch) (crm.ActivityTouch, error) {
	t.ID, t.CodeID, t.Date = 0, 0, dayOf(t.Date)
	switch {
	case t.Date.IsZero():
		return t, crm.Errorf(crm.EINVALID, "date: required")
	case crm.CheckDate(t.Date) != nil:
		return t, crm.Errorf(crm.EINVALID, "date: %v", crm.CheckDate(t.Date))
	case !slices.Contains(crm.TouchMethods, t.Method):
		return t, crm.Errorf(crm.EINVALID, "method: unknown %q (want forward, pos or reverse)", t.Method)
	}
	err := s.write(ctx, crm.RoleStaff, "record activity touch", func(tx *sql.Tx, a crm.Actor) error {
		if err := s.accountVisible(ctx, tx, a.Scope, t.AccountID, "account_id"); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM marketing_activities WHERE id = $1`, t.ActivityID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return crm.Errorf(crm.EINVALID, "activity_id: no activity with id %d", t.ActivityID)
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM activity_touches WHERE account_id = $1 AND activity_id = $2 AND touched_on = $3 AND method = $4`,
			t.AccountID, t.ActivityID, s.date(t.Date), t.Method).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return crm.Errorf(crm.ECONFLICT, "this touch is recorded already")
		}
		t.RecordedBy, t.RecordedAt = a.Name, time.Now().UTC().Truncate(time.Second)
		if err := tx.QueryRowContext(ctx, `INSERT INTO activity_touches (account_id, activity_id, touched_on, method, recorded_by, recorded_at, source)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, t.AccountID, t.ActivityID, s.date(t.Date), t.Method, t.RecordedBy, t.RecordedAt.Unix(), WebSource).Scan(&t.ID); err != nil {
			return err
		}
		return audit(ctx, tx, a, "create", "activity_touch", t.ID, nil, t)
	})
	return t, err
}

// ProductPricing returns the product with SKU sku (as the catalogue has
// it: its price and, when known, its unit cost), for the break-even of a
// product. Staff, not portal contacts; ENOTFOUND for an unknown SKU.
func (s *Store) ProductPricing(ctx context.Context, sku string) (crm.Product, error) {
	p := crm.Product{SKU: strings.TrimSpace(sku)}
	if _, err := staffOnly(ctx); err != nil {
		return p, err
	}
	var cost sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT id, name, price_cents, unit_cost_cents FROM products WHERE sku = $1`, p.SKU).Scan(&p.ID, &p.Name, &p.Price, &cost)
	if errors.Is(err, sql.ErrNoRows) {
		return p, crm.Errorf(crm.ENOTFOUND, "no product with the SKU %q", p.SKU)
	}
	if err != nil {
		return p, fmt.Errorf("store: product pricing: %w", err)
	}
	p.UnitCost, p.HasCost = crm.Money(cost.Int64), cost.Valid
	return p, nil
}

// ActivityCosts returns the cost lines of activity id, by day. Staff,
// not portal contacts: the business's own plans, no account's data.
// ENOTFOUND for an unknown activity.
func (s *Store) ActivityCosts(ctx context.Context, id int64) ([]crm.ActivityCost, error) {
	if _, err := staffOnly(ctx); err != nil {
		return nil, err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM marketing_activities WHERE id = $1`, id).Scan(&n); err != nil {
		return nil, fmt.Errorf("store: activity costs: %w", err)
	}
	if n == 0 {
		return nil, crm.Errorf(crm.ENOTFOUND, "no activity with id %d", id)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT incurred_on, amount_cents, COALESCE(hours, 0), COALESCE(hourly_rate_cents, 0), note, source
		FROM activity_costs WHERE activity_id = $1 ORDER BY incurred_on, id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: activity costs: %w", err)
	}
	defer rows.Close()
	out := []crm.ActivityCost{}
	for rows.Next() {
		var c crm.ActivityCost
		if err := rows.Scan(dbDate{&c.On}, &c.Amount, &c.Hours, &c.HourlyRate, &c.Note, &c.Source); err != nil {
			return nil, fmt.Errorf("store: activity costs: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
