package report

import (
	"cmp"
	"context"
	"io"
	"math"
	"slices"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// FunnelReport is the funnel after the sale, as of AsOf: how many
// accounts reached each stage — customer (a positive order), repeat (on a
// second day), loyal (a repeat customer that ordered in each of the last
// four quarters, or whose revenue of the last twelve months grew over the
// twelve before), advocate (it brought at least one account that
// ordered, or has a verified advocacy act of the last 365 days) — with
// their lifetime revenue and the conversion from the stage before; and
// the referrals behind the advocates.
type FunnelReport struct {
	AsOf      string           `json:"as_of"`
	Stages    []FunnelStage    `json:"stages"`
	Referrals FunnelReferrals  `json:"referrals"`
	Advocates []FunnelAdvocate `json:"advocates"` // by revenue brought, then accounts brought, then id
	// Cohorts are the customers by the year of their first order, and
	// how many of each reached each stage.
	Cohorts []FunnelCohort `json:"cohorts"`
	// MedianDays is the median number of days from the first order to
	// the second order day (repeat) and to the first order of an account
	// the customer referred (advocate); null when nobody got there.
	MedianDays map[string]*float64 `json:"median_days"`
	// Moved are the accounts that became repeat customers or advocates in
	// the 91 days up to as_of, the latest first.
	Moved []FunnelMove `json:"moved"`

	limit int
}

// FunnelCohort is the customers whose first order fell in one year.
type FunnelCohort struct {
	Cohort    string         `json:"cohort"` // the year
	Customers int            `json:"customers"`
	Reached   map[string]int `json:"reached"` // per stage after customer
}

// FunnelMove is an account that reached a stage, when and why.
type FunnelMove struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Stage  string `json:"stage"`
	On     string `json:"on"`
	Reason string `json:"reason"`
}

// FunnelStage is one stage: the accounts that reached it (a repeat
// customer counts as a customer too) and their lifetime net revenue.
type FunnelStage struct {
	Stage    string  `json:"stage"`
	Accounts int     `json:"accounts"`
	Revenue  float64 `json:"revenue"`
	// Conversion is Accounts over the stage before's; the first stage's
	// is 1.
	Conversion float64 `json:"conversion"`
}

// FunnelReferrals are the accounts that name who referred them.
type FunnelReferrals struct {
	Referred        int     `json:"referred"`
	BecameCustomers int     `json:"became_customers"` // with a positive order up to as_of
	Revenue         float64 `json:"revenue"`          // their lifetime net revenue
}

// FunnelAdvocate is an account that brought customers.
type FunnelAdvocate struct {
	ID       int64   `json:"id"`
	Name     string  `json:"name"`
	Brought  int     `json:"brought"` // referred accounts that ordered
	Revenue  float64 `json:"revenue"` // theirs, lifetime
	Customer bool    `json:"customer"`
	// Referred are the accounts it brought that ordered, by id: the
	// referral tree, an advocate's referred accounts being advocates in
	// turn when they brought others.
	Referred []FunnelReferred `json:"referred"`
}

// FunnelReferred is an account an advocate brought.
type FunnelReferred struct {
	ID      int64   `json:"id"`
	Name    string  `json:"name"`
	Revenue float64 `json:"revenue"`
}

// The stages of the funnel, in order.
var funnelStages = []string{"customer", "repeat", "loyal", "advocate"}

// Funnel builds the funnel as of AsOf. Since and Until are not used.
func Funnel(ctx context.Context, st *store.Store, p Params) (*FunnelReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	in, err := loadFunnelInputs(ctx, st, s.asOf)
	if err != nil {
		return nil, err
	}
	r := StageAccounts(in.hist, in.log, in.refs, in.acts, s.asOf)
	r.limit = s.limit
	return r, nil
}

// funnelInputs is what the funnel and health read of the store as of a
// day: the customers' histories and orders, who referred whom, and the
// advocacy of the year — verified acts and, as promoter acts, the latest
// NPS answers of 9–10 (nps holds every account's latest answer).
type funnelInputs struct {
	hist []store.CustomerHistory
	log  []store.OrderLogEntry
	refs []store.Referral
	acts []crm.AdvocacyAct
	nps  map[int64]int
}

