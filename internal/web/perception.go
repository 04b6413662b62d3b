package web

import (
	"cmp"
	"context"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strconv"

	"github.com/vitalfew/vitalfew/internal/chart"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/csvout"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The perception gap (docs/surveys.md): on /surveys/{id}/beliefs staff
// answer a survey's questions as they believe the customers of one of
// their accounts (or the customers as a whole) would; /surveys/{id}/
// perception sets what they believe against what customers answered, per
// tier and question, with the accounts where the two are furthest apart
// (paged, and as a CSV); the dashboard shows a small figure of it.

// ownShown is how many of her own accounts the beliefs page offers.
const ownShown = 100

type beliefsData struct {
	Survey    crm.Survey
	AccountID int64 // 0: the company as a whole
	Account   string
	Questions []questionView // the questions with a top box
	Left      int            // questions left out: free text, multiple choice
	Own       []accountRow   // her own accounts, the most valuable first
	Q         string
	Found     []crm.Account
	Searched  bool
	Saved     bool
	Error     string
}

func (d beliefsData) PageTitle(l *i18n.Lang) string {
	return l.T("What we believe") + ": " + d.Survey.Name
}

// comparable tells the questions staff answer: those with a top box.
func comparable(q crm.Question) bool {
	switch q.Type {
	case crm.QuestionNPS, crm.QuestionRating, crm.QuestionYesNo, crm.QuestionChoice:
		return true
	}
	return false
}

// surveyBeliefs shows the form of what the user believes the customers of
// account (query account; 0 or none: the company as a whole) would answer
// to survey {id}, with a picker of her accounts. Staff.
func (s *Server) surveyBeliefs(w http.ResponseWriter, r *http.Request) error {
	account, _ := strconv.ParseInt(r.URL.Query().Get("account"), 10, 64)
	return s.renderBeliefs(w, r, http.StatusOK, account, nil, "")
}

func (s *Server) renderBeliefs(w http.ResponseWriter, r *http.Request, status int, account int64, sent map[int][]string, msg string) error {
	id, err := surveyIDOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	sv, err := s.st.Survey(ctx, id)
	if err != nil {
		return err
	}
	d := beliefsData{Survey: sv, AccountID: account, Error: msg, Saved: r.URL.Query().Get("saved") == "1"}
	mine, err := s.st.MyBeliefs(ctx, id, account)
	if err != nil {
		return err
	}
	if account != 0 {
		a, err := s.st.Account(ctx, account)
		if err != nil {
			return err
		}
		d.Account = a.Name
	}
	answers := sent
	if answers == nil {
		answers = storedAnswers(sv, mine)
	}
	shown := sv
	shown.Questions = nil
	for _, q := range sv.Questions {
		if comparable(q) {
			shown.Questions = append(shown.Questions, q)
		} else {
			d.Left++
		}
	}
	d.Questions = questionViews(i18n.Get(sv.Language), shown, answers)
	// The picker: her own accounts, and a search of those she may see.
	if u, ok := userFrom(ctx); ok {
		snap, err := s.snapshot(r)
		if err != nil {
			return err
		}
		own := u.Own()
		for _, a := range snap.accounts {
			if own.Allows(a.ID, a.Owner) {
				d.Own = append(d.Own, a)
			}
		}
		slices.SortFunc(d.Own, func(a, b accountRow) int {
			return cmp.Or(cmp.Compare(rankKey(a), rankKey(b)), cmp.Compare(a.Name, b.Name))
		})
		d.Own = firstN(d.Own, ownShown)
	}
	if d.Q = r.URL.Query().Get("q"); d.Q != "" {
		d.Searched = true
		if d.Found, _, err = s.st.ListAccounts(ctx, store.AccountQuery{Q: d.Q, Limit: pickerShown}); err != nil {
			return err
		}
	}
	s.render(w, r, "survey_beliefs", status, d)
	return nil
}

// saveBeliefs saves what the user believes the customers of account (form
// field account; 0: the company as a whole) would answer to survey {id}:
// fields q1 … q12 as a respondent's. Staff, about an account in their
// scope.
func (s *Server) saveBeliefs(w http.ResponseWriter, r *http.Request) error {
	id, err := surveyIDOf(r)
	if err != nil {
		return err
	}
	account, err := strconv.ParseInt(r.PostFormValue("account"), 10, 64)
	if err != nil && r.PostFormValue("account") != "" || account < 0 {
		return crm.Errorf(crm.ENOTFOUND, "no such account")
	}
	sub, err := submission(r, "")
	if err != nil {
		return err
	}
	if _, err := s.st.SaveBeliefs(r.Context(), id, account, sub.Answers); crm.ErrorCode(err) == crm.EINVALID {
		return s.renderBeliefs(w, r, http.StatusBadRequest, account, sub.Answers, errorIn(langOf(r.Context()), err))
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, "/surveys/"+strconv.FormatInt(id, 10)+"/beliefs?account="+strconv.FormatInt(account, 10)+"&saved=1", http.StatusSeeOther)
	return nil
}

type perceptionData struct {
	Report   *report.PerceptionReport
	Accounts listPage[report.PerceptionAccount]
	Charts   template.HTML
}

func (d perceptionData) PageTitle(l *i18n.Lang) string {
	return l.T("The perception gap") + ": " + d.Report.SurveyName
}

// perceptionOf works out the perception gap of survey id by the tiers of
// the kept figures.
func (s *Server) perceptionOf(ctx context.Context, snap *snapshot, id int64) (*report.PerceptionReport, error) {
	tiers := map[int64]string{}
	if snap.pareto != nil {
		for _, a := range snap.pareto.Accounts {
			tiers[a.ID] = a.Tier
		}
	}
	names := func(id int64) string {
		if a, ok := snap.account(id); ok {
			return a.Name
		}
		return "#" + strconv.FormatInt(id, 10) // newer than the kept figures
	}
	return report.PerceptionOf(ctx, s.st, id, tiers, names)
}

// surveyPerception shows the perception gap of survey {id}.
func (s *Server) surveyPerception(w http.ResponseWriter, r *http.Request) error {
	id, err := surveyIDOf(r)
	if err != nil {
		return err
	}
	snap, err := s.snapshot(r)
	if err != nil {
		return err
	}
	rep, err := s.perceptionOf(r.Context(), snap, id)
	if err != nil {
		return err
	}
	d := perceptionData{Report: rep, Charts: perceptionChart(langOf(r.Context()), rep)}
	d.Accounts.Title = "The perception gap"
	paginate(r, "/surveys/"+strconv.FormatInt(id, 10)+"/perception", rep.Accounts, &d.Accounts)
	s.render(w, r, "survey_perception", http.StatusOK, d)
	return nil
}

// surveyPerceptionCSV exports every account with a gap, the widest first.
func (s *Server) surveyPerceptionCSV(w http.ResponseWriter, r *http.Request) error {
	id, err := surveyIDOf(r)
	if err != nil {
		return err
	}
	snap, err := s.snapshot(r)
	if err != nil {
		return err
	}
	rep, err := s.perceptionOf(r.Context(), snap, id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="perception.csv"`)
	c := csvout.New(w)
	c.Write("account_id", "account", "tier", "gap", "questions")
	for _, a := range rep.Accounts {
		c.Write(strconv.FormatInt(a.AccountID, 10), a.Account, a.Tier, strconv.FormatFloat(a.Gap, 'f', -1, 64), strconv.Itoa(a.Questions))
	}
	return c.Flush()
}

// perceptionChart draws, per question, the share in the top box as staff
// believe it and as customers answered, side by side; "" without answers.
func perceptionChart(l *i18n.Lang, rep *report.PerceptionReport) template.HTML {
	var cats []string
	var staff, cust []float64
	has := false
	for _, q := range rep.Questions {
		if q.Customers == 0 && q.Staff == 0 {
			continue // as on the page
		}
		cats = append(cats, l.T("Q%d", q.Position))
		share := func(p *float64) float64 {
			if p == nil {
				return math.NaN()
			}
			has = true
			return *p / 100
		}
		staff = append(staff, share(q.StaffTopPct))
		cust = append(cust, share(q.CustomersTopPct))
	}
	if !has {
		return ""
	}
	c := chart.Bars{Options: chart.Options{Title: l.T("Rated excellent: what staff believe and what customers answered"), ID: "perception", Width: 720, Height: 320, Lang: l},
		Categories: cats, Format: chart.Percent, YLabel: l.T("share in the top box"),
		Series: []chart.BarSeries{{Name: l.T("staff believe"), Values: staff}, {Name: l.T("customers answered"), Values: cust}}}
	n := c
	n.Options = narrowed(c.Options, 320)
	return both(c, n)
}

// perceptionFigure is the dashboard's figure: the gap of the newest survey
// staff answered, on its NPS question (else its first question staff
// answered), overall and by tier; nil before staff answered any.
type perceptionFigure struct {
	SurveyID int64
	Survey   string
	Question report.PerceptionQuestion
}

func (s *Server) perceptionFigure(ctx context.Context, snap *snapshot) (*perceptionFigure, error) {
	beliefs, err := s.st.Beliefs(ctx, 0)
	if err != nil || len(beliefs) == 0 {
		return nil, err
	}
	var id int64 // the newest survey staff answered
	for _, b := range beliefs {
		id = max(id, b.SurveyID)
	}
	rep, err := s.perceptionOf(ctx, snap, id)
	if err != nil {
		return nil, err
	}
	var pick *report.PerceptionQuestion
	for i, q := range rep.Questions {
		if q.Staff == 0 {
			continue
		}
		if pick == nil || q.Type == crm.QuestionNPS && pick.Type != crm.QuestionNPS {
			pick = &rep.Questions[i]
		}
	}
	if pick == nil {
		return nil, nil
	}
	return &perceptionFigure{SurveyID: rep.Survey, Survey: rep.SurveyName, Question: *pick}, nil
}
