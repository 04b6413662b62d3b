package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// ContactQuery selects contacts. Empty fields do not filter.
type ContactQuery struct {
	AccountID int64
	Status    string
	Email     string // a contact with this email (normalised)
	Limit     int    // default DefaultPageSize, at most MaxPageSize
	Offset    int
}

const contactColumns = `c.id, c.account_id, c.source, c.external_id, c.name, c.title, c.status, c.last_verified_at`

func scanContact(sc interface{ Scan(...any) error }, c *crm.Contact) error {
	return sc.Scan(&c.ID, &c.AccountID, &c.Source, &c.ExternalID, &c.Name, &c.Title, &c.Status, dbDate{&c.LastVerifiedAt})
}

// ListContacts lists the contacts matching f by id, with their identities, and
// their number, of those at accounts in the scope of the actor in ctx.
// Viewers and up.
func (s *Store) ListContacts(ctx context.Context, f ContactQuery) ([]crm.Contact, int, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := page(f.Limit, f.Offset)
	email := ""
	if f.Email != "" {
		if email = crm.NormalizeEmail(f.Email); email == "" {
			return nil, 0, crm.Errorf(crm.EINVALID, "email: not an email address: %q", f.Email)
		}
	}
	var w where
	w.scope(s, sc, "c.account_id")
	if f.AccountID != 0 {
		w.add("c.account_id = ?", f.AccountID)
	}
	if f.Status != "" {
		w.add("c.status = ?", f.Status)
	}
	if email != "" {
		w.add("c.id IN (SELECT contact_id FROM contact_identities WHERE kind = 'email' AND value = ?)", email)
	}
	var out []crm.Contact
	total, err := s.listPage(ctx, "contacts c", contactColumns, w, "c.id", limit, offset, func(rows *sql.Rows) error {
		var c crm.Contact
		if err := scanContact(rows, &c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err == nil {
		err = s.identities(ctx, s.db, out)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("store: contacts: %w", err)
	}
	return out, total, nil
}

// identities fills in the identities of cs, ordered by kind and value.
func (s *Store) identities(ctx context.Context, q querier, cs []crm.Contact) error {
	if len(cs) == 0 {
		return nil
	}
	at := make(map[int64]int, len(cs))
	args := make([]any, len(cs))
	for i, c := range cs {
		at[c.ID] = i
		args[i] = c.ID
		cs[i].Identities = nil
	}
	rows, err := q.QueryContext(ctx, `SELECT contact_id, kind, value FROM contact_identities WHERE contact_id IN (`+
		placeholders(1, len(args))+`) ORDER BY contact_id, kind, value`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var i crm.Identity
		if err := rows.Scan(&id, &i.Kind, &i.Value); err != nil {
			return err
		}
		c := &cs[at[id]]
		c.Identities = append(c.Identities, i)
	}
	return rows.Err()
}

// contactIn returns contact id with its identities if sc allows its
// account; ENOTFOUND otherwise.
func (s *Store) contactIn(ctx context.Context, q querier, sc crm.Scope, id int64) (crm.Contact, error) {
	var c crm.Contact
	cond, args := s.scopeSQL(sc, "c.account_id", 2)
	err := scanContact(q.QueryRowContext(ctx, `SELECT `+contactColumns+` FROM contacts c WHERE c.id = $1 AND `+cond, append([]any{id}, args...)...), &c)
	if errors.Is(err, sql.ErrNoRows) {
		return c, crm.Errorf(crm.ENOTFOUND, "contact %d not found", id)
	}
	if err != nil {
		return c, err
	}
	cs := []crm.Contact{c}
	err = s.identities(ctx, q, cs)
	return cs[0], err
}

// Contact returns one contact with its identities; ENOTFOUND if there is
// none or its account is out of the scope of the actor in ctx. Viewers and
// up.
func (s *Store) Contact(ctx context.Context, id int64) (crm.Contact, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return crm.Contact{}, err
	}
	c, err := s.contactIn(ctx, s.db, sc, id)
	if err != nil && crm.ErrorCode(err) == crm.EINTERNAL {
		err = fmt.Errorf("store: contact %d: %w", id, err)
	}
	return c, err
}

// cleanContact trims and checks a contact for writing and normalises its
// identities (dropping repeats).
func cleanContact(c *crm.Contact) error {
	for _, p := range []*string{&c.ExternalID, &c.Name, &c.Title, &c.Status} {
		*p = strings.TrimSpace(*p)
	}
	c.Status = strings.ToLower(c.Status)
	if c.Status == "" {
		c.Status = crm.ContactActive
	}
	if c.Status != crm.ContactActive && c.Status != crm.ContactLeft {
		return crm.Errorf(crm.EINVALID, "status: %q is not one of active, left", c.Status)
	}
	if c.AccountID <= 0 {
		return crm.Errorf(crm.EINVALID, "account_id: required")
	}
	ids := make([]crm.Identity, 0, len(c.Identities))
	for i, idn := range c.Identities {
		kind := strings.ToLower(strings.TrimSpace(idn.Kind))
		v, err := crm.NormalizeIdentity(kind, idn.Value)
		if err != nil {
			return crm.Errorf(crm.EINVALID, "identities[%d].%s", i, err.Error())
		}
		n := crm.Identity{Kind: kind, Value: v}
		if !slices.Contains(ids, n) {
			ids = append(ids, n)
		}
	}
	slices.SortFunc(ids, func(a, b crm.Identity) int { return strings.Compare(a.Kind+"\x00"+a.Value, b.Kind+"\x00"+b.Value) })
	c.Identities = ids
	if c.Name == "" && len(ids) == 0 {
		return crm.Errorf(crm.EINVALID, "name: required when the contact has no identities")
	}
	return c.Check()
}

// writeContactKeys checks that no other contact has the external id or one
// of the identities of c (contacts are one person per email, as the
// importer keeps them), then replaces its stored identities.
func (s *Store) writeContactKeys(ctx context.Context, tx *sql.Tx, c *crm.Contact) error {
	keys := []string{keyOf("contact", c.Source, c.ExternalID)}
	for _, idn := range c.Identities {
		keys = append(keys, keyOf("identity", idn.Kind, idn.Value))
	}
	if err := s.lockKeys(ctx, tx, keys...); err != nil {
		return err
	}
	if c.ExternalID != "" {
		var other int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM contacts WHERE source = $1 AND external_id = $2 AND id <> $3`, c.Source, c.ExternalID, c.ID).Scan(&other)
		if err == nil {
			return crm.Errorf(crm.ECONFLICT, "external_id: contact %d has it already", other)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	for _, idn := range c.Identities {
		var other int64
		err := tx.QueryRowContext(ctx, `SELECT contact_id FROM contact_identities WHERE kind = $1 AND value = $2 AND contact_id <> $3`,
			idn.Kind, idn.Value, c.ID).Scan(&other)
		if err == nil {
			return crm.Errorf(crm.ECONFLICT, "identities: %s %s belongs to contact %d already", idn.Kind, idn.Value, other)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM contact_identities WHERE contact_id = $1`, c.ID); err != nil {
		return err
	}
	for _, idn := range c.Identities {
		if _, err := tx.ExecContext(ctx, `INSERT INTO contact_identities (contact_id, account_id, kind, value) VALUES ($1, $2, $3, $4)`,
			c.ID, c.AccountID, idn.Kind, idn.Value); err != nil {
			return err
		}
	}
	return nil
}

// CreateContact adds a contact with its identities under source "web".
// Staff and admins; EINVALID for a missing or unknown account, a bad status
// or identity, ECONFLICT when another contact has one of its identities
// (for example the same email) or its external id.
func (s *Store) CreateContact(ctx context.Context, c crm.Contact) (crm.Contact, error) {
	c.ID, c.Source = 0, WebSource
	if err := cleanContact(&c); err != nil {
		return c, err
	}
	err := s.write(ctx, crm.RoleStaff, "create contact", func(tx *sql.Tx, a crm.Actor) error {
		if err := s.accountVisible(ctx, tx, a.Scope, c.AccountID, "account_id"); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO contacts (account_id, source, external_id, name, title, status, last_verified_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			c.AccountID, c.Source, c.ExternalID, c.Name, c.Title, c.Status, s.date(c.LastVerifiedAt)).Scan(&c.ID)
		if err != nil {
			return err
		}
		if err := s.writeContactKeys(ctx, tx, &c); err != nil {
			return err
		}
		return audit(ctx, tx, a, "create", "contact", c.ID, nil, c)
	})
	return c, err
}

// UpdateContact changes contact id: edit gets the stored contact with its
// identities and changes it; a changed identity list replaces the stored
// one. Staff and admins; ENOTFOUND for an unknown contact, otherwise as
// CreateContact.
func (s *Store) UpdateContact(ctx context.Context, id int64, edit func(*crm.Contact) error) (crm.Contact, error) {
	var after crm.Contact
	err := s.write(ctx, crm.RoleStaff, "update contact", func(tx *sql.Tx, a crm.Actor) error {
		before, err := s.contactIn(ctx, tx, a.Scope, id)
		if err != nil {
			return err
		}
		after = before
		after.Identities = slices.Clone(before.Identities)
		if err := edit(&after); err != nil {
			return err
		}
		after.ID, after.Source = before.ID, before.Source
		if err := cleanContact(&after); err != nil {
			return err
		}
		if reflect.DeepEqual(after, before) {
			return nil
		}
		if err := s.accountVisible(ctx, tx, a.Scope, after.AccountID, "account_id"); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE contacts SET account_id = $1, external_id = $2, name = $3, title = $4, status = $5, last_verified_at = $6
			WHERE id = $7`, after.AccountID, after.ExternalID, after.Name, after.Title, after.Status, s.date(after.LastVerifiedAt), id)
		if err != nil {
			return err
		}
		if err := s.writeContactKeys(ctx, tx, &after); err != nil {
			return err
		}
		return audit(ctx, tx, a, "update", "contact", id, before, after)
	})
	return after, err
}

// DeleteContact deletes contact id and its identities; its touchpoints stay
// on the account without a contact. Staff and admins; ENOTFOUND for an
// unknown contact.
func (s *Store) DeleteContact(ctx context.Context, id int64) error {
	return s.write(ctx, crm.RoleStaff, "delete contact", func(tx *sql.Tx, a crm.Actor) error {
		before, err := s.contactIn(ctx, tx, a.Scope, id)
		if err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM contact_identities WHERE contact_id = $1`,
			`UPDATE touchpoints SET contact_id = NULL WHERE contact_id = $1`,
			`UPDATE mentions SET contact_id = NULL WHERE contact_id = $1`,
			`DELETE FROM contacts WHERE id = $1`,
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, "delete", "contact", id, before, nil)
	})
}
