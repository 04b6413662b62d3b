package ingest

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The fields of a mentions file (social media posts and comments).
var (
	mentionFields = []field{
		{"platform", []string{"network", "social network", "channel", "site", "source network", "Plattform", "Netzwerk", "Kanal"}},
		{"id", []string{"external id", "post id", "mention id", "tweet id", "status id", "comment id", "message id",
			"Beitrags-ID", "Beitragsnummer", "Post-ID"}},
		{"url", []string{"link", "permalink", "post url", "post link", "Beitragslink", "Adresse"}},
		{"author_handle", []string{"handle", "author handle", "username", "user name", "screen name", "screen_name",
			"user", "author username", "profile", "profile url", "Benutzername", "Nutzername", "Profil"}},
		{"author_name", []string{"author", "name", "display name", "full name", "author name", "user display name",
			"Autor", "Verfasser", "Absender", "Anzeigename"}},
		{"email", cat(emailAliases, []string{"author email", "author e-mail", "E-Mail des Autors"})},
		{"text", []string{"message", "content", "body", "post", "comment", "tweet", "mention", "post text",
			"Nachricht", "Inhalt", "Beitrag", "Kommentar", "Beitragstext"}},
		{"posted_at", []string{"posted", "date", "time", "timestamp", "created", "created at", "created_at",
			"published", "published at", "date posted", "posted on", "Datum", "Zeit", "Zeitpunkt",
			"veröffentlicht", "veröffentlicht am", "erstellt", "erstellt am", "gepostet am"}},
		{"in_reply_to", []string{"reply to", "in reply to", "parent", "parent id", "in_reply_to_status_id",
			"reply to id", "Antwort auf"}},
	}
	mentionRequired = []requirement{
		{"platform", []string{"platform"}},
		{"id", []string{"id", "url"}},
		{"text", []string{"text"}},
		{"posted_at", []string{"posted_at"}},
	}
)

// ReadMentions reads a mentions file: one social media post or comment a
// row, with its platform, its id on the platform or its URL (one is
// required: re-imports match on platform and id), the author's handle, name
// and email (all optional), the text, when it was posted (a date, a date
// with a time, RFC 3339, or Unix seconds; times without a zone are UTC)
// and the id it replies to. Handles are normalised per platform ("@JaneDoe",
// "https://x.com/JaneDoe" → "janedoe"). The mention's ExternalID is its id,
// else its URL.
func ReadMentions(r io.Reader, opt Options) (*Result[crm.MentionRecord], error) {
	t, b, err := open(r, KindMentions, opt)
	if err != nil {
		return nil, err
	}
	var (
		cPlatform = t.slot("platform")
		cID       = t.slot("id")
		cURL      = t.slot("url")
		cHandle   = t.slot("author_handle")
		cName     = t.slot("author_name")
		cEmail    = t.slot("email")
		cText     = t.slot("text")
		cReply    = t.slot("in_reply_to")
		posted    = b.dateCol("posted_at")
	)
	recs := make([]crm.MentionRecord, 0, t.rows())
	for i := range t.rows() {
		b.start(i)
		var m crm.Mention
		switch s := b.cell(cPlatform); {
		case s == "":
			b.fail("platform", "missing")
		default:
			if m.Platform = crm.NormalizePlatform(s); m.Platform == "" {
				b.fail("platform", "not a platform name: %q", s)
			}
		}
		m.ExternalID, m.URL = b.cell(cID), b.cell(cURL)
		if m.ExternalID == "" {
			m.ExternalID = m.URL
		}
		if m.ExternalID == "" {
			b.fail("id", "missing (need an id or a url)")
		}
		if s := b.cell(cHandle); s != "" {
			if m.AuthorHandle = crm.NormalizeHandle(m.Platform, s); m.AuthorHandle == "" {
				b.fail("author_handle", "not a handle: %q", s)
			}
		}
		m.AuthorName = b.cell(cName)
		m.AuthorEmail = b.email(cEmail, "email")
		if m.Text = b.cell(cText); m.Text == "" {
			b.fail("text", "missing")
		}
		m.PostedAt = b.timestamp(posted, "posted_at")
		m.InReplyTo = b.cell(cReply)
		if !b.ok {
			continue
		}
		recs = append(recs, crm.MentionRecord{Line: b.line, Mention: m})
	}
	return finish(b, recs), nil
}

