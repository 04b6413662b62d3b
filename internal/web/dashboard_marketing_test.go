package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// TestDashboardMarketing: the dashboard's card of MOC% and the best and
// worst activity by ROI under first touch and first-order value, over all
// new customers. By hand from the reference (internal/cli/testdata/
// marketing) and the fixture's five customers without touches: 10 new
// customers, C0 C1 C2 C4 from marketing (40%), the fixture's 5 unknown
// (50%); LinkedIn ads is credited C0's 900 and C1's 4,000 against 3,000
// (ROI 1,900, 63.3%), the trade show C2's 4,000 against 5,000 (-1,000,
// -20%), the webinar C4's 2,000 against 2,000 (0%).
func TestDashboardMarketing(t *testing.T) {
	f := newFixture(t)
	viewer := f.client(t, crm.RoleViewer)
	if _, page := get(t, viewer, f.ts.URL+"/"); strings.Contains(page, `id="marketing"`) {
		t.Error("a card without activities")
	}
	f.marketingData(t)
	code, page := get(t, viewer, f.ts.URL+"/")
	if code != http.StatusOK {
		t.Fatal(code)
	}
	i := strings.Index(page, `id="marketing"`)
	if i < 0 {
		t.Fatal("no marketing card")
	}
	card := page[i:]
	card = card[:strings.Index(card, "</section>")]
	for _, w := range []string{"40.0%", "50.0%", "Best", "LinkedIn ads", "1,900.00", "63.3%", "Worst", "Trade show", "-1,000.00", "-20.0%"} {
		if !strings.Contains(card, w) {
			t.Errorf("the card lacks %q:\n%s", w, card)
		}
	}
}
