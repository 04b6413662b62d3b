package report

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
	"github.com/vitalfew/vitalfew/internal/analytics/clv"
	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/store"
)

// customerModel is the model fitted to one store's orders with the scores of
// every customer, by account id.
type customerModel struct {
	fit    clv.ModelFit
	scores map[int64]btyd.Score
	days   map[int64]int // purchase days
}

// Base is what the orders alone give the reports, worked out once: the day
// they look from (the latest order), the ABC tiers of the default revenue
// window and the customer-base model. Reports work these out themselves; a
// caller that shows several of them over the same orders (the web
// application, once per orders version) makes a Base with NewBase and
// hands it over in Params.Base. A report uses it only where its own
// parameters settle to the same day, window and thresholds. The account
// names in its tiers are those of the moment it was made.
type Base struct {
	s     settled
	tiers pareto.Result
	model *customerModel // nil: no model (note says why)
	note  string
}

// NewBase works out the Base of p's dates and thresholds (zero Params: the
// defaults, as the web application shows them).
func NewBase(ctx context.Context, st *store.Store, p Params) (*Base, error) {
	p.Base = nil
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	b := &Base{s: s}
	if b.tiers, err = tiersOver(ctx, st, s); err != nil {
		return nil, err
	}
	if b.model, b.note, err = fitCustomerModel(ctx, st, s.asOf); err != nil {
		return nil, err
	}
	return b, nil
}

// AsOf is the day the base looks from.
func (b *Base) AsOf() time.Time { return b.s.asOf }

// CLVByAccount returns each customer's lifetime value from the model;
// empty without one.
func (b *Base) CLVByAccount() map[int64]float64 { return b.model.clvByAccount() }

// modelAt returns the model of s's base when it looks from asOf, else fits
// one.
func modelAt(ctx context.Context, st *store.Store, s settled, asOf time.Time) (*customerModel, string, error) {
	if b := s.base; b != nil && b.s.asOf.Equal(asOf) {
		return b.model, b.note, nil
	}
	return fitCustomerModel(ctx, st, asOf)
}

// fitCustomerModel fits the customer-base model (clv.FitCustomerModel) to the
// purchases (btyd.Purchases) of the store's order log up to asOf and keys
// the scores by account id.
func fitCustomerModel(ctx context.Context, st *store.Store, asOf time.Time) (*customerModel, string, error) {
	log, err := st.OrderLog(ctx, asOf)
	if err != nil {
		return nil, "", err
	}
	ids := []int64{}
	txns := make([]btyd.Txn, len(log))
	for i, o := range log {
		if len(ids) == 0 || ids[len(ids)-1] != o.AccountID {
			ids = append(ids, o.AccountID)
		}
		txns[i] = btyd.Txn{Customer: int32(len(ids) - 1), Day: btyd.DayOf(o.Day), Amount: o.Amount.Float()}
	}
	cm, note, err := clv.FitCustomerModel(btyd.Purchases(txns), asOf)
	if cm == nil {
		return nil, note, err
	}
	m := &customerModel{fit: cm.Fit, scores: make(map[int64]btyd.Score, len(cm.Customers)), days: make(map[int64]int, len(cm.Customers))}
	for i, c := range cm.Customers {
		m.scores[ids[c.ID]] = cm.Scores[i]
		m.days[ids[c.ID]] = c.X + 1
	}
	return m, "", nil
}

// clvByAccount returns each customer's lifetime value; empty without a
// model.
func (m *customerModel) clvByAccount() map[int64]float64 {
	if m == nil {
		return map[int64]float64{}
	}
	out := make(map[int64]float64, len(m.scores))
	for id, sc := range m.scores {
		out[id] = sc.CLV
	}
	return out
}

