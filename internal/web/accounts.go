package web

import (
	"cmp"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/csvout"
	"github.com/vitalfew/vitalfew/internal/i18n"
)

// accountsQuery is the accounts list's filter, sort and page, from the URL.
type accountsQuery struct {
	Q, Tier, Segment, Owner, Status string
	Mine                            bool   // mine=1: the accounts the user owns (crm.User.Own)
	Sort                            string // rank, name, revenue, profit, effort (prefix "-" for the other way round)
	Page                            int

	own crm.Scope // the user's own accounts, for Mine
}

const accountsPerPage = 50

var accountSorts = []string{"rank", "name", "revenue", "profit", "effort"}

func parseAccountsQuery(v url.Values) (accountsQuery, error) {
	q := accountsQuery{Q: strings.TrimSpace(v.Get("q")), Tier: v.Get("tier"), Segment: v.Get("segment"), Owner: v.Get("owner"),
		Status: v.Get("status"), Mine: v.Get("mine") == "1", Sort: v.Get("sort"), Page: 1}
	if q.Sort == "" {
		q.Sort = "rank"
	}
	if !slices.Contains(accountSorts, strings.TrimPrefix(q.Sort, "-")) {
		return q, crm.Errorf(crm.EINVALID, "sort: one of %s", strings.Join(accountSorts, ", "))
	}
	if p := v.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return q, crm.Errorf(crm.EINVALID, "page: want a number from 1")
		}
		q.Page = n
	}
	return q, nil
}

// filter returns how many rows of snap that sc allows match q and the
// indexes into snap.accounts of rows [from, from+n) in q's order. The
// orders, also per tier, are computed once per snapshot, so a request
// walks at most one.
func (q accountsQuery) filter(snap *snapshot, sc crm.Scope, from, n int) (total int, page []int32) {
	key, desc := strings.TrimPrefix(q.Sort, "-"), strings.HasPrefix(q.Sort, "-")
	order := snap.order[key]
	if q.Tier != "" {
		order = snap.tierOrder[key][q.Tier]
	}
	at := func(k int) int32 {
		if desc {
			return order[len(order)-1-k]
		}
		return order[k]
	}
	if q.Q == "" && q.Segment == "" && q.Owner == "" && q.Status == "" && !q.Mine && sc.All() {
		for k := from; k < min(from+n, len(order)); k++ {
			page = append(page, at(k))
		}
		return len(order), page
	}
	search := crm.NewAccountSearch(q.Q)
	for k := range order {
		i := at(k)
		r := &snap.accounts[i]
		switch {
		case !sc.All() && !sc.Allows(r.ID, r.Owner):
		case q.Mine && !q.own.Allows(r.ID, r.Owner):
		case q.Segment != "" && r.Segment != q.Segment:
		case q.Owner != "" && r.Owner != q.Owner:
		case q.Status != "" && r.Status != q.Status:
		case !search.Matches(r.NameKey, r.Domain, r.ExternalID):
		default:
			if total >= from && total < from+n {
				page = append(page, i)
			}
			total++
		}
	}
	return total, page
}

// compareAccounts orders two rows by key (ties by id).
func compareAccounts(key string, a, b *accountRow) int {
	var c int
	switch key {
	case "rank": // accounts without revenue in the window last
		c = cmp.Compare(rankKey(*a), rankKey(*b))
	case "name":
		c = cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	case "revenue":
		c = -cmp.Compare(a.Revenue, b.Revenue)
	case "profit":
		c = -cmp.Compare(a.Profit, b.Profit)
	case "effort":
		c = -cmp.Compare(a.EffortHours, b.EffortHours)
	}
	return cmp.Or(c, cmp.Compare(a.ID, b.ID))
}

