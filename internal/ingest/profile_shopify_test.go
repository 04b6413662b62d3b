package ingest

import (
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Shopify's orders export; every figure was worked out by hand from the
// rows.
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
				// Revenue is the Subtotal (items after discounts, before
				// shipping and tax), less the refunded share of the Total.
				// #1001 Ana: 90.00 + 5.00 + 7.20 = 102.20 = Total, counts 90.00
				// (its second line is left out). #1002 Ben: 50.00 of 54.00,
				// 21.60 refunded: 50.00 × 32.40 / 54.00 = 30.00. #1003 is
				// cancelled. #1004 Ana 20.00. #1005 Northwind (billing company):
				// 100.00 of goods − 10.00 discount = Subtotal 90.00. #1006
				// refunded, #1007 pending, #1009 voided. #1008 Northwind, partly
				// paid: 108.00 of 216.00 outstanding, 200.00 × 108 / 216 =
				// 100.00. Ana 90 + 20 = 110, Northwind 90 + 100 = 190.
				file: "shopify_orders.csv", kind: KindOrders, profile: "shopify-orders",
				figures: map[string]string{"Ana Ruiz": "110.00 USD", "Ben Ode": "30.00 USD", "Northwind Traders": "190.00 USD"},
				tally: []string{"3 line items after their order's first line (an order counts once, from its totals)",
					"1 partly refunded order counted net of the refund", "1 cancelled order not counted",
					"1 fully refunded order not counted", "1 unpaid order (pending, authorized or expired) not counted",
					"1 partly paid order counted for the part paid", "1 voided order not counted"},
			},
			{
				// A German shop, prices with 19 % VAT included: Total =
				// Subtotal + Shipping, the Taxes inside. #2001 Müller: 119.00
				// with 19.00 VAT = 100.00. #2002 Kraus: 59.50 + 5.95 shipping =
				// 65.45 with 10.45 VAT; the Subtotal's share: 59.50 × 55.00 /
				// 65.45 = 50.00. #2003 Müller: 238.00 with 38.00 VAT = 200.00,
				// half of it (119.00 of 238.00) refunded = 100.00. Müller 200.
				file: "shopify_orders_eu.csv", kind: KindOrders, profile: "shopify-orders",
				figures: map[string]string{"Müller GmbH": "200.00 EUR", "Lea Kraus": "50.00 EUR"},
				tally: []string{"3 orders priced with tax included counted net of the tax",
					"1 line item after its order's first line (the order counts once, from its totals)",
					"1 partly refunded order counted net of the refund"},
			},
		}...)
}

// TestShopifyOrderLines checks the lines of one order: an order's
// totals again on a later line, or missing on its first, are errors, not
// counted twice or dropped.
func TestShopifyOrderLines(t *testing.T) {
	const header = "Name,Email,Financial Status,Currency,Subtotal,Shipping,Taxes,Total,Created at,Lineitem quantity,Lineitem name,Billing Name\n"
	for _, tc := range []struct{ name, rows, want string }{
		{"totals twice", "#1,a@x.example,paid,USD,10.00,0.00,0.00,10.00,2025-03-01 10:00:00 +0000,1,Cap,Ann\n" +
			"#1,a@x.example,paid,USD,10.00,0.00,0.00,10.00,2025-03-01 10:00:00 +0000,1,Cap,Ann\n", "order #1 again, with its totals"},
		{"no totals", "#2,,,,,,,,,1,Cap,\n", "the first line of order #2 has no Total"},
		{"unknown status", "#3,a@x.example,settled,USD,10.00,0.00,0.00,10.00,2025-03-01 10:00:00 +0000,1,Cap,Ann\n", `not a financial status of Shopify: "settled"`},
		{"bad amount", "#4,a@x.example,paid,USD,ten,0.00,0.00,10.00,2025-03-01 10:00:00 +0000,1,Cap,Ann\n", `not an amount: "ten"`},
	} {
		res, err := ReadOrders(strings.NewReader(header+tc.rows), Options{File: "orders_export.csv"})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), tc.want) {
			t.Errorf("%s: errors %q, want one with %q", tc.name, errorStrings(res.Errors), tc.want)
		}
	}
}

func TestProrate(t *testing.T) {
	for _, tc := range []struct{ m, num, den, want crm.Money }{
		{5000, 3240, 5400, 3000}, // 50.00 × 32.40 / 54.00
		{10000, 1, 3, 3333},      // 33.333…
		{20000, 1, 3, 6667},      // 66.666…, up
		{-20000, 1, 3, -6667},    // and away from zero below it
		{50, 1, 4, 13},           // 12.5: half away from zero
		{-50, 1, 4, -13},         //
		{50, -1, -4, 13},         // signs of num and den cancel
		{crm.MaxMoney, crm.MaxMoney - 1, crm.MaxMoney, crm.MaxMoney - 1}, // no overflow
		{777, 5, 5, 777},
	} {
		if got := prorate(tc.m, tc.num, tc.den); got != tc.want {
			t.Errorf("prorate(%d, %d, %d) = %d, want %d", tc.m, tc.num, tc.den, got, tc.want)
		}
	}
}
