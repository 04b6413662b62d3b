package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The care queue: open mentions by priority (the account's tier, how
// negative and intense the text is, its age against the tier's
// response-time target), with overdue items flagged; staff assign them,
// write reply notes and resolve them. Figures per tier and the targets
// (admins set them) are on the same page.

type careUser struct {
	ID   int64
	Name string
}

type careData struct {
	Care      *report.CareReport // Queue: the rows of this page
	Page      listPage[report.CareRow]
	Users     []careUser
	Error     string
	Done      string
	Targets   []careTargetField
	Filter    careFilter
	Query     string   // the filters as a query string, for links
	Back      string   // the filters and the page, for forms to come back to
	Platforms []string // of the open items, for the filter
	Tiers     []string
	Langs     []string
	MaxBulk   int
}

type careTargetField struct {
	Tier, Key string
	Hours     float64
}

func (careData) PageTitle(l *i18n.Lang) string { return l.T("Care queue") }

// CSVURL is the export of the queue with its filters.
func (d careData) CSVURL() string { return withQuery("/care.csv", d.Query) }

// careFilter is the care queue's filters and order, from the query:
// mine=1 (assigned to me), unassigned=1, tier, platform, overdue=1 (past
// the tier's response-time target, unanswered), lang, account (one
// account's items, from Account 360), and sort (priority,
// the default; age, oldest first; value, the most valuable account
// first).
type careFilter struct {
	Mine, Unassigned, Overdue bool
	Tier, Platform, Lang      string
	Account                   int64
	Sort                      string
}

var careSorts = []string{"priority", "age", "value"}

func careFilterOf(q url.Values) careFilter {
	f := careFilter{Mine: q.Get("mine") == "1", Unassigned: q.Get("unassigned") == "1", Overdue: q.Get("overdue") == "1",
		Tier: strings.TrimSpace(q.Get("tier")), Platform: strings.TrimSpace(q.Get("platform")), Lang: strings.TrimSpace(q.Get("lang")),
		Sort: q.Get("sort")}
	if id, err := strconv.ParseInt(q.Get("account"), 10, 64); err == nil && id > 0 {
		f.Account = id
	}
	if !slices.Contains(careSorts, f.Sort) {
		f.Sort = "priority"
	}
	return f
}

// query returns the filters as a query string (the default order and
// empty filters left out).
func (f careFilter) query() string {
	v := url.Values{}
	for k, on := range map[string]bool{"mine": f.Mine, "unassigned": f.Unassigned, "overdue": f.Overdue} {
		if on {
			v.Set(k, "1")
		}
	}
	for k, s := range map[string]string{"tier": f.Tier, "platform": f.Platform, "lang": f.Lang} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.Account != 0 {
		v.Set("account", strconv.FormatInt(f.Account, 10))
	}
	if f.Sort != "priority" {
		v.Set("sort", f.Sort)
	}
	return v.Encode()
}

// keeps reports whether the filters keep queue item q, whose care state
// is now c and which is overdue or not.
func (f careFilter) keeps(q *report.CareRow, c store.CareState, overdue bool, me int64) bool {
	return (!f.Mine || c.AssigneeID == me) && (!f.Unassigned || c.AssigneeID == 0) && (!f.Overdue || overdue) &&
		(f.Account == 0 || q.AccountID == f.Account) &&
		(f.Tier == "" || q.Tier == f.Tier) && (f.Platform == "" || q.Platform == f.Platform) && (f.Lang == "" || c.Lang == f.Lang)
}

func (s *Server) carePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCare(w, r, http.StatusOK, "")
}

