package web

import (
	"bytes"
	"encoding/json"
	"html/template"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/chart"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/csvout"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/importer"
	"github.com/vitalfew/vitalfew/internal/ingest"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// Social listening: the listening page (share of voice by tier against
// revenue, weekly sentiment by tier, negative mentions from A accounts,
// spikes), unmatched mentions with a match-by-hand form, and the mentions
// API. Mention texts are untrusted: templates escape them, and nothing of
// them is ever marked safe.

// negativeShown is how many negative mentions the listening page lists.
const negativeShown = 25

// listeningData is the listening page.
type listeningData struct {
	Voice             *report.ShareOfVoiceReport
	Trend             *report.SentimentTrendReport
	Negative          *report.NegativeMentionsReport // at most negativeShown of them
	NegativeAll       int                            // how many there are, when more than shown
	Spikes            *report.SpikesReport
	VoiceChart, Chart template.HTML
	Unmatched         int
	Headline          string // the listening gap in one sentence
}

func (listeningData) PageTitle(l *i18n.Lang) string { return l.T("Listening") }

func (s *Server) listeningPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var d listeningData
	var o *report.ListeningOverview
	if scopeOf(ctx).All() {
		snap, err := s.snapshot(r)
		if err != nil {
			return err
		}
		o, d.Unmatched = snap.listening, snap.unmatched
	} else { // worked out for the accounts the user sees (unmatched mentions are of none)
		var err error
		if o, err = report.Listening(ctx, s.st, report.Params{}); err != nil && crm.ErrorCode(err) != crm.ENOTFOUND {
			return err
		}
	}
	if o == nil { // no orders and no mentions yet
		s.render(w, r, "listening", http.StatusOK, d)
		return nil
	}
	d.Voice, d.Trend, d.Negative, d.Spikes = o.Voice, o.Trend, o.Negative, o.Spikes
	l := langOf(ctx)
	d.Headline = d.Voice.HeadlineIn(l)
	if n := len(d.Negative.Mentions); n > negativeShown { // the most negative first; the rest in the API and the CLI
		neg := *d.Negative
		neg.Mentions, d.NegativeAll = neg.Mentions[:negativeShown], n
		d.Negative = &neg
	}
	var cats []string
	var mentionShare, revenueShare []float64
	for _, v := range d.Voice.Tiers {
		cats = append(cats, l.Value(v.Tier))
		mentionShare = append(mentionShare, finite(v.MentionShare))
		revenueShare = append(revenueShare, finite(v.RevenueShare))
	}
	vc := chart.Bars{Options: chart.Options{Title: l.T("The listening gap: share of mentions against share of revenue, by tier"), ID: "voice", Lang: l},
		Categories: cats, Format: chart.Percent, YLabel: l.T("share"),
		Series: []chart.BarSeries{{Name: l.T("revenue share"), Values: revenueShare}, {Name: l.T("mention share"), Values: mentionShare}}}
	vn := vc
	vn.Options = narrowed(vc.Options, 380)
	d.VoiceChart = both(vc, vn)
	series := make([]chart.Series, len(d.Trend.Tiers))
	for k, tier := range d.Trend.Tiers {
		series[k].Name = l.Value(tier)
		for _, wk := range d.Trend.Weeks {
			start, _ := time.Parse(time.DateOnly, wk.Start)
			if wk.Mentions[k] > 0 {
				series[k].Points = append(series[k].Points, chart.TimePoint{T: start, V: wk.Mean[k]})
			}
		}
	}
	tc := chart.Trend{Options: chart.Options{Title: l.T("Mean sentiment of the mentions per week, by tier"), ID: "trend", Lang: l},
		Series: series, Format: chart.Number, YLabel: l.T("mean compound (−1 … +1)")}
	tn := tc
	tn.Options = narrowed(tc.Options, 380)
	d.Chart = both(tc, tn)
	s.render(w, r, "listening", http.StatusOK, d)
	return nil
}

// mentionsData is the list of unmatched mentions (those not dismissed).
type mentionsData struct {
	listPage[unmatchedRow]
	Page      int
	Error     string
	Matched   bool
	Dismissed string // ignored or spam: what was just done
}

// unmatchedRow is one unmatched mention with the accounts it may mean
// (store.MentionCandidates), the accounts found for what was typed into
// its search (Q), and the mention to come back to once it leaves the
// list (Then: the next one, else the one before).
type unmatchedRow struct {
	crm.Mention
	Candidates []crm.Account
	Q          string
	Found      []crm.Account
	Searched   bool
	Then       int64
}

