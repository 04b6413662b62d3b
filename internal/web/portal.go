package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/mail"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The customer portal (/portal): contacts of customers, invited by staff,
// sign in with their own cookie and see the spaces granted to them and
// their own account's orders. The store decides what they may see (the
// actor is crm.PortalActor, scoped to their account); a page here never
// builds that rule itself. Anything not theirs is answered with the one
// "not found" page, byte for byte the page of a missing id. Every portal
// page is private and never cached.

const portalCookie = "vitalfew_portal"

type portalKey struct{}

// portalFrom returns the signed-in contact of a portal request.
func portalFrom(ctx context.Context) (crm.PortalContact, bool) {
	c, ok := ctx.Value(portalKey{}).(crm.PortalContact)
	return c, ok
}

// portalPage is a portal page: the request's contact must be signed in
// (else it is sent to the portal's sign-in) and acts as crm.PortalActor
// with their account's tier now; a page that is not found, or not theirs,
// is answered with portalNotFound.
func (s *Server) portalPage(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "private, no-store")
		c, err := s.portalSession(r)
		if err != nil {
			if crm.ErrorCode(err) != crm.EUNAUTHORIZED {
				return err
			}
			if r.Method != http.MethodGet {
				return s.portalNotFound(w, r)
			}
			http.Redirect(w, r, "/portal/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return nil
		}
		tier, err := s.tierOf(r.Context(), c.AccountID)
		if err != nil {
			return err
		}
		ctx := crm.WithActor(context.WithValue(r.Context(), portalKey{}, c), crm.PortalActor(c, tier))
		if err := h(w, r.WithContext(ctx)); err != nil {
			if crm.ErrorCode(err) == crm.ENOTFOUND {
				return s.portalNotFound(w, r)
			}
			return err
		}
		return nil
	}
}

// portalSession returns the contact of r's portal session.
func (s *Server) portalSession(r *http.Request) (crm.PortalContact, error) {
	c, err := r.Cookie(portalCookie)
	if err != nil || c.Value == "" {
		return crm.PortalContact{}, crm.Errorf(crm.EUNAUTHORIZED, "sign in first")
	}
	return s.st.PortalSessionContact(r.Context(), auth.HashToken(c.Value))
}

// tierOf is the tier of account id in the newest figures ("" when it has
// none): the portal's spaces are granted to tiers, and an account that
// leaves one loses its spaces at its contacts' next request.
func (s *Server) tierOf(ctx context.Context, id int64) (string, error) {
	snap, _, err := s.insight.get(crm.WithActor(ctx, crm.System))
	if err != nil {
		if crm.ErrorCode(err) == crm.EINVALID { // no orders yet: no tiers
			return "", nil
		}
		return "", err
	}
	a, _ := snap.account(id)
	return a.Tier, nil
}

// portalNotFound answers with the portal's one "not found" page: the same
// bytes for a missing id and for one that is not the contact's.
func (s *Server) portalNotFound(w http.ResponseWriter, r *http.Request) error {
	r2 := r.Clone(r.Context())
	r2.URL = &url.URL{Path: "/portal"}
	w.Header().Set("Cache-Control", "private, no-store")
	l := langOf(r.Context())
	s.render(w, r2, "portal_notfound", http.StatusNotFound, map[string]any{"Title": l.T("Not found")})
	return nil
}

