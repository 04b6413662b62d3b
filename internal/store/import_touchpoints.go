package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// ImportTouchpoints writes timeline entries (tickets, calls, meetings …) in
// one transaction, upserting by source and external id. The account is
// resolved like an order's; a contact email links the contact when known.
func (s *Store) ImportTouchpoints(ctx context.Context, recs []crm.TouchpointRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	actor, err := requireImporter(ctx)
	if err != nil {
		return crm.ImportSummary{}, err
	}
	source := importSource(opt)
	var sum crm.ImportSummary
	recs, err = checked(recs, opt, &sum, func(r *crm.TouchpointRecord) (int, error) {
		return r.Line, firstErr(r.Account.Check("customer"), crm.Check(crm.Name("email", r.ContactEmail)), r.Touchpoint.Check())
	})
	if err != nil {
		return sum, err
	}
	err = s.inTx(ctx, actor, "touchpoints", opt, &sum, func(c *sql.Conn) error {
		res := newResolver(s, c, source)
		refs := make([]crm.AccountRef, len(recs))
		emails := make([]string, 0, len(recs))
		for i := range recs {
			refs[i] = recs[i].Account
			if e := crm.NormalizeEmail(recs[i].ContactEmail); e != "" {
				emails = append(emails, e)
			}
		}
		if err := res.load(ctx, refs); err != nil {
			return err
		}
		contacts, err := s.contactsByEmail(ctx, c, emails)
		if err != nil {
			return err
		}
		var rejects crm.RowErrors
		tps := make([]crm.Touchpoint, 0, len(recs))
		for i := range recs {
			r := &recs[i]
			id, rowErr, err := res.resolve(ctx, r.Account, opt.Strict, r.Line)
			if err != nil {
				return err
			}
			if rowErr != nil {
				rejects = append(rejects, *rowErr)
				continue
			}
			t := r.Touchpoint
			t.AccountID, t.Source = id, source
			if ct, ok := contacts[crm.NormalizeEmail(r.ContactEmail)]; ok && ct.accountID == id {
				t.ContactID = ct.id
			}
			tps = append(tps, t)
		}
		if err := finish(&sum, rejects, opt); err != nil {
			return err
		}
		sum.AccountsCreated = len(res.created)
		if err := res.flush(ctx); err != nil {
			return err
		}
		keys := make([]string, len(tps))
		for i := range tps {
			keys[i] = tps[i].ExternalID
		}
		existing := map[string]crm.Touchpoint{}
		err = s.loadByKeys(ctx, c, "touchpoints", source, keys,
			`SELECT id, external_id, account_id, COALESCE(contact_id, 0), kind, department, occurred_at, effort_minutes, subject FROM touchpoints WHERE source = $1`,
			func(rows *sql.Rows) error {
				var t crm.Touchpoint
				if err := rows.Scan(&t.ID, &t.ExternalID, &t.AccountID, &t.ContactID, &t.Kind, &t.Department, dbDate{&t.OccurredAt}, &t.EffortMinutes, &t.Subject); err != nil {
					return err
				}
				existing[t.ExternalID] = t
				return nil
			})
		if err != nil {
			return err
		}
		var fresh, changed []crm.Touchpoint
		for _, t := range tps {
			old, ok := existing[t.ExternalID]
			switch {
			case !ok:
				fresh = append(fresh, t)
				existing[t.ExternalID] = t // a repeated id in one file updates, not duplicates
			default:
				t.ID = old.ID
				t.Source = source
				old.Source = source
				if t == old {
					sum.Unchanged++
					continue
				}
				changed = append(changed, t)
			}
		}
		cols := []string{"account_id", "contact_id", "source", "external_id", "kind", "department", "occurred_at", "effort_minutes", "subject"}
		err = s.bulkInsert(ctx, c, "touchpoints", cols, len(fresh), func(i int, dst []any) {
			t := &fresh[i]
			dst[0], dst[1], dst[2], dst[3], dst[4] = t.AccountID, nullID(t.ContactID), t.Source, t.ExternalID, t.Kind
			dst[5], dst[6], dst[7], dst[8] = t.Department, s.date(t.OccurredAt), t.EffortMinutes, t.Subject
		})
		if err != nil {
			return err
		}
		sum.Inserted = len(fresh)
		for _, t := range changed {
			_, err := c.ExecContext(ctx, `UPDATE touchpoints SET account_id = $1, contact_id = $2, kind = $3, department = $4,
				occurred_at = $5, effort_minutes = $6, subject = $7 WHERE id = $8`,
				t.AccountID, nullID(t.ContactID), t.Kind, t.Department, s.date(t.OccurredAt), t.EffortMinutes, t.Subject, t.ID)
			if err != nil {
				return fmt.Errorf("store: update touchpoint %s: %w", t.ExternalID, err)
			}
		}
		sum.Updated = len(changed)
		return nil
	})
	return sum, err
}