// timestamp reads a required date-and-time cell: a date as the column's
// layout reads it, optionally followed (after ' ' or 'T') by a time
// "15:04", "15:04:05" or "15:04:05.000" and a zone "Z", "+01:00", "+0100"
// or " UTC"; or Unix seconds (10 digits) or milliseconds (13 digits).
func (b *builder) timestamp(c dateCol, field string) time.Time {
	s := b.cell(c.slot)
	if s == "" {
		b.fail(field, "missing")
		return time.Time{}
	}
	t := b.clockTime(c, s, field)
	if err := crm.CheckDate(t); err != nil {
		b.fail(field, "%v", err)
		return time.Time{}
	}
	return t
}

// clockTime reads the timestamp s (see timestamp); the zero time when it
// failed.
func (b *builder) clockTime(c dateCol, s, field string) time.Time {
	if t, ok := unixTime(s); ok {
		return t
	}
	datePart, clock := s, ""
	for i := 0; i < len(s); i++ {
		if isTimeSep(s[i]) {
			datePart, clock = s[:i], strings.TrimSpace(s[i+1:])
			break
		}
	}
	d, err := parseDate(datePart, c.layout)
	var amb *ambiguousDate
	if errors.As(err, &amb) {
		b.fail(field, "%s", amb.hint(b.form))
		return time.Time{}
	}
	if err != nil {
		b.fail(field, "%v", err)
		return time.Time{}
	}
	if clock == "" {
		return d
	}
	off, ok := clockOf(clock)
	if !ok {
		b.fail(field, "not a time of day: %q", s)
		return time.Time{}
	}
	return d.Add(off)
}

// unixTime reads Unix seconds (9–10 digits) or milliseconds (12–13).
func unixTime(s string) (time.Time, bool) {
	_, i := digits(s, 0)
	if i != len(s) {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	switch {
	case i >= 9 && i <= 10:
		return time.Unix(int64(n), 0).UTC(), true
	case i >= 12 && i <= 13:
		return time.UnixMilli(int64(n)).UTC(), true
	}
	return time.Time{}, false
}

// clockOf reads "15:04[:05[.000]]" with an optional zone and returns the
// time since midnight UTC it stands for (negative or beyond a day when the
// zone moves it across midnight).
func clockOf(s string) (time.Duration, bool) {
	zone := time.Duration(0)
	switch {
	case strings.HasSuffix(s, "Z"), strings.HasSuffix(s, "z"):
		s = s[:len(s)-1]
	case strings.HasSuffix(s, " UTC"), strings.HasSuffix(s, " GMT"):
		s = s[:len(s)-4]
	default:
		if i := strings.LastIndexAny(s, "+-"); i > 0 {
			z := strings.ReplaceAll(s[i+1:], ":", "")
			if len(z) != 4 {
				return 0, false
			}
			hh, err1 := strconv.Atoi(z[:2])
			mm, err2 := strconv.Atoi(z[2:])
			if err1 != nil || err2 != nil || hh > 14 || mm > 59 {
				return 0, false
			}
			zone = time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute
			if s[i] == '+' {
				zone = -zone
			}
			s = strings.TrimSpace(s[:i])
		}
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var v [3]float64
	for k, p := range parts {
		if p == "" {
			return 0, false
		}
		f, err := strconv.ParseFloat(p, 64)
		if err != nil || f < 0 || (k < 2 && strings.Contains(p, ".")) {
			return 0, false
		}
		v[k] = f
	}
	if v[0] > 23 || v[1] > 59 || v[2] >= 61 {
		return 0, false
	}
	d := time.Duration(v[0])*time.Hour + time.Duration(v[1])*time.Minute + time.Duration(v[2]*float64(time.Second))
	return d + zone, true
}
