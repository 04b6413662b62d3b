package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The ledger of advocacy acts: staff record what a customer did for the
// business, and someone verifies it; a verified act earns its points and
// makes the account an advocate.

var errNoAct = crm.Errorf(crm.ENOTFOUND, "no such advocacy act")

// maxActs is the most acts AdvocacyActs returns: acts are recorded by
// hand, a few a week.
const maxActs = 100_000

const actColumns = `id, account_id, COALESCE(contact_id, 0), kind, occurred_on, evidence, recorded_by, verified_by, COALESCE(verified_at, 0)`

func scanAct(sc interface{ Scan(...any) error }) (crm.AdvocacyAct, error) {
	var a crm.AdvocacyAct
	var verified int64
	err := sc.Scan(&a.ID, &a.AccountID, &a.ContactID, &a.Kind, dbDate{&a.On}, &a.Evidence, &a.RecordedBy, &a.VerifiedBy, &verified)
	if verified != 0 {
		a.VerifiedAt = time.Unix(verified, 0).UTC()
	}
	return a, err
}

// RecordAdvocacy records act for an account in the scope of the actor in
// ctx (and, if given, a contact of that account). Staff and up. Audited.
func (s *Store) RecordAdvocacy(ctx context.Context, act crm.AdvocacyAct) (crm.AdvocacyAct, error) {
	if err := act.Check(); err != nil {
		return act, err
	}
	err := s.write(ctx, crm.RoleStaff, "record advocacy", func(tx *sql.Tx, a crm.Actor) error {
		if err := s.accountVisible(ctx, tx, a.Scope, act.AccountID, "account_id"); err != nil {
			return err
		}
		var contact any
		if act.ContactID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM contacts WHERE id = $1 AND account_id = $2`, act.ContactID, act.AccountID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return crm.Errorf(crm.EINVALID, "contact_id: no contact %d at this account", act.ContactID)
			}
			contact = act.ContactID
		}
		act.RecordedBy, act.VerifiedBy, act.VerifiedAt = a.Name, "", time.Time{}
		if err := tx.QueryRowContext(ctx, `INSERT INTO advocacy_acts (account_id, contact_id, kind, occurred_on, evidence, recorded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, act.AccountID, contact, act.Kind, s.date(act.On), act.Evidence, a.Name, time.Now().Unix()).Scan(&act.ID); err != nil {
			return err
		}
		return audit(ctx, tx, a, "create", "advocacy_act", act.ID, nil, act)
	})
	return act, err
}

// VerifyAdvocacy marks act id of account accountID verified by the actor
// in ctx, who must not be who recorded it (four eyes). Staff and up;
// errNoAct when it is not there or out of the actor's scope. Audited.
func (s *Store) VerifyAdvocacy(ctx context.Context, accountID, id int64) (crm.AdvocacyAct, error) {
	var act crm.AdvocacyAct
	err := s.write(ctx, crm.RoleStaff, "verify advocacy", func(tx *sql.Tx, a crm.Actor) error {
		if err := s.accountVisible(ctx, tx, a.Scope, accountID, "account_id"); err != nil {
			return errNoAct
		}
		var err error
		act, err = scanAct(tx.QueryRowContext(ctx, `SELECT `+actColumns+` FROM advocacy_acts WHERE id = $1 AND account_id = $2`, id, accountID))
		if err == sql.ErrNoRows {
			return errNoAct
		}
		if err != nil {
			return err
		}
		if act.Verified() {
			return nil
		}
		if act.RecordedBy == a.Name {
			return crm.Errorf(crm.EINVALID, "verify: someone other than who recorded it verifies an act")
		}
		now := time.Now().UTC().Truncate(time.Second)
		if _, err := tx.ExecContext(ctx, `UPDATE advocacy_acts SET verified_by = $1, verified_at = $2 WHERE id = $3 AND account_id = $4`, a.Name, now.Unix(), id, accountID); err != nil {
			return err
		}
		before := act
		act.VerifiedBy, act.VerifiedAt = a.Name, now
		return audit(ctx, tx, a, "verify", "advocacy_act", id, before, act)
	})
	return act, err
}

// AdvocacyActs lists the acts of the accounts in the scope of the actor in
// ctx (of account accountID only, when not 0) on or after since, the
// latest first, at most maxActs. Viewers and up.
func (s *Store) AdvocacyActs(ctx context.Context, accountID int64, since time.Time) ([]crm.AdvocacyAct, error) {
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
	rows, err := s.db.QueryContext(ctx, `SELECT `+actColumns+` FROM advocacy_acts`+w.sql()+fmt.Sprintf(` ORDER BY occurred_on DESC, id DESC LIMIT %d`, maxActs), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: advocacy acts: %w", err)
	}
	defer rows.Close()
	out := []crm.AdvocacyAct{}
	for rows.Next() {
		a, err := scanAct(rows)
		if err != nil {
			return nil, fmt.Errorf("store: advocacy acts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
