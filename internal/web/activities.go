package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/csvout"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The marketing activities: the list (/marketing/activities: filters of
// name, kind and status, paging, CSV) and each activity's page with its
// cost lines, tracking codes and a link builder, its touches, what the
// attribution credits it with and its web visits.

type activitiesData struct {
	listPage[crm.Activity]
	Q, Kind, Status string
	Kinds, Statuses []string
	CSVURL          string
}

// activitiesOf reads the activities r's query keeps (q: part of the name
// or a code; kind; status) and the query, cleaned.
func (s *Server) activitiesOf(r *http.Request) ([]crm.Activity, url.Values, error) {
	all, err := s.st.Activities(r.Context())
	if err != nil {
		return nil, nil, err
	}
	q := r.URL.Query()
	keep := url.Values{}
	text, kind, status := strings.TrimSpace(q.Get("q")), q.Get("kind"), q.Get("status")
	if kind != "" && !slices.Contains(crm.ActivityKinds, kind) {
		return nil, nil, crm.Errorf(crm.EINVALID, "kind: unknown %q", kind)
	}
	if status != "" && !slices.Contains([]string{crm.ActivityPlanning, crm.ActivityActive, crm.ActivityDone}, status) {
		return nil, nil, crm.Errorf(crm.EINVALID, "status: unknown %q", status)
	}
	for k, v := range map[string]string{"q": text, "kind": kind, "status": status} {
		if v != "" {
			keep.Set(k, v)
		}
	}
	needle := crm.ActivityKey(text)
	out := all[:0:0]
	for _, a := range all {
		if kind != "" && a.Kind != kind || status != "" && a.Status != status {
			continue
		}
		if needle != "" && !strings.Contains(crm.ActivityKey(a.Name), needle) &&
			!slices.ContainsFunc(a.Codes, func(c string) bool { return crm.ActivityKey(c) == needle }) {
			continue
		}
		out = append(out, a)
	}
	return out, keep, nil
}

func (s *Server) activitiesPage(w http.ResponseWriter, r *http.Request) error {
	list, q, err := s.activitiesOf(r)
	if err != nil {
		return err
	}
	d := activitiesData{listPage: listPage[crm.Activity]{Title: i18n.N("Marketing activities")}, Q: q.Get("q"), Kind: q.Get("kind"),
		Status: q.Get("status"), Kinds: crm.ActivityKinds, Statuses: []string{crm.ActivityPlanning, crm.ActivityActive, crm.ActivityDone},
		CSVURL: withQuery("/marketing/activities.csv", q.Encode())}
	paginate(r, withQuery("/marketing/activities", q.Encode()), list, &d.listPage)
	s.render(w, r, "activities", http.StatusOK, d)
	return nil
}

