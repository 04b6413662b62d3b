package ingest

import (
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Xero's exports: the sales invoices export (Business → Invoices → Export),
// one row per invoice line, and the contacts export.
//
// The invoice export repeats the invoice's Total and TaxTotal on every line
// of the invoice. Revenue is an invoice's Total − TaxTotal, counted once, on
// its first line: the net Xero itself computes (its API calls it SubTotal),
// right whether the lines were entered tax-exclusive or tax-inclusive — the
// export does not say which, so LineAmount is net on some invoices and gross
// on others, and a sum of lines less TaxAmount can miss the invoice's net by
// a rounding cent where tax is rounded on the total. Summing Total over every
// line counts an invoice of three lines three times, tax included.
//
// Credit notes are exported with positive amounts; Type says they are credit
// notes, and they count negative. Drafts, invoices awaiting approval, voided
// and deleted ones are no sale; overpayments and prepayments are payments;
// bills (the bills export has the same layout) are purchases. The customer is
// ContactName, the organisation; EmailAddress is only its contact's address.

var (
	xeroLine = &Reason{"further line of an invoice, read with its first (an invoice counts once: Total − TaxTotal)",
		"further lines of invoices, read with their first (an invoice counts once: Total − TaxTotal)"}
	xeroCredit  = &Reason{"credit note counted negative, net of tax", "credit notes counted negative, net of tax"}
	xeroPayment = &Reason{"overpayment or prepayment not counted (a payment, not a sale)", "overpayments and prepayments not counted (payments, not sales)"}
	xeroBill    = &Reason{"bill not counted (a purchase, not a sale)", "bills not counted (purchases, not sales)"}
)

// xeroLeftOut are the statuses of an invoice or credit note that is no
// sale, with the reason for each kind of document.
var xeroLeftOut = func() map[string][2]*Reason {
	reasons := func(status string) [2]*Reason {
		return [2]*Reason{
			{status + " invoice not counted", status + " invoices not counted"},
			{status + " credit note not counted", status + " credit notes not counted"},
		}
	}
	approval := [2]*Reason{
		{"invoice awaiting approval not counted", "invoices awaiting approval not counted"},
		{"credit note awaiting approval not counted", "credit notes awaiting approval not counted"},
	}
	return map[string][2]*Reason{
		"draft": reasons("draft"), "awaitingapproval": approval, "submitted": approval,
		"voided": reasons("voided"), "deleted": reasons("deleted"),
	}
}()

func init() {
	profiles = append(profiles,
		&Profile{
			Name: "xero-invoices", Tool: "Xero sales invoices export", Kind: KindOrders,
			Verified: VerifiedDocs, // the column list of a vendor's Xero export guide; Type values from parsers of real exports
			Match:    []string{"ContactName", "InvoiceNumber", "Total", "TaxTotal", "LineAmount", "Type", "Status"},
			Columns: map[string]string{
				"ContactName": "customer", "EmailAddress": "email", "InvoiceNumber": "invoice_id",
				"InvoiceDate": "date", "Currency": "currency",
			},
			Keep:    []string{"Total", "TaxTotal", "Type", "Status"},
			Sets:    []string{"amount"},
			Decimal: DecimalPoint,
			Rows:    func([][]string) func(*Row) *Reason { return xeroInvoiceRows() },
		},
		&Profile{
			Name: "xero-contacts", Tool: "Xero contacts export", Kind: KindAccounts,
			Verified: VerifiedDocs, // the header as three code bases reconstruct it
			Match:    []string{"ContactName", "AccountNumber", "EmailAddress", "FirstName", "LastName", "POCountry"},
			Columns: map[string]string{
				"ContactName": "name", "AccountNumber": "customer_id", "EmailAddress": "email",
				"Website": "domain", "POCountry": "region",
			},
			Keep: []string{"SACountry", "ContactStatus"},
			Sets: []string{"status"},
			Rows: func([][]string) func(*Row) *Reason { return xeroContact },
		},
	)
}

// xeroInvoiceRows returns the function that reads the lines of one
// invoices export: the first line of each invoice carries the invoice's
// net, its further lines are left out (and checked to repeat its totals).
func xeroInvoiceRows() func(*Row) *Reason {
	type first struct {
		line       int
		total, tax crm.Money
	}
	seen := map[string]first{}
	keys := map[string]string{} // Type and Status cells, folded: a handful of values
	key := func(s string) string {
		k, ok := keys[s]
		if !ok {
			k = headerKey(s)
			keys[s] = k
		}
		return k
	}
	return func(r *Row) *Reason {
		typ, number := r.Get("Type"), r.Get("invoice_id")
		total, ok := r.Money("Total")
		if !ok {
			r.Fail("Total", "not an amount: %q", r.Get("Total"))
			return nil
		}
		tax, ok := r.Money("TaxTotal")
		if !ok && r.Get("TaxTotal") != "" {
			r.Fail("TaxTotal", "not an amount: %q", r.Get("TaxTotal"))
			return nil
		}
		if number != "" {
			id := key(typ) + "\x1f" + number
			if f, ok := seen[id]; ok {
				if total != f.total || tax != f.tax {
					r.Fail("Total", "%s %s has Total %s and TaxTotal %s here but %s and %s on line %d: one number for two documents?",
						typ, number, total, tax, f.total, f.tax, f.line)
					return nil
				}
				return xeroLine
			}
			seen[id] = first{r.Line(), total, tax}
		}
		credit := false
		switch kind := key(typ); {
		case kind == "salesinvoice", kind == "accrec":
		case kind == "salescreditnote", kind == "accreccredit":
			credit = true
		case strings.Contains(kind, "overpayment"), strings.Contains(kind, "prepayment"):
			return xeroPayment
		case strings.HasPrefix(kind, "bill"), strings.HasPrefix(kind, "accpay"):
			return xeroBill
		default:
			r.Fail("Type", "unknown %q (want Sales invoice or Sales credit note)", typ)
			return nil
		}
		switch status := key(r.Get("Status")); status {
		case "paid", "awaitingpayment", "authorised", "authorized":
		default:
			out, ok := xeroLeftOut[status]
			if !ok {
				r.Fail("Status", "unknown %q (want Paid, Awaiting Payment, Draft, Awaiting Approval, Voided or Deleted)", r.Get("Status"))
				return nil
			}
			if credit {
				return out[1]
			}
			return out[0]
		}
		if number == "" {
			r.Fail("invoice_id", "missing: the lines of an invoice are told apart by their InvoiceNumber")
			return nil
		}
		net := total - tax
		if credit {
			net = -net
			r.Note(xeroCredit)
		}
		r.SetMoney("amount", net)
		return nil
	}
}

// xeroContact reads one contact: archived contacts are inactive accounts;
// the country is the postal address's, else the street address's.
func xeroContact(r *Row) *Reason {
	switch s := headerKey(r.Get("ContactStatus")); s {
	case "", "active":
	case "archived", "gdprrequest":
		r.Set("status", crm.AccountInactive)
	default:
		r.Fail("ContactStatus", "unknown %q (want ACTIVE or ARCHIVED)", r.Get("ContactStatus"))
		return nil
	}
	if r.Get("region") == "" {
		r.Set("region", r.Get("SACountry"))
	}
	return nil
}
