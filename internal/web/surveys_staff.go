package web

import (
	"context"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/chart"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/csvout"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/mail"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The surveys as staff see them: the list (with a CSV), a new survey from
// a template, each survey's results and preview, and invitations to it:
// by e-mail address or to a tier's contacts, mailed through the outbox
// when a mail server is set up, else handed out as links (a mail-merge CSV
// for a tier).

// maxInviteList is the most addresses one list invitation takes.
const maxInviteList = 500

// surveyTTL is how long a survey invitation works.
const surveyTTL = mail.SurveyTTL

type surveysData struct {
	Surveys   listPage[store.SurveySummary]
	Templates []string
	Language  string
	Error     string
	// The builder's fields, sent back with an error.
	Name, Questions string
	// Final is the survey with the final invoice; All every survey, to
	// choose it from.
	Final finalInvoiceState
	All   []store.SurveySummary
}

func (s *Server) surveysPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderSurveys(w, r, http.StatusOK, "")
}

func (s *Server) renderSurveys(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	return s.renderSurveysWith(w, r, status, msg, "", "")
}

// renderSurveysWith is renderSurveys with the builder's name and
// questions filled in again.
func (s *Server) renderSurveysWith(w http.ResponseWriter, r *http.Request, status int, msg, name, questions string) error {
	all, err := s.st.Surveys(r.Context())
	if err != nil {
		return err
	}
	d := surveysData{Templates: crm.Templates, Language: langOf(r.Context()).Code, Error: msg, Name: name, Questions: questions}
	if d.Final, err = s.finalInvoiceState(r); err != nil {
		return err
	}
	d.All = all
	d.Surveys.Title = "Surveys"
	paginate(r, "/surveys", all, &d.Surveys)
	s.render(w, r, "surveys", status, d)
	return nil
}

