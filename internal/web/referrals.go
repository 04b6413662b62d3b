package web

import (
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/csvout"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/store"
)

// Referral codes and the accounts that came through them: a contact's
// code on Account 360, the referrals list (/referrals, filtered, paged,
// CSV), the API (/api/v1/referrals, /api/v1/contacts/{id}/referral-code)
// and the public link /r/{code}, where someone who was recommended leaves
// their company's name and e-mail.

// referralStages are the milestones the list filters on.
var referralStages = []string{"referred", "customer", "repeat"}

type referralsData struct {
	listPage[store.ReferralEntry]
	Stage  string // "" all
	Q      string // part of the account's or the referrer's name
	Stages []string
	CSV    string
}

func (referralsData) PageTitle(l *i18n.Lang) string { return l.T("Referrals") }

// referralRows reads the list with the request's filters: stage= and q=.
func (s *Server) referralRows(r *http.Request) ([]store.ReferralEntry, string, string, error) {
	q := r.URL.Query()
	stage, text := strings.TrimSpace(q.Get("stage")), strings.TrimSpace(q.Get("q"))
	if !slices.Contains(referralStages, stage) {
		stage = ""
	}
	if len(text) > 200 {
		text = text[:200]
	}
	all, err := s.st.ReferralList(r.Context())
	if err != nil {
		return nil, "", "", err
	}
	key := crm.NormalizeName(text)
	rows := all[:0:0]
	for _, e := range all {
		if stage != "" && e.Stage() != stage {
			continue
		}
		if key != "" && !strings.Contains(crm.NormalizeName(e.Name), key) && !strings.Contains(crm.NormalizeName(e.Referrer), key) {
			continue
		}
		rows = append(rows, e)
	}
	return rows, stage, text, nil
}

// referralsPage lists the referred accounts with their milestones.
func (s *Server) referralsPage(w http.ResponseWriter, r *http.Request) error {
	rows, stage, text, err := s.referralRows(r)
	if err != nil {
		return err
	}
	d := referralsData{Stage: stage, Q: text, Stages: referralStages}
	v := url.Values{}
	if stage != "" {
		v.Set("stage", stage)
	}
	if text != "" {
		v.Set("q", text)
	}
	base := "/referrals"
	d.CSV = "/referrals.csv"
	if len(v) > 0 {
		base += "?" + v.Encode()
		d.CSV += "?" + v.Encode()
	}
	paginate(r, base, rows, &d.listPage)
	s.render(w, r, "referrals", http.StatusOK, d)
	return nil
}