// careQueue returns the report the queue comes from (nil before there
// are mentions) and its open items as they are now, filtered and sorted
// by f: the analytics snapshot's queue for users who see every account
// (worked out after every change of the mentions, and every few minutes
// for the ages), else one worked out for the accounts the user sees; with
// the current assignee, first response and language of each item, ages
// and overdue flags as of now, and items resolved since left out.
func (s *Server) careQueue(r *http.Request, f careFilter) (*report.CareReport, careRows, error) {
	ctx := r.Context()
	var rep *report.CareReport
	if scopeOf(ctx).All() {
		snap, err := s.snapshot(r)
		if err != nil {
			return nil, careRows{}, err
		}
		rep = snap.care
	} else {
		var err error
		if rep, err = report.CareAt(ctx, s.st, report.Params{}, time.Now().UTC(), nil); err != nil && crm.ErrorCode(err) != crm.ENOTFOUND {
			return nil, careRows{}, err
		}
	}
	if rep == nil {
		return nil, careRows{}, nil
	}
	now, err := s.careNow.states(ctx, s.st)
	if err != nil {
		return nil, careRows{}, err
	}
	names, err := s.st.UserNames(ctx)
	if err != nil {
		return nil, careRows{}, err
	}
	me := int64(0)
	if u, ok := userFrom(ctx); ok {
		me = u.ID
	}
	// The queue holds every open item (147k at a million demo accounts):
	// the filters look at each, but only the rows a page shows are copied
	// and given their current state (careRows.row).
	rows := careRows{queue: rep.Queue, now: now, names: names, at: time.Now()}
	for i := range rep.Queue {
		q := &rep.Queue[i]
		c, ok := now[q.ID]
		if !ok {
			continue // resolved (or gone) since the queue was worked out
		}
		overdue := false
		if f.Overdue {
			overdue = c.RespondedAt.IsZero() && rows.age(q) > q.TargetHours
		}
		if f.keeps(q, c, overdue, me) {
			rows.keep = append(rows.keep, i)
		}
	}
	switch f.Sort {
	case "age": // the oldest first
		ages := make(map[int]float64, len(rows.keep))
		for _, i := range rows.keep {
			ages[i] = rows.age(&rep.Queue[i])
		}
		slices.SortStableFunc(rows.keep, func(a, b int) int { return cmp.Compare(ages[b], ages[a]) })
	case "value":
		slices.SortStableFunc(rows.keep, func(a, b int) int { return cmp.Compare(rep.Queue[b].Value, rep.Queue[a].Value) })
	}
	return rep, rows, nil
}

// careRows are the items of the care queue a request keeps: positions in
// the worked-out queue, in the order to show them.
type careRows struct {
	queue []report.CareRow
	keep  []int
	now   map[int64]store.CareState
	names map[int64]string
	at    time.Time
}

// age is how many hours ago item q was posted.
func (c careRows) age(q *report.CareRow) float64 {
	posted, err := time.Parse(time.RFC3339, q.PostedAt)
	if err != nil {
		return q.AgeHours
	}
	return c.at.Sub(posted).Hours()
}

// row returns the i-th kept item with its care state as it is now: its
// assignee, language, age and overdue flag.
func (c careRows) row(i int) report.CareRow {
	row := c.queue[c.keep[i]]
	st := c.now[row.ID]
	row.AssigneeID, row.Assignee, row.Lang = st.AssigneeID, c.names[st.AssigneeID], st.Lang
	row.AgeHours = c.age(&row)
	row.Overdue = st.RespondedAt.IsZero() && row.AgeHours > row.TargetHours
	return row
}

// rows returns the kept items from..to-1.
func (c careRows) rows(from, to int) []report.CareRow {
	out := make([]report.CareRow, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, c.row(i))
	}
	return out
}

