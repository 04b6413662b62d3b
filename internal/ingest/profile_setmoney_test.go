package ingest

import (
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// TestSetMoneyKeepsConvention checks that a profile's rows read each amount
// under its column's convention, whatever the rows before them set: in a
// comma column, "1.000" after a rewritten row is still a thousand.
func TestSetMoneyKeepsConvention(t *testing.T) {
	for _, tc := range []struct {
		name  string
		conv  int
		cells []string
		want  []crm.Money // what each row reads before it is set to its negative
	}{
		{"comma", DecimalComma, []string{"120,00", "1.000", "12,5"}, []crm.Money{12000, 100000, 1250}},
		{"point", DecimalPoint, []string{"120.00", "1,000", "12.5"}, []crm.Money{12000, 100000, 1250}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := &table{comma: ';', cols: []int{0}, slots: map[string]int{"amount": 0}, fields: []string{"amount"},
				cells: append([]string(nil), tc.cells...), lines: []int{2, 3, 4}, conv: map[int]int{},
				profile: &Profile{Decimal: tc.conv}}
			for i, want := range tc.want {
				r := Row{t: tb, i: i}
				got, ok := r.Money("amount")
				if !ok || got != want {
					t.Fatalf("row %d (%q): got %v %v, want %v", i, tc.cells[i], got, ok, want)
				}
				r.SetMoney("amount", -got)
			}
			for i, want := range tc.want {
				r := Row{t: tb, i: i}
				if got, ok := r.Money("amount"); !ok || got != -want {
					t.Errorf("row %d set to %q reads %v, want %v", i, tb.cells[i], got, -want)
				}
			}
		})
	}
}
