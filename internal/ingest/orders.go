package ingest

import (
	"io"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// ReadOrders reads an orders (invoices) file. Each row needs an account
// (customer_id, customer or email), a date and an amount — or, in a
// line-level export without an amount column, a unit price and a quantity
// (default 1), whose product is the row's amount (see lineAmount); the
// currency comes from its column or from a symbol in the amount (or price).
// Rows with one invoice number are one invoice (the store sums them).
// Without an invoice number the order's ExternalID is a content key over
// account, date, amount and currency. Order.Source is left for the store
// to set. A final column (Schlussrechnung, project closed: yes or no)
// marks the final invoice of a project, a contact_email column names the
// invoice's contact, a code column the offer or discount code it was
// placed with.
func ReadOrders(r io.Reader, opt Options) (*Result[crm.OrderRecord], error) {
	t, b, err := open(r, KindOrders, opt)
	if err != nil {
		return nil, err
	}
	var (
		cID      = t.slot("customer_id")
		cName    = t.slot("customer")
		cEmail   = t.slot("email")
		cInvoice = t.slot("invoice_id")
		cCur     = t.slot("currency")
		cFinal   = t.slot("final")
		cContact = t.slot("contact_email")
		cCode    = t.slot("code")
		date     = b.dateCol("date")
		amount   = b.amountCol("amount")
		qty      = b.amountCol("quantity")
		price    = b.amountCol("unit_price")
	)
	recs := make([]crm.OrderRecord, 0, t.rows())
	for i := range t.rows() {
		b.start(i)
		ref := b.accountRef(cID, cName, cEmail)
		at := b.date(date, "date", true)
		var v crm.Money
		var sym string
		if amount.slot >= 0 {
			v, sym, _ = b.money(amount, "amount", true)
		} else {
			v, sym = b.lineAmount(qty, price)
		}
		cur := b.currency(cCur, sym)
		final, ok := yesNo(b.cell(cFinal), false)
		if !ok {
			b.fail("final", "want yes or no (ja, nein, true, false, 1, 0), got %q", b.cell(cFinal))
		}
		contact := b.email(cContact, "contact_email")
		if !b.ok {
			continue
		}
		inv := b.cell(cInvoice)
		if inv == "" {
			b.keyStart()
			b.keyAdd(ref.ExternalID)
			b.keyAdd(ref.Name)
			b.keyAdd(ref.Email)
			b.keyAddDate(at)
			b.keyAddMoney(v)
			b.keyAdd(cur)
			inv = b.key()
		}
		recs = append(recs, crm.OrderRecord{
			Line:    b.line,
			Account: ref,
			Order:   crm.Order{ExternalID: inv, OrderedAt: at, Amount: v, Currency: cur, Final: final, ContactEmail: contact},
			Code:    b.cell(cCode),
		})
	}
	return finish(b, recs), nil
}