// portalCookieFor sets (or, with an empty token, ends) the portal session
// cookie: its own name and path, apart from the staff's.
func (s *Server) portalCookieFor(w http.ResponseWriter, r *http.Request, token string, expires time.Time) {
	c := &http.Cookie{Name: portalCookie, Value: token, Path: "/portal", Expires: expires, MaxAge: int(time.Until(expires).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure || r.TLS != nil}
	if token == "" {
		c.MaxAge, c.Expires = -1, time.Time{}
	}
	http.SetCookie(w, c)
}

// portalNext returns next when it is a portal path, else /portal.
func portalNext(next string) string {
	if n := safeNext(next); n == "/portal" || strings.HasPrefix(n, "/portal/") {
		return n
	}
	return "/portal"
}

func (s *Server) portalLoginPage(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "private, no-store")
	if _, err := s.portalSession(r); err == nil {
		http.Redirect(w, r, portalNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	s.render(w, r, "portal_login", http.StatusOK, map[string]any{"Title": tr(r, "Customer portal"), "Next": r.URL.Query().Get("next")})
	return nil
}

// portalLogin checks a contact's e-mail and password, limited and gated
// as the staff's sign-in is, and starts a portal session.
func (s *Server) portalLogin(w http.ResponseWriter, r *http.Request) error {
	email := crm.NormalizeEmail(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	next := r.PostFormValue("next")
	ipKey, userKey := "ip:"+clientIP(r), "portal:"+email
	again := func(status int, msg string) error {
		s.render(w, r, "portal_login", status, map[string]any{"Title": tr(r, "Customer portal"), "Next": next, "Email": email, "Error": msg})
		return nil
	}
	var c crm.PortalContact
	status, msg, err := s.checkSignIn(w, r, ipKey, userKey, password, func() (hash string, err error) {
		c, hash, err = s.st.PortalLogin(r.Context(), email)
		return hash, err
	})
	if err != nil || status != 0 {
		if err == nil {
			err = again(status, msg)
		}
		return err
	}
	return s.startPortalSession(w, r, c, portalNext(next))
}

func (s *Server) startPortalSession(w http.ResponseWriter, r *http.Request, c crm.PortalContact, next string) error {
	token, th := auth.NewToken(auth.SessionPrefix)
	expires := time.Now().Add(s.ttl)
	if err := s.st.CreatePortalSession(r.Context(), c.ContactID, th, expires, langOf(r.Context()).Code); err != nil {
		return err
	}
	s.portalCookieFor(w, r, token, expires)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) portalLogout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(portalCookie); err == nil {
		if err := s.st.DeletePortalSession(r.Context(), auth.HashToken(c.Value)); err != nil {
			return err
		}
	}
	s.portalCookieFor(w, r, "", time.Time{})
	http.Redirect(w, r, "/portal/login", http.StatusSeeOther)
	return nil
}

// portalInvitePage shows the form that sets the password of an invited
// contact; an unknown, used or expired invitation is not found.
func (s *Server) portalInvitePage(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "private, no-store")
	c, err := s.st.PortalInvitation(r.Context(), auth.HashToken(r.PathValue("token")))
	if err != nil {
		if crm.ErrorCode(err) == crm.ENOTFOUND {
			return s.portalNotFound(w, r)
		}
		return err
	}
	return s.renderInvite(w, r, http.StatusOK, c, "")
}

func (s *Server) renderInvite(w http.ResponseWriter, r *http.Request, status int, c crm.PortalContact, msg string) error {
	s.render(w, r, "portal_invite", status, map[string]any{"Title": tr(r, "Welcome to the customer portal"), "Contact": c, "Error": msg})
	return nil
}

// portalAccept sets the invited contact's password (fields password and
// password_confirm), uses up the invitation and signs the contact in.
func (s *Server) portalAccept(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "private, no-store")
	th := auth.HashToken(r.PathValue("token"))
	c, err := s.st.PortalInvitation(r.Context(), th)
	if err != nil {
		if crm.ErrorCode(err) == crm.ENOTFOUND {
			return s.portalNotFound(w, r)
		}
		return err
	}
	password := r.PostFormValue("password")
	if password != r.PostFormValue("password_confirm") {
		return s.renderInvite(w, r, http.StatusBadRequest, c, tr(r, "The two passwords differ."))
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return s.renderInvite(w, r, http.StatusBadRequest, c, errorIn(langOf(r.Context()), err))
	}
	if c, err = s.st.AcceptPortalInvitation(r.Context(), th, hash); err != nil {
		if crm.ErrorCode(err) == crm.ENOTFOUND {
			return s.portalNotFound(w, r)
		}
		return err
	}
	return s.startPortalSession(w, r, c, "/portal")
}

