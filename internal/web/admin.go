package web

import (
	"net/http"
	"strconv"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
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
	}
	for _, f := range fields {
		v := r.PostFormValue(f.key)
		if v == "" || v == f.old {
			continue
		}
		if err := s.st.SetSetting(r.Context(), f.key, v); err != nil {
			if crm.ErrorCode(err) == crm.EINVALID {
				s.render(w, r, "settings", http.StatusBadRequest, settingsData{Settings: cur, Error: err.Error()})
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
}

func (usersData) PageTitle(l *i18n.Lang) string { return l.T("Users") }

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, "")
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	users, err := s.st.Users(r.Context())
	if err != nil {
		return err
	}
	toks, err := s.st.Tokens(r.Context(), "")
	if err != nil {
		return err
	}
	s.render(w, r, "users", status, usersData{Users: users, Tokens: toks, Error: msg,
		Roles: []crm.Role{crm.RoleViewer, crm.RoleStaff, crm.RoleAdmin}})
	return nil
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
		return s.renderUsers(w, r, status(c), err.Error())
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
		return s.renderUsers(w, r, status(c), err.Error())
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	page := 1
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 {
		page = n
	}
	entries, total, err := s.st.Audit(r.Context(), store.AuditFilter{Limit: listPerPage, Offset: (page - 1) * listPerPage})
	if err != nil {
		return err
	}
	p := listPage[store.AuditEntry]{Title: i18n.N("Audit log"), Rows: entries, Total: total}
	if len(entries) > 0 {
		p.From = (page-1)*listPerPage + 1
		p.To = p.From + len(entries) - 1
	}
	if page > 1 {
		p.Prev = "/audit?page=" + strconv.Itoa(page-1)
	}
	if p.To < total {
		p.Next = "/audit?page=" + strconv.Itoa(page+1)
	}
	s.render(w, r, "audit", http.StatusOK, p)
	return nil
}