// activitiesCSV exports the activities of the list's filters, every row.
func (s *Server) activitiesCSV(w http.ResponseWriter, r *http.Request) error {
	list, _, err := s.activitiesOf(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="activities.csv"`)
	c := csvout.New(w)
	c.Write("id", "activity", "kind", "channel", "status", "marketing", "start", "end", "cost", "codes")
	for _, a := range list {
		c.Write(strconv.FormatInt(a.ID, 10), a.Name, a.Kind, a.Channel, a.Status, strconv.FormatBool(a.Marketing), dateText(a.StartsOn),
			dateText(a.EndsOn), a.Cost.String(), strings.Join(a.Codes, " "))
	}
	return c.Flush()
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// activityTouch is a touch of the activity with its account's name.
type activityTouch struct {
	crm.ActivityTouch
	Account string
}

type activityData struct {
	Activity crm.Activity
	Costs    []crm.ActivityCost
	Touches  listPage[activityTouch]
	// Credit is the activity's row of the attribution (first touch, first
	// order, all new customers); nil when it is credited with nothing.
	Credit *report.AttributionActivity
	Web    report.WebRow
	// The link builder's fields and the links it made.
	Base, Source, Medium, Code string
	UTMLink, VFLink            string
	LinkError                  string
	LinksCSV                   string // the links of each contact, for a mail merge
	// Achieved is what the activity reached of its intended result, when
	// vitalfew measures it (Measured): new customers credited (first
	// touch), or inquiries from its web visits.
	Achieved int64
	Measured bool
}

func (d activityData) PageTitle(l *i18n.Lang) string { return d.Activity.Name }

// activityOf finds activity {id}.
func (s *Server) activityOf(r *http.Request) (crm.Activity, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return crm.Activity{}, crm.Errorf(crm.ENOTFOUND, "no activity %q", r.PathValue("id"))
	}
	all, err := s.st.Activities(r.Context())
	if err != nil {
		return crm.Activity{}, err
	}
	for _, a := range all {
		if a.ID == id {
			return a, nil
		}
	}
	return crm.Activity{}, crm.Errorf(crm.ENOTFOUND, "no activity with id %d", id)
}

// activityTouches returns the touches of activity id in the user's scope
// with their accounts' names, newest first.
func (s *Server) activityTouches(r *http.Request, id int64) ([]activityTouch, error) {
	all, err := s.st.ActivityTouches(r.Context())
	if err != nil {
		return nil, err
	}
	dir, err := s.st.Directory(r.Context())
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(dir))
	for _, d := range dir {
		names[d.ID] = d.Name
	}
	var out []activityTouch
	for _, t := range all {
		if t.ActivityID == id {
			out = append(out, activityTouch{ActivityTouch: t, Account: names[t.AccountID]})
		}
	}
	slices.SortStableFunc(out, func(a, b activityTouch) int { return b.Date.Compare(a.Date) })
	return out, nil
}

func (s *Server) activityPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.activityOf(r)
	if err != nil {
		return err
	}
	d := activityData{Activity: a}
	if d.Costs, err = s.st.ActivityCosts(r.Context(), a.ID); err != nil {
		return err
	}
	touches, err := s.activityTouches(r, a.ID)
	if err != nil {
		return err
	}
	base := "/marketing/activities/" + strconv.FormatInt(a.ID, 10)
	paginateAs(r, "tpage", base, touches, &d.Touches, 25)
	att, err := report.Attribution(r.Context(), s.st, report.Params{Limit: -1})
	if err != nil {
		return err
	}
	for i := range att.Activities {
		if att.Activities[i].Activity == a.Name {
			d.Credit = &att.Activities[i]
		}
	}
	web, err := report.WebOf(r.Context(), s.st, report.Params{}, a.ID)
	if err != nil {
		return err
	}
	d.Web = web.Total
	switch a.IntendedResult {
	case crm.ResultNewCustomers:
		d.Measured = true
		if d.Credit != nil {
			d.Achieved = int64(d.Credit.Customers)
		}
	case crm.ResultInquiries:
		d.Achieved, d.Measured = int64(d.Web.Inquiries), true
	}
	// The link builder: a page of the business's site and the code.
	q := r.URL.Query()
	d.Base, d.Source, d.Medium, d.Code = strings.TrimSpace(q.Get("base")), strings.TrimSpace(q.Get("utm_source")), strings.TrimSpace(q.Get("utm_medium")), q.Get("code")
	if d.Code == "" && len(a.Codes) > 0 {
		d.Code = a.Codes[0]
	}
	if d.Base != "" {
		d.UTMLink, d.VFLink, d.LinkError = trackedLinks(d.Base, d.Source, d.Medium, d.Code, a.Codes)
		if d.LinkError == "" {
			d.LinksCSV = base + "/links.csv?" + r.URL.RawQuery
		}
	}
	s.render(w, r, "activity", http.StatusOK, d)
	return nil
}

// trackedLinks builds the links of page base for the activity's code: a
// UTM link (utm_source, utm_medium, utm_campaign=code) and a short one
// (vf=code) for print; or says why it cannot.
func trackedLinks(base, source, medium, code string, codes []string) (utm, vf, problem string) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(base) > 2000 {
		return "", "", i18n.N("Give the address of a page of your site, starting with https://")
	}
	if !slices.Contains(codes, code) {
		return "", "", i18n.N("Give the activity a tracking code first (import it with a code).")
	}
	q := u.Query()
	q.Set("utm_campaign", code)
	if source != "" {
		q.Set("utm_source", source)
	}
	if medium != "" {
		q.Set("utm_medium", medium)
	}
	u.RawQuery = q.Encode()
	utm = u.String()
	q = u.Query()
	for _, k := range []string{"utm_campaign", "utm_source", "utm_medium"} {
		q.Del(k)
	}
	q.Set("vf", code)
	u.RawQuery = q.Encode()
	return utm, u.String(), ""
}

// activityLinksCSV exports the UTM link of the builder's query for each
// active contact with an e-mail of the accounts the user sees, with the
// contact's token (vf_c=) that ties their visits to their account: for
// the mail merge of an e-mail campaign.
func (s *Server) activityLinksCSV(w http.ResponseWriter, r *http.Request) error {
	a, err := s.activityOf(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	code := q.Get("code")
	if code == "" && len(a.Codes) > 0 {
		code = a.Codes[0]
	}
	link, _, problem := trackedLinks(strings.TrimSpace(q.Get("base")), strings.TrimSpace(q.Get("utm_source")), strings.TrimSpace(q.Get("utm_medium")), code, a.Codes)
	if problem != "" {
		return crm.Errorf(crm.EINVALID, "%s", langOf(r.Context()).T(problem))
	}
	contacts, err := s.st.Contacts(r.Context(), store.ContactFilter{ActiveOnly: true})
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(contacts))
	for _, c := range contacts {
		if c.Email != "" {
			ids = append(ids, c.ID)
		}
	}
	tokens, err := s.st.ContactLinkTokens(r.Context(), ids)
	if err != nil {
		return err
	}
	u, err := url.Parse(link)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="activity-links.csv"`)
	c := csvout.New(w)
	c.Write("contact_id", "contact", "email", "account_id", "account", "link")
	for _, x := range contacts {
		tok, ok := tokens[x.ID]
		if !ok || x.Email == "" {
			continue
		}
		v := u.Query()
		v.Set("vf_c", tok)
		u.RawQuery = v.Encode()
		c.Write(strconv.FormatInt(x.ID, 10), x.Name, x.Email, strconv.FormatInt(x.AccountID, 10), x.AccountName, u.String())
	}
	return c.Flush()
}

// activityTouchesCSV exports the activity's touches in the user's scope.
func (s *Server) activityTouchesCSV(w http.ResponseWriter, r *http.Request) error {
	a, err := s.activityOf(r)
	if err != nil {
		return err
	}
	touches, err := s.activityTouches(r, a.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="activity-touches.csv"`)
	c := csvout.New(w)
	c.Write("account_id", "account", "activity", "date", "method", "recorded_by")
	for _, t := range touches {
		c.Write(strconv.FormatInt(t.AccountID, 10), t.Account, a.Name, t.Date.Format(time.DateOnly), t.Method, t.RecordedBy)
	}
	return c.Flush()
}
