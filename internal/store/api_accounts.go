package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// AccountQuery selects accounts. Empty fields do not filter.
type AccountQuery struct {
	// Q matches part of the name (compared as the importer compares
	// names: folded, without legal forms), part of the domain, or the whole
	// external id.
	Q                      string
	Segment, Owner, Status string
	// IDs, when not nil, keeps only these accounts (the API's tier filter,
	// whose tiers come from the analytics).
	IDs    []int64
	Limit  int // default DefaultPageSize, at most MaxPageSize
	Offset int
}

// ListAccounts lists the accounts matching f by id, and their number, of
// those in the scope of the actor in ctx. Viewers and up.
func (s *Store) ListAccounts(ctx context.Context, f AccountQuery) ([]crm.Account, int, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := page(f.Limit, f.Offset)
	var w where
	w.scope(s, sc, "id")
	if q := crm.NewAccountSearch(f.Q); !q.Any() { // the rule of AccountSearch.Matches, in SQL
		domain := "%" + escapeLike(q.Domain) + "%"
		if q.NameKey != "" {
			w.add(`(name_key LIKE ? ESCAPE '\' OR domain LIKE ? ESCAPE '\' OR external_id = ?)`, "%"+escapeLike(q.NameKey)+"%", domain, q.ID)
		} else {
			w.add(`(domain LIKE ? ESCAPE '\' OR external_id = ?)`, domain, q.ID)
		}
	}
	for _, c := range [][2]string{{"segment", f.Segment}, {"owner", f.Owner}, {"status", f.Status}} {
		if c[1] != "" {
			w.add(c[0]+" = ?", c[1])
		}
	}
	if f.IDs != nil {
		b, err := json.Marshal(f.IDs)
		if err != nil {
			return nil, 0, err
		}
		w.args = append(w.args, string(b))
		w.conds = append(w.conds, s.idsIn("id", len(w.args)))
	}
	var out []crm.Account
	total, err := s.listPage(ctx, "accounts", `id, source, external_id, name, domain, segment, industry, size_class, region, owner,
		acquired_at, acquisition_source, COALESCE(referred_by_id, 0), status`, w, "id", limit, offset, func(rows *sql.Rows) error {
		var a crm.Account
		if err := scanAccount(rows, &a); err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: accounts: %w", err)
	}
	return out, total, nil
}

// cleanAccount trims and checks an account for writing.
func cleanAccount(a *crm.Account) error {
	for _, p := range []*string{&a.ExternalID, &a.Name, &a.Segment, &a.Industry, &a.SizeClass, &a.Region, &a.Owner, &a.AcquisitionSource, &a.Status} {
		*p = strings.TrimSpace(*p)
	}
	a.Domain = crm.NormalizeDomain(a.Domain)
	a.Status = strings.ToLower(a.Status)
	if a.Status == "" {
		a.Status = crm.AccountActive
	}
	switch {
	case a.Name == "":
		return crm.Errorf(crm.EINVALID, "name: required")
	case a.Status != crm.AccountActive && a.Status != crm.AccountInactive:
		return crm.Errorf(crm.EINVALID, "status: %q is not one of active, inactive", a.Status)
	case a.ReferredByID < 0:
		return crm.Errorf(crm.EINVALID, "referred_by_id: not an account id")
	case a.ReferredByID != 0 && a.ReferredByID == a.ID:
		return crm.Errorf(crm.EINVALID, "referred_by_id: an account cannot refer itself")
	}
	return a.Check()
}

// checkAccountKeys refuses an external id or domain that another account
// has (the importer finds accounts by them; the conflict says so even of
// an account out of sc, as a key can be had once) and a new referral (not
// oldRef) to an account that does not exist or is out of sc.
func (s *Store) checkAccountKeys(ctx context.Context, tx *sql.Tx, sc crm.Scope, a *crm.Account, oldRef int64) error {
	if err := s.lockKeys(ctx, tx, keyOf("account", a.ExternalID), keyOf("domain", a.Domain)); err != nil {
		return err
	}
	var other int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM accounts WHERE ((external_id = $1 AND $1 <> '') OR (domain = $2 AND $2 <> '')) AND id <> $3 LIMIT 1`,
		a.ExternalID, a.Domain, a.ID).Scan(&other)
	switch {
	case err == nil:
		return crm.Errorf(crm.ECONFLICT, "account %d has this external_id or domain already", other)
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	if a.ReferredByID != 0 && a.ReferredByID != oldRef {
		if err := s.accountVisible(ctx, tx, sc, a.ReferredByID, "referred_by_id"); err != nil {
			return err
		}
	}
	return nil
}

// CreateAccount adds an account under source "web". Staff and admins;
// EINVALID for a missing name or a bad status or referral, ECONFLICT when
// another account has its external id or domain.
func (s *Store) CreateAccount(ctx context.Context, a crm.Account) (crm.Account, error) {
	a.ID, a.Source = 0, WebSource
	if err := cleanAccount(&a); err != nil {
		return a, err
	}
	err := s.write(ctx, crm.RoleStaff, "create account", func(tx *sql.Tx, ac crm.Actor) error {
		if err := s.checkAccountKeys(ctx, tx, ac.Scope, &a, 0); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO accounts (source, external_id, name, name_key, domain, segment, industry, size_class,
			region, owner, acquired_at, acquisition_source, referred_by_id, status)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			a.Source, a.ExternalID, a.Name, crm.NormalizeName(a.Name), a.Domain, a.Segment, a.Industry, a.SizeClass,
			a.Region, a.Owner, s.date(a.AcquiredAt), a.AcquisitionSource, nullID(a.ReferredByID), a.Status).Scan(&a.ID)
		if err != nil {
			return err
		}
		return audit(ctx, tx, ac, "create", "account", a.ID, nil, a)
	})
	return a, err
}

// UpdateAccount changes account id: edit gets the stored account and
// changes it (it may return an EINVALID error); the id and source stay.
// Staff and admins; ENOTFOUND for an unknown account, otherwise as
// CreateAccount.
func (s *Store) UpdateAccount(ctx context.Context, id int64, edit func(*crm.Account) error) (crm.Account, error) {
	var after crm.Account
	err := s.write(ctx, crm.RoleStaff, "update account", func(tx *sql.Tx, ac crm.Actor) error {
		before, err := s.accountIn(ctx, tx, ac.Scope, id)
		if err != nil {
			return err
		}
		after = before
		if err := edit(&after); err != nil {
			return err
		}
		after.ID, after.Source = before.ID, before.Source
		if err := cleanAccount(&after); err != nil {
			return err
		}
		if after == before {
			return nil
		}
		if err := s.checkAccountKeys(ctx, tx, ac.Scope, &after, before.ReferredByID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE accounts SET external_id = $1, name = $2, name_key = $3, domain = $4, segment = $5, industry = $6,
			size_class = $7, region = $8, owner = $9, acquired_at = $10, acquisition_source = $11, referred_by_id = $12, status = $13
			WHERE id = $14`,
			after.ExternalID, after.Name, crm.NormalizeName(after.Name), after.Domain, after.Segment, after.Industry,
			after.SizeClass, after.Region, after.Owner, s.date(after.AcquiredAt), after.AcquisitionSource, nullID(after.ReferredByID), after.Status, id)
		if err != nil {
			return err
		}
		return audit(ctx, tx, ac, "update", "account", id, before, after)
	})
	return after, err
}

