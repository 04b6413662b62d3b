package web

import "github.com/vitalfew/vitalfew/internal/crm"

// routes is the application's one routes table: every page and API route
// with the least role it needs ("" = public). State changes are never GET.
func (s *Server) routes() []route {
	return []route{
		{"GET /login", "", s.loginPage},
		{"POST /login", "", s.login},
		{"POST /logout", crm.RoleViewer, s.logout},

		{"GET /{$}", crm.RoleViewer, s.dashboard},
		{"GET /accounts", crm.RoleViewer, s.accounts},
		{"GET /accounts/{id}", crm.RoleViewer, s.account},
		{"POST /accounts/{id}/touchpoints", crm.RoleStaff, s.addTouchpoint},
		{"GET /lapsed", crm.RoleViewer, s.lapsedPage},
		{"GET /stale-contacts", crm.RoleViewer, s.stalePage},

		{"GET /import", crm.RoleStaff, s.importPage},
		{"POST /import", crm.RoleStaff, s.uploadFile},
		{"GET /import/{id}", crm.RoleStaff, s.importPreview},
		{"POST /import/{id}", crm.RoleStaff, s.importAction},
		{"GET /import/{id}/job", crm.RoleStaff, s.importJob},
		{"GET /import/{id}/status", crm.RoleStaff, s.importStatus},
		{"GET /import/{id}/rejects.csv", crm.RoleStaff, s.importRejects},

		{"GET /settings", crm.RoleViewer, s.settingsPage},
		{"POST /settings", crm.RoleAdmin, s.saveSettings},
		{"GET /users", crm.RoleAdmin, s.usersPage},
		{"POST /users", crm.RoleAdmin, s.addUser},
		{"POST /users/{email}/disable", crm.RoleAdmin, s.disableUser},
		{"POST /users/{email}/enable", crm.RoleAdmin, s.enableUser},
		{"GET /audit", crm.RoleAdmin, s.auditPage},
	}
}
