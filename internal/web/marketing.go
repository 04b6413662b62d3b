package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/attribution"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/report"
)

// The marketing page: the ROI table of `vitalfew report attribution`
// with a switch of model and value basis, MOC% overall and per tier.

// marketingData is the page: the report's activities the user sees, a
// page of them, and the form's choices.
type marketingData struct {
	listPage[report.AttributionActivity]
	Report                     *report.AttributionReport
	Model, Value, Since, Until string
	Models, Values             []string
	CSVURL                     string
}

// attributionOf runs the attribution report of r's query (model, value,
// since, until) and returns it with the query, cleaned, to link on with.
func (s *Server) attributionOf(r *http.Request) (*report.AttributionReport, url.Values, error) {
	q := r.URL.Query()
	keep := url.Values{}
	p := report.Params{Model: q.Get("model"), Value: q.Get("value"), Limit: -1}
	for _, k := range []string{"model", "value", "since", "until"} {
		if v := q.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
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
		}
	}
	rep, err := report.Attribution(r.Context(), s.st, p)
	return rep, keep, err
}

func (s *Server) marketingPage(w http.ResponseWriter, r *http.Request) error {
	rep, q, err := s.attributionOf(r)
	if err != nil {
		return err
	}
	d := marketingData{listPage: listPage[report.AttributionActivity]{Title: i18n.N("Marketing")}, Report: rep,
		Model: rep.Model, Value: rep.Value, Since: rep.Since, Until: rep.Until,
		Values: []string{report.ValueFirstOrder, report.ValueFirstYear, report.ValueCLV}, CSVURL: "/marketing.csv"}
	for _, m := range attribution.Models() {
		d.Models = append(d.Models, string(m))
	}
	base := "/marketing"
	if len(q) > 0 {
		base += "?" + q.Encode()
		d.CSVURL += "?" + q.Encode()
	}
	paginate(r, base, rep.Activities, &d.listPage)
	s.render(w, r, "marketing", http.StatusOK, d)
	return nil
}

// marketingCSV exports the ROI table of the page's choices, every row.
func (s *Server) marketingCSV(w http.ResponseWriter, r *http.Request) error {
	rep, _, err := s.attributionOf(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="marketing-roi.csv"`)
	return rep.WriteCSV(w)
}
