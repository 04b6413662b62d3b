package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/csvout"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/mail"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/textdiff"
)

// The staff's side of the customer portal (/spaces): the spaces, who may
// enter them, their wiki pages and forum, where product managers answer;
// and inviting the contacts of a tier at once.

type spacesData struct {
	Spaces listPage[crm.Space]
	Q      string // the name filter
	// ShutOut are the portal users who may enter no space now: their
	// account left the tier a space is open to, or a grant went.
	ShutOut listPage[shutOut]
	Levels  []string
	Tiers   []string
	// DefaultGrant fills the new space's grants: the A tier.
	DefaultGrant string
	Invited      int  // contacts just invited by mail
	Mail         bool // a mail server is set up
	Error        string
}

func (spacesData) PageTitle(l *i18n.Lang) string { return l.T("Portal spaces") }

func (s *Server) spaces(w http.ResponseWriter, r *http.Request) error {
	return s.renderSpaces(w, r, http.StatusOK, spacesData{})
}

func (s *Server) renderSpaces(w http.ResponseWriter, r *http.Request, status int, d spacesData) error {
	all, err := s.st.Spaces(r.Context())
	if err != nil {
		return err
	}
	out, err := s.shutOut(r, all)
	if err != nil {
		return err
	}
	d.Q = strings.TrimSpace(r.URL.Query().Get("q"))
	base := "/spaces"
	if d.Q != "" {
		base += "?q=" + url.QueryEscape(d.Q)
	}
	paginate(r, base, spacesNamed(all, d.Q), &d.Spaces)
	paginateAs(r, "out", base, out, &d.ShutOut, listPerPage)
	d.Levels, d.Mail = crm.Levels, s.mailWake != nil
	d.Tiers, d.DefaultGrant = []string{"A", "B", "C"}, "tier:A"
	s.render(w, r, "spaces", status, d)
	return nil
}

// spacesNamed are the spaces whose name holds q, in any case.
func spacesNamed(all []crm.Space, q string) []crm.Space {
	if q == "" {
		return all
	}
	q = strings.ToLower(q)
	var out []crm.Space
	for _, sp := range all {
		if strings.Contains(strings.ToLower(sp.Name), q) {
			out = append(out, sp)
		}
	}
	return out
}

// spacesCSV exports the spaces (with the list's name filter) and whom
// each is open to.
func (s *Server) spacesCSV(w http.ResponseWriter, r *http.Request) error {
	all, err := s.st.Spaces(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="spaces.csv"`)
	c := csvout.New(w)
	c.Write("id", "name", "created_at", "open_to")
	for _, sp := range spacesNamed(all, strings.TrimSpace(r.URL.Query().Get("q"))) {
		var grants []string
		for _, g := range sp.Grants {
			grants = append(grants, g.Kind+":"+g.Value+" "+g.Level)
		}
		c.Write(strconv.FormatInt(sp.ID, 10), sp.Name, sp.CreatedAt.Format(time.RFC3339), strings.Join(grants, "; "))
	}
	return c.Flush()
}

// shutOutCSV exports every portal user who may enter no space now.
func (s *Server) shutOutCSV(w http.ResponseWriter, r *http.Request) error {
	all, err := s.st.Spaces(r.Context())
	if err != nil {
		return err
	}
	out, err := s.shutOut(r, all)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="portal-users-without-a-space.csv"`)
	c := csvout.New(w)
	c.Write("account_id", "account", "tier_now", "contact_id", "name", "email")
	for _, u := range out {
		c.Write(strconv.FormatInt(u.AccountID, 10), u.AccountName, u.Tier, strconv.FormatInt(u.ContactID, 10), u.Name, u.Email)
	}
	return c.Flush()
}

// createSpace creates a space from the form: name, grants (one per line:
// tier:A, account:ID, contact:EMAIL) and level. Staff.
func (s *Server) createSpace(w http.ResponseWriter, r *http.Request) error {
	var grants []crm.Grant
	for _, line := range strings.Split(r.PostFormValue("grants"), "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		g, err := crm.ParseGrant(line, r.PostFormValue("level"))
		if err != nil {
			return s.renderSpaces(w, r, http.StatusBadRequest, spacesData{Error: errorIn(langOf(r.Context()), err)})
		}
		grants = append(grants, g)
	}
	sp, err := s.st.CreateSpace(r.Context(), r.PostFormValue("name"), grants)
	if err != nil {
		if c := crm.ErrorCode(err); c == crm.EINVALID {
			return s.renderSpaces(w, r, http.StatusBadRequest, spacesData{Error: errorIn(langOf(r.Context()), err)})
		}
		return err
	}
	http.Redirect(w, r, "/spaces/"+strconv.FormatInt(sp.ID, 10), http.StatusSeeOther)
	return nil
}

