package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
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
	Care    *report.CareReport // Queue: the rows of this page
	Page    listPage[report.CareRow]
	Users   []careUser
	Error   string
	Done    string
	Targets []careTargetField
}

type careTargetField struct {
	Tier, Key string
	Hours     float64
}

func (careData) PageTitle(l *i18n.Lang) string { return l.T("Care queue") }

func (s *Server) carePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCare(w, r, http.StatusOK, "")
}

func (s *Server) renderCare(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	d := careData{Error: msg, Done: r.URL.Query().Get("done")}
	ctx := r.Context()
	var rep *report.CareReport
	if scopeOf(ctx).All() {
		// The queue of the analytics snapshot (worked out after every
		// change of the mentions, and every few minutes for the ages),
		// with the rows shown read again: a care action shows at once.
		snap, err := s.snapshot(r)
		if err != nil {
			return err
		}
		rep = snap.care
	} else { // worked out for the accounts the user sees
		var err error
		if rep, err = report.CareAt(ctx, s.st, report.Params{}, time.Now().UTC(), nil); err != nil && crm.ErrorCode(err) != crm.ENOTFOUND {
			return err
		}
	}
	names, err := s.st.UserNames(ctx)
	if err != nil {
		return err
	}
	if rep != nil {
		c := *rep
		var page listPage[report.CareRow]
		paginate(r, "/care", rep.Queue, &page)
		rows, err := s.currentCare(ctx, page.Rows, names)
		if err != nil {
			return err
		}
		c.Queue = rows
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
