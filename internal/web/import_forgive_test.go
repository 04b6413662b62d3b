package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// TestImportAsksForTheMissingColumn: a file whose amount (or date) column
// has a header the import does not know keeps every column it recognised,
// asks only for the missing one in the user's language, marks the columns
// to pick it from, and never says "--map"; picking it imports the file.
func TestImportAsksForTheMissingColumn(t *testing.T) {
	tests := []struct {
		name, lang, csv string
		ask             string // the message naming the field
		keep            []string
		cols            []string // every column's field as the user leaves or picks it, to import it
	}{
		{"unknown amount header", "en",
			"Kundennummer;Rechnungsnummer;Datum;Wert\nK-1;RE-1;05.01.2024;100,00\nK-1;RE-2;06.01.2024;50,00\n",
			"Pick the column that holds the amount.", []string{"customer_id", "invoice_id", "date"}, []string{"customer_id", "invoice_id", "date", "amount"}},
		{"unknown amount header, German page", "de",
			"Kundennummer;Rechnungsnummer;Datum;Wert\nK-1;RE-1;05.01.2024;100,00\n",
			"Wählen Sie die Spalte, die den Betrag enthält.", []string{"customer_id", "invoice_id", "date"}, []string{"customer_id", "invoice_id", "date", "amount"}},
		{"unknown date header", "en",
			"customer,invoice,booked,amount\nAcme AG,R-1,2024-01-05,10\n",
			"Pick the column that holds the date.", []string{"customer", "invoice_id", "amount"}, []string{"customer", "invoice_id", "date", "amount"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			staff := f.client(t, crm.RoleStaff)
			if tc.lang == "de" {
				res, err := staff.PostForm(f.ts.URL+"/lang", url.Values{"lang": {"de"}})
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
			}
			up := uploadCSV(t, f, staff, "orders", tc.csv)
			_, page := get(t, staff, f.ts.URL+up)
			if !strings.Contains(page, htmlText(tc.ask)) || !strings.Contains(page, `id="map-missing"`) {
				t.Errorf("the preview does not ask %q: %s", tc.ask, mainOf(page))
			}
			for _, field := range tc.keep {
				if !strings.Contains(page, `<option value="`+field+`" selected>`) {
					t.Errorf("the recognised field %s is not kept", field)
				}
			}
			if n := strings.Count(page, `class="ask"`); n != 1 {
				t.Errorf("%d columns marked to pick from, want the one unrecognised", n)
			}
			if strings.Contains(page, "--map") || strings.Contains(page, `id="map-error"`) {
				t.Errorf("the preview shows the command line's message: %s", mainOf(page))
			}
			v := url.Values{"action": {"run"}}
			for i, field := range tc.cols {
				v.Set("col"+itoa(i), field)
			}
			page = runImport(t, f, staff, up, v)
			if !strings.Contains(page, `id="summary"`) || strings.Contains(page, `id="refused"`) {
				t.Errorf("the import after picking the column: %s", mainOf(page))
			}
		})
	}
}

// htmlText is s as html/template writes it in a page.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// TestPreviewHighlightsRejectedRows: a row of the preview that would be
// rejected is marked with its reason; one further down the sample is
// named by its line and reason.
func TestPreviewHighlightsRejectedRows(t *testing.T) {
	f := newFixture(t)
	staff := f.client(t, crm.RoleStaff)
	var b strings.Builder
	b.WriteString("invoice,customer,date,amount\n")
	b.WriteString("R-1,Acme AG,2024-01-05,10\nR-2,Acme AG,2024-02-30,20\n")
	for i := 3; i <= 14; i++ {
		b.WriteString("R-" + itoa(i) + ",Acme AG,2024-01-05,10\n")
	}
	b.WriteString("R-15,Acme AG,2024-01-05,zehn\n") // line 16, beyond the 10 rows shown
	up := uploadCSV(t, f, staff, "orders", b.String())
	_, page := get(t, staff, f.ts.URL+up)
	for _, want := range []string{
		`<tr class="rejected" id="line-3" aria-invalid="true" title="date:`,
		"This row would be rejected: date:",
		"Line 16 would be rejected: amount:",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the preview lacks %q: %s", want, mainOf(page))
		}
	}
	if n := strings.Count(page, `class="rejected"`); n != 1 {
		t.Errorf("%d rows marked rejected, want 1", n)
	}
}
