package web

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/csvout"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/store"
)

// Settings, users and the audit log.

type settingsData struct {
	Settings crm.Settings
	Error    string
	Saved    bool
}

func (settingsData) PageTitle(l *i18n.Lang) string { return l.T("Settings") }

// weightField is one health weight's input on the settings page.
type weightField struct {
	Name, Field string
	Value       float64
}

// stageWeights are a stage's health weights on the settings page.
type stageWeights struct {
	Stage  string
	Fields []weightField
}

// Weights lays out the health weights for the form: hw_STAGE_COMPONENT.
func (d settingsData) Weights() []stageWeights {
	var out []stageWeights
	for i, stage := range crm.HealthStages {
		sw := stageWeights{Stage: stage}
		for j, c := range crm.HealthComponents {
			sw.Fields = append(sw.Fields, weightField{Name: c, Field: "hw_" + stage + "_" + c, Value: d.Settings.HealthWeights[i][j]})
		}
		out = append(out, sw)
	}
	return out
}

// Tiers returns the tier thresholds as the form writes them: "80,95".
func (d settingsData) Tiers() string { return tierText(d.Settings.TierThresholds) }

func tierText(th [2]float64) string {
	return strconv.FormatFloat(th[0], 'f', -1, 64) + "," + strconv.FormatFloat(th[1], 'f', -1, 64)
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) error {
	st, err := s.st.Settings(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, "settings", http.StatusOK, settingsData{Settings: st, Saved: r.URL.Query().Get("saved") == "1"})
	return nil
}

func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) error {
	cur, err := s.st.Settings(r.Context())
	if err != nil {
		return err
	}
	fields := []struct{ key, old string }{
		{"cost_per_service_hour", strconv.FormatFloat(cur.CostPerServiceHour, 'f', -1, 64)},
		{"cost_per_order", strconv.FormatFloat(cur.CostPerOrder, 'f', -1, 64)},
		{"currency", cur.Currency},
		{"window_months", strconv.Itoa(cur.WindowMonths)},
		{"tier_thresholds", tierText(cur.TierThresholds)},
		{"lapsed_after_days", strconv.Itoa(cur.LapsedAfterDays)},
		{"goal_pages", cur.GoalPages},
	}
	// The health weights: a stage's seven inputs make its setting.
	for i, stage := range crm.HealthStages {
		parts := make([]string, 0, len(crm.HealthComponents))
		for _, c := range crm.HealthComponents {
			if v := strings.TrimSpace(r.PostFormValue("hw_" + stage + "_" + c)); v != "" {
				parts = append(parts, c+"="+v)
			}
		}
		if len(parts) > 0 {
			fields = append(fields, struct{ key, old string }{crm.HealthWeightsKey(stage), crm.HealthWeightsText(cur.HealthWeights[i])})
			r.PostForm.Set(crm.HealthWeightsKey(stage), strings.Join(parts, ","))
		}
	}
	for _, f := range fields {
		v := r.PostFormValue(f.key)
		_, sent := r.PostForm[f.key]
		if v == f.old || v == "" && (f.key != "goal_pages" || !sent) { // goal pages may be cleared
			continue
		}
		if err := s.st.SetSetting(r.Context(), f.key, v); err != nil {
			if crm.ErrorCode(err) == crm.EINVALID {
				s.render(w, r, "settings", http.StatusBadRequest, settingsData{Settings: cur, Error: errorIn(langOf(r.Context()), err)})
				return nil
			}
			return err
		}
	}
	http.Redirect(w, r, "/settings?saved=1", http.StatusSeeOther)
	return nil
}

type usersData struct {
	Users  []crm.User
	Tokens []store.APIToken
	Error  string
	Roles  []crm.Role
	// NewToken is the secret of the token just created, shown this once.
	NewToken      string
	NewTokenOwner string
}

func (usersData) PageTitle(l *i18n.Lang) string { return l.T("Users") }

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, "")
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	return s.renderUsersWith(w, r, status, usersData{Error: msg})
}

func (s *Server) renderUsersWith(w http.ResponseWriter, r *http.Request, status int, d usersData) error {
	var err error
	if d.Users, err = s.st.Users(r.Context()); err != nil {
		return err
	}
	if d.Tokens, err = s.st.Tokens(r.Context(), ""); err != nil {
		return err
	}
	d.Roles = []crm.Role{crm.RoleViewer, crm.RoleStaff, crm.RoleAdmin}
	s.render(w, r, "users", status, d)
	return nil
}

