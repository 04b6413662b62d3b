package ingest

import (
	"encoding/csv"
	"io"
)

// A template is a small file of a kind to fill in: the headers the import
// recognises and two example rows, in English or in German (headers,
// dates and numbers as German software writes them, separated by
// semicolons). The rows of the kinds refer to one another (the order
// lines to the orders' invoices), so the templates import in the order of
// Kinds. The tests import every template through the real import.
type template struct {
	header []string
	rows   [][]string
}

var templates = map[Kind][2]template{
	KindAccounts: {
		{[]string{"Customer number", "Company", "Website", "Segment", "Industry", "Size", "Region", "Owner", "Customer since", "Source", "Status"},
			[][]string{
				{"K-1001", "Example Engineering Ltd", "example-engineering.com", "Key account", "Mechanical engineering", "50-249", "North", "Anna Smith", "2023-03-15", "Trade fair", "active"},
				{"K-1002", "Sample Logistics Inc", "sample-logistics.com", "SMB", "Logistics", "10-49", "South", "Ben Jones", "2024-01-10", "Referral", "active"},
			}},
		{[]string{"Kundennummer", "Firma", "Webseite", "Kundensegment", "Branche", "Größe", "Gebiet", "Betreuer", "Kunde seit", "Quelle", "Kundenstatus"},
			[][]string{
				{"K-1001", "Muster Maschinenbau GmbH", "muster-maschinenbau.de", "Schlüsselkunde", "Maschinenbau", "50-249", "Nord", "Anna Schmidt", "15.03.2023", "Messe", "aktiv"},
				{"K-1002", "Beispiel Logistik KG", "beispiel-logistik.de", "Mittelstand", "Logistik", "10-49", "Süd", "Ben Weber", "10.01.2024", "Empfehlung", "aktiv"},
			}},
	},
	KindContacts: {
		{[]string{"Customer number", "Company", "First name", "Last name", "Email", "Phone", "Job title"},
			[][]string{
				{"K-1001", "Example Engineering Ltd", "Clara", "Miller", "clara.miller@example-engineering.com", "+44 20 7946 0001", "Head of purchasing"},
				{"K-1002", "Sample Logistics Inc", "David", "Brown", "david.brown@sample-logistics.com", "+1 555 0100", "Managing director"},
			}},
		{[]string{"Kundennummer", "Firma", "Vorname", "Nachname", "E-Mail", "Telefon", "Funktion"},
			[][]string{
				{"K-1001", "Muster Maschinenbau GmbH", "Clara", "Müller", "clara.mueller@muster-maschinenbau.de", "+49 30 1234567", "Einkaufsleitung"},
				{"K-1002", "Beispiel Logistik KG", "David", "Braun", "david.braun@beispiel-logistik.de", "+49 40 7654321", "Geschäftsführer"},
			}},
	},
	KindOrders: {
		{[]string{"Customer number", "Company", "Invoice number", "Invoice date", "Net amount", "Currency"},
			[][]string{
				{"K-1001", "Example Engineering Ltd", "INV-2024-001", "2024-02-01", "1250.00", "EUR"},
				{"K-1002", "Sample Logistics Inc", "INV-2024-002", "2024-02-15", "480.50", "EUR"},
			}},
		{[]string{"Kundennummer", "Firma", "Rechnungsnummer", "Rechnungsdatum", "Nettobetrag", "Währung"},
			[][]string{
				{"K-1001", "Muster Maschinenbau GmbH", "RE-2024-001", "01.02.2024", "1.250,00", "EUR"},
				{"K-1002", "Beispiel Logistik KG", "RE-2024-002", "15.02.2024", "480,50", "EUR"},
			}},
	},
	KindOrderLines: {
		{[]string{"Invoice number", "Line", "Article number", "Product", "Quantity", "Unit price", "Line total"},
			[][]string{
				{"INV-2024-001", "1", "A-100", "Maintenance contract", "1", "1000.00", "1000.00"},
				{"INV-2024-001", "2", "A-200", "Spare parts kit", "5", "50.00", "250.00"},
			}},
		{[]string{"Rechnungsnummer", "Positionsnummer", "Artikelnummer", "Bezeichnung", "Menge", "Einzelpreis", "Gesamtpreis"},
			[][]string{
				{"RE-2024-001", "1", "A-100", "Wartungsvertrag", "1", "1.000,00", "1.000,00"},
				{"RE-2024-001", "2", "A-200", "Ersatzteilset", "5", "50,00", "250,00"},
			}},
	},
	KindTouchpoints: {
		{[]string{"Ticket ID", "Customer number", "Company", "Type", "Department", "Date", "Effort (min)", "Subject"},
			[][]string{
				{"T-501", "K-1001", "Example Engineering Ltd", "ticket", "support", "2024-02-20", "45", "Question about the invoice"},
				{"T-502", "K-1002", "Sample Logistics Inc", "call", "sales", "2024-03-01", "20", "Follow-up call"},
			}},
		{[]string{"Ticketnummer", "Kundennummer", "Firma", "Art", "Abteilung", "Datum", "Aufwand (min)", "Betreff"},
			[][]string{
				{"T-501", "K-1001", "Muster Maschinenbau GmbH", "Anfrage", "Support", "20.02.2024", "45", "Frage zur Rechnung"},
				{"T-502", "K-1002", "Beispiel Logistik KG", "Anruf", "Vertrieb", "01.03.2024", "20", "Rückruf"},
			}},
	},
	KindMentions: {
		{[]string{"Platform", "Post ID", "URL", "Handle", "Author", "Text", "Posted at"},
			[][]string{
				{"linkedin", "7160000000000000001", "https://www.linkedin.com/feed/update/urn:li:activity:7160000000000000001", "clara-miller", "Clara Miller", "Great service from the support team this week.", "2024-02-21T09:30:00Z"},
				{"x", "1760000000000000002", "https://x.com/samplelogistics/status/1760000000000000002", "@samplelogistics", "Sample Logistics", "Still waiting for our spare parts delivery.", "2024-03-02T14:05:00Z"},
			}},
		{[]string{"Plattform", "Beitrags-ID", "Beitragslink", "Benutzername", "Autor", "Beitragstext", "veröffentlicht am"},
			[][]string{
				{"linkedin", "7160000000000000001", "https://www.linkedin.com/feed/update/urn:li:activity:7160000000000000001", "clara-mueller", "Clara Müller", "Toller Service vom Support-Team diese Woche.", "21.02.2024 09:30"},
				{"x", "1760000000000000002", "https://x.com/beispiellogistik/status/1760000000000000002", "@beispiellogistik", "Beispiel Logistik", "Wir warten immer noch auf die Ersatzteile.", "02.03.2024 14:05"},
			}},
	},
	KindShipments: {
		{[]string{"Invoice number", "Carrier", "Tracking number", "Tracking URL", "Shipped", "Delivered", "Status"},
			[][]string{
				{"INV-2024-001", "DHL", "00340434161234567890", "", "2024-02-02", "2024-02-05", "delivered"},
				{"INV-2024-002", "UPS", "1Z999AA10123456784", "", "2024-02-16", "", "in transit"},
			}},
		{[]string{"Rechnungsnummer", "Versanddienstleister", "Sendungsnummer", "Sendungsverfolgung", "Versanddatum", "Zustelldatum", "Status"},
			[][]string{
				{"RE-2024-001", "DHL", "00340434161234567890", "", "02.02.2024", "05.02.2024", "zugestellt"},
				{"RE-2024-002", "DPD", "01505012345678", "", "16.02.2024", "", "unterwegs"},
			}},
	},
	KindActivities: {
		{[]string{"Activity", "Kind", "Cost", "Start", "End", "Code", "Marketing"},
			[][]string{
				{"Spring webinar", "webinar", "2000.00", "2024-03-01", "2024-03-31", "", "true"},
				{"Trade show", "event", "5000.00", "2024-04-10", "2024-04-12", "SHOW25", "true"},
			}},
		{[]string{"Maßnahme", "Art", "Kosten", "Beginn", "Ende", "Code", "Marketing ja/nein"},
			[][]string{
				{"Frühjahrs-Webinar", "Webinar", "2.000,00", "01.03.2024", "31.03.2024", "", "ja"},
				{"Messe", "Messe", "5.000,00", "10.04.2024", "12.04.2024", "MESSE25", "ja"},
			}},
	},
	KindActivityTouches: {
		{[]string{"Customer ID", "Activity", "Code", "Date", "Method"},
			[][]string{
				{"K-1001", "Spring webinar", "", "2024-03-14", "forward"},
				{"K-1002", "", "SHOW25", "2024-04-11", "pos"},
			}},
		{[]string{"Kundennummer", "Maßnahme", "Code", "Datum", "Methode"},
			[][]string{
				{"K-1001", "Frühjahrs-Webinar", "", "14.03.2024", "forward"},
				{"K-1002", "", "MESSE25", "11.04.2024", "pos"},
			}},
	},
}

// WriteTemplate writes the template of kind as CSV: English headers, ISO
// dates and decimal points separated by commas, or (german) German ones
// separated by semicolons.
func WriteTemplate(w io.Writer, kind Kind, german bool) error {
	ts, ok := templates[kind]
	if !ok {
		_, err := ParseKind(string(kind))
		return err
	}
	t := ts[0]
	cw := csv.NewWriter(w)
	if german {
		t, cw.Comma = ts[1], ';'
	}
	cw.Write(t.header)
	cw.WriteAll(t.rows) // flushes
	return cw.Error()
}
