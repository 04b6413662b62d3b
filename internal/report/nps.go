package report

import (
	"context"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// NPSReport is the Net Promoter Score of the finished survey responses
// (of one survey, or of all): the share of promoters (9–10) minus the
// share of detractors (0–6), in points from −100 to 100, overall and by
// the ABC tier of the account in the window's Pareto figures. A response
// through the open link, or of an account without revenue in the window,
// is in the tier "none". Only responses with an answer to an NPS question
// count.
type NPSReport struct {
	Survey     int64    `json:"survey,omitempty"` // 0: every survey
	Responses  int      `json:"responses"`
	Promoters  int      `json:"promoters"`
	Passives   int      `json:"passives"`
	Detractors int      `json:"detractors"`
	NPS        *float64 `json:"nps"` // null without responses
	// MarginOfError is the half-width of the 95% confidence interval of
	// the NPS in points (null below two responses); TooFew says there
	// are fewer than MinResponses, too few to read much into.
	MarginOfError *float64  `json:"margin_of_error"`
	TooFew        bool      `json:"too_few"`
	Invited       int       `json:"invited"`       // invitations sent
	ResponseRate  *float64  `json:"response_rate"` // finished responses to invitations per invitation, 0..1; null without invitations
	ByTier        []NPSTier `json:"by_tier"`       // A, B, C, then none when it has responses
	// BySegment and ByOwner group the responses of accounts by the
	// account's segment and owner ("" when it has none; responses through
	// the open link are in neither), ByQuarter all by the quarter they
	// were finished in (2026-Q4); each sorted by its key.
	BySegment []NPSGroup `json:"by_segment"`
	ByOwner   []NPSGroup `json:"by_owner"`
	ByQuarter []NPSGroup `json:"by_quarter"`
}

// NPSGroup is the NPS of one group's responses.
type NPSGroup struct {
	Key           string   `json:"key"`
	Responses     int      `json:"responses"`
	NPS           *float64 `json:"nps"`
	MarginOfError *float64 `json:"margin_of_error"`
	TooFew        bool     `json:"too_few"`
	// As NPSTier's: the group's invitations and response rate, its
	// rating answers and CSAT.
	Invited      int      `json:"invited"`
	ResponseRate *float64 `json:"response_rate"`
	Ratings      int      `json:"ratings"`
	CSAT         *float64 `json:"csat"`
}

// NPSTier is the NPS of one tier's responses.
type NPSTier struct {
	Tier          string   `json:"tier"`
	Responses     int      `json:"responses"`
	Promoters     int      `json:"promoters"`
	Passives      int      `json:"passives"`
	Detractors    int      `json:"detractors"`
	NPS           *float64 `json:"nps"`
	MarginOfError *float64 `json:"margin_of_error"`
	TooFew        bool     `json:"too_few"`
	// Invited counts the invitations to the tier's accounts, and
	// ResponseRate the finished responses to them per invitation (null
	// without invitations).
	Invited      int      `json:"invited"`
	ResponseRate *float64 `json:"response_rate"`
	// Ratings counts the answers to the surveys' first rating question
	// (1–5), and CSAT the share of 4 and 5 among them (null without).
	Ratings int      `json:"ratings"`
	CSAT    *float64 `json:"csat"`
}

// MinResponses is how many responses an NPS needs before it is more than
// an anecdote.
const MinResponses = 30

// NPSCount counts NPS scores into bands.
type NPSCount struct{ Promoters, Passives, Detractors int }

// Add counts score (0–10).
func (c *NPSCount) Add(score int) {
	switch crm.NPSBand(score) {
	case crm.Promoter:
		c.Promoters++
	case crm.Passive:
		c.Passives++
	default:
		c.Detractors++
	}
}

// N is the number of scores.
func (c NPSCount) N() int { return c.Promoters + c.Passives + c.Detractors }

// Score is the NPS in points, −100..100; false without scores.
func (c NPSCount) Score() (float64, bool) {
	n := c.N()
	if n == 0 {
		return 0, false
	}
	return 100 * float64(c.Promoters-c.Detractors) / float64(n), true
}

// MarginOfError is the half-width of the NPS's 95% confidence interval in
// points: 1.96 standard errors of the mean of the scores +1 (promoter),
// 0 (passive) and −1 (detractor); false below two scores.
func (c NPSCount) MarginOfError() (float64, bool) {
	n := c.N()
	if n < 2 {
		return 0, false
	}
	p, d := float64(c.Promoters)/float64(n), float64(c.Detractors)/float64(n)
	v := p + d - (p-d)*(p-d)
	return 100 * 1.96 * math.Sqrt(v/float64(n)), true
}

func ptr(f float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &f
}

// NPS works out the NPS of survey p.Survey's responses (every survey's
// when 0) the actor in ctx may read, by tier.
func NPS(ctx context.Context, st *store.Store, p Params) (*NPSReport, error) {
	r := &NPSReport{Survey: p.Survey, ByTier: []NPSTier{}}
	// The NPS question and the first rating question of each survey.
	npsAt, ratingAt := map[int64]int{}, map[int64]int{}
	if p.Survey != 0 {
		sv, err := st.Survey(ctx, p.Survey)
		if err != nil {
			return nil, err
		}
		npsAt[sv.ID], ratingAt[sv.ID] = sv.NPSPosition(), sv.RatingPosition()
	} else {
		list, err := st.Surveys(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range list {
			sv, err := st.Survey(ctx, s.ID)
			if err != nil {
				return nil, err
			}
			npsAt[sv.ID], ratingAt[sv.ID] = sv.NPSPosition(), sv.RatingPosition()
		}
	}
	ranked, err := rankedByAccount(ctx, st, p)
	if err != nil {
		return nil, err
	}
	tierOf := func(account int64) string {
		if a, ok := ranked[account]; ok && a.Tier != "" {
			return a.Tier
		}
		return "none"
	}
	responses, err := st.SurveyResponses(ctx, p.Survey)
	if err != nil {
		return nil, err
	}
	dir, err := st.Directory(ctx)
	if err != nil {
		return nil, err
	}
	accounts := map[int64]store.DirectoryEntry{}
	for _, d := range dir {
		accounts[d.ID] = d
	}
	invitations, err := st.SurveyInvitationFacts(ctx, p.Survey)
	if err != nil {
		return nil, err
	}
	// Every response and invitation counts in its group of each dimension:
	// the account's tier ("none" for the open link and accounts without
	// revenue), segment and owner (accounts only), and the quarter — a
	// response's of its finishing for the NPS and CSAT, an invitation's of
	// its sending for the response rate.
	var all surveyAgg
	byTier, bySegment, byOwner, byQuarter := aggs{}, aggs{}, aggs{}, aggs{}
	keys := func(account int64) (tier string, segment, owner *string) {
		tier = tierOf(account)
		if a, ok := accounts[account]; ok {
			return tier, &a.Segment, &a.Owner
		}
		return tier, nil, nil
	}
	each := func(account int64, at time.Time, f func(*surveyAgg)) {
		f(&all)
		t, seg, own := keys(account)
		f(byTier.of(t))
		f(byQuarter.of(quarterOf(at)))
		if seg != nil {
			f(bySegment.of(*seg))
			f(byOwner.of(*own))
		}
	}
	for _, inv := range invitations {
		each(inv.AccountID, inv.CreatedAt, func(g *surveyAgg) { g.invited++ })
	}
	for _, res := range responses {
		if res.Invited {
			each(res.AccountID, res.InvitedAt, func(g *surveyAgg) { g.answered++ })
		}
		if pos := ratingAt[res.SurveyID]; pos > 0 {
			if n, err := strconv.Atoi(res.Answers[pos]); err == nil {
				each(res.AccountID, res.FinishedAt, func(g *surveyAgg) { g.rate(n) })
			}
		}
		if pos := npsAt[res.SurveyID]; pos > 0 {
			if n, err := strconv.Atoi(res.Answers[pos]); err == nil {
				each(res.AccountID, res.FinishedAt, func(g *surveyAgg) { g.nps.Add(n) })
			}
		}
	}
	r.Responses, r.Promoters, r.Passives, r.Detractors = all.nps.N(), all.nps.Promoters, all.nps.Passives, all.nps.Detractors
	r.NPS, r.MarginOfError, r.TooFew = ptr(all.nps.Score()), ptr(all.nps.MarginOfError()), all.nps.N() < MinResponses
	r.Invited, r.ResponseRate = all.invited, all.responseRate()
	for _, t := range []string{"A", "B", "C", "none"} {
		g, ok := byTier[t]
		if !ok {
			if t == "none" {
				continue
			}
			g = &surveyAgg{}
		}
		c := g.nps
		r.ByTier = append(r.ByTier, NPSTier{Tier: t, Responses: c.N(), Promoters: c.Promoters, Passives: c.Passives, Detractors: c.Detractors,
			NPS: ptr(c.Score()), MarginOfError: ptr(c.MarginOfError()), TooFew: c.N() < MinResponses,
			Invited: g.invited, ResponseRate: g.responseRate(), Ratings: g.ratings, CSAT: g.csat()})
	}
	r.BySegment, r.ByOwner, r.ByQuarter = bySegment.groups(), byOwner.groups(), byQuarter.groups()
	return r, nil
}

// surveyAgg sums one group's survey figures: its NPS answers, its
// invitations and the finished responses to them, its rating answers and
// the satisfied ones (4 and 5) among them.
type surveyAgg struct {
	nps                                   NPSCount
	invited, answered, ratings, satisfied int
}

func (g *surveyAgg) rate(n int) {
	g.ratings++
	if n >= 4 {
		g.satisfied++
	}
}

// responseRate is answered per invitation; nil without invitations.
func (g *surveyAgg) responseRate() *float64 {
	return ptr(float64(g.answered)/float64(max(g.invited, 1)), g.invited > 0)
}

// csat is the share of satisfied ratings; nil without ratings.
func (g *surveyAgg) csat() *float64 {
	return ptr(float64(g.satisfied)/float64(max(g.ratings, 1)), g.ratings > 0)
}

// aggs are the groups of one dimension by key.
type aggs map[string]*surveyAgg

func (a aggs) of(k string) *surveyAgg {
	if a[k] == nil {
		a[k] = &surveyAgg{}
	}
	return a[k]
}

// groups returns the groups sorted by key.
func (a aggs) groups() []NPSGroup {
	out := []NPSGroup{}
	for _, k := range slices.Sorted(maps.Keys(a)) {
		g := a[k]
		out = append(out, NPSGroup{Key: k, Responses: g.nps.N(), NPS: ptr(g.nps.Score()), MarginOfError: ptr(g.nps.MarginOfError()),
			TooFew: g.nps.N() < MinResponses, Invited: g.invited, ResponseRate: g.responseRate(), Ratings: g.ratings, CSAT: g.csat()})
	}
	return out
}

// quarterOf names the quarter of t: 2026-Q4.
func quarterOf(t time.Time) string { return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3) }

// rankedByAccount is the window's Pareto ranking of the customers by
// account id; empty before the first order.
func rankedByAccount(ctx context.Context, st *store.Store, p Params) (map[int64]pareto.Ranked, error) {
	out := map[int64]pareto.Ranked{}
	s, err := settle(ctx, st, p)
	switch {
	case crm.ErrorCode(err) == crm.ENOTFOUND:
		return out, nil
	case err != nil:
		return nil, err
	}
	tiers, err := tiersOver(ctx, st, s)
	if err != nil {
		return nil, err
	}
	for _, a := range tiers.Ranked {
		out[a.ID] = a
	}
	return out, nil
}

// WriteText writes the NPS and the table by tier.
func (r *NPSReport) WriteText(w io.Writer) error {
	t := newText(w)
	if r.Responses == 0 {
		t.p("No survey responses with an NPS answer yet.\n")
		return t.flush()
	}
	t.p("NPS %s from %s responses: %s promoters, %s passives, %s detractors.\n", npsText(t, *r.NPS), t.l.Count(int64(r.Responses)),
		t.l.Count(int64(r.Promoters)), t.l.Count(int64(r.Passives)), t.l.Count(int64(r.Detractors)))
	if r.MarginOfError != nil {
		t.p("Margin of error: ±%s points (95%%).\n", t.l.Num(strconv.FormatFloat(*r.MarginOfError, 'f', 1, 64)))
	}
	if r.TooFew {
		t.p("Too few answers (fewer than 30) to read much into.\n")
	}
	if r.ResponseRate != nil {
		t.p("Response rate: %s of %s invitations.\n", t.l.Percent(*r.ResponseRate), t.l.Count(int64(r.Invited)))
	}
	t.p("\n")
	tt := t.table("Tier", ">Responses", ">NPS", ">±")
	for _, b := range r.ByTier {
		nps, moe := "–", "–"
		if b.NPS != nil {
			nps = npsText(t, *b.NPS)
		}
		if b.MarginOfError != nil {
			moe = t.l.Num(strconv.FormatFloat(*b.MarginOfError, 'f', 1, 64))
		}
		tt.add(t.l.Value(b.Tier), t.l.Count(int64(b.Responses)), nps, moe)
	}
	tt.write(t.b)
	return t.flush()
}

// WriteCSV writes the tiers.
func (r *NPSReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "tier", "responses", "promoters", "passives", "detractors", "nps", "margin_of_error", "too_few")
	opt := func(f *float64) string {
		if f == nil {
			return ""
		}
		return fmtNum(*f)
	}
	for _, b := range r.ByTier {
		c.row(b.Tier, fmtInt(b.Responses), fmtInt(b.Promoters), fmtInt(b.Passives), fmtInt(b.Detractors), opt(b.NPS), opt(b.MarginOfError),
			strconv.FormatBool(b.TooFew))
	}
	return c.flush()
}

