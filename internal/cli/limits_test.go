package cli_test

// What the command line does with files beyond the limits (crm/limits.go)
// and with hostile cells: every problem as FILE:LINE: field: reason, at
// most crm.MaxShownErrors of them and a count, rejected rows counted once,
// and a rejects file that no spreadsheet runs.

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

func TestImportLimits(t *testing.T) {
	db := testkit.SQLite(t)
	cases := []struct {
		name, file, want string
	}{
		{"an amount of 1e308", "invoice,customer,date,amount\nR1,Acme,2024-01-02,1e308\n", ":2: amount: "},
		{"an amount beyond 1e12", "invoice,customer,date,amount\nR1,Acme,2024-01-02,\"2.000.000.000.000,00\"\n", ":2: amount: "},
		{"a date in 9999", "invoice,customer,date,amount\nR1,Acme,9999-12-31,10\n", ":2: date: 9999-12-31 is outside 1900-01-01..2100-12-31"},
		{"a date in 1899", "invoice,customer,date,amount\nR1,Acme,31.12.1899,10\n", ":2: date: 1899-12-31 is outside"},
		{"NUL in a name", "invoice,customer,date,amount\nR1,Ac\x00me,2024-01-02,10\n", ":2: customer: contains a NUL character"},
		{"a name of 600 characters", "invoice,customer,date,amount\nR1," + strings.Repeat("n", 600) + ",2024-01-02,10\n", ":2: customer: longer than 500 characters"},
		{"a cell of 100 KiB", "invoice,customer,date,amount\nR1," + strings.Repeat("n", 100<<10) + ",2024-01-02,10\n", ":2: customer: longer than 500"},
		{"a row of 2 MiB", "invoice,customer,date,amount,notes\nR1,Acme,2024-01-02,10," + strings.Repeat("x", 2<<20) + "\n", ":2: row is larger than 1 MiB"},
		{"1,001 columns", strings.Repeat("c,", 1000) + "c\n", ":1: the header has 1001 columns; at most 1000 are read"},
		{"effort of 1e308 minutes", "customer,date,minutes\nAcme,2024-01-02,1e308\n", ":2: effort_minutes: "},
	}
	for _, tc := range cases {
		kind := "orders"
		if strings.Contains(tc.name, "effort") {
			kind = "touchpoints"
		}
		f := writeFile(t, "in.csv", tc.file)
		_, errOut, code := vf(t, db, "import", kind, f)
		if code != 2 || !strings.Contains(errOut, tc.want) || len(errOut) > 4096 {
			t.Errorf("%s: exit %d, stderr %.300q; want exit 2 and %q", tc.name, code, errOut, tc.want)
		}
	}
	out, _, _ := vf(t, db, "report", "pareto", "--json")
	if strings.Contains(out, "Acme") {
		t.Errorf("a refused import wrote data: %.200s", out)
	}
}

// TestImportErrorsAreCapped: a file with a thousand bad rows and a
// million-column-wide header give messages of a few lines, not megabytes.
func TestImportErrorsAreCapped(t *testing.T) {
	db := testkit.SQLite(t)
	var b strings.Builder
	b.WriteString("invoice,customer,date,amount\n")
	for i := range 1000 {
		b.WriteString("R" + strconv.Itoa(i) + ",Acme,not a date,x\n")
	}
	_, errOut, code := vf(t, db, "import", "orders", writeFile(t, "bad.csv", b.String()))
	if lines := strings.Count(errOut, "\n"); code != 2 || lines > 25 || !strings.Contains(errOut, "more") {
		t.Errorf("1,000 bad rows: exit %d, %d lines of errors:\n%.500s", code, lines, errOut)
	}
	wide := strings.Repeat("column,", 1_000_000) + "x\n1\n"
	_, errOut, code = vf(t, db, "import", "orders", writeFile(t, "wide.csv", wide))
	if code != 2 || len(errOut) > 1024 {
		t.Errorf("a header of a million columns: exit %d, %d bytes of errors: %.200s", code, len(errOut), errOut)
	}
	missing := "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z\n1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26\n"
	_, errOut, _ = vf(t, db, "import", "orders", writeFile(t, "missing.csv", missing))
	if !strings.Contains(errOut, "and 6 more") || strings.Contains(errOut, `"z"`) {
		t.Errorf("a header of 26 unknown columns lists them all: %s", errOut)
	}
}

