package ingest

import (
	"io"
	"math"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// ReadOrderLines reads an order-lines file. Each row needs an invoice
// number and a sku or product name. Quantity defaults to 1, amount to
// quantity × unit price, unit price to amount ÷ quantity. Without a line
// number a row's line number is its position among the rows of its invoice.
func ReadOrderLines(r io.Reader, opt Options) (*Result[crm.OrderLineRecord], error) {
	t, b, err := open(r, KindOrderLines, opt)
	if err != nil {
		return nil, err
	}
	var (
		cInvoice = t.slot("invoice_id")
		cLine    = t.slot("line")
		cSKU     = t.slot("sku")
		cProduct = t.slot("product")
		qty      = b.amountCol("quantity")
		price    = b.amountCol("unit_price")
		amount   = b.amountCol("amount")
		cost     = b.amountCol("unit_cost")
		position = make(map[string]int)
	)
	recs := make([]crm.OrderLineRecord, 0, t.rows())
	for i := range t.rows() {
		b.start(i)
		inv := b.cell(cInvoice)
		pos := 0
		if inv == "" {
			b.fail("invoice_id", "missing")
		} else {
			position[inv]++
			pos = position[inv]
		}
		if s := b.cell(cLine); s != "" {
			n, _, ok := parseAmount(s, DecimalPoint)
			if !ok || n < 0 || n != math.Trunc(n) || n > math.MaxInt32 {
				b.fail("line", "not a whole number: %q", s)
			}
			pos = int(n)
		}
		sku, product := b.cell(cSKU), b.cell(cProduct)
		if sku == "" && product == "" {
			b.fail("product", "missing (need sku or product)")
		}
		q, _, hasQ := b.number(qty, "quantity", false)
		_, _, hasP := b.number(price, "unit_price", false)
		a, _, hasA := b.money(amount, "amount", false)
		p, _, _ := b.money(price, "unit_price", false)
		uc, _, hasUC := b.money(cost, "unit_cost", false)
		if !b.ok {
			continue
		}
		qs := b.cell(qty.slot)
		if !hasQ {
			q, qs = 1, "1"
		}
		switch {
		case !hasA:
			// The line's amount is quantity × unit price, multiplied as
			// the decimals they are written as and rounded to the cent
			// once: a unit price of 0.001 stays 0.001 until then.
			var ok bool
			if a, ok = lineAmount(qs, qty.conv, b.cell(price.slot), price.conv); !ok {
				b.fail("amount", "quantity × unit price is beyond the limit of ±1,000,000,000,000")
				continue
			}
		case !hasP && q != 0:
			var err error
			if p, err = crm.MoneyFromFloat(a.Float() / q); err != nil {
				b.fail("unit_price", "%v", err)
				continue
			}
		}
		recs = append(recs, crm.OrderLineRecord{
			Line:            b.line,
			OrderExternalID: inv,
			SKU:             sku,
			ProductName:     product,
			UnitCost:        uc,
			HasUnitCost:     hasUC,
			OrderLine:       crm.OrderLine{LineNo: pos, Quantity: q, UnitPrice: p, Amount: a},
		})
	}
	return finish(b, recs), nil
}