// surveysCSV exports the list of surveys with their counts.
func (s *Server) surveysCSV(w http.ResponseWriter, r *http.Request) error {
	all, err := s.st.Surveys(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="surveys.csv"`)
	c := csvout.New(w)
	c.Write("id", "name", "language", "template", "questions", "invitations", "responses", "open_path", "created_at")
	for _, v := range all {
		c.Write(strconv.FormatInt(v.ID, 10), v.Name, v.Language, v.Template, strconv.Itoa(v.Questions), strconv.Itoa(v.Invitations),
			strconv.Itoa(v.Responses), "/s/open/"+v.Slug, v.CreatedAt.Format(time.RFC3339))
	}
	return c.Flush()
}

// createSurvey makes a survey (fields name, language) from a template
// (field template) or from questions written one a line (field questions,
// crm.ParseQuestions: the builder). Staff.
func (s *Server) createSurvey(w http.ResponseWriter, r *http.Request) error {
	name, lang, written := r.PostFormValue("name"), r.PostFormValue("language"), r.PostFormValue("questions")
	var sv crm.Survey
	var err error
	if strings.TrimSpace(written) != "" || r.PostFormValue("template") == "" {
		sv = crm.Survey{Name: name, Language: lang}
		sv.Questions, err = crm.ParseQuestions(written)
	} else {
		sv, err = crm.SurveyTemplate(r.PostFormValue("template"), lang, name)
	}
	if err == nil {
		sv, err = s.st.CreateSurvey(r.Context(), sv)
	}
	if crm.ErrorCode(err) == crm.EINVALID {
		return s.renderSurveysWith(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err), name, written)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/surveys/"+strconv.FormatInt(sv.ID, 10), http.StatusSeeOther)
	return nil
}

type surveyData struct {
	Results   *report.SurveyResults
	Preview   []questionView
	OpenLink  string
	Tiers     []string
	Mail      bool
	Invited   int
	Skipped   int
	Link      string // the link of one invitation, to pass on
	LinkEmail string
	Error     string
	// Charts: the NPS answers' distribution and the NPS by tier.
	Charts template.HTML
	// The detractors and the promoters to follow up, a page of each.
	Detractors, Promoters listPage[report.FollowUp]
}

// surveyCharts draws the distribution of the NPS answers (0–10) and the
// NPS by tier of r; "" without NPS answers.
func surveyCharts(l *i18n.Lang, r *report.SurveyResults) template.HTML {
	if r.NPS == nil || r.NPS.Responses == 0 {
		return ""
	}
	var dist report.QuestionResult
	for _, q := range r.Questions {
		if q.Position == r.Survey.NPSPosition() {
			dist = q
		}
	}
	var cats []string
	var shares []float64
	for _, c := range dist.Counts {
		cats = append(cats, c.Value)
		shares = append(shares, c.Share)
	}
	dc := chart.Bars{Options: chart.Options{Title: l.T("How likely to recommend us: the answers"), ID: "nps-dist", Width: 560, Height: 300, Lang: l},
		Categories: cats, Format: chart.Percent, YLabel: l.T("share"), Series: []chart.BarSeries{{Name: l.T("share of answers"), Values: shares}}}
	dn := dc
	dn.Options = narrowed(dc.Options, 300)
	var tiers []string
	var nps []float64
	for _, t := range r.NPS.ByTier {
		tiers = append(tiers, l.Value(t.Tier))
		v := math.NaN()
		if t.NPS != nil {
			v = *t.NPS
		}
		nps = append(nps, v)
	}
	tc := chart.Bars{Options: chart.Options{Title: l.T("Net Promoter Score by tier"), ID: "nps-tier", Width: 560, Height: 300, Lang: l},
		Categories: tiers, Format: chart.Number, YLabel: l.T("NPS"), Series: []chart.BarSeries{{Name: l.T("NPS"), Values: nps}}}
	tn := tc
	tn.Options = narrowed(tc.Options, 300)
	out := `<div class="grid2"><div>` + both(dc, dn) + `</div><div>` + both(tc, tn) + `</div></div>`
	// The trend: the NPS of each quarter's answers, with the margin of
	// error as a band (upper and lower lines) where there are enough.
	if len(r.NPS.ByQuarter) > 1 {
		nps, lo, hi := chart.Series{Name: l.T("NPS")}, chart.Series{Name: l.T("lower end of the 95 percent interval")}, chart.Series{Name: l.T("upper end of the 95 percent interval")}
		for _, q := range r.NPS.ByQuarter {
			at, ok := quarterStart(q.Key)
			if !ok || q.NPS == nil {
				continue
			}
			nps.Points = append(nps.Points, chart.TimePoint{T: at, V: *q.NPS})
			if m := q.MarginOfError; m != nil && !q.TooFew {
				lo.Points = append(lo.Points, chart.TimePoint{T: at, V: max(*q.NPS-*m, -100)})
				hi.Points = append(hi.Points, chart.TimePoint{T: at, V: min(*q.NPS+*m, 100)})
			}
		}
		series := []chart.Series{nps}
		if len(lo.Points) > 1 {
			series = append(series, lo, hi)
		}
		qc := chart.Trend{Options: chart.Options{Title: l.T("Net Promoter Score by quarter"), ID: "nps-trend", Width: 720, Height: 300, Lang: l},
			Series: series, Format: chart.Number, YLabel: l.T("NPS")}
		qn := qc
		qn.Options = narrowed(qc.Options, 300)
		out += both(qc, qn)
	}
	return out
}

// quarterStart reads a quarter written 2026-Q4 as the day it begins.
func quarterStart(key string) (time.Time, bool) {
	y, q, ok := strings.Cut(key, "-Q")
	year, err1 := strconv.Atoi(y)
	n, err2 := strconv.Atoi(q)
	if !ok || err1 != nil || err2 != nil || n < 1 || n > 4 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(3*n-2), 1, 0, 0, 0, 0, time.UTC), true
}

func (d surveyData) PageTitle(*i18n.Lang) string { return d.Results.Survey.Name }

func surveyIDOf(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, crm.Errorf(crm.ENOTFOUND, "no such survey")
	}
	return id, nil
}

// surveyResults shows survey {id}: its results and its questions as
// customers see them.
func (s *Server) surveyResults(w http.ResponseWriter, r *http.Request) error {
	return s.renderSurveyResults(w, r, http.StatusOK, surveyData{})
}

func (s *Server) renderSurveyResults(w http.ResponseWriter, r *http.Request, status int, d surveyData) error {
	id, err := surveyIDOf(r)
	if err != nil {
		return err
	}
	if d.Results, err = report.Survey(r.Context(), s.st, id); err != nil {
		return err
	}
	sv := d.Results.Survey
	d.Preview = questionViews(i18n.Get(sv.Language), sv, nil)
	d.OpenLink = s.linkBase(r) + "/s/open/" + sv.Slug
	d.Tiers, d.Mail = []string{"A", "B", "C"}, s.mailWake != nil
	d.Charts = surveyCharts(langOf(r.Context()), d.Results)
	base := "/surveys/" + strconv.FormatInt(id, 10)
	paginateAs(r, "dpage", base, d.Results.Detractors, &d.Detractors, listPerPage)
	paginateAs(r, "ppage", base, d.Results.Promoters, &d.Promoters, listPerPage)
	s.render(w, r, "survey_results", status, d)
	return nil
}

// surveyFollowUpsCSV exports the detractors (/surveys/{id}/detractors.csv)
// or the promoters (…/promoters.csv) of survey {id} to follow up.
func (s *Server) surveyFollowUpsCSV(w http.ResponseWriter, r *http.Request) error {
	id, err := surveyIDOf(r)
	if err != nil {
		return err
	}
	res, err := report.Survey(r.Context(), s.st, id)
	if err != nil {
		return err
	}
	rows, band := res.Detractors, "detractors"
	if strings.HasSuffix(r.URL.Path, "/promoters.csv") {
		rows, band = res.Promoters, "promoters"
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="survey-`+strconv.FormatInt(id, 10)+"-"+band+`.csv"`)
	c := csvout.New(w)
	c.Write("account_id", "account", "tier", "revenue", "contact", "nps", "why", "finished_at")
	for _, f := range rows {
		c.Write(strconv.FormatInt(f.AccountID, 10), f.AccountName, f.Tier, strconv.FormatFloat(f.Revenue, 'f', 2, 64), f.ContactName,
			strconv.Itoa(f.Score), f.Why, f.FinishedAt)
	}
	return c.Flush()
}