// loadFunnelInputs reads the funnel's inputs as of asOf.
func loadFunnelInputs(ctx context.Context, st *store.Store, asOf time.Time) (in funnelInputs, err error) {
	if in.hist, err = st.CustomerHistories(ctx, asOf); err != nil {
		return in, err
	}
	if in.log, err = st.OrderLog(ctx, asOf); err != nil {
		return in, err
	}
	if in.refs, err = st.Referrals(ctx); err != nil {
		return in, err
	}
	if in.acts, err = st.AdvocacyActs(ctx, 0, asOf.AddDate(-1, 0, 0)); err != nil {
		return in, err
	}
	if in.nps, err = latestNPS(ctx, st, asOf); err != nil {
		return in, err
	}
	in.acts = promoterActs(in.acts, in.nps, asOf)
	return in, nil
}

// funnelState is what decides who reached which stage.
type funnelState struct {
	byID            map[int64]store.CustomerHistory
	quarters        map[int64]*[4]bool
	recent, earlier map[int64]float64
	brought         map[int64]*FunnelAdvocate
	refs            FunnelReferrals
	acted           map[int64]bool // a verified advocacy act in the 365 days up to as of
}

// newFunnelState reads the accounts' histories, orders and referrals as
// of asOf.
func newFunnelState(hist []store.CustomerHistory, log []store.OrderLogEntry, refs []store.Referral, acts []crm.AdvocacyAct, asOf time.Time) *funnelState {
	f := &funnelState{byID: map[int64]store.CustomerHistory{}, quarters: map[int64]*[4]bool{}, recent: map[int64]float64{},
		earlier: map[int64]float64{}, brought: map[int64]*FunnelAdvocate{}, acted: map[int64]bool{}}
	for _, a := range acts {
		if a.Verified() && !a.On.After(asOf) && daysBetween(a.On, asOf) < 365 {
			f.acted[a.AccountID] = true
		}
	}
	for _, h := range hist {
		f.byID[h.ID] = h
	}
	// Loyal: orders in each of the last four quarters (91 days each,
	// ending on asOf), or revenue of the last 12 months above the 12
	// before, which was positive.
	for _, o := range log {
		age := daysBetween(o.Day, asOf)
		if o.Amount > 0 && age < 4*91 {
			q := f.quarters[o.AccountID]
			if q == nil {
				q = new([4]bool)
				f.quarters[o.AccountID] = q
			}
			q[age/91] = true
		}
		switch {
		case age < 365:
			f.recent[o.AccountID] += o.Amount.Float()
		case age < 730:
			f.earlier[o.AccountID] += o.Amount.Float()
		}
	}
	for _, ref := range refs {
		f.refs.Referred++
		h, ok := f.byID[ref.AccountID]
		if !ok || h.Orders == 0 {
			continue
		}
		f.refs.BecameCustomers++
		f.refs.Revenue += h.Revenue.Float()
		a := f.brought[ref.ReferredBy]
		if a == nil {
			a = &FunnelAdvocate{ID: ref.ReferredBy}
			f.brought[ref.ReferredBy] = a
		}
		a.Brought++
		a.Revenue += h.Revenue.Float()
		a.Referred = append(a.Referred, FunnelReferred{ID: h.ID, Name: h.Name, Revenue: h.Revenue.Float()})
	}
	return f
}

// reached says whether account id reached stage.
func (f *funnelState) reached(stage string, id int64) bool {
	h, ok := f.byID[id]
	customer := ok && h.Orders > 0
	switch stage {
	case "customer":
		return customer
	case "repeat":
		return customer && h.OrderDays >= 2
	case "loyal":
		q := f.quarters[id]
		every := q != nil && q[0] && q[1] && q[2] && q[3]
		return customer && h.OrderDays >= 2 && (every || f.earlier[id] > 0 && f.recent[id] > f.earlier[id])
	}
	return f.brought[id] != nil || f.acted[id] // advocate
}

// accountStages is the furthest stage each customer reached, as of asOf.
func accountStages(hist []store.CustomerHistory, log []store.OrderLogEntry, refs []store.Referral, acts []crm.AdvocacyAct, asOf time.Time) map[int64]string {
	f := newFunnelState(hist, log, refs, acts, asOf)
	out := map[int64]string{}
	for id := range f.byID {
		for _, stage := range funnelStages {
			if f.reached(stage, id) {
				out[id] = stage
			}
		}
	}
	return out
}

