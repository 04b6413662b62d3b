package ingest

import (
	"slices"
	"strings"
	"testing"
)

// TestProfileFooter checks that the lines a profile's Footer names are
// passed over, neither read nor reported, and that any other short line
// after the header is still a bad row.
func TestProfileFooter(t *testing.T) {
	p := &Profile{
		Name: "test-footer", Tool: "test report", Kind: KindOrders, Verified: VerifiedGuess,
		Match:   []string{"Test Customer", "Test Date", "Test Amount"},
		Columns: map[string]string{"Test Customer": "customer", "Test Date": "date", "Test Amount": "amount"},
		Footer: func(cells []string) bool {
			return strings.HasPrefix(cells[0], "Total (") || cells[0] == "Confidential"
		},
	}
	saved := profiles
	profiles = append(slices.Clone(profiles), p)
	t.Cleanup(func() { profiles = saved })

	const file = "Test Customer,Test Date,Test Amount\n" +
		"Acme,2025-01-02,10.00\n" +
		"Acme,2025-01-03,5.50\n" +
		"\n" +
		"Total (2 records)\n" +
		"\n" +
		"Confidential\n" +
		"Not a footer\n"
	res, err := ReadOrders(strings.NewReader(file), Options{File: "report.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Profile == nil || res.Profile.Name != "test-footer" {
		t.Fatalf("read as %+v, want test-footer", res.Profile)
	}
	if len(res.Records) != 2 {
		t.Errorf("%d records, want 2", len(res.Records))
	}
	// Line 8 is no footer line: it is reported as a bad row. Lines 5 and
	// 7 are not.
	checkErrors(t, res.Errors, []string{"report.csv:8: row has 1 cells, header has 3"})
	if len(res.Tally) != 0 {
		t.Errorf("tally %v, want none: footer lines are not rows", res.Tally)
	}
}
