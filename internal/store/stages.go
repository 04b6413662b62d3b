package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The stages of the funnel after the sale, kept as dated transitions:
// derived from the data (report.StageTransitions) by the figures' refresh
// and written here whole, so that Account 360's stage history and the
// funnel page's "who moved" read them instead of working them out.

// maxTransitions is the most transitions StageTransitions returns.
const maxTransitions = 1_000_000

// SaveStageTransitions makes the stored transitions ts, in one
// transaction, writing only what changed. A transition that is Observed
// (not dated by the data) keeps the day stored for its account and stage,
// if any: the day it was first seen. The actor must see every account (the
// figures' refresh runs as crm.System); what it writes is derived from the
// data, so it is neither audited nor a change of the data's versions.
func (s *Store) SaveStageTransitions(ctx context.Context, ts []crm.StageTransition) error {
	a, ok := crm.ActorFrom(ctx)
	if !ok || !a.Scope.All() {
		return crm.Errorf(crm.EFORBIDDEN, "stage transitions: only for every account")
	}
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: save stage transitions: %w", err)
	}
	defer tx.Rollback()
	type key struct {
		id    int64
		stage string
	}
	stored := map[key]crm.StageTransition{}
	rows, err := tx.QueryContext(ctx, `SELECT account_id, stage, occurred_on, reason, observed FROM stage_transitions`)
	if err != nil {
		return fmt.Errorf("store: save stage transitions: %w", err)
	}
	for rows.Next() {
		var t crm.StageTransition
		if err := rows.Scan(&t.AccountID, &t.Stage, dbDate{&t.On}, &t.Reason, &t.Observed); err != nil {
			rows.Close()
			return fmt.Errorf("store: save stage transitions: %w", err)
		}
		stored[key{t.AccountID, t.Stage}] = t
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: save stage transitions: %w", err)
	}
	var gone []key
	var add []crm.StageTransition
	for _, t := range ts {
		k := key{t.AccountID, t.Stage}
		old, ok := stored[k]
		if ok && t.Observed && old.Observed && old.On.Before(t.On) {
			t.On = old.On
		}
		delete(stored, k)
		if ok && old.On.Equal(t.On) && old.Reason == t.Reason && old.Observed == t.Observed {
			continue
		}
		if ok {
			gone = append(gone, k)
		}
		add = append(add, t)
	}
	for k := range stored { // stored rows that ts has not
		gone = append(gone, k)
	}
	if len(ts) == 0 { // nothing stays: one statement
		if _, err := tx.ExecContext(ctx, `DELETE FROM stage_transitions`); err != nil {
			return fmt.Errorf("store: save stage transitions: %w", err)
		}
		gone = nil
	}
	for _, k := range gone {
		if _, err := tx.ExecContext(ctx, `DELETE FROM stage_transitions WHERE account_id = $1 AND stage = $2`, k.id, k.stage); err != nil {
			return fmt.Errorf("store: save stage transitions: %w", err)
		}
	}
	const per = 200 // rows a statement: 1,000 parameters
	for from := 0; from < len(add); from += per {
		part := add[from:min(from+per, len(add))]
		args := make([]any, 0, 5*len(part))
		vals := make([]string, len(part))
		for i, t := range part {
			vals[i] = "(" + placeholders(len(args)+1, 5) + ")"
			args = append(args, t.AccountID, t.Stage, s.date(t.On), t.Reason, t.Observed)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO stage_transitions (account_id, stage, occurred_on, reason, observed) VALUES `+strings.Join(vals, ", "), args...); err != nil {
			return fmt.Errorf("store: save stage transitions: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: save stage transitions: %w", err)
	}
	return nil
}

// StageTransitions lists the stored transitions of the accounts in the
// scope of the actor in ctx (of account accountID only, when not 0) on or
// after since, the latest first. Viewers and up.
func (s *Store) StageTransitions(ctx context.Context, accountID int64, since time.Time) ([]crm.StageTransition, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	var w where
	w.scope(s, sc, "account_id")
	if accountID != 0 {
		w.add("account_id = ?", accountID)
	}
	if !since.IsZero() {
		w.add("occurred_on >= ?", s.date(since))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT account_id, stage, occurred_on, reason, observed FROM stage_transitions`+w.sql()+
		fmt.Sprintf(` ORDER BY occurred_on DESC, account_id, stage LIMIT %d`, maxTransitions), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: stage transitions: %w", err)
	}
	defer rows.Close()
	out := []crm.StageTransition{}
	for rows.Next() {
		var t crm.StageTransition
		if err := rows.Scan(&t.AccountID, &t.Stage, dbDate{&t.On}, &t.Reason, &t.Observed); err != nil {
			return nil, fmt.Errorf("store: stage transitions: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
