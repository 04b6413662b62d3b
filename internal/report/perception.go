package report

import (
	"context"
	"io"
	"strconv"

	"github.com/vitalfew/vitalfew/internal/analytics/perception"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// PerceptionReport is the perception gap of one survey: per comparable
// question and tier, the share of customers' answers in the top box (the
// answer that says "excellent": analytics/perception) against the share
// of staff's answers about the accounts of the tier, and the gap between
// them in points; and the accounts where staff and customers are furthest
// apart. Tiers are those of the nps report (the window's Pareto tiers).
type PerceptionReport struct {
	Survey     int64                `json:"survey"` // 0: there is no survey
	SurveyName string               `json:"survey_name"`
	Questions  []PerceptionQuestion `json:"questions"`
	// Widest are the first WidestShown of Accounts.
	Widest []PerceptionAccount `json:"widest"`
	// Accounts are every account with both a staff answer about it and
	// customer answers, the widest gap first (the page's list).
	Accounts []PerceptionAccount `json:"-"`
}

// WidestShown is how many accounts the report's widest list holds.
const WidestShown = 10

// PerceptionQuestion is the gap of one question: overall (every answer;
// the staff's about the company as a whole too) and by tier.
type PerceptionQuestion struct {
	Position int    `json:"position"`
	Text     string `json:"text"`
	Type     string `json:"type"`
	// TopBox says which answer counts as "excellent": 9-10, 5, yes, or
	// the first option.
	TopBox string `json:"top_box"`
	PerceptionRow
	ByTier []PerceptionRow `json:"by_tier"`
}

// PerceptionRow is one side against the other: counts of answers and of
// those in the top box, their share in percent (null without answers),
// and the gap, staff minus customers, in percentage points (null when a
// side has none). TooFew: fewer than MinResponses customer answers.
// StaffCompany: no staff answer is about an account of the tier, so the
// staff's answers about the company as a whole stand for it.
type PerceptionRow struct {
	Tier            string   `json:"tier,omitempty"`
	Customers       int      `json:"customers"`
	CustomersTop    int      `json:"customers_top"`
	CustomersTopPct *float64 `json:"customers_top_pct"`
	Staff           int      `json:"staff"`
	StaffTop        int      `json:"staff_top"`
	StaffTopPct     *float64 `json:"staff_top_pct"`
	GapPts          *float64 `json:"gap_pts"`
	StaffCompany    bool     `json:"staff_company"`
	TooFew          bool     `json:"too_few"`
}

// PerceptionAccount is one account's gap: the mean over the questions
// both sides answered of the staff's score minus the customers' mean
// score, each from 0 to 1 (positive: staff believe the account happier
// than it says).
type PerceptionAccount struct {
	AccountID int64   `json:"account_id"`
	Account   string  `json:"account"`
	Tier      string  `json:"tier"` // none: no revenue in the window
	Gap       float64 `json:"gap"`
	Questions int     `json:"questions"`
}

// Perception works out the perception gap of survey p.Survey (default:
// the newest survey staff answered, else the newest survey) from the
// answers and beliefs the actor in ctx may read, by the window's tiers.
func Perception(ctx context.Context, st *store.Store, p Params) (*PerceptionReport, error) {
	id := p.Survey
	if id == 0 {
		var err error
		if id, err = DefaultPerceptionSurvey(ctx, st); err != nil || id == 0 {
			return &PerceptionReport{Questions: []PerceptionQuestion{}, Widest: []PerceptionAccount{}, Accounts: []PerceptionAccount{}}, err
		}
	}
	ranked, err := rankedByAccount(ctx, st, p)
	if err != nil {
		return nil, err
	}
	tiers := map[int64]string{}
	for id, a := range ranked {
		tiers[id] = a.Tier
	}
	return PerceptionOf(ctx, st, id, tiers, nil)
}

// DefaultPerceptionSurvey is the newest survey staff answered, else the
// newest survey; 0 without surveys.
func DefaultPerceptionSurvey(ctx context.Context, st *store.Store) (int64, error) {
	beliefs, err := st.Beliefs(ctx, 0)
	if err != nil {
		return 0, err
	}
	var id int64
	for _, b := range beliefs {
		id = max(id, b.SurveyID)
	}
	if id != 0 {
		return id, nil
	}
	list, err := st.Surveys(ctx)
	if err != nil || len(list) == 0 {
		return 0, err
	}
	return list[0].ID, nil // newest first
}

// PerceptionOf works out the perception gap of survey id with the tiers
// of the accounts given (A, B, C; others are none) and, when names is not
// nil, their names from it (else from the store's directory): what the
// pages use with the kept figures.
func PerceptionOf(ctx context.Context, st *store.Store, id int64, tiers map[int64]string, names func(id int64) string) (*PerceptionReport, error) {
	sv, err := st.Survey(ctx, id)
	if err != nil {
		return nil, err
	}
	responses, err := st.SurveyResponses(ctx, id)
	if err != nil {
		return nil, err
	}
	beliefs, err := st.Beliefs(ctx, id)
	if err != nil {
		return nil, err
	}
	in := perception.Input{Tier: tiers}
	for _, q := range sv.Questions {
		in.Questions = append(in.Questions, perception.Question{Position: q.Position, Type: q.Type, Options: q.Options})
	}
	for _, r := range responses {
		for pos, v := range r.Answers {
			in.Customers = append(in.Customers, perception.Answer{AccountID: r.AccountID, Position: pos, Value: v})
		}
	}
	for _, b := range beliefs {
		in.Staff = append(in.Staff, perception.Answer{AccountID: b.AccountID, Position: b.Position, Value: b.Value})
	}
	res := perception.Compute(in)
	r := &PerceptionReport{Survey: sv.ID, SurveyName: sv.Name, Questions: []PerceptionQuestion{}, Widest: []PerceptionAccount{}, Accounts: []PerceptionAccount{}}
	text := map[int]crm.Question{}
	for _, q := range sv.Questions {
		text[q.Position] = q
	}
	for _, g := range res.Questions {
		q := text[g.Position]
		pq := PerceptionQuestion{Position: g.Position, Text: q.Text, Type: q.Type, TopBox: topBox(q), PerceptionRow: perceptionRow(g.Overall), ByTier: []PerceptionRow{}}
		for _, t := range g.ByTier {
			pq.ByTier = append(pq.ByTier, perceptionRow(t))
		}
		r.Questions = append(r.Questions, pq)
	}
	if names == nil && len(res.Accounts) > 0 {
		dir, err := st.Directory(ctx)
		if err != nil {
			return nil, err
		}
		byID := make(map[int64]string, len(dir))
		for _, d := range dir {
			byID[d.ID] = d.Name
		}
		names = func(id int64) string { return byID[id] }
	}
	for _, a := range res.Accounts {
		t := tiers[a.AccountID]
		if t == "" {
			t = perception.None
		}
		r.Accounts = append(r.Accounts, PerceptionAccount{AccountID: a.AccountID, Account: names(a.AccountID), Tier: t, Gap: a.Gap, Questions: a.Questions})
	}
	r.Widest = r.Accounts[:min(WidestShown, len(r.Accounts))]
	return r, nil
}

// topBox says which answer of q is in the top box.
func topBox(q crm.Question) string {
	switch q.Type {
	case crm.QuestionNPS:
		return "9-10"
	case crm.QuestionRating:
		return "5"
	case crm.QuestionYesNo:
		return "yes"
	case crm.QuestionChoice:
		if len(q.Options) > 0 {
			return q.Options[0]
		}
	}
	return ""
}

func perceptionRow(r perception.Row) PerceptionRow {
	out := PerceptionRow{Tier: r.Tier, Customers: r.Customers.N, CustomersTop: r.Customers.Top, Staff: r.Staff.N, StaffTop: r.Staff.Top,
		StaffCompany: r.StaffCompany, TooFew: r.Customers.N < MinResponses}
	out.CustomersTopPct = ptr(r.Customers.Pct())
	out.StaffTopPct = ptr(r.Staff.Pct())
	out.GapPts = ptr(r.Gap())
	return out
}

// WriteText writes each question's gap by tier, then the widest accounts.
func (r *PerceptionReport) WriteText(w io.Writer) error {
	t := newText(w)
	if r.Survey == 0 {
		t.p("No surveys yet.\n")
		return t.flush()
	}
	t.p("The perception gap of %s: the share who rate us excellent, as staff believe and as customers answered.\n", r.SurveyName)
	pct := func(f *float64) string {
		if f == nil {
			return "–"
		}
		return t.l.Num(strconv.FormatFloat(*f, 'f', 0, 64)) + "%"
	}
	gap := func(f *float64) string {
		if f == nil {
			return "–"
		}
		return npsText(t, *f)
	}
	for _, q := range r.Questions {
		t.p("\n%s. %s (excellent: %s)\n", strconv.Itoa(q.Position), q.Text, q.TopBox)
		tt := t.table("Tier", ">Customers", ">Top", ">Staff", ">Top", ">Gap (points)")
		for _, b := range append(q.ByTier, q.PerceptionRow) {
			tier := t.l.Value(b.Tier)
			if b.Tier == "" {
				tier = t.l.Value("all")
			}
			staff := pct(b.StaffTopPct)
			if b.StaffCompany {
				staff += " *"
			}
			tt.add(tier, t.l.Count(int64(b.Customers)), pct(b.CustomersTopPct), t.l.Count(int64(b.Staff)), staff, gap(b.GapPts))
		}
		tt.write(t.b)
	}
	t.p("\n* the staff's answers about the company as a whole.\n")
	if len(r.Widest) > 0 {
		t.p("\nWhere staff and customers are furthest apart:\n")
		tt := t.table("Account", "Tier", ">Gap", ">Questions")
		for _, a := range r.Widest {
			tt.add(a.Account, t.l.Value(a.Tier), t.l.Num(strconv.FormatFloat(a.Gap, 'f', 2, 64)), t.l.Count(int64(a.Questions)))
		}
		tt.write(t.b)
	}
	return t.flush()
}

// WriteCSV writes every account with a gap, the widest first.
func (r *PerceptionReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "account_id", "account", "tier", "gap", "questions")
	for _, a := range r.Accounts {
		c.row(strconv.FormatInt(a.AccountID, 10), a.Account, a.Tier, fmtNum(a.Gap), fmtInt(a.Questions))
	}
	return c.flush()
}