// pickerShown is how many accounts a search of the unmatched list shows.
const pickerShown = 10

func (s *Server) unmatchedPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderUnmatched(w, r, http.StatusOK, "")
}

// unmatchedPageOf returns the page of the unmatched list a request names
// (query or form field page), 1 by default.
func unmatchedPageOf(r *http.Request) int {
	v := r.URL.Query().Get("page")
	if r.Method == http.MethodPost {
		v = r.PostFormValue("page")
	}
	if n, err := strconv.Atoi(v); err == nil && n > 1 {
		return n
	}
	return 1
}

func (s *Server) renderUnmatched(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	ctx := r.Context()
	page := unmatchedPageOf(r)
	q := store.MentionQuery{Unmatched: true, Kept: true, Limit: workPerPage, Offset: (page - 1) * workPerPage}
	ms, total, err := s.st.ListMentions(ctx, q)
	if err != nil {
		return err
	}
	if len(ms) == 0 && page > 1 && total > 0 { // the last page emptied: show the one before
		page = (total + workPerPage - 1) / workPerPage
		q.Offset = (page - 1) * workPerPage
		if ms, total, err = s.st.ListMentions(ctx, q); err != nil {
			return err
		}
	}
	cands, err := s.st.MentionCandidates(ctx, ms)
	if err != nil {
		return err
	}
	find, _ := strconv.ParseInt(r.URL.Query().Get("find"), 10, 64)
	typed := strings.TrimSpace(r.URL.Query().Get("q"))
	rows := make([]unmatchedRow, len(ms))
	for i, m := range ms {
		rows[i] = unmatchedRow{Mention: m, Candidates: cands[m.ID]}
		switch {
		case i+1 < len(ms):
			rows[i].Then = ms[i+1].ID
		case i > 0:
			rows[i].Then = ms[i-1].ID
		}
		if m.ID == find && typed != "" {
			rows[i].Q, rows[i].Searched = typed, true
			if rows[i].Found, _, err = s.st.ListAccounts(ctx, store.AccountQuery{Q: typed, Limit: pickerShown}); err != nil {
				return err
			}
		}
	}
	d := mentionsData{listPage: listPage[unmatchedRow]{Title: i18n.N("Unmatched mentions"), Rows: rows, Total: total}, Page: page, Error: msg,
		Matched: r.URL.Query().Get("matched") == "1", Dismissed: r.URL.Query().Get("dismissed")}
	if len(ms) > 0 {
		d.From = (page-1)*workPerPage + 1
		d.To = d.From + len(ms) - 1
	}
	if page > 1 {
		d.Prev = "/mentions/unmatched?page=" + strconv.Itoa(page-1)
	}
	if d.To < total {
		d.Next = "/mentions/unmatched?page=" + strconv.Itoa(page+1)
	}
	s.render(w, r, "mentions", status, d)
	return nil
}

