package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// TestFunnelPage: the page shows the funnel's stages, the segments, their
// customers filtered by segment, and the drift; its lists export CSV; a
// year after the latest order is refused plainly.
func TestFunnelPage(t *testing.T) {
	f := newFixture(t)
	viewer := f.client(t, crm.RoleViewer)
	base := f.ts.URL
	code, body := get(t, viewer, base+"/funnel")
	if code != http.StatusOK || !strings.Contains(body, `<td class="text">customer</td>`) || !strings.Contains(body, `<td class="text">advocate</td>`) ||
		!strings.Contains(body, `href="/funnel?segment=champions#segment-accounts"`) || !strings.Contains(body, `id="drift"`) || !strings.Contains(body, `<td class="text">healthy</td>`) || !strings.Contains(body, `<svg`) {
		t.Fatalf("the page: %d %s", code, mainOf(body))
	}
	_, all := get(t, viewer, base+"/funnel.csv")
	rows := strings.Count(all, "\n") - 1
	if !strings.HasPrefix(all, "id,name,segment,r,f,m,recency_days,order_days,revenue\n") || rows < 2 {
		t.Fatalf("the segments as CSV: %s", all)
	}
	// Filtered: only the segment's customers, in the page and the CSV.
	seg := strings.Split(strings.Split(all, "\n")[1], ",")[2]
	code, body = get(t, viewer, base+"/funnel?segment="+seg)
	_, some := get(t, viewer, base+"/funnel.csv?segment="+seg)
	if code != http.StatusOK || strings.Count(some, ","+seg+",") != strings.Count(some, "\n")-1 || strings.Count(some, "\n")-1 > rows {
		t.Errorf("segment %s: %d, CSV %s", seg, code, some)
	}
	for _, other := range []string{"champions", "potential", "lost"} {
		if other != seg && strings.Contains(body, `data-label="Segment">`+other+`</td>`) {
			t.Errorf("segment %s lists a customer of %s", seg, other)
		}
	}
	if code, body := get(t, viewer, base+"/funnel.csv?list=health"); code != http.StatusOK || !strings.HasPrefix(body, "id,name,stage,health,band,rhythm,") {
		t.Errorf("the health as CSV: %d %s", code, body)
	}
	if code, body := get(t, viewer, base+"/funnel.csv?list=drift"); code != http.StatusOK || !strings.HasPrefix(body, "from,to,accounts\n") {
		t.Errorf("the drift as CSV: %d %s", code, body)
	}
	// Account 360 shows the account's health with its components.
	settled(t, viewer, base)
	if code, body := get(t, viewer, base+"/accounts/"+strconv.FormatInt(f.accountID, 10)); code != http.StatusOK || !strings.Contains(body, `<h3 id="health">Health: `) ||
		!strings.Contains(body, "<li>rhythm: ") || !strings.Contains(body, "<li>nps: <span class=\"note\">unknown</span></li>") {
		t.Errorf("Account 360's health: %d %s", code, mainOf(body))
	}
	if code, _ := get(t, viewer, base+"/funnel?year=2999"); code != http.StatusBadRequest {
		t.Errorf("a year to come: %d, want 400", code)
	}
}
