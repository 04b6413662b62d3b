package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// ImportShipments writes shipments in one transaction. Each row names its
// order by the invoice number, which must have been imported (from any
// source; when the number is known from several, the import's source
// decides). A shipment carries its order's account. Shipments upsert by
// order and external id (the tracking number or the shop's shipment id):
// the same file again changes nothing.
func (s *Store) ImportShipments(ctx context.Context, recs []crm.ShipmentRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	source := importSource(opt)
	return importRows(ctx, s, recs, opt, importSteps[crm.ShipmentRecord]{
		kind: "shipments",
		check: func(r *crm.ShipmentRecord) (int, error) {
			if err := crm.Check(crm.Name("invoice_id", r.OrderExternalID)); err != nil {
				return r.Line, err
			}
			if r.OrderExternalID == "" {
				return r.Line, &crm.FieldError{Field: "invoice_id", Reason: fmt.Errorf("missing")}
			}
			r.Shipment.Source = source
			r.Shipment.ShippedAt, r.Shipment.DeliveredAt = dayOf(r.Shipment.ShippedAt), dayOf(r.Shipment.DeliveredAt)
			return r.Line, r.Shipment.Check()
		},
		write: func(c *sql.Conn, _ crm.Actor, recs []crm.ShipmentRecord, sum *crm.ImportSummary) error {
			return s.writeShipments(ctx, c, source, recs, opt, sum)
		},
	})
}

// dayOf is t's calendar day at midnight UTC, as the store reads dates back.
func dayOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

type shipmentKey struct {
	order int64
	ext   string
}

