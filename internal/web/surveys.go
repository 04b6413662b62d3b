package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/mail"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The survey pages customers answer (/s/{token} and /s/open/{slug}): no
// sign-in, no JavaScript needed, in the survey's language, private and
// never cached. Answers are saved on every submission (resumable) and the
// response is finished with finish=1. The store decides what a token may
// do: an unknown, expired or tampered token gets the one plain "this
// invitation is not valid" page and writes nothing; a finished one is a
// conflict (409). Cross-origin POSTs are refused for every route
// (server.go), these included.

// surveyCookie keeps a browser's key for the open links, so that each
// browser answers a survey once.
const surveyCookie = "vitalfew_survey"

// questionView is a question as the form shows it.
type questionView struct {
	crm.Question
	Name    string // the form field: q1 …
	Hint    string // the scale's ends
	Value   string // a text answer
	Choices []choiceView
	Input   string // radio or checkbox; "" for text
}

type choiceView struct {
	Value, Label string
	Checked      bool
}

// questionViews lays out sv's questions in l with the answers (as stored,
// or as just sent) filled in.
func questionViews(l *i18n.Lang, sv crm.Survey, answers map[int][]string) []questionView {
	out := make([]questionView, 0, len(sv.Questions))
	for _, q := range sv.Questions {
		v := questionView{Question: q, Name: "q" + strconv.Itoa(q.Position), Input: "radio"}
		given := answers[q.Position]
		has := func(s string) bool {
			for _, g := range given {
				if g == s {
					return true
				}
			}
			return false
		}
		add := func(value, label string) {
			v.Choices = append(v.Choices, choiceView{Value: value, Label: label, Checked: has(value)})
		}
		switch q.Type {
		case crm.QuestionNPS:
			for n := 0; n <= 10; n++ {
				add(strconv.Itoa(n), strconv.Itoa(n))
			}
			v.Hint = l.T("0 = not at all likely, 10 = extremely likely")
		case crm.QuestionRating:
			for n := 1; n <= 5; n++ {
				add(strconv.Itoa(n), strconv.Itoa(n))
			}
			v.Hint = l.T("1 = very dissatisfied, 5 = very satisfied")
		case crm.QuestionYesNo:
			add("yes", l.T("Yes"))
			add("no", l.T("No"))
		case crm.QuestionChoice, crm.QuestionMulti:
			if q.Type == crm.QuestionMulti {
				v.Input = "checkbox"
			}
			for _, o := range q.Options {
				add(o, o)
			}
		case crm.QuestionText:
			v.Input = ""
			if len(given) > 0 {
				v.Value = given[0]
			}
		}
		out = append(out, v)
	}
	return out
}

// storedAnswers turns answers as stored into form values.
func storedAnswers(sv crm.Survey, stored map[int]string) map[int][]string {
	out := map[int][]string{}
	for _, q := range sv.Questions {
		v, ok := stored[q.Position]
		if !ok {
			continue
		}
		if q.Type == crm.QuestionMulti {
			var vs []string
			if json.Unmarshal([]byte(v), &vs) == nil {
				out[q.Position] = vs
			}
			continue
		}
		out[q.Position] = []string{v}
	}
	return out
}

// submission reads the form: q1 … q12 and finish=1.
func submission(r *http.Request, lang string) (store.Submission, error) {
	if err := r.ParseForm(); err != nil {
		return store.Submission{}, crm.Errorf(crm.EINVALID, "the form could not be read")
	}
	sub := store.Submission{Answers: map[int][]string{}, Finish: r.PostForm.Get("finish") == "1", Language: lang}
	for p := 1; p <= crm.MaxQuestions; p++ {
		if vs, ok := r.PostForm["q"+strconv.Itoa(p)]; ok {
			sub.Answers[p] = vs
		}
	}
	return sub, nil
}

// surveyLang puts the survey's language on r for the page.
func surveyLang(r *http.Request, sv crm.Survey) *http.Request {
	return r.WithContext(withLang(r.Context(), i18n.Get(sv.Language)))
}

