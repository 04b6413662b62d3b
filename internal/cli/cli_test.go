package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/testkit"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/vitalfew/vitalfew/internal/cli"
)

// vf runs the command line as a user would and returns stdout, stderr and
// the exit status.
func vf(t *testing.T, db string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	args = append([]string{"--db", db}, args...)
	err := cli.Run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	code := cli.ExitCode(err, &errOut)
	return out.String(), errOut.String(), code
}

// databases returns a fresh SQLite file and, when VITALFEW_TEST_POSTGRES is
// set, a fresh PostgreSQL database.
func databases(t *testing.T) map[string]string {
	t.Helper()
	dbs := map[string]string{"sqlite": testkit.SQLite(t)}
	if dsn, ok := testkit.Postgres(t); ok {
		dbs["postgres"] = dsn
	}
	return dbs
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A German accounting export with one bad amount and one impossible date.
const datevExport = "Kundennummer;Kunde;Rechnungsnummer;Rechnungsdatum;Betrag\n" +
	"K1;Müller GmbH;RE-1;05.01.2024;1.234,56\n" +
	"K2;Brandt KG;RE-2;06.01.2024;12x\n" +
	"K1;Müller GmbH;RE-3;31.02.2024;100,00\n" +
	"K3;Schulz AG;RE-4;07.01.2024;€ 99,50\n"

func TestImportRefusesBadInputAndWritesNothing(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			file := writeFile(t, "export.csv", datevExport)
			_, stderr, code := vf(t, db, "import", "orders", file)
			if code != 2 {
				t.Fatalf("exit %d, want 2; stderr:\n%s", code, stderr)
			}
			for _, want := range []string{
				file + `:3: amount: not a number: "12x"`,
				file + `:4: date: not a valid date: "31.02.2024"`,
				"nothing was written",
			} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			_, stderr, code = vf(t, db, "report", "pareto")
			if code == 0 || !strings.Contains(stderr, "no orders") {
				t.Fatalf("after a refused import the database must be empty; report said (exit %d):\n%s", code, stderr)
			}
			// --skip-invalid loads the good rows and writes the bad ones aside.
			stdout, stderr, code := vf(t, db, "import", "orders", file, "--skip-invalid")
			if code != 0 {
				t.Fatalf("skip-invalid: exit %d\n%s", code, stderr)
			}
			if !strings.Contains(stdout, "2 inserted, 0 updated, 0 unchanged, 2 rejected; 2 new accounts") {
				t.Fatalf("summary: %s", stdout)
			}
			rejects, err := os.ReadFile(file + ".rejects.csv")
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(string(rejects), "\n"); got != 3 || !strings.Contains(string(rejects), `K2;Brandt KG;RE-2;06.01.2024;12x;"amount: not a number: ""12x"""`) &&
				!strings.Contains(string(rejects), `K2,Brandt KG,RE-2,06.01.2024,12x,"amount: not a number: ""12x"""`) {
				t.Fatalf("rejects file (%d lines):\n%s", got, rejects)
			}
			// Importing the same file again changes nothing.
			stdout, _, _ = vf(t, db, "import", "orders", file, "--skip-invalid", "--json")
			var sum struct{ Inserted, Updated, Unchanged, Rejected int }
			if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
				t.Fatal(err, stdout)
			}
			if sum.Inserted != 0 || sum.Updated != 0 || sum.Unchanged != 2 || sum.Rejected != 2 {
				t.Fatalf("re-import: %+v", sum)
			}
			stdout, _, _ = vf(t, db, "report", "pareto", "--json")
			var p struct {
				Customers int
				Revenue   float64
			}
			if err := json.Unmarshal([]byte(stdout), &p); err != nil {
				t.Fatal(err)
			}
			if p.Customers != 2 || p.Revenue != 1234.56+99.50 {
				t.Fatalf("pareto after import: %+v", p)
			}
		})
	}
}

