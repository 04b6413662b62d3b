package web

import (
	"net/http"

	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

type dashboardData struct {
	Pareto  *report.ParetoReport
	Cost    *report.CostReport
	Lapsed  []report.LapsedAccount
	LapsedN int
	Stale   []report.StaleContact
	StaleN  int
	Imports []store.ImportRecord
	Tiers   []tierRow
	Charts  dashboardCharts
}

// tierRow joins a pareto tier to its cost-to-serve figures.
type tierRow struct {
	report.CostTier
	Customers int
}

func (dashboardData) PageTitle() string { return "Dashboard" }

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
	if snap.pareto != nil {
		d.Lapsed, d.LapsedN = firstN(snap.lapsed.Accounts, 8), len(snap.lapsed.Accounts)
		d.Stale, d.StaleN = firstN(snap.stale.Contacts, 8), len(snap.stale.Contacts)
		for _, t := range snap.cost.Tiers {
			d.Tiers = append(d.Tiers, tierRow{CostTier: t, Customers: t.Accounts})
		}
		d.Charts = s.dashboardCharts(snap)
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