type spaceData struct {
	Space   crm.Space
	Pages   []crm.SpacePage
	Threads []crm.Thread
	Events  []crm.Event
	Error   string
	// Files of the space, and what an attendance import just did (files.go).
	Files      []fileView
	Attendance *attendanceReport
	// Products the space shows (products.go).
	Products []crm.CatalogueItem
}

// ProductName is the name of product id of the space's, "" when none.
func (d spaceData) ProductName(id int64) string {
	for _, p := range d.Products {
		if p.ProductID == id {
			return p.Name
		}
	}
	return ""
}

func (d spaceData) PageTitle(*i18n.Lang) string { return d.Space.Name }

func (s *Server) space(w http.ResponseWriter, r *http.Request) error {
	return s.renderSpace(w, r, http.StatusOK, "")
}

func (s *Server) renderSpace(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	return s.renderSpaceWith(w, r, status, spaceData{Error: msg})
}

func (s *Server) renderSpaceWith(w http.ResponseWriter, r *http.Request, status int, d spaceData) error {
	id, err := portalID(r, "id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such space")
	}
	if d.Space, err = s.st.Space(r.Context(), id); err != nil {
		return err
	}
	if d.Pages, err = s.st.SpacePages(r.Context(), id); err != nil {
		return err
	}
	if d.Threads, err = s.st.Threads(r.Context(), id); err != nil {
		return err
	}
	if d.Events, err = s.st.Events(r.Context(), id, time.Now().AddDate(0, -3, 0)); err != nil {
		return err
	}
	files, err := s.st.SpaceFiles(r.Context(), id)
	if err != nil {
		return err
	}
	d.Files = fileViews(langOf(r.Context()), files)
	if d.Products, err = s.st.SpaceProducts(r.Context(), id); err != nil {
		return err
	}
	s.render(w, r, "space", status, d)
	return nil
}

