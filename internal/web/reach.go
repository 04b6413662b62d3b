package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/report"
)

// The reach and PR page (/marketing/reach): the channels' followers and
// growth, the press mentions (paged, CSV) with their tone and whether the
// key message came through.

type reachData struct {
	listPage[crm.PressMention]
	Report       *report.ReachReport
	Since, Until string
	CSVURL       string
}

func (s *Server) reachOf(r *http.Request) (*report.ReachReport, url.Values, error) {
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
				return nil, nil, crm.Errorf(crm.EINVALID, "%s: want a date like 2024-12-31, got %q", f.name, v)
			}
			*f.to = t
			keep.Set(f.name, v)
		}
	}
	rep, err := report.Reach(r.Context(), s.st, p)
	return rep, keep, err
}

func (s *Server) reachPage(w http.ResponseWriter, r *http.Request) error {
	rep, q, err := s.reachOf(r)
	if err != nil {
		return err
	}
	d := reachData{listPage: listPage[crm.PressMention]{Title: i18n.N("Reach and PR")}, Report: rep, Since: rep.Since, Until: rep.Until,
		CSVURL: withQuery("/marketing/reach.csv", q.Encode())}
	paginateBy(r, withQuery("/marketing/reach", q.Encode()), rep.Press, &d.listPage, 25)
	s.render(w, r, "reach", http.StatusOK, d)
	return nil
}

func (s *Server) reachCSV(w http.ResponseWriter, r *http.Request) error {
	rep, _, err := s.reachOf(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="press.csv"`)
	return rep.WriteCSV(w)
}
