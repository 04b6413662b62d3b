package web

import (
	"net/http"
	"strconv"
	"strings"

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
	page := 1
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 {
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
		p.Prev = base + sep + "page=" + strconv.Itoa(page-1)
	}
	if p.To < len(all) {
		p.Next = base + sep + "page=" + strconv.Itoa(page+1)
	}
}

func (s *Server) lapsedPage(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.snapshot(r)
	if err != nil {
		return err
	}
	p := listPage[report.LapsedAccount]{Title: i18n.N("Lapsed good customers")}
	if snap.lapsed != nil {
		p.AsOf, p.AfterDays = snap.lapsed.AsOf, snap.lapsed.AfterDays
		paginate(r, "/lapsed", visibleRows(snap, scopeOf(r.Context()), snap.lapsed.Accounts, func(a report.LapsedAccount) int64 { return a.ID }), &p)
	}
	s.render(w, r, "lapsed", http.StatusOK, p)
	return nil
}

func (s *Server) stalePage(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.snapshot(r)
	if err != nil {
		return err
	}
	p := listPage[report.StaleContact]{Title: i18n.N("Stale contacts")}
	if snap.stale != nil {
		p.AsOf, p.AfterDays = snap.stale.AsOf, snap.stale.AfterDays
		paginate(r, "/stale-contacts", visibleRows(snap, scopeOf(r.Context()), snap.stale.Contacts, func(c report.StaleContact) int64 { return c.AccountID }), &p)
	}
	s.render(w, r, "stale", http.StatusOK, p)
	return nil
}
