package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// CareItem is a mention that needed an answer, with its care state.
type CareItem struct {
	ID          int64
	AccountID   int64
	PostedAt    time.Time
	Compound    float64
	Intensity   float64
	Care        string
	RespondedAt time.Time
	ResolvedAt  time.Time
}

// CareItems returns every mention that needed an answer (care open or
// resolved) posted in [since, until), and every one still open whenever
// it was posted, of those in the scope of the actor in ctx.
func (s *Store) CareItems(ctx context.Context, since, until time.Time) ([]CareItem, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 3)
	rows, err := s.db.QueryContext(ctx, `SELECT id, COALESCE(account_id, 0), posted_at, compound, intensity, care, responded_at, resolved_at
		FROM mentions WHERE (care = 'open' OR (care = 'resolved' AND posted_at >= $1 AND posted_at < $2)) AND `+cond, append([]any{since.Unix(), until.Unix()}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: care items: %w", err)
	}
	defer rows.Close()
	var out []CareItem
	for rows.Next() {
		var c CareItem
		var posted int64
		var responded, resolved sql.NullInt64
		if err := rows.Scan(&c.ID, &c.AccountID, &posted, &c.Compound, &c.Intensity, &c.Care, &responded, &resolved); err != nil {
			return nil, fmt.Errorf("store: care items: %w", err)
		}
		c.PostedAt = time.Unix(posted, 0).UTC()
		c.RespondedAt, c.ResolvedAt = unixOrZero(responded), unixOrZero(resolved)
		out = append(out, c)
	}
	return out, rows.Err()
}

// CareState is an open mention's care state as it is now.
type CareState struct {
	ID          int64
	AccountID   int64
	AssigneeID  int64
	RespondedAt time.Time
	Lang        string
}

// CareStates returns the care state of every open mention (care open) in
// the scope of the actor in ctx, by id: what the care queue's filters
// read between two workings-out of the queue.
func (s *Store) CareStates(ctx context.Context) ([]CareState, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 1)
	rows, err := s.db.QueryContext(ctx, `SELECT id, COALESCE(account_id, 0), COALESCE(assignee_id, 0), responded_at, lang
		FROM mentions WHERE care = 'open' AND `+cond+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: care states: %w", err)
	}
	defer rows.Close()
	var out []CareState
	for rows.Next() {
		var c CareState
		var responded sql.NullInt64
		if err := rows.Scan(&c.ID, &c.AccountID, &c.AssigneeID, &responded, &c.Lang); err != nil {
			return nil, fmt.Errorf("store: care states: %w", err)
		}
		c.RespondedAt = unixOrZero(responded)
		out = append(out, c)
	}
	return out, rows.Err()
}

// CareUpdate is one change to a mention's care state. Nil fields are left
// as they are.
type CareUpdate struct {
	AssigneeID *int64  // 0 unassigns
	Reply      *string // a reply note; the first one sets the response time
	Resolve    *bool   // true resolves, false reopens
	Open       bool    // put a mention that needs no answer into the queue
}

// UpdateCare changes mention id's care state: assign it to a user, record
// a reply note (the first note is the first response), resolve or reopen
// it. at is the time of the change. Staff and admins; ENOTFOUND for an
// unknown mention or assignee, EINVALID for an empty note.
func (s *Store) UpdateCare(ctx context.Context, id int64, u CareUpdate, at time.Time) (crm.Mention, error) {
	var m crm.Mention
	err := s.write(ctx, crm.RoleStaff, "update care", func(tx *sql.Tx, a crm.Actor) error {
		var err error
		m, err = s.updateCare(ctx, tx, a, id, u, at)
		return err
	})
	return m, err
}

// MaxCareBatch is how many mentions UpdateCareMany changes at once: one
// page of the care queue.
const MaxCareBatch = 50

