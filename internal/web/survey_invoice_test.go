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

func TestFinalInvoicePages(t *testing.T) { onDatabases(t, testFinalInvoicePages) }

// testFinalInvoicePages: staff mark an order as the final invoice on the
// account's timeline (viewers may not), admins choose the survey (staff
// may not), the surveys page counts the final invoices waiting, in English
// and German, and — with no mail server — staff download their links as a
// mail-merge CSV once: the contact's address and a survey link; the API
// shows the order as final.
func testFinalInvoicePages(t *testing.T, dsn string) {
	f := newFixtureOn(t, dsn)
	op := crm.WithActor(context.Background(), crm.Operator)
	if _, err := f.st.CreateContact(op, crm.Contact{AccountID: f.accountID, Name: "Anna Hostile", Status: "active",
		Identities: []crm.Identity{{Kind: "email", Value: "anna@hostile.example"}}}); err != nil {
		t.Fatal(err)
	}
	o, err := f.st.CreateOrder(op, crm.Order{AccountID: f.accountID, ExternalID: "INV-FINAL", OrderedAt: time.Now().AddDate(0, 0, -2), Amount: 250000})
	if err != nil {
		t.Fatal(err)
	}
	sv, err := f.st.CreateSurvey(op, crm.Survey{Name: "After the project", Language: "de", Questions: []crm.Question{{Type: crm.QuestionNPS, Text: "Wie wahrscheinlich …?"}}})
	if err != nil {
		t.Fatal(err)
	}
	staff, viewer, admin := f.client(t, crm.RoleStaff), f.client(t, crm.RoleViewer), f.client(t, crm.RoleAdmin)
	post := func(c *http.Client, path string, form url.Values) (int, string, http.Header) {
		t.Helper()
		res, err := c.PostForm(f.ts.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b), res.Header
	}
	get := func(c *http.Client, path, lang string) string {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, f.ts.URL+path, nil)
		req.Header.Set("Accept-Language", lang)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		return string(b)
	}
	orderPath := "/orders/" + strconv.FormatInt(o.ID, 10) + "/final"
	if code, _, _ := post(viewer, orderPath, url.Values{"final": {"1"}}); code != http.StatusForbidden {
		t.Errorf("a viewer marked a final invoice: %d", code)
	}
	if code, _, h := post(staff, orderPath, url.Values{"final": {"1"}}); code != http.StatusSeeOther || h.Get("Location") != "/accounts/"+strconv.FormatInt(f.accountID, 10)+"#timeline" {
		t.Fatalf("mark final: %d %v", code, h)
	}
	if code, _, _ := post(staff, "/orders/999999/final", url.Values{"final": {"1"}}); code != http.StatusNotFound {
		t.Errorf("an unknown order: %d", code)
	}
	if page := get(staff, "/accounts/"+strconv.FormatInt(f.accountID, 10), "de"); !strings.Contains(page, "Schlussrechnung</span>") || !strings.Contains(page, "keine Schlussrechnung") {
		t.Errorf("the timeline does not show the final invoice")
	}

	if code, _, _ := post(staff, "/surveys/final-invoice", url.Values{"survey": {strconv.FormatInt(sv.ID, 10)}}); code != http.StatusForbidden {
		t.Errorf("staff chose the survey: %d", code)
	}
	if page := get(staff, "/surveys", "en"); !strings.Contains(page, "No survey goes with final invoices.") {
		t.Errorf("no survey chosen yet, the page says otherwise")
	}
	if code, _, _ := post(admin, "/surveys/final-invoice", url.Values{"survey": {"999999"}}); code != http.StatusNotFound {
		t.Errorf("an unknown survey: %d", code)
	}
	if code, _, _ := post(admin, "/surveys/final-invoice", url.Values{"survey": {strconv.FormatInt(sv.ID, 10)}}); code != http.StatusSeeOther {
		t.Fatalf("choose the survey: %d", code)
	}
	if page := get(staff, "/surveys", "en"); !strings.Contains(page, "Final invoices waiting for their survey: 1.") {
		t.Errorf("the surveys page does not count the final invoice waiting")
	}
	if page := get(staff, "/surveys", "de"); !strings.Contains(page, "Schlussrechnungen, deren Umfrage noch aussteht: 1.") {
		t.Errorf("the German surveys page does not count the final invoice waiting")
	}

	code, body, h := post(staff, "/surveys/final-invoice/links", nil)
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || err != nil || len(rows) != 2 {
		t.Fatalf("links: %d %q %v", code, body, err)
	}
	if r := rows[1]; r[2] != "anna@hostile.example" || r[3] != "INV-FINAL" || !strings.HasPrefix(r[4], f.ts.URL+"/s/vfq_") {
		t.Errorf("the link's row: %q", r)
	}
	if code, body, _ := post(staff, "/surveys/final-invoice/links", nil); code != http.StatusOK || strings.Count(body, "\n") != 1 {
		t.Errorf("the second download invited again: %q", body)
	}
	if page := get(staff, "/surveys", "en"); !strings.Contains(page, "Final invoices waiting for their survey: 0.") {
		t.Errorf("still waiting after the links were handed out")
	}
	// The link works: the contact's survey page in German.
	if page := get(&http.Client{}, strings.TrimPrefix(rows[1][4], f.ts.URL), "en"); !strings.Contains(page, "Wie wahrscheinlich") {
		t.Errorf("the link does not open the survey")
	}

	req, _ := http.NewRequest(http.MethodGet, f.ts.URL+"/api/v1/orders/"+strconv.FormatInt(o.ID, 10), nil)
	req.Header.Set("Authorization", "Bearer "+f.token(t, crm.RoleViewer))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var got struct{ Final bool }
	if json.NewDecoder(res.Body).Decode(&got) != nil || !got.Final {
		t.Errorf("the API does not show the order as final")
	}
	res.Body.Close()
}

