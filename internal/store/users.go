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

const userColumns = `id, email, name, role, disabled, created_at, own_accounts_only, owner_name, product_manager`

// userColumnsOf is userColumns of the users table named alias.
func userColumnsOf(alias string) string {
	return alias + "." + strings.ReplaceAll(userColumns, ", ", ", "+alias+".")
}

func scanUser(r interface{ Scan(...any) error }, extra ...any) (crm.User, error) {
	var u crm.User
	var disabled, own, pm int
	var created int64
	err := r.Scan(append([]any{&u.ID, &u.Email, &u.Name, &u.Role, &disabled, &created, &own, &u.OwnerName, &pm}, extra...)...)
	u.Disabled = disabled != 0
	u.OwnAccountsOnly = own != 0
	u.ProductManager = pm != 0
	u.CreatedAt = time.Unix(created, 0).UTC()
	return u, err
}

// CreateUser adds a staff user with an already hashed password. Admins only
// (the command line acts as admin). ECONFLICT when the email is taken,
// EINVALID for a bad email.
func (s *Store) CreateUser(ctx context.Context, email, name string, role crm.Role, passwordHash string) (crm.User, error) {
	email = crm.NormalizeEmail(email)
	if email == "" || !strings.Contains(email, "@") {
		return crm.User{}, crm.Errorf(crm.EINVALID, "email: not an email address")
	}
	if _, err := crm.ParseRole(string(role)); err != nil {
		return crm.User{}, err
	}
	if err := crm.Check(crm.Name("email", email), crm.Name("name", name)); err != nil {
		return crm.User{}, err
	}
	var u crm.User
	err := s.write(ctx, crm.RoleAdmin, "create user", func(tx *sql.Tx, a crm.Actor) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE email = $1`, email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return crm.Errorf(crm.ECONFLICT, "a user with email %s exists already", email)
		}
		row := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, role, password_hash, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING `+userColumns, email, strings.TrimSpace(name), role, passwordHash, time.Now().Unix())
		var err error
		if u, err = scanUser(row); err != nil {
			return err
		}
		return audit(ctx, tx, a, "create", "user", u.ID, nil, u)
	})
	return u, err
}

// Users lists every staff user by email. Admins only.
func (s *Store) Users(ctx context.Context) ([]crm.User, error) {
	if _, err := crm.Require(ctx, crm.RoleAdmin); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	var out []crm.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UserCount counts the staff users (to tell a first-time operator how to
// create one). It needs no actor.
func (s *Store) UserCount(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

// UserForLogin returns the enabled user with email and their password hash,
// for the sign-in check; ENOTFOUND when there is none. It needs no actor.
func (s *Store) UserForLogin(ctx context.Context, email string) (crm.User, string, error) {
	var hash string
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE email = $1 AND disabled = 0`,
		crm.NormalizeEmail(email)), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return crm.User{}, "", crm.Errorf(crm.ENOTFOUND, "no such user")
	}
	if err != nil {
		return crm.User{}, "", fmt.Errorf("store: user for login: %w", err)
	}
	return u, hash, nil
}

// SetUserDisabled disables (or enables again) the user with email. A
// disabled user's sessions end and API tokens are revoked at once; enabling
// them again restores neither. Admins only; ENOTFOUND for an unknown email.
func (s *Store) SetUserDisabled(ctx context.Context, email string, disabled bool) error {
	email = crm.NormalizeEmail(email)
	return s.write(ctx, crm.RoleAdmin, "disable user", func(tx *sql.Tx, a crm.Actor) error {
		before, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
		if errors.Is(err, sql.ErrNoRows) {
			return crm.Errorf(crm.ENOTFOUND, "no user with email %s", email)
		}
		if err != nil {
			return err
		}
		flag := 0
		if disabled {
			flag = 1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = $1 WHERE id = $2`, flag, before.ID); err != nil {
			return err
		}
		if disabled {
			// Their sessions end and their API tokens are revoked for good:
			// enabling the user again revives neither.
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, before.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`,
				time.Now().Unix(), before.ID); err != nil {
				return err
			}
		}
		after := before
		after.Disabled = disabled
		action := "enable"
		if disabled {
			action = "disable"
		}
		return audit(ctx, tx, a, action, "user", before.ID, before, after)
	})
}

// SetOwnAccountsOnly sets whether the user with email sees only the
// accounts they own — those whose owner is their email, their name or
// ownerName (may be empty), the letters A–Z compared without case
// (crm.OwnerKey) — or every account (ownOnly false). It takes effect at the
// user's next request. Admins only; ENOTFOUND for
// an unknown email, EINVALID for an admin (admins see every account: they
// decide who sees what).
func (s *Store) SetOwnAccountsOnly(ctx context.Context, email string, ownOnly bool, ownerName string) (crm.User, error) {
	email = crm.NormalizeEmail(email)
	ownerName = strings.TrimSpace(ownerName)
	if err := crm.Check(crm.Name("owner", ownerName)); err != nil {
		return crm.User{}, err
	}
	var after crm.User
	err := s.write(ctx, crm.RoleAdmin, "set own accounts", func(tx *sql.Tx, a crm.Actor) error {
		before, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
		if errors.Is(err, sql.ErrNoRows) {
			return crm.Errorf(crm.ENOTFOUND, "no user with email %s", email)
		}
		if err != nil {
			return err
		}
		if ownOnly && before.Role == crm.RoleAdmin {
			return crm.Errorf(crm.EINVALID, "%s is an admin: admins see every account", email)
		}
		after = before
		after.OwnAccountsOnly, after.OwnerName = ownOnly, ownerName
		if after == before {
			return nil
		}
		own := 0
		if ownOnly {
			own = 1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET own_accounts_only = $1, owner_name = $2 WHERE id = $3`, own, after.OwnerName, before.ID); err != nil {
			return err
		}
		return audit(ctx, tx, a, "scope", "user", before.ID, before, after)
	})
	return after, err
}