// referralsCSV exports the list with the page's filters.
func (s *Server) referralsCSV(w http.ResponseWriter, r *http.Request) error {
	rows, _, _, err := s.referralRows(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="referrals.csv"`)
	c := csvout.New(w)
	c.Write("account_id", "account", "referrer_id", "referrer", "contact_id", "contact", "code", "via", "referred", "customer", "repeat", "stage")
	for _, e := range rows {
		c.Write(strconv.FormatInt(e.AccountID, 10), e.Name, strconv.FormatInt(e.ReferrerID, 10), e.Referrer, idText(e.ContactID), e.Contact,
			e.Code, e.Via, dayText(e.Referred), dayText(e.Customer), dayText(e.Repeat), e.Stage())
	}
	return c.Flush()
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func dayText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// giveReferralCode makes the contact's referral code (or finds it) and
// goes back to the account. Staff.
func (s *Server) giveReferralCode(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such contact")
	}
	rc, err := s.st.ReferralCodeFor(r.Context(), id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/accounts/"+strconv.FormatInt(rc.AccountID, 10)+"#contacts", http.StatusSeeOther)
	return nil
}

// referralLink is the public link of code.
func (s *Server) referralLink(code string) string { return s.baseURL + "/r/" + code }

// apiReferralCode is a contact's code as the API shows it.
type apiReferralCode struct {
	Code      string `json:"code"`
	Link      string `json:"link" doc:"the public page /r/{code}, with the server's base URL when it is set"`
	AccountID int64  `json:"account_id"`
	ContactID int64  `json:"contact_id"`
}

func (s *Server) apiReferralCode(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	id, err := apiID(r, "contact")
	if err != nil {
		return err
	}
	rc, err := s.st.ReferralCodeFor(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiReferralCode{Code: rc.Code, Link: s.referralLink(rc.Code), AccountID: rc.AccountID, ContactID: rc.ContactID})
	return nil
}

// apiReferral is a referred account with its milestones.
type apiReferral struct {
	AccountID  int64   `json:"account_id"`
	Name       string  `json:"name"`
	ReferrerID int64   `json:"referrer_id"`
	Referrer   string  `json:"referrer" doc:"empty when the referrer is out of the caller's accounts"`
	ContactID  *int64  `json:"contact_id" doc:"the referrer's contact whose code it was"`
	Code       string  `json:"code"`
	Via        string  `json:"via" enum:"import,api,link," doc:"empty for a referred_by without a code"`
	Referred   *string `json:"referred" format:"date" doc:"the day of the code's use, else the account's acquired_at"`
	Customer   *string `json:"customer" format:"date" doc:"the first positive order"`
	Repeat     *string `json:"repeat" format:"date" doc:"the second day with a positive order"`
	Stage      string  `json:"stage" enum:"referred,customer,repeat"`
}

func (s *Server) apiListReferrals(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r)
	if err != nil {
		return err
	}
	stage := q.get("stage")
	limit, offset := q.page()
	if q.err != nil {
		return q.err
	}
	all, err := s.st.ReferralList(r.Context())
	if err != nil {
		return err
	}
	var items []apiReferral
	total := 0
	for _, e := range all {
		if stage != "" && e.Stage() != stage {
			continue
		}
		total++
		if total <= offset || len(items) == limit {
			continue
		}
		items = append(items, apiReferral{AccountID: e.AccountID, Name: e.Name, ReferrerID: e.ReferrerID, Referrer: e.Referrer, ContactID: idOut(e.ContactID),
			Code: e.Code, Via: e.Via, Referred: dateOut(e.Referred), Customer: dateOut(e.Customer), Repeat: dateOut(e.Repeat), Stage: e.Stage()})
	}
	return writeList(w, items, total, limit, offset)
}

// The public page of a referral link. It says the same for every code
// (known or not) and writes nothing until the form is posted; the
// cross-origin protection of every POST (Handler) stands for a CSRF token.
// Views and posts are limited per client address.

type referralPageData struct {
	Code, Company, Name, Email string
	Error                      string
	Done                       bool
}

func (referralPageData) PageTitle(l *i18n.Lang) string { return l.T("Recommended to you") }

// refLimited answers 429 when the client address used up its views and
// posts of referral links.
func (s *Server) refLimited(w http.ResponseWriter, r *http.Request) bool {
	if _, ok, wait := s.refLimit.Reserve("ref\x1f" + clientIP(r)); !ok {
		w.Header().Set("Retry-After", itoa(int(wait.Seconds())+1))
		s.render(w, r, "error", http.StatusTooManyRequests, map[string]any{"Status": http.StatusTooManyRequests,
			"Title": langOf(r.Context()).Value(http.StatusText(http.StatusTooManyRequests)), "Message": tr(r, "Too many requests. Try again later.")})
		return true
	}
	return false
}

func (s *Server) referralPage(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "private, no-store")
	if s.refLimited(w, r) {
		return nil
	}
	s.render(w, r, "referral", http.StatusOK, referralPageData{})
	return nil
}

// referralSignup takes the form of a referral link: company, name,
// email. Whatever happens to an unknown code or a known company, the
// answer is the same thank-you: the page tells nobody which codes or
// customers exist.
func (s *Server) referralSignup(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "private, no-store")
	if s.refLimited(w, r) {
		return nil
	}
	d := referralPageData{Company: strings.TrimSpace(r.PostFormValue("company")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Email: strings.TrimSpace(r.PostFormValue("email"))}
	err := s.st.ReferralSignup(r.Context(), r.PathValue("token"), store.Signup{Company: d.Company, Name: d.Name, Email: d.Email})
	switch crm.ErrorCode(err) {
	case "", crm.ENOTFOUND, crm.ECONFLICT:
		s.render(w, r, "referral", http.StatusOK, referralPageData{Done: true})
		return nil
	case crm.EINVALID:
		d.Error = errorIn(langOf(r.Context()), err)
		s.render(w, r, "referral", http.StatusBadRequest, d)
		return nil
	}
	return err
}

// apiTransition is a kept stage transition as the API shows it.
type apiTransition struct {
	AccountID int64  `json:"account_id"`
	Stage     string `json:"stage" enum:"customer,repeat,loyal,advocate,at_risk,lapsed,churned"`
	On        string `json:"on" format:"date"`
	Reason    string `json:"reason"`
	Observed  bool   `json:"observed" doc:"not dated by the data: on is the day it was first seen"`
}

func (s *Server) apiStageTransitions(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r)
	if err != nil {
		return err
	}
	account := int64(q.int("account_id", 0, 0, math.MaxInt32))
	since := q.date("since")
	limit, offset := q.page()
	if q.err != nil {
		return q.err
	}
	ts, err := s.st.StageTransitions(r.Context(), account, since)
	if err != nil {
		return err
	}
	var items []apiTransition
	for i, t := range ts {
		if i >= offset && len(items) < limit {
			items = append(items, apiTransition{AccountID: t.AccountID, Stage: t.Stage, On: t.On.Format(time.DateOnly), Reason: t.Reason, Observed: t.Observed})
		}
	}
	return writeList(w, items, len(ts), limit, offset)
}
