package report_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
)

// TestDescribeIdeal, worked by hand. Customers of the window: A a1
// (Manufacturing, DE, referred), a2 (Manufacturing, DE); b1
// (Manufacturing, AT), c1 (Trade, DE, young), c2 (Trade, AT). Lifts:
// referred yes 0.5/0.2 = 2.5; Manufacturing and DE 1/0.6; referred no
// 0.5/0.8; Trade and AT 0. Smoothed, ((a+½)/3)/((n+½)/6): Manufacturing
// and DE 10/7, referred no 2/3, Trade and AT 2/5; a prospect p1
// (Manufacturing, DE, not referred) is ∛(10/7·10/7·2/3) alike, c1
// ∛(2/5·10/7·2/3), a prospect p2 (Trade, AT) ∛(2/5·2/5·2/3).
func TestDescribeIdeal(t *testing.T) {
	acc := func(id int64, name, seg, region string, referred bool) crm.Account {
		a := crm.Account{ID: id, Name: name, Segment: seg, Region: region}
		if referred {
			a.ReferredByID = 99
		}
		return a
	}
	accounts := []crm.Account{acc(1, "a1", "Manufacturing", "DE", true), acc(2, "a2", "Manufacturing", "DE", false), acc(3, "b1", "Manufacturing", "AT", false),
		acc(4, "c1", "Trade", "DE", false), acc(5, "c2", "Trade", "AT", false), acc(6, "p1", "Manufacturing", "DE", false), acc(7, "p2", "Trade", "AT", false)}
	tierOf := map[int64]string{1: "A", 2: "A", 3: "B", 4: "C", 5: "C"}
	ordered := map[int64]bool{1: true, 2: true, 3: true, 4: true, 5: true}
	r := report.DescribeIdeal(accounts, tierOf, ordered, map[int64]bool{4: true})
	var got []string
	for _, a := range r.Attributes {
		got = append(got, fmt.Sprintf("%s=%s %d/%d %.4f", a.Attribute, a.Value, a.AAccounts, a.Accounts, a.Lift))
	}
	want := "referred=yes 1/1 2.5000|region=DE 2/3 1.6667|segment=Manufacturing 2/3 1.6667|referred=no 1/4 0.6250|region=AT 0/2 0.0000|segment=Trade 0/2 0.0000"
	if r.AAccounts != 2 || r.Customers != 5 || strings.Join(got, "|") != want {
		t.Errorf("attributes (%d A of %d):\n got %s\nwant %s", r.AAccounts, r.Customers, strings.Join(got, "|"), want)
	}
	wantC := []struct {
		name, kind string
		likeness   float64
	}{{"p1", "prospect", math.Cbrt(10.0 / 7 * 10.0 / 7 * 2 / 3)}, {"c1", "young", math.Cbrt(2.0 / 5 * 10.0 / 7 * 2 / 3)}, {"p2", "prospect", math.Cbrt(2.0 / 5 * 2.0 / 5 * 2 / 3)}}
	if len(r.Candidates) != len(wantC) {
		t.Fatalf("candidates: %+v", r.Candidates)
	}
	for i, w := range wantC {
		c := r.Candidates[i]
		if c.Name != w.name || c.Kind != w.kind || math.Abs(c.Likeness-w.likeness) > 1e-9 {
			t.Errorf("candidate %d: %+v, want %s %s %.6f", i, c, w.name, w.kind, w.likeness)
		}
	}
}
