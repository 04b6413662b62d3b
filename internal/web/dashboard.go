package web

import (
	"net/http"

	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

type dashboardData struct {
	// Scoped describes the accounts a user restricted to some sees; the
	// figures of the whole business are not shown then.
	Scoped  string
	Pareto  *report.ParetoReport
	Cost    *report.CostReport
	Lapsed  []report.LapsedAccount
	LapsedN int
	Stale   []report.StaleContact
	StaleN  int
	Imports []store.ImportRecord
	Tiers   []tierRow
	Charts  dashboardCharts
	// Portal is the portal's use by tier (nil before anyone is invited).
	Portal []engagementTier
	// NPS is the survey answers' NPS by tier (nil before any answer).
	NPS []npsTierRow
	// Perception is the perception gap's figure (perception.go; nil
	// before staff answered a survey).
	Perception *perceptionFigure
	// Health is the customers' health in bands; Funnel the stages after
	// the sale (nil without orders).
	Health *report.HealthReport
	Funnel *report.FunnelReport
	// NoEffort: no touchpoint in the window carries service effort;
	// NoRates: neither a cost per service hour nor per order is set. Either
	// way profit would be (nearly) revenue, so the cost-to-serve parts
	// say what to import or set instead.
	NoEffort, NoRates bool
	Marketing         *marketingCard // MOC% and the best and worst activity (dashboard_marketing.go)
}

// CostReady reports whether the cost-to-serve figures mean something.
func (d dashboardData) CostReady() bool { return !d.NoEffort && !d.NoRates }

// tierRow joins a pareto tier to its cost-to-serve figures.
type tierRow struct {
	report.CostTier
	Customers int
}

func (dashboardData) PageTitle(l *i18n.Lang) string { return l.T("Dashboard") }

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.snapshot(r)
	if err != nil {
		return err
	}
	imports, err := s.st.RecentImports(r.Context(), 5)
	if err != nil {
		return err
	}
	d := dashboardData{Pareto: snap.pareto, Cost: snap.cost, Imports: imports}
	sc := scopeOf(r.Context())
	if !sc.All() {
		d.Scoped = i18n.N("only the accounts you own")
		if sc.Account() != 0 {
			d.Scoped = i18n.N("one account")
		}
	}
	if snap.pareto != nil {
		lapsed := visibleRows(snap, sc, snap.lapsed.Accounts, func(a report.LapsedAccount) int64 { return a.ID })
		stale := visibleRows(snap, sc, snap.stale.Contacts, func(c report.StaleContact) int64 { return c.AccountID })
		d.Lapsed, d.LapsedN = firstN(lapsed, 8), len(lapsed)
		d.Stale, d.StaleN = firstN(stale, 8), len(stale)
		if sc.All() {
			effort := 0.0
			for _, t := range snap.cost.Tiers {
				d.Tiers = append(d.Tiers, tierRow{CostTier: t, Customers: t.Accounts})
				effort += t.EffortHours
			}
			d.NoEffort = effort == 0
			d.NoRates = snap.cost.Settings.CostPerServiceHour == 0 && snap.cost.Settings.CostPerOrder == 0
			d.Charts = s.dashboardCharts(snap, langOf(r.Context()))
			if d.Portal, err = s.engagementByTier(r.Context(), snap); err != nil {
				return err
			}
			if d.NPS, err = s.npsByTier(r.Context(), snap); err != nil {
				return err
			}
			if d.Perception, err = s.perceptionFigure(r.Context(), snap); err != nil {
				return err
			}
			d.Health, d.Funnel = snap.health, snap.funnel
		}
	}
	if d.Marketing, err = s.marketingCardOf(r); err != nil {
		return err
	}
	s.render(w, r, "dashboard", http.StatusOK, d)
	return nil
}

func firstN[T any](xs []T, n int) []T {
	if len(xs) > n {
		return xs[:n]
	}
	return xs
}