// unmatchedCSV exports every mention of the unmatched list (it has no
// filters), newest first.
func (s *Server) unmatchedCSV(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="unmatched-mentions.csv"`)
	c := csvout.New(w)
	c.Write("id", "posted_at", "platform", "author_handle", "author_name", "author_email", "lang", "compound", "care", "text", "url")
	for q := (store.MentionQuery{Unmatched: true, Kept: true, Limit: store.MaxPageSize}); ; {
		ms, _, err := s.st.ListMentions(r.Context(), q)
		if err != nil {
			return err
		}
		for _, m := range ms {
			c.Write(strconv.FormatInt(m.ID, 10), m.PostedAt.UTC().Format(time.RFC3339), m.Platform, m.AuthorHandle, m.AuthorName, m.AuthorEmail,
				m.Lang, strconv.FormatFloat(m.Compound, 'f', -1, 64), m.Care, m.Text, m.URL)
		}
		if len(ms) < q.Limit {
			break
		}
		q.Offset += len(ms)
	}
	return c.Flush()
}

// unmatchedBack returns the unmatched list at the page a form was sent
// from, scrolled to the mention then (form field then; the list's top
// without one).
func unmatchedBack(r *http.Request, done string) string {
	u := "/mentions/unmatched?" + done
	if p := unmatchedPageOf(r); p > 1 {
		u += "&page=" + strconv.Itoa(p)
	}
	if then, err := strconv.ParseInt(r.PostFormValue("then"), 10, 64); err == nil && then > 0 {
		u += "#m" + strconv.FormatInt(then, 10)
	}
	return u
}

// matchMention matches a mention by hand from the form: account (its id,
// external id, exact name or domain), optionally contact (an email or a
// contact id), and whether to confirm the author's handle as the
// contact's identity.
func (s *Server) matchMention(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such mention")
	}
	accountID, contactID, err := s.resolveMatch(r, r.PostFormValue("account"), r.PostFormValue("contact"))
	if err == nil {
		_, err = s.st.MatchMention(r.Context(), id, accountID, contactID, r.PostFormValue("confirm") != "")
	}
	if c := crm.ErrorCode(err); c == crm.EINVALID || c == crm.ENOTFOUND || c == crm.ECONFLICT {
		return s.renderUnmatched(w, r, status(c), errorIn(langOf(r.Context()), err))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, unmatchedBack(r, "matched=1"), http.StatusSeeOther)
	return nil
}

// dismissMention sets a mention aside from the unmatched list: field how,
// ignored or spam (spam leaves the care queue too).
func (s *Server) dismissMention(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such mention")
	}
	how := r.PostFormValue("how")
	if how != crm.DismissIgnored && how != crm.DismissSpam {
		return s.renderUnmatched(w, r, http.StatusBadRequest, tr(r, "unknown action"))
	}
	if _, err := s.st.DismissMention(r.Context(), id, how); err != nil {
		if c := crm.ErrorCode(err); c == crm.EINVALID || c == crm.ENOTFOUND {
			return s.renderUnmatched(w, r, status(c), errorIn(langOf(r.Context()), err))
		}
		return err
	}
	http.Redirect(w, r, unmatchedBack(r, "dismissed="+how), http.StatusSeeOther)
	return nil
}

// resolveMatch finds the account and contact a person typed.
func (s *Server) resolveMatch(r *http.Request, account, contact string) (accountID, contactID int64, err error) {
	ctx := r.Context()
	account, contact = strings.TrimSpace(account), strings.TrimSpace(contact)
	if contact != "" {
		if n, err := strconv.ParseInt(contact, 10, 64); err == nil {
			contactID = n
		} else {
			cs, _, err := s.st.ListContacts(ctx, store.ContactQuery{Email: contact, Limit: 2})
			if err != nil {
				return 0, 0, err
			}
			if len(cs) != 1 {
				return 0, 0, crm.Errorf(crm.ENOTFOUND, "contact: no contact with the email %q", contact)
			}
			contactID = cs[0].ID
		}
	}
	if account == "" {
		if contactID == 0 {
			return 0, 0, crm.Errorf(crm.EINVALID, "account: name an account (its name, domain, customer number or id) or a contact")
		}
		return 0, contactID, nil
	}
	if n, err := strconv.ParseInt(account, 10, 64); err == nil {
		return n, contactID, nil
	}
	as, _, err := s.st.ListAccounts(ctx, store.AccountQuery{Q: account, Limit: 20})
	if err != nil {
		return 0, 0, err
	}
	var hits []crm.Account
	for _, a := range as {
		if a.ExternalID == account || strings.EqualFold(a.Domain, crm.NormalizeDomain(account)) || crm.NormalizeName(a.Name) == crm.NormalizeName(account) {
			hits = append(hits, a)
		}
	}
	if len(hits) == 0 && len(as) == 1 {
		hits = as
	}
	switch len(hits) {
	case 0:
		return 0, 0, crm.Errorf(crm.ENOTFOUND, "account: no account %q", account)
	case 1:
		return hits[0].ID, contactID, nil
	}
	return 0, 0, crm.Errorf(crm.EINVALID, "account: %q names %d accounts; give its id", account, len(hits))
}

// --- API ---------------------------------------------------------------

// maxMentionBody is the largest mentions batch the API reads.
const maxMentionBody = 8 << 20

// mentionInput documents one mention of POST /api/v1/mentions; the body is
// one such object or an array of them. Fields are read like the columns
// of a mentions file (internal/ingest.ReadMentions).
type mentionInput struct {
	Platform     string `json:"platform" doc:"linkedin, x (twitter), instagram, facebook, youtube or another name"`
	ID           string `json:"id,omitempty" doc:"the post's id on the platform; id or url is required"`
	URL          string `json:"url,omitempty"`
	AuthorHandle string `json:"author_handle,omitempty" doc:"@handle or profile URL"`
	AuthorName   string `json:"author_name,omitempty"`
	Email        string `json:"email,omitempty"`
	Text         string `json:"text"`
	PostedAt     string `json:"posted_at" doc:"RFC 3339, a date with a time, or Unix seconds"`
	InReplyTo    string `json:"in_reply_to,omitempty"`
}

// mentionsResult is the answer to POST /api/v1/mentions.
type mentionsResult struct {
	Inserted  int `json:"inserted"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// apiPostMentions takes in one mention or a batch, scores and matches them
// and writes them like an import: all or nothing, idempotent on platform
// and id (or url). Row errors name the item: "request:3: text: missing" is
// the third item.
func (s *Server) apiPostMentions(w http.ResponseWriter, r *http.Request) error {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return crm.Errorf(crm.EINVALID, "Content-Type: want application/json")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxMentionBody))
	if err != nil {
		return crm.Errorf(crm.EINVALID, "body: %v", err)
	}
	body = bytes.TrimSpace(body)
	var items []json.RawMessage
	switch {
	case len(body) > 0 && body[0] == '[':
		if err := json.Unmarshal(body, &items); err != nil {
			return crm.Errorf(crm.EINVALID, "body: not a JSON array of objects: %v", err)
		}
	case len(body) > 0 && body[0] == '{':
		items = []json.RawMessage{body}
	default:
		return crm.Errorf(crm.EINVALID, "body: want a JSON object or an array of them")
	}
	if len(items) == 0 {
		return crm.Errorf(crm.EINVALID, "body: no mentions")
	}
	// One JSON line per item, read like a JSON Lines file: one validation
	// for files and the API. Unknown keys are refused.
	var lines bytes.Buffer
	for i, it := range items {
		dec := json.NewDecoder(bytes.NewReader(it))
		dec.DisallowUnknownFields()
		var in mentionInput
		if err := dec.Decode(&in); err != nil {
			return crm.Errorf(crm.EINVALID, "request:%d: %v", i+1, bodyErr(err))
		}
		if err := json.Compact(&lines, it); err != nil {
			return crm.Errorf(crm.EINVALID, "request:%d: %v", i+1, err)
		}
		lines.WriteByte('\n')
	}
	res, err := ingest.ReadMentions(&lines, ingest.Options{File: "request"})
	if err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		return res.Errors
	}
	opt := crm.ImportOptions{File: "api", Source: "api"}
	sum, err := importer.WriteMentions(r.Context(), s.st, res.Records, opt)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, mentionsResult{Inserted: sum.Inserted, Updated: sum.Updated, Unchanged: sum.Unchanged})
	return nil
}

