package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The portal's people: invitations, portal users and their sessions. A
// portal user is a contact; every sign-in and every session is checked
// against the contact as it is now (still there, active, at the same
// account), so that removing a contact or moving it to another account
// ends its access at its next request.

// errNoInvitation is the one answer to an invitation that is unknown,
// used or expired: which of them is not said.
var errNoInvitation = crm.Errorf(crm.ENOTFOUND, "this invitation link is unknown, used or expired")

// portalContactSQL selects a contact as a portal contact: active, with its
// account's name, by contact id ($1).
const portalContactSQL = `SELECT c.id, c.account_id, c.name, a.name FROM contacts c JOIN accounts a ON a.id = c.account_id
	WHERE c.id = $1 AND c.status = 'active'`

// InvitePortal invites the active contact whose e-mail is email to the
// portal: an invitation under tokenHash, single-use, until expires. When
// compose is not nil, the mail it writes for the contact goes into the
// outbox in the same transaction. Staff and up, of a contact their scope
// allows; ENOTFOUND otherwise. Audited.
func (s *Store) InvitePortal(ctx context.Context, email, tokenHash string, expires time.Time, compose func(crm.PortalContact) crm.Mail) (crm.PortalContact, error) {
	email = crm.NormalizeEmail(email)
	var c crm.PortalContact
	err := s.write(ctx, crm.RoleStaff, "invite to the portal", func(tx *sql.Tx, a crm.Actor) error {
		cond, args := s.scopeSQL(a.Scope, "c.account_id", 2)
		err := tx.QueryRowContext(ctx, `SELECT c.id, c.account_id, c.name, acc.name FROM contact_identities i
			JOIN contacts c ON c.id = i.contact_id AND c.account_id = i.account_id
			JOIN accounts acc ON acc.id = c.account_id
			WHERE i.kind = 'email' AND i.value = $1 AND c.status = 'active' AND `+cond, append([]any{email}, args...)...).
			Scan(&c.ContactID, &c.AccountID, &c.Name, &c.AccountName)
		if errors.Is(err, sql.ErrNoRows) {
			return crm.Errorf(crm.ENOTFOUND, "no active contact with the email %s", email)
		}
		if err != nil {
			return err
		}
		c.Email = email
		now := time.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO portal_invitations (token_hash, contact_id, account_id, email, invited_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, tokenHash, c.ContactID, c.AccountID, email, a.Name, now.Unix(), expires.Unix()); err != nil {
			return err
		}
		if compose != nil {
			m := compose(c)
			m.To = email
			if err := enqueueMail(ctx, tx, m); err != nil {
				return err
			}
		}
		return record(ctx, tx, a, "invite", "portal_user", c.ContactID, nil, map[string]any{"email": email, "expires_at": expires.UTC()})
	})
	return c, err
}

// PortalInvitation returns the contact of the open invitation under
// tokenHash; errNoInvitation (ENOTFOUND) when it is unknown, used, expired
// or its contact is no longer active. It needs no actor: the token is the
// credential.
func (s *Store) PortalInvitation(ctx context.Context, tokenHash string) (crm.PortalContact, error) {
	return s.portalInvitation(ctx, s.db, tokenHash)
}

func (s *Store) portalInvitation(ctx context.Context, q querier, tokenHash string) (crm.PortalContact, error) {
	var c crm.PortalContact
	err := q.QueryRowContext(ctx, `SELECT contact_id, account_id, email FROM portal_invitations
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`, tokenHash, time.Now().Unix()).Scan(&c.ContactID, &c.AccountID, &c.Email)
	if errors.Is(err, sql.ErrNoRows) {
		return c, errNoInvitation
	}
	if err != nil {
		return c, fmt.Errorf("store: portal invitation: %w", err)
	}
	var accountID int64
	err = q.QueryRowContext(ctx, portalContactSQL, c.ContactID).Scan(&c.ContactID, &accountID, &c.Name, &c.AccountName)
	if errors.Is(err, sql.ErrNoRows) || err == nil && accountID != c.AccountID {
		return c, errNoInvitation
	}
	if err != nil {
		return c, fmt.Errorf("store: portal invitation: %w", err)
	}
	return c, nil
}

