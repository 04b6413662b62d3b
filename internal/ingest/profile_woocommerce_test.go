package ingest

import (
	"maps"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// WooCommerce's Analytics orders report and the plugin export; every
// figure was worked out by hand from the rows.
func init() {
	profileCases = append(profileCases,
		[]struct {
			file    string
			kind    Kind
			profile string
			figures map[string]string
			tally   []string
		}{
			{
				// Net sales as they stand, refunds as negative rows (credits of
				// their own): Ana 95 − 15 (#1201) + 60 − 60 (#1208, refunded
				// in full) = 80. Ben 18 + 42.5 = 60.50. Dana's order is on hold
				// (counted). Ed's are pending and failed, Cy's cancelled. The
				// report has no currency.
				file: "woocommerce_orders.csv", kind: KindOrders, profile: "woocommerce-orders",
				figures: map[string]string{"Ana Ruiz": "80.00", "Ben Ode": "60.50", "Dana Lee": "120.00"},
				tally: []string{"2 refunds counted as negative amounts on their own dates",
					"2 unpaid orders (pending, failed or draft) not counted",
					"1 order on hold (awaiting payment) counted, as WooCommerce counts it", "1 cancelled order not counted"},
			},
			{
				// The report as WooCommerce e-mails it: "N. Revenue
				// (formatted)" (the order's gross total, not read), "Net
				// Sales". Müller 100, Kraus 20; #1303 is a checkout draft.
				file: "woocommerce_orders_emailed.csv", kind: KindOrders, profile: "woocommerce-orders",
				figures: map[string]string{"Jonas Müller": "100.00", "Lea Kraus": "20.00"},
				tally:   []string{"1 unpaid order (pending, failed or draft) not counted"},
			},
			{
				// order_total − tax_total − shipping_tax_total −
				// shipping_total. #1401 Ana ("wc-completed"): 101.15 − 15.20 − 0.95 − 5.00 =
				// 80.00. #1402 Northwind: 214.20 − 34.20 = 180.00, 59.50 of
				// 214.20 refunded: 180.00 × 154.70 / 214.20 = 130.00. #1403 is
				// refunded, #1404 pending, #1407 cancelled. #1405 Ben (e-mail
				// only in billing_email): 47.60 − 7.60 = 40.00. #1406 Lea, on
				// hold: 23.80 − 3.80 = 20.00.
				file: "woocommerce_export.csv", kind: KindOrders, profile: "woocommerce-export",
				figures: map[string]string{"Ana Ruiz": "80.00 EUR", "Northwind GmbH": "130.00 EUR", "Ben Ode": "40.00 EUR",
					"Lea Kraus": "20.00 EUR"},
				tally: []string{"1 partly refunded order counted net of the refund", "1 fully refunded order not counted",
					"1 unpaid order (pending, failed or draft) not counted",
					"1 order on hold (awaiting payment) counted, as WooCommerce counts it", "1 cancelled order not counted"},
			},
		}...)
}

// TestWooRefundRows checks that a refund in the Analytics report is a
// credit of its own, on its own date: the store keeps one date per
// invoice, and the report gives the refund the order's number.
func TestWooRefundRows(t *testing.T) {
	res, err := ReadOrders(mustOpen(t, "profiles/woocommerce_orders.csv"), Options{File: "woocommerce_orders.csv"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range res.Records {
		got[r.Order.ExternalID] = r.Order.OrderedAt.Format("2006-01-02") + " " + r.Order.Amount.String()
	}
	want := map[string]string{
		"1208 refund 2025-03-10 12:00:00": "2025-03-10 -60.00", "1208": "2025-03-08 60.00",
		"1205": "2025-03-06 120.00", "1201 refund 2025-03-05 11:20:00": "2025-03-05 -15.00",
		"1204": "2025-03-04 42.50", "1202": "2025-03-02 18.00", "1201": "2025-03-01 95.00",
	}
	if !maps.Equal(got, want) {
		t.Errorf("orders:\n got  %v\n want %v", got, want)
	}
}

func TestRefundItems(t *testing.T) {
	for _, tc := range []struct {
		cell string
		want crm.Money
		ok   bool
	}{
		{"amount:59.50|reason:Returned one item|date:2025-03-09 10:00:00", 5950, true},
		{"amount:10.00|reason:a;amount:5.50|reason:b", 1550, true},
		{"amount:'7.25", 725, true},
		{"reason:no amount here", 0, false},
		{"amount:ten|reason:x", 0, false},
	} {
		got, ok := refundItems(tc.cell)
		if got != tc.want || ok != tc.ok {
			t.Errorf("refundItems(%q) = %d, %v; want %d, %v", tc.cell, got, ok, tc.want, tc.ok)
		}
	}
}