// npsText writes an NPS with its sign and one decimal.
func npsText(t *textWriter, f float64) string {
	s := t.l.Num(strconv.FormatFloat(f, 'f', 1, 64))
	if f > 0 {
		s = "+" + s
	}
	return s
}

// latestNPS is each account's latest NPS answer finished on or before
// asOf and within the 365 days before it (0..10), of every survey with an
// NPS question.
func latestNPS(ctx context.Context, st *store.Store, asOf time.Time) (map[int64]int, error) {
	list, err := st.Surveys(ctx)
	if err != nil || len(list) == 0 {
		return map[int64]int{}, err
	}
	npsAt := map[int64]int{}
	for _, s := range list {
		sv, err := st.Survey(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		npsAt[sv.ID] = sv.NPSPosition()
	}
	responses, err := st.SurveyResponses(ctx, 0)
	if err != nil {
		return nil, err
	}
	out := map[int64]int{}
	when := map[int64]time.Time{}
	for _, r := range responses {
		p := npsAt[r.SurveyID]
		on := dateOf(r.FinishedAt)
		if r.AccountID == 0 || p == 0 || on.After(asOf) || daysBetween(on, asOf) >= 365 {
			continue
		}
		n, err := strconv.Atoi(r.Answers[p])
		if err != nil || n < 0 || n > 10 {
			continue
		}
		if t, ok := when[r.AccountID]; !ok || !r.FinishedAt.Before(t) {
			out[r.AccountID], when[r.AccountID] = n, r.FinishedAt
		}
	}
	return out, nil
}