// setUserRole gives a user another role (field role).
func (s *Server) setUserRole(w http.ResponseWriter, r *http.Request) error {
	_, err := s.st.SetUserRole(r.Context(), r.PathValue("email"), crm.Role(r.PostFormValue("role")))
	if c := crm.ErrorCode(err); c == crm.EINVALID || c == crm.ENOTFOUND {
		return s.renderUsers(w, r, status(c), errorIn(langOf(r.Context()), err))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

// createToken creates an API token for a user (fields email, name, and
// expires_days: 0 or empty for a token that works until revoked) and
// shows its secret this once: only its hash is kept.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	var expires time.Time
	if v := strings.TrimSpace(r.PostFormValue("expires_days")); v != "" && v != "0" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 3650 {
			return s.renderUsers(w, r, http.StatusBadRequest, tr(r, "expires: want a number of days from 0 to 3650"))
		}
		expires = time.Now().AddDate(0, 0, n)
	}
	tok, hash := auth.NewToken(auth.APIPrefix)
	t, err := s.st.CreateToken(r.Context(), r.PostFormValue("email"), strings.TrimSpace(r.PostFormValue("name")), hash, expires)
	if c := crm.ErrorCode(err); c == crm.EINVALID || c == crm.ENOTFOUND {
		return s.renderUsers(w, r, status(c), errorIn(langOf(r.Context()), err))
	}
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.renderUsersWith(w, r, http.StatusOK, usersData{NewToken: tok, NewTokenOwner: t.UserEmail})
}

