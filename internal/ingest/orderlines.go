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
		p, _, hasP := b.number(price, "unit_price", false)
		a, _, hasA := b.number(amount, "amount", false)
		uc, _, hasUC := b.number(cost, "unit_cost", false)
		if !b.ok {
			continue
		}
		if !hasQ {
			q = 1
		}
		if !hasA {
			a = q * p
		}
		if !hasP && hasA && q != 0 {
			p = a / q
		}
		if b.check(crm.Amount("amount", a), crm.Amount("unit_price", p)); !b.ok {
			continue
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
