package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/markdown"
	"github.com/vitalfew/vitalfew/internal/report"
)

// The ideas boards of the portal's spaces. A customer's contact sees the
// ideas with their votes and status, posts (level create) and votes (level
// reply); never who else asked. Staff see each idea weighed by who asks:
// the accounts behind it by tier, their revenue and lifetime value
// (report.WeighIdeas over the server's figures), add ideas on behalf of
// the accounts that asked, link more of them and set the status.

// ideasPath is the path of space spaceID's ideas, under prefix (/portal or
// nothing).
func ideasPath(prefix string, spaceID int64) string {
	return prefix + "/spaces/" + strconv.FormatInt(spaceID, 10) + "/ideas"
}

// portalIdeas lists a space's ideas with their votes and status, and the
// form for a new one.
func (s *Server) portalIdeas(w http.ResponseWriter, r *http.Request) error {
	spaceID, err := portalID(r, "id")
	if err != nil {
		return err
	}
	sp, err := s.st.Space(r.Context(), spaceID)
	if err != nil {
		return err
	}
	ideas, err := s.st.Ideas(r.Context(), spaceID)
	if err != nil {
		return err
	}
	c, _ := portalFrom(r.Context())
	s.render(w, r, "portal_ideas", http.StatusOK, map[string]any{"Title": langOf(r.Context()).T("Ideas") + " · " + sp.Name, "Contact": c, "Space": sp,
		"Ideas": ideas, "CanVote": crm.LevelRank(sp.Level) >= crm.LevelRank(crm.LevelReply), "CanCreate": crm.LevelRank(sp.Level) >= crm.LevelRank(crm.LevelCreate)})
	return nil
}

// ideaOf reads the space and idea ids of r and returns the idea.
func (s *Server) ideaOf(r *http.Request) (crm.Idea, error) {
	spaceID, err := portalID(r, "id")
	if err != nil {
		return crm.Idea{}, crm.Errorf(crm.ENOTFOUND, "no such idea")
	}
	ideaID, err := portalID(r, "idea_id")
	if err != nil {
		return crm.Idea{}, crm.Errorf(crm.ENOTFOUND, "no such idea")
	}
	return s.st.Idea(r.Context(), spaceID, ideaID)
}

// portalIdea shows an idea, its text in Markdown, and the vote.
func (s *Server) portalIdea(w http.ResponseWriter, r *http.Request) error {
	idea, err := s.ideaOf(r)
	if err != nil {
		return err
	}
	sp, err := s.st.Space(r.Context(), idea.SpaceID)
	if err != nil {
		return err
	}
	body, err := markdown.HTML(idea.Body)
	if err != nil {
		return err
	}
	c, _ := portalFrom(r.Context())
	s.render(w, r, "portal_idea", http.StatusOK, map[string]any{"Title": idea.Title, "Contact": c, "Space": sp, "Idea": idea, "Body": body,
		"CanVote": crm.LevelRank(sp.Level) >= crm.LevelRank(crm.LevelReply)})
	return nil
}

// portalNewIdea posts an idea (fields title and body).
func (s *Server) portalNewIdea(w http.ResponseWriter, r *http.Request) error {
	spaceID, err := portalID(r, "id")
	if err != nil {
		return err
	}
	idea, err := s.st.CreateIdea(r.Context(), spaceID, r.PostFormValue("title"), r.PostFormValue("body"), nil)
	if err != nil {
		return err
	}
	http.Redirect(w, r, ideasPath("/portal", spaceID)+"/"+strconv.FormatInt(idea.ID, 10), http.StatusSeeOther)
	return nil
}

// portalVote votes for an idea, or withdraws the vote (field vote =
// withdraw).
func (s *Server) portalVote(w http.ResponseWriter, r *http.Request) error {
	idea, err := s.ideaOf(r)
	if err != nil {
		return err
	}
	if _, err := s.st.Vote(r.Context(), idea.SpaceID, idea.ID, r.PostFormValue("vote") != "withdraw"); err != nil {
		return err
	}
	http.Redirect(w, r, ideasPath("/portal", idea.SpaceID)+"#idea-"+strconv.FormatInt(idea.ID, 10), http.StatusSeeOther)
	return nil
}

// ideasData is the staff's weighed view of a space's ideas.
type ideasData struct {
	Space    crm.Space
	Report   *report.IdeasReport
	Ideas    []ideaView // in the report's order
	Statuses []string
	Error    string
}

func (d ideasData) PageTitle(l *i18n.Lang) string { return l.T("Ideas") + " · " + d.Space.Name }

// ideaView is an idea of the staff's view: its weights, its text and the
// accounts behind it with their tiers.
type ideaView struct {
	report.IdeaRow
	Body     template.HTML
	Staff    bool
	Author   string
	Accounts []ideaAccountView
}

type ideaAccountView struct {
	crm.IdeaAccount
	Tier string
}

// weighed returns the ideas of space spaceID weighed by the server's
// figures, and the ideas by id.
func (s *Server) weighed(r *http.Request, spaceID int64) (*report.IdeasReport, map[int64]crm.Idea, *snapshot, error) {
	ideas, err := s.st.Ideas(r.Context(), spaceID)
	if err != nil {
		return nil, nil, nil, err
	}
	snap, err := s.snapshot(r)
	if err != nil {
		return nil, nil, nil, err
	}
	var rep *report.IdeasReport
	if snap.pareto == nil { // no orders yet
		rep = report.WeighIdeas(ideas, nil, 0, nil)
	} else {
		var clv map[int64]float64
		if snap.base != nil {
			clv = snap.base.CLVByAccount()
		}
		rep = report.WeighIdeas(ideas, snap.pareto.Accounts, snap.pareto.Revenue, clv)
		rep.AsOf, rep.Since, rep.Until = snap.pareto.AsOf, snap.pareto.Since, snap.pareto.Until
	}
	byID := make(map[int64]crm.Idea, len(ideas))
	for _, i := range ideas {
		byID[i.ID] = i
	}
	return rep, byID, snap, nil
}

