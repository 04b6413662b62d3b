package ingest

import (
	"strings"
)

// Stripe's invoices export (Invoices → Export, "invoices.csv"): a row per
// invoice, amounts in the currency's units as the dashboard shows them
// (in its user's locale: "119.00" or "119,00"), dates in UTC. Revenue is
// what a paid invoice billed net of tax: Total (after discounts) less Tax
// (the sum of its exclusive and inclusive taxes). Drafts, open (unpaid),
// void and uncollectible invoices are not counted, nor paid invoices of
// nothing (a trial's). The customer is named by Customer Name, else its
// e-mail; Customer is its id ("cus_…"). An invoice's payment is also in
// the payments export (its Invoice ID): import one of the two, not both.

var (
	stripeInvDraft         = &Reason{"draft invoice not counted", "draft invoices not counted"}
	stripeInvOpen          = &Reason{"open (unpaid) invoice not counted", "open (unpaid) invoices not counted"}
	stripeInvVoid          = &Reason{"void invoice not counted", "void invoices not counted"}
	stripeInvUncollectible = &Reason{"uncollectible invoice not counted", "uncollectible invoices not counted"}
	stripeInvZero          = &Reason{"paid invoice of nothing (a trial's) not counted", "paid invoices of nothing (trials') not counted"}
	stripeInvWithTax       = &Reason{"invoice counted with its tax (the export has no Tax column)", "invoices counted with their tax (the export has no Tax column)"}
)

func init() {
	profiles = append(profiles, &Profile{
		Name: "stripe-invoices", Tool: "Stripe invoices export", Kind: KindOrders,
		Verified: VerifiedGuess, // column names from code reading such exports; no exported file seen
		Match:    []string{"Amount Due", "Amount Paid", "Date (UTC)", "Status", "Total"},
		Columns: map[string]string{
			"id": "invoice_id", "Date (UTC)": "date", "Currency": "currency", "Customer": "customer_id",
			"Customer Name": "customer", "Customer Email": "email",
		},
		Keep: []string{"Status", "Total", "Tax", "Exclusive Tax Amount", "Inclusive Tax Amount"},
		Sets: []string{"amount", "customer"},
		Rows: func([][]string) func(*Row) *Reason { return stripeInvoice },
	})
}

// stripeInvoice reads one invoice.
func stripeInvoice(r *Row) *Reason {
	switch strings.ToLower(r.Get("Status")) {
	case "paid":
	case "draft":
		return stripeInvDraft
	case "open":
		return stripeInvOpen
	case "void":
		return stripeInvVoid
	case "uncollectible":
		return stripeInvUncollectible
	default:
		r.Fail("Status", "not a status of a Stripe invoice: %q", r.Get("Status"))
		return nil
	}
	if r.Get("Total") == "" {
		r.Fail("Total", "missing")
		return nil
	}
	total, ok := amountOf(r, "Total")
	if !ok {
		return nil
	}
	taxCols := []string{"Tax"}
	if !r.Has("Tax") {
		taxCols = []string{"Exclusive Tax Amount", "Inclusive Tax Amount"}
		if !r.Has(taxCols[0]) && !r.Has(taxCols[1]) {
			r.Note(stripeInvWithTax)
		}
	}
	net := total
	for _, col := range taxCols {
		tax, ok := amountOf(r, col)
		if !ok {
			return nil
		}
		net -= tax
	}
	switch {
	case net == 0:
		return stripeInvZero
	case net < 0:
		r.Fail("Total", "the tax (%s) is more than the invoice's Total (%s)", (total - net).String(), total.String())
		return nil
	}
	r.SetMoney("amount", net)
	if r.Get("customer") == "" {
		r.Set("customer", r.Get("email"))
	}
	return nil
}
