package ingest

import (
	"strings"
	"testing"
)

// TestFinalInvoices: the final invoice of a project comes in as a yes/no
// column in English or German, or as sevDesk's invoice type
// Schlussrechnung, with the invoice's contact when a column names one; a
// value that is neither yes nor no names file, line and field.
func TestFinalInvoices(t *testing.T) {
	for _, c := range []struct {
		name, file string
		final      map[string]bool   // invoice → final
		contact    map[string]string // invoice → contact
		err        string
	}{
		{name: "english", file: "customer_id,invoice,date,amount,final,contact email\nK1,I1,2026-01-05,100,yes,Bob@Kestrel.example\nK1,I2,2026-01-06,100,no,\nK2,I3,2026-01-07,100,,\n",
			final: map[string]bool{"I1": true, "I2": false, "I3": false}, contact: map[string]string{"I1": "bob@kestrel.example"}},
		{name: "german", file: "Kundennummer;Rechnungsnummer;Rechnungsdatum;Betrag;Schlussrechnung;Ansprechpartner E-Mail\nK1;R1;05.01.2026;100,00;ja;anna@kestrel.example\nK1;R2;06.01.2026;50,00;nein;\n",
			final: map[string]bool{"R1": true, "R2": false}, contact: map[string]string{"R1": "anna@kestrel.example"}},
		{name: "sevdesk", file: "Rechnungsnummer;Rechnungsdatum;Kunde;Kundennummer;Status;Betrag netto;Währung;Rechnungsart\n" +
			"RE-1;15.01.2026;Müller GmbH;1001;Bezahlt;1.000,00;EUR;Abschlagsrechnung\nRE-2;20.02.2026;Müller GmbH;1001;Offen;3.000,00;EUR;Schlussrechnung\nRE-3;21.02.2026;Berg AG;1002;Offen;300,00;EUR;Rechnung\n",
			final: map[string]bool{"RE-1": false, "RE-2": true, "RE-3": false}},
		{name: "bad", file: "customer_id,invoice,date,amount,project closed\nK1,I1,2026-01-05,100,perhaps\n", err: "orders.csv:2: final: want yes or no"},
		{name: "bad contact", file: "customer_id,invoice,date,amount,contact_email\nK1,I1,2026-01-05,100,bob at kestrel\n", err: "orders.csv:2: contact_email: not an email address"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := ReadOrders(strings.NewReader(c.file), Options{File: "orders.csv"})
			if err != nil {
				t.Fatal(err)
			}
			if c.err != "" {
				if len(res.Errors) != 1 || !strings.Contains(res.Errors.Error(), c.err) {
					t.Fatalf("errors %v, want %q", res.Errors, c.err)
				}
				return
			}
			if len(res.Records) != len(c.final) {
				t.Fatalf("%d records, want %d", len(res.Records), len(c.final))
			}
			for _, r := range res.Records {
				if r.Order.Final != c.final[r.Order.ExternalID] || r.Order.ContactEmail != c.contact[r.Order.ExternalID] {
					t.Errorf("%s: final %v, contact %q", r.Order.ExternalID, r.Order.Final, r.Order.ContactEmail)
				}
			}
		})
	}
}

// TestOrderCodes: the code an order was placed with comes in from an
// offer-code column in English or German, and from Shopify's Discount
// Code (its order #1005 used SPRING10; the others none).
func TestOrderCodes(t *testing.T) {
	res, err := ReadOrders(strings.NewReader("Kundennummer;Rechnungsnummer;Rechnungsdatum;Betrag;Aktionscode\nK1;R1;05.01.2026;100,00;MESSE25\nK1;R2;06.01.2026;50,00;\n"), Options{File: "orders.csv"})
	if err != nil || len(res.Records) != 2 || res.Records[0].Code != "MESSE25" || res.Records[1].Code != "" {
		t.Fatalf("German: %+v %v", res, err)
	}
	res, err = ReadOrders(mustOpen(t, "profiles/shopify_orders.csv"), Options{File: "shopify_orders.csv"})
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{}
	for _, r := range res.Records {
		if r.Code != "" {
			codes[r.Order.ExternalID] = r.Code
		}
	}
	if len(codes) != 1 || codes["#1005"] != "SPRING10" {
		t.Errorf("Shopify's discount codes: %v", codes)
	}
}
