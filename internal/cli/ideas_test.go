package cli_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestReportIdeas: `vitalfew report ideas` weighs an idea staff added for
// Schulz AG (99.50 of the 1,334.06 revenue) in English, in German with
// --lang de, and as CSV.
func TestReportIdeas(t *testing.T) {
	db := filepath.Join(t.TempDir(), "vf.db")
	if _, stderr, code := vf(t, db, "import", "orders", writeFile(t, "o.csv", datevExport), "--skip-invalid"); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	if _, stderr, code := vf(t, db, "space", "create", "--name", "Key accounts", "--grant", "tier:A"); code != 0 {
		t.Fatalf("space: %s", stderr)
	}
	ctx := crm.WithActor(context.Background(), crm.Operator)
	st, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := st.Directory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var schulz int64
	for _, d := range dir {
		if d.Name == "Schulz AG" {
			schulz = d.ID
		}
	}
	spaces, err := st.Spaces(ctx)
	if err != nil || len(spaces) != 1 {
		t.Fatalf("spaces: %v %v", spaces, err)
	}
	if _, err := st.CreateIdea(ctx, spaces[0].ID, "Mehrwegverpackung", "", []crm.IdeaRequester{{AccountID: schulz, Note: "Anruf"}}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	en, stderr, code := vf(t, db, "report", "ideas")
	if code != 0 || !strings.Contains(en, "Ideas  2023-01-08 .. 2024-01-07 (as of 2024-01-07)") || !strings.Contains(en, "Mehrwegverpackung  open") ||
		!strings.Contains(en, "99.50") || !strings.Contains(en, "7.5%") || strings.Contains(en, "\n\n\n") {
		t.Errorf("English: %d %s\n%s", code, stderr, en)
	}
	de, stderr, code := vf(t, db, "report", "ideas", "--lang", "de")
	if code != 0 || !strings.Contains(de, "Ideen  ") || !strings.Contains(de, "Mehrwegverpackung  offen") || !strings.Contains(de, "99,50") {
		t.Errorf("German: %d %s\n%s", code, stderr, de)
	}
	csv, stderr, code := vf(t, db, "report", "ideas", "--csv")
	if code != 0 || !strings.HasPrefix(csv, "rank,vote_rank,id,space_id,title,status,votes,accounts,tier_a,tier_b,tier_c,no_tier,revenue,revenue_share,clv,clv_accounts\n") ||
		!strings.Contains(csv, ",Mehrwegverpackung,open,0,1,") {
		t.Errorf("CSV: %d %s\n%s", code, stderr, csv)
	}
}
