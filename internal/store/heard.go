package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Point-of-sale tracking (migration 00036): the accounts' answers to "how
// did you hear about us?" (accounts.heard_about), and the activity staff
// mapped each distinct answer to (heard_about_map, by crm.HeardKey), once:
// later answers of the same words reuse it. A mapped answer is a pos touch
// of its account with the activity, dated on the account's first order
// (else when it was acquired, else the day it is written), recorded by
// whoever mapped it. A tracked touch that says otherwise stays beside it:
// the attribution report counts how often they agree.

// heardMaps reads the mappings by key.
func (s *Store) heardMaps(ctx context.Context, q querier) (map[string]crm.HeardAnswer, error) {
	rows, err := q.QueryContext(ctx, `SELECT text_key, text, activity_id, mapped_by FROM heard_about_map`)
	if err != nil {
		return nil, fmt.Errorf("store: heard-about map: %w", err)
	}
	defer rows.Close()
	out := map[string]crm.HeardAnswer{}
	for rows.Next() {
		var h crm.HeardAnswer
		if err := rows.Scan(&h.Key, &h.Text, &h.ActivityID, &h.MappedBy); err != nil {
			return nil, fmt.Errorf("store: heard-about map: %w", err)
		}
		out[h.Key] = h
	}
	return out, rows.Err()
}

// applyHeardAbout writes the pos touch of every account in a's scope (only
// account when it is not 0) whose answer is mapped and that has no pos
// touch with that activity yet.
func (s *Store) applyHeardAbout(ctx context.Context, q querier, a crm.Actor, account int64) error {
	maps, err := s.heardMaps(ctx, q)
	if err != nil || len(maps) == 0 {
		return err
	}
	cond, args := s.scopeSQL(a.Scope, "a.id", 1)
	if account != 0 {
		cond += fmt.Sprintf(" AND a.id = $%d", len(args)+1)
		args = append(args, account)
	}
	type todo struct {
		account, activity int64
		day               time.Time
	}
	var work []todo
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.heard_about, a.acquired_at, (SELECT MIN(o.ordered_at) FROM orders o WHERE o.account_id = a.id AND o.amount_cents > 0)
		FROM accounts a WHERE a.heard_about <> '' AND `+cond, args...)
	if err != nil {
		return fmt.Errorf("store: heard about: %w", err)
	}
	today := dayOf(time.Now().UTC())
	for rows.Next() {
		var id int64
		var text string
		var acquired, first time.Time
		if err := rows.Scan(&id, &text, dbDate{&acquired}, dbDate{&first}); err != nil {
			rows.Close()
			return fmt.Errorf("store: heard about: %w", err)
		}
		if m, ok := maps[crm.HeardKey(text)]; ok {
			day := first
			if day.IsZero() {
				day = cmp.Or(acquired, today)
			}
			work = append(work, todo{id, m.ActivityID, dayOf(day)})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: heard about: %w", err)
	}
	now := time.Now().Unix()
	for _, w := range work {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM activity_touches WHERE account_id = $1 AND activity_id = $2 AND method = $3`,
			w.account, w.activity, crm.TouchPOS).Scan(&n); err != nil {
			return fmt.Errorf("store: heard about: %w", err)
		}
		if n > 0 {
			continue
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO activity_touches (account_id, activity_id, touched_on, method, recorded_by, recorded_at, source)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, w.account, w.activity, s.date(w.day), crm.TouchPOS, a.Name, now, "heard_about"); err != nil {
			return fmt.Errorf("store: heard about: %w", err)
		}
	}
	return nil
}

// HeardAbout returns the distinct answers to "how did you hear about us?"
// of the accounts in the actor's scope, the unmapped first, then by how
// many gave them, with the activity each is mapped to. Staff, not portal
// contacts.
func (s *Store) HeardAbout(ctx context.Context) ([]crm.HeardAnswer, error) {
	a, err := staffOnly(ctx)
	if err != nil {
		return nil, err
	}
	maps, err := s.heardMaps(ctx, s.db)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(a.Scope, "id", 1)
	rows, err := s.db.QueryContext(ctx, `SELECT heard_about FROM accounts WHERE heard_about <> '' AND `+cond+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: heard about: %w", err)
	}
	defer rows.Close()
	by := map[string]*crm.HeardAnswer{}
	var out []*crm.HeardAnswer
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			return nil, fmt.Errorf("store: heard about: %w", err)
		}
		k := crm.HeardKey(text)
		if k == "" {
			continue
		}
		h := by[k]
		if h == nil {
			m := maps[k]
			h = &crm.HeardAnswer{Key: k, Text: text, ActivityID: m.ActivityID, MappedBy: m.MappedBy}
			by[k] = h
			out = append(out, h)
		}
		h.Accounts++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: heard about: %w", err)
	}
	list := make([]crm.HeardAnswer, len(out))
	for i, h := range out {
		list[i] = *h
	}
	slices.SortStableFunc(list, func(x, y crm.HeardAnswer) int {
		return cmp.Or(cmp.Compare(min(x.ActivityID, 1), min(y.ActivityID, 1)), cmp.Compare(y.Accounts, x.Accounts), cmp.Compare(x.Key, y.Key))
	})
	return list, nil
}

// MapHeardAbout maps an answer (by crm.HeardKey, whatever its case and
// punctuation) to activity, once: a mapping made stays (ECONFLICT to map
// it again to another activity; the same again changes nothing). The
// accounts in the actor's scope that gave it get their pos touch; others
// get theirs when someone who sees them maps or writes them. Staff;
// EINVALID for an empty answer or an unknown activity. It returns how many
// touches it wrote.
func (s *Store) MapHeardAbout(ctx context.Context, text string, activity int64) (int, error) {
	key := crm.HeardKey(text)
	if key == "" {
		return 0, crm.Errorf(crm.EINVALID, "answer: required")
	}
	if err := crm.Check(crm.Name("answer", text)); err != nil {
		return 0, err
	}
	var touches int
	err := s.write(ctx, crm.RoleStaff, "map heard about", func(tx *sql.Tx, a crm.Actor) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM marketing_activities WHERE id = $1`, activity).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return crm.Errorf(crm.EINVALID, "activity_id: no activity with id %d", activity)
		}
		var had int64
		switch err := tx.QueryRowContext(ctx, `SELECT activity_id FROM heard_about_map WHERE text_key = $1`, key).Scan(&had); {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.ExecContext(ctx, `INSERT INTO heard_about_map (text_key, text, activity_id, mapped_by, mapped_at) VALUES ($1, $2, $3, $4, $5)`,
				key, text, activity, a.Name, time.Now().Unix()); err != nil {
				return err
			}
			if err := audit(ctx, tx, a, "create", "heard_about_map", activity, nil, map[string]any{"answer": text, "activity_id": activity}); err != nil {
				return err
			}
		case err != nil:
			return err
		case had != activity:
			return crm.Errorf(crm.ECONFLICT, "the answer %q is mapped to another activity already", text)
		}
		var before, after int
		count := func(to *int) error {
			return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM activity_touches WHERE method = $1 AND activity_id = $2`, crm.TouchPOS, activity).Scan(to)
		}
		if err := count(&before); err != nil {
			return err
		}
		if err := s.applyHeardAbout(ctx, tx, a, 0); err != nil {
			return err
		}
		if err := count(&after); err != nil {
			return err
		}
		touches = after - before
		return nil
	})
	return touches, err
}
