package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/rfm"
	"github.com/vitalfew/vitalfew/internal/chart"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The customers after the sale (/funnel): the funnel from customer to
// advocate with the referrals behind it, the RFM segments with their
// customers (filtered by segment, paged, CSV), and how the segments
// drifted in a year against the one before.

type funnelData struct {
	Funnel   *report.FunnelReport
	Health   *report.HealthReport
	Unwell   []report.HealthAccount // the least healthy, at most 20
	Segments *report.SegmentsReport
	Drift    *report.DriftReport
	Ideal    *report.IdealReport
	Board    *report.AdvocatesReport // the advocacy leaderboard
	// Accounts of the segments list: filtered by Segment ("" all), paged.
	Accounts listPage[report.SegmentAccount]
	Segment  string
	Names    []string // the segments, best first
	Year     int
	Charts   struct{ Funnel, Segments template.HTML }
	// Moved are the stored stage transitions of the 91 days up to the
	// funnel's as-of day, the latest first (paged by moved=).
	Moved listPage[movedRow]
}

// movedRow is a stored transition with its account's name.
type movedRow struct {
	crm.StageTransition
	Name string
}

func (funnelData) PageTitle(l *i18n.Lang) string { return l.T("After the sale") }

// funnelPage shows the funnel, the segments and their drift.
func (s *Server) funnelPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := funnelData{Segment: strings.TrimSpace(q.Get("segment")), Names: rfm.Segments()}
	if d.Segment != "" && !slices.Contains(d.Names, d.Segment) {
		d.Segment = ""
	}
	var p report.Params
	if y, err := strconv.Atoi(q.Get("year")); err == nil {
		p.Year = y
	}
	ctx := r.Context()
	snap, err := s.snapshot(r)
	if err != nil {
		return err
	}
	if scopeOf(ctx).All() && snap.funnel != nil && snap.health != nil {
		d.Funnel, d.Health, d.Segments, d.Drift, d.Ideal = snap.funnel, snap.health, snap.rfm, snap.drift, snap.ideal
	} else {
		p := report.Params{Base: snap.base}
		if d.Funnel, d.Segments, d.Drift, d.Ideal, err = afterTheSale(ctx, s.st, p); err != nil {
			return err
		}
		if d.Health, err = report.Health(ctx, s.st, p); err != nil {
			return err
		}
	}
	if p.Year != 0 && p.Year != d.Drift.Year {
		p.Base = snap.base
		rep, err := report.Run(ctx, s.st, "drift", p)
		if err != nil {
			return err
		}
		d.Drift = rep.(*report.DriftReport)
	}
	for _, a := range d.Health.Accounts {
		if len(d.Unwell) == 20 || a.Band == "" || a.Band == "healthy" {
			break
		}
		d.Unwell = append(d.Unwell, a)
	}
	d.Year = d.Drift.Year
	board, err := report.Run(ctx, s.st, "advocates", report.Params{Base: snap.base})
	if err != nil {
		return err
	}
	d.Board = board.(*report.AdvocatesReport)
	if asOf, err := time.Parse(time.DateOnly, d.Funnel.AsOf); err == nil {
		ts, err := s.st.StageTransitions(ctx, 0, asOf.AddDate(0, 0, -91))
		if err != nil {
			return err
		}
		moved := make([]movedRow, 0, len(ts))
		for _, t := range ts {
			if t.On.After(asOf) || t.Observed { // at risk, churned: not dated by the data, on Account 360
				continue
			}
			row, _ := snap.account(t.AccountID)
			moved = append(moved, movedRow{StageTransition: t, Name: row.Name})
		}
		paginateAs(r, "moved", "/funnel", moved, &d.Moved, 20)
	}
	var rows []report.SegmentAccount
	for _, a := range d.Segments.Accounts {
		if d.Segment == "" || a.Segment == d.Segment {
			rows = append(rows, a)
		}
	}
	base := "/funnel"
	if d.Segment != "" {
		base += "?segment=" + url.QueryEscape(d.Segment)
	}
	paginate(r, base, rows, &d.Accounts)
	l := langOf(ctx)
	var stages []string
	var counts []float64
	for _, st := range d.Funnel.Stages {
		stages, counts = append(stages, l.Value(st.Stage)), append(counts, float64(st.Accounts))
	}
	fc := chart.Bars{Options: chart.Options{Title: l.T("Accounts at each stage after the sale"), ID: "funnel", Width: 480, Height: 300, Lang: l},
		Categories: stages, Format: chart.Count, YLabel: l.T("accounts"), Series: []chart.BarSeries{{Name: l.T("accounts"), Values: counts}}}
	fn := fc
	fn.Options = narrowed(fc.Options, 300)
	var names []string
	var shares, revenue []float64
	for _, sg := range d.Segments.Segments {
		names, shares, revenue = append(names, l.Value(sg.Segment)), append(shares, sg.Share), append(revenue, sg.RevenueShare)
	}
	sc := chart.Bars{Options: chart.Options{Title: l.T("Share of the customers and of their revenue, by segment"), ID: "segments", Width: 720, Height: 320, Lang: l},
		Categories: names, Format: chart.Percent, YLabel: l.T("share"),
		Series: []chart.BarSeries{{Name: l.T("customers"), Values: shares}, {Name: l.T("revenue share"), Values: revenue}}}
	sn := sc
	sn.Options = narrowed(sc.Options, 360)
	d.Charts.Funnel, d.Charts.Segments = both(fc, fn), both(sc, sn)
	s.render(w, r, "funnel", http.StatusOK, d)
	return nil
}

