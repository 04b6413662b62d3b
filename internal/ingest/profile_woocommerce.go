package ingest

import (
	"cmp"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// WooCommerce has no orders export of its own in the order list; it has
// the Analytics → Orders report, downloaded as CSV (or e-mailed, for a
// long report), and shops export orders with plugins.
//
// The Analytics report has a row per order on the date it was paid (or
// created, as the shop's "date type" says) and a row per refund on the
// refund's date, with the order's number and a negative Net sales. A
// refund is read as a credit of its own, on its own date: its invoice is
// the order's number, "refund" and the refund's time ("1201 refund
// 2025-03-05 11:20:00"), as one invoice has one date. Net
// sales is the order's revenue net of tax and shipping, after discounts:
// the revenue as the shop's own reports count it. Orders never paid
// (pending, failed, draft) and cancelled ones are not counted — the
// report leaves them out by default; on-hold orders (awaiting a bank
// transfer or a cheque) are counted, as WooCommerce counts them. The
// report names the customer only (first and last name; no e-mail, no
// currency).
//
// The plugin export read here is the layout of WebToffee's "Order Export
// & Import for WooCommerce" (order_id, order_number, order_date, status,
// shipping_total, shipping_tax_total, …, tax_total, …, order_total, …,
// order_currency, …, customer_email, billing_first_name, …): one row per
// order. Its revenue is order_total less tax_total, shipping_tax_total
// and shipping_total, less the refunded share (refunded_total, or the
// amounts in refund_items); fully refunded orders are not counted.

var (
	wooUnpaid    = &Reason{"unpaid order (pending, failed or draft) not counted", "unpaid orders (pending, failed or draft) not counted"}
	wooCancelled = &Reason{"cancelled order not counted", "cancelled orders not counted"}
	wooOnHold    = &Reason{"order on hold (awaiting payment) counted, as WooCommerce counts it",
		"orders on hold (awaiting payment) counted, as WooCommerce counts them"}
	wooRefund    = &Reason{"refund counted as a negative amount on its own date", "refunds counted as negative amounts on their own dates"}
	wooRefunded  = &Reason{"fully refunded order not counted", "fully refunded orders not counted"}
	wooPartly    = &Reason{"partly refunded order counted net of the refund", "partly refunded orders counted net of the refund"}
	wooWithTax   = &Reason{"order counted with its tax (the export has no tax_total)", "orders counted with their tax (the export has no tax_total)"}
	wooRefundRaw = &Reason{"partly refunded order counted in full (no refund amount in its refund_items)",
		"partly refunded orders counted in full (no refund amount in their refund_items)"}
)

func init() {
	profiles = append(profiles,
		&Profile{
			Name: "woocommerce-orders", Tool: "WooCommerce Analytics orders report", Kind: KindOrders,
			Verified: VerifiedDocs, // the report's columns and values in WooCommerce's source (Reports/Orders)
			Match:    []string{"Date", "Order #", "Status", "Customer", "Customer type", "Items sold", "Net sales"},
			Columns: map[string]string{
				"Date": "date", "Order #": "invoice_id", "Customer": "customer", "Net sales": "amount",
			},
			Keep:       []string{"Status"},
			DateFormat: DateISO,
			Decimal:    DecimalPoint, // a PHP float, "42.5"
			Rows:       func([][]string) func(*Row) *Reason { return wooReportRow },
		},
		&Profile{
			Name: "woocommerce-export", Tool: "WooCommerce orders export (WebToffee plugin layout)", Kind: KindOrders,
			Verified: VerifiedGuess, // the header from code reading such exports; no exported file seen
			Match:    []string{"order_id", "order_number", "order_date", "status", "order_total", "order_currency", "billing_first_name"},
			Columns: map[string]string{
				"order_number": "invoice_id", "order_date": "date", "order_currency": "currency",
			},
			Keep: []string{"status", "order_total", "tax_total", "shipping_tax_total", "shipping_total", "refunded_total",
				"refund_items", "customer_email", "billing_email", "billing_company", "billing_first_name", "billing_last_name"},
			Sets:       []string{"amount", "customer", "email"},
			DateFormat: DateISO,
			Decimal:    DecimalPoint, // WooCommerce's stored values
			Rows:       func([][]string) func(*Row) *Reason { return wooExportRow },
		},
	)
}

// wooStatus is an order status as a slug without WooCommerce's "wc-"
// prefix, and why an order of that status is not counted (nil if it is).
func wooStatus(s string) (string, *Reason) {
	s = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "wc-")
	switch s {
	case "pending", "failed", "checkout-draft", "draft":
		return s, wooUnpaid
	case "cancelled", "trash":
		return s, wooCancelled
	}
	return s, nil
}

// wooReportRow reads a row of the Analytics orders report.
func wooReportRow(r *Row) *Reason {
	status, out := wooStatus(r.Get("Status"))
	if out != nil {
		return out
	}
	if net, ok := r.Money("amount"); ok && net < 0 {
		r.Note(wooRefund)
		if id := r.Get("invoice_id"); id != "" {
			r.Set("invoice_id", id+" refund "+r.Get("date"))
		}
	} else if status == "on-hold" {
		r.Note(wooOnHold)
	}
	return nil
}

// wooExportRow reads an order of the plugin export.
func wooExportRow(r *Row) *Reason {
	status, out := wooStatus(r.Get("status"))
	switch {
	case out != nil:
		return out
	case status == "refunded":
		return wooRefunded
	case status == "on-hold":
		r.Note(wooOnHold)
	}
	if r.Get("order_total") == "" {
		r.Fail("order_total", "missing")
		return nil
	}
	var m [5]crm.Money
	for i, col := range []string{"order_total", "tax_total", "shipping_tax_total", "shipping_total", "refunded_total"} {
		v, ok := amountOf(r, col)
		if !ok {
			return nil
		}
		m[i] = v
	}
	total, refunded := m[0], m[4]
	net := total - m[1] - m[2] - m[3]
	if !r.Has("tax_total") {
		r.Note(wooWithTax)
	}
	if !r.Has("refunded_total") && r.Get("refund_items") != "" {
		var ok bool
		if refunded, ok = refundItems(r.Get("refund_items")); !ok {
			r.Note(wooRefundRaw)
		}
	}
	revenue := net
	if total != 0 {
		revenue = prorate(net, total-refunded, total)
	}
	if refunded > 0 {
		if revenue <= 0 {
			return wooRefunded
		}
		r.Note(wooPartly)
	}
	r.SetMoney("amount", revenue)
	name := strings.TrimSpace(r.Get("billing_first_name") + " " + r.Get("billing_last_name"))
	r.Set("customer", cmp.Or(r.Get("billing_company"), name))
	r.Set("email", cmp.Or(r.Get("customer_email"), r.Get("billing_email")))
	return nil
}

// refundItems sums the refunds a plugin packs into one cell,
// "amount:15.00|reason:…|date:…;amount:5.00|…"; ok is false when the cell
// names no amount.
func refundItems(s string) (sum crm.Money, ok bool) {
	for _, part := range strings.FieldsFunc(s, func(c rune) bool { return c == '|' || c == ';' }) {
		key, val, found := strings.Cut(part, ":")
		if !found || !strings.EqualFold(strings.TrimSpace(key), "amount") {
			continue
		}
		m, _, good := parseMoney(strings.TrimPrefix(strings.TrimSpace(val), "'"), DecimalPoint)
		if !good {
			return 0, false
		}
		sum, ok = sum+m, true
	}
	return sum, ok
}