// UpdateCareMany makes the change u to every mention of ids (at most
// MaxCareBatch, each once) in one transaction: all or nothing. Staff and
// admins; ENOTFOUND, and nothing changed, when one of them is unknown or
// out of the actor's scope; EINVALID for no ids or too many.
func (s *Store) UpdateCareMany(ctx context.Context, ids []int64, u CareUpdate, at time.Time) ([]crm.Mention, error) {
	switch {
	case len(ids) == 0:
		return nil, crm.Errorf(crm.EINVALID, "ids: choose at least one mention")
	case len(ids) > MaxCareBatch:
		return nil, crm.Errorf(crm.EINVALID, "ids: at most %d at once, got %d", MaxCareBatch, len(ids))
	}
	var out []crm.Mention
	err := s.write(ctx, crm.RoleStaff, "update care", func(tx *sql.Tx, a crm.Actor) error {
		out = out[:0]
		seen := map[int64]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			m, err := s.updateCare(ctx, tx, a, id, u, at)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// updateCare is UpdateCare in tx.
func (s *Store) updateCare(ctx context.Context, tx *sql.Tx, a crm.Actor, id int64, u CareUpdate, at time.Time) (crm.Mention, error) {
	before, err := s.mentionIn(ctx, tx, a.Scope, id)
	if err != nil {
		return before, err
	}
	m := before
	err = func() error {
		if u.Open && m.Care == crm.CareNone {
			m.Care = crm.CareOpen
		}
		if u.AssigneeID != nil {
			if *u.AssigneeID != 0 {
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1 AND disabled = 0`, *u.AssigneeID).Scan(&n); err != nil {
					return err
				}
				if n == 0 {
					return crm.Errorf(crm.ENOTFOUND, "assignee: user %d not found", *u.AssigneeID)
				}
			}
			m.AssigneeID = *u.AssigneeID
		}
		if u.Reply != nil {
			note := strings.TrimSpace(*u.Reply)
			if note == "" {
				return crm.Errorf(crm.EINVALID, "reply: write what was answered")
			}
			if err := crm.Check(crm.Text("reply", note)); err != nil {
				return err
			}
			if m.ReplyNote != "" {
				note = m.ReplyNote + "\n\n" + note
			}
			m.ReplyNote = note
			if m.RespondedAt.IsZero() {
				m.RespondedAt = at.UTC().Truncate(time.Second)
			}
			if m.Care == crm.CareNone {
				m.Care = crm.CareOpen
			}
		}
		if u.Resolve != nil {
			if *u.Resolve {
				m.Care, m.ResolvedAt = crm.CareResolved, at.UTC().Truncate(time.Second)
				if m.RespondedAt.IsZero() {
					m.RespondedAt = m.ResolvedAt
				}
			} else {
				m.Care, m.ResolvedAt = crm.CareOpen, time.Time{}
			}
		}
		if err := crm.Check(crm.Text("reply", m.ReplyNote)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE mentions SET care = $1, assignee_id = $2, reply_note = $3, responded_at = $4, resolved_at = $5 WHERE id = $6`,
			m.Care, nullID(m.AssigneeID), m.ReplyNote, nullUnix(m.RespondedAt), nullUnix(m.ResolvedAt), id)
		if err != nil {
			return err
		}
		return audit(ctx, tx, a, "care", "mention", id, careOf(before), careOf(m))
	}()
	return m, err
}

func careOf(m crm.Mention) map[string]any {
	return map[string]any{"care": m.Care, "assignee_id": m.AssigneeID, "reply_note": m.ReplyNote,
		"responded_at": nullUnix(m.RespondedAt), "resolved_at": nullUnix(m.ResolvedAt)}
}

// CareTargets returns the response-time target of each tier in hours
// (crm.CareTargetTiers), defaults filled in.
func (s *Store) CareTargets(ctx context.Context) (map[string]float64, error) {
	out := map[string]float64{}
	for k, v := range crm.DefaultCareTargetHours {
		out[k] = v
	}
	rows, err := s.db.QueryContext(ctx, `SELECT key, value FROM settings WHERE key LIKE 'care_target_hours_%'`)
	if err != nil {
		return nil, fmt.Errorf("store: care targets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		for _, t := range crm.CareTargetTiers {
			if crm.CareTargetKey(t) == k {
				if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 {
					out[t] = f
				}
			}
		}
	}
	return out, rows.Err()
}

// checkCareTarget validates a care_target_hours_* setting; ok is false for
// a key that is not one.
func checkCareTarget(key, value string) (ok bool, err error) {
	for _, t := range crm.CareTargetTiers {
		if crm.CareTargetKey(t) == key {
			f, perr := strconv.ParseFloat(value, 64)
			if perr != nil || !(f > 0) || f > 24*365 {
				return true, crm.Errorf(crm.EINVALID, "%s: want hours > 0, got %q", key, value)
			}
			return true, nil
		}
	}
	return false, nil
}

// careTargetKeys lists the care settings for messages.
func careTargetKeys() string {
	keys := make([]string, len(crm.CareTargetTiers))
	for i, t := range crm.CareTargetTiers {
		keys[i] = crm.CareTargetKey(t)
	}
	return strings.Join(keys, ", ")
}
