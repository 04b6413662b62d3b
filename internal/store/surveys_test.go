package store_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

func questions(n int) []crm.Question {
	qs := make([]crm.Question, n)
	for i := range qs {
		qs[i] = crm.Question{Type: crm.QuestionYesNo, Text: fmt.Sprintf("Question %d?", i+1)}
	}
	return qs
}

// TestSurveyCreate: at most twelve questions (a 13th is refused, named);
// the templates in both languages, the post-project one ending with the
// NPS question.
func TestSurveyCreate(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		sv, err := st.CreateSurvey(op, crm.Survey{Name: "Twelve", Language: "en", Questions: questions(12)})
		if err != nil || sv.ID == 0 || len(sv.Questions) != 12 || sv.Questions[11].Position != 12 {
			t.Fatalf("twelve questions: %+v %v", sv, err)
		}
		_, err = st.CreateSurvey(op, crm.Survey{Name: "Thirteen", Language: "en", Questions: questions(13)})
		if crm.ErrorCode(err) != crm.EINVALID || !strings.Contains(err.Error(), "question 13") || !strings.Contains(err.Error(), "at most 12") {
			t.Errorf("thirteen questions: %v", err)
		}
		for _, tc := range []struct {
			name string
			qs   []crm.Question
			want string
		}{
			{"no questions", nil, "at least one question"},
			{"unknown type", []crm.Question{{Type: "slider", Text: "How?"}}, "question 1: type"},
			{"choice without options", []crm.Question{{Type: crm.QuestionYesNo, Text: "A?"}, {Type: crm.QuestionChoice, Text: "B?", Options: []string{"x"}}}, "question 2: options"},
			{"empty text", []crm.Question{{Type: crm.QuestionText}}, "question 1: text"},
		} {
			if _, err := st.CreateSurvey(op, crm.Survey{Name: tc.name, Language: "en", Questions: tc.qs}); crm.ErrorCode(err) != crm.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
			}
		}
		viewer := crm.WithActor(context.Background(), crm.Actor{Name: "v", Role: crm.RoleViewer, Scope: crm.AllAccounts()})
		if _, err := st.CreateSurvey(viewer, crm.Survey{Name: "x", Language: "en", Questions: questions(1)}); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a viewer creates a survey: %v", err)
		}
		for _, lang := range []string{"en", "de"} {
			tmpl, err := crm.SurveyTemplate(crm.TemplatePostProject, lang, "After the project")
			if err != nil {
				t.Fatal(err)
			}
			sv, err := st.CreateSurvey(op, tmpl)
			if err != nil {
				t.Fatal(err)
			}
			got, err := st.Survey(op, sv.ID)
			if err != nil || len(got.Questions) != 12 || got.NPSPosition() != 12 || got.Language != lang || got.Slug == "" {
				t.Fatalf("%s post-project: %+v %v", lang, got, err)
			}
			last := got.Questions[11].Text
			if lang == "en" && !strings.Contains(last, "friend or colleague") || lang == "de" && !strings.Contains(last, "Freund oder Kollegen") {
				t.Errorf("%s: the last question is %q", lang, last)
			}
		}
	})
}

// surveyWorld is the portal's two accounts with a survey of an NPS
// question, a why, and a required rating.
type surveyWorld struct {
	portalWorld
	survey crm.Survey
}