// inviteToSurvey invites to survey {id} the contact with the e-mail
// address email, the contacts of a list of addresses (emails: split by
// commas, semicolons or white space; at most maxInviteList), or every
// active contact with one at the accounts of tier (A, B, C); force passes
// the recontact rule. By mail through the outbox
// when a mail server is set up; else the one link is shown, a tier's come
// as a mail-merge CSV. Contacts the recontact rule skips are counted (and
// logged by the store). Staff.
func (s *Server) inviteToSurvey(w http.ResponseWriter, r *http.Request) error {
	id, err := surveyIDOf(r)
	if err != nil {
		return err
	}
	sv, err := s.st.Survey(r.Context(), id)
	if err != nil {
		return err
	}
	force := r.PostFormValue("force") == "1"
	email := strings.TrimSpace(r.PostFormValue("email"))
	tier := strings.ToUpper(strings.TrimSpace(r.PostFormValue("tier")))
	list := strings.FieldsFunc(r.PostFormValue("emails"), func(c rune) bool { return c == ',' || c == ';' || unicode.IsSpace(c) })
	type target struct{ account, name, email string }
	var targets []target
	switch {
	case email != "":
		targets = []target{{email: email}}
	case len(list) > maxInviteList:
		return s.renderSurveyResults(w, r, http.StatusBadRequest, surveyData{Error: tr(r, "At most %d addresses at once.", maxInviteList)})
	case len(list) > 0:
		tier = "list" // like a tier's: many links, a CSV without a mail server
		for _, e := range list {
			targets = append(targets, target{email: e})
		}
	case slices.Contains([]string{"A", "B", "C"}, tier):
		snap, err := s.snapshot(r)
		if err != nil {
			return err
		}
		if snap.pareto != nil {
			for _, a := range snap.pareto.Accounts {
				if a.Tier != tier || !scopeOf(r.Context()).Allows(a.ID, ownerIn(snap, a.ID)) {
					continue
				}
				contacts, _, err := s.st.ListContacts(r.Context(), store.ContactQuery{AccountID: a.ID, Status: "active", Limit: store.MaxPageSize})
				if err != nil {
					return err
				}
				for _, c := range contacts {
					for _, i := range c.Identities {
						if i.Kind == "email" {
							targets = append(targets, target{a.Name, c.Name, i.Value})
							break
						}
					}
				}
			}
		}
	default:
		return s.renderSurveyResults(w, r, http.StatusBadRequest, surveyData{Error: tr(r, "Give an e-mail address or choose a tier.")})
	}
	l := i18n.Get(sv.Language)
	d := surveyData{}
	var rows [][]string
	for _, t := range targets {
		token, hash := auth.NewToken(auth.SurveyPrefix)
		until := time.Now().Add(surveyTTL)
		link := s.linkBase(r) + "/s/" + token
		in := store.SurveyInvite{Email: t.email, TokenHash: hash, Expires: until, Channel: "link", Force: force}
		if s.mailWake != nil {
			in.Channel, in.Compose = "mail", mail.SurveyInvitation(l, sv.Name, link, until)
		} else if tier != "" && email == "" {
			in.Channel = "csv"
		}
		inv, err := s.st.InviteSurvey(r.Context(), id, in)
		switch {
		case (crm.ErrorCode(err) == crm.ECONFLICT || crm.ErrorCode(err) == crm.ENOTFOUND) && email == "":
			d.Skipped++
			continue
		case crm.ErrorCode(err) == crm.ECONFLICT || crm.ErrorCode(err) == crm.ENOTFOUND:
			return s.renderSurveyResults(w, r, http.StatusBadRequest, surveyData{Error: errorIn(langOf(r.Context()), err)})
		case err != nil:
			return err
		}
		d.Invited++
		rows = append(rows, []string{cmpOr(t.account, inv.AccountName), cmpOr(t.name, inv.Name), inv.Email, link, until.UTC().Format(time.RFC3339)})
		if email != "" && s.mailWake == nil {
			d.Link, d.LinkEmail = link, inv.Email
		}
	}
	if s.mailWake != nil {
		select {
		case s.mailWake <- struct{}{}:
		default: // the sender is busy; it finds the mail on its next round
		}
	}
	if s.mailWake != nil || email != "" {
		return s.renderSurveyResults(w, r, http.StatusOK, d)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	name := "tier-" + tier
	if tier == "list" {
		name = "list"
	}
	w.Header().Set("Content-Disposition", `attachment; filename="survey-`+strconv.FormatInt(id, 10)+`-`+name+`.csv"`)
	c := csvout.New(w)
	c.Write("account", "name", "email", "link", "expires_at")
	for _, row := range rows {
		c.Write(row...)
	}
	return c.Flush()
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// surveyContact invites contact {id} to the survey of the field survey
// (force=1 passes the recontact rule), from Account 360: by mail through
// the outbox when a mail server is set up, else the link is shown to pass
// on. A contact the recontact rule skips is said on the page. Staff.
func (s *Server) surveyContact(w http.ResponseWriter, r *http.Request) error {
	id, err := portalID(r, "id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such contact")
	}
	c, err := s.st.Contact(r.Context(), id)
	if err != nil {
		return err
	}
	email := ""
	for _, i := range c.Identities {
		if i.Kind == "email" {
			email = i.Value
			break
		}
	}
	r.SetPathValue("id", strconv.FormatInt(c.AccountID, 10))
	surveyID, err := strconv.ParseInt(r.PostFormValue("survey"), 10, 64)
	if err != nil || surveyID < 1 {
		return s.renderAccountWith(w, r, http.StatusBadRequest, "", &invitedNotice{Error: tr(r, "Choose a survey.")})
	}
	sv, err := s.st.Survey(r.Context(), surveyID)
	if err != nil {
		return err
	}
	if email == "" {
		return s.renderAccountWith(w, r, http.StatusBadRequest, "", &invitedNotice{Error: tr(r, "The contact has no e-mail address to invite.")})
	}
	token, hash := auth.NewToken(auth.SurveyPrefix)
	until := time.Now().Add(surveyTTL)
	link := s.linkBase(r) + "/s/" + token
	in := store.SurveyInvite{Email: email, TokenHash: hash, Expires: until, Channel: "link", Force: r.PostFormValue("force") == "1"}
	if s.mailWake != nil {
		in.Channel, in.Compose = "mail", mail.SurveyInvitation(i18n.Get(sv.Language), sv.Name, link, until)
	}
	inv, err := s.st.InviteSurvey(r.Context(), surveyID, in)
	switch crm.ErrorCode(err) {
	case "":
	case crm.ECONFLICT, crm.ENOTFOUND:
		return s.renderAccountWith(w, r, http.StatusConflict, "", &invitedNotice{Error: errorIn(langOf(r.Context()), err)})
	default:
		return err
	}
	notice := &invitedNotice{Email: inv.Email, Until: langOf(r.Context()).DateTime(until.Local()), Mailed: in.Compose != nil, Survey: sv.Name}
	if in.Compose != nil {
		select {
		case s.mailWake <- struct{}{}:
		default: // the sender is busy; it finds the mail on its next round
		}
	} else {
		notice.Link = link
	}
	return s.renderAccountWith(w, r, http.StatusOK, "", notice)
}

// accountAnswers are an account's survey responses on Account 360: the
// NPS of its contacts' answers and the latest responses.
type accountAnswers struct {
	NPS       *float64
	Responses int
	Latest    []accountAnswer // newest first, at most five
	// Believed are what staff believe the account would answer to the
	// surveys' NPS questions (the perception gap, account by account).
	Believed []accountAnswer // Contact: the user
}

type accountAnswer struct {
	SurveyID        int64
	Survey, Contact string
	Day             time.Time
	Score           int // the NPS answer, -1 without one
	Band            string
}

// accountAnswers reads account id's responses and what staff believe it
// would answer; nil when there are neither.
func (s *Server) accountAnswers(ctx context.Context, id int64, surveys []store.SurveySummary) (*accountAnswers, error) {
	rs, err := s.st.AccountSurveyResponses(ctx, id)
	if err != nil {
		return nil, err
	}
	beliefs, err := s.st.AccountBeliefs(ctx, id)
	if err != nil || len(rs) == 0 && len(beliefs) == 0 {
		return nil, err
	}
	byID := map[int64]store.SurveySummary{}
	for _, sv := range surveys {
		byID[sv.ID] = sv
	}
	npsAt := map[int64]int{}
	npsOf := func(survey int64) (int, error) {
		pos, ok := npsAt[survey]
		if !ok {
			sv, err := s.st.Survey(ctx, survey)
			if err != nil {
				return 0, err
			}
			pos = sv.NPSPosition()
			npsAt[survey] = pos
		}
		return pos, nil
	}
	var c report.NPSCount
	out := &accountAnswers{Responses: len(rs)}
	for _, b := range beliefs {
		pos, err := npsOf(b.SurveyID)
		if err != nil {
			return nil, err
		}
		if n, err := strconv.Atoi(b.Value); pos > 0 && b.Position == pos && err == nil {
			out.Believed = append(out.Believed, accountAnswer{SurveyID: b.SurveyID, Survey: byID[b.SurveyID].Name, Contact: b.UserName,
				Day: b.AnsweredAt, Score: n, Band: crm.NPSBand(n)})
		}
	}
	for i := len(rs) - 1; i >= 0; i-- {
		r := rs[i]
		pos, err := npsOf(r.SurveyID)
		if err != nil {
			return nil, err
		}
		a := accountAnswer{SurveyID: r.SurveyID, Survey: byID[r.SurveyID].Name, Contact: r.ContactName, Day: r.FinishedAt, Score: -1}
		if n, err := strconv.Atoi(r.Answers[pos]); pos > 0 && err == nil {
			a.Score, a.Band = n, crm.NPSBand(n)
			c.Add(n)
		}
		if len(out.Latest) < 5 {
			out.Latest = append(out.Latest, a)
		}
	}
	if v, ok := c.Score(); ok {
		out.NPS = &v
	}
	return out, nil
}

// npsTierRow is the NPS of one tier's answers on the dashboard.
type npsTierRow struct {
	Tier          string
	Responses     int
	NPS           *float64
	MarginOfError *float64
	TooFew        bool
}

// npsByTier is the NPS of every survey's answers by the tier of the
// account in the kept figures (none: the open link, or no revenue in the
// window), then of all; nil without answers.
func (s *Server) npsByTier(ctx context.Context, snap *snapshot) ([]npsTierRow, error) {
	rs, err := s.st.SurveyResponses(ctx, 0)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	npsAt := map[int64]int{}
	counts := map[string]*report.NPSCount{"A": {}, "B": {}, "C": {}, "none": {}}
	var all report.NPSCount
	for _, r := range rs {
		pos, ok := npsAt[r.SurveyID]
		if !ok {
			sv, err := s.st.Survey(ctx, r.SurveyID)
			if err != nil {
				return nil, err
			}
			pos = sv.NPSPosition()
			npsAt[r.SurveyID] = pos
		}
		n, err := strconv.Atoi(r.Answers[pos])
		if pos == 0 || err != nil {
			continue
		}
		tier := "none"
		if a, ok := snap.account(r.AccountID); ok && a.Tier != "" {
			tier = a.Tier
		}
		counts[tier].Add(n)
		all.Add(n)
	}
	if all.N() == 0 {
		return nil, nil
	}
	row := func(tier string, c report.NPSCount) npsTierRow {
		r := npsTierRow{Tier: tier, Responses: c.N(), TooFew: c.N() < report.MinResponses}
		if v, ok := c.Score(); ok {
			r.NPS = &v
		}
		if v, ok := c.MarginOfError(); ok {
			r.MarginOfError = &v
		}
		return r
	}
	var out []npsTierRow
	for _, t := range []string{"A", "B", "C", "none"} {
		if t != "none" || counts[t].N() > 0 {
			out = append(out, row(t, *counts[t]))
		}
	}
	return append(out, row("all", all)), nil
}
