package report

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/attribution"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The value bases of the attribution report: what a new customer is worth.
const (
	ValueFirstOrder = "first-order" // the invoices of the customer's first order day
	ValueFirstYear  = "first-year"  // the orders of the year from the first order day
	ValueCLV        = "clv"         // the customer model's lifetime value
)

// AttributionReport is `vitalfew report attribution`: what each marketing
// activity brought in new customers' value under one model, against what
// it cost, and the share of the window's new customers that marketing
// brought (MOC%). New customers are the accounts whose first order lies in
// the window (every account when no window is given); a customer is
// marketing-originated when their first touch on or before that day is a
// marketing activity, non-marketing when it is another activity, unknown
// without one. Only marketing-originated customers' value is credited,
// to the marketing touches of their path; the credits sum to it exactly.
// Money is in units of the currency; *_pct are percentages (40 is 40%).
type AttributionReport struct {
	Model        string                `json:"model"`
	Value        string                `json:"value"`
	Since        string                `json:"since,omitempty"`
	Until        string                `json:"until,omitempty"`
	Activities   []AttributionActivity `json:"activities"`
	CustomersNew int                   `json:"customers_new"`
	// NeedsTracking: more than NeedsTrackingPct of the new customers have
	// no known origin — track before judging the activities.
	NeedsTracking      bool    `json:"needs_tracking"`
	CustomersMarketing int     `json:"customers_marketing"`
	CustomersOther     int     `json:"customers_non_marketing"`
	CustomersUnknown   int     `json:"customers_unknown"`
	MOCPct             float64 `json:"moc_pct"`
	NonMarketingPct    float64 `json:"non_marketing_pct"`
	UnknownPct         float64 `json:"unknown_pct"`
	// SelfReported counts the new customers with both a self-reported
	// (pos) and a tracked touch (forward, reverse) on their path;
	// AgreementPct is the share of them whose first self-reported activity
	// is their first tracked one (null without any).
	SelfReported int       `json:"self_reported"`
	AgreementPct *float64  `json:"agreement_pct"`
	Credit       crm.Money `json:"credit"` // the sum of the credits: the marketing-originated customers' value
	Cost         crm.Money `json:"cost"`
	// Tiers are MOC% and unknown % of the new customers per ABC tier of
	// the default revenue window (as the pages show tiers; "" for a new
	// customer without revenue in it).
	Tiers []AttributionTier `json:"tiers"`
	// Quarters are MOC% and unknown % of the new customers by the
	// quarter of their first order ("2024-Q1"), the earliest first: the
	// trend of the ultimate marketing metric.
	Quarters []AttributionQuarter `json:"quarters"`
	// Unknown is the reverse-tracking worklist: the new customers of
	// unknown origin, the most valuable first (ties by id), to ask or
	// look up where they came from.
	Unknown []AttributionUnknown `json:"unknown"`

	limit int
}

// AttributionTier is the origin of one tier's new customers.
type AttributionTier struct {
	Tier         string  `json:"tier"`
	CustomersNew int     `json:"customers_new"`
	MOCPct       float64 `json:"moc_pct"`
	UnknownPct   float64 `json:"unknown_pct"`
}

// AttributionUnknown is a new customer of unknown origin.
type AttributionUnknown struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	FirstOrder string    `json:"first_order"`
	Value      crm.Money `json:"value"`
}

// AttributionQuarter is the origin of one quarter's new customers.
type AttributionQuarter struct {
	Quarter      string  `json:"quarter"`
	CustomersNew int     `json:"customers_new"`
	MOCPct       float64 `json:"moc_pct"`
	UnknownPct   float64 `json:"unknown_pct"`
}

// AttributionActivity is one marketing activity's line: the customers
// whose value it shares, the value credited to it, its cost (all its cost
// lines), ROI = credit − cost and ROI% = ROI / cost × 100 (null at no
// cost).
type AttributionActivity struct {
	Activity  string    `json:"activity"`
	Kind      string    `json:"kind"`
	Customers int       `json:"customers"`
	Credit    crm.Money `json:"credit"`
	Cost      crm.Money `json:"cost"`
	ROI       crm.Money `json:"roi"`
	ROIPct    *float64  `json:"roi_pct"`
	// Advice is "scale" for the top fifth of the activities by ROI %
	// that made money, "cut" for one that lost money in the window and in
	// the window of the same length before it (only with both --since and
	// --until), else "".
	Advice string `json:"advice"`
	// CustomersA counts the credited customers who are in tier A now: the
	// 80/20 of marketing — which activities brought the customers who
	// carry the business.
	CustomersA int `json:"customers_a"`
}

