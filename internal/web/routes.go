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
		{"GET /figures", crm.RoleViewer, s.figures},

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
		{"POST /users/{email}/accounts", crm.RoleAdmin, s.setUserAccounts},
		{"GET /audit", crm.RoleAdmin, s.auditPage},

		// JSON API (api.go; documented in openapi.go, which every /api/v1/
		// route must have an entry in). Reads need viewer, writes staff.
		{"GET /api/v1/openapi.json", "", s.apiOpenAPI},
		{"GET /api/v1/accounts", crm.RoleViewer, s.apiListAccounts},
		{"POST /api/v1/accounts", crm.RoleStaff, s.apiCreateAccount},
		{"GET /api/v1/accounts/{id}", crm.RoleViewer, s.apiGetAccount},
		{"PATCH /api/v1/accounts/{id}", crm.RoleStaff, s.apiUpdateAccount},
		{"DELETE /api/v1/accounts/{id}", crm.RoleStaff, s.apiDeleteAccount},
		{"GET /api/v1/contacts", crm.RoleViewer, s.apiListContacts},
		{"POST /api/v1/contacts", crm.RoleStaff, s.apiCreateContact},
		{"GET /api/v1/contacts/{id}", crm.RoleViewer, s.apiGetContact},
		{"PATCH /api/v1/contacts/{id}", crm.RoleStaff, s.apiUpdateContact},
		{"DELETE /api/v1/contacts/{id}", crm.RoleStaff, s.apiDeleteContact},
		{"GET /api/v1/orders", crm.RoleViewer, s.apiListOrders},
		{"POST /api/v1/orders", crm.RoleStaff, s.apiCreateOrder},
		{"GET /api/v1/orders/{id}", crm.RoleViewer, s.apiGetOrder},
		{"PATCH /api/v1/orders/{id}", crm.RoleStaff, s.apiUpdateOrder},
		{"DELETE /api/v1/orders/{id}", crm.RoleStaff, s.apiDeleteOrder},
		{"GET /api/v1/touchpoints", crm.RoleViewer, s.apiListTouchpoints},
		{"POST /api/v1/touchpoints", crm.RoleStaff, s.apiCreateTouchpoint},
		{"GET /api/v1/touchpoints/{id}", crm.RoleViewer, s.apiGetTouchpoint},
		{"PATCH /api/v1/touchpoints/{id}", crm.RoleStaff, s.apiUpdateTouchpoint},
		{"DELETE /api/v1/touchpoints/{id}", crm.RoleStaff, s.apiDeleteTouchpoint},
		{"GET /api/v1/reports/{name}", crm.RoleViewer, s.apiReport},
		{"GET /api/v1/figures", crm.RoleViewer, s.figures},
		// Anything else under /api/ is a JSON 404, or 405 for a known path.
		{"GET /api/", "", s.apiFallback},
		{"POST /api/", "", s.apiFallback},
		{"PUT /api/", "", s.apiFallback},
		{"PATCH /api/", "", s.apiFallback},
		{"DELETE /api/", "", s.apiFallback},

		// Listening: social media mentions against the tiers, the care queue,
		// matching by hand, and the mentions API (mentions.go, care.go).
		{"GET /listening", crm.RoleViewer, s.listeningPage},
		{"GET /care", crm.RoleViewer, s.carePage},
		{"POST /care/{id}", crm.RoleStaff, s.careAction},
		{"POST /care/targets", crm.RoleAdmin, s.saveCareTargets},
		{"GET /mentions/unmatched", crm.RoleViewer, s.unmatchedPage},
		{"POST /mentions/{id}/match", crm.RoleStaff, s.matchMention},
		{"GET /api/v1/mentions", crm.RoleViewer, s.apiListMentions},
		{"POST /api/v1/mentions", crm.RoleStaff, s.apiPostMentions},
		{"POST /api/v1/mentions/{id}/match", crm.RoleStaff, s.apiMatchMention},
	}
}