// DeleteAccount deletes account id with its contacts, orders (and their
// lines) and touchpoints; accounts it referred keep no referral. Staff and
// admins; ENOTFOUND for an unknown account. The audit entry keeps the
// account and how many records went with it.
func (s *Store) DeleteAccount(ctx context.Context, id int64) error {
	return s.write(ctx, crm.RoleStaff, "delete account", func(tx *sql.Tx, ac crm.Actor) error {
		before, err := s.accountIn(ctx, tx, ac.Scope, id)
		if err != nil {
			return err
		}
		gone := struct {
			crm.Account
			Contacts    int `json:"deleted_contacts"`
			Orders      int `json:"deleted_orders"`
			Touchpoints int `json:"deleted_touchpoints"`
		}{Account: before}
		err = tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM contacts WHERE account_id = $1),
			(SELECT COUNT(*) FROM orders WHERE account_id = $1), (SELECT COUNT(*) FROM touchpoints WHERE account_id = $1)`, id).
			Scan(&gone.Contacts, &gone.Orders, &gone.Touchpoints)
		if err != nil {
			return err
		}
		// The schema cascades too; these say what goes, whatever the
		// connection's foreign key setting. Links from other accounts
		// (referrals, touchpoints with a contact who moved, mentions) are
		// cleared: on PostgreSQL no foreign key does that (docs/scale.md).
		for _, q := range []string{
			`DELETE FROM order_lines WHERE account_id = $1`,
			`DELETE FROM orders WHERE account_id = $1`,
			`DELETE FROM touchpoints WHERE account_id = $1`,
			`UPDATE touchpoints SET contact_id = NULL WHERE contact_id IN (SELECT id FROM contacts WHERE account_id = $1)`,
			`UPDATE mentions SET contact_id = NULL WHERE contact_id IN (SELECT id FROM contacts WHERE account_id = $1)`,
			`UPDATE mentions SET account_id = NULL WHERE account_id = $1`,
			`DELETE FROM contact_identities WHERE account_id = $1`,
			`DELETE FROM contacts WHERE account_id = $1`,
			`UPDATE accounts SET referred_by_id = NULL WHERE referred_by_id = $1`,
			`DELETE FROM accounts WHERE id = $1`,
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return audit(ctx, tx, ac, "delete", "account", id, gone, nil)
	})
}
