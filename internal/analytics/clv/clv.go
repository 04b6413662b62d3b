// Package clv is the customer-base model the reports use: Pareto/NBD (weeks)
// and Gamma-Gamma fitted to a purchase log, every customer's P(alive),
// expected purchases and CLV, and a check of the fit on a holdout period.
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
// P(alive) falls for one-time buyers too, which BG/NBD fixes at 1. With
// fewer than MinModelCustomers customers, or when the model cannot be
// fitted to the data (btyd.ErrNoMaximum: e.g. every customer buying at the
// same steady rate; or the fit does not converge), it returns a nil model, a
// note saying why and no error.
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
	pn, err := btyd.FitParetoNBD(s.Customers)
	if err != nil {
		// Every way a fit fails says something about the data (no maximum,
		// no convergence, a flat likelihood): the reports go on without
		// the model and say why.
		return nil, "the customer model (Pareto/NBD) does not fit these orders: " + strings.TrimPrefix(err.Error(), "btyd: "), nil
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

// holdoutCheck refits the model on the purchases before the last third of
// the history (at most 52 weeks held out) and compares its forecast with the
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

// TooFewNote is the note of FitCustomerModel on a log with fewer than
// MinModelCustomers customers up to asOf.
func TooFewNote(asOf time.Time) string {
	return fmt.Sprintf("the customer model needs at least %d customers with orders up to %s", MinModelCustomers, asOf.Format(time.DateOnly))
}