func (s *Store) writeShipments(ctx context.Context, c *sql.Conn, source string, recs []crm.ShipmentRecord, opt crm.ImportOptions, sum *crm.ImportSummary) error {
	// The orders the rows name, from every source.
	type candidate struct {
		source        string
		id, accountID int64
	}
	orders := map[string][]candidate{}
	var keys []string
	for i := range recs {
		if _, ok := orders[recs[i].OrderExternalID]; !ok {
			orders[recs[i].OrderExternalID] = nil
			keys = append(keys, recs[i].OrderExternalID)
		}
	}
	err := inChunks(keys, func(part []string) error {
		rows, err := c.QueryContext(ctx, `SELECT external_id, source, id, account_id FROM orders WHERE external_id IN (`+placeholders(1, len(part))+`)`,
			stringArgs(nil, part)...)
		if err != nil {
			return fmt.Errorf("store: load orders: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var ext string
			var o candidate
			if err := rows.Scan(&ext, &o.source, &o.id, &o.accountID); err != nil {
				return fmt.Errorf("store: load orders: %w", err)
			}
			orders[ext] = append(orders[ext], o)
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	var (
		rejects  crm.RowErrors
		resolved []crm.Shipment
		inFile   = map[shipmentKey]int{} // key -> index into resolved
		lineOf   []int
		twice    int // rows that repeat an earlier row of the file exactly
		orderIDs []string
		seen     = map[int64]bool{}
	)
	for i := range recs {
		r := &recs[i]
		cands := orders[r.OrderExternalID]
		if len(cands) > 1 {
			if j := slices.IndexFunc(cands, func(o candidate) bool { return o.source == source }); j >= 0 {
				cands = cands[j : j+1]
			}
		}
		switch {
		case len(cands) == 0:
			rejects = append(rejects, crm.RowError{Line: r.Line, Field: "invoice_id",
				Reason: fmt.Sprintf("unknown invoice %q (import the orders first)", r.OrderExternalID)})
			continue
		case len(cands) > 1:
			var srcs []string
			for _, o := range cands {
				srcs = append(srcs, strconv.Quote(o.source))
			}
			rejects = append(rejects, crm.RowError{Line: r.Line, Field: "invoice_id",
				Reason: fmt.Sprintf("invoice %q is known from the sources %s: import the shipments with the source of its orders", r.OrderExternalID, strings.Join(srcs, ", "))})
			continue
		}
		sh := r.Shipment
		sh.OrderID, sh.AccountID = cands[0].id, cands[0].accountID
		k := shipmentKey{sh.OrderID, sh.ExternalID}
		if j, ok := inFile[k]; ok {
			if sameShipment(resolved[j], sh) {
				twice++
				continue
			}
			rejects = append(rejects, crm.RowError{Line: r.Line, Field: "tracking_number",
				Reason: fmt.Sprintf("shipment %q of invoice %q appears twice, with other values on line %d", sh.ExternalID, r.OrderExternalID, lineOf[j])})
			continue
		}
		inFile[k] = len(resolved)
		resolved = append(resolved, sh)
		lineOf = append(lineOf, r.Line)
		if !seen[sh.OrderID] {
			seen[sh.OrderID] = true
			orderIDs = append(orderIDs, strconv.FormatInt(sh.OrderID, 10))
		}
	}
	if err := finish(sum, rejects, opt); err != nil {
		return err
	}
	sum.Unchanged += twice
	stored := map[shipmentKey]crm.Shipment{}
	n, err := countUpTo(ctx, c, "shipments", "", nil, 1)
	if err != nil {
		return err
	}
	if n > 0 {
		err = inChunks(orderIDs, func(part []string) error {
			rows, err := c.QueryContext(ctx, `SELECT `+shipmentColumns+` FROM shipments WHERE order_id IN (`+strings.Join(part, ", ")+`)`)
			if err != nil {
				return fmt.Errorf("store: load shipments: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				var sh crm.Shipment
				if err := scanShipment(rows, &sh); err != nil {
					return fmt.Errorf("store: load shipments: %w", err)
				}
				stored[shipmentKey{sh.OrderID, sh.ExternalID}] = sh
			}
			return rows.Err()
		})
		if err != nil {
			return err
		}
	}
	var fresh []crm.Shipment
	for _, sh := range resolved {
		old, ok := stored[shipmentKey{sh.OrderID, sh.ExternalID}]
		if !ok {
			fresh = append(fresh, sh)
			continue
		}
		sh.ID = old.ID
		if sameShipment(sh, old) {
			sum.Unchanged++
			continue
		}
		if _, err := c.ExecContext(ctx, `UPDATE shipments SET account_id = $1, source = $2, carrier = $3, tracking_url = $4, shipped_at = $5, delivered_at = $6, status = $7 WHERE id = $8`,
			sh.AccountID, sh.Source, sh.Carrier, sh.TrackingURL, s.date(sh.ShippedAt), s.date(sh.DeliveredAt), sh.Status, sh.ID); err != nil {
			return fmt.Errorf("store: update shipment: %w", err)
		}
		sum.Updated++
	}
	cols := []string{"account_id", "order_id", "source", "external_id", "carrier", "tracking_url", "shipped_at", "delivered_at", "status"}
	err = s.bulkInsert(ctx, c, "shipments", cols, len(fresh), func(i int, dst []any) {
		sh := &fresh[i]
		dst[0], dst[1], dst[2], dst[3], dst[4], dst[5], dst[6], dst[7], dst[8] = sh.AccountID, sh.OrderID, sh.Source, sh.ExternalID, sh.Carrier, sh.TrackingURL,
			s.date(sh.ShippedAt), s.date(sh.DeliveredAt), sh.Status
	})
	if err != nil {
		return err
	}
	sum.Inserted = len(fresh)
	return nil
}

// sameShipment reports whether a and b hold the same values (ids aside).
func sameShipment(a, b crm.Shipment) bool {
	return a.AccountID == b.AccountID && a.OrderID == b.OrderID && a.Source == b.Source && a.ExternalID == b.ExternalID &&
		a.Carrier == b.Carrier && a.TrackingURL == b.TrackingURL && a.ShippedAt.Equal(b.ShippedAt) && a.DeliveredAt.Equal(b.DeliveredAt) &&
		a.Status == b.Status
}

const shipmentColumns = `id, account_id, order_id, source, external_id, carrier, tracking_url, shipped_at, delivered_at, status`

func scanShipment(row interface{ Scan(...any) error }, sh *crm.Shipment) error {
	return row.Scan(&sh.ID, &sh.AccountID, &sh.OrderID, &sh.Source, &sh.ExternalID, &sh.Carrier, &sh.TrackingURL,
		dbDate{&sh.ShippedAt}, dbDate{&sh.DeliveredAt}, &sh.Status)
}

// ShipmentsOf returns the shipments of order orderID, the earliest first;
// ENOTFOUND when there is no such order or its account is out of the scope
// of the actor in ctx (as Order). Viewers and up, and portal contacts.
func (s *Store) ShipmentsOf(ctx context.Context, orderID int64) ([]crm.Shipment, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.orderIn(ctx, s.db, sc, orderID); err != nil {
		if crm.ErrorCode(err) == crm.EINTERNAL {
			err = fmt.Errorf("store: shipments: %w", err)
		}
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 2)
	rows, err := s.db.QueryContext(ctx, `SELECT `+shipmentColumns+` FROM shipments WHERE order_id = $1 AND `+cond+` ORDER BY shipped_at, id`,
		append([]any{orderID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: shipments: %w", err)
	}
	defer rows.Close()
	out := []crm.Shipment{}
	for rows.Next() {
		var sh crm.Shipment
		if err := scanShipment(rows, &sh); err != nil {
			return nil, fmt.Errorf("store: shipments: %w", err)
		}
		out = append(out, sh)
	}
	return out, rows.Err()
}

// ShipmentQuery filters Shipments: one account's (0: all in scope), of
// the given orders (none: of every order), a page of them.
type ShipmentQuery struct {
	AccountID     int64
	OrderIDs      []int64
	Limit, Offset int
}

// Shipments returns a page of the shipments of the accounts in the scope of
// the actor in ctx, the latest shipped first, and how many match. Viewers
// and up, and portal contacts (their account's).
func (s *Store) Shipments(ctx context.Context, q ShipmentQuery) ([]crm.Shipment, int, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := page(q.Limit, q.Offset)
	var w where
	w.scope(s, sc, "account_id")
	if q.AccountID != 0 {
		w.add("account_id = ?", q.AccountID)
	}
	if len(q.OrderIDs) > 0 {
		ids := make([]string, len(q.OrderIDs))
		for i, id := range q.OrderIDs {
			ids[i] = strconv.FormatInt(id, 10)
		}
		w.add(s.idsIn("order_id", len(w.args)+1), "["+strings.Join(ids, ",")+"]")
	}
	var out []crm.Shipment
	total, err := s.listPage(ctx, "shipments", shipmentColumns, w, "shipped_at DESC, id DESC", limit, offset, func(rows *sql.Rows) error {
		var sh crm.Shipment
		if err := scanShipment(rows, &sh); err != nil {
			return err
		}
		out = append(out, sh)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: shipments: %w", err)
	}
	return out, total, nil
}
