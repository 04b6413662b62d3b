package report_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
)

// TestVoices: by department, the latest first; three departments within
// seven days is crowded (and the latest such week is named), six days
// apart still counts, seven does not; orders and contacts older than 90
// days are no voice.
func TestVoices(t *testing.T) {
	tp := func(d, dept, kind string) crm.Touchpoint {
		return crm.Touchpoint{OccurredAt: day(d), Department: dept, Kind: kind}
	}
	today := day("2026-12-01")
	for _, c := range []struct {
		name    string
		tps     []crm.Touchpoint
		depts   string
		crowded string
	}{
		{"calm", []crm.Touchpoint{tp("2026-11-01", "sales", "call"), tp("2026-11-20", "support", "ticket"), tp("2026-11-28", "sales", "email")},
			"sales 2 2026-11-28 call,email|support 1 2026-11-20 ticket", ""},
		{"three in six days", []crm.Touchpoint{tp("2026-11-10", "sales", "call"), tp("2026-11-13", "marketing", "email"), tp("2026-11-16", "support", "call")},
			"support 1 2026-11-16 call|marketing 1 2026-11-13 email|sales 1 2026-11-10 call", "2026-11-10 marketing,sales,support"},
		{"seven days apart is another week", []crm.Touchpoint{tp("2026-11-10", "sales", "call"), tp("2026-11-13", "marketing", "email"), tp("2026-11-17", "support", "call")},
			"support 1 2026-11-17 call|marketing 1 2026-11-13 email|sales 1 2026-11-10 call", ""},
		{"orders and old contacts", []crm.Touchpoint{tp("2026-08-01", "product", "call"), tp("2026-11-10", "finance", "order"), tp("2026-11-11", "sales", "call")},
			"sales 1 2026-11-11 call", ""},
	} {
		v := report.Voices(c.tps, today)
		var got []string
		for _, d := range v.Departments {
			got = append(got, d.Department+" "+strconv.Itoa(d.Contacts)+" "+d.Last+" "+strings.Join(d.Kinds, ","))
		}
		crowded := ""
		if v.Crowded {
			crowded = v.WeekFrom + " " + strings.Join(v.Week, ",")
		}
		if strings.Join(got, "|") != c.depts || crowded != c.crowded {
			t.Errorf("%s: %q crowded %q, want %q crowded %q", c.name, strings.Join(got, "|"), crowded, c.depts, c.crowded)
		}
	}
}
