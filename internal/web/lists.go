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

// The lists behind the dashboard's numbers: lapsed good customers and stale
// contacts, paginated.

const listPerPage = 100

// workPerPage is the rows a page of the lists people work through item
// by item (the care queue, unmatched mentions): one bulk action's worth.
const workPerPage = store.MaxCareBatch

type listPage[T any] struct {
	Title      string
	Rows       []T
	Total      int
	From, To   int
	Prev, Next string
	AsOf       string
	AfterDays  int
}

func (p listPage[T]) PageTitle(l *i18n.Lang) string { return l.Value(p.Title) }

func paginate[T any](r *http.Request, base string, all []T, p *listPage[T]) {
	paginateBy(r, base, all, p, listPerPage)
}

// paginateBy is paginate with per rows a page.
func paginateBy[T any](r *http.Request, base string, all []T, p *listPage[T], per int) {
	paginateAs(r, "page", base, all, p, per)
}

// paginateAs is paginateBy with the page number in parameter param, for a
// page with two lists.
func paginateAs[T any](r *http.Request, param, base string, all []T, p *listPage[T], per int) {
	page := 1
	if n, err := strconv.Atoi(r.URL.Query().Get(param)); err == nil && n > 1 {
		page = n
	}
	from := (page - 1) * per
	p.Total = len(all)
	if from < len(all) {
		p.Rows = all[from:min(from+per, len(all))]
		p.From, p.To = from+1, from+len(p.Rows)
	}
	sep := "?" // base may carry the list's filters
	if strings.Contains(base, "?") {
		sep = "&"
	}
	if page > 1 {
		p.Prev = base + sep + param + "=" + strconv.Itoa(page-1)
	}
	if p.To < len(all) {
		p.Next = base + sep + param + "=" + strconv.Itoa(page+1)
	}
}

// lapsedData is the lapsed list: the report's rows the user sees, with
// the owner filter (owner=) and the direction of the order it is ranked
// by (dir=asc: the smallest first).
type lapsedData struct {
	listPage[report.LapsedAccount]
	RankedBy string // win_back_value, or lifetime_revenue without the model
	Owner    string
	Owners   []string // of the rows the user sees
	Asc      bool
	Sort     *sortMark
	FlipURL  string // the list the other way round
	Query    string // the filters as a query string
	Back     string // the filters and the page, for the forms
	Done     string
}

// lapsedRows returns the lapsed report (nil before there are orders), its
// rows that the user sees and the filter keeps, in the filter's order,
// and the owners of the rows the user sees.
func (s *Server) lapsedRows(r *http.Request) (*report.LapsedReport, []report.LapsedAccount, []string, error) {
	snap, err := s.snapshot(r)
	if err != nil || snap.lapsed == nil {
		return nil, nil, nil, err
	}
	q := r.URL.Query()
	sc := scopeOf(r.Context())
	rows := visibleRows(snap, sc, snap.lapsed.Accounts, func(a report.LapsedAccount) int64 { return a.ID })
	var owners []string
	if sc.All() { // the whole list's owners, once a snapshot (at a million accounts the list is long)
		snap.lapsedOwnersOnce.Do(func() { snap.lapsedOwners = lapsedOwners(rows) })
		owners = snap.lapsedOwners
	} else {
		owners = lapsedOwners(rows)
	}
	if o := q.Get("owner"); o != "" {
		var mine []report.LapsedAccount
		for i := range rows {
			if rows[i].Owner == o {
				mine = append(mine, rows[i])
			}
		}
		rows = mine
	}
	if q.Get("dir") == "asc" {
		rows = slices.Clone(rows)
		slices.Reverse(rows)
	}
	return snap.lapsed, rows, owners, nil
}

// lapsedOwners returns the owners of the accounts of rows, sorted.
func lapsedOwners(rows []report.LapsedAccount) []string {
	owners := map[string]bool{}
	for i := range rows {
		owners[rows[i].Owner] = true
	}
	return keys(owners)
}

// withQuery returns path with the query string q ("" for none). Links
// are built whole like this: html/template escapes a query string
// inserted after a "?" as one value ("a=1" would become "a%3d1").
func withQuery(path, q string) string {
	if q == "" {
		return path
	}
	return path + "?" + q
}

// CSVURL is the export of the list with its filters.
func (d lapsedData) CSVURL() string { return withQuery("/lapsed.csv", d.Query) }

// CSVURL is the export of the list with its filters.
func (d staleData) CSVURL() string { return withQuery("/stale-contacts.csv", d.Query) }

// lapsedQuery returns the lapsed list's filters of q as a query string.
func lapsedQuery(q url.Values) string {
	v := url.Values{}
	if o := q.Get("owner"); o != "" {
		v.Set("owner", o)
	}
	if q.Get("dir") == "asc" {
		v.Set("dir", "asc")
	}
	return v.Encode()
}