// afterTheSale works out the orders' reports of /funnel: the funnel,
// the segments, the drift of the year of the latest order and the ideal
// customer.
func afterTheSale(ctx context.Context, st *store.Store, p report.Params) (*report.FunnelReport, *report.SegmentsReport, *report.DriftReport, *report.IdealReport, error) {
	f, err := report.Funnel(ctx, st, p)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	sg, err := report.Segments(ctx, st, p)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	dr, err := report.Drift(ctx, st, p)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	id, err := report.Ideal(ctx, st, p)
	return f, sg, dr, id, err
}

// funnelCSV exports a list of the page: the segments' customers (with
// the page's segment filter), every customer's health (list=health), the
// ideal customer's attributes (list=ideal) or the drift matrix
// (list=drift, year=).
func (s *Server) funnelCSV(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	if q.Get("list") == "health" {
		rep, err := report.Run(r.Context(), s.st, "health", report.Params{})
		if err != nil {
			return err
		}
		w.Header().Set("Content-Disposition", `attachment; filename="health.csv"`)
		return rep.WriteCSV(w)
	}
	if q.Get("list") == "ideal" {
		rep, err := report.Run(r.Context(), s.st, "ideal", report.Params{})
		if err != nil {
			return err
		}
		w.Header().Set("Content-Disposition", `attachment; filename="ideal-customer.csv"`)
		return rep.WriteCSV(w)
	}
	if q.Get("list") == "drift" {
		var p report.Params
		if y, err := strconv.Atoi(q.Get("year")); err == nil {
			p.Year = y
		}
		rep, err := report.Run(r.Context(), s.st, "drift", p)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Disposition", `attachment; filename="segment-drift.csv"`)
		return rep.WriteCSV(w)
	}
	rep, err := report.Run(r.Context(), s.st, "segments", report.Params{})
	if err != nil {
		return err
	}
	sr := rep.(*report.SegmentsReport)
	if seg := q.Get("segment"); seg != "" {
		sr.Accounts = slices.DeleteFunc(sr.Accounts, func(a report.SegmentAccount) bool { return a.Segment != seg })
	}
	w.Header().Set("Content-Disposition", `attachment; filename="segments.csv"`)
	return sr.WriteCSV(w)
}
