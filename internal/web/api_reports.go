package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
)

// The reports of the JSON API: what `vitalfew report NAME --json` prints.

// apiReport answers GET /api/v1/reports/{name} with what
// `vitalfew report NAME --json` prints for the same parameters. Without
// parameters, the reports the pages show come from the analytics snapshot,
// with as_of_version and stale (see writeFigures), for users who see every
// account; the others' reports are worked out for their accounts.
func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if !slices.Contains(report.Names(), name) {
		return crm.Errorf(crm.ENOTFOUND, "no report %q (known: %s)", name, strings.Join(report.Names(), ", "))
	}
	if len(r.URL.Query()) == 0 && scopeOf(r.Context()).All() {
		snap, err := s.snapshot(r)
		if err != nil {
			return err
		}
		if rep := snap.report(name); rep != nil {
			return writeFigures(w, r, rep)
		}
	}
	q, err := query(r)
	if err != nil {
		return err
	}
	p, err := reportParams(q)
	if err != nil {
		return err
	}
	rep, err := report.Run(r.Context(), s.st, name, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// reportParams reads the parameters of the report command's flags:
// since, until, as_of, tiers, after and stale_after (see `vitalfew report
// --help`); absent ones take the same defaults.
func reportParams(q *apiQuery) (report.Params, error) {
	p := report.Params{Since: q.date("since"), Until: q.date("until"), AsOf: q.date("as_of")}
	tiers, after, stale, year, survey := q.get("tiers"), q.get("after"), q.get("stale_after"), q.get("year"), q.get("survey")
	p.Model, p.Value = q.get("model"), q.get("value")
	if q.err != nil {
		return p, q.err
	}
	var err error
	if year != "" {
		if p.Year, err = strconv.Atoi(year); err != nil {
			return p, crm.Errorf(crm.EINVALID, "year: want a year such as 2025, got %q", year)
		}
	}
	if survey != "" {
		if p.Survey, err = strconv.ParseInt(survey, 10, 64); err != nil || p.Survey < 1 {
			return p, crm.Errorf(crm.EINVALID, "survey: want a survey id, got %q", survey)
		}
	}
	if tiers != "" {
		if p.Thresholds, err = report.ParseTiers("tiers", tiers); err != nil {
			return p, err
		}
	}
	if after != "" {
		if p.LapsedAfter, err = report.ParseSpan("after", after); err != nil {
			return p, err
		}
	}
	if stale != "" {
		if p.StaleAfter, err = report.ParseSpan("stale_after", stale); err != nil {
			return p, err
		}
	}
	if !p.Since.IsZero() && !p.Until.IsZero() && p.Since.After(p.Until) {
		return p, crm.Errorf(crm.EINVALID, "since: %s is after until %s", p.Since.Format(time.DateOnly), p.Until.Format(time.DateOnly))
	}
	return p, nil
}
