package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/analytics/breakeven"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/report"
)

// The break-even calculator: `vitalfew breakeven` as a page
// (GET /breakeven) and in the API (GET /api/v1/breakeven).

// breakevenInput reads the calculator's parameters with get: fixed,
// price and variable (required), target_profit and units. Amounts are
// plain decimals; a decimal comma is read as a point ("199,90").
func breakevenInput(get func(string) string) (breakeven.Input, error) {
	var in breakeven.Input
	for _, f := range []struct {
		name     string
		to       *int64
		required bool
	}{{"fixed", &in.Fixed, true}, {"price", &in.Price, true}, {"variable", &in.Variable, true}, {"target_profit", &in.TargetProfit, false}} {
		v := strings.TrimSpace(get(f.name))
		if v == "" {
			if f.required {
				return in, crm.Errorf(crm.EINVALID, "%s: required", f.name)
			}
			continue
		}
		if strings.Contains(v, ",") && !strings.Contains(v, ".") {
			v = strings.ReplaceAll(v, ",", ".")
		}
		m, err := crm.ParseMoney(v)
		if err != nil {
			return in, crm.Errorf(crm.EINVALID, "%s: want an amount like 12000 or 199.90, got %q", f.name, get(f.name))
		}
		*f.to = m.Cents()
	}
	if v := strings.TrimSpace(get("units")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || n > breakeven.MaxUnits {
			return in, crm.Errorf(crm.EINVALID, "units: want a whole number from 0 to a billion, got %q", v)
		}
		in.Units = n
	}
	return in, nil
}

// breakevenData is the calculator page: the form's values as typed, and
// the figures or why there are none.
type breakevenData struct {
	Title                                       string
	Fixed, Price, Variable, TargetProfit, Units string
	Result                                      *breakevenView
	Error                                       string
}

// breakevenView is report.BreakEven as the page shows it.
type breakevenView struct {
	BEVUnits, TargetUnits             int64
	BEV, BERevenue, CMRatio           float64
	CM, Profit                        crm.Money
	HasTarget, AtUnits, HasDOL        bool
	MarginOfSafety, ProfitMargin, DOL float64
	WhatIf                            []breakevenRow
}

// breakevenRow is a row of the what-if grid; Units 0 with OK false: no
// break-even.
type breakevenRow struct {
	Change string
	Units  int64
	OK     bool
}

func viewOf(b *report.BreakEven, l *i18n.Lang) *breakevenView {
	v := &breakevenView{BEVUnits: b.BEVUnits, TargetUnits: b.TargetUnits, BEV: b.BEV, BERevenue: b.BERevenue, CMRatio: b.CMRatio,
		CM: b.CM, HasTarget: b.TargetProfit != 0, AtUnits: b.Units != nil, HasDOL: b.DOL != nil}
	if v.AtUnits {
		v.Profit, v.MarginOfSafety, v.ProfitMargin = *b.Profit, *b.MarginOfSafety, *b.ProfitMargin
	}
	if v.HasDOL {
		v.DOL = *b.DOL
	}
	for _, w := range b.WhatIf {
		row := breakevenRow{Change: changeText(l, w.Change)}
		if w.BEVUnits != nil {
			row.Units, row.OK = *w.BEVUnits, true
		}
		v.WhatIf = append(v.WhatIf, row)
	}
	return v
}

// changeText names a what-if change ("price +10%") in l.
func changeText(l *i18n.Lang, change string) string {
	what, pct, _ := strings.Cut(change, " ")
	switch what {
	case "price":
		return l.T("price %s", pct)
	case "variable":
		return l.T("variable cost %s", pct)
	case "fixed":
		return l.T("fixed costs %s", pct)
	}
	return change
}

func (d breakevenData) PageTitle(l *i18n.Lang) string { return l.Value(d.Title) }

func (s *Server) breakevenPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := breakevenData{Title: i18n.N("Break-even"), Fixed: q.Get("fixed"), Price: q.Get("price"), Variable: q.Get("variable"),
		TargetProfit: q.Get("target_profit"), Units: q.Get("units")}
	status := http.StatusOK
	if d.Fixed != "" || d.Price != "" || d.Variable != "" {
		in, err := breakevenInput(q.Get)
		var b *report.BreakEven
		if err == nil {
			b, err = report.NewBreakEven(in)
		}
		if err == nil {
			d.Result = viewOf(b, langOf(r.Context()))
		}
		if err != nil {
			if crm.ErrorCode(err) != crm.EINVALID {
				return err
			}
			d.Error, status = errorIn(langOf(r.Context()), err), http.StatusBadRequest
		}
	}
	s.render(w, r, "breakeven", status, d)
	return nil
}

// apiBreakeven answers GET /api/v1/breakeven with what
// `vitalfew breakeven --json` prints for the same amounts.
func (s *Server) apiBreakeven(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r)
	if err != nil {
		return err
	}
	in, err := breakevenInput(q.get)
	if err == nil {
		err = q.err
	}
	if err != nil {
		return err
	}
	b, err := report.NewBreakEven(in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, b)
	return nil
}

// breakevenJSON is the API answer's type, for the OpenAPI document.
func breakevenJSON() any { return report.BreakEven{} }
