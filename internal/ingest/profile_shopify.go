package ingest

import (
	"cmp"
	"math/big"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Shopify's orders export (Orders → Export, "orders_export.csv"): one row
// per line item; the order's own columns (Email, Financial Status,
// Subtotal, Shipping, Taxes, Total, Refunded Amount, Created at, the
// addresses) are filled on the order's first row only, the rows after it
// carry its Name (#1001) and their Lineitem columns. An order counts once,
// from its first row: its Subtotal — the items after discounts, before
// shipping and tax — less the share of it refunded (Refunded Amount is
// what went back, tax and shipping included: the order keeps
// (Total − Refunded Amount) ÷ Total of its Subtotal). In a shop whose
// prices include tax (Total = Subtotal + Shipping, the Taxes inside them)
// the tax is taken out of the Subtotal in the share of Subtotal in
// Subtotal + Shipping. Cancelled orders (Cancelled at set), voided and
// fully refunded ones, and orders never paid (pending, authorized,
// expired) are not counted. The customer is the billing company, else
// the billing name; Email is the customer's e-mail.

var (
	shopifyLines = &Reason{"line item after its order's first line (the order counts once, from its totals)",
		"line items after their order's first line (an order counts once, from its totals)"}
	shopifyCancelled  = &Reason{"cancelled order not counted", "cancelled orders not counted"}
	shopifyVoided     = &Reason{"voided order not counted", "voided orders not counted"}
	shopifyRefunded   = &Reason{"fully refunded order not counted", "fully refunded orders not counted"}
	shopifyUnpaid     = &Reason{"unpaid order (pending, authorized or expired) not counted", "unpaid orders (pending, authorized or expired) not counted"}
	shopifyPartly     = &Reason{"partly refunded order counted net of the refund", "partly refunded orders counted net of the refund"}
	shopifyPartPaid   = &Reason{"partly paid order counted for the part paid", "partly paid orders counted for the part paid"}
	shopifyPaidInFull = &Reason{"partly paid order counted in full (the export has no Outstanding Balance)",
		"partly paid orders counted in full (the export has no Outstanding Balance)"}
	shopifyInclusive = &Reason{"order priced with tax included counted net of the tax", "orders priced with tax included counted net of the tax"}
	shopifyUneven    = &Reason{"order whose Total is not Subtotal + Shipping + Taxes counted at its Subtotal",
		"orders whose Total is not Subtotal + Shipping + Taxes counted at their Subtotal"}
)

func init() {
	profiles = append(profiles, &Profile{
		Name: "shopify-orders", Tool: "Shopify orders export", Kind: KindOrders,
		Verified: VerifiedReal, // the 79-column header, against a real exported row (docs.xbp.app)
		Match:    []string{"Name", "Financial Status", "Subtotal", "Taxes", "Total", "Created at", "Lineitem quantity", "Lineitem name"},
		Columns: map[string]string{
			"Name": "invoice_id", "Email": "email", "Created at": "date", "Currency": "currency", "Discount Code": "code",
		},
		Keep: []string{"Financial Status", "Cancelled at", "Subtotal", "Shipping", "Taxes", "Duties", "Total",
			"Refunded Amount", "Outstanding Balance", "Billing Company", "Billing Name"},
		Sets:       []string{"amount", "customer"},
		DateFormat: DateISO, // 2025-03-01 10:15:02 -0500: the shop's day, as written
		Decimal:    DecimalPoint,
		Rows:       func([][]string) func(*Row) *Reason { return shopifyOrders() },
	})
}

// shopifyOrders returns the row function of one read: it remembers the
// orders met, so that an order's further line items are left out.
func shopifyOrders() func(*Row) *Reason {
	seen := map[string]bool{}
	return func(r *Row) *Reason {
		name := r.Get("invoice_id")
		if name == "" {
			r.Fail("invoice_id", "no order Name: every line of the export names its order")
			return nil
		}
		first := r.Get("Total") != "" || r.Get("Financial Status") != ""
		if seen[name] {
			if first {
				r.Fail("invoice_id", "order %s again, with its totals: an order's totals are on its first line only", name)
				return nil
			}
			return shopifyLines
		}
		seen[name] = true
		if !first {
			r.Fail("Total", "the first line of order %s has no Total", name)
			return nil
		}
		return shopifyOrder(r)
	}
}

// shopifyOrder reads the first line of an order: whether it counts, and
// its revenue.
func shopifyOrder(r *Row) *Reason {
	if r.Get("Cancelled at") != "" {
		return shopifyCancelled
	}
	status := strings.ToLower(r.Get("Financial Status"))
	switch status {
	case "paid", "partially_paid", "partially_refunded":
	case "refunded":
		return shopifyRefunded
	case "voided":
		return shopifyVoided
	case "pending", "authorized", "expired":
		return shopifyUnpaid
	default:
		r.Fail("Financial Status", "not a financial status of Shopify: %q", r.Get("Financial Status"))
		return nil
	}
	var m [7]crm.Money
	for i, col := range []string{"Subtotal", "Shipping", "Taxes", "Duties", "Total", "Refunded Amount", "Outstanding Balance"} {
		v, ok := amountOf(r, col)
		if !ok {
			return nil
		}
		m[i] = v
	}
	subtotal, shipping, taxes, duties, total, refunded, outstanding := m[0], m[1], m[2], m[3], m[4], m[5], m[6]

	net := subtotal
	switch base := subtotal + shipping + duties; {
	case base+taxes == total:
	case base == total:
		// Prices include tax: the Taxes are inside Subtotal and Shipping.
		if goods := subtotal + shipping; goods != 0 {
			net = prorate(subtotal, goods-taxes, goods)
		}
		r.Note(shopifyInclusive)
	default:
		r.Note(shopifyUneven)
	}

	kept := total - refunded
	if status == "partially_paid" {
		if r.Get("Outstanding Balance") == "" {
			r.Note(shopifyPaidInFull)
		} else {
			kept -= outstanding
			r.Note(shopifyPartPaid)
		}
	}
	revenue := net
	if total != 0 {
		revenue = prorate(net, kept, total)
	}
	if refunded > 0 {
		if revenue <= 0 {
			return shopifyRefunded
		}
		r.Note(shopifyPartly)
	}
	r.SetMoney("amount", revenue)
	r.Set("customer", cmp.Or(r.Get("Billing Company"), r.Get("Billing Name")))
	return nil
}

// amountOf reads the amount in the column name: 0 for an empty cell or a
// column the file lacks. A ' before the number (which some exports write
// to keep spreadsheets from reading "-5" as a formula) is dropped. A cell
// that is not an amount fails the row, and ok is false.
func amountOf(r *Row, name string) (m crm.Money, ok bool) {
	s := strings.TrimPrefix(r.Get(name), "'")
	if s == "" {
		return 0, true
	}
	m, _, ok = parseMoney(s, r.t.decimalOf(r.t.slotOf(name)))
	if !ok {
		r.Fail(name, "not an amount: %q", r.Get(name))
	}
	return m, ok
}

// prorate is m × num ÷ den to the cent, halves away from zero, computed
// exactly (den ≠ 0): the share num/den of an amount.
func prorate(m, num, den crm.Money) crm.Money {
	if num == den {
		return m
	}
	p := new(big.Int).Mul(big.NewInt(int64(m)), big.NewInt(int64(num)))
	d := big.NewInt(int64(den))
	q, rem := new(big.Int).QuoRem(p, d, new(big.Int))
	if rem.Abs(rem).Lsh(rem, 1).CmpAbs(d) >= 0 {
		if p.Sign()*d.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return crm.Money(q.Int64())
}