// CLVReport is the customer-base model's view of every customer: how likely
// they are still a customer, what they will buy in the next 12 months and
// what they are worth.
type CLVReport struct {
	AsOf string `json:"as_of"`
	// Model is absent when there are too few customers to fit it; Note
	// then says so and the lists are empty.
	Model             *clv.ModelFit `json:"model,omitempty"`
	Note              string        `json:"note,omitempty"`
	Customers         int           `json:"customers"`
	ExpectedPurchases float64       `json:"expected_purchases"` // next 12 months, all customers
	ExpectedRevenue   float64       `json:"expected_revenue"`   // next 12 months, all customers
	CLV               float64       `json:"clv"`                // sum over customers
	Tiers             []clv.CLVTier `json:"tiers"`
	Accounts          []CLVAccount  `json:"accounts"` // by CLV desc, ties by id

	limit int
}

// CLVAccount is one customer's forecast.
type CLVAccount struct {
	ID                int64   `json:"id"`
	Name              string  `json:"name"`
	Segment           string  `json:"segment"`
	Owner             string  `json:"owner"`
	PurchaseDays      int     `json:"purchase_days"`
	LastOrder         string  `json:"last_order"`
	PAlive            float64 `json:"p_alive"`
	ExpectedPurchases float64 `json:"expected_purchases"` // next 12 months
	ExpectedSpend     float64 `json:"expected_spend"`     // per purchase
	ExpectedRevenue   float64 `json:"expected_revenue"`   // next 12 months
	CLV               float64 `json:"clv"`                // discounted, clv_months ahead
	Tier              string  `json:"tier"`               // ABC by CLV
}

// CLV fits the customer-base model to the orders up to AsOf and lists every
// customer with P(alive), expected purchases and revenue in the next 12
// months, expected spend per purchase, CLV and an ABC tier by CLV (the
// thresholds of Params). With fewer than clv.MinModelCustomers customers, or
// when the model does not fit the orders, the report is empty and its Note
// says why.
func CLV(ctx context.Context, st *store.Store, p Params) (*CLVReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	m, note, err := modelAt(ctx, st, s, s.asOf)
	if err != nil {
		return nil, err
	}
	r := &CLVReport{AsOf: day(s.asOf), Accounts: []CLVAccount{}, Tiers: []clv.CLVTier{}, limit: s.limit}
	if m == nil {
		r.Note = note
		return r, nil
	}
	r.Model = &m.fit
	hist, err := st.CustomerHistories(ctx, s.asOf)
	if err != nil {
		return nil, err
	}
	items := []pareto.Item{}
	for _, h := range hist {
		sc, ok := m.scores[h.ID]
		if !ok {
			continue
		}
		a := CLVAccount{ID: h.ID, Name: h.Name, Segment: h.Segment, Owner: h.Owner, PurchaseDays: m.days[h.ID], LastOrder: day(h.LastOrder),
			PAlive: sc.PAlive, ExpectedPurchases: sc.Expected, ExpectedSpend: sc.Spend, ExpectedRevenue: sc.Expected * sc.Spend, CLV: sc.CLV}
		r.Accounts = append(r.Accounts, a)
		items = append(items, pareto.Item{ID: h.ID, Name: h.Name, Revenue: a.CLV})
		r.ExpectedPurchases += a.ExpectedPurchases
		r.ExpectedRevenue += a.ExpectedRevenue
		r.CLV += a.CLV
	}
	r.Customers = len(r.Accounts)
	res := pareto.Analyze(items, s.thresholds)
	tier := make(map[int64]string, len(res.Ranked))
	for _, rk := range res.Ranked {
		tier[rk.ID] = rk.Tier
	}
	for _, t := range res.Tiers {
		r.Tiers = append(r.Tiers, clv.CLVTier{Tier: t.Tier, Customers: t.Customers, CLV: t.Revenue, CLVShare: t.RevenueShare})
	}
	for i := range r.Accounts {
		r.Accounts[i].Tier = cmp.Or(tier[r.Accounts[i].ID], "C")
	}
	slices.SortFunc(r.Accounts, func(a, b CLVAccount) int { return byRevenueDesc(a.CLV, b.CLV, a.ID, b.ID) })
	return r, nil
}

