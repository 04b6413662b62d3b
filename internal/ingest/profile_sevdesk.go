package ingest

// sevDesk: the invoice list (Rechnungen → Exportieren) as a CSV file. No
// real export was at hand: the columns are reconstructed from the API's
// invoice model (invoiceNumber, invoiceDate, contact, status, invoiceType,
// sumNet, sumTax, sumGross) in the words of the German interface; "Betrag
// netto" is the column the issue names. Revenue is the net amount of issued
// invoices. sevDesk cancels an invoice twice over: the original gets the
// status Storniert and a cancellation invoice (Stornorechnung) with the
// negative amounts is written. Both are left out, so a cancellation counts
// zero whether or not both documents are in the file, never twice. Credit
// notes (Gutschrift, Rechnungskorrektur) are negative; drafts and dunning
// letters are left out.

var (
	sevDraft     = &Reason{"draft not counted", "drafts not counted"}
	sevCancelled = &Reason{"cancelled invoice (Storniert) not counted", "cancelled invoices (Storniert) not counted"}
	sevStorno    = &Reason{"cancellation invoice (Stornorechnung) not counted; its invoice is left out as cancelled",
		"cancellation invoices (Stornorechnung) not counted; their invoices are left out as cancelled"}
	sevCredit  = &Reason{"credit note (Gutschrift, Rechnungskorrektur) counted negative", "credit notes (Gutschrift, Rechnungskorrektur) counted negative"}
	sevAdvance = &Reason{"advance or partial invoice counted; its final invoice is taken to deduct it",
		"advance or partial invoices counted; their final invoices are taken to deduct them"}
	sevDunning = &Reason{"dunning letter (Mahnung) not counted", "dunning letters (Mahnung) not counted"}
)

func init() {
	profiles = append(profiles, &Profile{
		Name: "sevdesk", Tool: "sevDesk invoices export", Kind: KindOrders,
		Verified: VerifiedGuess, // columns reconstructed from the API's invoice model
		Match:    []string{"Rechnungsnummer", "Rechnungsdatum", "Betrag netto", "Status"},
		Columns: map[string]string{
			"Rechnungsnummer": "invoice_id", "Rechnungsdatum": "date", "Kunde": "customer",
			"Kundennummer": "customer_id", "Betrag netto": "amount", "Währung": "currency",
		},
		Keep: []string{"Status", "Rechnungsart"},
		Sets: []string{"final"},
		Rows: func([][]string) func(*Row) *Reason { return sevdeskInvoice(newStatusNotes()) },
	})
}

// sevdeskInvoice reads one invoice. Types and statuses are read in words
// or as the API's codes (RE, SR, AR…; 100 draft, 200 open, 750 partly paid,
// 1000 paid).
func sevdeskInvoice(unknown *statusNotes) func(*Row) *Reason {
	return func(r *Row) *Reason {
		kind := headerKey(r.Get("Rechnungsart"))
		switch kind {
		case "", "rechnung", "re", "schlussrechnung", "endrechnung", "er", "gutschrift", "rechnungskorrektur",
			"korrekturrechnung", "creditnote", "abschlagsrechnung", "anzahlungsrechnung", "ar", "teilrechnung", "tr":
		case "stornorechnung", "storno", "sr":
			return sevStorno
		case "mahnung", "ma":
			return sevDunning
		default:
			r.Fail("Rechnungsart", "unknown invoice type %q (want Rechnung, Stornorechnung or Gutschrift)", r.Get("Rechnungsart"))
			return nil
		}
		switch headerKey(r.Get("Status")) {
		case "entwurf", "draft", "100":
			return sevDraft
		case "storniert", "storno", "cancelled":
			return sevCancelled
		case "offen", "open", "versendet", "versandt", "gesendet", "200", "bezahlt", "paid", "1000",
			"teilbezahlt", "teilweisebezahlt", "750", "uberfallig", "overdue", "gemahnt", "angemahnt":
		default:
			r.Note(unknown.reason(r.Get("Status")))
		}
		switch kind {
		case "gutschrift", "rechnungskorrektur", "korrekturrechnung", "creditnote":
			return negate(r, sevCredit)
		case "abschlagsrechnung", "anzahlungsrechnung", "ar", "teilrechnung", "tr":
			r.Note(sevAdvance)
		case "schlussrechnung", "endrechnung", "er":
			r.Set("final", "ja") // the project's last invoice: the survey goes with it
		}
		return nil
	}
}
