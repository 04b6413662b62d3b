package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// CreateSession stores a session of user id under the hash of its token.
// It is called right after the password check, so it needs no actor.
func (s *Store) CreateSession(ctx context.Context, userID int64, tokenHash string, expires time.Time) error {
	now := time.Now()
	_, err := s.wdb.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		tokenHash, userID, now.Unix(), expires.Unix())
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	// Expired sessions are swept now and then, on sign-in.
	if _, err := s.wdb.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, now.Unix()); err != nil {
		return fmt.Errorf("store: sweep sessions: %w", err)
	}
	return nil
}

// SessionUser returns the enabled user of the unexpired session with
// tokenHash; EUNAUTHORIZED otherwise.
func (s *Store) SessionUser(ctx context.Context, tokenHash string) (crm.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumnsOf("u")+`
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0`, tokenHash, time.Now().Unix()))
	if errors.Is(err, sql.ErrNoRows) {
		return crm.User{}, crm.Errorf(crm.EUNAUTHORIZED, "the session has ended; sign in again")
	}
	if err != nil {
		return crm.User{}, fmt.Errorf("store: session: %w", err)
	}
	return u, nil
}

// DeleteSession ends the session with tokenHash (sign-out).
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.wdb.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// APIToken describes an API token; the secret itself is never stored.
type APIToken struct {
	ID         int64     `json:"id"`
	UserEmail  string    `json:"user_email"`
	Name       string    `json:"name"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	ExpiresAt  time.Time `json:"expires_at,omitzero"` // zero: never
	Revoked    bool      `json:"revoked"`
}

// CreateToken stores an API token for the user with email under the hash of
// its secret, working until expires (the zero time: until revoked). Admins
// only; ENOTFOUND for an unknown or disabled user, EINVALID for an expiry
// in the past.
func (s *Store) CreateToken(ctx context.Context, email, name, tokenHash string, expires time.Time) (APIToken, error) {
	email = crm.NormalizeEmail(email)
	if err := crm.Check(crm.Name("name", name)); err != nil {
		return APIToken{}, err
	}
	if !expires.IsZero() && !expires.After(time.Now()) {
		return APIToken{}, crm.Errorf(crm.EINVALID, "expires: %s is past", expires.UTC().Format(time.RFC3339))
	}
	var t APIToken
	err := s.write(ctx, crm.RoleAdmin, "create token", func(tx *sql.Tx, a crm.Actor) error {
		var uid int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1 AND disabled = 0`, email).Scan(&uid)
		if errors.Is(err, sql.ErrNoRows) {
			return crm.Errorf(crm.ENOTFOUND, "no enabled user with email %s", email)
		}
		if err != nil {
			return err
		}
		now := time.Now().Unix()
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			uid, name, tokenHash, now, nullUnix(expires)).Scan(&t.ID); err != nil {
			return err
		}
		t.UserEmail, t.Name, t.CreatedAt = email, name, time.Unix(now, 0).UTC()
		if !expires.IsZero() {
			t.ExpiresAt = time.Unix(expires.Unix(), 0).UTC()
		}
		return audit(ctx, tx, a, "create", "api_token", t.ID, nil, t)
	})
	return t, err
}

// Tokens lists the API tokens, of one user when email is set. Admins only.
func (s *Store) Tokens(ctx context.Context, email string) ([]APIToken, error) {
	if _, err := crm.Require(ctx, crm.RoleAdmin); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT t.id, u.email, t.name, t.created_at, COALESCE(t.last_used_at, 0), COALESCE(t.expires_at, 0),
		t.revoked_at IS NOT NULL
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE $1 = '' OR u.email = $1 ORDER BY t.id`, crm.NormalizeEmail(email))
	if err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		var created, used, expires int64
		if err := rows.Scan(&t.ID, &t.UserEmail, &t.Name, &created, &used, &expires, &t.Revoked); err != nil {
			return nil, fmt.Errorf("store: tokens: %w", err)
		}
		t.CreatedAt = time.Unix(created, 0).UTC()
		if used > 0 {
			t.LastUsedAt = time.Unix(used, 0).UTC()
		}
		if expires > 0 {
			t.ExpiresAt = time.Unix(expires, 0).UTC()
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken stops the API token id from working. Admins only.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	return s.write(ctx, crm.RoleAdmin, "revoke token", func(tx *sql.Tx, a crm.Actor) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, time.Now().Unix(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return crm.Errorf(crm.ENOTFOUND, "no active API token with id %d", id)
		}
		return audit(ctx, tx, a, "revoke", "api_token", id, nil, nil)
	})
}

// TokenUser returns the enabled user of the unrevoked, unexpired API token
// with tokenHash; EUNAUTHORIZED otherwise. It notes the token's last use,
// at most once a minute so that reads stay reads.
func (s *Store) TokenUser(ctx context.Context, tokenHash string) (crm.User, error) {
	var tid, used int64
	now := time.Now().Unix()
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumnsOf("u")+`, t.id, COALESCE(t.last_used_at, 0)
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.disabled = 0`,
		tokenHash, now), &tid, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return crm.User{}, crm.Errorf(crm.EUNAUTHORIZED, "the API token is unknown, expired or revoked")
	}
	if err != nil {
		return crm.User{}, fmt.Errorf("store: token: %w", err)
	}
	if now-used >= 60 {
		if _, err := s.wdb.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now, tid); err != nil {
			return crm.User{}, fmt.Errorf("store: token: %w", err)
		}
	}
	return u, nil
}
