package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
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
	Care    *report.CareReport
	Users   []careUser
	Error   string
	Done    string
	Targets []careTargetField
}

type careTargetField struct {
	Tier, Key string
	Hours     float64
}

func (careData) PageTitle() string { return "Care queue" }

func (s *Server) carePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCare(w, r, http.StatusOK, "")
}

func (s *Server) renderCare(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	d := careData{Error: msg, Done: r.URL.Query().Get("done")}
	// The queue is read fresh: a care action shows at once. Users who see
	// every account share the orders' tiers and customer model of the
	// analytics snapshot; the others' are worked out for their accounts.
	var p report.Params
	if scopeOf(r.Context()).All() {
		snap, err := s.snapshot(r)
		if err != nil {
			return err
		}
		p.Base = snap.base
	}
	var err error
	if d.Care, err = report.CareAt(r.Context(), s.st, p, time.Now().UTC(), nil); err != nil && crm.ErrorCode(err) != crm.ENOTFOUND {
		return err
	}
	names, err := s.st.UserNames(r.Context())
	if err != nil {
		return err
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
			return s.renderCare(w, r, http.StatusBadRequest, "assignee: choose a user")
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
		return s.renderCare(w, r, http.StatusBadRequest, "unknown action")
	}
	if _, err := s.st.UpdateCare(r.Context(), id, u, time.Now()); err != nil {
		if c := crm.ErrorCode(err); c == crm.EINVALID || c == crm.ENOTFOUND {
			return s.renderCare(w, r, status(c), err.Error())
		}
		return err
	}
	http.Redirect(w, r, "/care?done="+strconv.FormatInt(id, 10)+"#m"+strconv.FormatInt(id, 10), http.StatusSeeOther)
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
				return s.renderCare(w, r, http.StatusBadRequest, err.Error())
			}
			return err
		}
	}
	http.Redirect(w, r, "/care", http.StatusSeeOther)
	return nil
}
