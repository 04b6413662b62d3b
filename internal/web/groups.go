package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/csvout"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/report"
)

// User groups (/groups): the active contacts across accounts by product,
// region and industry (report groups), filtered by kind and name, paged,
// CSV; a group's page with its members, their stages and the portal's
// events they attended.

type groupsData struct {
	listPage[report.UserGroup]
	Kind, Q string
	Kinds   []string
	CSV     string
}

func (groupsData) PageTitle(l *i18n.Lang) string { return l.T("User groups") }

// groupRows runs the report and keeps the groups of the request's kind=
// and q= (part of the group's name).
func (s *Server) groupRows(r *http.Request) (*report.GroupsReport, []report.UserGroup, string, string, error) {
	q := r.URL.Query()
	kind, text := strings.TrimSpace(q.Get("kind")), strings.TrimSpace(q.Get("q"))
	if !slices.Contains(report.GroupKinds, kind) {
		kind = ""
	}
	if len(text) > 200 {
		text = text[:200]
	}
	rep, err := report.Run(r.Context(), s.st, "groups", report.Params{})
	if err != nil {
		return nil, nil, "", "", err
	}
	gr := rep.(*report.GroupsReport)
	key := strings.ToLower(text)
	var rows []report.UserGroup
	for _, g := range gr.Groups {
		if (kind == "" || g.Kind == kind) && (key == "" || strings.Contains(strings.ToLower(g.Value), key)) {
			rows = append(rows, g)
		}
	}
	return gr, rows, kind, text, nil
}

func (s *Server) groupsPage(w http.ResponseWriter, r *http.Request) error {
	_, rows, kind, text, err := s.groupRows(r)
	if err != nil {
		return err
	}
	d := groupsData{Kind: kind, Q: text, Kinds: report.GroupKinds}
	v := url.Values{}
	if kind != "" {
		v.Set("kind", kind)
	}
	if text != "" {
		v.Set("q", text)
	}
	base, csv := "/groups", "/groups.csv"
	if len(v) > 0 {
		base += "?" + v.Encode()
		csv += "?" + v.Encode()
	}
	d.CSV = csv
	paginate(r, base, rows, &d.listPage)
	s.render(w, r, "groups", http.StatusOK, d)
	return nil
}

func (s *Server) groupsCSV(w http.ResponseWriter, r *http.Request) error {
	gr, rows, _, _, err := s.groupRows(r)
	if err != nil {
		return err
	}
	gr.Groups = rows
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="user-groups.csv"`)
	return gr.WriteCSV(w)
}

type groupData struct {
	listPage[report.GroupMember]
	Group report.UserGroup
	CSV   string
}

func (d groupData) PageTitle(l *i18n.Lang) string { return l.Value(d.Group.Value) }

// group finds the group of the request's kind= and value=; not found
// alike for a group that does not exist and one of accounts out of the
// reader's scope.
func (s *Server) group(r *http.Request) (report.UserGroup, url.Values, error) {
	q := r.URL.Query()
	v := url.Values{"kind": {q.Get("kind")}, "value": {q.Get("value")}}
	g, ok, err := report.GroupOf(r.Context(), s.st, report.Params{}, q.Get("kind"), q.Get("value"))
	if err != nil {
		return g, v, err
	}
	if !ok {
		return g, v, crm.Errorf(crm.ENOTFOUND, "no such user group")
	}
	return g, v, nil
}

func (s *Server) groupPage(w http.ResponseWriter, r *http.Request) error {
	g, v, err := s.group(r)
	if err != nil {
		return err
	}
	d := groupData{Group: g, CSV: "/groups/view.csv?" + v.Encode()}
	paginate(r, "/groups/view?"+v.Encode(), g.Members, &d.listPage)
	s.render(w, r, "group", http.StatusOK, d)
	return nil
}

// groupCSV exports a group's members:
// contact_id,contact,account_id,account,stage,registered,attended.
func (s *Server) groupCSV(w http.ResponseWriter, r *http.Request) error {
	g, _, err := s.group(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="user-group.csv"`)
	c := csvout.New(w)
	c.Write("contact_id", "contact", "account_id", "account", "stage", "registered", "attended")
	for _, m := range g.Members {
		c.Write(strconv.FormatInt(m.ContactID, 10), m.Name, strconv.FormatInt(m.AccountID, 10), m.Account, m.Stage, strconv.Itoa(m.Registered), strconv.Itoa(m.Attended))
	}
	return c.Flush()
}
