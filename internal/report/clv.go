package report

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// The customer-base model of the clv and lapsed reports. It is refitted on
// every run from the orders up to as_of, so it always reflects the data.
const (
	// MinModelCustomers is the fewest customers the model is fitted to; with
	// fewer, four parameters cannot be estimated with any confidence.
	MinModelCustomers = 100
	clvMonths         = 36   // CLV horizon in months
	clvDiscount       = 0.01 // per month
	maxHoldoutWeeks   = 52
)

// ModelFit is the fitted model and its quality, reported next to every
// figure that comes from it.
type ModelFit struct {
	Name          string           `json:"name"` // "pareto/nbd"
	Unit          string           `json:"unit"` // "week"
	Customers     int              `json:"customers"`
	Params        btyd.ParetoNBD   `json:"params"`
	StdErrors     btyd.ParetoNBD   `json:"std_errors"`
	LogLikelihood float64          `json:"log_likelihood"`
	SpendModel    string           `json:"spend_model"`  // "gamma-gamma", or "mean purchase" when it cannot be fitted
	SpendParams   *btyd.GammaGamma `json:"spend_params"` // nil without the Gamma-Gamma fit
	CLVMonths     int              `json:"clv_months"`
	CLVDiscount   float64          `json:"clv_monthly_discount"`
	Holdout       *ModelHoldout    `json:"holdout"` // nil when the history is too short to hold out a period
	Note          string           `json:"note,omitempty"`
}

// ModelHoldout is the check of the model on the most recent period: the
// model is fitted again on the orders before it and its forecast of repeat
// purchases in the period compared with what happened.
type ModelHoldout struct {
	CalibrationEnd string  `json:"calibration_end"`
	Weeks          float64 `json:"weeks"`
	Customers      int     `json:"customers"`
	Actual         float64 `json:"actual"`    // repeat purchases in the holdout period
	Predicted      float64 `json:"predicted"` // the model's forecast of them
	Error          float64 `json:"error"`     // predicted/actual − 1
	MAE            float64 `json:"mae"`       // mean absolute error per customer
	Correlation    float64 `json:"correlation"`
}

// customerModel is the model fitted to one store's orders with the scores of
// every customer, by account id.
type customerModel struct {
	fit    ModelFit
	scores map[int64]btyd.Score
	days   map[int64]int // purchase days
}

// fitCustomerModel fits the customer-base model (FitCustomerModel) to the
// store's order log up to asOf and keys the scores by account id.
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
		txns[i] = btyd.Txn{Customer: int32(len(ids) - 1), Day: btyd.DayOf(o.Day), Amount: o.Amount}
	}
	cm, note, err := FitCustomerModel(txns, asOf)
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

// CustomerModel is the customer-base model fitted to a purchase log, with
// every customer's summary and forecast.
type CustomerModel struct {
	Fit       ModelFit
	Customers []btyd.Customer // as btyd.Summarize gives them: by customer index, Customer.ID the index
	Scores    []btyd.Score    // by position in Customers; Expected over the next 12 months
}