// writeModel writes the model line and its holdout check.
func writeModel(t *textWriter, f *clv.ModelFit) {
	t.p("Model: %s fitted to %s customers, spend: %s.\n", f.Describe(t.l.T), t.l.Count(int64(f.Customers)), t.l.Value(f.SpendModel))
	if h := f.Holdout; h != nil {
		t.p("Fit quality: refitted to the orders up to %s, it forecast %s repeat purchases for the next %.0f weeks; there were %s (%+.1f%%; mean absolute error %.2f per customer, correlation %.2f).\n",
			h.CalibrationEnd, t.l.Money(h.Predicted), h.Weeks, t.l.Count(int64(h.Actual)), 100*h.Error, h.MAE, h.Correlation)
	} else {
		t.p("Fit quality: not checked; %s.\n", t.l.Value(f.HoldoutNote))
	}
	if f.Note != "" {
		t.p("Note: %s.\n", t.l.Value(f.Note))
	}
}

// WriteText writes the headline, the model and its fit quality, and the list.
func (r *CLVReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Customer lifetime value (as of %s)\n\n", r.AsOf)
	if r.Model == nil {
		t.p("No figures: %s.\n", r.Note)
		return t.flush()
	}
	t.p("%s customers are expected to make %s purchases worth %s in the next 12 months; their %d-month CLV (%.0f%% a month discount) is %s.\n",
		t.l.Count(int64(r.Customers)), t.l.Money(r.ExpectedPurchases), t.l.Money(r.ExpectedRevenue),
		r.Model.CLVMonths, 100*r.Model.CLVDiscount, t.l.Money(r.CLV))
	writeModel(t, r.Model)
	t.p("\n")
	tt := t.table("Tier", ">Customers", ">CLV", ">Share")
	for _, x := range r.Tiers {
		tt.add(x.Tier, t.l.Count(int64(x.Customers)), t.l.Money(x.CLV), t.l.Percent(x.CLVShare))
	}
	tt.write(t.b)
	t.p("\n")
	n := limited(len(r.Accounts), r.limit)
	tt = t.table(">#", "Account", "Tier", "Last order", ">P(alive)", ">Purchases 12m", ">Spend each", ">Revenue 12m", ">CLV")
	for i, a := range r.Accounts[:n] {
		tt.add(t.l.Count(int64(i+1)), nameCell(a.Name), a.Tier, a.LastOrder, t.l.Percent(a.PAlive),
			fmt.Sprintf("%.2f", a.ExpectedPurchases), t.l.Money(a.ExpectedSpend), t.l.Money(a.ExpectedRevenue), t.l.Money(a.CLV))
	}
	tt.write(t.b)
	t.more(n, len(r.Accounts))
	return t.flush()
}

// WriteCSV writes the list with the JSON's columns.
func (r *CLVReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "id", "name", "segment", "owner", "purchase_days", "last_order", "p_alive", "expected_purchases",
		"expected_spend", "expected_revenue", "clv", "tier")
	for _, a := range r.Accounts {
		c.row(fmtID(a.ID), a.Name, a.Segment, a.Owner, fmtInt(a.PurchaseDays), a.LastOrder, fmtNum(a.PAlive),
			fmtNum(a.ExpectedPurchases), fmtNum(a.ExpectedSpend), fmtNum(a.ExpectedRevenue), fmtNum(a.CLV), a.Tier)
	}
	return c.flush()
}

// AccountForecast is the customer model's view of one customer.
type AccountForecast struct {
	PAlive            float64 // probability the customer still buys
	ExpectedPurchases float64 // next 12 months
	ExpectedRevenue   float64 // next 12 months
	CLV               float64 // discounted, CLVMonths ahead
	CLVMonths         int
}

// Forecast returns the model's forecast of account id; false without a
// model or when the account has no orders up to the base's day.
func (b *Base) Forecast(id int64) (AccountForecast, bool) {
	if b == nil || b.model == nil {
		return AccountForecast{}, false
	}
	sc, ok := b.model.scores[id]
	if !ok {
		return AccountForecast{}, false
	}
	return AccountForecast{PAlive: sc.PAlive, ExpectedPurchases: sc.Expected, ExpectedRevenue: sc.Expected * sc.Spend,
		CLV: sc.CLV, CLVMonths: b.model.fit.CLVMonths}, true
}