// TestRejectsFile: with --skip-invalid, rejected rows are counted once
// each however many problems they have (8 rows with 16 problems said "16
// rejected"), and the rejects file defuses formulas in cells and header.
func TestRejectsFile(t *testing.T) {
	db := testkit.SQLite(t)
	var b strings.Builder
	b.WriteString("invoice,customer,date,amount,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"\n")
	b.WriteString("R0,Good AG,2024-01-02,10,fine\n")
	for i := range 8 {
		b.WriteString("R" + strconv.Itoa(i+1) + ",=cmd|' /C calc'!A0,not a date,@SUM(1),-1+2\n")
	}
	f := writeFile(t, "orders.csv", b.String())
	out, errOut, code := vf(t, db, "import", "orders", f, "--skip-invalid")
	if code != 0 || !strings.Contains(out, "1 inserted, 0 updated, 0 unchanged, 8 rejected") {
		t.Fatalf("import --skip-invalid: exit %d\n%s%s", code, out, errOut)
	}
	// The import's audit entry counts the rows the reader refused too.
	st, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	entries, _, err := st.Audit(crm.WithActor(context.Background(), crm.Operator), store.AuditFilter{Entity: "orders"})
	st.Close()
	if err != nil || len(entries) != 1 || !strings.Contains(string(entries[0].After), `"rejected":8`) {
		t.Errorf("the import's audit entries: %+v (%v); want one counting 8 rejected", entries, err)
	}
	raw, err := os.ReadFile(f + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(string(raw)))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil || len(recs) != 9 {
		t.Fatalf("rejects file: %d records (%v)", len(recs), err)
	}
	for _, rec := range recs {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("rejects file cell %q would run in a spreadsheet", cell)
			}
		}
	}
}

// TestAnalyzeLimits: analyze reads files under the store's limits too.
func TestAnalyzeLimits(t *testing.T) {
	f := writeFile(t, "a.csv", "customer,date,amount\nA,2024-01-02,10\nB,9999-12-31,5\nC,2024-01-03,1e308\nD,2024-01-04,-2000000000000\nE,1899-12-31,1\n")
	_, errOut, code := vf(t, testkit.SQLite(t), "analyze", f)
	for _, want := range []string{":3: date: 9999-12-31 is outside", ":4: amount: ", ":5: amount: ", ":6: date: 1899-12-31 is outside"} {
		if code != 2 || !strings.Contains(errOut, want) {
			t.Errorf("analyze: exit %d, stderr %s; want %q", code, errOut, want)
		}
	}
}

// TestMoneyIsExact: money is kept in cents, so a customer whose orders
// were credited in full has exactly nothing and is no customer, in
// `analyze` and in `report pareto` alike (in floating point 0.10 + 0.20 −
// 0.30 left 5.6e-17, and the customer counted), and the revenue is the
// exact sum.
func TestMoneyIsExact(t *testing.T) {
	csv := "invoice,customer,date,amount\n" +
		"1,Credited AG,2024-01-02,0.10\n2,Credited AG,2024-01-03,0.20\n3,Credited AG,2024-01-04,-0.30\n" +
		"4,Buyer GmbH,2024-01-02,19.99\n5,Small KG,2024-01-05,0.07\n6,Buyer GmbH,2024-02-01,1234.56\n"
	f := writeFile(t, "orders.csv", csv)
	want := struct {
		Customers int
		Revenue   float64
	}{2, 1254.62} // 19.99 + 0.07 + 1234.56, exactly
	out, errOut, code := vf(t, testkit.SQLite(t), "analyze", f, "--json")
	var got struct {
		Customers int
		Revenue   float64
	}
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || got != want {
		t.Errorf("analyze: %+v (exit %d, %s), want %+v", got, code, errOut, want)
	}
	for name, db := range databases(t) {
		if _, errOut, code := vf(t, db, "import", "orders", f); code != 0 {
			t.Fatalf("%s: import: %s", name, errOut)
		}
		out, errOut, code := vf(t, db, "report", "pareto", "--json")
		got = struct {
			Customers int
			Revenue   float64
		}{}
		if code != 0 || json.Unmarshal([]byte(out), &got) != nil || got != want {
			t.Errorf("%s: report pareto: %+v (exit %d, %s), want %+v", name, got, code, errOut, want)
		}
	}
}
