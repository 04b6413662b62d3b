package ingest

import (
	"slices"
	"strings"
	"testing"
)

// TestProfileRagged: a profile that says Ragged sees a row shorter than the
// header (a report's footer) with the missing cells empty; without it the
// row is refused.
func TestProfileRagged(t *testing.T) {
	footer := &Reason{"footer line not counted", "footer lines not counted"}
	p := &Profile{
		Name: "test-ragged", Tool: "ragged test report", Kind: KindOrders, Verified: VerifiedGuess,
		Match:   []string{"Ragged Customer", "Ragged Date", "Ragged Amount"},
		Columns: map[string]string{"Ragged Customer": "customer", "Ragged Date": "date", "Ragged Amount": "amount"},
		Rows: func([][]string) func(*Row) *Reason {
			return func(r *Row) *Reason {
				if strings.HasPrefix(r.Get("customer"), "Accrual Basis") && r.Get("date") == "" {
					return footer
				}
				return nil
			}
		},
	}
	profiles = append(profiles, p)
	t.Cleanup(func() { profiles = slices.DeleteFunc(profiles, func(q *Profile) bool { return q == p }) })
	const file = "Ragged Customer,Ragged Date,Ragged Amount\nAcme,2026-01-05,10.00\n\n\"Accrual Basis Tuesday, January 6, 2026 10:21 AM GMT-05:00\"\n"
	for _, ragged := range []bool{true, false} {
		p.Ragged = ragged
		res, err := ReadOrders(strings.NewReader(file), Options{File: "r.csv"})
		if err != nil {
			t.Fatal(err)
		}
		var tally []string
		for _, x := range res.Tally {
			tally = append(tally, x.String())
		}
		var errs []string
		for _, e := range res.Errors {
			errs = append(errs, e.Error())
		}
		want, wantErrs := []string{"1 footer line not counted"}, []string(nil)
		if !ragged {
			want, wantErrs = nil, []string{"r.csv:4: row has 1 cells, header has 3"}
		}
		if len(res.Records) != 1 || !slices.Equal(tally, want) || !slices.Equal(errs, wantErrs) {
			t.Errorf("Ragged %v: %d records, tally %q (want %q), errors %q (want %q)", ragged, len(res.Records), tally, want, errs, wantErrs)
		}
	}
}
