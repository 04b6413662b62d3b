package ingest

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestPreviewKeepsRecognisedColumns: a header without a column for a
// required field keeps every column it recognised, names the missing field
// alone, and still shows the file's first rows; the form's messages never
// name the command line's --map.
func TestPreviewKeepsRecognisedColumns(t *testing.T) {
	tests := []struct {
		name        string
		kind        Kind
		csv         string
		wantMap     Mapping
		wantMissing []string
	}{
		{"unknown amount header", KindOrders,
			"Kundennummer;Rechnungsnummer;Datum;Wert\nK1;RE-1;05.01.2024;100,00\nK2;RE-2;06.01.2024;50,00\n",
			Mapping{"customer_id": 0, "invoice_id": 1, "date": 2}, []string{"amount"}},
		{"tax is never the amount", KindOrders,
			"Kundennummer;Rechnungsnummer;Datum;MwSt\nK1;RE-1;05.01.2024;19,00\n",
			Mapping{"customer_id": 0, "invoice_id": 1, "date": 2}, []string{"amount"}},
		{"unknown date header", KindOrders,
			"customer,invoice,when,amount\nAcme,R-1,2024-01-05,10\n",
			Mapping{"customer": 0, "invoice_id": 1, "amount": 3}, []string{"date"}},
		{"two missing", KindTouchpoints,
			"Wer,Wann,Betreff\nAcme,2024-01-05,Call\n",
			Mapping{"subject": 2}, []string{"customer", "date"}},
		{"accounts without a name", KindAccounts,
			"Kundennummer,Bezeichner,Branche\nK1,Acme,Maschinenbau\n",
			Mapping{"customer_id": 0, "industry": 2}, []string{"name"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Preview([]byte(tc.csv), tc.kind, Options{File: "up.csv", Form: true}, 10)
			if err != nil {
				t.Fatal(err)
			}
			if s.MapErr == nil {
				t.Fatal("no mapping error")
			}
			if !maps.Equal(s.Mapping, tc.wantMap) {
				t.Errorf("mapping %v, want %v", s.Mapping, tc.wantMap)
			}
			if !slices.Equal(s.Missing, tc.wantMissing) {
				t.Errorf("missing %q, want %q", s.Missing, tc.wantMissing)
			}
			if strings.Contains(s.MapErr.Error(), "--map") {
				t.Errorf("the form's message names --map: %v", s.MapErr)
			}
			if len(s.Rows) == 0 || s.Lines[0] != 2 {
				t.Errorf("rows %q lines %v, want the file's rows from line 2", s.Rows, s.Lines)
			}
		})
	}
	// The command line's message and error keep what was recognised too.
	_, err := ReadOrders(strings.NewReader(tests[0].csv), Options{File: "up.csv"})
	var miss *MissingColumnError
	if !errors.As(err, &miss) || !strings.Contains(err.Error(), "Use --map HEADER=amount.") || miss.Mapping["date"] != 2 {
		t.Errorf("command line: %v", err)
	}
}

// TestFormMessagesNameNoFlag: errors about the mapping and the date format
// of a file uploaded through the form name the form's controls.
func TestFormMessagesNameNoFlag(t *testing.T) {
	csv := "Kunde,Datum,Betrag\nAcme,2024-01-05,10\n"
	for name, opt := range map[string]Options{
		"absent column": {Map: map[string]string{"Partner": "customer"}},
		"unknown field": {Map: map[string]string{"Betrag": "cost"}},
		"date format":   {DateFormat: "yy"},
	} {
		t.Run(name, func(t *testing.T) {
			opt.File = "up.csv"
			_, cli := ReadOrders(strings.NewReader(csv), opt)
			opt.Form = true
			_, form := ReadOrders(strings.NewReader(csv), opt)
			if cli == nil || form == nil {
				t.Fatalf("errors %v, %v", cli, form)
			}
			if !strings.Contains(cli.Error(), "--") {
				t.Errorf("the command line's message names no flag: %v", cli)
			}
			if strings.Contains(form.Error(), "--") {
				t.Errorf("the form's message names a flag: %v", form)
			}
		})
	}
}