func (s *Server) lapsedPage(w http.ResponseWriter, r *http.Request) error {
	rep, rows, owners, err := s.lapsedRows(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d := lapsedData{listPage: listPage[report.LapsedAccount]{Title: i18n.N("Lapsed good customers")}, Owner: q.Get("owner"), Owners: owners,
		Asc: q.Get("dir") == "asc", Query: lapsedQuery(q), Done: q.Get("done"), RankedBy: "win_back_value"}
	d.Sort = sortMarkOf(!d.Asc)
	flip := url.Values{}
	if d.Owner != "" {
		flip.Set("owner", d.Owner)
	}
	if !d.Asc {
		flip.Set("dir", "asc")
	}
	d.FlipURL = "/lapsed"
	if len(flip) > 0 {
		d.FlipURL += "?" + flip.Encode()
	}
	if rep != nil {
		d.AsOf, d.AfterDays, d.RankedBy = rep.AsOf, rep.AfterDays, rep.RankedBy
		base := "/lapsed"
		if d.Query != "" {
			base += "?" + d.Query
		}
		paginate(r, base, rows, &d.listPage)
		back, _ := url.ParseQuery(d.Query)
		if d.From > listPerPage {
			back.Set("page", strconv.Itoa(d.From/listPerPage+1))
		}
		d.Back = back.Encode()
	}
	s.render(w, r, "lapsed", http.StatusOK, d)
	return nil
}

// lapsedCSV exports the lapsed list with its filters, every row.
func (s *Server) lapsedCSV(w http.ResponseWriter, r *http.Request) error {
	rep, rows, _, err := s.lapsedRows(r)
	if err != nil {
		return err
	}
	c := report.LapsedReport{}
	if rep != nil {
		c = *rep
	}
	c.Accounts = rows
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="lapsed.csv"`)
	return c.WriteCSV(w)
}

// lapsedContacted records that someone got in touch with a lapsed
// customer to win them back: a touchpoint of kind call or note,
// department sales, subject "Win-back contact", today, by the user.
func (s *Server) lapsedContacted(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	kind := r.PostFormValue("kind")
	if kind != "call" && kind != "note" {
		return crm.Errorf(crm.EINVALID, "kind: call or note")
	}
	t := crm.Touchpoint{AccountID: id, Kind: kind, Department: "sales", Subject: "Win-back contact",
		OccurredAt: time.Now().UTC().Truncate(24 * time.Hour)}
	if _, err := s.st.CreateTouchpoint(r.Context(), t); err != nil {
		if crm.ErrorCode(err) == crm.EINVALID { // the account in the path is unknown or out of the user's accounts
			return crm.Errorf(crm.ENOTFOUND, "no such account")
		}
		return err
	}
	q, _ := url.ParseQuery(r.PostFormValue("back"))
	v, _ := url.ParseQuery(lapsedQuery(q))
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	v.Set("done", strconv.FormatInt(id, 10))
	http.Redirect(w, r, "/lapsed?"+v.Encode()+"#a"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// staleRow is a stale contact with its account's tier and owner.
type staleRow struct {
	report.StaleContact
	Tier, Owner string
}

type staleData struct {
	listPage[staleRow]
	Owner  string
	Owners []string
	Query  string
	Back   string // this page with its filters, for the forms
}

// staleRows returns the stale-contacts report (nil before there are
// orders) and its rows the user sees and the owner filter keeps, with
// the owners of the rows the user sees.
func (s *Server) staleRows(r *http.Request) (*report.StaleContactsReport, []staleRow, []string, error) {
	snap, err := s.snapshot(r)
	if err != nil || snap.stale == nil {
		return nil, nil, nil, err
	}
	owner := r.URL.Query().Get("owner")
	owners := map[string]bool{}
	var rows []staleRow
	for _, c := range visibleRows(snap, scopeOf(r.Context()), snap.stale.Contacts, func(c report.StaleContact) int64 { return c.AccountID }) {
		a, _ := snap.account(c.AccountID)
		owners[a.Owner] = true
		if owner == "" || a.Owner == owner {
			rows = append(rows, staleRow{StaleContact: c, Tier: a.Tier, Owner: a.Owner})
		}
	}
	return snap.stale, rows, keys(owners), nil
}

func (s *Server) stalePage(w http.ResponseWriter, r *http.Request) error {
	rep, rows, owners, err := s.staleRows(r)
	if err != nil {
		return err
	}
	d := staleData{listPage: listPage[staleRow]{Title: i18n.N("Stale contacts")}, Owner: r.URL.Query().Get("owner"), Owners: owners}
	if d.Owner != "" {
		d.Query = url.Values{"owner": {d.Owner}}.Encode()
	}
	if rep != nil {
		d.AsOf, d.AfterDays = rep.AsOf, rep.AfterDays
		base := "/stale-contacts"
		if d.Query != "" {
			base += "?" + d.Query
		}
		paginate(r, base, rows, &d.listPage)
		d.Back = base
	}
	s.render(w, r, "stale", http.StatusOK, d)
	return nil
}

// staleCSV exports the stale contacts with the list's filter, every row,
// with the account's tier and owner.
func (s *Server) staleCSV(w http.ResponseWriter, r *http.Request) error {
	_, rows, _, err := s.staleRows(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="stale-contacts.csv"`)
	c := csvout.New(w)
	c.Write("account_id", "account", "tier", "owner", "contact_id", "name", "title", "email", "phone", "last_verified", "days_since_verified")
	for _, x := range rows {
		days := ""
		if x.DaysSinceVerified != nil {
			days = strconv.Itoa(*x.DaysSinceVerified)
		}
		c.Write(strconv.FormatInt(x.AccountID, 10), x.Account, x.Tier, x.Owner, strconv.FormatInt(x.ContactID, 10), x.Name, x.Title,
			x.Email, x.Phone, x.LastVerified, days)
	}
	return c.Flush()
}