// StageAccounts works the funnel out of the accounts' histories, their
// orders, who referred whom and the advocacy acts, as of asOf.
func StageAccounts(hist []store.CustomerHistory, log []store.OrderLogEntry, refs []store.Referral, acts []crm.AdvocacyAct, asOf time.Time) *FunnelReport {
	f := newFunnelState(hist, log, refs, acts, asOf)
	r := &FunnelReport{AsOf: day(asOf), Advocates: []FunnelAdvocate{}, Referrals: f.refs}
	ids := make([]int64, 0, len(f.byID)+len(f.brought))
	for id := range f.byID {
		ids = append(ids, id)
	}
	for id := range f.brought {
		if _, ok := f.byID[id]; !ok {
			ids = append(ids, id)
		}
	}
	for id := range f.acted {
		if _, ok := f.byID[id]; !ok && f.brought[id] == nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids) // sums in one order: the same bytes every time
	for i, stage := range funnelStages {
		fs := FunnelStage{Stage: stage}
		var cents int64
		for _, id := range ids {
			if f.reached(stage, id) {
				fs.Accounts++
				cents += f.byID[id].Revenue.Cents()
			}
		}
		fs.Revenue = crm.Money(cents).Float()
		fs.Conversion = 1
		if i > 0 {
			fs.Conversion = share(float64(fs.Accounts), float64(r.Stages[i-1].Accounts))
		}
		r.Stages = append(r.Stages, fs)
	}
	for id, a := range f.brought {
		h, ok := f.byID[id]
		a.Name, a.Customer = h.Name, ok && h.Orders > 0
		r.Advocates = append(r.Advocates, *a)
	}
	slices.SortFunc(r.Advocates, func(a, b FunnelAdvocate) int {
		return cmp.Or(cmp.Compare(b.Revenue, a.Revenue), cmp.Compare(b.Brought, a.Brought), cmp.Compare(a.ID, b.ID))
	})
	f.dated(r, log, refs, asOf)
	return r
}

// dated adds to r when accounts reached the dated stages: repeat on their
// second order day, advocate on the first order of an account they
// referred; by cohort, the median time, and who moved lately.
func (f *funnelState) dated(r *FunnelReport, log []store.OrderLogEntry, refs []store.Referral, asOf time.Time) {
	second := map[int64]time.Time{}
	days := map[int64]int{}
	var last time.Time
	var lastID int64
	for _, o := range log { // by account and day
		if o.Amount <= 0 {
			continue
		}
		if o.AccountID != lastID || !o.Day.Equal(last) {
			days[o.AccountID]++
			if days[o.AccountID] == 2 {
				second[o.AccountID] = o.Day
			}
		}
		last, lastID = o.Day, o.AccountID
	}
	advocate := map[int64]time.Time{}
	for _, ref := range refs {
		h, ok := f.byID[ref.AccountID]
		if !ok || h.Orders == 0 {
			continue
		}
		if t, ok := advocate[ref.ReferredBy]; !ok || h.FirstOrder.Before(t) {
			advocate[ref.ReferredBy] = h.FirstOrder
		}
	}
	r.MedianDays = map[string]*float64{"repeat": nil, "advocate": nil}
	cohorts := map[string]*FunnelCohort{}
	var toRepeat, toAdvocate []float64
	ids := make([]int64, 0, len(f.byID))
	for id := range f.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	since := asOf.AddDate(0, 0, -91)
	for _, id := range ids {
		h := f.byID[id]
		if h.Orders == 0 {
			continue
		}
		y := h.FirstOrder.Format("2006")
		c := cohorts[y]
		if c == nil {
			c = &FunnelCohort{Cohort: y, Reached: map[string]int{"repeat": 0, "loyal": 0, "advocate": 0}}
			cohorts[y] = c
		}
		c.Customers++
		for _, stage := range funnelStages[1:] {
			if f.reached(stage, id) {
				c.Reached[stage]++
			}
		}
		if t, ok := second[id]; ok {
			toRepeat = append(toRepeat, float64(daysBetween(h.FirstOrder, t)))
			if t.After(since) {
				r.Moved = append(r.Moved, FunnelMove{ID: id, Name: h.Name, Stage: "repeat", On: day(t), Reason: "a second order on another day"})
			}
		}
		if t, ok := advocate[id]; ok {
			toAdvocate = append(toAdvocate, math.Max(0, float64(daysBetween(h.FirstOrder, t))))
			if t.After(since) {
				r.Moved = append(r.Moved, FunnelMove{ID: id, Name: h.Name, Stage: "advocate", On: day(t), Reason: "an account it referred ordered"})
			}
		}
	}
	for _, c := range cohorts {
		r.Cohorts = append(r.Cohorts, *c)
	}
	slices.SortFunc(r.Cohorts, func(a, b FunnelCohort) int { return cmp.Compare(a.Cohort, b.Cohort) })
	r.MedianDays["repeat"], r.MedianDays["advocate"] = median(toRepeat), median(toAdvocate)
	slices.SortFunc(r.Moved, func(a, b FunnelMove) int {
		return cmp.Or(cmp.Compare(b.On, a.On), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Stage, b.Stage))
	})
	if r.Moved == nil {
		r.Moved = []FunnelMove{}
	}
	if r.Cohorts == nil {
		r.Cohorts = []FunnelCohort{}
	}
}

