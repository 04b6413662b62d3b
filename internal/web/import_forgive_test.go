package web

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/ingest"
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
	// In German the reasons are German too.
	res, err := staff.PostForm(f.ts.URL+"/lang", url.Values{"lang": {"de"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	_, page = get(t, staff, f.ts.URL+up)
	if main := mainOf(page); !strings.Contains(main, "Zeile 16") || !strings.Contains(main, "keine Zahl") || !strings.Contains(main, "kein gültiges Datum") || strings.Contains(main, "not a") {
		t.Errorf("the German preview's reasons: %s", main)
	}
	res, err = staff.PostForm(f.ts.URL+"/lang", url.Values{"lang": {"en"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()

	// A bad row beyond the part of the file the preview reads is named
	// once a dry run has checked the whole file.
	b.Reset()
	b.WriteString("invoice,customer,date,amount\n")
	n := ingest.SampleSize/30 + 100
	for i := range n {
		b.WriteString("R-" + itoa(100000+i) + ",Acme AG,2024-01-05,10.00\n")
	}
	b.WriteString("R-X,Acme AG,2024-01-05,zehn\n") // line n+2
	up = uploadCSV(t, f, staff, "orders", b.String())
	_, page = get(t, staff, f.ts.URL+up)
	want := "Line " + itoa(n+2) + " would be rejected: amount:"
	if strings.Contains(page, want) {
		t.Fatalf("the preview names a line beyond what it read")
	}
	runImport(t, f, staff, up, url.Values{"action": {"dry-run"}})
	_, page = get(t, staff, f.ts.URL+up+"?edit=1")
	if !strings.Contains(page, want) {
		t.Errorf("after the dry run the preview does not say %q: %s", want, mainOf(page))
	}
}

// TestImportTemplatesImportClean: the import page links a template for
// every kind; each, downloaded in English and in German, imports through
// the import page with nothing rejected, so the templates cannot drift
// from the importer.
func TestImportTemplatesImportClean(t *testing.T) {
	summary := map[string]*regexp.Regexp{
		"en": regexp.MustCompile(`id="summary">2 inserted, 0 updated, 0 unchanged, 0 rejected`),
		"de": regexp.MustCompile(`id="summary">2 neu, 0 geändert, 0 unverändert, 0 abgelehnt`),
	}
	for _, lang := range []string{"en", "de"} {
		t.Run(lang, func(t *testing.T) {
			f := newFixture(t)
			staff := f.client(t, crm.RoleStaff)
			res, err := staff.PostForm(f.ts.URL+"/lang", url.Values{"lang": {lang}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			_, page := get(t, staff, f.ts.URL+"/import")
			for _, kind := range ingest.Kinds() {
				link := "/import-template/" + string(kind) + ".csv"
				if !strings.Contains(page, `href="`+link+`"`) {
					t.Errorf("the import page does not link %s", link)
				}
				res, err := staff.Get(f.ts.URL + link)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
					t.Fatalf("%s: %d, %q", link, res.StatusCode, res.Header.Get("Content-Disposition"))
				}
				if german := strings.Contains(string(body), ";"); german != (lang == "de") {
					t.Errorf("%s in %s: %s", link, lang, body)
				}
				up := uploadCSV(t, f, staff, string(kind), string(body))
				result := runImport(t, f, staff, up, url.Values{"action": {"run"}})
				if !summary[lang].MatchString(result) || strings.Contains(result, `class="rejects"`) {
					t.Errorf("%s (%s) did not import cleanly: %s", kind, lang, mainOf(result))
				}
			}
		})
	}
}