func (s *Server) renderCare(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	f := careFilterOf(r.URL.Query())
	d := careData{Error: msg, Done: r.URL.Query().Get("done"), Filter: f, Query: f.query(), MaxBulk: store.MaxCareBatch}
	ctx := r.Context()
	rep, rows, err := s.careQueue(r, f)
	if err != nil {
		return err
	}
	names, err := s.st.UserNames(ctx)
	if err != nil {
		return err
	}
	if rep != nil {
		c := *rep
		for i := range rep.Queue {
			row := &rep.Queue[i]
			if !slices.Contains(d.Platforms, row.Platform) {
				d.Platforms = append(d.Platforms, row.Platform)
			}
			if row.Lang != "" && !slices.Contains(d.Langs, row.Lang) {
				d.Langs = append(d.Langs, row.Lang)
			}
		}
		slices.Sort(d.Platforms)
		slices.Sort(d.Langs)
		for _, t := range c.Tiers {
			d.Tiers = append(d.Tiers, t.Tier)
		}
		base := "/care"
		if d.Query != "" {
			base += "?" + d.Query
		}
		var at listPage[int]
		paginateBy(r, base, rows.keep, &at, workPerPage)
		page := listPage[report.CareRow]{Total: at.Total, From: at.From, To: at.To, Prev: at.Prev, Next: at.Next}
		if at.From > 0 {
			page.Rows = rows.rows(at.From-1, at.To)
		}
		back, _ := url.ParseQuery(d.Query)
		if page.From > workPerPage {
			back.Set("page", strconv.Itoa(page.From/workPerPage+1))
		}
		d.Back = back.Encode()
		cur, err := s.currentCare(ctx, page.Rows, names)
		if err != nil {
			return err
		}
		c.Queue = cur
		d.Care, d.Page = &c, page
	}
	for id, n := range names {
		d.Users = append(d.Users, careUser{ID: id, Name: n})
	}
	slices.SortFunc(d.Users, func(a, b careUser) int { return strings.Compare(a.Name, b.Name) })
	targets, err := s.st.CareTargets(r.Context())
	if err != nil {
		return err
	}
	for _, t := range crm.CareTargetTiers {
		d.Targets = append(d.Targets, careTargetField{Tier: t, Key: crm.CareTargetKey(t), Hours: targets[t]})
	}
	s.render(w, r, "care", status, d)
	return nil
}