// FitCustomerModel fits Pareto/NBD (weeks) and Gamma-Gamma to a purchase log
// up to asOf and scores every customer. txns is the log as the store's
// order log gives it: one entry per customer and day with the day's orders
// of amount ≥ 0 summed (credits are not purchases), none after asOf, and
// customers indexed densely from 0. Pareto/NBD rather than BG/NBD: its
// P(alive) falls for one-time buyers too, which BG/NBD fixes at 1. With
// fewer than MinModelCustomers customers, or when the data give the
// likelihood no maximum (btyd.ErrNoMaximum: e.g. every customer buying at the
// same steady rate), it returns a nil model, a note saying why and no error.
// The fit quality is checked on a holdout period (holdoutCheck).
func FitCustomerModel(txns []btyd.Txn, asOf time.Time) (*CustomerModel, string, error) {
	n := int32(0)
	for _, t := range txns {
		n = max(n, t.Customer+1)
	}
	if n < MinModelCustomers {
		return nil, tooFewNote(asOf), nil
	}
	end := btyd.DayOf(asOf)
	s, err := btyd.Summarize(txns, btyd.SummaryOptions{Unit: btyd.Week, CalibrationEnd: end})
	if err != nil {
		return nil, "", crm.Errorf(crm.EINVALID, "customer model: %v", err)
	}
	pn, err := btyd.FitParetoNBD(s.Customers)
	if errors.Is(err, btyd.ErrNoMaximum) {
		return nil, "the customer model (Pareto/NBD) does not fit these orders: " + strings.TrimPrefix(err.Error(), "btyd: "), nil
	}
	if err != nil {
		return nil, "", crm.Errorf(crm.EINTERNAL, "customer model: %v", err)
	}
	m := &CustomerModel{
		Fit: ModelFit{Name: "pareto/nbd", Unit: "week", Customers: pn.Customers, Params: pn.Params, StdErrors: pn.StdErr,
			LogLikelihood: pn.LogLik, SpendModel: "gamma-gamma", CLVMonths: clvMonths, CLVDiscount: clvDiscount},
		Customers: s.Customers,
	}
	gg, err := btyd.FitGammaGamma(s.Customers)
	spend := gg.Params
	if err != nil || spend.Q <= 1 {
		// Without a spend model every customer's expected spend is the mean
		// purchase value: the Gamma-Gamma limit that puts no weight on a
		// customer's own mean (p → 0 with pγ/(q−1) fixed at the mean).
		var sum float64
		for _, t := range txns {
			sum += t.Amount
		}
		mean := sum / float64(len(txns))
		spend = btyd.GammaGamma{P: 1e-12, Q: 2, Gamma: mean * 1e12}
		m.Fit.SpendModel = "mean purchase"
		m.Fit.Note = "the Gamma-Gamma spend model could not be fitted; expected spend is the mean purchase value"
	} else {
		m.Fit.SpendParams = &spend
	}
	opt := btyd.ScoreOptions{Horizon: 12 * btyd.Week.PeriodsPerMonth(), Months: clvMonths, MonthlyDiscount: clvDiscount,
		PeriodsPerMonth: btyd.Week.PeriodsPerMonth()}
	m.Scores = btyd.ScoreAll(pn.Params, spend, s.Customers, opt)
	m.Fit.Holdout = holdoutCheck(txns, s.Start, end)
	return m, "", nil
}

// holdoutCheck refits the model on the orders before the last third of the
// history (at most 52 weeks held out) and compares its forecast with the
// repeat purchases that followed. It returns nil when too few customers
// precede the holdout or the fit fails.
func holdoutCheck(txns []btyd.Txn, start, end int32) *ModelHoldout {
	weeks := min(maxHoldoutWeeks, (end-start)/3/7)
	if weeks < 1 {
		return nil
	}
	cal := end - 7*weeks
	s, err := btyd.Summarize(txns, btyd.SummaryOptions{Unit: btyd.Week, CalibrationEnd: cal, HoldoutEnd: end})
	if err != nil || len(s.Customers) < MinModelCustomers {
		return nil
	}
	pn, err := btyd.FitParetoNBD(s.Customers)
	if err != nil {
		return nil
	}
	v := btyd.Validate(pn.Params, s.Customers, s.Holdout, 7)
	return &ModelHoldout{CalibrationEnd: time.Unix(int64(cal)*86400, 0).UTC().Format(time.DateOnly), Weeks: s.Holdout,
		Customers: v.Customers, Actual: v.Actual, Predicted: v.Predicted, Error: v.Error, MAE: v.MAE, Correlation: v.Correlation}
}

// tooFewNote is the note of a store with too few customers for the model.
func tooFewNote(asOf time.Time) string {
	return fmt.Sprintf("the customer model needs at least %d customers with orders up to %s", MinModelCustomers, day(asOf))
}

