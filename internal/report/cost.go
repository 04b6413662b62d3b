package report

import (
	"context"
	"io"
	"math"
	"slices"

	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// NoTier is the tier of accounts without positive revenue in the window:
// they cost service effort (or brought only credits) but are not customers
// of the window, so the pareto tiers do not hold them.
const NoTier = "none"

// maxWhalePoints bounds the whale curve in JSON.
const maxWhalePoints = 200

// CostReport is the cost-to-serve side of 80/20: per account what it brought
// and what it cost in the window, per tier the share of revenue against the
// share of service effort and profit, and the whale curve.
//
// For every account: profit = revenue − cogs − service_cost − order_cost,
// where cogs counts only order lines whose product has a known unit cost
// (CostKnownShare says how much of the revenue that covers; revenue without
// a known cost counts as margin), service_cost = effort_hours ×
// settings.cost_per_service_hour and order_cost = orders (invoices and
// credits in the window) × settings.cost_per_order.
type CostReport struct {
	AsOf     string       `json:"as_of"`
	Since    string       `json:"since"`
	Until    string       `json:"until"`
	Settings crm.Settings `json:"settings"`
	// Revenue is the window revenue of the accounts with revenue > 0, the
	// pareto report's total: the base of every revenue share here.
	Revenue float64 `json:"revenue"`
	// CostKnownShare is the share of Revenue from order lines whose
	// product has a known unit cost.
	CostKnownShare float64    `json:"cost_known_share"`
	Tiers          []CostTier `json:"tiers"`
	Whale          Whale      `json:"whale"`
	// LossMakers are the ids of the accounts with profit < 0, the accounts
	// after the whale curve's peak, most negative first (ties by rank).
	LossMakers []int64       `json:"loss_makers"`
	Accounts   []AccountCost `json:"accounts"`

	curve pareto.WhaleCurve
	limit int
}

// CostTier sums one tier. The tiers are the pareto tiers (A, B, C by
// default) followed by NoTier, always all of them. Revenue shares are of
// CostReport.Revenue (so A, B, C match the pareto report and NoTier's is
// zero or negative); effort and profit shares are of the totals over all
// accounts. ProfitShare is 0 when the total profit is not positive.
type CostTier struct {
	Tier         string  `json:"tier"`
	Accounts     int     `json:"accounts"`
	Revenue      float64 `json:"revenue"`
	RevenueShare float64 `json:"revenue_share"`
	EffortHours  float64 `json:"effort_hours"`
	EffortShare  float64 `json:"effort_share"`
	COGS         float64 `json:"cogs"`
	ServiceCost  float64 `json:"service_cost"`
	OrderCost    float64 `json:"order_cost"`
	Profit       float64 `json:"profit"`
	ProfitShare  float64 `json:"profit_share"`
}

// Whale is the whale curve (pareto.Whale): cumulative profit over the
// accounts ranked by profit, most profitable first. It peaks after the
// PeakRank accounts that do not lose money (profit >= 0, zero included) at
// PeakProfit, their profit; the accounts after the peak are the
// LossMakers, and Loss is what they lose together, so TotalProfit =
// PeakProfit − Loss. PeakShare is PeakProfit over TotalProfit (0 when the
// total is not positive).
type Whale struct {
	PeakProfit  float64      `json:"peak_profit"`
	PeakRank    int          `json:"peak_rank"`
	TotalProfit float64      `json:"total_profit"`
	PeakShare   float64      `json:"peak_share"`
	Loss        float64      `json:"loss"`
	Points      []WhalePoint `json:"points"` // from rank 0 (profit 0) to the last rank, at most 200, always with the peak
}

// WhalePoint is the cumulative profit of the Rank most profitable
// accounts.
type WhalePoint struct {
	Rank             int     `json:"rank"`
	CumulativeProfit float64 `json:"cumulative_profit"`
}

// AccountCost is one account's cost to serve in the window.
type AccountCost struct {
	ID          int64   `json:"id"`
	Name        string  `json:"name"`
	Tier        string  `json:"tier"`
	Rank        int     `json:"rank"` // by revenue desc, ties by id; accounts without positive revenue last
	Revenue     float64 `json:"revenue"`
	COGS        float64 `json:"cogs"`
	GrossMargin float64 `json:"gross_margin"` // revenue − cogs
	Orders      int     `json:"orders"`
	EffortHours float64 `json:"effort_hours"`
	ServiceCost float64 `json:"service_cost"`
	OrderCost   float64 `json:"order_cost"`
	Profit      float64 `json:"profit"`
}

// CostToServe builds the cost-to-serve report over the window for every
// account with orders or service effort in it, with the cost rates from the
// store's settings.
func CostToServe(ctx context.Context, st *store.Store, p Params) (*CostReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	settings, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := st.CostToServe(ctx, s.since, s.until)
	if err != nil {
		return nil, err
	}
	r := costToServe(rows, settings, s.thresholds)
	r.AsOf, r.Since, r.Until, r.limit = day(s.asOf), day(s.since), day(s.until), s.limit
	return r, nil
}

// costToServe is the arithmetic of the report, on plain rows.
func costToServe(rows []store.AccountCost, settings crm.Settings, thresholds []float64) *CostReport {
	items := make([]pareto.Item, len(rows))
	for i, c := range rows {
		items[i] = pareto.Item{ID: c.ID, Name: c.Name, Revenue: float64(c.Revenue)}
	}
	res := inUnits(pareto.Analyze(items, thresholds))
	tierOf := make(map[int64]string, len(res.Ranked))
	for _, rk := range res.Ranked {
		tierOf[rk.ID] = rk.Tier
	}

	r := &CostReport{Settings: settings, Revenue: res.Revenue}
	accts := make([]AccountCost, len(rows))
	var known float64 // for a share: floating point is enough
	for i, c := range rows {
		a := AccountCost{
			ID: c.ID, Name: c.Name, Tier: NoTier, Revenue: c.Revenue.Float(), COGS: c.COGS, Orders: c.Orders,
			EffortHours: c.EffortMinutes / 60,
		}
		if t, ok := tierOf[c.ID]; ok {
			a.Tier = t
			known += c.LineRevenue.Float()
		}
		a.GrossMargin = a.Revenue - a.COGS
		a.ServiceCost = a.EffortHours * settings.CostPerServiceHour
		a.OrderCost = float64(a.Orders) * settings.CostPerOrder
		a.Profit = a.Revenue - a.COGS - a.ServiceCost - a.OrderCost
		accts[i] = a
	}
	r.CostKnownShare = math.Min(1, share(known, res.Revenue))
	slices.SortFunc(accts, func(a, b AccountCost) int { return byRevenueDesc(a.Revenue, b.Revenue, a.ID, b.ID) })

	// Tiers, in pareto order, then NoTier.
	index := map[string]int{}
	r.Tiers = make([]CostTier, 0, len(res.Tiers)+1)
	for i, t := range res.Tiers {
		index[t.Tier] = i
		r.Tiers = append(r.Tiers, CostTier{Tier: t.Tier})
	}
	index[NoTier] = len(r.Tiers)
	r.Tiers = append(r.Tiers, CostTier{Tier: NoTier})
	var totalHours float64
	profits := make([]float64, len(accts))
	for i := range accts {
		a := &accts[i]
		a.Rank = i + 1
		profits[i] = a.Profit
		t := &r.Tiers[index[a.Tier]]
		t.Accounts++
		t.Revenue += a.Revenue
		t.EffortHours += a.EffortHours
		t.COGS += a.COGS
		t.ServiceCost += a.ServiceCost
		t.OrderCost += a.OrderCost
		t.Profit += a.Profit
		totalHours += a.EffortHours
	}
	w := pareto.Whale(profits)
	for i := range r.Tiers {
		t := &r.Tiers[i]
		t.RevenueShare = share(t.Revenue, res.Revenue)
		t.EffortShare = share(t.EffortHours, totalHours)
		if w.Total > 0 {
			t.ProfitShare = t.Profit / w.Total
		}
	}

	r.curve = w
	r.Whale = Whale{PeakProfit: w.PeakProfit, PeakRank: w.Peak, TotalProfit: w.Total, Loss: w.Loss,
		Points: whalePoints(w.Cumulative, w.Peak, maxWhalePoints)}
	if w.Total > 0 {
		r.Whale.PeakShare = w.PeakProfit / w.Total
	}
	r.LossMakers = make([]int64, len(w.Losers))
	for i, k := range w.Losers {
		r.LossMakers[i] = accts[k].ID
	}
	r.Accounts = accts
	return r
}

// Curve is the whale curve the report's figures come from, whole (the
// JSON's Points are a sample of it).
func (r *CostReport) Curve() pareto.WhaleCurve { return r.curve }

// whalePoints downsamples the curve (cumulative profit of ranks 0..N) to
// at most n points spread evenly over the ranks, keeping both ends and the
// peak.
func whalePoints(cum []float64, peak, n int) []WhalePoint {
	N := len(cum) - 1
	at := func(k int) WhalePoint { return WhalePoint{Rank: k, CumulativeProfit: cum[k]} }
	if N+1 <= n {
		pts := make([]WhalePoint, N+1)
		for k := range pts {
			pts[k] = at(k)
		}
		return pts
	}
	ranks := make([]int, 0, n)
	for j := range n - 1 {
		ranks = append(ranks, int(math.Round(float64(j)*float64(N)/float64(n-2))))
	}
	ranks = append(ranks, peak)
	slices.Sort(ranks)
	ranks = slices.Compact(ranks)
	pts := make([]WhalePoint, len(ranks))
	for i, k := range ranks {
		pts[i] = at(k)
	}
	return pts
}

// lossMakers returns the accounts listed in LossMakers, in that order.
func (r *CostReport) lossMakers() []AccountCost {
	byID := make(map[int64]*AccountCost, len(r.Accounts))
	for i := range r.Accounts {
		byID[r.Accounts[i].ID] = &r.Accounts[i]
	}
	out := make([]AccountCost, 0, len(r.LossMakers))
	for _, id := range r.LossMakers {
		if a, ok := byID[id]; ok {
			out = append(out, *a)
		}
	}
	return out
}

// WriteText writes the per-tier table (revenue against effort and profit),
// the whale summary, the loss-makers and the top accounts.
func (r *CostReport) WriteText(w io.Writer) error {
	t := newText(w)
	cur := r.Settings.Currency
	t.p("Cost to serve  %s .. %s (as of %s)\n", r.Since, r.Until, r.AsOf)
	t.p("Rates: %s %s per service hour, %s %s per order. Product cost known for %s of revenue.\n\n",
		t.l.Money(r.Settings.CostPerServiceHour), cur, t.l.Money(r.Settings.CostPerOrder), cur, t.l.Percent(r.CostKnownShare))
	if len(r.Accounts) == 0 {
		t.p("No orders or service effort in this window.\n")
		return t.flush()
	}

	tt := t.table("Tier", ">Accounts", ">Revenue", ">% revenue", ">Effort h", ">% effort", ">Service cost", ">Profit", ">% profit")
	for _, c := range r.Tiers {
		if c.Tier == NoTier && c.Accounts == 0 {
			continue
		}
		ps := "-"
		if r.Whale.TotalProfit > 0 {
			ps = t.l.Percent(c.ProfitShare)
		}
		tt.add(c.Tier, t.l.Count(int64(c.Accounts)), t.l.Money(c.Revenue), t.l.Percent(c.RevenueShare), t.l.Hours(c.EffortHours),
			t.l.Percent(c.EffortShare), t.l.Money(c.ServiceCost), t.l.Money(c.Profit), ps)
	}
	tt.write(t.b)
	// The seeds' claim, measured: the tail's share of revenue against its
	// share of the service effort.
	if tail := r.Tiers[1 : len(r.Tiers)-1]; len(tail) > 0 {
		var rev, eff float64
		var n int
		for _, c := range tail {
			rev += c.RevenueShare
			eff += c.EffortShare
			n += c.Accounts
		}
		label := t.l.T("Tier %s", tail[0].Tier)
		if len(tail) > 1 {
			label = t.l.T("Tiers %s-%s", tail[0].Tier, tail[len(tail)-1].Tier)
		}
		t.p("\n%s: %s accounts bring %s of revenue and take %s of service effort.\n",
			label, t.l.Count(int64(n)), t.l.Percent(rev), t.l.Percent(eff))
	}
	if tn := r.Tiers[len(r.Tiers)-1]; tn.Accounts > 0 {
		t.p("Tier %s: %s accounts without positive revenue in the window take %s of service effort.\n",
			NoTier, t.l.Count(int64(tn.Accounts)), t.l.Percent(tn.EffortShare))
	}

	wh := r.Whale
	t.p("\nWhale curve: profit peaks at %s %s after the %s accounts that do not lose money", t.l.Money(wh.PeakProfit), cur, t.l.Count(int64(wh.PeakRank)))
	if wh.TotalProfit > 0 {
		t.p(", %s of the total profit of %s %s", t.l.Percent(wh.PeakShare), t.l.Money(wh.TotalProfit), cur)
	} else {
		t.p("; the total is %s %s", t.l.Money(wh.TotalProfit), cur)
	}
	t.p(".\n")
	if n := len(r.LossMakers); n > 0 {
		t.p("The other %s accounts lose %s %s.\n", t.l.Count(int64(n)), t.l.Money(wh.Loss), cur)
	}

	losers := r.lossMakers()
	if len(losers) > 0 {
		t.p("\nAccounts that lose money (%s)\n", t.l.Count(int64(len(losers))))
		n := limited(len(losers), r.limit)
		r.accountTable(t, losers[:n]).write(t.b)
		t.more(n, len(losers))
	} else {
		t.p("\nNo account loses money.\n")
	}

	t.p("\nTop accounts by revenue\n")
	n := limited(len(r.Accounts), r.limit)
	r.accountTable(t, r.Accounts[:n]).write(t.b)
	t.more(n, len(r.Accounts))
	return t.flush()
}

func (r *CostReport) accountTable(t *textWriter, accts []AccountCost) *table {
	tt := t.table(">Rank", "Account", "Tier", ">Revenue", ">COGS", ">Effort h", ">Service cost", ">Order cost", ">Profit")
	for _, a := range accts {
		tt.add(t.l.Count(int64(a.Rank)), nameCell(a.Name), a.Tier, t.l.Money(a.Revenue), t.l.Money(a.COGS), t.l.Hours(a.EffortHours),
			t.l.Money(a.ServiceCost), t.l.Money(a.OrderCost), t.l.Money(a.Profit))
	}
	return tt
}

// WriteCSV writes the accounts with the JSON's columns.
func (r *CostReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "id", "name", "tier", "rank", "revenue", "cogs", "gross_margin", "orders", "effort_hours",
		"service_cost", "order_cost", "profit")
	for _, a := range r.Accounts {
		c.row(fmtID(a.ID), a.Name, a.Tier, fmtInt(a.Rank), fmtNum(a.Revenue), fmtNum(a.COGS), fmtNum(a.GrossMargin),
			fmtInt(a.Orders), fmtNum(a.EffortHours), fmtNum(a.ServiceCost), fmtNum(a.OrderCost), fmtNum(a.Profit))
	}
	return c.flush()
}
