package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

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

// AccountContacts returns the contacts of account id with their identities,
// active ones first, then by name; none for an account out of the scope of
// the actor in ctx.
func (s *Store) AccountContacts(ctx context.Context, id int64) ([]crm.Contact, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "c.account_id", 2)
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.account_id, c.source, c.external_id, c.name, c.title, c.status, c.last_verified_at,
		COALESCE(i.kind, ''), COALESCE(i.value, '')
		FROM contacts c LEFT JOIN contact_identities i ON i.contact_id = c.id AND i.account_id = c.account_id
		WHERE c.account_id = $1 AND `+cond+` ORDER BY c.status = 'active' DESC, c.name, c.id, i.kind, i.value`, append([]any{id}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: contacts of account %d: %w", id, err)
	}
	defer rows.Close()
	var out []crm.Contact
	for rows.Next() {
		var c crm.Contact
		var kind, value string
		if err := rows.Scan(&c.ID, &c.AccountID, &c.Source, &c.ExternalID, &c.Name, &c.Title, &c.Status, dbDate{&c.LastVerifiedAt}, &kind, &value); err != nil {
			return nil, fmt.Errorf("store: contacts of account %d: %w", id, err)
		}
		if n := len(out); n == 0 || out[n-1].ID != c.ID {
			out = append(out, c)
		}
		if kind != "" {
			last := &out[len(out)-1]
			last.Identities = append(last.Identities, crm.Identity{Kind: kind, Value: value})
		}
	}
	return out, rows.Err()
}

// ContactRow is a contact with its account and first email and phone.
type ContactRow struct {
	ID             int64
	AccountID      int64
	AccountName    string
	Name           string
	Title          string
	Email          string
	Phone          string
	Status         string
	LastVerifiedAt time.Time
}

// ContactFilter selects contacts. Zero fields do not filter.
type ContactFilter struct {
	AccountIDs     []int64   // only these accounts
	ActiveOnly     bool      // contacts still at the company
	VerifiedBefore time.Time // last verified before this date, or never
}

// Contacts lists contacts matching f at accounts in the scope of the actor
// in ctx, ordered by account and name.
func (s *Store) Contacts(ctx context.Context, f ContactFilter) ([]ContactRow, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	where, args := s.scopeSQL(sc, "c.account_id", 1)
	if f.ActiveOnly {
		where += " AND c.status = 'active'"
	}
	if !f.VerifiedBefore.IsZero() {
		args = append(args, s.date(f.VerifiedBefore))
		where += fmt.Sprintf(" AND (c.last_verified_at IS NULL OR c.last_verified_at < $%d)", len(args))
	}
	if f.AccountIDs != nil {
		// One parameter, a JSON array, however many accounts: no
		// parameter limit to mind, and one statement to plan.
		b, err := json.Marshal(f.AccountIDs)
		if err != nil {
			return nil, err
		}
		args = append(args, string(b))
		where += " AND " + s.idsIn("c.account_id", len(args))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.account_id, a.name, c.name, c.title, c.status, c.last_verified_at,
		COALESCE(e.value, ''), COALESCE(p.value, '')
		FROM contacts c JOIN accounts a ON a.id = c.account_id
		LEFT JOIN (SELECT account_id, contact_id, MIN(value) AS value FROM contact_identities WHERE kind = 'email' GROUP BY account_id, contact_id) e
			ON e.contact_id = c.id AND e.account_id = c.account_id
		LEFT JOIN (SELECT account_id, contact_id, MIN(value) AS value FROM contact_identities WHERE kind = 'phone' GROUP BY account_id, contact_id) p
			ON p.contact_id = c.id AND p.account_id = c.account_id
		WHERE `+where+` ORDER BY a.name, a.id, c.name, c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: contacts: %w", err)
	}
	defer rows.Close()
	var out []ContactRow
	for rows.Next() {
		var c ContactRow
		if err := rows.Scan(&c.ID, &c.AccountID, &c.AccountName, &c.Name, &c.Title, &c.Status, dbDate{&c.LastVerifiedAt}, &c.Email, &c.Phone); err != nil {
			return nil, fmt.Errorf("store: contacts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

type contactKey struct{ id, accountID int64 }

// contactsByEmail maps normalised emails to the contacts that have them.
func (s *Store) contactsByEmail(ctx context.Context, q querier, emails []string) (map[string]contactKey, error) {
	out := map[string]contactKey{}
	err := inChunks(emails, func(part []string) error {
		rows, err := q.QueryContext(ctx, `SELECT value, contact_id, account_id FROM contact_identities WHERE kind = 'email' AND value IN (`+
			placeholders(1, len(part))+`)`, stringArgs(nil, part)...)
		if err != nil {
			return fmt.Errorf("store: contacts by email: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var e string
			var k contactKey
			if err := rows.Scan(&e, &k.id, &k.accountID); err != nil {
				return err
			}
			out[e] = k
		}
		return rows.Err()
	})
	return out, err
}

// contactOf returns the account of a contact, for hand matches; ENOTFOUND
// when there is no such contact or sc does not allow its account.
func (s *Store) contactOf(ctx context.Context, tx *sql.Tx, sc crm.Scope, contactID int64) (int64, error) {
	var account int64
	cond, args := s.scopeSQL(sc, "account_id", 2)
	err := tx.QueryRowContext(ctx, `SELECT account_id FROM contacts WHERE id = $1 AND `+cond, append([]any{contactID}, args...)...).Scan(&account)
	if err == sql.ErrNoRows {
		return 0, crm.Errorf(crm.ENOTFOUND, "contact %d not found", contactID)
	}
	return account, err
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
			// A person's survey invitations and answers (their words, their
			// e-mail address) go with them.
			`DELETE FROM survey_responses WHERE contact_id = $1`,
			`DELETE FROM survey_invitations WHERE contact_id = $1`,
			// Their referral code goes with them; accounts they referred
			// keep the referral.
			`DELETE FROM referral_codes WHERE contact_id = $1`,
			`DELETE FROM contacts WHERE id = $1`,
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, "delete", "contact", id, before, nil)
	})
}

// ImportContacts writes contacts in one transaction. A row is the same
// person as a stored contact with one of its emails (or the same external
// id); identities (emails, phones, handles) are added, never removed.
func (s *Store) ImportContacts(ctx context.Context, recs []crm.ContactRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	source := importSource(opt)
	return importRows(ctx, s, recs, opt, importSteps[crm.ContactRecord]{
		kind: "contacts",
		check: func(r *crm.ContactRecord) (int, error) {
			return r.Line, firstErr(r.Account.Check("customer"), r.Contact.Check())
		},
		write: func(c *sql.Conn, _ crm.Actor, recs []crm.ContactRecord, sum *crm.ImportSummary) error {
			res := newResolver(s, c, source)
			refs := make([]crm.AccountRef, len(recs))
			var emails, exts []string
			for i := range recs {
				refs[i] = recs[i].Account
				for _, id := range recs[i].Contact.Identities {
					if id.Kind == crm.IdentityEmail {
						emails = append(emails, id.Value)
					}
				}
				if e := recs[i].Contact.ExternalID; e != "" {
					exts = append(exts, e)
				}
			}
			if err := res.load(ctx, refs); err != nil {
				return err
			}
			byEmail, err := s.contactsByEmail(ctx, c, emails)
			if err != nil {
				return err
			}
			stored := map[int64]*crm.Contact{}
			byExt := map[string]int64{}
			err = s.loadByKeys(ctx, c, "contacts", source, exts,
				`SELECT id, external_id FROM contacts WHERE source = $1`, func(rows *sql.Rows) error {
					var id int64
					var ext string
					if err := rows.Scan(&id, &ext); err != nil {
						return err
					}
					byExt[ext] = id
					return nil
				})
			if err != nil {
				return err
			}
			var rejects crm.RowErrors
			var fresh []crm.Contact
			freshAt := map[int64]int{}
			touched := map[int64]*crm.Contact{}
			var touchedIDs []int64
			var ids idBlock
			for i := range recs {
				r := &recs[i]
				accountID, rowErr, err := res.resolve(ctx, r.Account, opt.Strict, r.Line)
				if err != nil {
					return err
				}
				if rowErr != nil {
					rejects = append(rejects, *rowErr)
					continue
				}
				ct := r.Contact
				ct.AccountID, ct.Source = accountID, source
				if ct.Status == "" {
					ct.Status = crm.ContactActive
				}
				id := byExt[ct.ExternalID]
				if ct.ExternalID == "" {
					id = 0
				}
				for _, idn := range ct.Identities {
					if k, ok := byEmail[idn.Value]; ok && idn.Kind == crm.IdentityEmail {
						id = k.id
						break
					}
				}
				if id == 0 {
					if id, err = ids.take(ctx, s, c, "contacts"); err != nil {
						return err
					}
					ct.ID = id
					freshAt[id] = len(fresh)
					fresh = append(fresh, ct)
				} else if k, ok := freshAt[id]; ok {
					mergeContact(&fresh[k], &ct)
				} else if t, ok := touched[id]; ok {
					mergeContact(t, &ct)
				} else {
					ct.ID = id
					touched[id] = &ct
					touchedIDs = append(touchedIDs, id)
				}
				for _, idn := range ct.Identities {
					if idn.Kind == crm.IdentityEmail {
						byEmail[idn.Value] = contactKey{id: id, accountID: accountID}
					}
				}
				if ct.ExternalID != "" {
					byExt[ct.ExternalID] = id
				}
			}
			if err := finish(sum, rejects, opt); err != nil {
				return err
			}
			sum.AccountsCreated = len(res.created)
			if err := res.flush(ctx); err != nil {
				return err
			}
			cols := []string{"id", "account_id", "source", "external_id", "name", "title", "status", "last_verified_at"}
			err = s.bulkInsert(ctx, c, "contacts", cols, len(fresh), func(i int, dst []any) {
				ct := &fresh[i]
				dst[0], dst[1], dst[2], dst[3] = ct.ID, ct.AccountID, ct.Source, ct.ExternalID
				dst[4], dst[5], dst[6], dst[7] = ct.Name, ct.Title, ct.Status, s.date(ct.LastVerifiedAt)
			})
			if err != nil {
				return err
			}
			sum.Inserted = len(fresh)
			if err := s.loadContacts(ctx, c, touchedIDs, stored); err != nil {
				return err
			}
			addIdentities := fresh
			for _, id := range touchedIDs {
				old, upd := stored[id], *stored[id]
				mergeContact(&upd, touched[id])
				addIdentities = append(addIdentities, *touched[id])
				if upd.AccountID == old.AccountID && upd.Name == old.Name && upd.Title == old.Title &&
					upd.Status == old.Status && upd.LastVerifiedAt.Equal(old.LastVerifiedAt) && !newIdentity(old, touched[id]) {
					sum.Unchanged++
					continue
				}
				_, err := c.ExecContext(ctx, `UPDATE contacts SET account_id = $1, name = $2, title = $3, status = $4, last_verified_at = $5 WHERE id = $6`,
					upd.AccountID, upd.Name, upd.Title, upd.Status, s.date(upd.LastVerifiedAt), id)
				if err != nil {
					return fmt.Errorf("store: update contact %d: %w", id, err)
				}
				if upd.AccountID != old.AccountID {
					// A contact's identities are on its account.
					if _, err := c.ExecContext(ctx, `UPDATE contact_identities SET account_id = $1 WHERE contact_id = $2`, upd.AccountID, id); err != nil {
						return fmt.Errorf("store: move identities of contact %d: %w", id, err)
					}
				}
				sum.Updated++
			}
			type ident struct {
				contactID, accountID int64
				crm.Identity
			}
			// An identity is one person's: one that a contact has already, or
			// that an earlier row gave another contact, is not added. On
			// PostgreSQL the unique key holds within an account only (Citus,
			// docs/scale.md), so this is the store's to keep.
			owners, err := s.identityOwners(ctx, c, addIdentities)
			if err != nil {
				return err
			}
			var idents []ident
			for _, ct := range addIdentities {
				for _, idn := range ct.Identities {
					if _, taken := owners[idn]; taken {
						continue
					}
					owners[idn] = ct.ID
					idents = append(idents, ident{ct.ID, ct.AccountID, idn})
				}
			}
			err = s.bulkInsertIgnore(ctx, c, "contact_identities", []string{"contact_id", "account_id", "kind", "value"}, len(idents),
				func(i int, dst []any) {
					dst[0], dst[1], dst[2], dst[3] = idents[i].contactID, idents[i].accountID, idents[i].Kind, idents[i].Value
				})
			if err != nil {
				return err
			}
			return nil
		},
	})
}

// identityOwners returns the stored contacts of the identities of cts.
func (s *Store) identityOwners(ctx context.Context, q querier, cts []crm.Contact) (map[crm.Identity]int64, error) {
	byKind := map[string][]string{}
	for _, ct := range cts {
		for _, idn := range ct.Identities {
			byKind[idn.Kind] = append(byKind[idn.Kind], idn.Value)
		}
	}
	out := map[crm.Identity]int64{}
	if n, err := countUpTo(ctx, q, "contact_identities", "", nil, 1); err != nil || n == 0 {
		return out, err
	}
	for kind, values := range byKind {
		err := inChunks(values, func(part []string) error {
			rows, err := q.QueryContext(ctx, `SELECT value, contact_id FROM contact_identities WHERE kind = $1 AND value IN (`+
				placeholders(2, len(part))+`)`, stringArgs([]any{kind}, part)...)
			if err != nil {
				return fmt.Errorf("store: identities: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				var value string
				var id int64
				if err := rows.Scan(&value, &id); err != nil {
					return err
				}
				out[crm.Identity{Kind: kind, Value: value}] = id
			}
			return rows.Err()
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) loadContacts(ctx context.Context, q querier, ids []int64, into map[int64]*crm.Contact) error {
	for _, id := range ids {
		var ct crm.Contact
		err := q.QueryRowContext(ctx, `SELECT id, account_id, source, external_id, name, title, status, last_verified_at FROM contacts WHERE id = $1`, id).
			Scan(&ct.ID, &ct.AccountID, &ct.Source, &ct.ExternalID, &ct.Name, &ct.Title, &ct.Status, dbDate{&ct.LastVerifiedAt})
		if err != nil {
			return fmt.Errorf("store: contact %d: %w", id, err)
		}
		rows, err := q.QueryContext(ctx, `SELECT kind, value FROM contact_identities WHERE contact_id = $1 ORDER BY id`, id)
		if err != nil {
			return fmt.Errorf("store: contact %d identities: %w", id, err)
		}
		for rows.Next() {
			var idn crm.Identity
			if err := rows.Scan(&idn.Kind, &idn.Value); err != nil {
				rows.Close()
				return err
			}
			ct.Identities = append(ct.Identities, idn)
		}
		rows.Close()
		into[id] = &ct
	}
	return nil
}

func newIdentity(old, upd *crm.Contact) bool {
	have := map[crm.Identity]bool{}
	for _, i := range old.Identities {
		have[i] = true
	}
	for _, i := range upd.Identities {
		if !have[i] {
			return true
		}
	}
	return false
}

// mergeContact copies the set fields of src onto dst and unions identities.
func mergeContact(dst, src *crm.Contact) {
	set := func(d *string, v string) {
		if v != "" {
			*d = v
		}
	}
	set(&dst.Name, src.Name)
	set(&dst.Title, src.Title)
	set(&dst.Status, src.Status)
	if src.AccountID != 0 {
		dst.AccountID = src.AccountID
	}
	if !src.LastVerifiedAt.IsZero() {
		dst.LastVerifiedAt = src.LastVerifiedAt
	}
	have := map[crm.Identity]bool{}
	for _, i := range dst.Identities {
		have[i] = true
	}
	for _, i := range src.Identities {
		if !have[i] {
			dst.Identities = append(dst.Identities, i)
		}
	}
}
