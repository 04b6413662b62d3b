package web

import (
	"context"
	"net/http"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
)

// langCookie keeps the language a visitor chose with the switch in the
// header, for pages shown before signing in (a signed-in user's choice is
// saved on the user as well).
const langCookie = "vitalfew_lang"

type langKey struct{}

func withLang(ctx context.Context, l *i18n.Lang) context.Context {
	return context.WithValue(ctx, langKey{}, l)
}

// langOf is the language of the request's pages and messages; English
// when none was chosen.
func langOf(ctx context.Context) *i18n.Lang {
	if l, ok := ctx.Value(langKey{}).(*i18n.Lang); ok {
		return l
	}
	return i18n.English
}

// tr translates key with args into the request's language.
func tr(r *http.Request, key string, args ...any) string { return langOf(r.Context()).T(key, args...) }

// negotiate picks the request's language: saved (the signed-in user's
// setting, may be empty), then the language cookie, then Accept-Language.
func negotiate(r *http.Request, saved string) *i18n.Lang {
	cookie := ""
	if c, err := r.Cookie(langCookie); err == nil {
		cookie = c.Value
	}
	return i18n.Negotiate(saved, cookie, r.Header.Get("Accept-Language"))
}

// setLanguage is the language switch in the header: it keeps the choice in
// a cookie and, for a signed-in user or portal contact, saves it on them
// (for their mail), then goes back to the page it came from.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	l := i18n.Get(r.PostFormValue("lang"))
	if l == nil {
		l = i18n.English
	}
	if u, err := s.authenticate(r, false); err == nil {
		ctx := crm.WithActor(r.Context(), crm.ActorOf(u))
		if err := s.st.SetUserLanguage(ctx, l.Code); err != nil {
			return err
		}
	}
	if c, err := s.portalSession(r); err == nil {
		if err := s.st.SetPortalLanguage(crm.WithActor(r.Context(), crm.PortalActor(c, "")), l.Code); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: l.Code, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure || r.TLS != nil,
	})
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

// shownWords are the values pages show translated (the tv template
// function, l.Value): statuses, kinds, departments, roles, import phases,
// and the messages and status texts of error pages. Listing them here puts
// them under the catalogue test; a value not in the catalogue (a name, a
// department of the data's own) is shown as it is.
var shownWords = []string{
	// tiers without revenue: no tier, a prospect, an unknown author
	i18n.N("none"), i18n.N("prospect"), i18n.N("unknown"),
	// account and contact statuses; user roles
	i18n.N("active"), i18n.N("inactive"), i18n.N("left"),
	i18n.N("viewer"), i18n.N("staff"), i18n.N("admin"),
	// touchpoint kinds and departments
	i18n.N("note"), i18n.N("call"), i18n.N("meeting"), i18n.N("email"), i18n.N("ticket"), i18n.N("visit"), i18n.N("order"),
	i18n.N("sales"), i18n.N("support"), i18n.N("marketing"), i18n.N("finance"), i18n.N("management"),
	// contact identity kinds
	i18n.N("phone"), i18n.N("linkedin"), i18n.N("x"), i18n.N("instagram"), i18n.N("facebook"), i18n.N("youtube"),
	// import kinds and phases
	i18n.N("accounts"), i18n.N("contacts"), i18n.N("orders"), i18n.N("order-lines"), i18n.N("touchpoints"), i18n.N("mentions"), i18n.N("shipments"), i18n.N("activities"), i18n.N("activity-touches"),
	// what a portal contact read (the access log; "order" above)
	i18n.N("space"), i18n.N("page"), i18n.N("thread"), i18n.N("file"), i18n.N("product"),
	// shipment statuses ("unknown" above)
	i18n.N("shipped"), i18n.N("in_transit"), i18n.N("delivered"), i18n.N("returned"),
	i18n.N("starting"), i18n.N("reading"), i18n.N("waiting for another import"), i18n.N("writing"), i18n.N("done"),
	// error pages
	i18n.N("Bad Request"), i18n.N("Unauthorized"), i18n.N("Forbidden"), i18n.N("Not Found"), i18n.N("Method Not Allowed"),
	i18n.N("Conflict"), i18n.N("Request Entity Too Large"), i18n.N("Too Many Requests"), i18n.N("Internal Server Error"),
	i18n.N("Service Unavailable"),
	i18n.N("cross-origin request refused"), i18n.N("sign in first"),
	i18n.N("something went wrong on our side; it has been logged"),
}
