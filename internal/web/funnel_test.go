package web

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

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
	if code, body := get(t, viewer, base+"/funnel.csv?list=ideal"); code != http.StatusOK || !strings.HasPrefix(body, "attribute,value,a_accounts,accounts,a_share,share,lift\n") {
		t.Errorf("the ideal customer as CSV: %d %s", code, body)
	}
	if code, body := get(t, viewer, base+"/funnel.csv?list=drift"); code != http.StatusOK || !strings.HasPrefix(body, "from,to,accounts\n") {
		t.Errorf("the drift as CSV: %d %s", code, body)
	}
	// Account 360 shows the account's health with its components; the
	// dashboard the stages and the bands.
	settled(t, viewer, base)
	if _, body := get(t, viewer, base+"/"); !strings.Contains(body, `id="after-the-sale"`) || !strings.Contains(body, `<a href="/funnel#health">healthy</a>`) {
		t.Errorf("the dashboard's funnel and health: %s", mainOf(body))
	}
	if code, body := get(t, viewer, base+"/accounts/"+strconv.FormatInt(f.accountID, 10)); code != http.StatusOK || !strings.Contains(body, `<h3 id="health">Health: `) ||
		!strings.Contains(body, "<li>rhythm: ") || !strings.Contains(body, "<li>NPS: <span class=\"note\">unknown</span></li>") {
		t.Errorf("Account 360's health: %d %s", code, mainOf(body))
	}
	if code, _ := get(t, viewer, base+"/funnel?year=2999"); code != http.StatusBadRequest {
		t.Errorf("a year to come: %d, want 400", code)
	}
}

// TestOneVoice: Account 360 lists who spoke to the account lately, by
// department, and warns when three departments did within a week.
func TestOneVoice(t *testing.T) {
	f := newFixture(t)
	staff := f.client(t, crm.RoleStaff)
	id := strconv.FormatInt(f.accountID, 10)
	today := time.Now().UTC()
	page := func() string {
		_, body := get(t, staff, f.ts.URL+"/accounts/"+id)
		return body
	}
	for i, dept := range []string{"sales", "marketing", "support"} {
		if i == 2 && strings.Contains(page(), "departments spoke to this account") {
			t.Errorf("two departments are no crowd")
		}
		res, err := staff.PostForm(f.ts.URL+"/accounts/"+id+"/touchpoints", url.Values{"kind": {"call"}, "department": {dept},
			"subject": {"Checking in"}, "occurred_at": {today.AddDate(0, 0, i-2).Format(time.DateOnly)}})
		if err != nil || res.StatusCode != http.StatusSeeOther {
			t.Fatalf("a %s call: %v %v", dept, err, res.Status)
		}
		res.Body.Close()
	}
	body := page()
	if !strings.Contains(body, `id="one-voice"`) || !strings.Contains(body, "3 departments spoke to this account in the week from") ||
		!strings.Contains(body, "(marketing, sales, support)") || !strings.Contains(body, "<b>support</b> 1×, last on") {
		t.Errorf("one voice: %s", mainOf(body))
	}
}

// TestAdvocacyLedger: staff record an act on Account 360; they cannot
// verify it themselves, another user can; then the account leads the
// advocates report.
func TestAdvocacyLedger(t *testing.T) {
	f := newFixture(t)
	staff, admin := f.client(t, crm.RoleStaff), f.client(t, crm.RoleAdmin)
	id := strconv.FormatInt(f.accountID, 10)
	today := "2024-05-01" // the fixture's latest order is of 2024-05-15
	post := func(c *http.Client, path string, v url.Values) int {
		t.Helper()
		res, err := c.PostForm(f.ts.URL+path, v)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := post(staff, "/accounts/"+id+"/advocacy", url.Values{"kind": {"case_study"}, "on": {today}, "evidence": {"https://example.com/case"}}); code != http.StatusSeeOther {
		t.Fatalf("record: %d", code)
	}
	if code := post(staff, "/accounts/"+id+"/advocacy", url.Values{"kind": {"bribe"}, "on": {today}}); code != http.StatusBadRequest {
		t.Errorf("an unknown kind: %d", code)
	}
	_, body := get(t, staff, f.ts.URL+"/accounts/"+id)
	m := regexp.MustCompile(`action="(/accounts/` + id + `/advocacy/\d+/verify)"`).FindStringSubmatch(body)
	if m == nil || !strings.Contains(body, "<b>case_study</b> · https://example.com/case") || !strings.Contains(body, "recorded by staff@example.com") {
		t.Fatalf("the ledger: %s", mainOf(body))
	}
	if code := post(staff, m[1], nil); code != http.StatusBadRequest {
		t.Errorf("verified by who recorded it: %d", code)
	}
	if code := post(admin, m[1], nil); code != http.StatusSeeOther {
		t.Fatalf("verify: %d", code)
	}
	if _, body := get(t, staff, f.ts.URL+"/accounts/"+id); !strings.Contains(body, "verified by admin@example.com") {
		t.Errorf("not verified: %s", mainOf(body))
	}
	if _, body := get(t, staff, f.ts.URL+"/api/v1/reports/advocates"); !strings.Contains(body, `"points":50`) {
		t.Errorf("advocates: %s", body)
	}
}

// TestStageHistory: the figures' refresh keeps the stages as dated
// transitions; Account 360 shows the account's, the funnel page who moved
// in the 91 days up to the latest order (2024-05-15). The fixture's
// hostile account ordered on the 15th of January to May 2024: a customer
// on 2024-01-15, a repeat customer on 2024-02-15.
func TestStageHistory(t *testing.T) {
	f := newFixture(t)
	viewer := f.client(t, crm.RoleViewer)
	settled(t, viewer, f.ts.URL)
	_, body := get(t, viewer, f.ts.URL+"/accounts/"+strconv.FormatInt(f.accountID, 10))
	for _, want := range []string{`<h3 id="stages">Stage history</h3>`, "<b>repeat</b> <small class=\"note\">a second order on another day</small>", "<b>customer</b> <small class=\"note\">first order</small>"} {
		if !strings.Contains(body, want) {
			t.Errorf("Account 360 lacks %q: %s", want, mainOf(body))
		}
	}
	_, body = get(t, viewer, f.ts.URL+"/funnel")
	if !strings.Contains(body, `<h3 id="moved">Who moved in the last 91 days</h3>`) || !strings.Contains(body, ": repeat on 2024-02-15") {
		t.Errorf("the funnel page's moves: %s", mainOf(body))
	}
}

// TestStageTransitionsAPI: the kept transitions through the API, of one
// account and since a day: the hostile account became a repeat customer
// on 2024-02-15 (TestStageHistory).
func TestStageTransitionsAPI(t *testing.T) {
	f := newFixture(t)
	settled(t, f.client(t, crm.RoleViewer), f.ts.URL)
	req, _ := http.NewRequest(http.MethodGet, f.ts.URL+"/api/v1/stage-transitions?account_id="+strconv.FormatInt(f.accountID, 10)+"&since=2024-02-01", nil)
	req.Header.Set("Authorization", "Bearer "+f.token(t, crm.RoleViewer))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), `"items":[{"account_id":`+strconv.FormatInt(f.accountID, 10)+`,"stage":"repeat","on":"2024-02-15","reason":"a second order on another day","observed":false}],"total":1`) {
		t.Errorf("%d %s", res.StatusCode, b)
	}
}