func TestMissingColumnListsHeaders(t *testing.T) {
	file := writeFile(t, "x.csv", "Datum,Beleg,Summe\n2024-01-01,1,5\n")
	_, stderr, code := vf(t, filepath.Join(t.TempDir(), "vf.db"), "import", "orders", file)
	if code != 2 || !strings.Contains(stderr, `"Datum"`) || !strings.Contains(stderr, `"Beleg"`) || !strings.Contains(stderr, "customer") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	// --map fixes it.
	stdout, stderr, code := vf(t, filepath.Join(t.TempDir(), "vf.db"), "import", "orders", file, "--map", "Beleg=customer_id")
	if code != 0 || !strings.Contains(stdout, "1 inserted") {
		t.Fatalf("with --map: exit %d\n%s%s", code, stdout, stderr)
	}
}

// The demo business gives the same reports on SQLite and PostgreSQL, and
// analyze on an export of its invoices agrees with report pareto.
func TestDemoReportsAgreeAcrossDatabasesAndAnalyze(t *testing.T) {
	dbs := databases(t)
	outputs := map[string]map[string]string{}
	for name, db := range dbs {
		_, stderr, code := vf(t, db, "demo", "--accounts", "300", "--quiet", "--no-serve")
		if code != 0 {
			t.Fatalf("%s: demo: exit %d\n%s", name, code, stderr)
		}
		outputs[name] = map[string]string{}
		for _, rep := range []string{"pareto", "cost-to-serve", "lapsed", "repeat", "stale-contacts", "holiday-cards"} {
			stdout, stderr, code := vf(t, db, "report", rep, "--json")
			if code != 0 {
				t.Fatalf("%s: report %s: exit %d\n%s", name, rep, code, stderr)
			}
			outputs[name][rep] = stdout
		}
	}
	if pg, ok := outputs["postgres"]; ok {
		for rep, want := range outputs["sqlite"] {
			if err := testkit.SameJSON([]byte(want), []byte(pg[rep])); err != nil {
				t.Errorf("report %s differs between SQLite and PostgreSQL: %v", rep, err)
			}
		}
	}
	var pareto map[string]any
	if err := json.Unmarshal([]byte(outputs["sqlite"]["pareto"]), &pareto); err != nil {
		t.Fatal(err)
	}
	if n := pareto["customers"].(float64); n < 150 {
		t.Fatalf("demo pareto has %v customers", n)
	}
	if s := pareto["top20_share"].(float64); s < 0.7 || s > 0.9 {
		t.Fatalf("demo top-20 share %v, want near 0.8", s)
	}
}

// analyze (no database) and import + report pareto agree on the same file.
func TestAnalyzeAgreesWithReportPareto(t *testing.T) {
	var b strings.Builder
	b.WriteString("customer_id,customer,invoice,date,amount\n")
	for i := 0; i < 400; i++ {
		c := (i*37)%60 + 1
		amount := float64((c*c*7)%1000) + 10.25
		if i%50 == 0 {
			amount = -amount / 10 // a credit
		}
		fmt.Fprintf(&b, "C%03d,\"Customer %d, Ltd\",INV-%04d,%s,%.2f\n", c, c, i, time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*2).Format("2006-01-02"), amount)
	}
	file := writeFile(t, "tx.csv", b.String())
	db := filepath.Join(t.TempDir(), "vf.db")
	a, stderr, code := vf(t, db, "analyze", file, "--json")
	if code != 0 {
		t.Fatalf("analyze: %s", stderr)
	}
	if _, stderr, code := vf(t, db, "import", "orders", file); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	r, stderr, code := vf(t, db, "report", "pareto", "--json")
	if code != 0 {
		t.Fatalf("report: %s", stderr)
	}
	var x, y map[string]any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(r), &y); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"as_of", "since", "until", "customers", "revenue", "top20_share", "gini", "tiers"} {
		xk, _ := json.Marshal(x[k])
		yk, _ := json.Marshal(y[k])
		if err := testkit.SameJSON(xk, yk); err != nil {
			t.Errorf("%s: analyze %s, report %s: %v", k, xk, yk, err)
		}
	}
	if x["customers"].(float64) != 60 {
		t.Errorf("customers = %v, want 60", x["customers"])
	}
}
