package web

import (
	"net/http"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// routes is the application's one routes table: every page and API route
// with the least role it needs ("" = public). State changes are never GET.
func (s *Server) routes() []route {
	return []route{
		{"GET /login", "", s.loginPage, nil},
		{"POST /login", "", s.login, nil},
		{"POST /logout", crm.RoleViewer, s.logout, nil},
		{"POST /lang", "", s.setLanguage, nil},
		{"POST /portal/lang", "", s.setLanguage, nil}, // the portal's session cookie is sent to /portal only

		// The customer portal: its own sign-in and session (portal.go).
		{"GET /portal/login", "", s.portalLoginPage, nil},
		{"POST /portal/login", "", s.portalLogin, nil},
		{"POST /portal/logout", "", s.portalLogout, nil},
		{"GET /portal/invite/{token}", "", s.portalInvitePage, nil},
		{"POST /portal/invite/{token}", "", s.portalAccept, nil},
		{"GET /portal", "", s.portalPage(s.portalHome), nil},
		{"GET /portal/spaces/{id}", "", s.portalPage(s.portalSpace), nil},
		{"GET /portal/spaces/{id}/pages/{page_id}", "", s.portalPage(s.spaceWikiPage), nil},
		{"GET /portal/spaces/{id}/pages/{page_id}/revisions", "", s.portalPage(s.pageRevisions), nil},
		{"GET /portal/spaces/{id}/threads/{thread_id}", "", s.portalPage(s.spaceThread), nil},
		{"POST /portal/spaces/{id}/threads", "", s.portalPage(s.newThread), nil},
		{"POST /portal/spaces/{id}/threads/{thread_id}/replies", "", s.portalPage(s.replyThread), nil},
		{"POST /portal/spaces/{id}/events/{event_id}/register", "", s.portalPage(s.portalRegister), nil},
		{"GET /portal/spaces/{id}/events/{event_id}/event.ics", "", s.portalPage(s.portalEventICS), nil},
		{"GET /portal/spaces/{id}/ideas", "", s.portalPage(s.portalIdeas), nil},
		{"GET /portal/spaces/{id}/ideas/{idea_id}", "", s.portalPage(s.portalIdea), nil},
		{"POST /portal/spaces/{id}/ideas", "", s.portalPage(s.portalNewIdea), nil},
		{"POST /portal/spaces/{id}/ideas/{idea_id}/vote", "", s.portalPage(s.portalVote), nil},
		{"GET /portal/spaces/{id}/files/{file_id}/{name}", "", s.portalPage(s.spaceFile), nil},
		{"GET /portal/spaces/{id}/products/{product_id}", "", s.portalPage(s.portalProduct), nil},
		{"GET /portal/orders", "", s.portalPage(s.portalOrders), nil},
		{"GET /portal/search", "", s.portalPage(s.portalSearch), nil},
		{"POST /portal/notifications", "", s.portalPage(s.portalNotifications), nil},
		{"GET /portal/unsubscribe/{token}", "", s.portalUnsubscribePage, nil},
		{"POST /portal/unsubscribe/{token}", "", s.portalUnsubscribe, nil},
		{"GET /portal/orders/{id}", "", s.portalPage(s.portalOrder), nil},

		// Surveys customers answer, without signing in (surveys.go).
		{"GET /s/{token}", "", s.surveyPage, nil},
		{"POST /s/{token}", "", s.surveySubmit, nil},
		{"GET /s/open/{slug}", "", s.openSurveyPage, nil},
		{"POST /s/open/{slug}", "", s.openSurveySubmit, nil},
		{"GET /s/confirm/{token}", "", s.confirmPage, nil},
		{"POST /s/confirm/{token}", "", s.confirmSubmit, nil},

		{"GET /{$}", crm.RoleViewer, s.dashboard, nil},
		{"GET /accounts", crm.RoleViewer, s.accounts, nil},
		{"GET /accounts.csv", crm.RoleViewer, s.accountsCSV, nil},
		{"GET /accounts/{id}", crm.RoleViewer, s.account, nil},
		{"POST /accounts/{id}/touchpoints", crm.RoleStaff, s.addTouchpoint, nil},
		{"POST /accounts/{id}/advocacy", crm.RoleStaff, s.recordAdvocacy, nil},
		{"POST /accounts/{id}/advocacy/{act_id}/verify", crm.RoleStaff, s.verifyAdvocacy, nil},
		{"POST /contacts/{id}/verified", crm.RoleStaff, s.verifyContact, nil},
		{"POST /contacts/{id}/invite", crm.RoleStaff, s.inviteContact, nil},
		{"POST /contacts/{id}/survey", crm.RoleStaff, s.surveyContact, nil},
		{"POST /contacts/{id}/referral-code", crm.RoleStaff, s.giveReferralCode, nil},
		{"GET /social-maturity", crm.RoleViewer, s.maturityPage, nil},
		{"POST /social-maturity", crm.RoleAdmin, s.saveMaturity, nil},
		{"GET /groups", crm.RoleViewer, s.groupsPage, nil},
		{"GET /groups.csv", crm.RoleViewer, s.groupsCSV, nil},
		{"GET /groups/view", crm.RoleViewer, s.groupPage, nil},
		{"GET /groups/view.csv", crm.RoleViewer, s.groupCSV, nil},
		{"GET /referrals", crm.RoleViewer, s.referralsPage, nil},
		{"GET /referrals.csv", crm.RoleViewer, s.referralsCSV, nil},
		// A referral link's public page (referrals.go): the same for every
		// code, rate-limited per address.
		{"GET /r/{token}", "", s.referralPage, nil},
		{"POST /r/{token}", "", s.referralSignup, nil},

		// The portal's spaces, as staff see them (spaces.go).
		{"GET /spaces", crm.RoleViewer, s.spaces, nil},
		{"GET /spaces.csv", crm.RoleViewer, s.spacesCSV, nil},
		{"GET /spaces/shut-out.csv", crm.RoleViewer, s.shutOutCSV, nil},
		{"POST /spaces", crm.RoleStaff, s.createSpace, nil},
		{"POST /spaces/invitations", crm.RoleStaff, s.inviteTier, nil},
		{"GET /spaces/{id}", crm.RoleViewer, s.space, nil},
		{"POST /spaces/{id}/pages", crm.RoleStaff, s.addSpacePage, nil},
		{"POST /spaces/{id}/products", crm.RoleStaff, s.showProducts, nil},
		{"POST /spaces/{id}/products/{product_id}/hide", crm.RoleStaff, s.hideProduct, nil},
		{"POST /spaces/{id}/files/{file_id}/product", crm.RoleStaff, s.fileProduct, nil},
		// The product catalogue (products.go).
		{"GET /products", crm.RoleViewer, s.products, nil},
		{"GET /products.csv", crm.RoleViewer, s.productsCSV, nil},
		{"GET /products/{id}", crm.RoleViewer, s.product, nil},
		{"POST /products/{id}", crm.RoleStaff, s.describeProduct, nil},
		{"POST /spaces/{id}/events", crm.RoleStaff, s.addEvent, nil},
		{"GET /spaces/{id}/pages/{page_id}", crm.RoleViewer, s.spaceWikiPage, nil},
		{"POST /spaces/{id}/pages/{page_id}", crm.RoleStaff, s.editSpacePage, nil},
		{"GET /spaces/{id}/pages/{page_id}/revisions", crm.RoleViewer, s.pageRevisions, nil},
		{"POST /spaces/{id}/threads", crm.RoleStaff, s.newThread, nil},
		{"GET /spaces/{id}/threads/{thread_id}", crm.RoleViewer, s.spaceThread, nil},
		{"POST /spaces/{id}/threads/{thread_id}/replies", crm.RoleStaff, s.replyThread, nil},
		{"GET /spaces/{id}/ideas", crm.RoleViewer, s.spaceIdeas, nil},
		{"GET /spaces/{id}/ideas.csv", crm.RoleViewer, s.spaceIdeasCSV, nil},
		{"POST /spaces/{id}/ideas", crm.RoleStaff, s.staffIdea, nil},
		{"POST /spaces/{id}/ideas/{idea_id}/status", crm.RoleStaff, s.staffIdeaStatus, nil},
		{"POST /spaces/{id}/ideas/{idea_id}/accounts", crm.RoleStaff, s.staffIdeaAccount, nil},
		{"POST /spaces/{id}/files", crm.RoleStaff, s.uploadSpaceFile, nil},
		{"GET /spaces/{id}/files/{file_id}", crm.RoleViewer, s.spaceFile, nil},
		{"POST /spaces/{id}/files/{file_id}/delete", crm.RoleStaff, s.deleteSpaceFile, nil},
		{"POST /spaces/{id}/events/{event_id}/attendance", crm.RoleStaff, s.importAttendance, nil},
		// Surveys as staff see them (surveys_staff.go).
		{"GET /surveys", crm.RoleViewer, s.surveysPage, nil},
		{"GET /surveys.csv", crm.RoleViewer, s.surveysCSV, nil},
		{"POST /surveys", crm.RoleStaff, s.createSurvey, nil},
		{"GET /surveys/{id}", crm.RoleViewer, s.surveyResults, nil},
		{"POST /surveys/{id}/invitations", crm.RoleStaff, s.inviteToSurvey, nil},
		{"GET /surveys/{id}/detractors.csv", crm.RoleViewer, s.surveyFollowUpsCSV, nil},
		{"GET /surveys/{id}/promoters.csv", crm.RoleViewer, s.surveyFollowUpsCSV, nil},
		// The survey with each final invoice (survey_invoice.go).
		{"POST /surveys/final-invoice", crm.RoleAdmin, s.setFinalInvoiceSurvey, nil},
		{"POST /surveys/final-invoice/links", crm.RoleStaff, s.finalInvoiceLinks, nil},
		{"POST /orders/{id}/final", crm.RoleStaff, s.markFinalInvoice, nil},
		// The perception gap (perception.go).
		{"GET /surveys/{id}/beliefs", crm.RoleStaff, s.surveyBeliefs, nil},
		{"POST /surveys/{id}/beliefs", crm.RoleStaff, s.saveBeliefs, nil},
		{"GET /surveys/{id}/perception", crm.RoleViewer, s.surveyPerception, nil},
		{"GET /surveys/{id}/perception.csv", crm.RoleViewer, s.surveyPerceptionCSV, nil},
		{"GET /lapsed", crm.RoleViewer, s.lapsedPage, nil},
		{"GET /funnel", crm.RoleViewer, s.funnelPage, nil},
		{"GET /funnel.csv", crm.RoleViewer, s.funnelCSV, nil},
		{"GET /lapsed.csv", crm.RoleViewer, s.lapsedCSV, nil},
		{"POST /lapsed/{id}/contacted", crm.RoleStaff, s.lapsedContacted, nil},
		{"GET /stale-contacts", crm.RoleViewer, s.stalePage, nil},
		{"GET /stale-contacts.csv", crm.RoleViewer, s.staleCSV, nil},
		{"GET /marketing", crm.RoleViewer, s.marketingPage, nil},
		{"GET /marketing.csv", crm.RoleViewer, s.marketingCSV, nil},
		{"POST /marketing/origin", crm.RoleStaff, s.marketingOrigin, nil},
		{"POST /marketing/heard", crm.RoleStaff, s.marketingHeard, nil},
		{"GET /marketing/activities", crm.RoleViewer, s.activitiesPage, nil},
		{"GET /marketing/activities.csv", crm.RoleViewer, s.activitiesCSV, nil},
		{"GET /marketing/activities/{id}", crm.RoleViewer, s.activityPage, nil},
		{"GET /marketing/activities/{id}/touches.csv", crm.RoleViewer, s.activityTouchesCSV, nil},
		{"GET /marketing/activities/{id}/links.csv", crm.RoleStaff, s.activityLinksCSV, nil},
		{"GET /marketing/reach", crm.RoleViewer, s.reachPage, nil},
		{"GET /marketing/reach.csv", crm.RoleViewer, s.reachCSV, nil},
		{"GET /marketing/web", crm.RoleViewer, s.webPage, nil},
		{"GET /marketing/web.csv", crm.RoleViewer, s.webCSV, nil},
		{"GET /breakeven", crm.RoleViewer, s.breakevenPage, nil},
		{"GET /figures", crm.RoleViewer, s.figures, nil},

		{"GET /import", crm.RoleStaff, s.importPage, nil},
		{"POST /import", crm.RoleStaff, s.uploadFile, nil},
		{"GET /import/{id}", crm.RoleStaff, s.importPreview, nil},
		{"POST /import/{id}", crm.RoleStaff, s.importAction, nil},
		{"GET /import/{id}/job", crm.RoleStaff, s.importJob, nil},
		{"GET /import/{id}/status", crm.RoleStaff, s.importStatus, nil},
		{"GET /import/{id}/rejects.csv", crm.RoleStaff, s.importRejects, nil},
		{"GET /import-template/{file}", crm.RoleStaff, s.importTemplate, nil},

		{"GET /settings", crm.RoleViewer, s.settingsPage, nil},
		{"POST /settings", crm.RoleAdmin, s.saveSettings, nil},
		{"GET /users", crm.RoleAdmin, s.usersPage, nil},
		{"POST /users", crm.RoleAdmin, s.addUser, nil},
		{"POST /users/{email}/disable", crm.RoleAdmin, s.disableUser, nil},
		{"POST /users/{email}/enable", crm.RoleAdmin, s.enableUser, nil},
		{"POST /users/{email}/accounts", crm.RoleAdmin, s.setUserAccounts, nil},
		{"POST /users/{email}/role", crm.RoleAdmin, s.setUserRole, nil},
		{"POST /users/{email}/product-manager", crm.RoleAdmin, s.setProductManager, nil},
		{"POST /tokens", crm.RoleAdmin, s.createToken, nil},
		{"GET /audit", crm.RoleAdmin, s.auditPage, nil},
		{"GET /audit.csv", crm.RoleAdmin, s.auditCSV, nil},

		// JSON API (api.go; documented in openapi.go, which every /api/v1/
		// route must have an entry in). Reads need viewer, writes staff.
		{"GET /api/v1/openapi.json", "", s.apiOpenAPI, &apiOp{summary: "This document", resp: map[string]any{}, status: http.StatusOK}},
		{"GET /api/v1/accounts", crm.RoleViewer, s.apiListAccounts, &apiOp{summary: "List accounts", doc: "By id. Every filter narrows the list.", params: withPage(
			apiParam{name: "q", typ: "string", doc: "part of the name (accents, case and legal forms ignored) or domain, or the whole external id"},
			apiParam{name: "segment", typ: "string"},
			apiParam{name: "owner", typ: "string"},
			apiParam{name: "status", typ: "string", enum: []string{crm.AccountActive, crm.AccountInactive}},
			apiParam{name: "tier", typ: "string", enum: tierValues,
				doc: "ABC tier in the dashboard's window (the pareto report without parameters: the settings' window and tier thresholds); none: no revenue in it"},
		), resp: listOf[apiAccount]{}, status: http.StatusOK}},
		{"POST /api/v1/accounts", crm.RoleStaff, s.apiCreateAccount, &apiOp{summary: "Create an account", doc: "name is required. " +
			"With referral_code the account is referred by the code's account (an unknown code is invalid).", body: accountInput{}, resp: apiAccount{}, status: http.StatusCreated}},
		{"GET /api/v1/accounts/{id}", crm.RoleViewer, s.apiGetAccount, &apiOp{summary: "Read an account", resp: apiAccount{}, status: http.StatusOK}},
		{"PATCH /api/v1/accounts/{id}", crm.RoleStaff, s.apiUpdateAccount, &apiOp{summary: "Change an account", doc: "Fields left out stay as they are. " +
			"With referral_code the account is referred by the code's account, as of today: refused for the account's own code and for an account that ordered before.",
			body: accountInput{}, resp: apiAccount{}, status: http.StatusOK}},
		{"DELETE /api/v1/accounts/{id}", crm.RoleStaff, s.apiDeleteAccount, &apiOp{summary: "Delete an account with its contacts, orders and touchpoints", status: http.StatusNoContent}},
		{"GET /api/v1/contacts", crm.RoleViewer, s.apiListContacts, &apiOp{summary: "List contacts", doc: "By id, with their identities.", params: withPage(
			apiParam{name: "account_id", typ: "integer"},
			apiParam{name: "status", typ: "string", enum: []string{crm.ContactActive, crm.ContactLeft}},
			apiParam{name: "email", typ: "string", doc: "the contact with this email"},
		), resp: listOf[apiContact]{}, status: http.StatusOK}},
		{"POST /api/v1/contacts", crm.RoleStaff, s.apiCreateContact, &apiOp{summary: "Create a contact", doc: "account_id and a name or an identity are required. " +
			"Identities are normalised as the importer does; one that another contact has is a conflict (one person per email).",
			body: contactInput{}, resp: apiContact{}, status: http.StatusCreated}},
		{"GET /api/v1/contacts/{id}", crm.RoleViewer, s.apiGetContact, &apiOp{summary: "Read a contact", resp: apiContact{}, status: http.StatusOK}},
		{"PATCH /api/v1/contacts/{id}", crm.RoleStaff, s.apiUpdateContact, &apiOp{summary: "Change a contact", doc: "Fields left out stay as they are; identities, when given, replace the stored ones.", body: contactInput{}, resp: apiContact{}, status: http.StatusOK}},
		{"DELETE /api/v1/contacts/{id}", crm.RoleStaff, s.apiDeleteContact, &apiOp{summary: "Delete a contact", doc: "Its touchpoints stay on the account.", status: http.StatusNoContent}},
		{"POST /api/v1/contacts/{id}/referral-code", crm.RoleStaff, s.apiReferralCode, &apiOp{summary: "A contact's referral code", doc: "Made on the first call, the same afterwards: " +
			"10 characters, read in any case; an account created or changed with it as referral_code is referred by the contact's account.", resp: apiReferralCode{}, status: http.StatusOK}},
		{"GET /api/v1/stage-transitions", crm.RoleViewer, s.apiStageTransitions, &apiOp{summary: "List the kept stage transitions", doc: "Each account's stages of the funnel " +
			"after the sale with the day and reason (derived again by the figures' refresh after every change of the data), the latest first.", params: withPage(
			apiParam{name: "account_id", typ: "integer"},
			apiParam{name: "since", typ: "date", doc: "first day, inclusive"},
		), resp: listOf[apiTransition]{}, status: http.StatusOK}},
		{"GET /api/v1/referrals", crm.RoleViewer, s.apiListReferrals, &apiOp{summary: "List referred accounts", doc: "The accounts that name who referred them, " +
			"with their milestones; the latest referred first.", params: withPage(
			apiParam{name: "stage", typ: "string", enum: []string{"referred", "customer", "repeat"}, doc: "the furthest milestone"},
		), resp: listOf[apiReferral]{}, status: http.StatusOK}},
		{"GET /api/v1/orders", crm.RoleViewer, s.apiListOrders, &apiOp{summary: "List orders", doc: "By id.", params: withPage(
			apiParam{name: "account_id", typ: "integer"},
			apiParam{name: "since", typ: "date", doc: "first day, inclusive"},
			apiParam{name: "until", typ: "date", doc: "last day, inclusive"},
		), resp: listOf[apiOrder]{}, status: http.StatusOK}},
		{"POST /api/v1/orders", crm.RoleStaff, s.apiCreateOrder, &apiOp{summary: "Create an order", doc: "account_id, ordered_at and amount are required; without external_id one is made up.", body: orderInput{}, resp: apiOrder{}, status: http.StatusCreated}},
		{"GET /api/v1/orders/{id}", crm.RoleViewer, s.apiGetOrder, &apiOp{summary: "Read an order", resp: apiOrder{}, status: http.StatusOK}},
		{"PATCH /api/v1/orders/{id}", crm.RoleStaff, s.apiUpdateOrder, &apiOp{summary: "Change an order", doc: "Fields left out stay as they are; the order's lines follow a new account or date.", body: orderInput{}, resp: apiOrder{}, status: http.StatusOK}},
		{"DELETE /api/v1/orders/{id}", crm.RoleStaff, s.apiDeleteOrder, &apiOp{summary: "Delete an order with its lines", status: http.StatusNoContent}},
		{"GET /api/v1/touchpoints", crm.RoleViewer, s.apiListTouchpoints, &apiOp{summary: "List touchpoints", doc: "By id.", params: withPage(
			apiParam{name: "account_id", typ: "integer"},
			apiParam{name: "contact_id", typ: "integer"},
			apiParam{name: "department", typ: "string"},
			apiParam{name: "kind", typ: "string"},
			apiParam{name: "since", typ: "date", doc: "first day, inclusive"},
			apiParam{name: "until", typ: "date", doc: "last day, inclusive"},
		), resp: listOf[apiTouchpoint]{}, status: http.StatusOK}},
		{"POST /api/v1/touchpoints", crm.RoleStaff, s.apiCreateTouchpoint, &apiOp{summary: "Create a touchpoint", doc: "account_id, kind, department and a subject or body are required; " +
			"occurred_at defaults to today; without external_id one is made up.", body: touchpointInput{}, resp: apiTouchpoint{}, status: http.StatusCreated}},
		{"GET /api/v1/touchpoints/{id}", crm.RoleViewer, s.apiGetTouchpoint, &apiOp{summary: "Read a touchpoint", resp: apiTouchpoint{}, status: http.StatusOK}},
		{"PATCH /api/v1/touchpoints/{id}", crm.RoleStaff, s.apiUpdateTouchpoint, &apiOp{summary: "Change a touchpoint", doc: "Fields left out stay as they are.", body: touchpointInput{}, resp: apiTouchpoint{}, status: http.StatusOK}},
		{"DELETE /api/v1/touchpoints/{id}", crm.RoleStaff, s.apiDeleteTouchpoint, &apiOp{summary: "Delete a touchpoint", status: http.StatusNoContent}},
		{"GET /api/v1/reports/{name}", crm.RoleViewer, s.apiReport, &apiOp{summary: "Run a report", doc: "Exactly what `vitalfew report NAME --json` prints with the same parameters; " +
			"without parameters, the reports the pages show come from the kept figures, with as_of_version and stale (see GET /api/v1/figures). " +
			"The window is the months up to as_of (default: the date of the latest order) that the setting window_months gives (12 until set); since and until override it. " +
			"No orders yet is not_found.", params: []apiParam{
			{name: "since", typ: "date", doc: "window start (default: 12 months before until)"},
			{name: "until", typ: "date", doc: "window end (default: as_of)"},
			{name: "as_of", typ: "date", doc: "as-of date (default: the date of the latest order)"},
			{name: "tiers", typ: "string", doc: "ABC tier cut-offs in percent of revenue (default: the setting tier_thresholds, 80,95 until set)"},
			{name: "after", typ: "string", doc: "lapsed: no order for this long, like 730d, 104w, 2y (default: the setting lapsed_after_days, 730 until set)"},
			{name: "stale_after", typ: "string", doc: "stale-contacts: not verified for this long (default 365d)"},
			{name: "year", typ: "integer", doc: "drift: the year to compare with the one before (default: the year of as_of)"},
			{name: "survey", typ: "integer", doc: "nps: only this survey's responses (default: every survey); perception: this survey (default: the newest staff answered)"},
			{name: "model", typ: "string", enum: []string{"first-touch", "last-touch", "linear", "u-shaped", "w-shaped", "time-decay"},
				doc: "attribution: the model (default first-touch)"},
			{name: "value", typ: "string", enum: []string{"first-order", "first-year", "clv"}, doc: "attribution: what a new customer is worth (default first-order)"},
		}, resp: reportTypes(), status: http.StatusOK}},
		{"GET /api/v1/breakeven", crm.RoleViewer, s.apiBreakeven, &apiOp{summary: "Break-even of a product or service", doc: "Exactly what " +
			"`vitalfew breakeven --json` prints for the same amounts: break-even units (bev unrounded, bev_units rounded up) and revenue, " +
			"contribution margin and ratio, units for a target profit, at an actual volume the profit, margin of safety, profit margin and " +
			"operating leverage, and the what-if grid. A price at or below the variable cost is invalid.", params: []apiParam{
			{name: "fixed", typ: "string", doc: "fixed costs of the period, like 12000 (required)"},
			{name: "price", typ: "string", doc: "price per unit, like 200 (required)"},
			{name: "variable", typ: "string", doc: "variable cost per unit, like 80 (required)"},
			{name: "target_profit", typ: "string", doc: "profit wanted in the period (default 0)"},
			{name: "units", typ: "integer", doc: "actual or planned units of the period"},
		}, resp: breakevenJSON(), status: http.StatusOK}},
		{"GET /api/v1/figures", crm.RoleViewer, s.figures, &apiOp{summary: "How current the kept figures are", doc: "The reports without parameters and the tier filter of the " +
			"accounts list use figures kept between changes of the data. After a change they are worked out again in the background, only " +
			"those that read what changed; meanwhile the previous ones are served, marked stale. stale false: the figures are of the data now.",
			resp: figuresState{}, status: http.StatusOK}},
		// Anything else under /api/ is a JSON 404, or 405 for a known path.
		{"GET /api/", "", s.apiFallback, nil},
		{"POST /api/", "", s.apiFallback, nil},
		{"PUT /api/", "", s.apiFallback, nil},
		{"PATCH /api/", "", s.apiFallback, nil},
		{"DELETE /api/", "", s.apiFallback, nil},

		// Listening: social media mentions against the tiers, the care queue,
		// matching by hand, and the mentions API (mentions.go, care.go).
		{"GET /listening", crm.RoleViewer, s.listeningPage, nil},
		{"GET /care", crm.RoleViewer, s.carePage, nil},
		{"GET /care.csv", crm.RoleViewer, s.careCSV, nil},
		{"POST /care/bulk", crm.RoleStaff, s.careBulk, nil},
		{"POST /care/{id}", crm.RoleStaff, s.careAction, nil},
		{"POST /care/targets", crm.RoleAdmin, s.saveCareTargets, nil},
		{"GET /mentions/unmatched", crm.RoleViewer, s.unmatchedPage, nil},
		{"GET /mentions/unmatched.csv", crm.RoleViewer, s.unmatchedCSV, nil},
		{"POST /mentions/{id}/match", crm.RoleStaff, s.matchMention, nil},
		{"POST /mentions/{id}/dismiss", crm.RoleStaff, s.dismissMention, nil},
		{"GET /api/v1/mentions", crm.RoleViewer, s.apiListMentions, &apiOp{summary: "List mentions", doc: "Newest first.", params: withPage(
			apiParam{name: "unmatched", typ: "string", enum: []string{"true", "false"}, doc: "true: only mentions matched to no account"},
			apiParam{name: "care", typ: "string", enum: []string{crm.CareOpen, crm.CareResolved, crm.CareNone}},
			apiParam{name: "account_id", typ: "integer"},
		), resp: mentionList{}, status: http.StatusOK}},
		{"POST /api/v1/mentions", crm.RoleStaff, s.apiPostMentions, &apiOp{summary: "Take in social media mentions", doc: "One mention or an array of them, read like the rows of " +
			"`vitalfew import mentions`: scored for sentiment, matched to contacts and accounts, idempotent on platform and id (or url); " +
			"all or nothing, row errors name the item (request:3: text: missing).", body: mentionInput{}, resp: mentionsResult{}, status: http.StatusOK}},
		{"POST /api/v1/mentions/{id}/match", crm.RoleStaff, s.apiMatchMention, &apiOp{summary: "Match a mention to an account by hand", doc: "confirm_handle makes the author's handle " +
			"an identity of the contact.", body: matchInput{}, resp: crm.Mention{}, status: http.StatusOK}},
	}
}
