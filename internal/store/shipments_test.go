package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

func shipment(line int, invoice, number, carrier, url, shipped, delivered, status string) crm.ShipmentRecord {
	r := crm.ShipmentRecord{Line: line, OrderExternalID: invoice, Shipment: crm.Shipment{ExternalID: number, Carrier: carrier,
		TrackingURL: url, ShippedAt: day(shipped), Status: status}}
	if delivered != "" {
		r.Shipment.DeliveredAt = day(delivered)
	}
	return r
}

// shipmentsOf prints the shipments of an order as "number carrier status
// shipped delivered account", one per shipment.
func shipmentsOf(t *testing.T, st *store.Store, ctx context.Context, orderID int64) string {
	t.Helper()
	ss, err := st.ShipmentsOf(ctx, orderID)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, s := range ss {
		d := "-"
		if !s.DeliveredAt.IsZero() {
			d = s.DeliveredAt.Format("01-02")
		}
		fmt.Fprintf(&b, "%s %s %s %s %s %d %s; ", s.ExternalID, s.Carrier, s.Status, s.ShippedAt.Format("01-02"), d, s.AccountID, s.TrackingURL)
	}
	return b.String()
}

// TestImportShipments: shipments find their order by its invoice number,
// carry its account (and follow it when the order moves), upsert by order
// and tracking number, and are read within the actor's scope.
func TestImportShipments(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		if _, err := st.ImportOrders(op, orders(), crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		os, _, err := st.ListOrders(op, store.OrderQuery{Limit: store.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		order, account := map[string]int64{}, map[string]int64{}
		for _, o := range os {
			order[o.ExternalID], account[o.ExternalID] = o.ID, o.AccountID
		}
		k1, k2 := account["RE-1"], account["RE-2"]
		if k1 == k2 || k1 == 0 || k2 == 0 {
			t.Fatalf("fixture: RE-1 and RE-2 of one account: %v", account)
		}
		recs := []crm.ShipmentRecord{
			shipment(2, "RE-1", "00340434161234567890", "DHL", "https://www.dhl.de/t?piececode=00340434161234567890", "2024-01-06", "2024-01-08", crm.ShipmentDelivered),
			shipment(3, "RE-1", "1Z999AA10123456784", "UPS", "", "2024-01-09", "", crm.ShipmentInTransit),
			shipment(4, "RE-2", "01505012345678", "DPD", "", "2024-02-06", "", crm.ShipmentShipped),
			shipment(5, "RE-2", "01505012345678", "DPD", "", "2024-02-06", "", crm.ShipmentShipped), // the same row again
		}
		sum, err := st.ImportShipments(op, recs, crm.ImportOptions{File: "s.csv"})
		if err != nil || sum.Inserted != 3 || sum.Unchanged != 1 || sum.Updated != 0 {
			t.Fatalf("import: %+v, %v; want 3 inserted, 1 unchanged", sum, err)
		}
		re1 := fmt.Sprintf("00340434161234567890 DHL delivered 01-06 01-08 %d https://www.dhl.de/t?piececode=00340434161234567890; 1Z999AA10123456784 UPS in_transit 01-09 - %d ; ", k1, k1)
		if got := shipmentsOf(t, st, op, order["RE-1"]); got != re1 {
			t.Fatalf("RE-1's shipments:\n got  %s\n want %s", got, re1)
		}
		// The same file again changes nothing; a new status updates one.
		if sum, err := st.ImportShipments(op, recs, crm.ImportOptions{File: "s.csv"}); err != nil || sum.Inserted+sum.Updated != 0 || sum.Unchanged != 4 {
			t.Fatalf("re-import: %+v, %v; want 4 unchanged", sum, err)
		}
		if got := shipmentsOf(t, st, op, order["RE-1"]); got != re1 {
			t.Fatalf("RE-1's shipments after the re-import:\n got  %s\n want %s", got, re1)
		}
		recs[1].Shipment.Status, recs[1].Shipment.DeliveredAt = crm.ShipmentDelivered, day("2024-01-11")
		if sum, err := st.ImportShipments(op, recs, crm.ImportOptions{File: "s.csv"}); err != nil || sum.Updated != 1 || sum.Unchanged != 3 {
			t.Fatalf("re-import with a delivery: %+v, %v; want 1 updated", sum, err)
		}
		re1 = strings.Replace(re1, "in_transit 01-09 -", "delivered 01-09 01-11", 1)
		if got := shipmentsOf(t, st, op, order["RE-1"]); got != re1 {
			t.Fatalf("RE-1's shipments after the delivery:\n got  %s\n want %s", got, re1)
		}

		// Row errors: an unknown invoice, a link that is no http(s) URL,
		// one shipment twice with other values. Nothing is written.
		for _, c := range []struct {
			recs []crm.ShipmentRecord
			want string
		}{
			{[]crm.ShipmentRecord{recs[0], shipment(3, "RE-404", "X1", "GLS", "", "2024-01-06", "", crm.ShipmentShipped)},
				`bad.csv:3: invoice_id: unknown invoice "RE-404" (import the orders first)`},
			{[]crm.ShipmentRecord{shipment(7, "RE-3", "X2", "", "javascript:alert(1)", "2024-03-06", "", crm.ShipmentShipped)},
				`bad.csv:7: tracking_url: not an http(s) URL: "javascript:alert(1)"`},
			{[]crm.ShipmentRecord{shipment(2, "RE-3", "X3", "GLS", "", "2024-03-06", "", crm.ShipmentShipped),
				shipment(3, "RE-3", "X3", "GLS", "", "2024-03-07", "", crm.ShipmentShipped)},
				`bad.csv:3: tracking_number: shipment "X3" of invoice "RE-3" appears twice, with other values on line 2`},
		} {
			_, err := st.ImportShipments(op, c.recs, crm.ImportOptions{File: "bad.csv"})
			var rowErrs crm.RowErrors
			if !errors.As(err, &rowErrs) || crm.ErrorCode(err) != crm.EINVALID || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("import: %v, want %s", err, c.want)
			}
		}
		if _, n, err := st.Shipments(op, store.ShipmentQuery{}); err != nil || n != 3 {
			t.Fatalf("shipments after the refused imports: %d, %v; want 3", n, err)
		}

		// An invoice number known from two sources: the import's source
		// decides; from a third source it is ambiguous.
		if _, err := st.ImportOrders(op, orders()[:1], crm.ImportOptions{Source: "shop"}); err != nil {
			t.Fatal(err)
		}
		if sum, err := st.ImportShipments(op, recs[:1], crm.ImportOptions{}); err != nil || sum.Unchanged != 1 {
			t.Fatalf("shipments of the default source: %+v, %v; want RE-1 of source import, unchanged", sum, err)
		}
		if _, err := st.ImportShipments(op, recs[:1], crm.ImportOptions{File: "dhl.csv", Source: "dhl"}); err == nil ||
			!strings.Contains(err.Error(), `dhl.csv:2: invoice_id: invoice "RE-1" is known from the sources`) {
			t.Fatalf("shipments of a third source: %v, want an ambiguous invoice", err)
		}

		// Scope: a contact of K1 sees K1's shipments; RE-2's (K2) is as
		// missing as an order that does not exist.
		c1 := crm.WithActor(context.Background(), crm.ContactActor("buyer@acme.example", k1))
		if got := shipmentsOf(t, st, c1, order["RE-1"]); got != re1 {
			t.Fatalf("RE-1's shipments as K1's contact:\n got  %s\n want %s", got, re1)
		}
		_, err = st.ShipmentsOf(c1, order["RE-2"])
		_, missing := st.ShipmentsOf(c1, 1<<40)
		if crm.ErrorCode(err) != crm.ENOTFOUND || crm.ErrorCode(missing) != crm.ENOTFOUND ||
			strings.ReplaceAll(err.Error(), fmt.Sprint(order["RE-2"]), "ID") != strings.ReplaceAll(missing.Error(), fmt.Sprint(int64(1<<40)), "ID") {
			t.Fatalf("RE-2's shipments as K1's contact: %v; want as missing: %v", err, missing)
		}
		mine, n, err := st.Shipments(c1, store.ShipmentQuery{})
		if err != nil || n != 2 || len(mine) != 2 || mine[0].AccountID != k1 || mine[1].AccountID != k1 || mine[0].ExternalID != "1Z999AA10123456784" {
			t.Fatalf("shipments as K1's contact: %+v (%d), %v; want RE-1's two, the latest first", mine, n, err)
		}
		if ss, n, err := st.Shipments(c1, store.ShipmentQuery{AccountID: k2}); err != nil || n != 0 || len(ss) != 0 {
			t.Fatalf("K2's shipments as K1's contact: %+v (%d), %v; want none", ss, n, err)
		}
		if ss, n, err := st.Shipments(op, store.ShipmentQuery{OrderIDs: []int64{order["RE-2"]}}); err != nil || n != 1 || ss[0].OrderID != order["RE-2"] {
			t.Fatalf("RE-2's shipments by order: %+v (%d), %v", ss, n, err)
		}

		// RE-1 moves to K2: its shipments follow (on PostgreSQL the key to
		// the order checks it at commit).
		moved := orders()
		moved[0].Account = crm.AccountRef{ExternalID: "K2"}
		if sum, err := st.ImportOrders(op, moved, crm.ImportOptions{}); err != nil || sum.Updated != 1 {
			t.Fatalf("moving RE-1: %+v, %v", sum, err)
		}
		if got, want := shipmentsOf(t, st, op, order["RE-1"]), strings.ReplaceAll(re1, fmt.Sprintf(" %d ", k1), fmt.Sprintf(" %d ", k2)); got != want {
			t.Fatalf("RE-1's shipments after the move:\n got  %s\n want %s", got, want)
		}
		if _, err := st.ShipmentsOf(c1, order["RE-1"]); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Fatalf("RE-1's shipments as K1's contact after the move: %v, want %s", err, crm.ENOTFOUND)
		}
		if _, err := st.UpdateOrder(op, order["RE-1"], func(o *crm.Order) error { o.AccountID = k1; return nil }); err != nil {
			t.Fatal(err)
		}
		if got := shipmentsOf(t, st, c1, order["RE-1"]); got != re1 {
			t.Fatalf("RE-1's shipments after moving it back by hand:\n got  %s\n want %s", got, re1)
		}
		// Deleting an order deletes its shipments.
		if err := st.DeleteOrder(op, order["RE-1"]); err != nil {
			t.Fatal(err)
		}
		if _, n, err := st.Shipments(op, store.ShipmentQuery{}); err != nil || n != 1 {
			t.Fatalf("shipments after deleting RE-1: %d, %v; want RE-2's one", n, err)
		}
	})
}
