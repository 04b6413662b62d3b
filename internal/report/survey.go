package report

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/sentiment"
	"github.com/vitalfew/vitalfew/internal/store"
)

// SurveyResults are the results of one survey, question by question, for
// its page: the NPS by tier, CSAT and mean of ratings, counts of choices,
// and the free-text answers with their sentiment.
type SurveyResults struct {
	Survey       crm.Survey `json:"survey"`
	Invited      int        `json:"invited"`
	Responses    int        `json:"responses"`     // finished
	ResponseRate *float64   `json:"response_rate"` // to invitations, 0..1
	NPS          *NPSReport `json:"nps,omitempty"` // when it has an NPS question
	// ByTier: per tier the invitations, response rate, NPS and CSAT.
	ByTier    []NPSTier        `json:"by_tier"`
	Questions []QuestionResult `json:"questions"`
	// Detractors are the responses of accounts with an NPS of 0–6, to
	// follow up: the most valuable accounts first (by tier, then the
	// window's revenue), then the lowest score.
	Detractors []FollowUp `json:"detractors"`
	// Promoters are the responses of accounts with an NPS of 9–10: the
	// candidates to ask for a referral, a review or a reference call (the
	// funnel counts them as advocates), the most valuable accounts first,
	// then the highest score.
	Promoters []FollowUp `json:"promoters"`
}

// FollowUp is a response to follow up.
type FollowUp struct {
	ResponseID  int64   `json:"response_id"`
	AccountID   int64   `json:"account_id"`
	AccountName string  `json:"account_name"`
	ContactName string  `json:"contact_name"`
	Tier        string  `json:"tier"` // "" without revenue in the window
	Revenue     float64 `json:"revenue"`
	Score       int     `json:"score"`
	Why         string  `json:"why"` // the first free-text answer
	FinishedAt  string  `json:"finished_at"`
}

// QuestionResult is what one question's answers say.
type QuestionResult struct {
	crm.Question
	Answers int `json:"answers"`
	// Mean of an NPS or rating question's answers; CSAT the share of
	// ratings of 4 or 5 (0..1).
	Mean   *float64      `json:"mean,omitempty"`
	CSAT   *float64      `json:"csat,omitempty"`
	Counts []ChoiceCount `json:"counts,omitempty"` // every value, in order, for all but text
	Texts  []TextAnswer  `json:"texts,omitempty"`  // free text, most negative first
}

// ChoiceCount is how often a value was chosen, and its share of the
// question's answers.
type ChoiceCount struct {
	Value string  `json:"value"`
	N     int     `json:"n"`
	Share float64 `json:"share"`
}

// TextAnswer is a free-text answer with its sentiment.
type TextAnswer struct {
	ResponseID int64   `json:"response_id"`
	AccountID  int64   `json:"account_id,omitempty"`
	Text       string  `json:"text"`
	Compound   float64 `json:"compound"`
	Label      string  `json:"label"`
}

// Survey works out the results of survey id from the responses the actor
// in ctx may read.
func Survey(ctx context.Context, st *store.Store, id int64) (*SurveyResults, error) {
	sv, err := st.Survey(ctx, id)
	if err != nil {
		return nil, err
	}
	responses, err := st.SurveyResponses(ctx, id)
	if err != nil {
		return nil, err
	}
	r := &SurveyResults{Survey: sv, Responses: len(responses)}
	if r.Invited, err = st.SurveyInvited(ctx, id); err != nil {
		return nil, err
	}
	if r.Invited > 0 {
		answered := 0
		for _, res := range responses {
			if res.Invited {
				answered++
			}
		}
		r.ResponseRate = ptr(float64(answered)/float64(r.Invited), true)
	}
	byTier, err := NPS(ctx, st, Params{Survey: id})
	if err != nil {
		return nil, err
	}
	r.ByTier = byTier.ByTier
	if sv.NPSPosition() > 0 {
		r.NPS = byTier
	}
	for _, q := range sv.Questions {
		r.Questions = append(r.Questions, questionResult(q, responses))
	}
	if r.Detractors, err = followUps(ctx, st, sv, responses, crm.Detractor); err != nil {
		return nil, err
	}
	if r.Promoters, err = followUps(ctx, st, sv, responses, crm.Promoter); err != nil {
		return nil, err
	}
	return r, nil
}

