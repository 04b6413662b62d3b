package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/chart"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

type accountData struct {
	Account     *crm.Account
	Row         accountRow
	Customers   int // customers in the window, for "rank N of M"
	Window      string
	Cost        report.AccountCost
	HasCost     bool
	Contacts    []contactView
	Timeline    []store.TimelineItem
	Total       int
	Filter      store.TimelineFilter
	Departments []string
	Kinds       []string
	Prev, Next  string
	Trend       template.HTML
	Spark       template.HTML
	Lifetime    float64
	Today       string
	Error       string
	// Invited is the portal invitation just made from this page, if any.
	Invited *invitedNotice
	// Surveys are those staff may invite the contacts to; Answers what
	// the account's contacts answered.
	Surveys []store.SurveySummary
	Answers *accountAnswers
	// Portal is the account's use of the portal (nil: nobody invited).
	Portal *accountPortal
	// The customer model's forecast (HasForecast false without a model or
	// orders) and the win-back value: lifetime revenue × (1 − P(alive)).
	Forecast    report.AccountForecast
	HasForecast bool
	WinBack     float64
	Headline    report.Headline
	// Open and Overdue count the account's open care items (complaints
	// and questions); CareURL is the care queue filtered to the account.
	Open, Overdue int
	CareURL       string
	// Health is the account's health (report health), when it is a
	// customer and the figures have it.
	Health    report.HealthAccount
	HasHealth bool
	// Voice is who of the business spoke to the account lately.
	Voice report.OneVoice
	// Acts are the account's advocacy acts, the latest first; ActKinds
	// the kinds staff choose from.
	Acts     []crm.AdvocacyAct
	ActKinds []string
	// Codes are the contacts' referral codes by contact id.
	Codes map[int64]string
	// Stages are the account's stage transitions, the latest first.
	Stages []crm.StageTransition
}

type contactView struct {
	crm.Contact
	Email, Phone string
	MailTo, Tel  template.URL // built from the stored identities: escaped, scheme fixed
	Others       []crm.Identity
	AgeDays      int // days since last verified; -1 when never
	Fresh        string
}

func (d accountData) PageTitle(*i18n.Lang) string { return d.Account.Name }

const timelinePerPage = 50

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, crm.Errorf(crm.ENOTFOUND, "no such account")
	}
	return id, nil
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, http.StatusOK, "")
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, formErr string) error {
	return s.renderAccountWith(w, r, status, formErr, nil)
}

func (s *Server) renderAccountWith(w http.ResponseWriter, r *http.Request, status int, formErr string, invited *invitedNotice) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.st.Account(ctx, id)
	if err != nil {
		return err
	}
	snap, err := s.snapshot(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.TimelineFilter{Department: q.Get("department"), Kind: q.Get("kind"), Limit: timelinePerPage}
	page := 1
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 {
		page = p
	}
	f.Offset = (page - 1) * timelinePerPage
	d := accountData{Account: a, Filter: f, Error: formErr, Today: time.Now().Format(time.DateOnly), Invited: invited}
	if d.Portal, err = s.portalOf(ctx, id); err != nil {
		return err
	}
	if d.Surveys, err = s.st.Surveys(ctx); err != nil {
		return err
	}
	if d.Answers, err = s.accountAnswers(ctx, id, d.Surveys); err != nil {
		return err
	}
	d.Row, _ = snap.account(id)
	if snap.pareto != nil {
		if scopeOf(ctx).All() { // "rank 3 of 812" counts the whole business
			d.Customers = snap.pareto.Customers
		}
		d.Window = langOf(ctx).DayText(snap.pareto.Since) + " – " + langOf(ctx).DayText(snap.pareto.Until)
		d.Cost, d.HasCost = snap.costOf(id)
	}
	if d.Timeline, d.Total, err = s.st.Timeline(ctx, id, f); err != nil {
		return err
	}
	if d.Departments, d.Kinds, err = s.st.TimelineFacets(ctx, id); err != nil {
		return err
	}
	pageURL := func(p int) string {
		v := url.Values{}
		for k, val := range map[string]string{"department": f.Department, "kind": f.Kind} {
			if val != "" {
				v.Set(k, val)
			}
		}
		if p > 1 {
			v.Set("page", strconv.Itoa(p))
		}
		u := "/accounts/" + strconv.FormatInt(id, 10)
		if len(v) > 0 {
			u += "?" + v.Encode()
		}
		return u + "#timeline"
	}
	if page > 1 {
		d.Prev = pageURL(page - 1)
	}
	if f.Offset+len(d.Timeline) < d.Total {
		d.Next = pageURL(page + 1)
	}
	contacts, err := s.st.AccountContacts(ctx, id)
	if err != nil {
		return err
	}
	asOf := time.Now()
	if snap.pareto != nil {
		asOf, _ = time.Parse(time.DateOnly, snap.pareto.AsOf)
	}
	for _, c := range contacts {
		v := contactView{Contact: c, AgeDays: -1, Fresh: tr(r, "never verified")}
		for _, i := range c.Identities {
			switch {
			case i.Kind == crm.IdentityEmail && v.Email == "":
				v.Email = i.Value
			case i.Kind == crm.IdentityPhone && v.Phone == "":
				v.Phone = i.Value
			default:
				v.Others = append(v.Others, i)
			}
		}
		v.MailTo, v.Tel = mailtoURL(v.Email), telURL(v.Phone)
		if !c.LastVerifiedAt.IsZero() {
			v.AgeDays = max(0, int(asOf.Sub(c.LastVerifiedAt).Hours()/24)) // verified after the as-of day: 0
			v.Fresh = tr(r, "verified %s", langOf(ctx).Day(c.LastVerifiedAt))
		}
		d.Contacts = append(d.Contacts, v)
	}
	orders, err := s.st.AccountOrders(ctx, id)
	if err != nil {
		return err
	}
	var lifetime crm.Money
	for _, o := range orders {
		if lifetime, err = lifetime.Add(o.Amount); err != nil {
			return err
		}
	}
	d.Lifetime = lifetime.Float()
	d.Headline = report.RevenueHeadline(orders, asOf)
	if d.Forecast, d.HasForecast = snap.base.Forecast(id); d.HasForecast {
		d.WinBack = d.Lifetime * (1 - d.Forecast.PAlive)
	}
	d.Health, d.HasHealth = snap.health.Account(id)
	now := time.Now().UTC()
	recent, _, err := s.st.ListTouchpoints(ctx, store.TouchpointQuery{AccountID: id, Since: now.AddDate(0, 0, -report.OneVoiceDays), Until: now, Limit: store.MaxPageSize})
	if err != nil {
		return err
	}
	d.Voice = report.Voices(recent, now)
	if d.Acts, err = s.st.AdvocacyActs(ctx, id, time.Time{}); err != nil {
		return err
	}
	d.ActKinds = crm.AdvocacyKinds()
	if d.Stages, err = s.st.StageTransitions(ctx, id, time.Time{}); err != nil {
		return err
	}
	codes, err := s.st.ReferralCodes(ctx, id)
	if err != nil {
		return err
	}
	d.Codes = map[int64]string{}
	for _, c := range codes {
		d.Codes[c.ContactID] = c.Code
	}
	cf := careFilter{Account: id, Sort: "priority"}
	_, care, err := s.careQueue(r, cf)
	if err != nil {
		return err
	}
	for i := range care.keep {
		d.Open++
		if care.row(i).Overdue {
			d.Overdue++
		}
	}
	d.CareURL = "/care?" + cf.query()
	if len(orders) > 0 {
		pts := monthly(orders, asOf, 36)
		tc := chart.Trend{Options: chart.Options{Title: tr(r, "Revenue per month, last 36 months"), ID: "trend", Height: 300, Lang: langOf(ctx)},
			Series: []chart.Series{{Name: a.Name, Points: pts}}, Format: chart.Money, YLabel: tr(r, "revenue")}
		tn := tc
		tn.Options = narrowed(tc.Options, 320)
		d.Trend = both(tc, tn)
		vals := make([]float64, 0, 12)
		for _, p := range pts[len(pts)-12:] {
			vals = append(vals, p.V)
		}
		d.Spark = chart.HTML(chart.Sparkline{Label: tr(r, "Revenue per month, last 12 months"), Values: vals, Format: chart.Money, Lang: langOf(ctx)})
	}
	s.render(w, r, "account", status, d)
	return nil
}

