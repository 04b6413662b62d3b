package web

import (
	"html/template"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/chart"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/store"
)

// dashboardCharts are the dashboard's SVG charts, drawn once per snapshot.
type dashboardCharts struct {
	Pareto, Lorenz, Whale, Effort template.HTML
}

func (s *Server) dashboardCharts(snap *snapshot, l *i18n.Lang) dashboardCharts {
	snap.chartsMu.Lock()
	defer snap.chartsMu.Unlock()
	c, ok := snap.charts[l.Code]
	if !ok {
		c = drawDashboardCharts(snap, l)
		if snap.charts == nil {
			snap.charts = map[string]*dashboardCharts{}
		}
		snap.charts[l.Code] = c
	}
	return *c
}

func drawDashboardCharts(snap *snapshot, l *i18n.Lang) *dashboardCharts {
	p, c := snap.pareto, snap.cost
	revs := make([]float64, len(p.Accounts))
	names := make([]string, len(p.Accounts))
	for i, a := range p.Accounts {
		revs[i], names[i] = a.Revenue, a.Name
	}
	tiers := make([]chart.Tier, len(p.Tiers))
	for i, t := range p.Tiers {
		tiers[i] = chart.Tier{Name: t.Tier, Customers: t.Customers}
	}
	var lorenz []chart.Point
	for _, pt := range pareto.Lorenz(revs, 200) {
		lorenz = append(lorenz, chart.Point{X: pt.Customers, Y: pt.Revenue})
	}
	cats := []string{}
	var effort, revenue []float64
	for _, t := range c.Tiers {
		cats = append(cats, l.Value(t.Tier))
		effort = append(effort, t.EffortShare)
		revenue = append(revenue, t.RevenueShare)
	}
	pc := chart.Pareto{Options: chart.Options{Title: l.T("Revenue by account, ranked"), ID: "pareto", Lang: l},
		Revenues: revs, Names: names, Tiers: tiers}
	pn := pc
	pn.Options, pn.MaxBars = narrowed(pc.Options, 440), 40
	lc := chart.Lorenz{Options: chart.Options{Title: l.T("Lorenz curve of revenue"), ID: "lorenz", Width: 480, Height: 400, Lang: l},
		Points: lorenz, Gini: p.Gini}
	ln := lc
	ln.Options = narrowed(lc.Options, 460)
	wc := chart.Whale{Options: chart.Options{Title: l.T("Whale curve: cumulative profit, most profitable customers first"), ID: "whale", Lang: l},
		Curve: c.Curve()}
	wn := wc
	wn.Options = narrowed(wc.Options, 420)
	ec := chart.Bars{Options: chart.Options{Title: l.T("Service effort against revenue, by tier"), ID: "effort", Width: 480, Height: 320, Lang: l},
		Categories: cats, Format: chart.Percent, YLabel: l.T("share"),
		Series: []chart.BarSeries{{Name: l.T("revenue share"), Values: revenue}, {Name: l.T("effort share"), Values: effort}}}
	en := ec
	en.Options = narrowed(ec.Options, 340)
	return &dashboardCharts{Pareto: both(pc, pn), Lorenz: both(lc, ln), Whale: both(wc, wn), Effort: both(ec, en)}
}

// narrowWidth is the viewBox width of the charts drawn for phones: about
// the width in pixels of a card on a phone, so that the charts' text keeps
// its size there.
const narrowWidth = 360

// narrowed are a chart's options for its narrow drawing: narrowWidth
// units wide, height tall, its ids apart from the wide one's.
func narrowed(o chart.Options, height float64) chart.Options {
	o.Width, o.Height = narrowWidth, height
	if o.ID != "" {
		o.ID += "-n"
	}
	return o
}

// both is a chart drawn wide and narrow; app.css shows the one that fits
// the screen (the narrow one on phones).
func both(wide, narrow chart.Chart) template.HTML {
	return `<div class="chart-wide">` + chart.HTML(wide) + `</div><div class="chart-narrow">` + chart.HTML(narrow) + `</div>`
}

// monthly sums orders per calendar month over the months months up to
// last, oldest first (months without orders are zero).
func monthly(orders []store.DatedAmount, last time.Time, months int) []chart.TimePoint {
	end := time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, time.UTC)
	first := end.AddDate(0, -(months - 1), 0)
	pts := make([]chart.TimePoint, months)
	for i := range pts {
		pts[i].T = first.AddDate(0, i, 0)
	}
	for _, o := range orders {
		m := (o.Day.Year()-first.Year())*12 + int(o.Day.Month()) - int(first.Month())
		if m >= 0 && m < months {
			pts[m].V += o.Amount.Float()
		}
	}
	return pts
}
