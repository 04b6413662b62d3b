package ingest

import (
	"cmp"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// QuickBooks' reports as CSV: "Sales by Customer Detail" from QuickBooks
// Online and from QuickBooks Desktop, and QuickBooks Online's Invoice List.
//
// A report is not a table: a title block (report name, company, period,
// blank line) comes before the header, a heading row with the customer's
// name alone in the first cell comes before its lines, a "Total for
// <customer>" row after them ("Total <customer>" in Desktop), a "TOTAL" row
// after the last customer and a footer ("Accrual Basis Tuesday, …") at the
// end. Only the rows with a transaction type are sales; the others are the
// report's layout and its own sums, left out and counted under one reason
// (so an import shows that the sums were seen and not added in), and the
// TOTAL row is checked against the lines read: a report whose lines do not
// add up to its own total was not read as it was meant.
//
// Sales by Customer Detail lists income lines before sales tax, with credit
// memos and refunds already negative and the Balance a running sum (never
// read). A sub-customer or job ("Acme Corp:Spring cleanup") counts under its
// parent customer: QuickBooks allows no colon in a name. Amounts are US
// style ("1,250.00", totals with "$"), dates MM/DD/YYYY in US companies
// (decided per column, as for any file).

var (
	qbStructure = &Reason{"report line that is not a sale (customer heading, subtotal, total, footer) not counted",
		"report lines that are not sales (customer headings, subtotals, totals, footer) not counted"}
	qbCash = &Reason{"footer saying the report is on a cash basis: sales are dated when paid, not when invoiced",
		"footers saying the report is on a cash basis: sales are dated when paid, not when invoiced"}
	qbCredit = &Reason{"credit memo or refund line counted negative, as the report shows it",
		"credit memo and refund lines counted negative, as the report shows them"}
	qbJob = &Reason{"sub-customer (job) row counted under its parent customer",
		"sub-customer (job) rows counted under their parent customers"}
	qbGross = &Reason{"invoice counted with its sales tax (the list gives no net amount)",
		"invoices counted with their sales tax (the list gives no net amount)"}
	qbVoided = &Reason{"voided invoice not counted", "voided invoices not counted"}
	qbOther  = &Reason{"payment or other transaction that is not a sale not counted",
		"payments and other transactions that are not sales not counted"}
)

func init() {
	profiles = append(profiles,
		&Profile{
			Name: "quickbooks-sales", Tool: "QuickBooks Online report Sales by Customer Detail", Kind: KindOrders,
			Verified: VerifiedDocs, // reconstructed from parsers of real exports (classic and 2024 report view)
			Match:    []string{"Transaction Type", "Memo/Description", "Sales Price", "Amount", "Balance"},
			Columns: map[string]string{
				"Date": "date", "Transaction date": "date", "Num": "invoice_id", "No.": "invoice_id",
				"Customer": "customer", "Customer full name": "customer", "Name": "customer", "Amount": "amount",
			},
			Keep:   []string{"", "Transaction Type"},
			Sets:   []string{"customer"},
			Ragged: true,
			Rows:   func(pre [][]string) func(*Row) *Reason { return qbSalesRows(pre, "Transaction Type") },
		},
		&Profile{
			Name: "quickbooks-desktop-sales", Tool: "QuickBooks Desktop report Sales by Customer Detail", Kind: KindOrders,
			Verified: VerifiedGuess, // the columns of a parser of real Desktop exports, which reads them by position
			Match:    []string{"Type", "Date", "Num", "Memo", "Name", "Item", "Qty", "Sales Price", "Amount", "Balance"},
			Columns:  map[string]string{"Date": "date", "Num": "invoice_id", "Name": "customer", "Amount": "amount"},
			Keep:     []string{"", "Type"},
			Ragged:   true,
			Rows:     func(pre [][]string) func(*Row) *Reason { return qbSalesRows(pre, "Type") },
		},
		&Profile{
			Name: "quickbooks-invoices", Tool: "QuickBooks Online report Invoice List", Kind: KindOrders,
			Verified: VerifiedGuess, // the report's columns are not published; the title block and footer are its siblings'
			Match:    []string{"Transaction type", "Num", "Name", "Due date", "Amount", "Open balance"},
			Columns: map[string]string{
				"Date": "date", "Transaction date": "date", "Num": "invoice_id", "No.": "invoice_id",
				"Name": "customer", "Customer": "customer", "Customer full name": "customer", "Amount": "amount",
			},
			Keep:   []string{"", "Transaction type", "Memo/Description"},
			Ragged: true,
			Rows:   qbInvoiceRows,
		},
	)
}

// qbReport follows a QuickBooks report through its rows: the customer
// heading the lines are under, and the sum of the lines as the report
// shows them, for its TOTAL.
type qbReport struct {
	title  string // the report's name, the first line of its title block
	group  string // the last customer heading
	sum    crm.Money
	broken bool // a line's amount could not be read: TOTAL cannot agree
}

func newQBReport(preamble [][]string) *qbReport {
	q := &qbReport{}
	if len(preamble) > 0 {
		for _, c := range preamble[0] {
			if q.title = strings.TrimSpace(c); q.title != "" {
				break
			}
		}
	}
	return q
}

// layout reads a row that has no transaction type: a customer heading, a
// subtotal, the TOTAL (checked against the lines) or the footer. Its label
// is in the first column, whatever that column's header.
func (q *qbReport) layout(r *Row) *Reason {
	lead := cmp.Or(r.Get(""), r.Get("date"), r.Get("customer"))
	lower := strings.ToLower(lead)
	switch {
	case lower == "total":
		total, ok := r.Money("amount")
		if ok && !q.broken && total != q.sum {
			r.Fail("amount", "the report's TOTAL is %s but its lines add up to %s: the report was not read as it is meant", total, q.sum)
			return nil
		}
	case strings.Contains(lower, "cash basis"):
		return qbCash
	case strings.Contains(lower, "accrual basis"):
	case lead != "" && r.Get("amount") == "" && !strings.HasPrefix(lower, "total for "):
		// A heading carries no amount, a subtotal does: a customer may
		// well be called "Total Wine & More".
		q.group = lead
	}
	return qbStructure
}

// line reads the amount of a row with a transaction type into the sum, and
// names its customer: the row's own, else its heading's; a sub-customer's
// parent. It returns false when it rejected the row.
func (q *qbReport) line(r *Row) bool {
	m, ok := r.Money("amount")
	if !ok && r.Get("amount") != "" {
		q.broken = true
		r.Fail("amount", "not an amount: %q", r.Get("amount"))
		return false
	}
	if sum, err := q.sum.Add(m); err == nil {
		q.sum = sum
	} else {
		q.broken = true
	}
	name := r.Get("customer")
	if name == "" {
		if q.title != "" && !strings.Contains(strings.ToLower(q.title), "by customer") {
			r.Fail("customer", "the report %q names no customer on its lines and does not group them by customer: export Sales by Customer Detail", q.title)
			return false
		}
		if name = q.group; name == "" {
			r.Fail("customer", "a line before the first customer heading")
			return false
		}
	}
	if parent, _, job := strings.Cut(name, ":"); job && strings.TrimSpace(parent) != "" {
		name = strings.TrimSpace(parent)
		r.Note(qbJob)
	}
	r.Set("customer", name)
	return true
}

// qbSalesRows returns the function that reads Sales by Customer Detail,
// whose transaction type is in the column named typeCol.
func qbSalesRows(preamble [][]string, typeCol string) func(*Row) *Reason {
	q := newQBReport(preamble)
	return func(r *Row) *Reason {
		typ := r.Get(typeCol)
		if typ == "" {
			return q.layout(r)
		}
		if !q.line(r) {
			return nil
		}
		qbNumber(r, typ)
		if qbIsCredit(typ) {
			r.Note(qbCredit)
		}
		return nil
	}
}

// qbInvoiceRows returns the function that reads the Invoice List: one row
// per invoice, its amount with sales tax.
func qbInvoiceRows(preamble [][]string) func(*Row) *Reason {
	q := newQBReport(preamble)
	return func(r *Row) *Reason {
		typ := r.Get("Transaction type")
		if typ == "" {
			return q.layout(r)
		}
		if !q.line(r) {
			return nil
		}
		m, _ := r.Money("amount")
		switch t := headerKey(typ); {
		case t == "invoice" || t == "salesreceipt":
			if m == 0 && strings.HasPrefix(strings.ToLower(r.Get("Memo/Description")), "voided") {
				return qbVoided
			}
			r.Note(qbGross)
		case qbIsCredit(typ):
			if m > 0 {
				r.SetMoney("amount", -m)
			}
			r.Note(qbCredit)
		default:
			return qbOther
		}
		qbNumber(r, typ)
		return nil
	}
}

// qbNumber makes the number of a transaction that is not an invoice its
// own ("Credit Memo 1010"): QuickBooks numbers credit memos and receipts
// apart from invoices, and the lines of one number are one order.
func qbNumber(r *Row, typ string) {
	if num := r.Get("invoice_id"); num != "" && headerKey(typ) != "invoice" {
		r.Set("invoice_id", typ+" "+num)
	}
}

// qbIsCredit reports whether a transaction type takes money back.
func qbIsCredit(typ string) bool {
	switch headerKey(typ) {
	case "creditmemo", "refundreceipt", "refund":
		return true
	}
	return false
}
