package web

import (
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// TestWebImportOfToolExports: a tool's export uploaded on the import page
// is recognised in the preview, and the result says what it was read as
// and what was left out; an .xlsx workbook previews and imports like a CSV.
func TestWebImportOfToolExports(t *testing.T) {
	f := newFixture(t)
	staff := f.client(t, crm.RoleStaff)

	stripe, err := os.ReadFile("../ingest/testdata/profiles/stripe_payments.csv")
	if err != nil {
		t.Fatal(err)
	}
	up := uploadCSV(t, f, staff, "orders", string(stripe))
	_, page := get(t, staff, f.ts.URL+up)
	if !strings.Contains(page, "This is a Stripe payments export") {
		t.Errorf("the preview does not say it recognised the export: %s", mainOf(page))
	}
	page = runImport(t, f, staff, up, url.Values{"action": {"run"}})
	for _, want := range []string{"Read as Stripe payments export", "1 fully refunded payment not counted",
		"1 failed or uncaptured payment not counted", "3 inserted"} {
		if !strings.Contains(page, want) {
			t.Errorf("the result does not say %q: %s", want, mainOf(page))
		}
	}

	book, err := os.ReadFile("../ingest/testdata/xlsx/orders.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	up = uploadCSV(t, f, staff, "orders", string(book))
	_, page = get(t, staff, f.ts.URL+up)
	if !strings.Contains(page, "Müller GmbH") || strings.Contains(page, `id="map-error"`) {
		t.Errorf("the preview of a workbook: %s", mainOf(page))
	}
	page = runImport(t, f, staff, up, url.Values{"action": {"run"}})
	if !strings.Contains(page, "3 inserted") {
		t.Errorf("the import of a workbook: %s", mainOf(page))
	}
}

// mainOf is the page's main element, for messages.
func mainOf(page string) string {
	if i := strings.Index(page, "<main>"); i >= 0 {
		return page[i:]
	}
	return page
}
