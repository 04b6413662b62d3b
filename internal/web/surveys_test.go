package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

func TestSurveyPages(t *testing.T) { onDatabases(t, testSurveyPages) }

// testSurveyPages: an invited contact answers a German survey without
// signing in: the form is accessible (fieldsets, labels) and private, a
// save resumes, a wrong answer is named, finish=1 thanks them; then the
// link is spent (409, nothing written), a tampered or expired link is "not
// valid" and writes nothing, and a cross-origin POST is refused. The open
// link takes one response per browser.
func testSurveyPages(t *testing.T, dsn string) {
	f := newFixtureOn(t, dsn)
	op := crm.WithActor(context.Background(), crm.Operator)
	if _, err := f.st.CreateContact(op, crm.Contact{AccountID: f.accountID, Name: "Anna", Status: "active",
		Identities: []crm.Identity{{Kind: "email", Value: "anna@survey.example"}, {Kind: "phone", Value: "+49301234567"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateContact(op, crm.Contact{AccountID: f.accountID, Name: "Bert", Status: "active",
		Identities: []crm.Identity{{Kind: "email", Value: "bert@survey.example"}}}); err != nil {
		t.Fatal(err)
	}
	tmpl, err := crm.SurveyTemplate(crm.TemplateNPS, "de", "Wie war es?")
	if err != nil {
		t.Fatal(err)
	}
	tmpl.Questions = append(tmpl.Questions, crm.Question{Type: crm.QuestionMulti, Text: "Was zählt?", Options: []string{"Preis", "Tempo"}})
	sv, err := f.st.CreateSurvey(op, tmpl)
	if err != nil {
		t.Fatal(err)
	}
	invite := func(email string, expires time.Time) string {
		token, hash := auth.NewToken(auth.SurveyPrefix)
		if _, err := f.st.InviteSurvey(op, sv.ID, store.SurveyInvite{Email: email, TokenHash: hash, Expires: expires}); err != nil {
			t.Fatal(err)
		}
		return token
	}
	token, expired := invite("anna@survey.example", time.Now().Add(time.Hour)), invite("bert@survey.example", time.Now().Add(-time.Second))
	c := f.client(t, "")
	do := func(method, path string, form url.Values, header ...string) (int, string, http.Header) {
		t.Helper()
		req, _ := http.NewRequest(method, f.ts.URL+path, strings.NewReader(form.Encode()))
		if method == http.MethodPost {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" && res.StatusCode != http.StatusForbidden {
			t.Errorf("%s %s: Cache-Control %q", method, path, cc)
		}
		return res.StatusCode, string(b), res.Header
	}
	responses := func() int {
		t.Helper()
		rs, err := f.st.SurveyResponses(op, sv.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(rs)
	}

	code, body, _ := do("GET", "/s/"+token, nil)
	for _, want := range []string{`<html lang="de">`, `<fieldset class="question"`, `<legend>1. Wie wahrscheinlich ist es`, `type="radio" name="q1" value="10"`,
		`<label for="q2">`, `<textarea id="q2" name="q2"`, `type="checkbox" name="q3" value="Preis"`, "Antworten absenden", "Hallo Anna"} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Fatalf("the form: %d, no %q in\n%s", code, want, body)
		}
	}
	// A save without finish=1 resumes.
	code, _, h := do("POST", "/s/"+token, url.Values{"q2": {"Die Lieferung war spät"}, "q3": {"Preis", "Tempo"}})
	if code != http.StatusSeeOther || h.Get("Location") != "/s/"+token+"?saved=1" {
		t.Fatalf("save: %d %q", code, h.Get("Location"))
	}
	code, body, _ = do("GET", "/s/"+token+"?saved=1", nil)
	if code != http.StatusOK || !strings.Contains(body, "Die Lieferung war spät</textarea>") || !strings.Contains(body, `value="Tempo" checked`) || !strings.Contains(body, "gespeichert") {
		t.Fatalf("resume: %d %s", code, body)
	}
	// A wrong answer is named, in German, and the answers stay.
	code, body, _ = do("POST", "/s/"+token, url.Values{"q1": {"11"}, "q2": {"Zu spät"}, "finish": {"1"}})
	if code != http.StatusBadRequest || !strings.Contains(body, "Frage 1") || !strings.Contains(body, "Zu spät</textarea>") {
		t.Fatalf("an NPS of 11: %d %s", code, body)
	}
	if code, _, _ := do("POST", "/s/"+token, url.Values{"q1": {"9"}, "finish": {"1"}}, "Sec-Fetch-Site", "cross-site"); code != http.StatusForbidden {
		t.Errorf("a cross-origin POST: %d", code)
	}
	if n := responses(); n != 0 {
		t.Fatalf("%d responses before finishing", n)
	}
	code, body, _ = do("POST", "/s/"+token, url.Values{"q1": {"3"}, "q2": {"Zu spät"}, "finish": {"1"}})
	if code != http.StatusOK || !strings.Contains(body, "Vielen Dank") {
		t.Fatalf("finish: %d %s", code, body)
	}
	// Spent.
	code, body, _ = do("POST", "/s/"+token, url.Values{"q1": {"10"}, "finish": {"1"}})
	if code != http.StatusConflict || !strings.Contains(body, "bereits beantwortet") {
		t.Errorf("a second submission: %d %s", code, body)
	}
	if code, _, _ := do("GET", "/s/"+token, nil); code != http.StatusConflict {
		t.Errorf("the spent form: %d", code)
	}
	rs, err := f.st.SurveyResponses(op, sv.ID)
	if err != nil || len(rs) != 1 || rs[0].Answers[1] != "3" || rs[0].Answers[2] != "Zu spät" || len(rs[0].Answers) != 2 {
		t.Fatalf("responses: %+v %v", rs, err)
	}
	// Tampered and expired: the one plain page, nothing written.
	var notValid string
	for _, path := range []string{"/s/" + token + "x", "/s/" + expired, "/s/vfq_nothing"} {
		for _, m := range []string{"GET", "POST"} {
			code, body, _ := do(m, path, url.Values{"q1": {"9"}, "finish": {"1"}})
			if code != http.StatusNotFound || !strings.Contains(body, "This invitation is not valid.") {
				t.Errorf("%s %s: %d %s", m, path, code, body)
			}
			if notValid == "" {
				notValid = body
			} else if body != notValid {
				t.Errorf("%s %s: another page than the first not-valid one", m, path)
			}
		}
	}
	if n := responses(); n != 1 {
		t.Errorf("%d responses after the refused ones", n)
	}

	// The open link: one response per browser.
	code, body, _ = do("GET", "/s/open/"+sv.Slug, nil)
	if code != http.StatusOK || !strings.Contains(body, "Wie wahrscheinlich") || strings.Contains(body, "Hallo") {
		t.Fatalf("open form: %d %s", code, body)
	}
	if code, body, _ := do("POST", "/s/open/"+sv.Slug, url.Values{"q1": {"10"}, "finish": {"1"}}); code != http.StatusOK || !strings.Contains(body, "Vielen Dank") {
		t.Fatalf("open finish: %d %s", code, body)
	}
	if code, _, _ := do("POST", "/s/open/"+sv.Slug, url.Values{"q1": {"0"}, "finish": {"1"}}); code != http.StatusConflict {
		t.Errorf("the same browser again: %d", code)
	}
	jar, _ := cookiejar.New(nil)
	c = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if code, _, _ := do("POST", "/s/open/"+sv.Slug, url.Values{"q1": {"8"}, "finish": {"1"}}); code != http.StatusOK {
		t.Errorf("another browser: %d", code)
	}
	if code, _, _ := do("GET", "/s/open/"+sv.Slug+"x", nil); code != http.StatusNotFound {
		t.Errorf("an unknown open link: %d", code)
	}
	if n := responses(); n != 3 {
		t.Errorf("%d responses, want 3", n)
	}
}

// TestSurveyStaffPages: staff create a survey from a template, invite a
// contact (the link shown, no mail server) and a tier (a mail-merge CSV,
// the recontact rule skipping the contact already asked), and read the
// results: the NPS by tier, the counts, the free text with its sentiment
// score. A viewer reads the list and its CSV.
func TestSurveyStaffPages(t *testing.T) {
	f := newFixture(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	for _, email := range []string{"anna@hostile.example", "carl@hostile.example"} {
		if _, err := f.st.CreateContact(op, crm.Contact{AccountID: f.accountID, Name: email, Status: "active",
			Identities: []crm.Identity{{Kind: "email", Value: email}}}); err != nil {
			t.Fatal(err)
		}
	}
	staff, viewer := f.client(t, crm.RoleStaff), f.client(t, crm.RoleViewer)
	settled(t, staff, f.ts.URL)
	res, err := staff.PostForm(f.ts.URL+"/surveys", url.Values{"template": {"nps"}, "name": {"Quarterly NPS"}, "language": {"en"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/surveys/") {
		t.Fatalf("create: %d %q", res.StatusCode, loc)
	}
	if res, err := staff.PostForm(f.ts.URL+"/surveys", url.Values{"template": {"slider"}, "name": {"x"}, "language": {"en"}}); err != nil || res.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown template: %v %v", err, res.StatusCode)
	}
	// The builder: questions one a line; a 13th refused, the text kept.
	var lines []string
	for i := range 13 {
		lines = append(lines, fmt.Sprintf("yesno: Question %d?", i+1))
	}
	res, err = staff.PostForm(f.ts.URL+"/surveys", url.Values{"name": {"Own"}, "language": {"de"}, "questions": {strings.Join(lines, "\n")}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "question 13: a survey has at most 12 questions") || !strings.Contains(string(b), "yesno: Question 13?</textarea>") {
		t.Errorf("13 questions in the builder: %d %s", res.StatusCode, b)
	}
	res, err = staff.PostForm(f.ts.URL+"/surveys", url.Values{"name": {"Own"}, "language": {"de"}, "questions": {"nps*: Empfehlen?\nchoice: Wie? | Telefon | Mail\ntext: Warum?"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the builder: %d", res.StatusCode)
	}
	code, body := get(t, staff, f.ts.URL+res.Header.Get("Location"))
	if code != http.StatusOK || !strings.Contains(body, `<legend>2. Wie?</legend>`) || !strings.Contains(body, `value="Telefon"`) || !strings.Contains(body, "/s/open/own-") {
		t.Errorf("the built survey's preview: %d %s", code, body)
	}
	// One contact by address: the link to pass on.
	res, err = staff.PostForm(f.ts.URL+loc+"/invitations", url.Values{"email": {"anna@hostile.example"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`/s/(vfq_[A-Za-z0-9_-]+)`).FindStringSubmatch(string(b))
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("invite anna: %d %s", res.StatusCode, b)
	}
	// The tier: a CSV of links for the others; anna was just asked.
	res, err = staff.PostForm(f.ts.URL+loc+"/invitations", url.Values{"tier": {"A"}})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(res.Body).ReadAll()
	res.Body.Close()
	if err != nil || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" || len(rows) != 2 || rows[1][2] != "carl@hostile.example" || !strings.Contains(rows[1][3], "/s/vfq_") {
		t.Fatalf("invite tier A: %v %v", rows, err)
	}
	// Anna answers: a detractor, in words.
	res, err = f.client(t, "").PostForm(f.ts.URL+"/s/"+m[1], url.Values{"q1": {"2"}, "q2": {"The delivery was terrible and late"}, "finish": {"1"}})
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("answer: %v %v", err, res.StatusCode)
	}
	res.Body.Close()
	// A detractor of the smallest account, lower: listed after anna's.
	ebert := f.accountIDs(t)["Ebert OHG"]
	if _, err := f.st.CreateContact(op, crm.Contact{AccountID: ebert, Name: "Erik Ebert", Status: "active",
		Identities: []crm.Identity{{Kind: "email", Value: "erik@ebert.example"}}}); err != nil {
		t.Fatal(err)
	}
	res, err = staff.PostForm(f.ts.URL+loc+"/invitations", url.Values{"email": {"erik@ebert.example"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	me := regexp.MustCompile(`/s/(vfq_[A-Za-z0-9_-]+)`).FindStringSubmatch(string(b))
	if me == nil {
		t.Fatalf("invite erik: %d", res.StatusCode)
	}
	if res, err := f.client(t, "").PostForm(f.ts.URL+"/s/"+me[1], url.Values{"q1": {"0"}, "finish": {"1"}}); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("erik answers: %v", err)
	}
	code, body = get(t, viewer, f.ts.URL+loc)
	if i, j := strings.Index(body, "The delivery was terrible and late</td>"), strings.Index(body, "Erik Ebert</td>"); i < 0 || j < 0 || i > j {
		t.Errorf("detractors: the tier-A account's (%d) is not before the smallest's (%d)", i, j)
	}
	for _, want := range []string{"Quarterly NPS", "Responses: 2", "response rate 66", "NPS <b>-100</b>", "The delivery was terrible and late", "/s/open/", "Too few answers",
		`id="detractors"`, `<a href="/accounts/` + strconv.FormatInt(f.accountID, 10) + `">Hostile &lt;script&gt;`, `data-label="Tier">A</td>`} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("results: %d, no %q", code, want)
		}
	}
	if strings.Contains(body, `action="/surveys/`) {
		t.Error("a viewer is offered the invitation forms")
	}
	// The detractors as a CSV, in the page's order; no promoters yet.
	for path, want := range map[string][][2]string{loc + "/detractors.csv": {{"Hostile " + hostile, "2"}, {"Ebert OHG", "0"}}, loc + "/promoters.csv": nil} {
		res, err := viewer.Get(f.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(res.Body).ReadAll()
		res.Body.Close()
		if err != nil || len(rows) != len(want)+1 || rows[0][1] != "account" {
			t.Fatalf("%s: %v %v", path, rows, err)
		}
		for i, w := range want {
			if rows[i+1][1] != w[0] || rows[i+1][5] != w[1] {
				t.Errorf("%s row %d: %q, want %v", path, i+1, rows[i+1], w)
			}
		}
	}
	// Each detractor waits in the care queue.
	settled(t, viewer, f.ts.URL)
	if code, page := get(t, viewer, f.ts.URL+"/care"); code != http.StatusOK || strings.Count(page, "NPS 2 — The delivery was terrible and late") != 1 || !strings.Contains(page, "NPS 0") {
		t.Errorf("the care queue does not hold the detractors: %d", code)
	}
	if strings.Count(body, "<svg") != 4 || !strings.Contains(body, "How likely to recommend us: the answers") || !strings.Contains(body, "Net Promoter Score by tier") {
		t.Errorf("the charts: %d", strings.Count(body, "<svg"))
	}
	// The dashboard: the NPS by tier, A's anna and C's erik.
	if code, page := get(t, viewer, f.ts.URL+"/"); code != http.StatusOK || !strings.Contains(page, `id="nps"`) ||
		!regexp.MustCompile(`<tr><td>A</td><td>1</td><td>-100</td><td>– <span class="note">too few answers</span></td></tr>`).MatchString(page) ||
		!regexp.MustCompile(`<tr><td>all</td><td>2</td><td>-100</td><td>0 <span class="note">too few answers</span></td></tr>`).MatchString(page) {
		t.Errorf("the dashboard's NPS: %d %s", code, page)
	}
	// Account 360 shows the account's answers.
	if code, page := get(t, viewer, f.ts.URL+"/accounts/"+strconv.FormatInt(f.accountID, 10)); code != http.StatusOK || !strings.Contains(page, `id="surveys"`) ||
		!strings.Contains(page, "NPS of the account&#39;s answers: -100") || !strings.Contains(page, "Quarterly NPS</a> · anna@hostile.example · NPS 2 (detractor)") {
		t.Errorf("Account 360's survey answers: %d %s", code, page)
	}
	if !regexp.MustCompile(`<span class="score"[^>]*>-0\.\d\d</span> The delivery was terrible`).MatchString(body) {
		t.Errorf("the free text has no negative score: %s", body)
	}
	code, body = get(t, viewer, f.ts.URL+"/surveys")
	if code != http.StatusOK || !strings.Contains(body, "Quarterly NPS") {
		t.Errorf("list: %d", code)
	}
	code, body = get(t, viewer, f.ts.URL+"/surveys.csv")
	if code != http.StatusOK || !strings.Contains(body, "Quarterly NPS,en,nps,2,3,2,/s/open/") || !strings.Contains(body, "Own,de,,3,0,0,/s/open/own-") {
		t.Errorf("list CSV: %d %s", code, body)
	}
	if code, _ := get(t, viewer, f.ts.URL+"/surveys/999999"); code != http.StatusNotFound {
		t.Errorf("no such survey: %d", code)
	}

	// From Account 360: a new contact invited to the survey, the link
	// shown; carl again is skipped by the recontact rule, unless forced.
	dora, err := f.st.CreateContact(op, crm.Contact{AccountID: f.accountID, Name: "Dora", Status: "active",
		Identities: []crm.Identity{{Kind: "email", Value: "dora@hostile.example"}}})
	if err != nil {
		t.Fatal(err)
	}
	surveyID := strings.TrimPrefix(loc, "/surveys/")
	code, body = get(t, staff, f.ts.URL+"/accounts/"+strconv.FormatInt(f.accountID, 10))
	if code != http.StatusOK || !strings.Contains(body, `action="/contacts/`+strconv.FormatInt(dora.ID, 10)+`/survey"`) || !strings.Contains(body, "Quarterly NPS</option>") {
		t.Fatalf("Account 360 offers no survey invitation: %d", code)
	}
	if _, body := get(t, viewer, f.ts.URL+"/accounts/"+strconv.FormatInt(f.accountID, 10)); strings.Contains(body, "/survey\"") {
		t.Error("a viewer is offered a survey invitation")
	}
	post := func(contact int64, form url.Values) (int, string) {
		t.Helper()
		res, err := staff.PostForm(f.ts.URL+"/contacts/"+strconv.FormatInt(contact, 10)+"/survey", form)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	code, body = post(dora.ID, url.Values{"survey": {surveyID}})
	if code != http.StatusOK || !regexp.MustCompile(`<code class="invite-link">http://[^<]+/s/vfq_[A-Za-z0-9_-]+</code>`).MatchString(body) || !strings.Contains(body, "Quarterly NPS") {
		t.Errorf("invite dora from Account 360: %d", code)
	}
	contacts, _, err := f.st.ListContacts(op, store.ContactQuery{Email: "carl@hostile.example", Limit: 1})
	if err != nil || len(contacts) != 1 {
		t.Fatalf("carl: %v %v", contacts, err)
	}
	if code, body := post(contacts[0].ID, url.Values{"survey": {surveyID}}); code != http.StatusConflict || !strings.Contains(body, "within 90 days") {
		t.Errorf("carl again: %d", code)
	}
	if code, _ := post(contacts[0].ID, url.Values{"survey": {surveyID}, "force": {"1"}}); code != http.StatusOK {
		t.Errorf("carl forced: %d", code)
	}
	if n, err := f.st.SurveyInvited(op, 0); err != nil || n != 5 {
		t.Errorf("invitations: %d %v", n, err)
	}
}

// TestSurveyTokenNotLogged: when a survey page fails inside, the log names
// the route, not the token in its path.
func TestSurveyTokenNotLogged(t *testing.T) {
	st, err := store.Open(context.Background(), testkit.SQLite(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	srv, err := New(Config{Store: st, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	st.Close() // every read fails now
	token, _ := auth.NewToken(auth.SurveyPrefix)
	res, err := http.Get(ts.URL + "/s/" + token)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status %d", res.StatusCode)
	}
	if got := logs.String(); !strings.Contains(got, "request failed") || !strings.Contains(got, "path=/s/{token}") || strings.Contains(got, token) {
		t.Errorf("log: %s", got)
	}
}

// TestOpenSurveyLimit: an address saves an open link at most 60 times an
// hour; the 61st is refused and writes nothing.
func TestOpenSurveyLimit(t *testing.T) {
	f := newFixture(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	sv, err := f.st.CreateSurvey(op, crm.Survey{Name: "Open", Language: "en", Questions: []crm.Question{{Type: crm.QuestionNPS, Text: "Recommend?"}}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 61 {
		// A new browser each time: the cookie does not help.
		res, err := f.client(t, "").PostForm(f.ts.URL+"/s/open/"+sv.Slug, url.Values{"q1": {"9"}, "finish": {"1"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		want := http.StatusOK
		if i == 60 {
			want = http.StatusTooManyRequests
		}
		if res.StatusCode != want {
			t.Fatalf("post %d: %d, want %d", i+1, res.StatusCode, want)
		}
	}
	if rs, err := f.st.SurveyResponses(op, sv.ID); err != nil || len(rs) != 60 {
		t.Errorf("%d responses, want 60 (%v)", len(rs), err)
	}
}
