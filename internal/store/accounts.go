package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/vitalfew/vitalfew/internal/crm"
)

const accountSelect = `SELECT id, source, external_id, name, domain, segment, industry, size_class, region, owner,
	acquired_at, acquisition_source, COALESCE(referred_by_id, 0), status FROM accounts`

func scanAccount(sc interface{ Scan(...any) error }, a *crm.Account) error {
	return sc.Scan(&a.ID, &a.Source, &a.ExternalID, &a.Name, &a.Domain, &a.Segment, &a.Industry, &a.SizeClass,
		&a.Region, &a.Owner, dbDate{&a.AcquiredAt}, &a.AcquisitionSource, &a.ReferredByID, &a.Status)
}

// Account returns one account; crm.ENOTFOUND if there is none or it is out
// of the scope of the actor in ctx.
func (s *Store) Account(ctx context.Context, id int64) (*crm.Account, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	a, err := s.accountIn(ctx, s.db, sc, id)
	if err != nil {
		if crm.ErrorCode(err) == crm.EINTERNAL {
			err = fmt.Errorf("store: account %d: %w", id, err)
		}
		return nil, err
	}
	return &a, nil
}

// accountIn returns account id if sc allows it; ENOTFOUND otherwise.
func (s *Store) accountIn(ctx context.Context, q querier, sc crm.Scope, id int64) (crm.Account, error) {
	var a crm.Account
	cond, args := s.scopeSQL(sc, "id", 2)
	err := scanAccount(q.QueryRowContext(ctx, accountSelect+` WHERE id = $1 AND `+cond, append([]any{id}, args...)...), &a)
	if errors.Is(err, sql.ErrNoRows) {
		return a, crm.Errorf(crm.ENOTFOUND, "account %d not found", id)
	}
	return a, err
}

// accountsByID returns the accounts with the given ids that sc allows.
func (s *Store) accountsByID(ctx context.Context, q querier, sc crm.Scope, ids []int64) (map[int64]*crm.Account, error) {
	out := make(map[int64]*crm.Account, len(ids))
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = strconv.FormatInt(id, 10)
	}
	err := inChunks(keys, func(part []string) error {
		args := make([]any, len(part))
		for i, k := range part {
			args[i], _ = strconv.ParseInt(k, 10, 64)
		}
		cond, sargs := s.scopeSQL(sc, "id", len(args)+1)
		rows, err := q.QueryContext(ctx, accountSelect+` WHERE id IN (`+placeholders(1, len(part))+`) AND `+cond, append(args, sargs...)...)
		if err != nil {
			return fmt.Errorf("store: load accounts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			a := new(crm.Account)
			if err := scanAccount(rows, a); err != nil {
				return fmt.Errorf("store: load accounts: %w", err)
			}
			out[a.ID] = a
		}
		return rows.Err()
	})
	return out, err
}

