package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// audit records one write in the audit log, in the writing transaction,
// and moves on the versions of the parts of the data it changed (touched).
// before and after are marshalled to JSON; nil stays NULL.
func audit(ctx context.Context, q querier, a crm.Actor, action, entity string, id int64, before, after any) error {
	if err := record(ctx, q, a, action, entity, id, before, after); err != nil {
		return err
	}
	return touch(ctx, q, touched(action, entity)...)
}

// record writes the audit log entry of audit, leaving the versions as they
// are.
func record(ctx context.Context, q querier, a crm.Actor, action, entity string, id int64, before, after any) error {
	enc := func(v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := enc(before)
	if err != nil {
		return err
	}
	af, err := enc(after)
	if err != nil {
		return err
	}
	var uid, eid any
	if a.UserID != 0 {
		uid = a.UserID
	}
	if id != 0 {
		eid = id
	}
	_, err = q.ExecContext(ctx, `INSERT INTO audit_log (at, user_id, actor, action, entity, entity_id, before, after)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, time.Now().Unix(), uid, a.Name, action, entity, eid, b, af)
	return err
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID       int64           `json:"id"`
	At       time.Time       `json:"at"`
	UserID   int64           `json:"user_id,omitempty"`
	Actor    string          `json:"actor"`
	Action   string          `json:"action"`
	Entity   string          `json:"entity"`
	EntityID int64           `json:"entity_id,omitempty"`
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
}

// AuditFilter selects audit entries, newest first. Empty fields do not
// filter.
type AuditFilter struct {
	Entity   string
	EntityID int64
	Actor    string    // who (the user's email, "cli", …)
	Action   string    // create, update, delete, …
	Since    time.Time // from this moment on
	Until    time.Time // before this moment
	Limit    int       // default 100
	Offset   int
}

// Audit lists audit entries and their total. Admins only, who see every
// account (the entries hold any account's records): EFORBIDDEN for an
// actor restricted to some.
func (s *Store) Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, int, error) {
	a, err := crm.Require(ctx, crm.RoleAdmin)
	if err != nil {
		return nil, 0, err
	}
	if !a.Scope.All() {
		return nil, 0, crm.Errorf(crm.EFORBIDDEN, "the audit log needs a user who sees every account")
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	since, until := int64(0), int64(0)
	if !f.Since.IsZero() {
		since = f.Since.Unix()
	}
	if !f.Until.IsZero() {
		until = f.Until.Unix()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, COALESCE(user_id, 0), actor, action, entity, COALESCE(entity_id, 0),
		COALESCE(before, ''), COALESCE(after, ''), COUNT(*) OVER ()
		FROM audit_log WHERE ($1 = '' OR entity = $1) AND ($2 = 0 OR entity_id = $2) AND ($3 = '' OR actor = $3) AND ($4 = '' OR action = $4)
		AND ($5 = 0 OR at >= $5) AND ($6 = 0 OR at < $6)
		ORDER BY id DESC LIMIT $7 OFFSET $8`, f.Entity, f.EntityID, f.Actor, f.Action, since, until, f.Limit, f.Offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: audit: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	total := 0
	for rows.Next() {
		var e AuditEntry
		var at int64
		var before, after string
		if err := rows.Scan(&e.ID, &at, &e.UserID, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &before, &after, &total); err != nil {
			return nil, 0, fmt.Errorf("store: audit: %w", err)
		}
		e.At = time.Unix(at, 0).UTC()
		if before != "" {
			e.Before = json.RawMessage(before)
		}
		if after != "" {
			e.After = json.RawMessage(after)
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// AuditFacets returns the actors, entities and actions that occur in the
// audit log, each sorted, for the audit page's filters. Admins only, as
// Audit.
func (s *Store) AuditFacets(ctx context.Context) (actors, entities, actions []string, err error) {
	a, err := crm.Require(ctx, crm.RoleAdmin)
	if err != nil {
		return nil, nil, nil, err
	}
	if !a.Scope.All() {
		return nil, nil, nil, crm.Errorf(crm.EFORBIDDEN, "the audit log needs a user who sees every account")
	}
	for _, c := range []struct {
		col string
		out *[]string
	}{{"actor", &actors}, {"entity", &entities}, {"action", &actions}} {
		rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT `+c.col+` FROM audit_log ORDER BY `+c.col)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("store: audit facets: %w", err)
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return nil, nil, nil, err
			}
			*c.out = append(*c.out, v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, nil, err
		}
	}
	return actors, entities, actions, nil
}