// careCSV exports the care queue with the page's filters, every item.
func (s *Server) careCSV(w http.ResponseWriter, r *http.Request) error {
	rep, rows, err := s.careQueue(r, careFilterOf(r.URL.Query()))
	if err != nil {
		return err
	}
	c := report.CareReport{}
	if rep != nil {
		c = *rep
	}
	c.Queue = rows.rows(0, len(rows.keep))
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="care-queue.csv"`)
	return c.WriteCSV(w)
}

// careBack returns where a care form sends the user back to: the queue
// with the filters and page the form was sent from (field back, a query
// string; only the queue's own parameters are kept), done set, at anchor.
func careBack(r *http.Request, done, anchor string) string {
	q, _ := url.ParseQuery(r.PostFormValue("back"))
	v, _ := url.ParseQuery(careFilterOf(q).query())
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	v.Set("done", done)
	return "/care?" + v.Encode() + anchor
}

// careBulk assigns or resolves the chosen items of one page at once
// (field id, at most store.MaxCareBatch): all or nothing.
func (s *Server) careBulk(w http.ResponseWriter, r *http.Request) error {
	raw := r.PostForm["id"]
	if len(raw) > store.MaxCareBatch {
		return s.renderCare(w, r, http.StatusBadRequest, tr(r, "choose at most %d items at once", store.MaxCareBatch))
	}
	var ids []int64
	for _, v := range raw {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return crm.Errorf(crm.ENOTFOUND, "no such mention")
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return s.renderCare(w, r, http.StatusBadRequest, tr(r, "choose the items first"))
	}
	var u store.CareUpdate
	switch r.PostFormValue("action") {
	case "assign":
		n, err := strconv.ParseInt(r.PostFormValue("assignee"), 10, 64)
		if err != nil && r.PostFormValue("assignee") != "" {
			return s.renderCare(w, r, http.StatusBadRequest, tr(r, "assignee: choose a user"))
		}
		u.AssigneeID = &n
	case "resolve":
		yes := true
		u.Resolve = &yes
	default:
		return s.renderCare(w, r, http.StatusBadRequest, tr(r, "unknown action"))
	}
	if _, err := s.st.UpdateCareMany(r.Context(), ids, u, time.Now()); err != nil {
		if c := crm.ErrorCode(err); c == crm.EINVALID || c == crm.ENOTFOUND {
			return s.renderCare(w, r, status(c), errorIn(langOf(r.Context()), err))
		}
		return err
	}
	http.Redirect(w, r, careBack(r, strconv.Itoa(len(ids)), "#queue"), http.StatusSeeOther)
	return nil
}

// careAction changes one mention's care state from the queue's forms:
// action assign (assignee), reply (note, optionally resolving), resolve,
// reopen.
func (s *Server) careAction(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such mention")
	}
	var u store.CareUpdate
	switch action := r.PostFormValue("action"); action {
	case "assign":
		n, err := strconv.ParseInt(r.PostFormValue("assignee"), 10, 64)
		if err != nil && r.PostFormValue("assignee") != "" {
			return s.renderCare(w, r, http.StatusBadRequest, tr(r, "assignee: choose a user"))
		}
		u.AssigneeID = &n
	case "reply":
		note := r.PostFormValue("note")
		u.Reply = &note
		if r.PostFormValue("resolve") != "" {
			yes := true
			u.Resolve = &yes
		}
	case "resolve", "reopen":
		v := action == "resolve"
		u.Resolve = &v
	default:
		return s.renderCare(w, r, http.StatusBadRequest, tr(r, "unknown action"))
	}
	if _, err := s.st.UpdateCare(r.Context(), id, u, time.Now()); err != nil {
		if c := crm.ErrorCode(err); c == crm.EINVALID || c == crm.ENOTFOUND {
			return s.renderCare(w, r, status(c), errorIn(langOf(r.Context()), err))
		}
		return err
	}
	http.Redirect(w, r, careBack(r, strconv.FormatInt(id, 10), "#m"+strconv.FormatInt(id, 10)), http.StatusSeeOther)
	return nil
}

// saveCareTargets stores the response-time targets per tier (admins).
func (s *Server) saveCareTargets(w http.ResponseWriter, r *http.Request) error {
	cur, err := s.st.CareTargets(r.Context())
	if err != nil {
		return err
	}
	for _, t := range crm.CareTargetTiers {
		key := crm.CareTargetKey(t)
		v := strings.TrimSpace(r.PostFormValue(key))
		if v == "" || v == strconv.FormatFloat(cur[t], 'f', -1, 64) {
			continue
		}
		if err := s.st.SetSetting(r.Context(), key, v); err != nil {
			if crm.ErrorCode(err) == crm.EINVALID {
				return s.renderCare(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err))
			}
			return err
		}
	}
	http.Redirect(w, r, "/care", http.StatusSeeOther)
	return nil
}

// currentCare returns rows with their care state as it is now: rows
// resolved since the queue was worked out are left out, assignees and
// replies are brought up to date (users: the assignees' names).
func (s *Server) currentCare(ctx context.Context, rows []report.CareRow, users map[int64]string) ([]report.CareRow, error) {
	if len(rows) == 0 {
		return rows, nil
	}
	ids := make([]int64, len(rows))
	for i, row := range rows {
		ids[i] = row.ID
	}
	ms, err := s.st.MentionsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	now := make(map[int64]crm.Mention, len(ms))
	for _, m := range ms {
		now[m.ID] = m
	}
	out := make([]report.CareRow, 0, len(rows))
	for _, row := range rows {
		m, ok := now[row.ID]
		if !ok || m.Care != crm.CareOpen {
			continue
		}
		row.Care, row.AssigneeID, row.Assignee, row.ReplyNote = m.Care, m.AssigneeID, users[m.AssigneeID], m.ReplyNote
		if !m.RespondedAt.IsZero() {
			row.RespondedAt = m.RespondedAt.Format(time.RFC3339)
		}
		out = append(out, row)
	}
	return out, nil
}

// careNow keeps the open care items' states as they are now, read once per
// version of the mentions (every care action moves it on) and shared by the
// requests in between, for users who see every account: at a million
// accounts the demo has 147k open items, and each care page reading them
// all made the queue take 10–18 s under 20 clients.
type careNow struct {
	mu      sync.Mutex
	version int64 // of the mentions; 0: nothing kept
	byID    map[int64]store.CareState
}

// states returns the open items' states by id, in the scope of the actor
// in ctx: the kept ones for users who see every account while the mentions
// have not changed, else read afresh.
func (c *careNow) states(ctx context.Context, st *store.Store) (map[int64]store.CareState, error) {
	all := scopeOf(ctx).All()
	var v store.Versions
	if all {
		var err error
		if v, err = st.Versions(ctx); err != nil {
			return nil, err
		}
		c.mu.Lock() // one reader at a time; the others then take its states
		defer c.mu.Unlock()
		if c.byID != nil && c.version == v.Mentions {
			return c.byID, nil
		}
	}
	states, err := st.CareStates(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]store.CareState, len(states))
	for _, s := range states {
		byID[s.ID] = s
	}
	if all {
		c.version, c.byID = v.Mentions, byID
	}
	return byID, nil
}
