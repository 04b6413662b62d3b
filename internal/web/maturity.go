package web

import (
	"net/http"

	"github.com/vitalfew/vitalfew/internal/analytics/maturity"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/report"
)

// Social business maturity (/social-maturity): the stage the business
// claims in a four-question self-assessment (admins answer it) against the
// stage its data shows (report social-maturity), with the evidence.

type maturityData struct {
	Report *report.SocialMaturityReport
	Stages []string
	Saved  bool
}

func (maturityData) PageTitle(l *i18n.Lang) string { return l.T("Social business maturity") }

// Rows pairs each stage's answer with its measured test.
func (d maturityData) Rows() []struct {
	Stage, Question, Test string
	Claimed, Met          bool
} {
	var out []struct {
		Stage, Question, Test string
		Claimed, Met          bool
	}
	for i, c := range d.Report.Checks {
		a := d.Report.Answers[i]
		out = append(out, struct {
			Stage, Question, Test string
			Claimed, Met          bool
		}{c.Stage, a.Question, c.Test, a.Yes, c.Met})
	}
	return out
}

func (s *Server) maturityPage(w http.ResponseWriter, r *http.Request) error {
	rep, err := report.Run(r.Context(), s.st, "social-maturity", report.Params{})
	if err != nil {
		return err
	}
	s.render(w, r, "maturity", http.StatusOK, maturityData{Report: rep.(*report.SocialMaturityReport), Stages: maturity.Stages, Saved: r.URL.Query().Get("saved") == "1"})
	return nil
}

// saveMaturity stores the self-assessment: a checked box per stage (the
// form's familiar, present, enabled, integrated). Admins.
func (s *Server) saveMaturity(w http.ResponseWriter, r *http.Request) error {
	var a [4]bool
	for i, stage := range maturity.Stages {
		a[i] = r.PostFormValue(stage) == "yes"
	}
	if err := s.st.SetSetting(r.Context(), "social_self_assessment", crm.SelfAssessmentText(a)); err != nil {
		return err
	}
	http.Redirect(w, r, "/social-maturity?saved=1", http.StatusSeeOther)
	return nil
}
