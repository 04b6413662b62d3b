package ingest

import (
	"maps"
	"slices"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

func TestMapHeader(t *testing.T) {
	tests := []struct {
		name      string
		kind      Kind
		header    []string
		overrides map[string]string
		want      Mapping
	}{
		{"english orders", KindOrders,
			[]string{"Customer ID", "Customer Name", "Invoice Number", "Invoice Date", "Net Amount", "Currency"},
			nil, Mapping{"customer_id": 0, "customer": 1, "invoice_id": 2, "date": 3, "amount": 4, "currency": 5}},
		{"snake case", KindOrders,
			[]string{"customer_id", "invoice_id", "date", "amount"},
			nil, Mapping{"customer_id": 0, "invoice_id": 1, "date": 2, "amount": 3}},
		{"german orders", KindOrders,
			[]string{"Kd-Nr.", "Firma", "Rechnungsnr.", "Rechnungsdatum", "Nettobetrag", "Währung"},
			nil, Mapping{"customer_id": 0, "customer": 1, "invoice_id": 2, "date": 3, "amount": 4, "currency": 5}},
		{"accents and case ignored", KindOrders,
			[]string{"KUNDE", "DATUM", "betrag", "WAHRUNG"},
			nil, Mapping{"customer": 0, "date": 1, "amount": 2, "currency": 3}},
		{"net preferred over gross, whatever the order", KindOrders,
			[]string{"Kunde", "Datum", "Brutto", "Netto"},
			nil, Mapping{"customer": 0, "date": 1, "amount": 3}},
		{"net and gross written after the noun (sevDesk)", KindOrders,
			[]string{"Rechnungsnummer", "Rechnungsdatum", "Kunde", "Betrag brutto", "Betrag netto"},
			nil, Mapping{"invoice_id": 0, "date": 1, "customer": 2, "amount": 4}},
		{"Umsatz netto", KindOrders,
			[]string{"Kundennummer", "Rechnungsnummer", "Datum", "Umsatz netto"},
			nil, Mapping{"customer_id": 0, "invoice_id": 1, "date": 2, "amount": 3}},
		{"Betrag (EUR), tax columns left alone", KindOrders,
			[]string{"Kundennummer", "Rechnungsnummer", "Datum", "MwSt", "Betrag (EUR)", "Steuer"},
			nil, Mapping{"customer_id": 0, "invoice_id": 1, "date": 2, "amount": 4}},
		{"Summe netto before Gesamtbetrag", KindOrders,
			[]string{"Kundennummer", "Datum", "Gesamtbetrag", "Summe netto"},
			nil, Mapping{"customer_id": 0, "date": 1, "amount": 3}},
		{"Gesamtbetrag alone", KindOrders,
			[]string{"Kunde", "Rechnungsdatum", "Gesamtbetrag"},
			nil, Mapping{"customer": 0, "date": 1, "amount": 2}},
		{"first of two equal headers", KindOrders,
			[]string{"Kunde", "Datum", "Betrag", "Betrag"},
			nil, Mapping{"customer": 0, "date": 1, "amount": 2}},
		{"override", KindOrders,
			[]string{"Datum", "Betrag", "Beleg", "Partner"},
			map[string]string{"Partner": "customer"},
			Mapping{"date": 0, "amount": 1, "invoice_id": 2, "customer": 3}},
		{"override by folded header and field alias", KindOrders,
			[]string{"Datum", "Betrag", "Beleg", "Geschäftspartner"},
			map[string]string{"geschaftspartner": "Kunde"},
			Mapping{"date": 0, "amount": 1, "invoice_id": 2, "customer": 3}},
		{"override beats alias", KindOrders,
			[]string{"Kunde", "Datum", "Netto", "Brutto"},
			map[string]string{"Brutto": "amount"},
			Mapping{"customer": 0, "date": 1, "amount": 3}},
		{"override ignores a column", KindOrders,
			[]string{"Kunde", "Kundennummer", "Datum", "Betrag"},
			map[string]string{"Kundennummer": "-"},
			Mapping{"customer": 0, "date": 2, "amount": 3}},
		{"accounts: customer is the name", KindAccounts,
			[]string{"Customer Number", "Customer", "Website", "Customer since", "How did you hear about us?"},
			nil, Mapping{"customer_id": 0, "name": 1, "domain": 2, "acquired_at": 3, "heard_about": 4}},
		{"german: how did you hear", KindAccounts,
			[]string{"Kundennummer", "Firma", "Quelle", "Wie haben Sie von uns erfahren?"},
			nil, Mapping{"customer_id": 0, "name": 1, "acquisition_source": 2, "heard_about": 3}},
		{"german accounts", KindAccounts,
			[]string{"Debitor", "Firmenname", "Branche", "Unternehmensgröße", "Kunde seit", "Empfohlen von"},
			nil, Mapping{"customer_id": 0, "name": 1, "industry": 2, "size_class": 3, "acquired_at": 4, "referred_by": 5}},
		{"contacts", KindContacts,
			[]string{"Vorname", "Nachname", "E-Mail", "Handy", "Funktion", "geprüft am"},
			nil, Mapping{"first_name": 0, "last_name": 1, "email": 2, "phone": 3, "title": 4, "last_verified_at": 5}},
		{"order lines", KindOrderLines,
			[]string{"Belegnummer", "Pos.", "Art-Nr.", "Bezeichnung", "Menge", "Einzelpreis", "EK"},
			nil, Mapping{"invoice_id": 0, "line": 1, "sku": 2, "product": 3, "quantity": 4, "unit_price": 5, "unit_cost": 6}},
		{"touchpoints", KindTouchpoints,
			[]string{"Ticket ID", "Requester", "Type", "Team", "Created at", "Time spent", "Subject"},
			nil, Mapping{"id": 0, "email": 1, "kind": 2, "department": 3, "date": 4, "effort_minutes": 5, "subject": 6}},
		{"touchpoints in hours", KindTouchpoints,
			[]string{"Kunde", "Datum", "Stunden", "Betreff"},
			nil, Mapping{"customer": 0, "date": 1, "effort_hours": 2, "subject": 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := MapHeader(tc.kind, tc.header, tc.overrides, "f.csv")
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMapHeaderErrors(t *testing.T) {
	tests := []struct {
		name      string
		kind      Kind
		header    []string
		overrides map[string]string
		want      string
	}{
		{"missing customer", KindOrders, []string{"Datum", "Betrag", "Beleg"}, nil,
			`orders.csv: no column for "customer" (required); headers found: "Datum", "Betrag", "Beleg". Use --map HEADER=customer.`},
		{"missing two", KindOrders, []string{"Kunde", "Beleg", ""}, nil,
			`orders.csv: no column for "date", "amount" (required); headers found: "Kunde", "Beleg". Use --map HEADER=FIELD.`},
		{"order lines need a product", KindOrderLines, []string{"Rechnung", "Menge"}, nil,
			`orders.csv: no column for "product" (required); headers found: "Rechnung", "Menge". Use --map HEADER=product.`},
		{"override of an absent header", KindOrders, []string{"Kunde", "Datum", "Betrag"}, map[string]string{"Partner": "customer"},
			`orders.csv: --map Partner=customer: no column "Partner"; headers found: "Kunde", "Datum", "Betrag"`},
		{"override to an unknown field", KindOrders, []string{"Kunde", "Datum", "Betrag"}, map[string]string{"Betrag": "cost"},
			`orders.csv: --map Betrag=cost: unknown field "cost" for orders; fields: customer_id, customer, email, invoice_id, date, amount, currency, final, code, contact_email, quantity, unit_price`},
		{"override takes the column away", KindOrders, []string{"Kunde", "Datum", "Betrag"}, map[string]string{"Betrag": ""},
			`orders.csv: no column for "amount" (required); headers found: "Kunde", "Datum", "Betrag". Use --map HEADER=amount.`},
		{"no headers", KindAccounts, []string{""}, nil,
			`orders.csv: no column for "name" (required); headers found: none. Use --map HEADER=name.`},
		{"unknown kind", Kind("invoices"), []string{"a"}, nil,
			`unknown kind "invoices" (want accounts, contacts, orders, order-lines, touchpoints or mentions)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := MapHeader(tc.kind, tc.header, tc.overrides, "orders.csv")
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tc.want {
				t.Errorf("got  %s\nwant %s", err, tc.want)
			}
			if crm.ErrorCode(err) != crm.EINVALID {
				t.Errorf("code %q, want %q", crm.ErrorCode(err), crm.EINVALID)
			}
		})
	}
}

// TestAliasesUnambiguous checks that no header means two fields of one kind.
func TestAliasesUnambiguous(t *testing.T) {
	for kind, fields := range kindFields {
		owner := make(map[string]string)
		for _, f := range fields {
			for _, a := range append([]string{f.name}, f.aliases...) {
				k := headerKey(a)
				if k == "" {
					t.Errorf("%s: alias %q of %s folds to nothing", kind, a, f.name)
				}
				if o, ok := owner[k]; ok && o != f.name {
					t.Errorf("%s: header %q means both %s and %s", kind, a, o, f.name)
				}
				owner[k] = f.name
			}
		}
	}
}

func TestFields(t *testing.T) {
	for _, kind := range Kinds() {
		all, required := Fields(kind)
		if len(all) == 0 || len(required) == 0 {
			t.Errorf("%s: fields %v, required %v", kind, all, required)
		}
		for _, r := range kindRequired[kind] {
			for _, f := range r.anyOf {
				if !slices.Contains(all, f) {
					t.Errorf("%s: required %s is no field", kind, f)
				}
			}
		}
	}
	all, required := Fields(KindOrders)
	if want := []string{"customer_id", "customer", "email", "invoice_id", "date", "amount", "currency", "final", "code", "contact_email", "quantity", "unit_price"}; !slices.Equal(all, want) {
		t.Errorf("orders fields %v, want %v", all, want)
	}
	if want := []string{"customer", "date", "amount"}; !slices.Equal(required, want) {
		t.Errorf("orders required %v, want %v", required, want)
	}
}

func TestParseKind(t *testing.T) {
	tests := map[string]Kind{"orders": KindOrders, "Order-Lines": KindOrderLines, "order_lines": KindOrderLines,
		"accounts": KindAccounts, "Kontakte": KindContacts, "tickets": KindTouchpoints}
	for in, want := range tests {
		if got, err := ParseKind(in); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseKind("foo"); err == nil {
		t.Error("ParseKind(foo): no error")
	}
}