// portalHome lists the contact's spaces and links their orders.
func (s *Server) portalHome(w http.ResponseWriter, r *http.Request) error {
	spaces, err := s.st.Spaces(r.Context())
	if err != nil {
		return err
	}
	notify, err := s.st.Notify(r.Context())
	if err != nil {
		return err
	}
	c, _ := portalFrom(r.Context())
	// The contact's own referral link, when staff gave them a code.
	codes, err := s.st.ReferralCodes(r.Context(), c.AccountID)
	if err != nil {
		return err
	}
	link := ""
	for _, rc := range codes {
		if rc.ContactID == c.ContactID {
			link = s.referralLink(rc.Code)
		}
	}
	s.render(w, r, "portal_home", http.StatusOK, map[string]any{"Title": tr(r, "Customer portal"), "Contact": c, "Spaces": spaces,
		"Notify": notify, "Mail": s.mailWake != nil, "Referral": link})
	return nil
}

// portalID reads the path value name as an id; an id that is no number is
// not found, as a missing one.
func portalID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id < 1 {
		return 0, crm.Errorf(crm.ENOTFOUND, "not found")
	}
	return id, nil
}

// spaceIDs reads the space's id and the id in path parameter param of a
// thing of it (a file, a product); a bad one is missing, the ENOTFOUND
// error saying missing.
func spaceIDs(r *http.Request, param, missing string) (spaceID, id int64, err error) {
	spaceID, err = portalID(r, "id")
	if err == nil {
		id, err = portalID(r, param)
	}
	if err != nil {
		return 0, 0, crm.Errorf(crm.ENOTFOUND, "%s", missing)
	}
	return spaceID, id, nil
}

func (s *Server) portalSpace(w http.ResponseWriter, r *http.Request) error {
	id, err := portalID(r, "id")
	if err != nil {
		return err
	}
	sp, err := s.st.Space(r.Context(), id)
	if err != nil {
		return err
	}
	pages, err := s.st.SpacePages(r.Context(), id)
	if err != nil {
		return err
	}
	threads, err := s.st.Threads(r.Context(), id)
	if err != nil {
		return err
	}
	if err := s.st.LogPortalRead(r.Context(), "space", id); err != nil {
		return err
	}
	events, err := s.st.Events(r.Context(), id, time.Now())
	if err != nil {
		return err
	}
	files, err := s.st.SpaceFiles(r.Context(), id)
	if err != nil {
		return err
	}
	products, err := s.st.SpaceProducts(r.Context(), id)
	if err != nil {
		return err
	}
	pms, err := s.st.ProductManagers(r.Context())
	if err != nil {
		return err
	}
	c, _ := portalFrom(r.Context())
	s.render(w, r, "portal_space", http.StatusOK, map[string]any{"Title": sp.Name, "Contact": c, "Space": sp, "Pages": pages,
		"Threads": threads, "Events": events, "CanCreate": crm.LevelRank(sp.Level) >= crm.LevelRank(crm.LevelCreate),
		"Files": fileViews(langOf(r.Context()), files), "Products": products, "ProductManagers": pms})
	return nil
}

// eventOf reads the space and event ids of r and returns the event.
func (s *Server) eventOf(r *http.Request) (crm.Event, error) {
	spaceID, err := portalID(r, "id")
	if err != nil {
		return crm.Event{}, err
	}
	eventID, err := portalID(r, "event_id")
	if err != nil {
		return crm.Event{}, err
	}
	return s.st.Event(r.Context(), spaceID, eventID)
}

// portalRegister registers the contact for an event; it lands on their
// account's timeline.
func (s *Server) portalRegister(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventOf(r)
	if err != nil {
		return err
	}
	if _, err := s.st.RegisterForEvent(r.Context(), e.SpaceID, e.ID); err != nil {
		return err
	}
	http.Redirect(w, r, "/portal/spaces/"+strconv.FormatInt(e.SpaceID, 10)+"#event-"+strconv.FormatInt(e.ID, 10), http.StatusSeeOther)
	return nil
}

