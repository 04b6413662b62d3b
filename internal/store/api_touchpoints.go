package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
		err := tx.QueryRowContext(ctx, `INSERT INTO touchpoints (account_id, contact_id, source, external_id, kind, department, occurred_at, effort_minutes, subject, body)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			t.AccountID, nullID(t.ContactID), t.Source, t.ExternalID, t.Kind, t.Department, s.date(t.OccurredAt), t.EffortMinutes, t.Subject, t.Body).Scan(&t.ID)
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