// addSpacePage adds a wiki page from the form (title, body). Staff.
func (s *Server) addSpacePage(w http.ResponseWriter, r *http.Request) error {
	id, err := portalID(r, "id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such space")
	}
	p, err := s.st.AddSpacePage(r.Context(), id, r.PostFormValue("title"), r.PostFormValue("body"))
	if crm.ErrorCode(err) == crm.EINVALID {
		return s.renderSpace(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/spaces/"+strconv.FormatInt(id, 10)+"/pages/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
	return nil
}

// inviteTier invites every active contact with an e-mail address of the
// accounts in tier (form field tier, default A) who is not a portal user
// yet: by mail when a mail server is set up, else as a CSV of links to
// pass on (a mail merge). Staff.
func (s *Server) inviteTier(w http.ResponseWriter, r *http.Request) error {
	tier := strings.ToUpper(strings.TrimSpace(r.PostFormValue("tier")))
	if tier == "" {
		tier = "A"
	}
	if tier != "A" && tier != "B" && tier != "C" {
		return crm.Errorf(crm.EINVALID, "tier: want A, B or C")
	}
	snap, err := s.snapshot(r)
	if err != nil {
		return err
	}
	members, err := s.st.PortalMembers(r.Context())
	if err != nil {
		return err
	}
	l := langOf(r.Context())
	var rows [][]string
	mailed := 0
	if snap.pareto != nil {
		for _, a := range snap.pareto.Accounts {
			if a.Tier != tier || !scopeOf(r.Context()).Allows(a.ID, ownerIn(snap, a.ID)) {
				continue
			}
			contacts, _, err := s.st.ListContacts(r.Context(), store.ContactQuery{AccountID: a.ID, Status: "active", Limit: store.MaxPageSize})
			if err != nil {
				return err
			}
			for _, c := range contacts {
				email := ""
				for _, i := range c.Identities {
					if i.Kind == "email" {
						email = i.Value
						break
					}
				}
				if email == "" || members[c.ID] {
					continue
				}
				token, hash := auth.NewToken(auth.InvitePrefix)
				until := time.Now().Add(invitationTTL)
				link := s.linkBase(r) + "/portal/invite/" + token
				var compose func(crm.PortalContact) crm.Mail
				if s.mailWake != nil {
					compose = mail.Invitation(l, link, until)
				}
				if _, err := s.st.InvitePortal(r.Context(), email, hash, until, compose); err != nil {
					return err
				}
				if compose != nil {
					mailed++
				} else {
					rows = append(rows, []string{a.Name, c.Name, email, link, until.UTC().Format(time.RFC3339)})
				}
			}
		}
	}
	if s.mailWake != nil {
		select {
		case s.mailWake <- struct{}{}:
		default:
		}
		return s.renderSpaces(w, r, http.StatusOK, spacesData{Invited: mailed})
	}
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	_ = cw.Write([]string{"account", "name", "email", "link", "expires_at"})
	_ = cw.WriteAll(rows)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="portal-invitations-tier-`+tier+`.csv"`)
	_, err = w.Write(b.Bytes())
	return err
}

// ownerIn is the owner of account id in snap's directory.
func ownerIn(snap *snapshot, id int64) string {
	a, _ := snap.account(id)
	return a.Owner
}

// addEvent adds a webinar or video chat to a space from the form: title,
// kind, starts_at (local date and time of the server), minutes, join_url,
// description. Staff.
func (s *Server) addEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := portalID(r, "id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such space")
	}
	bad := func(err error) error {
		return s.renderSpace(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err))
	}
	starts, err := time.ParseInLocation("2006-01-02T15:04", r.PostFormValue("starts_at"), time.Local)
	if err != nil {
		return bad(crm.Errorf(crm.EINVALID, "starts_at: want a date and time"))
	}
	minutes, err := strconv.Atoi(r.PostFormValue("minutes"))
	if err != nil {
		return bad(crm.Errorf(crm.EINVALID, "minutes: want 5 to 1440"))
	}
	e, err := s.st.CreateEvent(r.Context(), crm.Event{SpaceID: id, Title: r.PostFormValue("title"), Kind: r.PostFormValue("kind"),
		StartsAt: starts, Minutes: minutes, JoinURL: r.PostFormValue("join_url"), Description: r.PostFormValue("description")})
	if crm.ErrorCode(err) == crm.EINVALID {
		return bad(err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/spaces/"+strconv.FormatInt(id, 10)+"#event-"+strconv.FormatInt(e.ID, 10), http.StatusSeeOther)
	return nil
}

// revisionView is a page's version with what it changed from the one
// before (the first: everything added).
type revisionView struct {
	crm.PageRevision
	Diff []textdiff.Line
}

func revisionViews(revs []crm.PageRevision) []revisionView {
	out := make([]revisionView, len(revs))
	for i, r := range revs {
		before := ""
		if i+1 < len(revs) {
			before = revs[i+1].Body
		}
		out[i] = revisionView{r, textdiff.Lines(before, r.Body)}
	}
	return out
}

// pageRevisions shows a page's versions with their diffs, to staff
// (/spaces/…) and to contacts (/portal/…, through portalPage).
func (s *Server) pageRevisions(w http.ResponseWriter, r *http.Request) error {
	spaceID, err := portalID(r, "id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such page")
	}
	pageID, err := portalID(r, "page_id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such page")
	}
	sp, err := s.st.Space(r.Context(), spaceID)
	if err != nil {
		return err
	}
	p, err := s.st.SpacePage(r.Context(), spaceID, pageID)
	if err != nil {
		return err
	}
	revs, err := s.st.PageRevisions(r.Context(), spaceID, pageID)
	if err != nil {
		return err
	}
	d := map[string]any{"Title": p.Title, "Space": sp, "Page": p, "Revisions": revisionViews(revs)}
	page := "space_revisions"
	if c, ok := portalFrom(r.Context()); ok {
		d["Contact"], page = c, "portal_revisions"
	}
	s.render(w, r, page, http.StatusOK, d)
	return nil
}

// editSpacePage saves a new version of a page (title, body). Staff.
func (s *Server) editSpacePage(w http.ResponseWriter, r *http.Request) error {
	spaceID, err := portalID(r, "id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such page")
	}
	pageID, err := portalID(r, "page_id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such page")
	}
	if _, err := s.st.UpdateSpacePage(r.Context(), spaceID, pageID, r.PostFormValue("title"), r.PostFormValue("body")); err != nil {
		return err
	}
	http.Redirect(w, r, "/spaces/"+strconv.FormatInt(spaceID, 10)+"/pages/"+strconv.FormatInt(pageID, 10), http.StatusSeeOther)
	return nil
}

// shutOut is a portal user who may enter no space now, with their
// account's tier.
type shutOut struct {
	crm.PortalContact
	Tier string
}

// shutOut lists the portal users whom no grant of spaces lets in with
// their account's tier in the newest figures.
func (s *Server) shutOut(r *http.Request, spaces []crm.Space) ([]shutOut, error) {
	users, err := s.st.PortalUsers(r.Context())
	if err != nil || len(users) == 0 {
		return nil, err
	}
	snap, err := s.snapshot(r)
	if err != nil {
		return nil, err
	}
	var out []shutOut
	for _, u := range users {
		a, _ := snap.account(u.AccountID)
		in := false
		for _, sp := range spaces {
			for _, g := range sp.Grants {
				if g.Kind == "tier" && g.Value == a.Tier || g.Kind == "account" && g.Value == strconv.FormatInt(u.AccountID, 10) ||
					g.Kind == "contact" && g.Value == strconv.FormatInt(u.ContactID, 10) {
					in = true
				}
			}
		}
		if !in {
			out = append(out, shutOut{u, a.Tier})
		}
	}
	return out, nil
}