// AcceptPortalInvitation uses the invitation under tokenHash: the contact
// becomes a portal user with passwordHash (a new password when it was one
// already) and the invitation cannot be used again. errNoInvitation as
// PortalInvitation. Audited as the contact.
func (s *Store) AcceptPortalInvitation(ctx context.Context, tokenHash, passwordHash string) (crm.PortalContact, error) {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return crm.PortalContact{}, fmt.Errorf("store: accept invitation: %w", err)
	}
	defer tx.Rollback()
	c, err := s.portalInvitation(ctx, tx, tokenHash)
	if err != nil {
		return c, err
	}
	now := time.Now().Unix()
	res, err := tx.ExecContext(ctx, `UPDATE portal_invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL`, now, tokenHash)
	if err != nil {
		return c, fmt.Errorf("store: accept invitation: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 { // used meanwhile
		return c, errNoInvitation
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM portal_users WHERE email = $1 AND contact_id <> $2`, c.Email, c.ContactID); err != nil {
		return c, fmt.Errorf("store: accept invitation: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO portal_users (contact_id, account_id, email, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (contact_id) DO UPDATE SET account_id = excluded.account_id, email = excluded.email, password_hash = excluded.password_hash, disabled = 0`,
		c.ContactID, c.AccountID, c.Email, passwordHash, now); err != nil {
		return c, fmt.Errorf("store: accept invitation: %w", err)
	}
	if err := record(ctx, tx, crm.PortalActor(c, ""), "accept invitation", "portal_user", c.ContactID, nil, map[string]any{"email": c.Email}); err != nil {
		return c, fmt.Errorf("store: accept invitation: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return c, fmt.Errorf("store: accept invitation: %w", err)
	}
	return c, nil
}

// PortalLogin returns the portal contact with email and its password hash,
// for the sign-in's check; ENOTFOUND when there is none, it is disabled,
// or its contact is no longer active at its account. It needs no actor.
func (s *Store) PortalLogin(ctx context.Context, email string) (crm.PortalContact, string, error) {
	var c crm.PortalContact
	var hash string
	err := s.db.QueryRowContext(ctx, `SELECT contact_id, account_id, email, password_hash FROM portal_users WHERE email = $1 AND disabled = 0`,
		crm.NormalizeEmail(email)).Scan(&c.ContactID, &c.AccountID, &c.Email, &hash)
	if err == nil {
		c, err = s.currentContact(ctx, c)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return crm.PortalContact{}, "", crm.Errorf(crm.ENOTFOUND, "no such portal user")
	}
	if err != nil {
		return crm.PortalContact{}, "", fmt.Errorf("store: portal login: %w", err)
	}
	return c, hash, nil
}

// currentContact checks that c's contact is active at c's account and
// fills in the names; sql.ErrNoRows when it is not.
func (s *Store) currentContact(ctx context.Context, c crm.PortalContact) (crm.PortalContact, error) {
	var accountID int64
	if err := s.db.QueryRowContext(ctx, portalContactSQL, c.ContactID).Scan(&c.ContactID, &accountID, &c.Name, &c.AccountName); err != nil {
		return c, err
	}
	if accountID != c.AccountID {
		return c, sql.ErrNoRows
	}
	return c, nil
}

// CreatePortalSession stores a portal session of contact id under the hash
// of its token, and language (the page's, when not "") as the language
// of their mail; it is called right after the password check.
func (s *Store) CreatePortalSession(ctx context.Context, contactID int64, tokenHash string, expires time.Time, language string) error {
	now := time.Now()
	if _, err := s.wdb.ExecContext(ctx, `INSERT INTO portal_sessions (token_hash, contact_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		tokenHash, contactID, now.Unix(), expires.Unix()); err != nil {
		return fmt.Errorf("store: create portal session: %w", err)
	}
	if language != "" {
		if _, err := s.wdb.ExecContext(ctx, `UPDATE portal_users SET language = $1 WHERE contact_id = $2 AND language <> $1`, language, contactID); err != nil {
			return fmt.Errorf("store: create portal session: %w", err)
		}
	}
	if _, err := s.wdb.ExecContext(ctx, `DELETE FROM portal_sessions WHERE expires_at < $1`, now.Unix()); err != nil {
		return fmt.Errorf("store: sweep portal sessions: %w", err)
	}
	return nil
}

// SetPortalLanguage keeps language (en, de) as the language of the portal
// contact in ctx, for the mail they get; for anyone else it does nothing.
func (s *Store) SetPortalLanguage(ctx context.Context, language string) error {
	a, ok := crm.ActorFrom(ctx)
	if !ok || a.ContactID == 0 {
		return nil
	}
	if _, err := s.wdb.ExecContext(ctx, `UPDATE portal_users SET language = $1 WHERE contact_id = $2`, language, a.ContactID); err != nil {
		return fmt.Errorf("store: portal language: %w", err)
	}
	return nil
}

// PortalSessionContact returns the contact of the unexpired portal session
// with tokenHash, as it is now; EUNAUTHORIZED when the session has ended,
// the portal user is disabled or the contact is no longer active at its
// account.
func (s *Store) PortalSessionContact(ctx context.Context, tokenHash string) (crm.PortalContact, error) {
	var c crm.PortalContact
	err := s.db.QueryRowContext(ctx, `SELECT u.contact_id, u.account_id, u.email FROM portal_sessions ps
		JOIN portal_users u ON u.contact_id = ps.contact_id
		WHERE ps.token_hash = $1 AND ps.expires_at > $2 AND u.disabled = 0`, tokenHash, time.Now().Unix()).Scan(&c.ContactID, &c.AccountID, &c.Email)
	if err == nil {
		c, err = s.currentContact(ctx, c)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return crm.PortalContact{}, crm.Errorf(crm.EUNAUTHORIZED, "the session has ended; sign in again")
	}
	if err != nil {
		return crm.PortalContact{}, fmt.Errorf("store: portal session: %w", err)
	}
	return c, nil
}

// DeletePortalSession ends the portal session with tokenHash (sign-out).
func (s *Store) DeletePortalSession(ctx context.Context, tokenHash string) error {
	if _, err := s.wdb.ExecContext(ctx, `DELETE FROM portal_sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("store: delete portal session: %w", err)
	}
	return nil
}

// PortalMembers returns the contacts (by id) who are portal users, of the
// accounts in the scope of the actor in ctx. Staff and up.
func (s *Store) PortalMembers(ctx context.Context) (map[int64]bool, error) {
	a, err := crm.Require(ctx, crm.RoleStaff)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(a.Scope, "account_id", 1)
	rows, err := s.db.QueryContext(ctx, `SELECT contact_id FROM portal_users WHERE disabled = 0 AND `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("store: portal members: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: portal members: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// PortalUsers lists the contacts with a portal login, of the accounts in
// the scope of the actor in ctx, by account and e-mail. Viewers and up;
// not portal contacts.
func (s *Store) PortalUsers(ctx context.Context) ([]crm.PortalContact, error) {
	a, err := crm.Require(ctx, crm.RoleViewer)
	if err != nil {
		return nil, err
	}
	if a.ContactID != 0 {
		return nil, crm.Errorf(crm.EFORBIDDEN, "the list of portal users is for staff")
	}
	cond, args := s.scopeSQL(a.Scope, "u.account_id", 1)
	rows, err := s.db.QueryContext(ctx, `SELECT u.contact_id, u.account_id, u.email, c.name, acc.name FROM portal_users u
		JOIN contacts c ON c.id = u.contact_id AND c.account_id = u.account_id AND c.status = 'active'
		JOIN accounts acc ON acc.id = u.account_id
		WHERE u.disabled = 0 AND `+cond+` ORDER BY acc.name, u.email`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: portal users: %w", err)
	}
	defer rows.Close()
	out := []crm.PortalContact{}
	for rows.Next() {
		var c crm.PortalContact
		if err := rows.Scan(&c.ContactID, &c.AccountID, &c.Email, &c.Name, &c.AccountName); err != nil {
			return nil, fmt.Errorf("store: portal users: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