// url returns the list's URL with changes applied (key, value pairs).
func (q accountsQuery) url(changes ...string) string {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", q.Q)
	set("tier", q.Tier)
	set("segment", q.Segment)
	set("owner", q.Owner)
	set("status", q.Status)
	if q.Mine {
		v.Set("mine", "1")
	}
	if q.Sort != "rank" {
		set("sort", q.Sort)
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	for i := 0; i+1 < len(changes); i += 2 {
		v.Del(changes[i])
		set(changes[i], changes[i+1])
	}
	if len(v) == 0 {
		return "/accounts"
	}
	return "/accounts?" + v.Encode()
}

type accountsData struct {
	Query                      accountsQuery
	Rows                       []accountRow
	Total, From, To            int
	Prev, Next                 string
	Segments, Owners, Statuses []string
	SortURL                    map[string]string
	Sorted                     map[string]*sortMark // the sorted column's direction
	CSV                        string               // the export of the list with its filters
	Currency                   string
}

// sortMark is how a list's sorted column shows its direction: the
// aria-sort value (ascending, descending) and an arrow.
type sortMark struct{ Aria, Arrow string }

func sortMarkOf(descending bool) *sortMark {
	if descending {
		return &sortMark{"descending", "▼"}
	}
	return &sortMark{"ascending", "▲"}
}

// accountSortDescending reports whether the accounts list's sort key k
// (without "-") puts the larger values first: revenue, profit and effort
// do; rank (1 first) and name go up.
func accountSortDescending(k string) bool { return k != "rank" && k != "name" }

func (accountsData) PageTitle(l *i18n.Lang) string { return l.T("Accounts") }

func (s *Server) accounts(w http.ResponseWriter, r *http.Request) error {
	q, err := s.accountsQueryOf(r)
	if err != nil {
		return err
	}
	snap, err := s.snapshot(r)
	if err != nil {
		return err
	}
	from := (q.Page - 1) * accountsPerPage
	sc := scopeOf(r.Context())
	total, page := q.filter(snap, sc, from, accountsPerPage)
	d := accountsData{Query: q, Total: total, Segments: snap.segments, Owners: snap.owners, Statuses: snap.statuses,
		SortURL: map[string]string{}, Sorted: map[string]*sortMark{}}
	key := strings.TrimPrefix(q.Sort, "-")
	d.Sorted[key] = sortMarkOf(accountSortDescending(key) != strings.HasPrefix(q.Sort, "-"))
	d.CSV = "/accounts.csv" + strings.TrimPrefix(q.url("page", ""), "/accounts")
	if !sc.All() {
		// The filters offer what the user's accounts have.
		seg, own, sta := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for i := range snap.accounts {
			if a := &snap.accounts[i]; sc.Allows(a.ID, a.Owner) {
				seg[a.Segment], own[a.Owner], sta[a.Status] = true, true, true
			}
		}
		d.Segments, d.Owners, d.Statuses = keys(seg), keys(own), keys(sta)
	}
	for _, i := range page {
		d.Rows = append(d.Rows, snap.accounts[i])
	}
	if len(d.Rows) > 0 {
		d.From, d.To = from+1, from+len(d.Rows)
	}
	if q.Page > 1 {
		d.Prev = q.url("page", strconv.Itoa(q.Page-1))
	}
	if len(d.Rows) > 0 && d.To < total {
		d.Next = q.url("page", strconv.Itoa(q.Page+1))
	}
	for _, k := range accountSorts {
		next := k
		if q.Sort == k {
			next = "-" + k
		}
		d.SortURL[k] = q.url("sort", next, "page", "")
	}
	s.render(w, r, "accounts", http.StatusOK, d)
	return nil
}

func rankKey(a accountRow) int {
	if a.Rank == 0 {
		return int(^uint(0) >> 1)
	}
	return a.Rank
}

// accountsQueryOf parses the accounts list's query of r, with the user's
// own accounts for mine=1.
func (s *Server) accountsQueryOf(r *http.Request) (accountsQuery, error) {
	q, err := parseAccountsQuery(r.URL.Query())
	if u, ok := userFrom(r.Context()); ok {
		q.own = u.Own()
	}
	return q, err
}

// accountsCSV exports the accounts list with its filters and order,
// every row.
func (s *Server) accountsCSV(w http.ResponseWriter, r *http.Request) error {
	q, err := s.accountsQueryOf(r)
	if err != nil {
		return err
	}
	snap, err := s.snapshot(r)
	if err != nil {
		return err
	}
	_, rows := q.filter(snap, scopeOf(r.Context()), 0, len(snap.accounts))
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="accounts.csv"`)
	c := csvout.New(w)
	c.Write("id", "name", "tier", "rank", "segment", "owner", "status", "revenue", "effort_hours", "profit")
	for _, i := range rows {
		a := &snap.accounts[i]
		rank := ""
		if a.Rank > 0 {
			rank = strconv.Itoa(a.Rank)
		}
		c.Write(strconv.FormatInt(a.ID, 10), a.Name, a.Tier, rank, a.Segment, a.Owner, a.Status,
			csvNum(a.Revenue), csvNum(a.EffortHours), csvNum(a.Profit))
	}
	return c.Flush()
}

// csvNum writes a number for CSV, rounded to 6 decimals (as the reports'
// CSV does).
func csvNum(f float64) string { return strconv.FormatFloat(math.Round(f*1e6)/1e6, 'f', -1, 64) }