// addTouchpoint adds a note, call, meeting … to an account's timeline.
func (s *Server) addTouchpoint(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	t := crm.Touchpoint{AccountID: id, Kind: r.PostFormValue("kind"), Department: r.PostFormValue("department"),
		Subject: r.PostFormValue("subject"), Body: r.PostFormValue("body")}
	if m := strings.TrimSpace(r.PostFormValue("effort_minutes")); m != "" {
		if t.EffortMinutes, err = strconv.ParseFloat(m, 64); err != nil {
			return s.renderAccount(w, r, http.StatusBadRequest, tr(r, "effort minutes: want a number"))
		}
	}
	if d := strings.TrimSpace(r.PostFormValue("occurred_at")); d != "" {
		if t.OccurredAt, err = time.Parse(time.DateOnly, d); err != nil {
			return s.renderAccount(w, r, http.StatusBadRequest, tr(r, "date: want YYYY-MM-DD"))
		}
		if crm.CheckDate(t.OccurredAt) != nil || t.OccurredAt.IsZero() {
			return s.renderAccount(w, r, http.StatusBadRequest, tr(r, "date: %s is outside 1900-01-01..2100-12-31", d))
		}
	}
	if _, err := s.st.CreateTouchpoint(r.Context(), t); err != nil {
		if crm.ErrorCode(err) == crm.EINVALID {
			return s.renderAccount(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err))
		}
		return err
	}
	http.Redirect(w, r, "/accounts/"+strconv.FormatInt(id, 10)+"#timeline", http.StatusSeeOther)
	return nil
}

// mailtoURL returns a mailto: link to the address email ("" for none),
// the address path-escaped so that it cannot add headers or a body.
func mailtoURL(email string) template.URL {
	if email == "" {
		return ""
	}
	return template.URL("mailto:" + url.PathEscape(email))
}

// telURL returns a tel: link to phone ("" for none) of its digits and a
// leading "+" alone.
func telURL(phone string) template.URL {
	var b strings.Builder
	for i, r := range strings.TrimSpace(phone) {
		if '0' <= r && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return template.URL("tel:" + b.String())
}

// verifyContact marks a contact verified today (field back: the page to
// return to, a path of this application; the contact's account by
// default).
func (s *Server) verifyContact(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return crm.Errorf(crm.ENOTFOUND, "no such contact")
	}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	c, err := s.st.UpdateContact(r.Context(), id, func(c *crm.Contact) error {
		c.LastVerifiedAt = today
		return nil
	})
	if err != nil {
		return err
	}
	back := "/accounts/" + strconv.FormatInt(c.AccountID, 10) + "#contacts"
	if b := r.PostFormValue("back"); localPath(b) {
		back = b
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// localPath reports whether p is a path of this application ("/…", not
// "//host" or a scheme), safe to redirect to.
func localPath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "/\\") && !strings.ContainsAny(p, "\r\n")
}
