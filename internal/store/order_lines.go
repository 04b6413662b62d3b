package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// ImportOrderLines writes invoice lines in one transaction. Each row names
// its invoice (which must have been imported, from the same source) and a
// product by SKU or, without one, by name; unknown products are added to the
// catalogue, and a unit cost in the file updates the product's cost. Lines
// upsert by invoice and line number.
func (s *Store) ImportOrderLines(ctx context.Context, recs []crm.OrderLineRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	source := importSource(opt)
	return importRows(ctx, s, recs, opt, importSteps[crm.OrderLineRecord]{
		kind: "order-lines",
		check: func(r *crm.OrderLineRecord) (int, error) {
			if err := crm.Check(crm.Name("sku", r.SKU), crm.Text("product", r.ProductName), crm.Cents("unit_cost", r.UnitCost), crm.Name("invoice_id", r.OrderExternalID)); err != nil {
				return r.Line, err
			}
			return r.Line, r.OrderLine.Check()
		},
		write: func(c *sql.Conn, _ crm.Actor, recs []crm.OrderLineRecord, sum *crm.ImportSummary) error {
			type orderKey struct {
				id, accountID int64
				orderedAt     time.Time
			}
			orders := map[string]orderKey{}
			var keys []string
			for i := range recs {
				if _, ok := orders[recs[i].OrderExternalID]; !ok {
					orders[recs[i].OrderExternalID] = orderKey{}
					keys = append(keys, recs[i].OrderExternalID)
				}
			}
			clear(orders)
			err := s.loadByKeys(ctx, c, "orders", source, keys, `SELECT external_id, id, account_id, ordered_at FROM orders WHERE source = $1`,
				func(rows *sql.Rows) error {
					var ext string
					var k orderKey
					if err := rows.Scan(&ext, &k.id, &k.accountID, dbDate{&k.orderedAt}); err != nil {
						return err
					}
					orders[ext] = k
					return nil
				})
			if err != nil {
				return err
			}
			products, err := s.loadProducts(ctx, c)
			if err != nil {
				return err
			}
			var rejects crm.RowErrors
			// A line carries its order's account and date, so that the reports
			// read order_lines alone.
			type line struct {
				crm.OrderLine
				accountID int64
				orderedAt time.Time
			}
			var lines []line
			var orderIDs []string
			seenOrder := map[int64]bool{}
			for i := range recs {
				r := &recs[i]
				o, ok := orders[r.OrderExternalID]
				if !ok {
					rejects = append(rejects, crm.RowError{Line: r.Line, Field: "invoice_id",
						Reason: fmt.Sprintf("unknown invoice %q (import the orders first)", r.OrderExternalID)})
					continue
				}
				p, err := s.product(ctx, c, products, r)
				if err != nil {
					return err
				}
				l := r.OrderLine
				l.OrderID, l.ProductID = o.id, p.ID
				lines = append(lines, line{l, o.accountID, o.orderedAt})
				if !seenOrder[o.id] {
					seenOrder[o.id] = true
					orderIDs = append(orderIDs, strconv.FormatInt(o.id, 10))
				}
			}
			if err := finish(sum, rejects, opt); err != nil {
				return err
			}
			type lineKey struct {
				order int64
				no    int
			}
			type storedLine struct {
				crm.OrderLine
				accountID int64
				orderedAt time.Time
			}
			stored := map[lineKey]storedLine{}
			nLines, err := countUpTo(ctx, c, "order_lines", "", nil, 1)
			if err != nil {
				return err
			}
			if nLines > 0 {
				err = inChunks(orderIDs, func(part []string) error {
					rows, err := c.QueryContext(ctx, `SELECT id, order_id, line_no, product_id, quantity, unit_price_cents, amount_cents, account_id, ordered_at FROM order_lines WHERE order_id IN (`+
						strings.Join(part, ", ")+`)`)
					if err != nil {
						return fmt.Errorf("store: load order lines: %w", err)
					}
					defer rows.Close()
					for rows.Next() {
						var l storedLine
						if err := rows.Scan(&l.ID, &l.OrderID, &l.LineNo, &l.ProductID, &l.Quantity, &l.UnitPrice, &l.Amount, &l.accountID, dbDate{&l.orderedAt}); err != nil {
							return err
						}
						stored[lineKey{l.OrderID, l.LineNo}] = l
					}
					return rows.Err()
				})
				if err != nil {
					return err
				}
			}
			var fresh []line
			for _, l := range lines {
				k := lineKey{l.OrderID, l.LineNo}
				old, ok := stored[k]
				if !ok {
					fresh = append(fresh, l)
					l.ID = -1
					stored[k] = storedLine{OrderLine: l.OrderLine}
					continue
				}
				if old.ID == -1 {
					return crm.RowErrors{{File: opt.File, Field: "line", Reason: fmt.Sprintf("invoice line %d appears twice", l.LineNo)}}
				}
				if old.ProductID == l.ProductID && near(old.Quantity, l.Quantity) && old.UnitPrice == l.UnitPrice && old.Amount == l.Amount &&
					old.accountID == l.accountID && old.orderedAt.Equal(l.orderedAt) {
					sum.Unchanged++
					continue
				}
				if _, err := c.ExecContext(ctx, `UPDATE order_lines SET product_id = $1, quantity = $2, unit_price_cents = $3, amount_cents = $4, account_id = $5, ordered_at = $6 WHERE id = $7`,
					l.ProductID, l.Quantity, l.UnitPrice, l.Amount, l.accountID, s.date(l.orderedAt), old.ID); err != nil {
					return fmt.Errorf("store: update order line: %w", err)
				}
				sum.Updated++
			}
			cols := []string{"order_id", "account_id", "ordered_at", "line_no", "product_id", "quantity", "unit_price_cents", "amount_cents"}
			err = s.bulkInsert(ctx, c, "order_lines", cols, len(fresh), func(i int, dst []any) {
				l := &fresh[i]
				dst[0], dst[1], dst[2], dst[3], dst[4], dst[5], dst[6], dst[7] = l.OrderID, l.accountID, s.date(l.orderedAt), l.LineNo, l.ProductID, l.Quantity, l.UnitPrice, l.Amount
			})
			if err != nil {
				return err
			}
			sum.Inserted = len(fresh)
			return nil
		},
	})
}