func newSurveyWorld(t *testing.T, st *store.Store) surveyWorld {
	t.Helper()
	w := surveyWorld{portalWorld: newPortalWorld(t, st)}
	op := crm.WithActor(context.Background(), crm.Operator)
	var err error
	w.survey, err = st.CreateSurvey(op, crm.Survey{Name: "Feedback", Language: "de", Questions: []crm.Question{
		{Type: crm.QuestionNPS, Text: "Recommend?", Required: true},
		{Type: crm.QuestionText, Text: "Why?"},
		{Type: crm.QuestionMulti, Text: "What?", Options: []string{"Price", "Speed", "Quality"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func answers(kv ...any) map[int][]string {
	m := map[int][]string{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(int)] = append(m[kv[i].(int)], kv[i+1].(string))
	}
	return m
}

// TestSurveyInvitation: an invitation is bound to a contact in scope, its
// token single-use and expiring; partial answers resume; a finished one,
// an expired or a tampered one writes nothing; the recontact rule skips
// unless forced; a finished response is on the account's timeline.
func TestSurveyInvitation(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newSurveyWorld(t, st)
		ctx := context.Background()
		op := crm.WithActor(ctx, crm.Operator)
		inv := func(email, hash string, expires time.Time, force bool) (store.SurveyInvitation, error) {
			return st.InviteSurvey(op, w.survey.ID, store.SurveyInvite{Email: email, TokenHash: hash, Expires: expires, Force: force})
		}
		if _, err := inv("gone@alder.example", "h-gone", time.Now().Add(time.Hour), false); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("inviting a contact who left: %v", err)
		}
		own := crm.WithActor(ctx, crm.Actor{UserID: 99, Name: "petra", Role: crm.RoleStaff, Scope: crm.OwnedBy("Petra")})
		if _, err := st.InviteSurvey(own, w.survey.ID, store.SurveyInvite{Email: "b1@birch.example", TokenHash: "h-b1", Expires: time.Now().Add(time.Hour)}); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("inviting out of scope: %v", err)
		}
		if _, err := st.InviteSurvey(op, 999999, store.SurveyInvite{Email: "a1@alder.example", TokenHash: "h-none", Expires: time.Now().Add(time.Hour)}); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("inviting to no survey: %v", err)
		}
		got, err := inv("A1@Alder.example", "h-a1", time.Now().Add(time.Hour), false)
		if err != nil || got.ContactID != w.a1.ID || got.AccountID != w.a {
			t.Fatalf("invite a1: %+v %v", got, err)
		}
		// The recontact rule: a1 again, to any survey, within 90 days.
		if _, err := inv("a1@alder.example", "h-a1-again", time.Now().Add(time.Hour), false); crm.ErrorCode(err) != crm.ECONFLICT || !strings.Contains(err.Error(), "within 90 days") {
			t.Errorf("recontact within 90 days: %v", err)
		}
		if _, err := inv("a2@alder.example", "h-a2-expired", time.Now().Add(-time.Minute), false); err != nil {
			t.Fatal(err)
		}
		if _, err := inv("b1@birch.example", "h-b1", time.Now().Add(time.Hour), false); err != nil {
			t.Fatal(err)
		}

		// Expired and tampered tokens: not valid, nothing written.
		for _, h := range []string{"h-a2-expired", "h-a1x", ""} {
			if _, err := st.SurveyByToken(ctx, h); crm.ErrorCode(err) != crm.ENOTFOUND {
				t.Errorf("form of %q: %v", h, err)
			}
			if err := st.SubmitSurvey(ctx, h, store.Submission{Answers: answers(1, "9"), Finish: true}); crm.ErrorCode(err) != crm.ENOTFOUND || err.Error() != "this invitation is not valid" {
				t.Errorf("submit %q: %v", h, err)
			}
		}
		// A wrong answer writes nothing; a partial one resumes.
		if err := st.SubmitSurvey(ctx, "h-a1", store.Submission{Answers: answers(1, "11")}); crm.ErrorCode(err) != crm.EINVALID || !strings.Contains(err.Error(), "q1") {
			t.Errorf("an NPS of 11: %v", err)
		}
		if err := st.SubmitSurvey(ctx, "h-a1", store.Submission{Answers: answers(2, "Slow delivery", 3, "Price", 3, "Speed")}); err != nil {
			t.Fatalf("save: %v", err)
		}
		f, err := st.SurveyByToken(ctx, "h-a1")
		if err != nil || f.Answers[2] != "Slow delivery" || f.Answers[3] != `["Price","Speed"]` || f.Survey.ID != w.survey.ID || f.Name != "a1@alder.example" {
			t.Fatalf("resume: %+v %v", f, err)
		}
		if err := st.SubmitSurvey(ctx, "h-a1", store.Submission{Answers: answers(2, "Slow delivery"), Finish: true}); crm.ErrorCode(err) != crm.EINVALID || !strings.Contains(err.Error(), "q1: please answer") {
			t.Errorf("finish without the required question: %v", err)
		}
		if rs, err := st.SurveyResponses(op, w.survey.ID); err != nil || len(rs) != 0 {
			t.Errorf("responses before finishing: %+v %v", rs, err)
		}
		if err := st.SubmitSurvey(ctx, "h-a1", store.Submission{Answers: answers(1, "3", 2, "Slow delivery"), Finish: true, Language: "en"}); err != nil {
			t.Fatalf("finish: %v", err)
		}
		// Spent: the form and a second submission are conflicts, and
		// change nothing.
		if _, err := st.SurveyByToken(ctx, "h-a1"); crm.ErrorCode(err) != crm.ECONFLICT {
			t.Errorf("form of a finished invitation: %v", err)
		}
		if err := st.SubmitSurvey(ctx, "h-a1", store.Submission{Answers: answers(1, "10"), Finish: true}); crm.ErrorCode(err) != crm.ECONFLICT {
			t.Errorf("second submission: %v", err)
		}
		if err := st.SubmitSurvey(ctx, "h-a1", store.Submission{Answers: answers(1, "10")}); crm.ErrorCode(err) != crm.ECONFLICT {
			t.Errorf("a save after finishing: %v", err)
		}
		rs, err := st.SurveyResponses(op, w.survey.ID)
		if err != nil || len(rs) != 1 || rs[0].AccountID != w.a || rs[0].ContactID != w.a1.ID || rs[0].Answers[1] != "3" || rs[0].Language != "en" || len(rs[0].Answers) != 2 {
			t.Fatalf("responses: %+v %v", rs, err)
		}
		// Scoped: someone who sees only B's account sees none of A's.
		bOnly := crm.WithActor(ctx, crm.Actor{Name: "b", Role: crm.RoleViewer, Scope: crm.OneAccount(w.b)})
		if rs, err := st.SurveyResponses(bOnly, 0); err != nil || len(rs) != 0 {
			t.Errorf("B's viewer reads: %+v %v", rs, err)
		}
		if n, err := st.SurveyInvited(op, w.survey.ID); err != nil || n != 3 {
			t.Errorf("invited: %d %v", n, err)
		}
		if n, err := st.SurveyInvited(bOnly, w.survey.ID); err != nil || n != 1 {
			t.Errorf("invited, B's: %d %v", n, err)
		}
		// The list's counts, as each sees them.
		for _, c := range []struct {
			name                 string
			ctx                  context.Context
			invitations, answers int
		}{{"operator", op, 3, 1}, {"B's viewer", bOnly, 1, 0}} {
			list, err := st.Surveys(c.ctx)
			if err != nil || len(list) != 1 || list[0].Invitations != c.invitations || list[0].Responses != c.answers || list[0].Questions != 3 {
				t.Errorf("surveys as %s: %+v %v", c.name, list, err)
			}
		}
		// The response is a touchpoint on A's timeline, its band in the subject.
		tps, _, err := st.ListTouchpoints(op, store.TouchpointQuery{AccountID: w.a, Limit: 10})
		if err != nil || len(tps) != 1 || tps[0].Kind != "survey" || !strings.Contains(tps[0].Subject, "NPS 3, detractor") || tps[0].ContactID != w.a1.ID {
			t.Errorf("timeline: %+v %v", tps, err)
		}
		// Forced past the recontact rule, a1 is invited again.
		if _, err := inv("a1@alder.example", "h-a1-forced", time.Now().Add(time.Hour), true); err != nil {
			t.Errorf("forced: %v", err)
		}
		// A contact moved to another account answers no more; a contact
		// deleted takes their invitations and answers along.
		if _, err := st.UpdateContact(op, w.b1.ID, func(c *crm.Contact) error { c.AccountID = w.a; return nil }); err != nil {
			t.Fatal(err)
		}
		if err := st.SubmitSurvey(ctx, "h-b1", store.Submission{Answers: answers(1, "9"), Finish: true}); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("a moved contact answers: %v", err)
		}
		if err := st.DeleteContact(op, w.a1.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.SurveyByToken(ctx, "h-a1-forced"); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("a deleted contact's invitation: %v", err)
		}
		if rs, err := st.SurveyResponses(op, 0); err != nil || len(rs) != 0 {
			t.Errorf("responses after deleting the contact: %+v %v", rs, err)
		}
		if n, err := st.SurveyInvited(op, 0); err != nil || n != 2 {
			t.Errorf("invitations after deleting the contact: %d %v", n, err)
		}
		if err := st.DeleteAccount(op, w.a); err != nil {
			t.Fatal(err)
		}
		if n, err := st.SurveyInvited(op, 0); err != nil || n != 0 {
			t.Errorf("invitations after deleting the account: %d %v", n, err)
		}
	})
}

