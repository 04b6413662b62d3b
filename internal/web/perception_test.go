package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestPerceptionPages: staff say what they believe on the survey's
// beliefs page — a user who owns some accounts about hers only (another's
// is not found, and writes nothing), a wrong answer named, a cross-origin
// POST refused — and the perception page, its CSV and the dashboard set it
// against the customers' answers, in English and German. The fixture's
// tiers: the hostile account and Brandt KG A, Cramer AG B, Dietz GmbH and
// Ebert OHG C. On SQLite and PostgreSQL.
func TestPerceptionPages(t *testing.T) { onDatabases(t, testPerceptionPages) }

func testPerceptionPages(t *testing.T, dsn string) {
	f := newFixtureOn(t, dsn)
	op := crm.WithActor(context.Background(), crm.Operator)
	ids := f.accountIDs(t)
	ebert := ids["Ebert OHG"]
	for _, c := range []struct {
		account int64
		email   string
	}{{f.accountID, "hanna@hostile.example"}, {ebert, "erik@ebert.example"}} {
		if _, err := f.st.CreateContact(op, crm.Contact{AccountID: c.account, Name: c.email, Status: "active",
			Identities: []crm.Identity{{Kind: "email", Value: c.email}}}); err != nil {
			t.Fatal(err)
		}
	}
	sv, err := f.st.CreateSurvey(op, crm.Survey{Name: "After the project", Language: "en", Questions: []crm.Question{
		{Type: crm.QuestionNPS, Text: "Recommend us?"}, {Type: crm.QuestionYesNo, Text: "On time?"}, {Type: crm.QuestionText, Text: "Why?"}}})
	if err != nil {
		t.Fatal(err)
	}
	// The hostile account's customer: 6 and no; Ebert's: 10 and yes.
	at := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	if _, err := f.st.ImportSurveyResponses(op, sv.ID, []store.ImportedResponse{
		{Line: 2, Key: "1", Email: "hanna@hostile.example", SubmittedAt: at, Complete: true, Answers: map[int][]string{1: {"6"}, 2: {"no"}}},
		{Line: 3, Key: "2", Email: "erik@ebert.example", SubmittedAt: at, Complete: true, Answers: map[int][]string{1: {"10"}, 2: {"yes"}, 3: {"Fine"}}},
	}); err != nil {
		t.Fatal(err)
	}
	rita := f.restricted(t) // owns Brandt KG
	staff, viewer := f.client(t, crm.RoleStaff), f.client(t, crm.RoleViewer)
	settled(t, staff, f.ts.URL)
	base := f.ts.URL + "/surveys/" + strconv.FormatInt(sv.ID, 10)
	post := func(c *http.Client, form url.Values, headers ...string) (int, string, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", base+"/beliefs", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Location"), string(b)
	}
	beliefs := func() int {
		bs, err := f.st.Beliefs(op, sv.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(bs)
	}
	brandt := strconv.FormatInt(ids["Brandt KG"], 10)
	hostileID := strconv.FormatInt(f.accountID, 10)

	// Rita's picker: her account, the company; the text question left out.
	code, body := get(t, rita, base+"/beliefs")
	for _, want := range []string{`href="/surveys/` + strconv.FormatInt(sv.ID, 10) + `/beliefs?account=` + brandt + `">Brandt KG</a>`,
		"<b>The company as a whole</b>", `name="q1" value="10"`, "<legend>2. On time?</legend>", "Free-text and multiple-choice questions are left out"} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("rita's beliefs page: %d, no %q", code, want)
		}
	}
	if strings.Contains(body, "Why?") || strings.Contains(body, "Hostile") {
		t.Errorf("rita's beliefs page shows the text question or another's account: %s", body)
	}
	if code, body := get(t, rita, base+"/beliefs?q=brandt"); code != http.StatusOK || !strings.Contains(body, `<ul class="found"><li><a href="/surveys/`) {
		t.Errorf("rita searches: %d %s", code, body)
	}
	// Another's account: not found, to read and to write.
	if code, _ := get(t, rita, base+"/beliefs?account="+hostileID); code != http.StatusNotFound {
		t.Errorf("rita reads about another's account: %d", code)
	}
	if code, _, _ := post(rita, url.Values{"account": {hostileID}, "q1": {"10"}}); code != http.StatusNotFound || beliefs() != 0 {
		t.Errorf("rita answers about another's account: %d, %d beliefs", code, beliefs())
	}
	// A cross-origin POST is refused.
	if code, _, _ := post(rita, url.Values{"account": {brandt}, "q1": {"10"}}, "Sec-Fetch-Site", "cross-site"); code != http.StatusForbidden || beliefs() != 0 {
		t.Errorf("a cross-origin POST: %d, %d beliefs", code, beliefs())
	}
	// A wrong answer is named, nothing written.
	if code, _, body := post(rita, url.Values{"account": {brandt}, "q1": {"11"}}); code != http.StatusBadRequest || !strings.Contains(body, "q1: want a whole number from 0 to 10") || beliefs() != 0 {
		t.Errorf("an NPS of 11: %d, %d beliefs", code, beliefs())
	}
	code, loc, _ := post(rita, url.Values{"account": {brandt}, "q1": {"10"}, "q2": {"yes"}})
	if code != http.StatusSeeOther || loc != "/surveys/"+strconv.FormatInt(sv.ID, 10)+"/beliefs?account="+brandt+"&saved=1" {
		t.Fatalf("rita saves: %d %q", code, loc)
	}
	// Account 360 shows what Rita believes Brandt would answer.
	if code, body := get(t, rita, f.ts.URL+"/accounts/"+brandt); code != http.StatusOK || !strings.Contains(body, "What we believe they would answer") ||
		!regexp.MustCompile(`/perception">After the project</a> · [^<]+ · NPS 10 \(promoter\)`).MatchString(body) {
		t.Errorf("Account 360 does not show the belief: %d", code)
	}
	if code, body := get(t, rita, f.ts.URL+loc); code != http.StatusOK || !strings.Contains(body, `value="10" checked`) || !strings.Contains(body, `value="yes" checked`) ||
		!strings.Contains(body, "What the customers of Brandt KG would answer") || !strings.Contains(body, `role="status">Saved.`) {
		t.Errorf("rita's saved answers: %d %s", code, body)
	}
	// Staff who see every account: the hostile account, and the company.
	for _, form := range []url.Values{{"account": {hostileID}, "q1": {"9"}, "q2": {"yes"}}, {"account": {"0"}, "q1": {"10"}}} {
		if code, _, body := post(staff, form); code != http.StatusSeeOther {
			t.Fatalf("staff save %v: %d %s", form, code, body)
		}
	}
	if code, _ := get(t, viewer, base+"/beliefs"); code != http.StatusForbidden {
		t.Errorf("a viewer's beliefs page: %d", code)
	}
	if n := beliefs(); n != 5 {
		t.Errorf("%d beliefs, want 5", n)
	}
	settled(t, staff, f.ts.URL)

	// The gap. NPS: customers A 6 (0 of 1), C 10 (1 of 1); staff A 10
	// and 9 (2 of 2), B and C the company's 10: gap A +100, C 0; overall
	// customers 1 of 2 (50%), staff 3 of 3: +50. The hostile account:
	// NPS 0.9 − 0.6, yes/no 1 − 0: (0.3 + 1) / 2 = 0.65.
	code, body = get(t, viewer, base+"/perception")
	for _, want := range []string{"The perception gap", "<h2>1. Recommend us?</h2>", "Top box: 9-10",
		`<td class="num" data-label="Gap (points)">&#43;100</td>`, `<td class="num" data-label="believe excellent">100% *</td>`,
		`data-label="Tier"><b>all</b></td>`, `<td class="num" data-label="Gap (points)">&#43;50</td>`,
		`<a href="/accounts/` + hostileID + `">Hostile &lt;script&gt;`, `data-label="Gap">&#43;0.65</td>`, "perception.csv", "1–1 of 1"} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("perception page: %d, no %q", code, want)
		}
	}
	if strings.Count(body, "<svg") != 2 || !strings.Contains(body, "Rated excellent: what staff believe and what customers answered") {
		t.Errorf("the chart: %d svg", strings.Count(body, "<svg"))
	}
	if strings.Contains(body, `/beliefs"`) {
		t.Error("a viewer is offered the beliefs page")
	}
	res, err := viewer.Get(base + "/perception.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(res.Body).ReadAll()
	res.Body.Close()
	if err != nil || len(rows) != 2 || strings.Join(rows[0], ",") != "account_id,account,tier,gap,questions" ||
		rows[1][0] != hostileID || rows[1][2] != "A" || rows[1][3] != "0.65" || rows[1][4] != "2" {
		t.Errorf("perception CSV: %v %v", rows, err)
	}
	// The API: what the command prints, for this survey.
	code, body = get(t, viewer, f.ts.URL+"/api/v1/reports/perception?survey="+strconv.FormatInt(sv.ID, 10))
	var api struct {
		Survey    int64
		Questions []struct {
			Position int
			GapPts   *float64 `json:"gap_pts"`
		}
		Widest []struct {
			AccountID int64 `json:"account_id"`
			Gap       float64
		}
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &api) != nil || api.Survey != sv.ID || len(api.Questions) != 2 ||
		api.Questions[0].GapPts == nil || *api.Questions[0].GapPts != 50 || len(api.Widest) != 1 || api.Widest[0].AccountID != f.accountID {
		t.Errorf("GET /api/v1/reports/perception: %d %s", code, body)
	}
	if code, _ := get(t, viewer, f.ts.URL+"/api/v1/reports/perception?survey=x"); code != http.StatusBadRequest {
		t.Errorf("a bad survey parameter: %d", code)
	}
	// Rita sees her account's only: no customer answered there.
	if code, body := get(t, rita, base+"/perception"); code != http.StatusOK || !strings.Contains(body, "No account has both a staff answer and customer answers yet.") ||
		strings.Contains(body, "Hostile") {
		t.Errorf("rita's perception page: %d", code)
	}
	// The survey's page links to both; the dashboard shows the NPS
	// question's gap.
	if _, body := get(t, staff, base); !strings.Contains(body, `/perception">The perception gap</a> · <a href="/surveys/`+strconv.FormatInt(sv.ID, 10)+`/beliefs">What we believe</a>`) {
		t.Error("the survey's page does not link to the perception gap")
	}
	code, body = get(t, viewer, f.ts.URL+"/")
	if code != http.StatusOK || !strings.Contains(body, `id="perception"`) || !strings.Contains(body, "Staff believe 100% rate us excellent · customers: 50% · <b>gap &#43;50 points</b>") {
		t.Errorf("the dashboard's figure: %d %s", code, body)
	}

	// In German.
	if res, err := staff.PostForm(f.ts.URL+"/lang", url.Values{"lang": {"de"}}); err != nil {
		t.Fatal(err)
	} else {
		res.Body.Close()
	}
	code, body = get(t, staff, base+"/perception")
	for _, want := range []string{"Die Wahrnehmungslücke", "Lücke (Punkte)", `data-label="Lücke">&#43;0,65</td>`, "Was wir glauben"} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("German perception page: %d, no %q", code, want)
		}
	}
	code, body = get(t, staff, base+"/beliefs?account="+hostileID)
	if code != http.StatusOK || !strings.Contains(body, "Was die Kunden von Hostile &lt;script&gt;") || !strings.Contains(body, "Unsere Einschätzung speichern") {
		t.Errorf("German beliefs page: %d", code)
	}
	if _, body := get(t, staff, f.ts.URL+"/"); !strings.Contains(body, "Das Team glaubt, 100 % bewerten uns als exzellent") {
		t.Errorf("German dashboard figure: %s", body)
	}
}
