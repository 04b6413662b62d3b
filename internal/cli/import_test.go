package cli_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestImportIsAudited: an import from the command line leaves one audit
// entry by the operator naming the file and what it did; a dry run and a
// refused import leave none.
func TestImportIsAudited(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			good := writeFile(t, "good.csv", "customer_id,customer,invoice,date,amount\n"+
				"K1,Acme GmbH,RE-1,2024-01-05,100\nK2,Brandt KG,RE-2,2024-02-05,50\nK1,Acme GmbH,RE-3,2024-03-05,-10\n")
			if _, stderr, code := vf(t, db, "import", "orders", good, "--dry-run"); code != 0 {
				t.Fatalf("dry run: exit %d\n%s", code, stderr)
			}
			if _, stderr, code := vf(t, db, "import", "orders", good); code != 0 {
				t.Fatalf("import: exit %d\n%s", code, stderr)
			}
			if _, stderr, code := vf(t, db, "import", "orders", writeFile(t, "bad.csv", datevExport)); code != 2 {
				t.Fatalf("bad file: exit %d, want 2\n%s", code, stderr)
			}
			st, err := store.Open(context.Background(), db, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			es, _, err := st.Audit(crm.WithActor(context.Background(), crm.Operator), store.AuditFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != 1 {
				t.Fatalf("%d audit entries, want one: %+v", len(es), es)
			}
			e := es[0]
			var after struct {
				File    string
				Summary crm.ImportSummary
			}
			if err := json.Unmarshal(e.After, &after); err != nil {
				t.Fatal(err)
			}
			if e.Action != "import" || e.Entity != "orders" || e.Actor != crm.Operator.Name || after.File != good ||
				after.Summary.Inserted != 3 || after.Summary.AccountsCreated != 2 || after.Summary.Rejected != 0 {
				t.Fatalf("audit entry %+v, after %s: want the operator's import of %s, 3 inserted, 2 new accounts", e, e.After, good)
			}
		})
	}
}
