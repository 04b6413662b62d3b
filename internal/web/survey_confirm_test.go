package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

func TestOpenLinkConfirm(t *testing.T) { onDatabases(t, testOpenLinkConfirm) }

// testOpenLinkConfirm: on a survey's open link, with a mail server, a
// respondent may give an e-mail address; a contact's gets a link to
// confirm, and only then do the answers count as the account's (on its
// timeline, a detractor's in the care queue); an address that is nobody's
// gets no mail and is not kept; a link works once; without a mail server
// the page asks for no address.
func testOpenLinkConfirm(t *testing.T, dsn string) {
	f := newFixtureOn(t, dsn)
	op := crm.WithActor(context.Background(), crm.Operator)
	if _, err := f.st.CreateContact(op, crm.Contact{AccountID: f.accountID, Name: "Anna Hostile", Status: "active",
		Identities: []crm.Identity{{Kind: "email", Value: "anna@hostile.example"}}}); err != nil {
		t.Fatal(err)
	}
	sv, err := f.st.CreateSurvey(op, crm.Survey{Name: "Website NPS", Language: "en", Questions: []crm.Question{
		{Type: crm.QuestionNPS, Text: "Recommend?"}, {Type: crm.QuestionText, Text: "Why?"}}})
	if err != nil {
		t.Fatal(err)
	}
	open := "/s/open/" + sv.Slug
	browser := func(base string) *http.Client {
		jar, _ := cookiejar.New(nil)
		return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	page := func(c *http.Client, method, u string, form url.Values) (int, string) {
		t.Helper()
		var res *http.Response
		var err error
		if method == http.MethodGet {
			res, err = c.Get(u)
		} else {
			res, err = c.PostForm(u, form)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if _, body := page(browser(f.ts.URL), http.MethodGet, f.ts.URL+open, nil); strings.Contains(body, `name="email"`) {
		t.Errorf("without a mail server the open link asks for an address")
	}

	// A mail server but no --base-url: no address asked (the links would
	// have to come from the request's Host).
	noBase, err := New(Config{Store: f.st, MailWake: make(chan struct{}, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { noBase.Close() })
	nb := httptest.NewServer(noBase.Handler())
	t.Cleanup(nb.Close)
	if _, body := page(browser(nb.URL), http.MethodGet, nb.URL+open, nil); strings.Contains(body, `name="email"`) {
		t.Errorf("without --base-url the open link asks for an address")
	}
	ts := httptest.NewUnstartedServer(nil)
	srv, err := New(Config{Store: f.st, MailWake: make(chan struct{}, 1), BaseURL: "http://" + ts.Listener.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ts.Config.Handler = srv.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	anna := browser(ts.URL)
	if _, body := page(anna, http.MethodGet, ts.URL+open, nil); !strings.Contains(body, `name="email"`) {
		t.Fatalf("with a mail server the open link asks for no address")
	}
	if code, _ := page(anna, http.MethodPost, ts.URL+open, url.Values{"q1": {"2"}, "q2": {"Late again"}, "email": {"Anna@Hostile.example"}, "finish": {"1"}}); code != http.StatusOK {
		t.Fatalf("answer: %d", code)
	}
	if code, _ := page(browser(ts.URL), http.MethodPost, ts.URL+open, url.Values{"q1": {"10"}, "email": {"nobody@nowhere.example"}, "finish": {"1"}}); code != http.StatusOK {
		t.Fatalf("answer: %d", code)
	}
	// Another answer naming Anna while her claim waits: no second mail.
	if code, _ := page(browser(ts.URL), http.MethodPost, ts.URL+open, url.Values{"q1": {"0"}, "email": {"anna@hostile.example"}, "finish": {"1"}}); code != http.StatusOK {
		t.Fatalf("answer: %d", code)
	}
	mails, err := f.st.DueMail(context.Background(), time.Now().Add(time.Minute), 10)
	if err != nil || len(mails) != 1 || mails[0].To != "anna@hostile.example" {
		t.Fatalf("the outbox: %+v %v", mails, err)
	}
	link := regexp.MustCompile(`http://\S+/s/confirm/vfq_[A-Za-z0-9_-]+`).FindString(mails[0].Body)
	if link == "" {
		t.Fatalf("no confirmation link in %q", mails[0].Body)
	}
	mine := func() []store.SurveyResponse {
		rs, err := f.st.AccountSurveyResponses(op, f.accountID)
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	if len(mine()) != 0 {
		t.Errorf("the answers count as the account's before they are confirmed")
	}
	// The link shows a button; following it confirms nothing.
	if code, body := page(browser(ts.URL), http.MethodGet, link, nil); code != http.StatusOK || !strings.Contains(body, "<form method=\"post\"") || len(mine()) != 0 {
		t.Fatalf("the confirmation page: %d", code)
	}
	if code, _ := page(browser(ts.URL), http.MethodPost, link, nil); code != http.StatusOK {
		t.Fatalf("confirm: %d", code)
	}
	if rs := mine(); len(rs) != 1 || rs[0].Answers[1] != "2" {
		t.Errorf("the confirmed answers: %+v", rs)
	}
	care, _, err := f.st.ListMentions(op, store.MentionQuery{Care: crm.CareOpen, AccountID: f.accountID})
	if err != nil || len(care) != 1 || care[0].Platform != crm.PlatformSurvey || care[0].Text != "NPS 2 — Late again" {
		t.Errorf("the detractor's care item: %+v %v", care, err)
	}
	if code, _ := page(browser(ts.URL), http.MethodPost, link, nil); code != http.StatusNotFound {
		t.Errorf("a link used twice: %d", code)
	}
	if code, _ := page(browser(ts.URL), http.MethodPost, ts.URL+"/s/confirm/vfq_forged", nil); code != http.StatusNotFound {
		t.Errorf("a forged link: %d", code)
	}
}
