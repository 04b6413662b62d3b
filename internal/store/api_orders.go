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

// OrderQuery selects orders. Empty fields do not filter; Since and Until
// are inclusive days.
type OrderQuery struct {
	AccountID    int64
	Since, Until time.Time
	Limit        int // default DefaultPageSize, at most MaxPageSize
	Offset       int
}

const orderColumns = `id, account_id, source, external_id, ordered_at, amount_cents, currency`

func scanOrder(sc interface{ Scan(...any) error }, o *crm.Order) error {
	return sc.Scan(&o.ID, &o.AccountID, &o.Source, &o.ExternalID, dbDate{&o.OrderedAt}, &o.Amount, &o.Currency)
}

// ListOrders lists the orders matching f by id, and their number, of those
// of accounts in the scope of the actor in ctx. Viewers and up.
func (s *Store) ListOrders(ctx context.Context, f OrderQuery) ([]crm.Order, int, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := page(f.Limit, f.Offset)
	var w where
	w.scope(s, sc, "account_id")
	if f.AccountID != 0 {
		w.add("account_id = ?", f.AccountID)
	}
	if !f.Since.IsZero() {
		w.add("ordered_at >= ?", s.date(f.Since))
	}
	if !f.Until.IsZero() {
		w.add("ordered_at <= ?", s.date(f.Until))
	}
	var out []crm.Order
	total, err := s.listPage(ctx, "orders", orderColumns, w, "id", limit, offset, func(rows *sql.Rows) error {
		var o crm.Order
		if err := scanOrder(rows, &o); err != nil {
			return err
		}
		out = append(out, o)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: orders: %w", err)
	}
	return out, total, nil
}

// orderIn returns order id if sc allows its account; ENOTFOUND otherwise.
func (s *Store) orderIn(ctx context.Context, q querier, sc crm.Scope, id int64) (crm.Order, error) {
	var o crm.Order
	cond, args := s.scopeSQL(sc, "account_id", 2)
	err := scanOrder(q.QueryRowContext(ctx, `SELECT `+orderColumns+` FROM orders WHERE id = $1 AND `+cond, append([]any{id}, args...)...), &o)
	if errors.Is(err, sql.ErrNoRows) {
		return o, crm.Errorf(crm.ENOTFOUND, "order %d not found", id)
	}
	return o, err
}

// Order returns one order; ENOTFOUND if there is none or its account is out
// of the scope of the actor in ctx. Viewers and up.
func (s *Store) Order(ctx context.Context, id int64) (crm.Order, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return crm.Order{}, err
	}
	o, err := s.orderIn(ctx, s.db, sc, id)
	if err != nil && crm.ErrorCode(err) == crm.EINTERNAL {
		err = fmt.Errorf("store: order %d: %w", id, err)
	}
	return o, err
}

