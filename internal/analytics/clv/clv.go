// Package clv is the customer-base model the reports use: Pareto/NBD (weeks;
// BG/NBD where Pareto/NBD has no maximum) and Gamma-Gamma fitted to a
// purchase log, every customer's P(alive), expected purchases and CLV, and a
// check of the fit on a holdout period.
// `report clv`, `report lapsed`, the care queue and `analyze --clv` all fit
// it through FitCustomerModel. It is pure math on slices: no I/O, no SQL, no
// clocks.
package clv

import (
	"fmt"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
)

// The customer-base model is refitted on every run from the purchases up to
// as_of, so it always reflects the data.
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
	// Name is the purchase model the figures come from: "pareto/nbd", or
	// "bg/nbd" when Pareto/NBD has no maximum on the data.
	Name          string      `json:"name"`
	Unit          string      `json:"unit"` // "week"
	Customers     int         `json:"customers"`
	Params        ModelParams `json:"params"`
	StdErrors     ModelParams `json:"std_errors"`
	LogLikelihood float64     `json:"log_likelihood"`
	SpendModel    string      `json:"spend_model"` // "gamma-gamma", or "mean purchase" when it cannot be fitted
	// SpendParams is nil without the Gamma-Gamma fit. SpendLeftOut counts
	// the repeat customers it leaves out because their repeat purchases are
	// all of value zero; their expected spend is its population mean.
	SpendParams  *btyd.GammaGamma `json:"spend_params"`
	SpendLeftOut int              `json:"spend_left_out"`
	CLVMonths    int              `json:"clv_months"`
	CLVDiscount  float64          `json:"clv_monthly_discount"`
	// Holdout is nil when the check could not be made; HoldoutNote then
	// says why (the history is too short to hold out a period, or the model
	// does not fit the orders before it).
	Holdout     *ModelHoldout `json:"holdout"`
	HoldoutNote string        `json:"holdout_note,omitempty"`
	Note        string        `json:"note,omitempty"`
}

// ModelParams are the purchase model's parameters: r and α of the purchase
// rates, and s and β (Pareto/NBD) or a and b (BG/NBD) of the drop-out.
type ModelParams struct {
	R     float64 `json:"r"`
	Alpha float64 `json:"alpha"`
	S     float64 `json:"s,omitempty"`
	Beta  float64 `json:"beta,omitempty"`
	A     float64 `json:"a,omitempty"`
	B     float64 `json:"b,omitempty"`
}

// The purchase models, by ModelFit.Name.
const (
	paretoNBD = "pareto/nbd"
	bgNBD     = "bg/nbd"
)

// Model is the fitted purchase model.
func (f *ModelFit) Model() btyd.Model {
	p := f.Params
	if f.Name == bgNBD {
		return btyd.BGNBD{R: p.R, Alpha: p.Alpha, A: p.A, B: p.B}
	}
	return btyd.ParetoNBD{R: p.R, Alpha: p.Alpha, S: p.S, Beta: p.Beta}
}

// Describe names the purchase model with its parameters, as the reports
// print it: "Pareto/NBD (r 0.553, alpha 10.6, s 0.606, beta 11.7; weeks)".
// sprintf writes it: fmt.Sprintf, or a language's (the format is a key of
// the message catalogue).
func (f *ModelFit) Describe(sprintf func(format string, args ...any) string) string {
	p := f.Params
	if f.Name == bgNBD {
		return sprintf("%s (r %.3g, alpha %.3g, a %.3g, b %.3g; weeks)", title(f.Name), p.R, p.Alpha, p.A, p.B)
	}
	return sprintf("%s (r %.3g, alpha %.3g, s %.3g, beta %.3g; weeks)", title(f.Name), p.R, p.Alpha, p.S, p.Beta)
}

// ModelHoldout is the check of the model on the most recent period: the
// model is fitted again on the purchases before it and its forecast of
// repeat purchases in the period compared with what happened.
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

// CLVTier sums one ABC tier of customers ranked by CLV. (Not clv.Tier: the
// API document names its schemas by Go type name, and pareto.Tier is Tier.)
type CLVTier struct {
	Tier      string  `json:"tier"`
	Customers int     `json:"customers"`
	CLV       float64 `json:"clv"`
	CLVShare  float64 `json:"clv_share"`
}

// CustomerModel is the customer-base model fitted to a purchase log, with
// every customer's summary and forecast.
type CustomerModel struct {
	Fit       ModelFit
	Customers []btyd.Customer // as btyd.Summarize gives them: by customer index, Customer.ID the index
	Scores    []btyd.Score    // by position in Customers; Expected over the next 12 months
}

