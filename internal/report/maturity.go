package report

import (
	"context"
	"io"
	"slices"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/maturity"
	"github.com/vitalfew/vitalfew/internal/store"
)

// SocialMaturityReport sets the stage of social business maturity the
// business claims (the self-assessment, setting social_self_assessment)
// against the stage its data of the window shows: platforms present,
// mentions answered and how fast, mentions matched to accounts, A
// accounts heard on social media.
type SocialMaturityReport struct {
	AsOf     string            `json:"as_of"`
	Since    string            `json:"since"`
	Until    string            `json:"until"`
	Claimed  string            `json:"claimed"`  // "" below familiar
	Measured string            `json:"measured"` // the same
	Answers  []MaturityAnswer  `json:"answers"`
	Checks   []maturity.Check  `json:"checks"`
	Evidence maturity.Evidence `json:"evidence"`
}

// MaturityAnswer is one question of the self-assessment and its answer.
type MaturityAnswer struct {
	Stage    string `json:"stage"`
	Question string `json:"question"`
	Yes      bool   `json:"yes"`
}

// SocialMaturity builds the report over the window.
func SocialMaturity(ctx context.Context, st *store.Store, p Params) (*SocialMaturityReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	set, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	end := s.until.AddDate(0, 0, 1)
	counts, err := st.MentionCounts(ctx, s.since, end)
	if err != nil {
		return nil, err
	}
	care, err := st.CareItems(ctx, s.since, end)
	if err != nil {
		return nil, err
	}
	tiers, err := tiersOver(ctx, st, s)
	if err != nil {
		return nil, err
	}
	var a []int64
	for _, r := range tiers.Ranked {
		if r.Tier == "A" {
			a = append(a, r.ID)
		}
	}
	r := JudgeMaturity(set.SocialSelfAssessment, counts, care, a, s.since, end)
	r.AsOf, r.Since, r.Until = day(s.asOf), day(s.since), day(s.until)
	return r, nil
}

// JudgeMaturity works out the evidence of the mentions counts and the
// care items posted in [since, end), and the A accounts aIDs, and sets the
// claimed stage against the measured.
func JudgeMaturity(answers [4]bool, counts []store.MentionCount, care []store.CareItem, aIDs []int64, since, end time.Time) *SocialMaturityReport {
	r := &SocialMaturityReport{Claimed: maturity.Claimed(answers)}
	for i, q := range maturity.Questions {
		r.Answers = append(r.Answers, MaturityAnswer{Stage: maturity.Stages[i], Question: q, Yes: answers[i]})
	}
	e := &r.Evidence
	e.Platforms = []string{}
	heard := map[int64]bool{}
	for _, c := range counts {
		if !slices.Contains(e.Platforms, c.Platform) {
			e.Platforms = append(e.Platforms, c.Platform)
		}
		e.Mentions += c.Mentions
		if c.AccountID != 0 {
			e.Matched += c.Mentions
			heard[c.AccountID] = true
		}
	}
	slices.Sort(e.Platforms)
	var hours []float64
	for _, c := range care {
		if c.PostedAt.Before(since) || !c.PostedAt.Before(end) {
			continue
		}
		e.NeedAnswer++
		if !c.RespondedAt.IsZero() {
			e.Answered++
			hours = append(hours, c.RespondedAt.Sub(c.PostedAt).Hours())
		}
	}
	e.MedianResponseHours = median(hours)
	e.AAccounts = len(aIDs)
	for _, id := range aIDs {
		if heard[id] {
			e.AHeard++
		}
	}
	r.Measured, r.Checks = maturity.Measured(*e)
	return r
}

// WriteText writes the claimed and measured stage with the evidence.
func (r *SocialMaturityReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Social business maturity %s .. %s (as of %s)\n\n", r.Since, r.Until, r.AsOf)
	stage := func(s string) string {
		if s == "" {
			return t.l.Value("none")
		}
		return t.l.Value(s)
	}
	t.p("Claimed: %s; measured: %s\n\n", stage(r.Claimed), stage(r.Measured))
	tt := t.table("Stage", "Claimed", "Measured", "Test")
	for i, c := range r.Checks {
		tt.add(t.l.Value(c.Stage), t.l.Value(yesNo(r.Answers[i].Yes)), t.l.Value(yesNo(c.Met)), t.l.Value(c.Test))
	}
	tt.write(t.b)
	e := r.Evidence
	t.p("\nPlatforms: %s; mentions: %s, matched to accounts: %s; needed an answer: %s, answered: %s; A accounts heard: %s of %s\n",
		t.l.Count(int64(len(e.Platforms))), t.l.Count(int64(e.Mentions)), t.l.Count(int64(e.Matched)), t.l.Count(int64(e.NeedAnswer)),
		t.l.Count(int64(e.Answered)), t.l.Count(int64(e.AHeard)), t.l.Count(int64(e.AAccounts)))
	if e.MedianResponseHours != nil {
		t.p("Median first response: %s hours\n", t.l.Num(fmtNum(*e.MedianResponseHours)))
	}
	return t.flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// WriteCSV writes the stages: stage,claimed,met,test.
func (r *SocialMaturityReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "stage", "claimed", "met", "test")
	for i, ch := range r.Checks {
		c.row(ch.Stage, yesNo(r.Answers[i].Yes), yesNo(ch.Met), ch.Test)
	}
	return c.flush()
}
