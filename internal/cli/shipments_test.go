package cli_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportShipments imports the examples' shipments after their invoices,
// on SQLite and PostgreSQL: examples/shipments.csv has 118 shipments (one
// a row) of 112 invoices, so the first import inserts 118 and the second
// changes nothing. A shipment of an invoice nobody imported, and a link
// that is no http(s) URL, fail the import with FILE:LINE: field: reason.
func TestImportShipments(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			for _, f := range []struct{ kind, file string }{{"accounts", "clients.csv"}, {"orders", "invoices.csv"}} {
				if _, stderr, code := vf(t, db, "import", f.kind, filepath.Join("..", "..", "examples", f.file)); code != 0 {
					t.Fatalf("import %s: %s", f.file, stderr)
				}
			}
			shipments := filepath.Join("..", "..", "examples", "shipments.csv")
			for i, want := range []struct{ inserted, unchanged int }{{118, 0}, {0, 118}} {
				out, stderr, code := vf(t, db, "import", "shipments", shipments, "--json")
				var sum struct{ Inserted, Updated, Unchanged, Rejected int }
				if code != 0 || json.Unmarshal([]byte(out), &sum) != nil {
					t.Fatalf("import #%d: %d %s %s", i+1, code, out, stderr)
				}
				if sum.Inserted != want.inserted || sum.Unchanged != want.unchanged || sum.Updated+sum.Rejected != 0 {
					t.Errorf("import #%d: %+v, want %+v", i+1, sum, want)
				}
			}
			for _, c := range []struct{ file, content, want string }{
				{"unknown.csv", "order number,carrier,tracking number,shipped\nINV-51201,DHL,0034,2026-01-02\nINV-0,DHL,0035,2026-01-02\n",
					`unknown.csv:3: invoice_id: unknown invoice "INV-0" (import the orders first)`},
				{"script.csv", "Auftragsnummer;Versanddienstleister;Sendungsnummer;Sendungsverfolgung;Versanddatum\nINV-51201;DHL;0036;javascript:alert(1);02.01.2026\n",
					`script.csv:2: tracking_url: not an http(s) URL: "javascript:alert(1)"`},
			} {
				_, stderr, code := vf(t, db, "import", "shipments", writeFile(t, c.file, c.content))
				if code == 0 || !strings.Contains(stderr, c.want) {
					t.Errorf("import %s: %d %s, want %s", c.file, code, stderr, c.want)
				}
			}
		})
	}
}