// FitCustomerModel fits Pareto/NBD (weeks) and Gamma-Gamma to a purchase log
// up to asOf and scores every customer. txns is a purchase log as
// btyd.Purchases gives it (credits are not purchases; one entry per customer
// and purchase day), none after asOf. Pareto/NBD rather than BG/NBD: its
// P(alive) falls for one-time buyers too, which BG/NBD fixes at 1. When
// Pareto/NBD cannot be fitted (btyd.ErrNoMaximum, or the fit does not
// converge), BG/NBD is fitted instead, and ModelFit.Name and Note say so.
// With fewer than MinModelCustomers customers, or when neither model can be
// fitted (e.g. every customer buying at the same steady rate), it returns a
// nil model, a note saying why and no error. Neither names a customer.
// The fit quality is checked on a holdout period (holdoutCheck).
func FitCustomerModel(txns []btyd.Txn, asOf time.Time) (*CustomerModel, string, error) {
	if len(txns) == 0 {
		return nil, TooFewNote(asOf), nil
	}
	end := btyd.DayOf(asOf)
	s, err := btyd.Summarize(txns, btyd.SummaryOptions{Unit: btyd.Week, CalibrationEnd: end})
	if err != nil {
		return nil, "", fmt.Errorf("customer model: %w", err)
	}
	if len(s.Customers) < MinModelCustomers {
		return nil, TooFewNote(asOf), nil
	}
	fit, err := fitPurchases(paretoNBD, s.Customers)
	var notes []string
	if err != nil {
		// Every way a fit fails says something about the data (no maximum,
		// no convergence, a flat likelihood): BG/NBD may still describe
		// them; if not, the reports go on without the model and say why.
		why := reason(err)
		if fit, err = fitPurchases(bgNBD, s.Customers); err != nil {
			return nil, "the customer model does not fit these orders (Pareto/NBD: " + why + "; BG/NBD: " + reason(err) + ")", nil
		}
		notes = append(notes, "Pareto/NBD does not fit these orders ("+why+"), so the figures come from BG/NBD, "+
			"whose P(alive) is 1 for every customer who bought once")
	}
	m := &CustomerModel{Fit: fit, Customers: s.Customers}
	m.Fit.SpendModel, m.Fit.CLVMonths, m.Fit.CLVDiscount = "gamma-gamma", clvMonths, clvDiscount
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
		notes = append(notes, "the Gamma-Gamma spend model could not be fitted; expected spend is the mean purchase value")
	} else {
		m.Fit.SpendParams, m.Fit.SpendLeftOut = &spend, gg.LeftOut
		if gg.LeftOut > 0 {
			notes = append(notes, fmt.Sprintf("%d %s whose repeat purchases are all of value zero left out of the spend model (expected spend: its mean, %.2f)",
				gg.LeftOut, plural(gg.LeftOut, "customer", "customers"), spend.PopulationMean()))
		}
	}
	m.Fit.Note = strings.Join(notes, "; ")
	opt := btyd.ScoreOptions{Horizon: 12 * btyd.Week.PeriodsPerMonth(), Months: clvMonths, MonthlyDiscount: clvDiscount,
		PeriodsPerMonth: btyd.Week.PeriodsPerMonth()}
	m.Scores = btyd.ScoreAll(m.Fit.Model(), spend, s.Customers, opt)
	m.Fit.Holdout, m.Fit.HoldoutNote = holdoutCheck(txns, s.Start, end, fit.Name)
	return m, "", nil
}

// fitPurchases fits the named purchase model to the summaries in weeks.
func fitPurchases(name string, cs []btyd.Customer) (ModelFit, error) {
	if name == bgNBD {
		f, err := btyd.FitBGNBD(cs)
		p, se := f.Params, f.StdErr
		return ModelFit{Name: name, Unit: "week", Customers: f.Customers, LogLikelihood: f.LogLik,
			Params: ModelParams{R: p.R, Alpha: p.Alpha, A: p.A, B: p.B}, StdErrors: ModelParams{R: se.R, Alpha: se.Alpha, A: se.A, B: se.B}}, err
	}
	f, err := btyd.FitParetoNBD(cs)
	p, se := f.Params, f.StdErr
	return ModelFit{Name: name, Unit: "week", Customers: f.Customers, LogLikelihood: f.LogLik,
		Params: ModelParams{R: p.R, Alpha: p.Alpha, S: p.S, Beta: p.Beta}, StdErrors: ModelParams{R: se.R, Alpha: se.Alpha, S: se.S, Beta: se.Beta}}, err
}

// reason is a fit's error for a note.
func reason(err error) string { return strings.TrimPrefix(err.Error(), "btyd: ") }

// plural is one for n = 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// holdoutCheck refits the named purchase model on the purchases before the
// last third of the history (at most 52 weeks held out) and compares its
// forecast with the repeat purchases that followed. When too few customers
// precede the holdout or the fit fails, it returns nil and says why.
func holdoutCheck(txns []btyd.Txn, start, end int32, model string) (*ModelHoldout, string) {
	short := fmt.Sprintf("the history is too short to hold out a period with %d customers before it", MinModelCustomers)
	weeks := min(maxHoldoutWeeks, (end-start)/3/7)
	if weeks < 1 {
		return nil, short
	}
	cal := end - 7*weeks
	calEnd := time.Unix(int64(cal)*86400, 0).UTC().Format(time.DateOnly)
	s, err := btyd.Summarize(txns, btyd.SummaryOptions{Unit: btyd.Week, CalibrationEnd: cal, HoldoutEnd: end})
	if err != nil || len(s.Customers) < MinModelCustomers {
		return nil, short
	}
	fit, err := fitPurchases(model, s.Customers)
	if err != nil {
		return nil, fmt.Sprintf("%s does not fit the orders up to %s (%s)", title(model), calEnd, reason(err))
	}
	v := btyd.Validate(fit.Model(), s.Customers, s.Holdout, 7)
	return &ModelHoldout{CalibrationEnd: calEnd, Weeks: s.Holdout, Customers: v.Customers, Actual: v.Actual,
		Predicted: v.Predicted, Error: v.Error, MAE: v.MAE, Correlation: v.Correlation}, ""
}

// title is the model's name as the text shows it.
func title(model string) string {
	if model == bgNBD {
		return "BG/NBD"
	}
	return "Pareto/NBD"
}

// TooFewNote is the note of FitCustomerModel on a log with fewer than
// MinModelCustomers customers up to asOf.
func TooFewNote(asOf time.Time) string {
	return fmt.Sprintf("the customer model needs at least %d customers with orders up to %s", MinModelCustomers, asOf.Format(time.DateOnly))
}