// portalEventICS gives the event as a calendar file.
func (s *Server) portalEventICS(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventOf(r)
	if err != nil {
		return err
	}
	host := r.Host
	if s.baseURL != "" {
		if u, err := url.Parse(s.baseURL); err == nil {
			host = u.Host
		}
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="event-`+strconv.FormatInt(e.ID, 10)+`.ics"`)
	_, err = io.WriteString(w, icsEvent(e, host, time.Now()))
	return err
}

// portalOrderPage is how many orders a page of /portal/orders lists.
const portalOrderPage = 50

func (s *Server) portalOrders(w http.ResponseWriter, r *http.Request) error {
	page := 1
	if p, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && p > 1 {
		page = p
	}
	c, _ := portalFrom(r.Context())
	orders, total, err := s.st.ListOrders(r.Context(), store.OrderQuery{AccountID: c.AccountID, Limit: portalOrderPage, Offset: (page - 1) * portalOrderPage, Newest: true})
	if err != nil {
		return err
	}
	shipping, err := s.shipmentStatuses(r.Context(), orders)
	if err != nil {
		return err
	}
	d := map[string]any{"Title": tr(r, "Your orders"), "Contact": c, "Orders": orders, "Total": total, "Shipping": shipping}
	if page > 1 {
		d["Prev"] = "/portal/orders?page=" + strconv.Itoa(page-1)
	}
	if page*portalOrderPage < total {
		d["Next"] = "/portal/orders?page=" + strconv.Itoa(page+1)
	}
	s.render(w, r, "portal_orders", http.StatusOK, d)
	return nil
}

func (s *Server) portalOrder(w http.ResponseWriter, r *http.Request) error {
	id, err := portalID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.st.Order(r.Context(), id)
	if err != nil {
		return err
	}
	if err := s.st.LogPortalRead(r.Context(), "order", id); err != nil {
		return err
	}
	lines, err := s.st.OrderLinesOf(r.Context(), id)
	if err != nil {
		return err
	}
	shipments, err := s.st.ShipmentsOf(r.Context(), id)
	if err != nil {
		return err
	}
	c, _ := portalFrom(r.Context())
	s.render(w, r, "portal_order", http.StatusOK, map[string]any{"Title": tr(r, "Order %s", o.ExternalID), "Contact": c, "Order": o, "Lines": lines,
		"Shipments": shipments})
	return nil
}

// invitationTTL is how long a portal invitation from the web app works.
const invitationTTL = 7 * 24 * time.Hour

// invitedNotice is what Account 360 says after a portal invitation: that
// it was mailed, or the link to pass on when no mail server is set up.
type invitedNotice struct {
	Email, Link, Until string
	Mailed             bool
	// Survey names the survey of a survey invitation ("": the portal's);
	// Error says why one was not made.
	Survey, Error string
}

// linkBase is the address links in mail and on pages start with: the
// configured one, else the request's.
func (s *Server) linkBase(r *http.Request) string {
	if s.baseURL != "" {
		return s.baseURL
	}
	scheme := "http"
	if r.TLS != nil || s.secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// inviteContact invites contact {id} to the portal: by mail through the
// outbox when a mail server is set up, else the link is shown to pass on.
// Staff.
func (s *Server) inviteContact(w http.ResponseWriter, r *http.Request) error {
	id, err := portalID(r, "id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such contact")
	}
	c, err := s.st.Contact(r.Context(), id)
	if err != nil {
		return err
	}
	email := ""
	for _, i := range c.Identities {
		if i.Kind == "email" {
			email = i.Value
			break
		}
	}
	if email == "" {
		return crm.Errorf(crm.EINVALID, "the contact has no e-mail address to invite")
	}
	token, hash := auth.NewToken(auth.InvitePrefix)
	until := time.Now().Add(invitationTTL)
	link := s.linkBase(r) + "/portal/invite/" + token
	l := langOf(r.Context())
	var compose func(crm.PortalContact) crm.Mail
	if s.mailWake != nil {
		compose = mail.Invitation(l, link, until)
	}
	if _, err := s.st.InvitePortal(r.Context(), email, hash, until, compose); err != nil {
		return err
	}
	notice := &invitedNotice{Email: email, Until: l.DateTime(until.Local()), Mailed: compose != nil}
	if compose != nil {
		select {
		case s.mailWake <- struct{}{}:
		default: // the sender is busy; it finds the mail on its next round
		}
	} else {
		notice.Link = link
	}
	r.SetPathValue("id", strconv.FormatInt(c.AccountID, 10))
	return s.renderAccountWith(w, r, http.StatusOK, "", notice)
}

// portalSearch finds pages and threads in the contact's spaces (q).
func (s *Server) portalSearch(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := map[string]any{"Title": tr(r, "Search"), "Q": q}
	d["Contact"], _ = portalFrom(r.Context())
	if q != "" {
		hits, err := s.st.SearchSpaces(r.Context(), q)
		if crm.ErrorCode(err) == crm.EINVALID {
			d["Error"] = errorIn(langOf(r.Context()), err)
		} else if err != nil {
			return err
		}
		d["Hits"], d["Searched"] = hits, true
	}
	s.render(w, r, "portal_search", http.StatusOK, d)
	return nil
}

// notifyPost mails the portal users who may see space spaceID about a new
// post in thread threadID (titled title), when a mail server is set up.
// Each mail is in the language its recipient last used in the portal, else
// in the poster's.
func (s *Server) notifyPost(r *http.Request, spaceID, threadID int64, title string) error {
	if s.mailWake == nil {
		return nil
	}
	snap, _, err := s.insight.get(crm.WithActor(r.Context(), crm.System))
	if err != nil {
		return err
	}
	sp, err := s.st.Space(r.Context(), spaceID)
	if err != nil {
		return err
	}
	author := int64(0)
	if c, ok := portalFrom(r.Context()); ok {
		author = c.ContactID
	}
	l := langOf(r.Context())
	base := s.linkBase(r)
	link := base + "/portal/spaces/" + strconv.FormatInt(spaceID, 10) + "/threads/" + strconv.FormatInt(threadID, 10)
	tierOf := func(id int64) string { a, _ := snap.account(id); return a.Tier }
	compose := func(c crm.PortalContact, token string) crm.Mail {
		l := l
		if cl := i18n.Get(c.Language); cl != nil {
			l = cl // the language the recipient last used, else the poster's
		}
		return crm.Mail{Subject: l.T("New in %s: %s", sp.Name, title),
			Body: l.T("Hello %s,\n\nthere is a new post in \"%s\" in the space %s:\n\n%s\n\nNo more of these mails: %s\n",
				c.Name, title, sp.Name, link, base+"/portal/unsubscribe/"+token)}
	}
	if _, err := s.st.NotifyPost(r.Context(), spaceID, author, tierOf, compose); err != nil {
		return err
	}
	select {
	case s.mailWake <- struct{}{}:
	default:
	}
	return nil
}

// portalUnsubscribePage asks to confirm the unsubscribe of a mail's link
// (a GET changes nothing: mail scanners follow links).
func (s *Server) portalUnsubscribePage(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, "portal_unsubscribe", http.StatusOK, map[string]any{"Title": tr(r, "No more mail about new posts")})
	return nil
}

// portalUnsubscribe turns the post mail off for the token's user.
func (s *Server) portalUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "private, no-store")
	ok, err := s.st.Unsubscribe(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	if !ok {
		return s.portalNotFound(w, r)
	}
	s.render(w, r, "portal_unsubscribe", http.StatusOK, map[string]any{"Title": tr(r, "No more mail about new posts"), "Done": true})
	return nil
}

// portalNotifications turns the contact's post mail on (notify=1) or off.
func (s *Server) portalNotifications(w http.ResponseWriter, r *http.Request) error {
	if err := s.st.SetNotify(r.Context(), r.PostFormValue("notify") == "1"); err != nil {
		return err
	}
	http.Redirect(w, r, "/portal", http.StatusSeeOther)
	return nil
}
