package web

import (
	"cmp"
	"net/http"
	"net/url"
	"strconv"
	"strings"
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
	// Unknown is a page of the reverse-tracking worklist (upage=),
	// Activities what staff may name as a customer's origin, Back this
	// page's address, Done the account whose origin was just recorded.
	Unknown    listPage[report.AttributionUnknown]
	Activities []crm.Activity
	Back       string
	Done       int64
	// Heard is a page of the answers to "how did you hear about us?"
	// (hpage=), Names the activities' names by id, Mapped how many touches
	// the last mapping wrote (-1: none was made).
	Heard  listPage[crm.HeardAnswer]
	Names  map[int64]string
	Mapped int
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
	paginateAs(r, "upage", base, rep.Unknown, &d.Unknown, 10)
	d.Back = r.URL.RequestURI()
	d.Done, _ = strconv.ParseInt(r.URL.Query().Get("done"), 10, 64)
	if d.Activities, err = s.st.Activities(r.Context()); err != nil {
		return err
	}
	d.Names = map[int64]string{}
	for _, a := range d.Activities {
		d.Names[a.ID] = a.Name
	}
	heard, err := s.st.HeardAbout(r.Context())
	if err != nil {
		return err
	}
	paginateAs(r, "hpage", base, heard, &d.Heard, 10)
	d.Mapped = -1
	if v := r.URL.Query().Get("mapped"); v != "" {
		d.Mapped, _ = strconv.Atoi(v)
	}
	s.render(w, r, "marketing", http.StatusOK, d)
	return nil
}

// marketingOrigin records, from the worklist, how a customer of unknown
// origin came (store.RecordTouch): the activity, how it is known
// (reverse, or pos when the customer said so) and the day of their first
// order, and goes back to the page.
func (s *Server) marketingOrigin(w http.ResponseWriter, r *http.Request) error {
	account, err1 := strconv.ParseInt(r.PostFormValue("account_id"), 10, 64)
	activity, err2 := strconv.ParseInt(r.PostFormValue("activity_id"), 10, 64)
	on, err3 := time.Parse(time.DateOnly, r.PostFormValue("date"))
	if err := cmp.Or(err1, err2, err3); err != nil {
		return crm.Errorf(crm.EINVALID, "account_id, activity_id and date: required")
	}
	method := r.PostFormValue("method")
	if method != crm.TouchReverse && method != crm.TouchPOS {
		return crm.Errorf(crm.EINVALID, "method: reverse or pos")
	}
	if _, err := s.st.RecordTouch(r.Context(), crm.ActivityTouch{AccountID: account, ActivityID: activity, Date: on, Method: method}); err != nil {
		return err
	}
	back := r.PostFormValue("back")
	if !strings.HasPrefix(back, "/marketing") || strings.HasPrefix(back, "/marketing.") {
		back = "/marketing"
	}
	u, err := url.Parse(back)
	if err != nil {
		u = &url.URL{Path: "/marketing"}
	}
	q := u.Query()
	q.Set("done", strconv.FormatInt(account, 10))
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.Path+"?"+u.RawQuery, http.StatusSeeOther)
	return nil
}

// marketingHeard maps an answer to "how did you hear about us?" to an
// activity, once (store.MapHeardAbout), and goes back to the page saying
// how many customers it gave a pos touch.
func (s *Server) marketingHeard(w http.ResponseWriter, r *http.Request) error {
	activity, err := strconv.ParseInt(r.PostFormValue("activity_id"), 10, 64)
	if err != nil {
		return crm.Errorf(crm.EINVALID, "activity_id: required")
	}
	n, err := s.st.MapHeardAbout(r.Context(), r.PostFormValue("answer"), activity)
	if err != nil {
		return err
	}
	u := backTo(r.PostFormValue("back"))
	q := u.Query()
	q.Set("mapped", strconv.Itoa(n))
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.Path+"?"+u.RawQuery, http.StatusSeeOther)
	return nil
}

// backTo is the marketing page address a form came from, or the page.
func backTo(back string) *url.URL {
	if !strings.HasPrefix(back, "/marketing") || strings.HasPrefix(back, "/marketing.") || strings.HasPrefix(back, "/marketing/") {
		back = "/marketing"
	}
	u, err := url.Parse(back)
	if err != nil {
		u = &url.URL{Path: "/marketing"}
	}
	return u
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