// CLVReport is the customer-base model's view of every customer: how likely
// they are still a customer, what they will buy in the next 12 months and
// what they are worth.
type CLVReport struct {
	AsOf string `json:"as_of"`
	// Model is absent when there are too few customers to fit it; Note
	// then says so and the lists are empty.
	Model             *ModelFit    `json:"model,omitempty"`
	Note              string       `json:"note,omitempty"`
	Customers         int          `json:"customers"`
	ExpectedPurchases float64      `json:"expected_purchases"` // next 12 months, all customers
	ExpectedRevenue   float64      `json:"expected_revenue"`   // next 12 months, all customers
	CLV               float64      `json:"clv"`                // sum over customers
	Tiers             []CLVTier    `json:"tiers"`
	Accounts          []CLVAccount `json:"accounts"` // by CLV desc, ties by id

	limit int
}

// CLVTier sums one ABC tier of customers ranked by CLV.
type CLVTier struct {
	Tier      string  `json:"tier"`
	Customers int     `json:"customers"`
	CLV       float64 `json:"clv"`
	CLVShare  float64 `json:"clv_share"`
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
// thresholds of Params). With fewer than MinModelCustomers customers, or
// when the model does not fit the orders, the report is empty and its Note
// says why.
func CLV(ctx context.Context, st *store.Store, p Params) (*CLVReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	m, note, err := fitCustomerModel(ctx, st, s.asOf)
	if err != nil {
		return nil, err
	}
	r := &CLVReport{AsOf: day(s.asOf), Accounts: []CLVAccount{}, Tiers: []CLVTier{}, limit: s.limit}
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
		r.Tiers = append(r.Tiers, CLVTier{Tier: t.Tier, Customers: t.Customers, CLV: t.Revenue, CLVShare: t.RevenueShare})
	}
	for i := range r.Accounts {
		r.Accounts[i].Tier = cmp.Or(tier[r.Accounts[i].ID], "C")
	}
	slices.SortFunc(r.Accounts, func(a, b CLVAccount) int { return byRevenueDesc(a.CLV, b.CLV, a.ID, b.ID) })
	return r, nil
}

// writeModel writes the model line and its holdout check.
func writeModel(t *textWriter, f *ModelFit) {
	p := f.Params
	t.p("Model: Pareto/NBD fitted to %s customers (r %.3g, alpha %.3g, s %.3g, beta %.3g; weeks), spend: %s.\n",
		textfmt.Count(int64(f.Customers)), p.R, p.Alpha, p.S, p.Beta, f.SpendModel)
	if h := f.Holdout; h != nil {
		t.p("Fit quality: refitted to the orders up to %s, it forecast %s repeat purchases for the next %.0f weeks; there were %s (%+.1f%%; mean absolute error %.2f per customer, correlation %.2f).\n",
			h.CalibrationEnd, textfmt.Money(h.Predicted), h.Weeks, textfmt.Count(int64(h.Actual)), 100*h.Error, h.MAE, h.Correlation)
	} else {
		t.p("Fit quality: not checked; the history is too short to hold out a period with %d customers before it.\n", MinModelCustomers)
	}
	if f.Note != "" {
		t.p("Note: %s.\n", f.Note)
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
		textfmt.Count(int64(r.Customers)), textfmt.Money(r.ExpectedPurchases), textfmt.Money(r.ExpectedRevenue),
		r.Model.CLVMonths, 100*r.Model.CLVDiscount, textfmt.Money(r.CLV))
	writeModel(t, r.Model)
	t.p("\n")
	tt := newTable("Tier", ">Customers", ">CLV", ">Share")
	for _, x := range r.Tiers {
		tt.add(x.Tier, textfmt.Count(int64(x.Customers)), textfmt.Money(x.CLV), textfmt.Percent(x.CLVShare))
	}
	tt.write(t.b)
	t.p("\n")
	n := limited(len(r.Accounts), r.limit)
	tt = newTable(">#", "Account", "Tier", "Last order", ">P(alive)", ">Purchases 12m", ">Spend each", ">Revenue 12m", ">CLV")
	for i, a := range r.Accounts[:n] {
		tt.add(textfmt.Count(int64(i+1)), nameCell(a.Name), a.Tier, a.LastOrder, textfmt.Percent(a.PAlive),
			fmt.Sprintf("%.2f", a.ExpectedPurchases), textfmt.Money(a.ExpectedSpend), textfmt.Money(a.ExpectedRevenue), textfmt.Money(a.CLV))
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