// renderSurvey shows the form of f with answers, a message and status.
func (s *Server) renderSurvey(w http.ResponseWriter, r *http.Request, status int, f store.SurveyForm, answers map[int][]string, msg string, saved bool) error {
	r = surveyLang(r, f.Survey)
	l := langOf(r.Context())
	s.render(w, r, "survey", status, map[string]any{"Title": f.Survey.Name, "Survey": f.Survey, "Name": f.Name,
		"Questions": questionViews(l, f.Survey, answers), "Error": msg, "Saved": saved,
		"AskEmail": f.Name == "" && s.asksEmail() && strings.HasPrefix(r.URL.Path, "/s/open/")})
	return nil
}

// surveyEnd answers a page that shows no form: the thank-you page, an
// invitation already answered (409) or not valid (404); another error is
// returned.
func (s *Server) surveyEnd(w http.ResponseWriter, r *http.Request, err error, sv *crm.Survey) error {
	if sv != nil {
		r = surveyLang(r, *sv)
	}
	var status int
	var title, text string
	switch crm.ErrorCode(err) {
	case "":
		status, title, text = http.StatusOK, tr(r, "Thank you"), tr(r, "Your answers have been sent. Thank you for your time.")
	case crm.ECONFLICT:
		status, title, text = http.StatusConflict, tr(r, "Already answered"), tr(r, "This survey has already been answered. Thank you!")
	case crm.ENOTFOUND:
		status, title, text = http.StatusNotFound, tr(r, "Not valid"), tr(r, "This invitation is not valid.")
		// The same bytes for every token: the page does not echo it.
		r = r.Clone(r.Context())
		r.URL = &url.URL{Path: "/s/"}
	default:
		return err
	}
	s.render(w, r, "survey_end", status, map[string]any{"Title": title, "Text": text})
	return nil
}

// answeredSurvey is the survey of an answered form, for the language of
// its page; nil for any other.
func answeredSurvey(f store.SurveyForm) *crm.Survey {
	if f.Finished && f.Survey.ID != 0 {
		return &f.Survey
	}
	return nil
}

// surveyPage shows the form of the invitation {token}.
func (s *Server) surveyPage(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "private, no-store")
	f, err := s.st.SurveyByToken(r.Context(), auth.HashToken(r.PathValue("token")))
	if err != nil {
		return s.surveyEnd(w, r, err, answeredSurvey(f))
	}
	return s.renderSurvey(w, r, http.StatusOK, f, storedAnswers(f.Survey, f.Answers), "", r.URL.Query().Get("saved") == "1")
}

// surveySubmit saves the answers to the invitation {token}; with
// finish=1 it finishes the response and shows the thank-you page.
func (s *Server) surveySubmit(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "private, no-store")
	token := r.PathValue("token")
	th := auth.HashToken(token)
	f, err := s.st.SurveyByToken(r.Context(), th)
	if err != nil {
		return s.surveyEnd(w, r, err, answeredSurvey(f))
	}
	sub, err := submission(r, f.Survey.Language)
	if err == nil {
		err = s.st.SubmitSurvey(r.Context(), th, sub)
	}
	return s.afterSubmit(w, r, f, sub, err, "/s/"+token)
}

// afterSubmit answers a submission of form f that ended with err: the
// thank-you page, the saved form again (303 to back), the form with the
// wrong answer named (400), or the end pages.
func (s *Server) afterSubmit(w http.ResponseWriter, r *http.Request, f store.SurveyForm, sub store.Submission, err error, back string) error {
	switch {
	case err == nil && sub.Finish:
		return s.surveyEnd(w, r, nil, &f.Survey)
	case err == nil:
		http.Redirect(w, r, back+"?saved=1", http.StatusSeeOther)
		return nil
	case crm.ErrorCode(err) == crm.EINVALID:
		return s.renderSurvey(w, r, http.StatusBadRequest, f, sub.Answers, errorIn(i18n.Get(f.Survey.Language), err), false)
	}
	return s.surveyEnd(w, r, err, &f.Survey)
}