// TestSurveyConcurrentSubmit: of several submissions of one token at
// once, exactly one finishes; one response is stored.
func TestSurveyConcurrentSubmit(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newSurveyWorld(t, st)
		ctx := context.Background()
		op := crm.WithActor(ctx, crm.Operator)
		if _, err := st.InviteSurvey(op, w.survey.ID, store.SurveyInvite{Email: "a1@alder.example", TokenHash: "h-race", Expires: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		const n = 6
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				errs[i] = st.SubmitSurvey(ctx, "h-race", store.Submission{Answers: answers(1, fmt.Sprint(i), 2, fmt.Sprintf("writer %d", i)), Finish: true})
			})
		}
		close(start)
		wg.Wait()
		ok, winner := 0, -1
		for i, err := range errs {
			switch crm.ErrorCode(err) {
			case "":
				ok, winner = ok+1, i
			case crm.ECONFLICT:
			default:
				t.Errorf("submission %d: %v", i, err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d submissions finished, want 1: %v", ok, errs)
		}
		rs, err := st.SurveyResponses(op, w.survey.ID)
		if err != nil || len(rs) != 1 || rs[0].Answers[2] != fmt.Sprintf("writer %d", winner) || rs[0].Answers[1] != fmt.Sprint(winner) {
			t.Fatalf("responses: %+v %v (winner %d)", rs, err, winner)
		}
		tps, _, err := st.ListTouchpoints(op, store.TouchpointQuery{AccountID: w.a, Limit: 10})
		if err != nil || len(tps) != 1 {
			t.Errorf("touchpoints: %+v %v", tps, err)
		}
	})
}

