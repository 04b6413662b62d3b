package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkRevenue runs `analyze --json` on file and, on both databases,
// `import orders` + `report pareto --json` over the window, and wants the
// same customers and revenue from each; the import's output must say
// every line of says.
func checkRevenue(t *testing.T, file string, window []string, customers int, revenue float64, says ...string) {
	t.Helper()
	type figures struct {
		Customers int
		Revenue   float64
	}
	want := figures{customers, revenue}
	out, errOut, code := vf(t, filepath.Join(t.TempDir(), "unused.db"), append([]string{"analyze", file, "--json"}, window...)...)
	var got figures
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || got != want {
		t.Errorf("analyze: %+v (exit %d, %s), want %+v", got, code, errOut, want)
	}
	for name, db := range databases(t) {
		out, errOut, code := vf(t, db, "import", "orders", file)
		if code != 0 {
			t.Fatalf("%s: import: exit %d: %s", name, code, errOut)
		}
		for _, s := range says {
			if !strings.Contains(out, s) {
				t.Errorf("%s: import says %q, want %q", name, out, s)
			}
		}
		out, errOut, code = vf(t, db, append([]string{"report", "pareto", "--json"}, window...)...)
		got = figures{}
		if code != 0 || json.Unmarshal([]byte(out), &got) != nil || got != want {
			t.Errorf("%s: report pareto: %+v (exit %d, %s), want %+v", name, got, code, errOut, want)
		}
	}
}

// TestStripeExportRevenue: a Stripe payments export, read without --map,
// gives the revenue its rows mean (see internal/ingest/profile_test.go:
// 170.00 + 45.50), in analyze and in the database alike.
func TestStripeExportRevenue(t *testing.T) {
	checkRevenue(t, filepath.Join("..", "ingest", "testdata", "profiles", "stripe_payments.csv"), nil, 2, 215.50,
		"read as Stripe payments export", "1 failed or uncaptured payment not counted", "1 fully refunded payment not counted")
}

// TestCDNOWMasterAsPublished: CDNOW_master.txt as lifetimes ships it (a
// header) and as Fader and Hardie published it (none) reads without
// conversion. awk '{s[$1]+=$4}' over the file: 23,570 customers, 23,502 of
// them with revenue above zero, 2,500,315.63 in all. `report clv` gives
// figures on it.
func TestCDNOWMasterAsPublished(t *testing.T) {
	withHeader := gunzip(t, filepath.Join("..", "analytics", "btyd", "testdata", "CDNOW_master.txt.gz"))
	data, err := os.ReadFile(withHeader)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(data), "\n")
	published := filepath.Join(t.TempDir(), "CDNOW_master.txt")
	if err := os.WriteFile(published, []byte(rest), 0o644); err != nil {
		t.Fatal(err)
	}
	window := []string{"--since", "1997-01-01", "--until", "1998-06-30"}
	for _, file := range []string{withHeader, published} {
		checkRevenue(t, file, window, 23502, 2500315.63, "read as CDNOW transaction log", "69659 inserted")
	}
	db := filepath.Join(t.TempDir(), "cdnow.db")
	if _, errOut, code := vf(t, db, "import", "orders", published); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	out, errOut, code := vf(t, db, "report", "clv", "--as-of", "1997-09-30", "--json")
	var clv struct {
		Model     struct{ Name string }
		Customers int
		CLV       float64
		Accounts  []struct{ CLV float64 }
	}
	if code != 0 || json.Unmarshal([]byte(out), &clv) != nil || clv.Model.Name != "pareto/nbd" || clv.Customers != 23570 ||
		clv.CLV <= 0 || len(clv.Accounts) == 0 || clv.Accounts[0].CLV <= 0 {
		t.Errorf("report clv: exit %d, %s\n%.400s", code, errOut, out)
	}
}

// TestTitleBlockBeforeHeader: a plain export with a report's title block
// above its header reads in analyze as in import (Acme 100 + 20.50, Beta
// 7; Gamma's only invoice credited in full).
func TestTitleBlockBeforeHeader(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sales.csv")
	csv := "Sales by customer\nExported 2024-05-01 by Jane\n\ncustomer,invoice,date,amount\n" +
		"Acme,R1,2024-04-02,100.00\nBeta,R2,2024-04-03,7.00\nAcme,R3,2024-04-05,20.50\nGamma,R4,2024-04-06,12.00\nGamma,R5,2024-04-07,-12.00\n"
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	checkRevenue(t, file, nil, 2, 127.50, "5 inserted")
}
