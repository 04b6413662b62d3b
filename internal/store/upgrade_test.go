package store_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestUpgradeFromFixtures: a database written by an earlier migration set
// (testdata/schema-N.db, see testdata/README.md) opens in this build,
// which migrates it up; every report then works on its data, and it takes
// writes of the new schema.
func TestUpgradeFromFixtures(t *testing.T) {
	fixtures, err := filepath.Glob(filepath.Join("testdata", "schema-*.db"))
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixture databases in testdata (%v)", err)
	}
	for _, fx := range fixtures {
		t.Run(filepath.Base(fx), func(t *testing.T) {
			b, err := os.ReadFile(fx)
			if err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(t.TempDir(), "old.db")
			if err := os.WriteFile(db, b, 0o600); err != nil {
				t.Fatal(err)
			}
			ctx := crm.WithActor(context.Background(), crm.Operator)
			before, err := store.CheckSQLite(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			latest, err := store.LatestMigration(false)
			if err != nil {
				t.Fatal(err)
			}
			if before >= latest {
				t.Fatalf("the fixture is at migration %d, this build's newest is %d: not an older schema", before, latest)
			}
			st, err := store.Open(ctx, db, nil)
			if err != nil {
				t.Fatalf("opening a database of migration %d: %v", before, err)
			}
			defer st.Close()
			if cur, latest, err := st.MigrationStatus(ctx); err != nil || cur != latest {
				t.Fatalf("after opening: migration %d of %d (%v)", cur, latest, err)
			}
			for _, name := range report.Names() {
				rep, err := report.Run(ctx, st, name, report.Params{})
				if err != nil {
					t.Errorf("report %s: %v", name, err)
					continue
				}
				out, err := json.Marshal(rep)
				if err != nil || len(out) < 50 {
					t.Errorf("report %s: %s (%v)", name, out, err)
				}
			}
			p, err := report.Run(ctx, st, "pareto", report.Params{})
			if err != nil {
				t.Fatal(err)
			}
			if out, _ := json.Marshal(p); !strings.Contains(string(out), `"customers":6`) {
				t.Errorf("pareto of the fixture's 6 ordering accounts: %s", out)
			}
			// The new schema takes writes: a touchpoint now has an author.
			tp, err := st.CreateTouchpoint(ctx, crm.Touchpoint{AccountID: 1, Kind: "note", Department: "sales", Subject: "after the upgrade", OccurredAt: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.Touchpoint(ctx, tp.ID); err != nil {
				t.Fatal(err)
			}
		})
	}
}
