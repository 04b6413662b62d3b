package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/report"
)

// The web analytics page (/marketing/web): visits by campaign (the
// activity a visit landed with), the top pages and referrers, imported
// figures; filters of days and activity, CSV of the activities' rows.

type webData struct {
	listPage[report.WebActivity]
	Report       *report.WebReport
	Since, Until string
	Activity     int64
	Activities   []crm.Activity
	CSVURL       string
	ScriptURL    string
	Pages        listPage[crm.WebCount]
	Referrers    listPage[crm.WebCount]
}

// webOf runs the web report of r's query (since, until, activity) and
// returns it with the query, cleaned.
func (s *Server) webOf(r *http.Request) (*report.WebReport, url.Values, int64, error) {
	q := r.URL.Query()
	keep := url.Values{}
	var p report.Params
	for _, f := range []struct {
		name string
		to   *time.Time
	}{{"since", &p.Since}, {"until", &p.Until}} {
		if v := q.Get(f.name); v != "" {
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return nil, nil, 0, crm.Errorf(crm.EINVALID, "%s: want a date like 2024-12-31, got %q", f.name, v)
			}
			*f.to = t
			keep.Set(f.name, v)
		}
	}
	var activity int64
	if v := q.Get("activity"); v != "" {
		var err error
		if activity, err = strconv.ParseInt(v, 10, 64); err != nil || activity < 0 {
			return nil, nil, 0, crm.Errorf(crm.EINVALID, "activity: want an activity's id, got %q", v)
		}
		keep.Set("activity", v)
	}
	p.Limit = -1
	rep, err := report.WebOf(r.Context(), s.st, p, activity)
	return rep, keep, activity, err
}

func (s *Server) webPage(w http.ResponseWriter, r *http.Request) error {
	rep, q, activity, err := s.webOf(r)
	if err != nil {
		return err
	}
	d := webData{listPage: listPage[report.WebActivity]{Title: i18n.N("Web analytics")}, Report: rep, Since: rep.Since, Until: rep.Until,
		Activity: activity, CSVURL: "/marketing/web.csv", ScriptURL: s.linkBase(r) + "/t.js"}
	base := "/marketing/web"
	if len(q) > 0 {
		base += "?" + q.Encode()
		d.CSVURL += "?" + q.Encode()
	}
	paginate(r, base, rep.Activities, &d.listPage)
	paginateAs(r, "ppage", base, rep.Pages, &d.Pages, 10)
	paginateAs(r, "rpage", base, rep.Referrers, &d.Referrers, 10)
	if d.Activities, err = s.st.Activities(r.Context()); err != nil {
		return err
	}
	s.render(w, r, "web", http.StatusOK, d)
	return nil
}

// webCSV exports the activities' rows of the page's filters.
func (s *Server) webCSV(w http.ResponseWriter, r *http.Request) error {
	rep, _, _, err := s.webOf(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="web-analytics.csv"`)
	return rep.WriteCSV(w)
}