func bodyErr(err error) string {
	msg := err.Error()
	return strings.TrimPrefix(msg, "json: ")
}

// matchInput is the body of POST /api/v1/mentions/{id}/match.
type matchInput struct {
	AccountID     int64 `json:"account_id,omitempty" doc:"the account; may be left out when contact_id is given"`
	ContactID     int64 `json:"contact_id,omitempty"`
	ConfirmHandle bool  `json:"confirm_handle,omitempty" doc:"make the author's handle an identity of the contact, and match the author's other unmatched mentions"`
}

func (s *Server) apiMatchMention(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such mention")
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return crm.Errorf(crm.EINVALID, "Content-Type: want application/json")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16))
	dec.DisallowUnknownFields()
	var in matchInput
	if err := dec.Decode(&in); err != nil {
		return crm.Errorf(crm.EINVALID, "body: %s", bodyErr(err))
	}
	m, err := s.st.MatchMention(r.Context(), id, in.AccountID, in.ContactID, in.ConfirmHandle)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

// apiListMentions lists mentions, newest first: ?unmatched=true,
// ?care=open|resolved|none, ?account_id=N, ?limit, ?offset.
func (s *Server) apiListMentions(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r)
	if err != nil {
		return err
	}
	f := store.MentionQuery{Unmatched: q.get("unmatched") == "true", Care: q.get("care"), AccountID: q.id("account_id")}
	f.Limit, f.Offset = q.page()
	if q.err != nil {
		return q.err
	}
	ms, total, err := s.st.ListMentions(r.Context(), f)
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []crm.Mention{}
	}
	writeJSON(w, http.StatusOK, mentionList{Items: ms, Total: total, Limit: f.Limit, Offset: f.Offset})
	return nil
}

// mentionList is one page of mentions.
type mentionList struct {
	Items  []crm.Mention `json:"items"`
	Total  int           `json:"total"`
	Limit  int           `json:"limit"`
	Offset int           `json:"offset"`
}