func (s *Server) addUser(w http.ResponseWriter, r *http.Request) error {
	role, err := crm.ParseRole(r.PostFormValue("role"))
	if err == nil {
		var hash string
		if hash, err = auth.HashPassword(r.PostFormValue("password")); err == nil {
			_, err = s.st.CreateUser(r.Context(), r.PostFormValue("email"), r.PostFormValue("name"), role, hash)
		}
	}
	if c := crm.ErrorCode(err); c == crm.EINVALID || c == crm.ECONFLICT {
		return s.renderUsers(w, r, status(c), errorIn(langOf(r.Context()), err))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

func (s *Server) disableUser(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabled(w, r, true)
}

func (s *Server) enableUser(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabled(w, r, false)
}

func (s *Server) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	email := r.PathValue("email")
	if u, _ := userFrom(r.Context()); disabled && u.Email == crm.NormalizeEmail(email) {
		return s.renderUsers(w, r, http.StatusBadRequest, tr(r, "you cannot disable yourself"))
	}
	if err := s.st.SetUserDisabled(r.Context(), email, disabled); err != nil {
		return err
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

// setUserAccounts restricts a user to the accounts they own (form field
// own=1, with an optional owner name) or lets them see every account.
func (s *Server) setUserAccounts(w http.ResponseWriter, r *http.Request) error {
	own := r.PostFormValue("own") == "1"
	_, err := s.st.SetOwnAccountsOnly(r.Context(), r.PathValue("email"), own, r.PostFormValue("owner"))
	if c := crm.ErrorCode(err); c == crm.EINVALID || c == crm.ENOTFOUND {
		return s.renderUsers(w, r, status(c), errorIn(langOf(r.Context()), err))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

// setProductManager flags a user as a product manager (form field on=1)
// or not.
func (s *Server) setProductManager(w http.ResponseWriter, r *http.Request) error {
	_, err := s.st.SetProductManager(r.Context(), r.PathValue("email"), r.PostFormValue("on") == "1")
	if c := crm.ErrorCode(err); c == crm.ENOTFOUND {
		return s.renderUsers(w, r, status(c), errorIn(langOf(r.Context()), err))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

// auditQuery is the audit log's filters, from the query: user (the
// actor), entity, action, since and until (days, inclusive).
type auditQuery struct {
	User, Entity, Action string
	Since, Until         string
}

func auditQueryOf(v url.Values) (auditQuery, store.AuditFilter, error) {
	q := auditQuery{User: v.Get("user"), Entity: v.Get("entity"), Action: v.Get("action"),
		Since: strings.TrimSpace(v.Get("since")), Until: strings.TrimSpace(v.Get("until"))}
	f := store.AuditFilter{Actor: q.User, Entity: q.Entity, Action: q.Action}
	for _, d := range []struct {
		name, v string
		into    *time.Time
		next    int
	}{{"since", q.Since, &f.Since, 0}, {"until", q.Until, &f.Until, 1}} {
		if d.v == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, d.v, time.Local)
		if err != nil {
			return q, f, crm.Errorf(crm.EINVALID, "%s: want YYYY-MM-DD", d.name)
		}
		*d.into = t.AddDate(0, 0, d.next) // until is inclusive: before the next day
	}
	return q, f, nil
}

func (q auditQuery) encode() string {
	v := url.Values{}
	for k, x := range map[string]string{"user": q.User, "entity": q.Entity, "action": q.Action, "since": q.Since, "until": q.Until} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v.Encode()
}

// auditRow is an audit entry with its changes written for people.
type auditRow struct {
	store.AuditEntry
	Changes []string
}

// CSVURL is the export of the log with the page's filters.
func (d auditData) CSVURL() string { return withQuery("/audit.csv", d.QueryString) }

type auditData struct {
	listPage[auditRow]
	Query                    auditQuery
	QueryString              string
	Users, Entities, Actions []string
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	q, f, err := auditQueryOf(r.URL.Query())
	if err != nil {
		return err
	}
	page := 1
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 {
		page = n
	}
	f.Limit, f.Offset = listPerPage, (page-1)*listPerPage
	entries, total, err := s.st.Audit(r.Context(), f)
	if err != nil {
		return err
	}
	d := auditData{listPage: listPage[auditRow]{Title: i18n.N("Audit log"), Total: total}, Query: q, QueryString: q.encode()}
	if d.Users, d.Entities, d.Actions, err = s.st.AuditFacets(r.Context()); err != nil {
		return err
	}
	for _, e := range entries {
		d.Rows = append(d.Rows, auditRow{AuditEntry: e, Changes: auditChanges(e.Before, e.After)})
	}
	if len(entries) > 0 {
		d.From = (page-1)*listPerPage + 1
		d.To = d.From + len(entries) - 1
	}
	base := "/audit?"
	if d.QueryString != "" {
		base += d.QueryString + "&"
	}
	if page > 1 {
		d.Prev = base + "page=" + strconv.Itoa(page-1)
	}
	if d.To < total {
		d.Next = base + "page=" + strconv.Itoa(page+1)
	}
	s.render(w, r, "audit", http.StatusOK, d)
	return nil
}

// auditCSV exports the audit log with the page's filters, every entry,
// newest first.
func (s *Server) auditCSV(w http.ResponseWriter, r *http.Request) error {
	_, f, err := auditQueryOf(r.URL.Query())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="audit.csv"`)
	c := csvout.New(w)
	c.Write("id", "at", "actor", "action", "entity", "entity_id", "changes", "before", "after")
	for f.Offset = 0; ; {
		f.Limit = 1000
		entries, _, err := s.st.Audit(r.Context(), f)
		if err != nil {
			return err
		}
		for _, e := range entries {
			id := ""
			if e.EntityID != 0 {
				id = strconv.FormatInt(e.EntityID, 10)
			}
			c.Write(strconv.FormatInt(e.ID, 10), e.At.Format(time.RFC3339), e.Actor, e.Action, e.Entity, id,
				strings.Join(auditChanges(e.Before, e.After), "; "), string(e.Before), string(e.After))
		}
		if len(entries) < f.Limit {
			break
		}
		f.Offset += len(entries)
	}
	return c.Flush()
}

// auditChanges writes what an audit entry changed, one line per field:
// "name: Old → New" for a change, "name: value" for what a create wrote
// or a delete removed (empty values left out), fields sorted. Values that
// are not JSON objects are shown whole.
func auditChanges(before, after json.RawMessage) []string {
	var b, a map[string]json.RawMessage
	okB := len(before) == 0 || json.Unmarshal(before, &b) == nil
	okA := len(after) == 0 || json.Unmarshal(after, &a) == nil
	if !okB || !okA {
		out := []string{}
		if len(before) > 0 {
			out = append(out, string(before))
		}
		if len(after) > 0 {
			out = append(out, "→ "+string(after))
		}
		return out
	}
	text := func(v json.RawMessage) string {
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
		return string(v)
	}
	empty := func(v json.RawMessage) bool {
		switch string(v) {
		case "", `""`, "null", "0", "false", "[]", "{}", `"0001-01-01T00:00:00Z"`:
			return true
		}
		return false
	}
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		vb, inB := b[k]
		va, inA := a[k]
		switch {
		case b == nil && !empty(va):
			out = append(out, k+": "+text(va))
		case a == nil && !empty(vb):
			out = append(out, k+": "+text(vb))
		case b != nil && a != nil && string(vb) != string(va) && !(empty(vb) && empty(va)):
			from, to := text(vb), text(va)
			if !inB || empty(vb) {
				from = "—"
			}
			if !inA || empty(va) {
				to = "—"
			}
			out = append(out, k+": "+from+" → "+to)
		}
	}
	return out
}