// NeedsTrackingPct is the share of new customers of unknown origin, in
// percent, above which the report says tracking is needed first.
const NeedsTrackingPct = 30

// The advice on an activity.
const (
	AdviceScale = "scale"
	AdviceCut   = "cut"
)

// Attribution builds the attribution report of p.Model (default
// first-touch) and p.Value (default first-order) over the new customers
// of p.Since..p.Until.
func Attribution(ctx context.Context, st *store.Store, p Params) (*AttributionReport, error) {
	model, err := attribution.ParseModel(cmp.Or(p.Model, string(attribution.FirstTouch)))
	if err != nil {
		return nil, crm.Errorf(crm.EINVALID, "--model: %v", err)
	}
	basis := cmp.Or(p.Value, ValueFirstOrder)
	if !slices.Contains([]string{ValueFirstOrder, ValueFirstYear, ValueCLV}, basis) {
		return nil, crm.Errorf(crm.EINVALID, "--value: unknown %q (want first-order, first-year or clv)", basis)
	}
	since, until := p.Since, p.Until
	if !since.IsZero() && !until.IsZero() && since.After(until) {
		return nil, crm.Errorf(crm.EINVALID, "report: since %s is after until %s", day(since), day(until))
	}
	r := &AttributionReport{Model: string(model), Value: basis, Since: day(since), Until: day(until), Activities: []AttributionActivity{},
		Tiers: []AttributionTier{}, Quarters: []AttributionQuarter{}, Unknown: []AttributionUnknown{}, limit: DefaultLimit}
	switch {
	case p.Limit < 0:
		r.limit = -1
	case p.Limit > 0:
		r.limit = p.Limit
	}
	acts, err := st.Activities(ctx)
	if err != nil {
		return nil, err
	}
	touches, err := st.ActivityTouches(ctx)
	if err != nil {
		return nil, err
	}
	latest, err := st.LatestOrderDate(ctx)
	if crm.ErrorCode(err) == crm.ENOTFOUND {
		latest, err = time.Time{}, nil
	}
	if err != nil {
		return nil, err
	}
	var log []store.OrderLogEntry
	if !latest.IsZero() {
		if log, err = st.OrderLog(ctx, latest); err != nil {
			return nil, err
		}
	}
	var clvOf map[int64]float64
	if basis == ValueCLV && !latest.IsZero() {
		m, note, err := fitCustomerModel(ctx, st, dateOf(latest))
		if err != nil {
			return nil, err
		}
		if m == nil {
			return nil, crm.Errorf(crm.EINVALID, "--value clv: the customer model cannot be fitted to these orders (%s); use first-order or first-year", note)
		}
		clvOf = m.clvByAccount()
	}
	marketing := map[int64]bool{}
	for _, a := range acts {
		marketing[a.ID] = a.Marketing
	}
	touchesOf := map[int64][]attribution.Touch{}
	for _, t := range touches {
		touchesOf[t.AccountID] = append(touchesOf[t.AccountID], attribution.Touch{Activity: t.ActivityID, Marketing: marketing[t.ActivityID], Day: t.Date,
			SelfReported: t.Method == crm.TouchPOS})
	}
	// The new customers of a window and their value, and their credits.
	over := func(since, until time.Time) ([]attribution.Customer, attribution.Result, error) {
		var customers []attribution.Customer
		for i := 0; i < len(log); {
			j := i
			for j < len(log) && log[j].AccountID == log[i].AccountID {
				j++
			}
			orders := log[i:j]
			i = j
			// A customer's first order is their first invoice with a
			// positive amount (credits before it make no customer).
			k := slices.IndexFunc(orders, func(o store.OrderLogEntry) bool { return o.Amount > 0 })
			if k < 0 {
				continue
			}
			orders = orders[k:]
			first := dateOf(orders[0].Day)
			if (!since.IsZero() && first.Before(dateOf(since))) || (!until.IsZero() && first.After(dateOf(until))) {
				continue
			}
			c := attribution.Customer{ID: orders[0].AccountID, Since: first, Touches: touchesOf[orders[0].AccountID]}
			switch basis {
			case ValueFirstOrder, ValueFirstYear:
				end := first.AddDate(0, 0, 1)
				if basis == ValueFirstYear {
					end = first.AddDate(1, 0, 0)
				}
				for _, o := range orders {
					if dateOf(o.Day).Before(end) {
						c.Value += o.Amount.Cents()
					}
				}
			case ValueCLV:
				m, err := crm.MoneyFromFloat(clvOf[c.ID])
				if err != nil {
					return nil, attribution.Result{}, crm.Errorf(crm.EINTERNAL, "clv of account %d: %v", c.ID, err)
				}
				c.Value = m.Cents()
			}
			customers = append(customers, c)
		}
		res, err := attribution.Attribute(model, customers)
		if err != nil {
			return nil, res, crm.Errorf(crm.EINVALID, "%v", err)
		}
		return customers, res, nil
	}
	customers, res, err := over(since, until)
	if err != nil {
		return nil, err
	}
	// The window before, of the same length, for "lost money two periods
	// running": what an activity that had started then brought in it,
	// against its cost.
	lostBefore := map[int64]bool{}
	if !since.IsZero() && !until.IsZero() {
		days := daysBetween(since, until) + 1
		_, prev, err := over(dateOf(since).AddDate(0, 0, -days), dateOf(since).AddDate(0, 0, -1))
		if err != nil {
			return nil, err
		}
		credited := map[int64]int64{}
		for _, c := range prev.Credits {
			credited[c.Activity] = c.Cents
		}
		prevUntil := dateOf(since).AddDate(0, 0, -1)
		for _, a := range acts {
			ran := a.StartsOn.IsZero() || !a.StartsOn.After(prevUntil) // it ran then
			lostBefore[a.ID] = a.Marketing && ran && credited[a.ID] < a.Cost.Cents()
		}
	}
	r.CustomersNew = len(customers)
	for _, o := range res.Origins {
		switch o {
		case attribution.Marketing:
			r.CustomersMarketing++
		case attribution.NonMarketing:
			r.CustomersOther++
		default:
			r.CustomersUnknown++
		}
	}
	if r.CustomersNew > 0 {
		n := float64(r.CustomersNew)
		r.MOCPct = 100 * float64(r.CustomersMarketing) / n
		r.NonMarketingPct = 100 * float64(r.CustomersOther) / n
		r.UnknownPct = 100 * float64(r.CustomersUnknown) / n
	}
	r.Quarters = originsByQuarter(customers, res.Origins)
	if r.Unknown, err = unknownOrigins(ctx, st, customers, res.Origins); err != nil {
		return nil, err
	}
	if r.SelfReported = res.SelfReported; r.SelfReported > 0 {
		pct := 100 * float64(res.Agreeing) / float64(res.SelfReported)
		r.AgreementPct = &pct
	}
	var tierOf map[int64]string
	if r.Tiers, tierOf, err = originsByTier(ctx, st, p, res.Origins); err != nil {
		return nil, err
	}
	r.NeedsTracking = r.CustomersNew > 0 && r.UnknownPct > NeedsTrackingPct
	// The A customers each activity is credited with, under the model.
	aCustomers := map[int64]int{}
	for _, c := range customers {
		if tierOf[c.ID] != "A" || res.Origins[c.ID] != attribution.Marketing {
			continue
		}
		one, err := attribution.Attribute(model, []attribution.Customer{c})
		if err != nil {
			return nil, err
		}
		for _, cr := range one.Credits {
			aCustomers[cr.Activity]++
		}
	}
	credit := map[int64]attribution.Credit{}
	for _, c := range res.Credits {
		credit[c.Activity] = c
	}
	for _, a := range acts {
		if !a.Marketing {
			continue
		}
		c := credit[a.ID]
		line := AttributionActivity{Activity: a.Name, Kind: a.Kind, Customers: c.Customers, Credit: crm.Money(c.Cents), Cost: a.Cost,
			ROI: crm.Money(c.Cents) - a.Cost, CustomersA: aCustomers[a.ID]}
		if a.Cost != 0 {
			pct := 100 * float64(line.ROI) / float64(a.Cost)
			line.ROIPct = &pct
		}
		if line.ROI < 0 && lostBefore[a.ID] {
			line.Advice = AdviceCut
		}
		r.Credit += line.Credit
		r.Cost += line.Cost
		r.Activities = append(r.Activities, line)
	}
	slices.SortStableFunc(r.Activities, func(a, b AttributionActivity) int {
		return cmp.Or(cmp.Compare(b.Credit, a.Credit), cmp.Compare(strings.ToLower(a.Activity), strings.ToLower(b.Activity)))
	})
	// Do more of what works: the top fifth by ROI % (of those with a
	// cost), when it made money.
	var ranked []int
	for i, a := range r.Activities {
		if a.ROIPct != nil {
			ranked = append(ranked, i)
		}
	}
	slices.SortStableFunc(ranked, func(x, y int) int { return cmp.Compare(*r.Activities[y].ROIPct, *r.Activities[x].ROIPct) })
	for _, i := range ranked[:(len(ranked)+4)/5] {
		if r.Activities[i].ROI > 0 {
			r.Activities[i].Advice = AdviceScale
		}
	}
	return r, nil
}

