package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/testkit"
)

// TestImportWebStats: the three tools' exports import, again change
// nothing, and show in report web's imported figures.
func TestImportWebStats(t *testing.T) {
	db := testkit.SQLite(t)
	for _, c := range []struct {
		file, tool string
		args       []string
		inserted   int
	}{
		{"plausible-export.zip", "plausible", nil, 10},
		{"goatcounter-export.csv", "goatcounter", nil, 7},
		{"matomo-campaigns.csv", "matomo", nil, 3},
		{"matomo-pages.csv", "matomo", []string{"--from", "2026-10-01", "--to", "2026-10-31"}, 2},
	} {
		for round := range 2 {
			args := append([]string{"import", "web-stats", "../ingest/testdata/web/" + c.file, "--json"}, c.args...)
			out, errOut, code := vf(t, db, args...)
			if code != 0 {
				t.Fatalf("%s: %s", c.file, errOut)
			}
			var r struct {
				Tool      string `json:"tool"`
				Inserted  int    `json:"inserted"`
				Unchanged int    `json:"unchanged"`
			}
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatalf("%s: %v: %s", c.file, err, out)
			}
			if want := [2]int{c.inserted, 0}; round == 1 {
				want = [2]int{0, c.inserted}
				if [2]int{r.Inserted, r.Unchanged} != want {
					t.Errorf("%s again: %+v", c.file, r)
				}
			} else if r.Tool != c.tool || r.Inserted != c.inserted {
				t.Errorf("%s: %+v, want %s and %d inserted", c.file, r, c.tool, c.inserted)
			}
		}
	}
	out, errOut, code := vf(t, db, "report", "web", "--json")
	if code != 0 {
		t.Fatal(errOut)
	}
	var rep struct {
		Imported []struct {
			Source string `json:"source"`
		} `json:"imported"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Imported) != 22 {
		t.Errorf("report web: %d imported figures, want 10+7+3+2 = 22: %v", len(rep.Imported), err)
	}
	if _, errOut, code := vf(t, db, "import", "web-stats", writeFile(t, "report.csv", "label,nb_visits\nx,1\n")); code == 0 || !strings.Contains(errOut, "--dimension") {
		t.Errorf("a Matomo report of unknown kind: %d %s", code, errOut)
	}
}
