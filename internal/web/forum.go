package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/markdown"
	"github.com/vitalfew/vitalfew/internal/store"
)

// A space's wiki pages and forum, one handler for each for staff
// (/spaces/…) and for portal contacts (/portal/spaces/…, through
// portalPage): the store decides what each may read and write, the
// handler only which page it renders and where it sends them back to.

// spacesRoot is where the request's spaces live: the portal's for a
// contact, the staff's otherwise.
func spacesRoot(r *http.Request) string {
	if _, ok := portalFrom(r.Context()); ok {
		return "/portal/spaces/"
	}
	return "/spaces/"
}

// postView is a post with its Markdown rendered and sanitised.
type postView struct {
	crm.Post
	HTML template.HTML
}

func renderPosts(posts []crm.Post) ([]postView, error) {
	out := make([]postView, len(posts))
	for i, p := range posts {
		h, err := markdown.HTML(p.Body)
		if err != nil {
			return nil, err
		}
		out[i] = postView{p, h}
	}
	return out, nil
}

// spaceWikiPage shows a wiki page, its Markdown rendered and sanitised; a
// contact's read goes into the access log.
func (s *Server) spaceWikiPage(w http.ResponseWriter, r *http.Request) error {
	spaceID, err := portalID(r, "id")
	if err != nil {
		return err
	}
	pageID, err := portalID(r, "page_id")
	if err != nil {
		return err
	}
	sp, err := s.st.Space(r.Context(), spaceID)
	if err != nil {
		return err
	}
	p, err := s.st.SpacePage(r.Context(), spaceID, pageID)
	if err != nil {
		return err
	}
	if err := s.st.LogPortalRead(r.Context(), "page", pageID); err != nil {
		return err
	}
	body, err := markdown.HTML(p.Body)
	if err != nil {
		return err
	}
	d := map[string]any{"Title": p.Title, "Space": sp, "Page": p, "Body": body}
	page := "space_page"
	if c, ok := portalFrom(r.Context()); ok {
		d["Contact"], page = c, "portal_page"
	}
	s.render(w, r, page, http.StatusOK, d)
	return nil
}

// spaceThread shows a thread's posts and, to whoever may answer, the form.
func (s *Server) spaceThread(w http.ResponseWriter, r *http.Request) error {
	spaceID, err := portalID(r, "id")
	if err != nil {
		return err
	}
	threadID, err := portalID(r, "thread_id")
	if err != nil {
		return err
	}
	sp, err := s.st.Space(r.Context(), spaceID)
	if err != nil {
		return err
	}
	th, posts, err := s.st.Thread(r.Context(), spaceID, threadID)
	if err != nil {
		return err
	}
	if err := s.st.LogPortalRead(r.Context(), "thread", threadID); err != nil {
		return err
	}
	views, err := renderPosts(posts)
	if err != nil {
		return err
	}
	d := map[string]any{"Title": th.Title, "Space": sp, "Thread": th, "Posts": views}
	page := "space_thread"
	if c, ok := portalFrom(r.Context()); ok {
		d["Contact"], d["CanReply"], page = c, crm.LevelRank(sp.Level) >= crm.LevelRank(crm.LevelReply), "portal_thread"
	}
	s.render(w, r, page, http.StatusOK, d)
	return nil
}

// newThread starts a thread (fields title and body) and mails those who
// follow the space.
func (s *Server) newThread(w http.ResponseWriter, r *http.Request) error {
	spaceID, err := portalID(r, "id")
	if err != nil {
		return err
	}
	th, err := s.st.CreateThread(r.Context(), spaceID, r.PostFormValue("title"), r.PostFormValue("body"))
	if _, portal := portalFrom(r.Context()); crm.ErrorCode(err) == crm.EINVALID && !portal {
		return s.renderSpace(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err))
	}
	if err != nil {
		return err
	}
	if err := s.notifyPost(r, spaceID, th.ID, th.Title); err != nil {
		return err
	}
	http.Redirect(w, r, spacesRoot(r)+strconv.FormatInt(spaceID, 10)+"/threads/"+strconv.FormatInt(th.ID, 10), http.StatusSeeOther)
	return nil
}

// replyThread answers in a thread (field body) and mails those who
// follow the space.
func (s *Server) replyThread(w http.ResponseWriter, r *http.Request) error {
	spaceID, err := portalID(r, "id")
	if err != nil {
		return err
	}
	threadID, err := portalID(r, "thread_id")
	if err != nil {
		return err
	}
	var minutes float64 // staff say how long the answer took; it is effort
	if _, ok := portalFrom(r.Context()); !ok {
		if v := strings.TrimSpace(r.PostFormValue("minutes")); v != "" {
			if minutes, err = strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64); err != nil {
				return crm.Errorf(crm.EINVALID, "minutes: from 0 to %d", store.MaxAnswerMinutes)
			}
		}
	}
	p, err := s.st.Answer(r.Context(), spaceID, threadID, r.PostFormValue("body"), minutes)
	if err != nil {
		return err
	}
	if th, _, err := s.st.Thread(r.Context(), spaceID, threadID); err == nil {
		if err := s.notifyPost(r, spaceID, threadID, th.Title); err != nil {
			return err
		}
	}
	http.Redirect(w, r, spacesRoot(r)+strconv.FormatInt(spaceID, 10)+"/threads/"+strconv.FormatInt(threadID, 10)+"#post-"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
	return nil
}