// cleanOrder trims and checks an order for writing.
func cleanOrder(o *crm.Order) error {
	o.ExternalID = strings.TrimSpace(o.ExternalID)
	o.Currency = strings.ToUpper(strings.TrimSpace(o.Currency))
	switch {
	case o.AccountID <= 0:
		return crm.Errorf(crm.EINVALID, "account_id: required")
	case o.OrderedAt.IsZero():
		return crm.Errorf(crm.EINVALID, "ordered_at: required")
	case o.Currency != "" && (len(o.Currency) != 3 || strings.Trim(o.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != ""):
		return crm.Errorf(crm.EINVALID, "currency: want a three-letter code like EUR, got %q", o.Currency)
	}
	return o.Check()
}

// checkOrderKeys checks the order's account (it exists and sc allows it)
// and that no other order of its source has its external id.
func (s *Store) checkOrderKeys(ctx context.Context, tx *sql.Tx, sc crm.Scope, o *crm.Order) error {
	if err := s.lockKeys(ctx, tx, keyOf("order", o.Source, o.ExternalID)); err != nil {
		return err
	}
	if err := s.accountVisible(ctx, tx, sc, o.AccountID, "account_id"); err != nil {
		return err
	}
	var other int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM orders WHERE source = $1 AND external_id = $2 AND id <> $3`, o.Source, o.ExternalID, o.ID).Scan(&other)
	if err == nil {
		return crm.Errorf(crm.ECONFLICT, "external_id: order %d has it already", other)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return nil
}

// CreateOrder adds an order (without lines) under source "web"; an empty
// external id gets a fresh one. Credits are negative amounts. Staff and
// admins; EINVALID for a missing or unknown account, a missing date, a bad
// amount or currency, ECONFLICT for an external id taken by another API
// order.
func (s *Store) CreateOrder(ctx context.Context, o crm.Order) (crm.Order, error) {
	o.ID, o.Source = 0, WebSource
	if err := cleanOrder(&o); err != nil {
		return o, err
	}
	err := s.write(ctx, crm.RoleStaff, "create order", func(tx *sql.Tx, a crm.Actor) error {
		if o.ExternalID == "" {
			o.ExternalID = newExternalID(a)
		}
		if err := s.checkOrderKeys(ctx, tx, a.Scope, &o); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO orders (account_id, source, external_id, ordered_at, amount_cents, currency)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, o.AccountID, o.Source, o.ExternalID, s.date(o.OrderedAt), o.Amount, o.Currency).Scan(&o.ID)
		if err != nil {
			return err
		}
		return audit(ctx, tx, a, "create", "order", o.ID, nil, o)
	})
	return o, err
}

// UpdateOrder changes order id: edit gets the stored order and changes it.
// The order's lines follow a new account or date. Staff and admins;
// ENOTFOUND for an unknown order, otherwise as CreateOrder (an emptied
// external id is refused).
func (s *Store) UpdateOrder(ctx context.Context, id int64, edit func(*crm.Order) error) (crm.Order, error) {
	var after crm.Order
	err := s.write(ctx, crm.RoleStaff, "update order", func(tx *sql.Tx, a crm.Actor) error {
		before, err := s.orderIn(ctx, tx, a.Scope, id)
		if err != nil {
			return err
		}
		after = before
		if err := edit(&after); err != nil {
			return err
		}
		after.ID, after.Source = before.ID, before.Source
		if err := cleanOrder(&after); err != nil {
			return err
		}
		if after.ExternalID == "" {
			return crm.Errorf(crm.EINVALID, "external_id: must not be empty")
		}
		if after == before {
			return nil
		}
		if err := s.checkOrderKeys(ctx, tx, a.Scope, &after); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET account_id = $1, external_id = $2, ordered_at = $3, amount_cents = $4, currency = $5 WHERE id = $6`,
			after.AccountID, after.ExternalID, s.date(after.OrderedAt), after.Amount, after.Currency, id); err != nil {
			return err
		}
		if after.AccountID != before.AccountID || !after.OrderedAt.Equal(before.OrderedAt) {
			if _, err := tx.ExecContext(ctx, `UPDATE order_lines SET account_id = $1, ordered_at = $2 WHERE order_id = $3`,
				after.AccountID, s.date(after.OrderedAt), id); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, "update", "order", id, before, after)
	})
	return after, err
}

// DeleteOrder deletes order id and its lines. Staff and admins; ENOTFOUND
// for an unknown order. The audit entry keeps the order and its number of
// lines.
func (s *Store) DeleteOrder(ctx context.Context, id int64) error {
	return s.write(ctx, crm.RoleStaff, "delete order", func(tx *sql.Tx, a crm.Actor) error {
		before, err := s.orderIn(ctx, tx, a.Scope, id)
		if err != nil {
			return err
		}
		gone := struct {
			crm.Order
			Lines int `json:"deleted_lines"`
		}{Order: before}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM order_lines WHERE order_id = $1`, id).Scan(&gone.Lines); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM order_lines WHERE order_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM orders WHERE id = $1`, id); err != nil {
			return err
		}
		return audit(ctx, tx, a, "delete", "order", id, gone, nil)
	})
}
