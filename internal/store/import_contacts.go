package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// ImportContacts writes contacts in one transaction. A row is the same
// person as a stored contact with one of its emails (or the same external
// id); identities (emails, phones, handles) are added, never removed.
func (s *Store) ImportContacts(ctx context.Context, recs []crm.ContactRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	actor, err := requireImporter(ctx)
	if err != nil {
		return crm.ImportSummary{}, err
	}
	source := importSource(opt)
	var sum crm.ImportSummary
	recs, err = checked(recs, opt, &sum, func(r *crm.ContactRecord) (int, error) {
		return r.Line, firstErr(r.Account.Check("customer"), r.Contact.Check())
	})
	if err != nil {
		return sum, err
	}
	err = s.inTx(ctx, actor, "contacts", opt, &sum, func(c *sql.Conn) error {
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
		if err := finish(&sum, rejects, opt); err != nil {
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
	})
	return sum, err
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
