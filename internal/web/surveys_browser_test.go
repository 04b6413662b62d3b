package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestBrowserSurvey: on a 390-pixel phone, in German, the twelve
// questions after a project fit the screen, and a contact answers them
// without the application's script: a rating, a choice, the NPS and a word of
// text, then the thank-you page; the answers are stored.
func TestBrowserSurvey(t *testing.T) {
	f := newFixture(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	if _, err := f.st.CreateContact(op, crm.Contact{AccountID: f.accountID, Name: "Dr. Maximiliane Mustermann-Schulze", Status: "active",
		Identities: []crm.Identity{{Kind: "email", Value: "max@survey.example"}}}); err != nil {
		t.Fatal(err)
	}
	tmpl, err := crm.SurveyTemplate(crm.TemplatePostProject, "de", "Nach dem Projekt: Umbau der Fertigungslinie Süd")
	if err != nil {
		t.Fatal(err)
	}
	sv, err := f.st.CreateSurvey(op, tmpl)
	if err != nil {
		t.Fatal(err)
	}
	token, hash := auth.NewToken(auth.SurveyPrefix)
	if _, err := f.st.InviteSurvey(op, sv.ID, store.SurveyInvite{Email: "max@survey.example", TokenHash: hash, Expires: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	var problems []string
	var lang, thanks string
	var scripts int
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 900),
		chromedp.Navigate(f.ts.URL+"/s/"+token),
		chromedp.WaitVisible(`fieldset.question legend`),
		screenshot("survey-de-390"),
		into(&problems, chromedp.Evaluate[[]string](overflowJS)),
		into(&lang, chromedp.Evaluate[string](`document.documentElement.lang`)),
		// Without the application's script: the form is plain HTML.
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, t, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: []*network.BlockPattern{{URLPattern: "*://*:*/static/*/app.js", Block: true}}})
			return err
		}),
		chromedp.Navigate(f.ts.URL+"/s/"+token),
		chromedp.WaitVisible(`fieldset.question legend`),
		chromedp.Click(`input[name=q1][value="5"]`),
		chromedp.Click(`input[name=q4][value="Pünktlich"]`),
		chromedp.Click(`input[name=q8][value="Beratung"]`),
		chromedp.Click(`input[name=q8][value="Preis"]`),
		chromedp.SendKeys(`textarea[name=q9]`, "Nichts, alles bestens"),
		chromedp.Click(`input[name=q12][value="9"]`),
		into(&scripts, chromedp.Evaluate[int](`performance.getEntriesByType("resource").filter(e => e.name.endsWith("app.js") && e.responseStatus === 200).length`)),
		chromedp.Click(`button[name=finish]`),
		chromedp.WaitVisible(`#survey-end h1`),
		into(&thanks, chromedp.Text(`#survey-end h1`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Errorf("the survey at 390 px does not fit:\n\t%s", strings.Join(problems, "\n\t"))
	}
	if scripts != 0 {
		t.Errorf("the application's script was loaded %d times", scripts)
	}
	if lang != "de" || thanks != "Vielen Dank" {
		t.Errorf("language %q, after sending %q", lang, thanks)
	}
	rs, err := f.st.SurveyResponses(op, sv.ID)
	if err != nil || len(rs) != 1 {
		t.Fatalf("responses: %+v %v", rs, err)
	}
	want := map[int]string{1: "5", 4: "Pünktlich", 8: `["Beratung","Preis"]`, 9: "Nichts, alles bestens", 12: "9"}
	for p, v := range want {
		if rs[0].Answers[p] != v {
			t.Errorf("q%d = %q, want %q (all: %v)", p, rs[0].Answers[p], v, rs[0].Answers)
		}
	}
	if len(rs[0].Answers) != len(want) {
		t.Errorf("answers %v, want %v", rs[0].Answers, want)
	}
}
