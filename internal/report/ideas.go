package report

import (
	"cmp"
	"context"
	"io"
	"slices"

	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// IdeasReport weighs the ideas of the portal's spaces by who asks: next to
// each idea's votes, how many accounts of each tier are behind it (asked
// for it or voted; an account counts once) and their revenue in the window
// and lifetime value. Ranked by that revenue, it shows whether the loudest
// ideas come from the accounts that carry the business.
type IdeasReport struct {
	AsOf    string  `json:"as_of"`
	Since   string  `json:"since"`
	Until   string  `json:"until"`
	Revenue float64 `json:"revenue"` // of every customer in the window
	// Model says whether the customer model knows lifetime values.
	Model bool      `json:"model"`
	Ideas []IdeaRow `json:"ideas"` // by revenue behind them, then votes, then id
	// Loudest are the most-voted ideas (up to 3 with votes), Weightiest
	// as many ideas with the most revenue behind them; each with the share
	// of revenue of the accounts behind them together.
	Loudest    IdeaGroup `json:"loudest"`
	Weightiest IdeaGroup `json:"weightiest"`
	// Warning: the loudest ideas come from the accounts that carry the
	// least (their accounts bring at most half the share of the
	// weightiest's, and they are not the same ideas).
	Warning bool `json:"warning"`

	limit int
}

// IdeaRow is one idea, weighed.
type IdeaRow struct {
	Rank     int    `json:"rank"`      // by revenue behind it
	VoteRank int    `json:"vote_rank"` // by votes
	ID       int64  `json:"id"`
	SpaceID  int64  `json:"space_id"`
	Title    string `json:"title"`
	Status   string `json:"status"`
	Votes    int    `json:"votes"`
	// Accounts behind the idea, and of them in each tier of the window
	// (NoTier: no revenue in it).
	Accounts     int     `json:"accounts"`
	TierA        int     `json:"tier_a"`
	TierB        int     `json:"tier_b"`
	TierC        int     `json:"tier_c"`
	NoTier       int     `json:"no_tier"`
	Revenue      float64 `json:"revenue"`
	RevenueShare float64 `json:"revenue_share"`
	// CLV sums the lifetime values the model knows, of CLVAccounts of
	// the accounts.
	CLV         float64 `json:"clv"`
	CLVAccounts int     `json:"clv_accounts"`

	accounts []int64
}

// IdeaGroup is a handful of ideas and the revenue of the accounts behind
// them together, each account once.
type IdeaGroup struct {
	IDs          []int64 `json:"ids"`
	Votes        int     `json:"votes"`
	Revenue      float64 `json:"revenue"`
	RevenueShare float64 `json:"revenue_share"`
}

// groupSize is how many ideas the loudest and weightiest groups hold.
const groupSize = 3

// Ideas weighs the ideas of every space the actor sees by the window's
// revenue, tiers and lifetime values.
func Ideas(ctx context.Context, st *store.Store, p Params) (*IdeasReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	tiers, err := tiersOver(ctx, st, s)
	if err != nil {
		return nil, err
	}
	model, _, err := modelAt(ctx, st, s, s.asOf)
	if err != nil {
		return nil, err
	}
	ideas, err := st.AllIdeas(ctx)
	if err != nil {
		return nil, err
	}
	r := WeighIdeas(ideas, tiers.Ranked, tiers.Revenue, model.clvByAccount())
	r.AsOf, r.Since, r.Until, r.Model, r.limit = day(s.asOf), day(s.since), day(s.until), model != nil, s.limit
	return r, nil
}

// WeighIdeas weighs ideas (with the accounts behind them, as staff read
// them) by ranked, the window's customers with their tier and revenue
// (total: all of theirs), and clv, the lifetime values the customer model
// knows. The report's dates are left for the caller.
func WeighIdeas(ideas []crm.Idea, ranked []pareto.Ranked, total float64, clv map[int64]float64) *IdeasReport {
	byID := make(map[int64]pareto.Ranked, len(ranked))
	for _, a := range ranked {
		byID[a.ID] = a
	}
	r := &IdeasReport{Revenue: total, Model: len(clv) > 0, Ideas: make([]IdeaRow, 0, len(ideas)), limit: DefaultLimit}
	for _, i := range ideas {
		row := IdeaRow{ID: i.ID, SpaceID: i.SpaceID, Title: i.Title, Status: i.Status, Votes: i.Votes}
		for _, ia := range i.Accounts {
			row.Accounts++
			row.accounts = append(row.accounts, ia.AccountID)
			a, ok := byID[ia.AccountID]
			switch {
			case !ok:
				row.NoTier++
			case a.Tier == "A":
				row.TierA++
			case a.Tier == "B":
				row.TierB++
			default:
				row.TierC++
			}
			row.Revenue += a.Revenue
			if v, ok := clv[ia.AccountID]; ok {
				row.CLV += v
				row.CLVAccounts++
			}
		}
		row.RevenueShare = share(row.Revenue, total)
		r.Ideas = append(r.Ideas, row)
	}
	byVotes := slices.Clone(r.Ideas)
	slices.SortStableFunc(byVotes, func(a, b IdeaRow) int { return cmp.Or(cmp.Compare(b.Votes, a.Votes), cmp.Compare(a.ID, b.ID)) })
	voteRank := map[int64]int{}
	for n, i := range byVotes {
		voteRank[i.ID] = n + 1
	}
	slices.SortStableFunc(r.Ideas, func(a, b IdeaRow) int {
		return cmp.Or(cmp.Compare(b.Revenue, a.Revenue), cmp.Compare(b.Votes, a.Votes), cmp.Compare(a.ID, b.ID))
	})
	for n := range r.Ideas {
		r.Ideas[n].Rank, r.Ideas[n].VoteRank = n+1, voteRank[r.Ideas[n].ID]
	}
	// The loudest: the most-voted ideas that have votes; as many of the
	// weightiest.
	n := 0
	for n < min(groupSize, len(byVotes)) && byVotes[n].Votes > 0 {
		n++
	}
	r.Loudest = group(byVotes[:n], byID, total)
	r.Weightiest = group(r.Ideas[:n], byID, total)
	r.Warning = n > 0 && !slices.Equal(sortedIDs(r.Loudest.IDs), sortedIDs(r.Weightiest.IDs)) &&
		r.Loudest.RevenueShare*2 <= r.Weightiest.RevenueShare
	return r
}

// group sums ideas' votes and the revenue of the accounts behind them, each
// account once.
func group(ideas []IdeaRow, byID map[int64]pareto.Ranked, total float64) IdeaGroup {
	g := IdeaGroup{IDs: []int64{}}
	seen := map[int64]bool{}
	for _, i := range ideas {
		g.IDs = append(g.IDs, i.ID)
		g.Votes += i.Votes
		for _, id := range i.accounts {
			if !seen[id] {
				seen[id] = true
				g.Revenue += byID[id].Revenue
			}
		}
	}
	g.RevenueShare = share(g.Revenue, total)
	return g
}

func sortedIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// WriteText writes the headline (are the loudest ideas the weightiest?)
// and the ideas ranked by the revenue behind them.
func (r *IdeasReport) WriteText(w io.Writer) error {
	t := newText(w)
	if r.Since != "" {
		t.p("Ideas  %s .. %s (as of %s)\n\n", r.Since, r.Until, r.AsOf)
	}
	if len(r.Ideas) == 0 {
		t.p("No ideas yet.\n")
		return t.flush()
	}
	if n := len(r.Loudest.IDs); n > 0 {
		t.p("The %s most-voted ideas come from accounts with %s of revenue; the %s with the most revenue behind them, from accounts with %s.\n",
			t.l.Count(int64(n)), t.l.Percent(r.Loudest.RevenueShare), t.l.Count(int64(n)), t.l.Percent(r.Weightiest.RevenueShare))
	}
	if r.Warning {
		t.p("The loudest ideas come from the accounts that carry the least: weigh them by who asks.\n")
	}
	if len(r.Loudest.IDs) > 0 {
		t.p("\n")
	}
	tt := t.table(">Rank", "Idea", "Status", ">Votes", ">Vote rank", ">A/B/C/–", ">Revenue", ">% revenue", ">CLV")
	n := limited(len(r.Ideas), r.limit)
	for _, i := range r.Ideas[:n] {
		clv := "–"
		if i.CLVAccounts > 0 {
			clv = t.l.Money(i.CLV)
		}
		tt.add(t.l.Count(int64(i.Rank)), nameCell(i.Title), t.l.Value(i.Status), t.l.Count(int64(i.Votes)), t.l.Count(int64(i.VoteRank)),
			fmtInt(i.TierA)+"/"+fmtInt(i.TierB)+"/"+fmtInt(i.TierC)+"/"+fmtInt(i.NoTier), t.l.Money(i.Revenue), t.l.Percent(i.RevenueShare), clv)
	}
	tt.write(t.b)
	t.more(n, len(r.Ideas))
	return t.flush()
}

// WriteCSV writes the ideas: rank,vote_rank,id,space_id,title,status,votes,
// accounts,tier_a,tier_b,tier_c,no_tier,revenue,revenue_share,clv,clv_accounts.
func (r *IdeasReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "rank", "vote_rank", "id", "space_id", "title", "status", "votes", "accounts", "tier_a", "tier_b", "tier_c", "no_tier",
		"revenue", "revenue_share", "clv", "clv_accounts")
	for _, i := range r.Ideas {
		c.row(fmtInt(i.Rank), fmtInt(i.VoteRank), fmtID(i.ID), fmtID(i.SpaceID), i.Title, i.Status, fmtInt(i.Votes), fmtInt(i.Accounts),
			fmtInt(i.TierA), fmtInt(i.TierB), fmtInt(i.TierC), fmtInt(i.NoTier), fmtNum(i.Revenue), fmtNum(i.RevenueShare), fmtNum(i.CLV), fmtInt(i.CLVAccounts))
	}
	return c.flush()
}