// originsByTier groups the origins of the new customers by their ABC tier
// of the default revenue window (p's thresholds), A first.
func originsByTier(ctx context.Context, st *store.Store, p Params, origins map[int64]attribution.Origin) ([]AttributionTier, map[int64]string, error) {
	out := []AttributionTier{}
	if len(origins) == 0 {
		return out, nil, nil
	}
	s, err := settle(ctx, st, Params{Thresholds: p.Thresholds, Base: p.Base})
	if err != nil {
		return nil, nil, err
	}
	tiers, err := tiersOver(ctx, st, s)
	if err != nil {
		return nil, nil, err
	}
	tierOf := make(map[int64]string, len(tiers.Ranked))
	for _, rk := range tiers.Ranked {
		tierOf[rk.ID] = rk.Tier
	}
	type count struct{ n, moc, unknown int }
	counts := map[string]*count{}
	for id, o := range origins {
		t := tierOf[id]
		c := counts[t]
		if c == nil {
			c = &count{}
			counts[t] = c
		}
		c.n++
		switch o {
		case attribution.Marketing:
			c.moc++
		case attribution.Unknown:
			c.unknown++
		}
	}
	var names []string
	for _, t := range tiers.Tiers {
		names = append(names, t.Tier)
	}
	names = append(names, "")
	for _, t := range names {
		c := counts[t]
		if c == nil {
			continue
		}
		out = append(out, AttributionTier{Tier: t, CustomersNew: c.n, MOCPct: 100 * float64(c.moc) / float64(c.n), UnknownPct: 100 * float64(c.unknown) / float64(c.n)})
	}
	return out, tierOf, nil
}

