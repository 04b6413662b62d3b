package ingest

import (
	"cmp"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Stripe's exports of charges: the dashboard's payments export, and the
// API's objects as Sigma and scripts write them, in minor units with Unix
// times. Revenue is what a customer paid and kept paying: succeeded,
// captured, live charges net of refunds and of disputes lost. The customer
// is named by its description or e-mail; "cus_…" is its id.

var (
	stripeFailed   = &Reason{"failed or uncaptured payment not counted", "failed or uncaptured payments not counted"}
	stripeRefunded = &Reason{"fully refunded payment not counted", "fully refunded payments not counted"}
	stripePartly   = &Reason{"partly refunded payment counted net of the refund", "partly refunded payments counted net of the refund"}
	stripeTest     = &Reason{"test-mode payment not counted", "test-mode payments not counted"}
	stripeDispute  = &Reason{"payment lost in a dispute not counted", "payments lost in a dispute not counted"}
)

func init() {
	profiles = append(profiles,
		&Profile{
			Name: "stripe-payments", Tool: "Stripe payments export", Kind: KindOrders,
			Verified: VerifiedDocs, // and published rows of real exports of 2014–2021
			Match:    []string{"Amount Refunded", "Customer ID", "Status", "Amount", "Currency"},
			Columns: map[string]string{
				"id": "invoice_id", "Created": "date", "Created (UTC)": "date", "Created date (UTC)": "date",
				"Amount": "amount", "Currency": "currency", "Customer ID": "customer_id",
				"Customer Description": "customer", "Customer Email": "email",
			},
			Keep: []string{"Amount Refunded", "Status", "Captured", "Mode", "Converted Amount",
				"Converted Amount Refunded", "Converted Currency", "Dispute Status", "Disputed Amount"},
			Rows: func([][]string) func(*Row) *Reason { return stripePayment },
		},
		&Profile{
			Name: "stripe-charges", Tool: "Stripe charges (API or Sigma, minor units)", Kind: KindOrders,
			Verified: VerifiedDocs, // Stripe's API reference: the charge object
			Match:    []string{"amount", "amount_refunded", "currency", "created", "customer", "status"},
			Columns: map[string]string{
				"id": "invoice_id", "created": "date", "amount": "amount", "currency": "currency",
				"customer": "customer_id", "customer_description": "customer", "customer_email": "email",
				"billing_details_name": "customer", "billing_details_email": "email",
			},
			Keep:       []string{"amount_refunded", "status", "captured", "livemode", "disputed"},
			DateFormat: DateISO,
			Rows:       func([][]string) func(*Row) *Reason { return stripeCharge },
		},
	)
}

// stripePayment reads one row of the dashboard's payments export.
func stripePayment(r *Row) *Reason {
	if strings.EqualFold(r.Get("Mode"), "Test") {
		return stripeTest
	}
	if !stripeSucceeded(r.Get("Status"), r.Get("Captured")) {
		return stripeFailed
	}
	amount, refunded := "amount", "Amount Refunded"
	if cur := r.Get("Converted Currency"); cur != "" && r.Get("Converted Amount") != "" {
		// An account that sells in several currencies: Stripe converted
		// each charge into the one it settles in.
		amount, refunded = "Converted Amount", "Converted Amount Refunded"
		r.Set("currency", cur)
	}
	paid, ok := r.Money(amount)
	if !ok {
		r.Fail("amount", "not an amount: %q", r.Get(amount))
		return nil
	}
	back, ok := r.Money(refunded)
	if !ok && r.Get(refunded) != "" {
		r.Fail("amount", "%s: not an amount: %q", refunded, r.Get(refunded))
		return nil
	}
	if strings.EqualFold(r.Get("Dispute Status"), "lost") {
		if d, ok := r.Money("Disputed Amount"); ok {
			back += d
		}
	}
	return stripeNet(r, paid, back, strings.EqualFold(r.Get("Dispute Status"), "lost"))
}

// stripeCharge reads one charge as the API writes it.
func stripeCharge(r *Row) *Reason {
	if v := r.Get("livemode"); v != "" && !truthy(v) {
		return stripeTest
	}
	if !stripeSucceeded(r.Get("status"), r.Get("captured")) {
		return stripeFailed
	}
	cur := r.Get("currency")
	paid, ok := minorUnits(r.Get("amount"), cur)
	if !ok {
		r.Fail("amount", "not a whole number of the currency's smallest unit: %q", r.Get("amount"))
		return nil
	}
	back, ok := minorUnits(cmp.Or(r.Get("amount_refunded"), "0"), cur)
	if !ok {
		r.Fail("amount_refunded", "not a whole number of the currency's smallest unit: %q", r.Get("amount_refunded"))
		return nil
	}
	if at, ok := unixDay(r.Get("date")); ok {
		r.Set("date", at)
	}
	return stripeNet(r, paid, back, false)
}

// stripeNet sets the row's amount to paid less back, or leaves the row out
// when nothing is left.
func stripeNet(r *Row, paid, back crm.Money, disputed bool) *Reason {
	switch {
	case back >= paid && disputed:
		return stripeDispute
	case back >= paid:
		return stripeRefunded
	case back > 0:
		r.Note(stripePartly)
	}
	r.SetMoney("amount", paid-back)
	if r.Get("customer") == "" {
		r.Set("customer", r.Get("email"))
	}
	return nil
}

// stripeSucceeded reports whether a charge's status and captured flag say
// the money came in ("Paid" on the dashboard, "succeeded" in the API;
// an authorisation never captured did not).
func stripeSucceeded(status, captured string) bool {
	switch strings.ToLower(status) {
	case "paid", "succeeded", "refunded", "partially refunded":
	default:
		return false
	}
	return captured == "" || truthy(captured)
}

func truthy(s string) bool {
	switch strings.ToLower(s) {
	case "true", "t", "yes", "1":
		return true
	}
	return false
}

// minorUnits reads an integer amount in a currency's smallest unit: cents
// for most, yen for JPY, fils (thousandths) for KWD.
func minorUnits(s, currency string) (crm.Money, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > int64(crm.MaxMoney) || n < -int64(crm.MaxMoney) {
		return 0, false
	}
	switch decimalsOf(currency) {
	case 0:
		return crm.Money(n) * 100, true
	case 3:
		// Thousandths to hundredths, halves to even.
		q, rem := n/10, n%10
		if rem < 0 {
			rem = -rem
		}
		if rem > 5 || rem == 5 && q%2 != 0 {
			if n < 0 {
				q--
			} else {
				q++
			}
		}
		return crm.Money(q), true
	}
	return crm.Money(n), true
}

// decimalsOf is how many decimals a currency's minor unit has (Stripe's
// list of zero- and three-decimal currencies).
func decimalsOf(currency string) int {
	switch strings.ToUpper(currency) {
	case "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF":
		return 0
	case "BHD", "JOD", "KWD", "OMR", "TND":
		return 3
	}
	return 2
}

// unixDay reads a Unix time in seconds as its day in UTC, "2026-01-05".
func unixDay(s string) (string, bool) {
	if s == "" || strings.Trim(s, "0123456789") != "" || len(s) > 11 {
		return "", false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return "", false
	}
	return time.Unix(n, 0).UTC().Format(time.DateOnly), true
}