// promoterActs adds to acts a verified promoter act for each account
// whose latest NPS answer of the year (nps) is a promoter's (9–10): a
// promoter answer makes an advocate.
func promoterActs(acts []crm.AdvocacyAct, nps map[int64]int, asOf time.Time) []crm.AdvocacyAct {
	out := slices.Clone(acts)
	for id, n := range nps {
		if n >= 9 {
			out = append(out, crm.AdvocacyAct{AccountID: id, Kind: "promoter", On: asOf, VerifiedBy: "survey"})
		}
	}
	return out
}

// median is the median of xs; nil for none.
func median(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	slices.Sort(xs)
	m := xs[len(xs)/2]
	if len(xs)%2 == 0 {
		m = (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
	}
	return &m
}

// WriteText writes the stages, the referrals and the advocates.
func (r *FunnelReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("The funnel after the sale, as of %s\n\n", r.AsOf)
	tt := t.table("Stage", ">Accounts", ">Revenue", ">From the stage before")
	for _, s := range r.Stages {
		tt.add(t.l.Value(s.Stage), t.l.Count(int64(s.Accounts)), t.l.Money(s.Revenue), t.l.Percent(s.Conversion))
	}
	tt.write(t.b)
	t.p("\nReferred accounts: %s, of them customers: %s, with revenue %s\n", t.l.Count(int64(r.Referrals.Referred)),
		t.l.Count(int64(r.Referrals.BecameCustomers)), t.l.Money(r.Referrals.Revenue))
	if m := r.MedianDays["repeat"]; m != nil {
		t.p("Median days from the first order to the second: %s\n", t.l.Num(fmtNum(*m)))
	}
	if len(r.Cohorts) > 0 {
		t.p("\n")
		ct := t.table("Cohort", ">Customers", ">Repeat", ">Loyal", ">Advocate")
		for _, c := range r.Cohorts {
			ct.add(c.Cohort, t.l.Count(int64(c.Customers)), t.l.Count(int64(c.Reached["repeat"])), t.l.Count(int64(c.Reached["loyal"])), t.l.Count(int64(c.Reached["advocate"])))
		}
		ct.write(t.b)
	}
	if len(r.Advocates) == 0 {
		return t.flush()
	}
	t.p("\n")
	at := t.table(">ID", "Advocate", ">Customers brought", ">Their revenue")
	n := limited(len(r.Advocates), r.limit)
	for _, a := range r.Advocates[:n] {
		at.add(fmtID(a.ID), nameCell(a.Name), t.l.Count(int64(a.Brought)), t.l.Money(a.Revenue))
	}
	at.write(t.b)
	t.more(n, len(r.Advocates))
	return t.flush()
}

// WriteCSV writes the stages: stage,accounts,revenue,conversion.
func (r *FunnelReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "stage", "accounts", "revenue", "conversion")
	for _, s := range r.Stages {
		c.row(s.Stage, fmtInt(s.Accounts), fmtNum(s.Revenue), fmtNum(s.Conversion))
	}
	return c.flush()
}
