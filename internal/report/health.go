package report

import (
	"cmp"
	"context"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/health"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// HealthReport scores every customer's health as of AsOf from the
// components below, each scored 0, 5 or 10 (internal/analytics/health),
// weighted by the customer's stage of the funnel, in the bands poor,
// concerning and healthy:
//
//	rhythm      days since the last order against the account's own gap between order days
//	            (for a one-order customer, the median gap of the repeat customers):
//	            at most 1× → 10, at most 2× → 5, else 0
//	trend       orders in the last 365 days against the 365 before: at least as many → 10,
//	            at least half → 5, else 0; unknown without orders before
//	p_alive     the customer model's P(alive): ≥ 0.7 → 10, ≥ 0.3 → 5, else 0; unknown without the model
//	nps         the latest NPS answer of 365 days: a promoter (9–10) → 10, a passive (7–8) → 5,
//	            a detractor → 0; unknown without one
//	complaints  open care items (complaints and questions not yet answered): none → 10, one → 5, more → 0
//	portal      of the account's portal users, the share active in the last 90 days: ≥ 50% → 10,
//	            some → 5, none → 0; unknown without portal users
//	effort      service cost against revenue in the window: ≤ 5% → 10, ≤ 15% → 5, else 0;
//	            unknown without revenue in it
type HealthReport struct {
	AsOf     string                        `json:"as_of"`
	Weights  map[string]map[string]float64 `json:"weights"` // per stage, per component
	Bands    []HealthBand                  `json:"bands"`
	Accounts []HealthAccount               `json:"accounts"` // the least healthy first; unknown health last

	limit int
}

// HealthBand counts the customers in a band and their revenue in the
// window.
type HealthBand struct {
	Band     string  `json:"band"`
	Accounts int     `json:"accounts"`
	Revenue  float64 `json:"revenue"`
}

// HealthAccount is one customer's health.
type HealthAccount struct {
	ID         int64             `json:"id"`
	Name       string            `json:"name"`
	Stage      string            `json:"stage"`
	Health     *float64          `json:"health"` // null when no component is known
	Band       string            `json:"band"`   // "" when the health is unknown
	Revenue    float64           `json:"revenue"`
	Components []HealthComponent `json:"components"`
}

// HealthComponent is one component of an account's health.
type HealthComponent struct {
	Name   string  `json:"name"`
	Known  bool    `json:"known"`
	Score  float64 `json:"score"`
	Weight float64 `json:"weight"`
}

// healthComponents are the components, in the order shown.
var healthComponents = []string{"rhythm", "trend", "p_alive", "nps", "complaints", "portal", "effort"}

// Health scores the customers as of AsOf.
func Health(ctx context.Context, st *store.Store, p Params) (*HealthReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	fi, err := loadFunnelInputs(ctx, st, s.asOf)
	if err != nil {
		return nil, err
	}
	model, _, err := modelAt(ctx, st, s, s.asOf)
	if err != nil {
		return nil, err
	}
	care, err := st.CareItems(ctx, s.asOf.AddDate(-1, 0, 0), s.asOf.AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	engagement, err := st.PortalEngagement(ctx, s.asOf.AddDate(0, 0, -90))
	if err != nil {
		return nil, err
	}
	cost, err := CostToServe(ctx, st, Params{AsOf: s.asOf, Since: s.since, Until: s.until, Thresholds: p.Thresholds, Base: p.Base})
	if err != nil {
		return nil, err
	}
	set, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	in := HealthInput{AsOf: s.asOf, Weights: &set.HealthWeights, Histories: fi.hist, Log: fi.log, Referrals: fi.refs, Acts: fi.acts, NPS: fi.nps, OpenCare: map[int64]int{}, PAlive: map[int64]float64{},
		PortalUsers: map[int64][2]int{}, Revenue: map[int64]float64{}, ServiceCost: map[int64]float64{}}
	if model != nil {
		for id, sc := range model.scores {
			in.PAlive[id] = sc.PAlive
		}
	}
	for _, c := range care {
		if c.Care == crm.CareOpen && c.ResolvedAt.IsZero() {
			in.OpenCare[c.AccountID]++
		}
	}
	for _, e := range engagement {
		in.PortalUsers[e.AccountID] = [2]int{e.Users, e.Active}
	}
	for _, a := range cost.Accounts {
		in.Revenue[a.ID], in.ServiceCost[a.ID] = a.Revenue, a.ServiceCost
	}
	r := ScoreHealth(in)
	r.limit = s.limit
	return r, nil
}

// HealthInput is what ScoreHealth reads: the customers' histories and
// orders up to AsOf, who referred whom, open care items, the model's
// P(alive), portal users and the active ones among them, and the
// window's revenue and service cost, each by account.
type HealthInput struct {
	AsOf        time.Time
	Histories   []store.CustomerHistory
	Log         []store.OrderLogEntry
	Referrals   []store.Referral
	Acts        []crm.AdvocacyAct // verified acts and promoter answers of the year
	NPS         map[int64]int     // the latest NPS answer of 365 days
	OpenCare    map[int64]int
	PAlive      map[int64]float64
	PortalUsers map[int64][2]int // users, active
	Revenue     map[int64]float64
	ServiceCost map[int64]float64
	// Weights per stage (nil: crm.DefaultHealthWeights).
	Weights *crm.HealthWeights
}

// ScoreHealth scores each customer of in (see HealthReport).
func ScoreHealth(in HealthInput) *HealthReport {
	weights := crm.DefaultHealthWeights()
	if in.Weights != nil {
		weights = *in.Weights
	}
	healthWeights := weights.Map()
	r := &HealthReport{AsOf: day(in.AsOf), Weights: healthWeights, Accounts: []HealthAccount{}, limit: DefaultLimit}
	stages := accountStages(in.Histories, in.Log, in.Referrals, in.Acts, in.AsOf)
	// The median gap between order days of the repeat customers: the
	// rhythm of a customer who has ordered once.
	var gaps []float64
	for _, h := range in.Histories {
		if h.OrderDays >= 2 {
			gaps = append(gaps, float64(daysBetween(h.FirstOrder, h.LastOrder))/float64(h.OrderDays-1))
		}
	}
	slices.Sort(gaps)
	median := 365.0
	if n := len(gaps); n > 0 {
		median = gaps[n/2]
		if n%2 == 0 {
			median = (gaps[n/2-1] + gaps[n/2]) / 2
		}
	}
	recent, earlier := map[int64]int{}, map[int64]int{}
	for _, o := range in.Log {
		if o.Amount <= 0 {
			continue
		}
		switch age := daysBetween(o.Day, in.AsOf); {
		case age < 365:
			recent[o.AccountID]++
		case age < 730:
			earlier[o.AccountID]++
		}
	}
	bands := map[string]*HealthBand{}
	for _, b := range []string{health.Poor, health.Concerning, health.Healthy} {
		r.Bands = append(r.Bands, HealthBand{Band: b})
	}
	for i := range r.Bands {
		bands[r.Bands[i].Band] = &r.Bands[i]
	}
	for _, h := range in.Histories {
		if h.Orders == 0 {
			continue
		}
		stage := stages[h.ID]
		w := healthWeights[stage]
		gap := median
		if h.OrderDays >= 2 {
			gap = float64(daysBetween(h.FirstOrder, h.LastOrder)) / float64(h.OrderDays-1)
		}
		known := map[string]bool{"rhythm": true, "complaints": true}
		score := map[string]float64{
			"rhythm":     health.Step(float64(daysBetween(h.LastOrder, in.AsOf))/math.Max(gap, 1), 1, 2),
			"complaints": health.Step(float64(in.OpenCare[h.ID]), 0, 1),
		}
		if earlier[h.ID] > 0 {
			known["trend"], score["trend"] = true, health.Step(float64(recent[h.ID])/float64(earlier[h.ID]), 1, 0.5)
		}
		if n, ok := in.NPS[h.ID]; ok {
			known["nps"], score["nps"] = true, health.Step(float64(n), 9, 7)
		}
		if p, ok := in.PAlive[h.ID]; ok {
			known["p_alive"], score["p_alive"] = true, health.Step(p, 0.7, 0.3)
		}
		if u := in.PortalUsers[h.ID]; u[0] > 0 {
			known["portal"], score["portal"] = true, health.Step(float64(u[1])/float64(u[0]), 0.5, math.SmallestNonzeroFloat64)
		}
		if rev := in.Revenue[h.ID]; rev > 0 {
			known["effort"], score["effort"] = true, health.Step(in.ServiceCost[h.ID]/rev, 0.05, 0.15)
		}
		a := HealthAccount{ID: h.ID, Name: h.Name, Stage: stage, Revenue: in.Revenue[h.ID], Components: []HealthComponent{}}
		var cs []health.Component
		for _, name := range healthComponents {
			c := health.Component{Name: name, Score: score[name], Known: known[name], Weight: w[name]}
			cs = append(cs, c)
			a.Components = append(a.Components, HealthComponent{Name: name, Known: c.Known, Score: c.Score, Weight: c.Weight})
		}
		if v, ok := health.Score(cs); ok {
			a.Health, a.Band = &v, health.BandOf(v)
			b := bands[a.Band]
			b.Accounts++
			b.Revenue += a.Revenue
		}
		r.Accounts = append(r.Accounts, a)
	}
	slices.SortFunc(r.Accounts, func(a, b HealthAccount) int {
		switch {
		case a.Health == nil && b.Health == nil:
			return cmp.Compare(a.ID, b.ID)
		case a.Health == nil:
			return 1
		case b.Health == nil:
			return -1
		}
		return cmp.Or(cmp.Compare(*a.Health, *b.Health), cmp.Compare(b.Revenue, a.Revenue), cmp.Compare(a.ID, b.ID))
	})
	return r
}

// Account returns the health of account id, if it is a customer.
func (r *HealthReport) Account(id int64) (HealthAccount, bool) {
	if r != nil {
		for _, a := range r.Accounts {
			if a.ID == id {
				return a, true
			}
		}
	}
	return HealthAccount{}, false
}

// WriteText writes the bands and the least healthy customers.
func (r *HealthReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Customer health as of %s\n\n", r.AsOf)
	bt := t.table("Band", ">Accounts", ">Revenue")
	for _, b := range r.Bands {
		bt.add(t.l.Value(b.Band), t.l.Count(int64(b.Accounts)), t.l.Money(b.Revenue))
	}
	bt.write(t.b)
	if len(r.Accounts) == 0 {
		return t.flush()
	}
	t.p("\n")
	cols := []string{">ID", "Account", "Stage", ">Health", "Band"}
	for _, c := range healthComponents {
		cols = append(cols, ">"+c)
	}
	at := t.table(cols...)
	n := limited(len(r.Accounts), r.limit)
	for _, a := range r.Accounts[:n] {
		h := "–"
		if a.Health != nil {
			h = t.l.Num(strconv.FormatFloat(*a.Health, 'f', 1, 64))
		}
		row := []string{fmtID(a.ID), nameCell(a.Name), t.l.Value(a.Stage), h, t.l.Value(a.Band)}
		for _, c := range a.Components {
			v := "–"
			if c.Known {
				v = t.l.Num(strconv.FormatFloat(c.Score, 'f', 1, 64))
			}
			row = append(row, v)
		}
		at.add(row...)
	}
	at.write(t.b)
	t.more(n, len(r.Accounts))
	return t.flush()
}

// WriteCSV writes every customer: id,name,stage,health,band and a column
// per component (empty when unknown).
func (r *HealthReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, append([]string{"id", "name", "stage", "health", "band"}, healthComponents...)...)
	for _, a := range r.Accounts {
		h := ""
		if a.Health != nil {
			h = fmtNum(*a.Health)
		}
		row := []string{fmtID(a.ID), a.Name, a.Stage, h, a.Band}
		for _, comp := range a.Components {
			v := ""
			if comp.Known {
				v = fmtNum(comp.Score)
			}
			row = append(row, v)
		}
		c.row(row...)
	}
	return c.flush()
}