// OrderLineRow is a line of an order with its product's number and name.
type OrderLineRow struct {
	crm.OrderLine
	AccountID int64  `json:"account_id"`
	SKU       string `json:"sku"`
	Product   string `json:"product"`
}

// OrderLinesOf returns the lines of order orderID in their order; ENOTFOUND
// when there is no such order or its account is out of the scope of the
// actor in ctx (as Order). Viewers and up.
func (s *Store) OrderLinesOf(ctx context.Context, orderID int64) ([]OrderLineRow, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.orderIn(ctx, s.db, sc, orderID); err != nil {
		if crm.ErrorCode(err) == crm.EINTERNAL {
			err = fmt.Errorf("store: order lines: %w", err)
		}
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "l.account_id", 2)
	rows, err := s.db.QueryContext(ctx, `SELECT l.id, l.order_id, l.account_id, l.line_no, l.product_id, p.sku, p.name, l.quantity, l.unit_price_cents, l.amount_cents
		FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = $1 AND `+cond+` ORDER BY l.line_no`, append([]any{orderID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: order lines: %w", err)
	}
	defer rows.Close()
	out := []OrderLineRow{}
	for rows.Next() {
		var r OrderLineRow
		if err := rows.Scan(&r.ID, &r.OrderID, &r.AccountID, &r.LineNo, &r.ProductID, &r.SKU, &r.Product, &r.Quantity, &r.UnitPrice, &r.Amount); err != nil {
			return nil, fmt.Errorf("store: order lines: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
