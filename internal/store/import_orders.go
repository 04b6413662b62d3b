package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

func importSource(opt crm.ImportOptions) string {
	if opt.Source == "" {
		return "import"
	}
	return opt.Source
}

// finish applies the row errors the store found: with SkipInvalid they are
// counted as rejects, otherwise they fail the import (nothing is written).
func finish(sum *crm.ImportSummary, rejects crm.RowErrors, opt crm.ImportOptions) error {
	for i := range rejects {
		rejects[i].File = opt.File
	}
	if len(rejects) > 0 && !opt.SkipInvalid {
		return rejects
	}
	sum.Rejected += len(rejects)
	sum.Rejects = append(sum.Rejects, rejects...)
	return nil
}

type storedOrder struct {
	id        int64
	accountID int64
	orderedAt time.Time
	amount    float64
	currency  string
}

// ImportOrders writes orders (invoices) in one transaction: new invoice
// numbers are inserted, changed ones updated, the rest counted unchanged.
// Rows with the same invoice number are one invoice whose amounts are summed
// (exports with one row per invoice line). Unknown accounts are created
// unless opt.Strict. Any row error fails the whole import unless
// opt.SkipInvalid.
func (s *Store) ImportOrders(ctx context.Context, recs []crm.OrderRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	source := importSource(opt)
	var sum crm.ImportSummary
	sw := s.stopwatch("import orders")
	err := s.inTx(ctx, opt.DryRun, func(c *sql.Conn) error {
		res := newResolver(s, c, source)
		refs := make([]crm.AccountRef, len(recs))
		for i := range recs {
			refs[i] = recs[i].Account
		}
		if err := res.load(ctx, refs); err != nil {
			return err
		}
		sw.step("load accounts", len(refs))
		var rejects crm.RowErrors
		// Merge rows of one invoice; keep the first row's line for messages.
		index := make(map[string]int, len(recs))
		merged := make([]crm.Order, 0, len(recs))
		lines := make([]int, 0, len(recs))
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
			o := r.Order
			o.AccountID, o.Source = id, source
			if k, dup := index[o.ExternalID]; dup {
				m := &merged[k]
				if m.AccountID != o.AccountID || !m.OrderedAt.Equal(o.OrderedAt) {
					rejects = append(rejects, crm.RowError{Line: r.Line, Field: "invoice_id",
						Reason: fmt.Sprintf("invoice %q appears on line %d with another customer or date", o.ExternalID, lines[k])})
					continue
				}
				m.Amount += o.Amount
				continue
			}
			index[o.ExternalID] = len(merged)
			merged = append(merged, o)
			lines = append(lines, r.Line)
		}
		if err := finish(&sum, rejects, opt); err != nil {
			return err
		}
		sw.step("resolve accounts", len(recs))
		sum.AccountsCreated = len(res.created)
		if err := res.flush(ctx); err != nil {
			return err
		}
		sw.step("create accounts", sum.AccountsCreated)
		keys := make([]string, len(merged))
		for i := range merged {
			keys[i] = merged[i].ExternalID
		}
		existing := map[string]storedOrder{}
		err := s.loadByKeys(ctx, c, "orders", source, keys,
			`SELECT id, external_id, account_id, ordered_at, amount, currency FROM orders WHERE source = $1`,
			func(rows *sql.Rows) error {
				var o storedOrder
				var ext string
				if err := rows.Scan(&o.id, &ext, &o.accountID, dbDate{&o.orderedAt}, &o.amount, &o.currency); err != nil {
					return err
				}
				existing[ext] = o
				return nil
			})
		if err != nil {
			return err
		}
		sw.step("load stored orders", len(existing))
		var fresh []int
		var changed []crm.Order
		for i, o := range merged {
			old, ok := existing[o.ExternalID]
			switch {
			case !ok:
				fresh = append(fresh, i)
			case old.accountID != o.AccountID || !old.orderedAt.Equal(o.OrderedAt) ||
				math.Abs(old.amount-o.Amount) > 1e-9 || old.currency != o.Currency:
				o.ID = old.id
				changed = append(changed, o)
			default:
				sum.Unchanged++
			}
		}
		cols := []string{"account_id", "source", "external_id", "ordered_at", "amount", "currency"}
		err = s.bulkInsert(ctx, c, "orders", cols, len(fresh), func(i int, dst []any) {
			o := &merged[fresh[i]]
			dst[0], dst[1], dst[2], dst[3], dst[4], dst[5] = o.AccountID, o.Source, o.ExternalID, s.date(o.OrderedAt), o.Amount, o.Currency
		})
		if err != nil {
			return err
		}
		sw.step("insert orders", len(fresh))
		sum.Inserted = len(fresh)
		if len(changed) > 0 {
			stmt, err := c.PrepareContext(ctx, `UPDATE orders SET account_id = $1, ordered_at = $2, amount = $3, currency = $4 WHERE id = $5`)
			if err != nil {
				return fmt.Errorf("store: update orders: %w", err)
			}
			defer stmt.Close()
			// Order lines carry their order's account and date.
			lines, err := c.PrepareContext(ctx, `UPDATE order_lines SET account_id = $1, ordered_at = $2 WHERE order_id = $3`)
			if err != nil {
				return fmt.Errorf("store: update order lines: %w", err)
			}
			defer lines.Close()
			for _, o := range changed {
				if _, err := stmt.ExecContext(ctx, o.AccountID, s.date(o.OrderedAt), o.Amount, o.Currency, o.ID); err != nil {
					return fmt.Errorf("store: update order %s: %w", o.ExternalID, err)
				}
				old := existing[o.ExternalID]
				if old.accountID == o.AccountID && old.orderedAt.Equal(o.OrderedAt) {
					continue
				}
				if _, err := lines.ExecContext(ctx, o.AccountID, s.date(o.OrderedAt), o.ID); err != nil {
					return fmt.Errorf("store: update lines of order %s: %w", o.ExternalID, err)
				}
			}
		}
		sum.Updated = len(changed)
		return s.logImport(ctx, c, "orders", opt, sum)
	})
	sw.step("commit", 0)
	return sum, err
}

// logImport records an import for the activity list.
func (s *Store) logImport(ctx context.Context, q querier, kind string, opt crm.ImportOptions, sum crm.ImportSummary) error {
	file := opt.File
	if file == "" {
		file = "-"
	}
	_, err := q.ExecContext(ctx, `INSERT INTO imports (kind, file, source, inserted, updated, unchanged, rejected) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		kind, file, importSource(opt), sum.Inserted, sum.Updated, sum.Unchanged, sum.Rejected)
	if err != nil {
		return fmt.Errorf("store: log import: %w", err)
	}
	return nil
}