// ImportAccounts writes accounts in one transaction. A row matches a stored
// account by external id, then domain (not free-mail), then normalised name;
// a match is updated with the row's non-empty fields. Referrals name another
// account the same way (created unless opt.Strict).
func (s *Store) ImportAccounts(ctx context.Context, recs []crm.AccountRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	actor, err := requireImporter(ctx)
	if err != nil {
		return crm.ImportSummary{}, err
	}
	source := importSource(opt)
	var sum crm.ImportSummary
	recs, err = checked(recs, opt, &sum, func(r *crm.AccountRecord) (int, error) {
		return r.Line, firstErr(r.Account.Check(), r.ReferredBy.Check("referred_by"), crm.Check(crm.Name("email", r.Email)))
	})
	if err != nil {
		return sum, err
	}
	err = s.inTx(ctx, actor, "accounts", opt, &sum, func(c *sql.Conn) error {
		res := newResolver(s, c, source)
		refs := make([]crm.AccountRef, 0, 2*len(recs))
		for i := range recs {
			refs = append(refs, accountRef(&recs[i]), recs[i].ReferredBy)
		}
		if err := res.load(ctx, refs); err != nil {
			return err
		}
		var rejects crm.RowErrors
		createdAt := map[int64]int{} // id -> index in res.created
		matched := map[int64]*crm.Account{}
		var matchedIDs []int64
		ids := make([]int64, len(recs))
		for i := range recs {
			r := &recs[i]
			a := r.Account
			if a.Domain == "" {
				if d := crm.EmailDomain(r.Email); d != "" && !crm.IsFreeMail(d) {
					a.Domain = d
				}
			} else {
				a.Domain = crm.NormalizeDomain(a.Domain)
			}
			if a.Name == "" {
				rejects = append(rejects, crm.RowError{Line: r.Line, Field: "name", Reason: "missing"})
				continue
			}
			if id := res.find(accountRef(r)); id != 0 {
				ids[i] = id
				if k, ok := createdAt[id]; ok {
					merge(&res.created[k], &a)
				} else if _, ok := matched[id]; !ok {
					matched[id] = &a
					matchedIDs = append(matchedIDs, id)
				} else {
					merge(matched[id], &a)
				}
				continue
			}
			a.Source = source
			id, err := res.create(ctx, a)
			if err != nil {
				return err
			}
			createdAt[id] = len(res.created) - 1
			ids[i] = id
		}
		// Referrals, once every account of the file is known.
		for i := range recs {
			r := &recs[i]
			if ids[i] == 0 || r.ReferredBy.IsZero() {
				continue
			}
			ref, rowErr, err := res.resolve(ctx, r.ReferredBy, opt.Strict, r.Line)
			if err != nil {
				return err
			}
			if rowErr != nil {
				rowErr.Field = "referred_by"
				rejects = append(rejects, *rowErr)
				continue
			}
			if ref == ids[i] {
				continue
			}
			if k, ok := createdAt[ids[i]]; ok {
				res.created[k].ReferredByID = ref
			} else {
				matched[ids[i]].ReferredByID = ref
			}
		}
		if err := finish(&sum, rejects, opt); err != nil {
			return err
		}
		sum.Inserted = len(createdAt)
		sum.AccountsCreated = len(res.created) - len(createdAt)
		// Referred accounts created on the fly must exist before the
		// accounts that point at them: write in id order (creation order).
		if err := res.flush(ctx); err != nil {
			return err
		}
		stored, err := s.accountsByID(ctx, c, actor.Scope, matchedIDs)
		if err != nil {
			return err
		}
		for _, id := range matchedIDs {
			old := stored[id]
			upd := *old
			merge(&upd, matched[id])
			if upd == *old {
				sum.Unchanged++
				continue
			}
			_, err := c.ExecContext(ctx, `UPDATE accounts SET external_id = $1, name = $2, name_key = $3, domain = $4, segment = $5,
				industry = $6, size_class = $7, region = $8, owner = $9, acquired_at = $10, acquisition_source = $11,
				referred_by_id = $12, status = $13 WHERE id = $14`,
				upd.ExternalID, upd.Name, crm.NormalizeName(upd.Name), upd.Domain, upd.Segment, upd.Industry, upd.SizeClass,
				upd.Region, upd.Owner, s.date(upd.AcquiredAt), upd.AcquisitionSource, nullID(upd.ReferredByID), upd.Status, id)
			if err != nil {
				return fmt.Errorf("store: update account %d: %w", id, err)
			}
			sum.Updated++
		}
		return nil
	})
	return sum, err
}

func accountRef(r *crm.AccountRecord) crm.AccountRef {
	email := r.Email
	if r.Account.Domain != "" {
		email = "info@" + crm.NormalizeDomain(r.Account.Domain)
	}
	return crm.AccountRef{ExternalID: r.Account.ExternalID, Name: r.Account.Name, Email: email}
}

// merge copies the non-empty fields of src onto dst.
func merge(dst, src *crm.Account) {
	set := func(d *string, v string) {
		if v != "" {
			*d = v
		}
	}
	set(&dst.ExternalID, src.ExternalID)
	set(&dst.Name, src.Name)
	set(&dst.Domain, src.Domain)
	set(&dst.Segment, src.Segment)
	set(&dst.Industry, src.Industry)
	set(&dst.SizeClass, src.SizeClass)
	set(&dst.Region, src.Region)
	set(&dst.Owner, src.Owner)
	set(&dst.AcquisitionSource, src.AcquisitionSource)
	set(&dst.Status, src.Status)
	if !src.AcquiredAt.IsZero() {
		dst.AcquiredAt = src.AcquiredAt
	}
	if src.ReferredByID != 0 {
		dst.ReferredByID = src.ReferredByID
	}
}