// followUps lists the responses of accounts whose NPS answer is in band
// (crm.Detractor or crm.Promoter): the most valuable accounts first, then
// the most telling score (the lowest detractor, the highest promoter).
func followUps(ctx context.Context, st *store.Store, sv crm.Survey, responses []store.SurveyResponse, band string) ([]FollowUp, error) {
	out := []FollowUp{}
	pos := sv.NPSPosition()
	if pos == 0 {
		return out, nil
	}
	why := 0
	for _, q := range sv.Questions {
		if q.Type == crm.QuestionText {
			why = q.Position
			break
		}
	}
	var ids []int64
	for _, res := range responses {
		n, err := strconv.Atoi(res.Answers[pos])
		if err != nil || res.AccountID == 0 || crm.NPSBand(n) != band {
			continue
		}
		out = append(out, FollowUp{ResponseID: res.ID, AccountID: res.AccountID, ContactName: res.ContactName, Score: n, Why: res.Answers[why],
			FinishedAt: res.FinishedAt.Format(time.RFC3339)})
		ids = append(ids, res.AccountID)
	}
	if len(out) == 0 {
		return out, nil
	}
	names, err := st.AccountNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	ranked, err := rankedByAccount(ctx, st, Params{})
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].AccountName = names[out[i].AccountID]
		a := ranked[out[i].AccountID]
		out[i].Tier, out[i].Revenue = a.Tier, a.Revenue
	}
	tierRank := func(t string) int {
		if t == "" {
			return 9
		}
		return int(t[0])
	}
	telling := func(a, b FollowUp) int { return cmp.Compare(a.Score, b.Score) }
	if band == crm.Promoter {
		telling = func(a, b FollowUp) int { return cmp.Compare(b.Score, a.Score) }
	}
	slices.SortStableFunc(out, func(a, b FollowUp) int {
		return cmp.Or(cmp.Compare(tierRank(a.Tier), tierRank(b.Tier)), cmp.Compare(b.Revenue, a.Revenue), telling(a, b), cmp.Compare(a.ResponseID, b.ResponseID))
	})
	return out, nil
}

// questionResult sums the answers to q.
func questionResult(q crm.Question, responses []store.SurveyResponse) QuestionResult {
	out := QuestionResult{Question: q}
	var values []string
	switch q.Type {
	case crm.QuestionNPS:
		for n := 0; n <= 10; n++ {
			values = append(values, strconv.Itoa(n))
		}
	case crm.QuestionRating:
		for n := 1; n <= 5; n++ {
			values = append(values, strconv.Itoa(n))
		}
	case crm.QuestionYesNo:
		values = []string{"yes", "no"}
	case crm.QuestionChoice, crm.QuestionMulti:
		values = q.Options
	}
	count := map[string]int{}
	var sum float64
	satisfied := 0
	for _, res := range responses {
		v, ok := res.Answers[q.Position]
		if !ok {
			continue
		}
		out.Answers++
		switch q.Type {
		case crm.QuestionText:
			s := sentiment.ScoreSource(v, res.Language, sentiment.Business)
			out.Texts = append(out.Texts, TextAnswer{ResponseID: res.ID, AccountID: res.AccountID, Text: v, Compound: s.Compound, Label: s.Label})
		case crm.QuestionMulti:
			var picked []string
			if json.Unmarshal([]byte(v), &picked) == nil {
				for _, p := range picked {
					count[p]++
				}
			}
		case crm.QuestionNPS, crm.QuestionRating:
			n, _ := strconv.Atoi(v)
			sum += float64(n)
			if n >= 4 {
				satisfied++
			}
			count[v]++
		default:
			count[v]++
		}
	}
	if out.Answers > 0 {
		for _, v := range values {
			out.Counts = append(out.Counts, ChoiceCount{Value: v, N: count[v], Share: float64(count[v]) / float64(out.Answers)})
		}
		if q.Type == crm.QuestionNPS || q.Type == crm.QuestionRating {
			out.Mean = ptr(sum/float64(out.Answers), true)
		}
		if q.Type == crm.QuestionRating {
			out.CSAT = ptr(float64(satisfied)/float64(out.Answers), true)
		}
	}
	sortTexts(out.Texts)
	return out
}

// sortTexts puts the most negative answers first, then by response.
func sortTexts(ts []TextAnswer) {
	slices.SortStableFunc(ts, func(a, b TextAnswer) int {
		return cmp.Or(cmp.Compare(a.Compound, b.Compound), cmp.Compare(a.ResponseID, b.ResponseID))
	})
}