// TestSurveyOpenLink: one response per browser, tied to no account, seen
// only by those who see every account.
func TestSurveyOpenLink(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newSurveyWorld(t, st)
		ctx := context.Background()
		op := crm.WithActor(ctx, crm.Operator)
		slug := w.survey.Slug
		if _, err := st.OpenSurvey(ctx, slug+"x", "b1"); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("unknown slug: %v", err)
		}
		if err := st.SubmitOpenSurvey(ctx, slug, "b1", store.Submission{Answers: answers(2, "ok")}); err != nil {
			t.Fatal(err)
		}
		if f, err := st.OpenSurvey(ctx, slug, "b1"); err != nil || f.Answers[2] != "ok" {
			t.Fatalf("resume: %+v %v", f, err)
		}
		if err := st.SubmitOpenSurvey(ctx, slug, "b1", store.Submission{Answers: answers(1, "10"), Finish: true}); err != nil {
			t.Fatal(err)
		}
		if err := st.SubmitOpenSurvey(ctx, slug, "b1", store.Submission{Answers: answers(1, "0"), Finish: true}); crm.ErrorCode(err) != crm.ECONFLICT {
			t.Errorf("the same browser again: %v", err)
		}
		if _, err := st.OpenSurvey(ctx, slug, "b1"); crm.ErrorCode(err) != crm.ECONFLICT {
			t.Errorf("the same browser's form: %v", err)
		}
		if err := st.SubmitOpenSurvey(ctx, slug, "b2", store.Submission{Answers: answers(1, "7"), Finish: true}); err != nil {
			t.Fatal(err)
		}
		rs, err := st.SurveyResponses(op, 0)
		if err != nil || len(rs) != 2 || rs[0].AccountID != 0 || rs[0].Answers[1] != "10" || rs[1].Answers[1] != "7" || rs[0].Language != "de" {
			t.Fatalf("responses: %+v %v", rs, err)
		}
		aOnly := crm.WithActor(ctx, crm.Actor{Name: "a", Role: crm.RoleViewer, Scope: crm.OneAccount(w.a)})
		if rs, err := st.SurveyResponses(aOnly, 0); err != nil || len(rs) != 0 {
			t.Errorf("A's viewer reads open responses: %+v %v", rs, err)
		}
	})
}

// TestSurveyRecontactLogged: a contact skipped by the recontact rule is
// logged, with the survey, the contact and when they were last invited.
func TestSurveyRecontactLogged(t *testing.T) {
	var logs bytes.Buffer
	st, err := store.Open(context.Background(), testkit.SQLite(t), slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := newSurveyWorld(t, st)
	op := crm.WithActor(context.Background(), crm.Operator)
	for i, want := range []string{"", crm.ECONFLICT} {
		_, err := st.InviteSurvey(op, w.survey.ID, store.SurveyInvite{Email: "a1@alder.example", TokenHash: fmt.Sprint("h", i), Expires: time.Now().Add(time.Hour)})
		if crm.ErrorCode(err) != want {
			t.Fatalf("invitation %d: %v", i+1, err)
		}
	}
	got := logs.String()
	for _, want := range []string{"survey invitation skipped: recontact rule", fmt.Sprintf("survey_id=%d", w.survey.ID), fmt.Sprintf("contact_id=%d", w.a1.ID),
		"last_invited=" + time.Now().UTC().Format(time.DateOnly), "recontact_days=90"} {
		if !strings.Contains(got, want) {
			t.Errorf("the log has no %q: %s", want, got)
		}
	}
	if strings.Count(got, "survey invitation skipped") != 1 {
		t.Errorf("logged %d skips, want 1", strings.Count(got, "survey invitation skipped"))
	}
}