// browserKey returns the browser's key for the open links, setting a new
// one when it has none.
func (s *Server) browserKey(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(surveyCookie); err == nil && len(c.Value) > 20 {
		return auth.HashToken(c.Value)
	}
	token, hash := auth.NewToken("")
	http.SetCookie(w, &http.Cookie{Name: surveyCookie, Value: token, Path: "/s/open/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure || r.TLS != nil})
	return hash
}

// openSurveyPage shows the open link's form of survey {slug}.
func (s *Server) openSurveyPage(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "private, no-store")
	f, err := s.st.OpenSurvey(r.Context(), r.PathValue("slug"), s.browserKey(w, r))
	if err != nil {
		return s.surveyEnd(w, r, err, answeredSurvey(f))
	}
	return s.renderSurvey(w, r, http.StatusOK, f, storedAnswers(f.Survey, f.Answers), "", r.URL.Query().Get("saved") == "1")
}

// openSurveySubmit saves the answers of this browser to survey {slug};
// limited per address.
func (s *Server) openSurveySubmit(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "private, no-store")
	if _, ok, retry := s.openLimit.Reserve("open-survey:" + clientIP(r)); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(retry.Seconds())+1))
		http.Error(w, tr(r, "Too many answers from this address; try again later."), http.StatusTooManyRequests)
		return nil
	}
	slug := r.PathValue("slug")
	key := s.browserKey(w, r)
	f, err := s.st.OpenSurvey(r.Context(), slug, key)
	if err != nil {
		return s.surveyEnd(w, r, err, answeredSurvey(f))
	}
	sub, err := submission(r, f.Survey.Language)
	if e := strings.TrimSpace(r.PostForm.Get("email")); err == nil && sub.Finish && e != "" && s.asksEmail() {
		// The address given: if it is a contact's, they confirm the
		// answers are theirs by a link (anyone can type an address). The
		// link is on the configured address, never the request's Host.
		token, hash := auth.NewToken(auth.SurveyPrefix)
		sub.Email, sub.ConfirmHash = e, hash
		sub.Compose = mail.ConfirmSurveyAnswers(i18n.Get(f.Survey.Language), f.Survey.Name, s.baseURL+"/s/confirm/"+token)
	}
	if err == nil {
		err = s.st.SubmitOpenSurvey(r.Context(), slug, key, sub)
	}
	if err == nil && sub.Compose != nil {
		select {
		case s.mailWake <- struct{}{}:
		default:
		}
	}
	return s.afterSubmit(w, r, f, sub, err, "/s/open/"+slug)
}

// asksEmail says whether the open links ask for an e-mail address: only
// with a mail server to confirm it through and the server's address set
// (--base-url), so that an anonymous request cannot put its own Host into
// a mail to a customer.
func (s *Server) asksEmail() bool { return s.mailWake != nil && s.baseURL != "" }

// confirmPage asks the contact who followed a confirmation link to
// confirm that the open-link answers are theirs: a button, so that a mail
// program fetching the link confirms nothing.
func (s *Server) confirmPage(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, "survey_confirm", http.StatusOK, nil)
	return nil
}

// confirmSubmit makes the open-link answers of the link {token} the
// contact's: the thank-you page, or the plain "not valid" page for an
// unknown, used or expired link.
func (s *Server) confirmSubmit(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "private, no-store")
	err := s.st.ConfirmOpenResponse(r.Context(), auth.HashToken(r.PathValue("token")))
	if err == nil {
		s.render(w, r, "survey_end", http.StatusOK, map[string]any{"Title": tr(r, "Thank you"), "Text": tr(r, "Your answers now count as yours. Thank you for your time.")})
		return nil
	}
	return s.surveyEnd(w, r, err, nil)
}
