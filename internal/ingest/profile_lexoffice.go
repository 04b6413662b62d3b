package ingest

import (
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// lexoffice (Lexware Office): the list of outgoing vouchers (Belege →
// Ausgangsbelege) as a CSV file. No real export was at hand: the columns are
// reconstructed from the API's voucher list (voucherDate, voucherNumber,
// contactName, voucherStatus, totals) in the words of the German interface.
// Revenue is the net amount (Netto) of invoices that were issued: drafts are
// left out, and so are cancelled invoices (storniert) — lexoffice cancels an
// invoice by stamping it, without a second document, so nothing else takes
// it back. Credit notes (Rechnungskorrektur, formerly Gutschrift) are
// negative; where a voucher type column says so and the amount is positive,
// the sign is turned. The collective contact (Sammelkunde) of one-off
// customers is counted as one customer, and said so.

var (
	lexDraft      = &Reason{"draft not counted", "drafts not counted"}
	lexVoided     = &Reason{"cancelled invoice (storniert) not counted", "cancelled invoices (storniert) not counted"}
	lexCredit     = &Reason{"credit note (Rechnungskorrektur) counted negative", "credit notes (Rechnungskorrektur) counted negative"}
	lexAdvance    = &Reason{"down-payment invoice counted; its final invoice is taken to deduct it", "down-payment invoices counted; their final invoices are taken to deduct them"}
	lexCollective = &Reason{"invoice to the collective customer (Sammelkunde) counted as one customer", "invoices to the collective customer (Sammelkunde) counted as one customer"}
	lexNotSales   = &Reason{"voucher that is no sales invoice or credit note (quotation, order confirmation, delivery note, purchase) not counted",
		"vouchers that are no sales invoices or credit notes (quotations, order confirmations, delivery notes, purchases) not counted"}
)

func init() {
	profiles = append(profiles, &Profile{
		Name: "lexoffice", Tool: "lexoffice vouchers export", Kind: KindOrders,
		Verified: VerifiedGuess, // columns reconstructed from the API's voucher list
		Match:    []string{"Belegdatum", "Belegnummer", "Kontakt", "Status", "Netto"},
		Columns: map[string]string{
			"Belegdatum": "date", "Belegnummer": "invoice_id", "Kontakt": "customer", "Kundennummer": "customer_id",
			"Netto": "amount", "Währung": "currency",
		},
		Keep: []string{"Status", "Belegtyp"},
		Rows: func([][]string) func(*Row) *Reason { return lexofficeVoucher(newStatusNotes()) },
	})
}

// lexofficeVoucher reads one voucher.
func lexofficeVoucher(unknown *statusNotes) func(*Row) *Reason {
	return func(r *Row) *Reason {
		kind := headerKey(r.Get("Belegtyp"))
		switch kind {
		case "", "rechnung", "invoice", "salesinvoice", "rechnungskorrektur", "gutschrift", "creditnote",
			"salescreditnote", "abschlagsrechnung", "anzahlungsrechnung", "downpaymentinvoice":
		case "angebot", "quotation", "auftragsbestatigung", "orderconfirmation", "lieferschein", "deliverynote",
			"eingangsrechnung", "purchaseinvoice", "purchasecreditnote":
			return lexNotSales
		default:
			r.Fail("Belegtyp", "unknown voucher type %q (want Rechnung or Rechnungskorrektur)", r.Get("Belegtyp"))
			return nil
		}
		switch headerKey(r.Get("Status")) {
		case "entwurf", "draft":
			return lexDraft
		case "storniert", "voided":
			return lexVoided
		case "offen", "open", "bezahlt", "paid", "paidoff", "uberfallig", "overdue", "teilweisebezahlt",
			"teilbezahlt", "transferred", "sepadebit":
		default:
			r.Note(unknown.reason(r.Get("Status")))
		}
		if strings.Contains(headerKey(r.Get("customer")), "sammelkunde") {
			r.Note(lexCollective)
		}
		switch kind {
		case "rechnungskorrektur", "gutschrift", "creditnote", "salescreditnote":
			return negate(r, lexCredit)
		case "abschlagsrechnung", "anzahlungsrechnung", "downpaymentinvoice":
			r.Note(lexAdvance)
		}
		return nil
	}
}

// negate makes a credit note's amount negative (it may be written either
// way) and notes it under why.
func negate(r *Row, why *Reason) *Reason {
	m, ok := r.Money("amount")
	if !ok {
		r.Fail("amount", "not an amount: %q", r.Get("amount"))
		return nil
	}
	if m > 0 {
		r.SetMoney("amount", -m)
	}
	r.Note(why)
	return nil
}

// statusNotes are the notes for statuses a profile does not know, one
// reason each, so the import names them: `1 invoice with the status "in
// Prüfung" counted`.
type statusNotes struct{ by map[string]*Reason }

func newStatusNotes() *statusNotes { return &statusNotes{by: map[string]*Reason{}} }

// reason is the note for status.
func (s *statusNotes) reason(status string) *Reason {
	k := crm.Fold(status)
	if why, ok := s.by[k]; ok {
		return why
	}
	why := &Reason{"invoice with the status " + quoteStatus(status) + " counted",
		"invoices with the status " + quoteStatus(status) + " counted"}
	s.by[k] = why
	return why
}

func quoteStatus(s string) string {
	if s == "" {
		return "(none)"
	}
	return `"` + s + `"`
}
