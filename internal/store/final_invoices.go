package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The survey with the final invoice (docs/surveys.md): an admin chooses
// the survey; every final invoice the rule has not seen yet, dated within
// FinalInvoiceDays, is handed to it once (FinalInvoicesWaiting), and what
// came of it is kept on the order (MarkFinalInvoice). The rule itself —
// inviting through the outbox — is internal/mail's FinalInvoiceSurveys.

// FinalInvoiceDays is how old a final invoice may be for its survey to go
// out: an invoice from last year, imported today, is history, not the end
// of a project to ask about.
const FinalInvoiceDays = 30

// What the rule did with a final invoice (orders.final_survey).
const (
	FinalInvited   = "invited"    // its contact was invited
	FinalRecontact = "recontact"  // skipped: the contact was invited to a survey recently
	FinalNoContact = "no contact" // skipped: no active contact with an e-mail address
)

// finalInvoiceKey is the setting that names the survey sent with final
// invoices.
const finalInvoiceKey = "final_invoice_survey"

// FinalInvoiceSurvey returns the id of the survey sent with each final
// invoice; 0 when none is chosen (or the chosen one was deleted).
func (s *Store) FinalInvoiceSurvey(ctx context.Context) (int64, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, finalInvoiceKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: final invoice survey: %w", err)
	}
	id, _ := strconv.ParseInt(v, 10, 64)
	if id > 0 {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM surveys WHERE id = $1`, id).Scan(&n); err != nil {
			return 0, fmt.Errorf("store: final invoice survey: %w", err)
		}
		if n == 0 {
			id = 0
		}
	}
	return id, nil
}

// SetFinalInvoiceSurvey chooses survey id to go with each final invoice
// from now on; 0 stops the rule. Admins; ENOTFOUND for an unknown survey.
// Audited.
func (s *Store) SetFinalInvoiceSurvey(ctx context.Context, id int64) error {
	return s.write(ctx, crm.RoleAdmin, "set the final invoice survey", func(tx *sql.Tx, a crm.Actor) error {
		if id < 0 {
			return crm.Errorf(crm.EINVALID, "survey: want a survey's id, or 0 for none")
		}
		if id > 0 {
			if _, err := s.surveyWhere(ctx, tx, "id = $1", id); err != nil {
				return err
			}
		}
		v := strconv.FormatInt(id, 10)
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, finalInvoiceKey, v); err != nil {
			return err
		}
		return audit(ctx, tx, a, "update", "setting", 0, nil, map[string]string{finalInvoiceKey: v})
	})
}

// FinalInvoice is a final invoice the rule has to handle.
type FinalInvoice struct {
	OrderID     int64
	AccountID   int64
	AccountName string
	ExternalID  string // the invoice number
	OrderedAt   time.Time
	// Email is the contact to ask: the invoice's contact when the import
	// named one (and it is an active contact of the account), else the
	// account's first active contact with an e-mail address; "" when
	// there is none.
	Email string
}

// FinalInvoicesWaiting returns up to limit final invoices dated on or
// after since (zero: of any date) that the rule has not handled yet, oldest first, of the
// accounts in the scope of the actor in ctx.
func (s *Store) FinalInvoicesWaiting(ctx context.Context, since time.Time, limit int) ([]FinalInvoice, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	limit, _ = page(limit, 0)
	if since.IsZero() {
		since = crm.MinDate
	}
	cond, args := s.scopeSQL(sc, "o.account_id", 3)
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, o.account_id, acc.name, o.external_id, o.ordered_at, o.contact_email,
		COALESCE((SELECT i.value FROM contact_identities i JOIN contacts c ON c.id = i.contact_id AND c.account_id = i.account_id
			WHERE i.account_id = o.account_id AND i.kind = 'email' AND c.status = 'active'
			ORDER BY CASE WHEN i.value = o.contact_email THEN 0 ELSE 1 END, c.id, i.id LIMIT 1), '')
		FROM orders o JOIN accounts acc ON acc.id = o.account_id
		WHERE o.final = 1 AND o.final_survey = '' AND o.ordered_at >= $1 AND `+cond+`
		ORDER BY o.ordered_at, o.id LIMIT $2`, append([]any{s.date(since), limit}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: final invoices waiting: %w", err)
	}
	defer rows.Close()
	var out []FinalInvoice
	for rows.Next() {
		var f FinalInvoice
		var named string
		if err := rows.Scan(&f.OrderID, &f.AccountID, &f.AccountName, &f.ExternalID, dbDate{&f.OrderedAt}, &named, &f.Email); err != nil {
			return nil, fmt.Errorf("store: final invoices waiting: %w", err)
		}
		if named != "" && f.Email != named {
			f.Email = "" // the invoice names someone who is not (or no longer) an active contact: ask nobody else
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// MarkFinalInvoice records what the rule did with final invoice orderID
// (FinalInvited, FinalRecontact or FinalNoContact), unless an outcome is
// recorded already (then it stays). Staff and up, of an
// order in their scope (ENOTFOUND otherwise). Audited.
func (s *Store) MarkFinalInvoice(ctx context.Context, orderID int64, outcome string) error {
	switch outcome {
	case FinalInvited, FinalRecontact, FinalNoContact:
	default:
		return crm.Errorf(crm.EINVALID, "outcome: want %s, %s or %s, got %q", FinalInvited, FinalRecontact, FinalNoContact, outcome)
	}
	return s.write(ctx, crm.RoleStaff, "mark a final invoice", func(tx *sql.Tx, a crm.Actor) error {
		if _, err := s.orderIn(ctx, tx, a.Scope, orderID); err != nil {
			return err
		}
		// Once: a run that overlaps another (the server's and the
		// command's) leaves the first outcome as it is.
		res, err := tx.ExecContext(ctx, `UPDATE orders SET final_survey = $1, final_survey_at = $2 WHERE id = $3 AND final_survey = ''`, outcome, time.Now().Unix(), orderID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return record(ctx, tx, a, "final survey", "order", orderID, nil, map[string]string{"outcome": outcome})
	})
}