// TestNPSTrend: the results page draws the NPS by quarter once the answers
// span two quarters, and not before; each quarter's point is its own NPS
// (Q1: one promoter, one detractor → 0; Q2: two promoters → 100).
func TestNPSTrend(t *testing.T) {
	f := newFixture(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	sv, err := f.st.CreateSurvey(op, crm.Survey{Name: "Relationship", Language: "en", Questions: []crm.Question{{Type: crm.QuestionNPS, Text: "Recommend?"}}})
	if err != nil {
		t.Fatal(err)
	}
	staff := f.client(t, crm.RoleStaff)
	page := func() string {
		res, err := staff.Get(f.ts.URL + "/surveys/" + strconv.FormatInt(sv.ID, 10))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	answer := func(key, day, score string) {
		t.Helper()
		at, _ := time.Parse(time.DateOnly, day)
		if _, err := f.st.ImportSurveyResponses(op, sv.ID, []store.ImportedResponse{{Line: 2, Key: key, SubmittedAt: at, Complete: true,
			Answers: map[int][]string{1: {score}}}}); err != nil {
			t.Fatal(err)
		}
	}
	answer("a", "2025-02-10", "10")
	answer("b", "2025-03-10", "2")
	if strings.Contains(page(), `id="nps-trend-t"`) {
		t.Errorf("a trend of one quarter")
	}
	answer("c", "2025-04-10", "9")
	answer("d", "2025-05-10", "10")
	p := page()
	if !strings.Contains(p, `id="nps-trend-t"`) || !strings.Contains(p, "Net Promoter Score by quarter") {
		t.Fatalf("no trend over two quarters")
	}
	if !strings.Contains(p, `id="by-tier"`) {
		t.Errorf("no table by tier")
	}
	if !regexp.MustCompile(`NPS 2 values from 0 \([^)]*\) to 100 \(`).MatchString(p) {
		t.Errorf("the quarters' NPS (0, then 100) are not on the chart")
	}
}

// TestInviteList: staff invite a list of addresses at once — split by
// lines, commas or semicolons — and, without a mail server, get their
// links as a mail-merge CSV; an address that is no active contact is
// skipped; more than 500 addresses are refused and nobody is invited.
func TestInviteList(t *testing.T) {
	f := newFixture(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	for _, e := range []string{"anna@hostile.example", "carl@hostile.example"} {
		if _, err := f.st.CreateContact(op, crm.Contact{AccountID: f.accountID, Name: e, Status: "active",
			Identities: []crm.Identity{{Kind: "email", Value: e}}}); err != nil {
			t.Fatal(err)
		}
	}
	sv, err := f.st.CreateSurvey(op, crm.Survey{Name: "List", Language: "en", Questions: []crm.Question{{Type: crm.QuestionNPS, Text: "Recommend?"}}})
	if err != nil {
		t.Fatal(err)
	}
	staff := f.client(t, crm.RoleStaff)
	path := f.ts.URL + "/surveys/" + strconv.FormatInt(sv.ID, 10) + "/invitations"
	many := strings.Repeat("x@y.example\n", 501)
	res, err := staff.PostForm(path, url.Values{"emails": {many}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("501 addresses: %d", res.StatusCode)
	}
	res, err = staff.PostForm(path, url.Values{"emails": {"anna@hostile.example\ncarl@hostile.example; nobody@nowhere.example"}})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(res.Body).ReadAll()
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusOK || len(rows) != 3 || rows[1][2] != "anna@hostile.example" || rows[2][2] != "carl@hostile.example" ||
		!strings.Contains(rows[1][3], "/s/vfq_") || !strings.Contains(res.Header.Get("Content-Disposition"), "-list.csv") {
		t.Fatalf("the list's links: %d %v %v", res.StatusCode, rows, err)
	}
	if n, err := f.st.SurveyInvited(op, sv.ID); err != nil || n != 2 {
		t.Errorf("%d invited, want 2 (%v)", n, err)
	}
}
