package ingest

import (
	"strings"
	"testing"
)

// TestShopProfilesLeaveOthersAlone checks that the shop and invoice
// profiles take only their own exports: a plain invoices file, or one
// that shares a few of their column names, is read as any file.
func TestShopProfilesLeaveOthersAlone(t *testing.T) {
	for _, head := range []string{
		"Invoice,Customer,Date,Status,Subtotal,Tax,Total\nR-1,Acme,2025-03-01,paid,100,19,119\n",
		"Name,Email,Financial Status,Subtotal,Taxes,Total,Created at\nAcme,a@acme.example,paid,100,19,119,2025-03-01\n",
		"order_id,order_date,status,order_total,order_currency,customer_email\n1,2025-03-01,completed,119,EUR,a@acme.example\n",
		"Date,Order,Status,Customer,Net sales\n2025-03-01,1,completed,Acme,100\n",
		"id,Customer,Status,Subtotal,Tax,Total,Amount Due,Amount Paid,Date\nin_1,Acme,paid,100,19,119,119,119,2025-03-01\n",
	} {
		if p := Sniff([]byte(head), KindOrders, Options{}).Profile; p != nil {
			t.Errorf("%q read as %s", strings.SplitN(head, "\n", 2)[0], p.Name)
		}
	}
}

// TestShopProfilesByTool checks --source with a tool's name: it picks the
// tool's export among its profiles by the header, and refuses a file of
// another tool.
func TestShopProfilesByTool(t *testing.T) {
	for _, tc := range []struct{ file, source, want string }{
		{"stripe_invoices.csv", "stripe", "stripe-invoices"},
		{"stripe_payments.csv", "stripe", "stripe-payments"},
		{"woocommerce_export.csv", "woocommerce", "woocommerce-export"},
		{"woocommerce_orders.csv", "woocommerce", "woocommerce-orders"},
		{"shopify_orders.csv", "Shopify", "shopify-orders"},
	} {
		res, err := ReadOrders(mustOpen(t, "profiles/"+tc.file), Options{File: tc.file, Profile: tc.source})
		if err != nil {
			t.Errorf("%s --source %s: %v", tc.file, tc.source, err)
			continue
		}
		if res.Profile == nil || res.Profile.Name != tc.want {
			t.Errorf("%s --source %s: read as %+v, want %s", tc.file, tc.source, res.Profile, tc.want)
		}
	}
	_, err := ReadOrders(mustOpen(t, "profiles/stripe_invoices.csv"), Options{File: "stripe_invoices.csv", Profile: "shopify"})
	if err == nil || !strings.Contains(err.Error(), "not a Shopify orders export") {
		t.Errorf("stripe_invoices.csv --source shopify: %v, want: not a Shopify orders export", err)
	}
}