// unknownOrigins is the worklist of the customers of unknown origin.
func unknownOrigins(ctx context.Context, st *store.Store, customers []attribution.Customer, origins map[int64]attribution.Origin) ([]AttributionUnknown, error) {
	out := []AttributionUnknown{}
	var ids []int64
	for _, c := range customers {
		if origins[c.ID] == attribution.Unknown {
			out = append(out, AttributionUnknown{ID: c.ID, FirstOrder: day(c.Since), Value: crm.Money(c.Value)})
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	names, err := st.AccountNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Name = names[out[i].ID]
	}
	slices.SortStableFunc(out, func(a, b AttributionUnknown) int {
		return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// originsByQuarter groups the origins of customers by the quarter of
// their first order, the earliest first.
func originsByQuarter(customers []attribution.Customer, origins map[int64]attribution.Origin) []AttributionQuarter {
	out := []AttributionQuarter{}
	idx := map[string]int{}
	var moc, unknown []int
	slices.SortStableFunc(customers, func(a, b attribution.Customer) int { return a.Since.Compare(b.Since) })
	for _, c := range customers {
		q := fmt.Sprintf("%d-Q%d", c.Since.Year(), (int(c.Since.Month())+2)/3)
		i, ok := idx[q]
		if !ok {
			i = len(out)
			idx[q] = i
			out = append(out, AttributionQuarter{Quarter: q})
			moc, unknown = append(moc, 0), append(unknown, 0)
		}
		out[i].CustomersNew++
		switch origins[c.ID] {
		case attribution.Marketing:
			moc[i]++
		case attribution.Unknown:
			unknown[i]++
		}
	}
	for i := range out {
		out[i].MOCPct = 100 * float64(moc[i]) / float64(out[i].CustomersNew)
		out[i].UnknownPct = 100 * float64(unknown[i]) / float64(out[i].CustomersNew)
	}
	return out
}

// WriteText writes the ROI table and the MOC share.
func (r *AttributionReport) WriteText(w io.Writer) error {
	t := newText(w)
	window := t.l.T("all time")
	if r.Since != "" || r.Until != "" {
		window = t.l.Dates(cmpStr(r.Since, "…")) + " – " + t.l.Dates(cmpStr(r.Until, "…"))
	}
	t.p("Marketing attribution: %s, value %s, new customers of %s\n\n", t.l.Value(r.Model), t.l.Value(r.Value), window)
	if r.CustomersNew == 0 {
		t.p("No new customers in the window.\n")
	} else {
		t.p("%s new customers: %s from marketing (MOC), %s not from marketing, %s of unknown origin.\n",
			t.l.Count(int64(r.CustomersNew)), t.l.Percent(r.MOCPct/100), t.l.Percent(r.NonMarketingPct/100), t.l.Percent(r.UnknownPct/100))
	}
	if r.AgreementPct != nil {
		t.p("Self-report and tracking agree for %s of the %s customers with both.\n", t.l.Percent(*r.AgreementPct/100), t.l.Count(int64(r.SelfReported)))
	}
	if r.CustomersNew > 0 && r.UnknownPct > 30 {
		t.p("Needs tracking: more than 30%% of the new customers have no known origin.\n")
	}
	t.p("\n")
	n := limited(len(r.Activities), r.limit)
	tt := t.table("Activity", ">Customers", ">Credit", ">Cost", ">ROI", ">ROI %", "Advice")
	for _, a := range r.Activities[:n] {
		pct := "—"
		if a.ROIPct != nil {
			pct = t.signedPct(*a.ROIPct / 100)
		}
		tt.add(nameCell(a.Activity), t.l.Count(int64(a.Customers)), t.l.Money(a.Credit.Float()), t.l.Money(a.Cost.Float()),
			signedMoney(t, a.ROI), pct, adviceText(t, a.Advice))
	}
	tt.write(t.b)
	t.more(n, len(r.Activities))
	if len(r.Tiers) > 0 {
		t.p("\n")
		tt = t.table("Tier", ">New customers", ">MOC", ">Unknown")
		for _, x := range r.Tiers {
			tt.add(cmpStr(x.Tier, "—"), t.l.Count(int64(x.CustomersNew)), t.l.Percent(x.MOCPct/100), t.l.Percent(x.UnknownPct/100))
		}
		tt.write(t.b)
	}
	if len(r.Unknown) > 0 {
		t.p("\n")
		t.p("Of unknown origin, the most valuable first: ask them, or look up how they came.\n")
		n := limited(len(r.Unknown), r.limit)
		tt = t.table("Account", "First order", ">Value")
		for _, u := range r.Unknown[:n] {
			tt.add(nameCell(u.Name), t.l.DayText(u.FirstOrder), t.l.Money(u.Value.Float()))
		}
		tt.write(t.b)
		t.more(n, len(r.Unknown))
	}
	if len(r.Quarters) > 1 {
		t.p("\n")
		tt = t.table("Quarter", ">New customers", ">MOC", ">Unknown")
		for _, x := range r.Quarters {
			tt.add(x.Quarter, t.l.Count(int64(x.CustomersNew)), t.l.Percent(x.MOCPct/100), t.l.Percent(x.UnknownPct/100))
		}
		tt.write(t.b)
	}
	return t.flush()
}

// WriteCSV writes the activities with the JSON's columns.
func (r *AttributionReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "activity", "kind", "customers", "credit", "cost", "roi", "roi_pct", "advice", "customers_a")
	for _, a := range r.Activities {
		pct := ""
		if a.ROIPct != nil {
			pct = fmtNum(*a.ROIPct)
		}
		c.row(a.Activity, a.Kind, fmtInt(a.Customers), a.Credit.String(), a.Cost.String(), a.ROI.String(), pct, a.Advice, fmtInt(a.CustomersA))
	}
	return c.flush()
}

// adviceText says an activity's advice in t's language.
func adviceText(t *textWriter, advice string) string {
	switch advice {
	case AdviceScale:
		return t.l.T("do more")
	case AdviceCut:
		return t.l.T("cut: lost money two periods running")
	}
	return ""
}

// signedMoney writes m with its sign: "+3,000.00", "-1,000.00", "0.00".
func signedMoney(t *textWriter, m crm.Money) string {
	s := t.l.Money(m.Float())
	if m > 0 {
		s = "+" + s
	}
	return s
}