func (s *Server) spaceIdeas(w http.ResponseWriter, r *http.Request) error {
	return s.renderIdeas(w, r, http.StatusOK, "")
}

func (s *Server) renderIdeas(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	spaceID, err := portalID(r, "id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such space")
	}
	d := ideasData{Statuses: crm.IdeaStatuses, Error: msg}
	if d.Space, err = s.st.Space(r.Context(), spaceID); err != nil {
		return err
	}
	rep, byID, snap, err := s.weighed(r, spaceID)
	if err != nil {
		return err
	}
	d.Report = rep
	for _, row := range rep.Ideas {
		idea := byID[row.ID]
		body, err := markdown.HTML(idea.Body)
		if err != nil {
			return err
		}
		v := ideaView{IdeaRow: row, Body: body, Staff: idea.Staff, Author: idea.Author}
		for _, ia := range idea.Accounts {
			a, _ := snap.account(ia.AccountID)
			v.Accounts = append(v.Accounts, ideaAccountView{ia, a.Tier})
		}
		d.Ideas = append(d.Ideas, v)
	}
	s.render(w, r, "space_ideas", status, d)
	return nil
}

// spaceIdeasCSV exports the weighed ideas of a space (report ideas' CSV).
func (s *Server) spaceIdeasCSV(w http.ResponseWriter, r *http.Request) error {
	spaceID, err := portalID(r, "id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such space")
	}
	rep, _, _, err := s.weighed(r, spaceID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="ideas-`+strconv.FormatInt(spaceID, 10)+`.csv"`)
	return rep.WriteCSV(w)
}

// requesterOf reads a requester from the form: account (an id), source
// (mention:ID or touchpoint:ID, or nothing) and note.
func requesterOf(r *http.Request) (crm.IdeaRequester, bool, error) {
	acc := strings.TrimSpace(r.PostFormValue("account"))
	if acc == "" {
		return crm.IdeaRequester{}, false, nil
	}
	id, err := strconv.ParseInt(acc, 10, 64)
	if err != nil || id < 1 {
		return crm.IdeaRequester{}, false, crm.Errorf(crm.EINVALID, "account: want the account's id")
	}
	req := crm.IdeaRequester{AccountID: id, Note: r.PostFormValue("note")}
	if src := strings.TrimSpace(r.PostFormValue("source")); src != "" {
		kind, n, _ := strings.Cut(src, ":")
		sid, err := strconv.ParseInt(strings.TrimSpace(n), 10, 64)
		if err != nil || (kind != crm.SourceMention && kind != crm.SourceTouchpoint) {
			return req, false, crm.Errorf(crm.EINVALID, "source: want mention:ID or touchpoint:ID")
		}
		req.SourceKind, req.SourceID = kind, sid
	}
	return req, true, nil
}

// staffIdea adds an idea (fields title, body) on behalf of an account
// (account, source, note), or of none. Staff.
func (s *Server) staffIdea(w http.ResponseWriter, r *http.Request) error {
	spaceID, err := portalID(r, "id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such space")
	}
	bad := func(err error) error {
		return s.renderIdeas(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err))
	}
	req, ok, err := requesterOf(r)
	if err != nil {
		return bad(err)
	}
	var reqs []crm.IdeaRequester
	if ok {
		reqs = append(reqs, req)
	}
	idea, err := s.st.CreateIdea(r.Context(), spaceID, r.PostFormValue("title"), r.PostFormValue("body"), reqs)
	if crm.ErrorCode(err) == crm.EINVALID {
		return bad(err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, ideasPath("", spaceID)+"#idea-"+strconv.FormatInt(idea.ID, 10), http.StatusSeeOther)
	return nil
}

// staffIdeaAccount links an account that asked for an idea (account,
// source, note). Staff.
func (s *Server) staffIdeaAccount(w http.ResponseWriter, r *http.Request) error {
	idea, err := s.ideaOf(r)
	if err != nil {
		return err
	}
	bad := func(err error) error {
		return s.renderIdeas(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err))
	}
	req, ok, err := requesterOf(r)
	if err == nil && !ok {
		err = crm.Errorf(crm.EINVALID, "account: want the account's id")
	}
	if err != nil {
		return bad(err)
	}
	if _, err := s.st.AddIdeaRequester(r.Context(), idea.SpaceID, idea.ID, req); crm.ErrorCode(err) == crm.EINVALID {
		return bad(err)
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, ideasPath("", idea.SpaceID)+"#idea-"+strconv.FormatInt(idea.ID, 10), http.StatusSeeOther)
	return nil
}

// staffIdeaStatus sets an idea's status (field status). Staff.
func (s *Server) staffIdeaStatus(w http.ResponseWriter, r *http.Request) error {
	idea, err := s.ideaOf(r)
	if err != nil {
		return err
	}
	if _, err := s.st.SetIdeaStatus(r.Context(), idea.SpaceID, idea.ID, r.PostFormValue("status")); crm.ErrorCode(err) == crm.EINVALID {
		return s.renderIdeas(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err))
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, ideasPath("", idea.SpaceID)+"#idea-"+strconv.FormatInt(idea.ID, 10), http.StatusSeeOther)
	return nil
}