// SetProductManager flags the user with email as a product manager (on)
// or not. Admins only; ENOTFOUND for an unknown email. Audited.
func (s *Store) SetProductManager(ctx context.Context, email string, on bool) (crm.User, error) {
	email = crm.NormalizeEmail(email)
	var after crm.User
	err := s.write(ctx, crm.RoleAdmin, "set product manager", func(tx *sql.Tx, a crm.Actor) error {
		before, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
		if errors.Is(err, sql.ErrNoRows) {
			return crm.Errorf(crm.ENOTFOUND, "no user with email %s", email)
		}
		if err != nil {
			return err
		}
		after = before
		if after.ProductManager = on; after == before {
			return nil
		}
		pm := 0
		if on {
			pm = 1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET product_manager = $1 WHERE id = $2`, pm, before.ID); err != nil {
			return err
		}
		return audit(ctx, tx, a, "update", "user", before.ID, before, after)
	})
	return after, err
}

// ProductManagers returns the names (the e-mail where a user has none) of
// the enabled users flagged as product managers, by name: who a space
// tells its customers answers them. Anyone signed in, portal contacts
// too.
func (s *Store) ProductManagers(ctx context.Context) ([]string, error) {
	if _, err := crm.Require(ctx, crm.RoleViewer); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT CASE WHEN name <> '' THEN name ELSE email END FROM users
		WHERE product_manager <> 0 AND disabled = 0 ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("store: product managers: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("store: product managers: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// SetUserRole gives the user with email role; a user made admin sees
// every account (own accounts only is cleared). It takes effect at the
// user's next request. Admins only; ENOTFOUND for an unknown email,
// EINVALID for an unknown role or the actor's own role (an admin does not
// demote themselves, so that there stays one).
func (s *Store) SetUserRole(ctx context.Context, email string, role crm.Role) (crm.User, error) {
	email = crm.NormalizeEmail(email)
	role, err := crm.ParseRole(string(role))
	if err != nil {
		return crm.User{}, err
	}
	var after crm.User
	err = s.write(ctx, crm.RoleAdmin, "set role", func(tx *sql.Tx, a crm.Actor) error {
		before, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
		if errors.Is(err, sql.ErrNoRows) {
			return crm.Errorf(crm.ENOTFOUND, "no user with email %s", email)
		}
		if err != nil {
			return err
		}
		if before.ID == a.UserID && role != before.Role {
			return crm.Errorf(crm.EINVALID, "you cannot change your own role")
		}
		after = before
		after.Role = role
		if role == crm.RoleAdmin {
			after.OwnAccountsOnly = false
		}
		if after == before {
			return nil
		}
		own := 0
		if after.OwnAccountsOnly {
			own = 1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET role = $1, own_accounts_only = $2 WHERE id = $3`, string(role), own, before.ID); err != nil {
			return err
		}
		return audit(ctx, tx, a, "role", "user", before.ID, before, after)
	})
	return after, err
}

// SetPassword replaces the password hash of the user with email. Admins
// only; ENOTFOUND for an unknown email. The audit log records that it
// changed, never the hash.
func (s *Store) SetPassword(ctx context.Context, email, passwordHash string) error {
	email = crm.NormalizeEmail(email)
	return s.write(ctx, crm.RoleAdmin, "set password", func(tx *sql.Tx, a crm.Actor) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, email).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return crm.Errorf(crm.ENOTFOUND, "no user with email %s", email)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, passwordHash, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
			return err
		}
		return audit(ctx, tx, a, "set password", "user", id, nil, nil)
	})
}

// Users' names for the care queue's assignees: UserNames maps user ids of
// enabled staff and admins to their name (or email).
func (s *Store) UserNames(ctx context.Context) (map[int64]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, email FROM users WHERE disabled = 0 AND role IN ('staff', 'admin') ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: user names: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var name, email string
		if err := rows.Scan(&id, &name, &email); err != nil {
			return nil, err
		}
		out[id] = cmpOr(name, email)
	}
	return out, rows.Err()
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// UserLanguage returns the language the user with id chose for the web
// application ("en", "de"), or "" when they chose none. It needs no actor
// (the web application reads it for the signed-in user).
func (s *Store) UserLanguage(ctx context.Context, id int64) (string, error) {
	var lang string
	err := s.db.QueryRowContext(ctx, `SELECT language FROM users WHERE id = $1`, id).Scan(&lang)
	if errors.Is(err, sql.ErrNoRows) {
		return "", crm.Errorf(crm.ENOTFOUND, "no user %d", id)
	}
	if err != nil {
		return "", fmt.Errorf("store: user language: %w", err)
	}
	return lang, nil
}

// SetUserLanguage saves the language the actor chose for the web
// application (a code such as "de"; "" for none). Any signed-in user sets
// their own; the operator has no user (EINVALID).
func (s *Store) SetUserLanguage(ctx context.Context, lang string) error {
	if len(lang) > 8 {
		return crm.Errorf(crm.EINVALID, "language: %q is not a language code", lang)
	}
	return s.write(ctx, crm.RoleViewer, "set language", func(tx *sql.Tx, a crm.Actor) error {
		if a.UserID == 0 {
			return crm.Errorf(crm.EINVALID, "language: the operator has no user")
		}
		_, err := tx.ExecContext(ctx, `UPDATE users SET language = $1 WHERE id = $2`, lang, a.UserID)
		return err
	})
}
