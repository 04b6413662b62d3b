package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// mentionCols are the columns an import writes.
var mentionCols = []string{"source", "platform", "external_id", "url", "author_handle", "author_name", "author_email",
	"author_key", "text", "posted_at", "posted_day", "in_reply_to", "account_id", "contact_id", "match_method",
	"match_confidence", "lang", "compound", "label", "intensity", "care", "reply_note", "responded_at", "resolved_at"}

// ImportMentions writes social media mentions in one transaction, matching
// each to a contact and account (see matcher) and upserting on platform
// and external id: new mentions are inserted (those that need an answer,
// crm.NeedsAnswer, open in the care queue, unless the record brings its
// care state, reply note and times along), changed ones updated (their
// care state, assignee and notes kept; a hand match is never replaced),
// the rest counted unchanged. Mentions must be scored (Label set; see
// internal/importer). A mention repeated in one input counts once, the last
// row winning.
func (s *Store) ImportMentions(ctx context.Context, recs []crm.MentionRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	actor, err := requireImporter(ctx)
	if err != nil {
		return crm.ImportSummary{}, err
	}
	var sum crm.ImportSummary
	recs, err = checked(recs, opt, &sum, func(r *crm.MentionRecord) (int, error) {
		return r.Line, r.Mention.Check()
	})
	if err != nil {
		return sum, err
	}
	source := importSource(opt)
	var rejects crm.RowErrors
	type key struct{ platform, id string }
	last := make(map[key]int, len(recs))
	keep := make([]bool, len(recs))
	for i := range recs {
		m := &recs[i].Mention
		switch {
		case m.Platform == "" || m.ExternalID == "":
			rejects = append(rejects, crm.RowError{Line: recs[i].Line, Field: "id", Reason: "missing platform or id"})
			continue
		case m.Label == "":
			return sum, fmt.Errorf("store: import mentions: line %d is not scored", recs[i].Line)
		case m.Care != "" && m.Care != crm.CareNone && m.Care != crm.CareOpen && m.Care != crm.CareResolved:
			rejects = append(rejects, crm.RowError{Line: recs[i].Line, Field: "care", Reason: "want none, open or resolved, got " + strconv.Quote(m.Care)})
			continue
		case m.PostedAt.IsZero():
			rejects = append(rejects, crm.RowError{Line: recs[i].Line, Field: "posted_at", Reason: "missing"})
			continue
		}
		k := key{m.Platform, m.ExternalID}
		if j, ok := last[k]; ok {
			keep[j] = false
			if sameContent(&recs[j].Mention, m) {
				sum.Unchanged++
			} else {
				sum.Updated++
			}
		}
		last[k] = i
		keep[i] = true
	}
	err = s.inTx(ctx, actor, "mentions", opt, &sum, func(c *sql.Conn) error {
		if err := finish(&sum, rejects, opt); err != nil {
			return err
		}
		var live []crm.MentionRecord
		for i, k := range keep {
			if k {
				live = append(live, recs[i])
			}
		}
		mt, err := s.loadMatcher(ctx, c, live)
		if err != nil {
			return err
		}
		existing, err := s.existingMentions(ctx, c, live)
		if err != nil {
			return err
		}
		var buf []byte
		fresh := make([]crm.Mention, 0, len(live))
		var changed []crm.Mention
		for i := range live {
			m := live[i].Mention
			m.Source = source
			old, ok := existing[m.Platform+"\x00"+m.ExternalID]
			if ok && old.MatchMethod == crm.MatchHand {
				m.AccountID, m.ContactID, m.MatchMethod, m.MatchConfidence = old.AccountID, old.ContactID, old.MatchMethod, old.MatchConfidence
			} else {
				mt.match(&m, &buf)
			}
			if !ok {
				// A history (the demo's) may bring its care state along.
				if m.Care == "" {
					m.Care = crm.CareNone
					if crm.NeedsAnswer(m.Text, m.Label) {
						m.Care = crm.CareOpen
					}
				}
				fresh = append(fresh, m)
				continue
			}
			m.ID = old.ID
			if sameContent(&old, &m) && sameMatch(&old, &m) {
				sum.Unchanged++
				continue
			}
			changed = append(changed, m)
		}
		err = s.bulkInsert(ctx, c, "mentions", mentionCols, len(fresh), func(i int, dst []any) {
			m := &fresh[i]
			dst[0], dst[1], dst[2], dst[3], dst[4], dst[5], dst[6] = m.Source, m.Platform, m.ExternalID, m.URL, m.AuthorHandle, m.AuthorName, m.AuthorEmail
			dst[7], dst[8], dst[9], dst[10], dst[11] = crm.AuthorKey(m.Platform, m.AuthorHandle, m.AuthorEmail, m.AuthorName), m.Text, m.PostedAt.Unix(), s.date(m.PostedAt), m.InReplyTo
			dst[12], dst[13], dst[14], dst[15] = nullID(m.AccountID), nullID(m.ContactID), m.MatchMethod, m.MatchConfidence
			dst[16], dst[17], dst[18], dst[19], dst[20] = m.Lang, m.Compound, m.Label, m.Intensity, m.Care
			dst[21], dst[22], dst[23] = m.ReplyNote, nullUnix(m.RespondedAt), nullUnix(m.ResolvedAt)
		})
		if err != nil {
			return err
		}
		sum.Inserted = len(fresh)
		if len(changed) > 0 {
			stmt, err := c.PrepareContext(ctx, `UPDATE mentions SET url = $1, author_handle = $2, author_name = $3, author_email = $4,
				author_key = $5, text = $6, posted_at = $7, posted_day = $8, in_reply_to = $9, account_id = $10, contact_id = $11,
				match_method = $12, match_confidence = $13, lang = $14, compound = $15, label = $16, intensity = $17 WHERE id = $18`)
			if err != nil {
				return fmt.Errorf("store: update mentions: %w", err)
			}
			defer stmt.Close()
			for _, m := range changed {
				_, err := stmt.ExecContext(ctx, m.URL, m.AuthorHandle, m.AuthorName, m.AuthorEmail,
					crm.AuthorKey(m.Platform, m.AuthorHandle, m.AuthorEmail, m.AuthorName), m.Text, m.PostedAt.Unix(), s.date(m.PostedAt),
					m.InReplyTo, nullID(m.AccountID), nullID(m.ContactID), m.MatchMethod, m.MatchConfidence, m.Lang, m.Compound, m.Label, m.Intensity, m.ID)
				if err != nil {
					return fmt.Errorf("store: update mention %s: %w", m.ExternalID, err)
				}
			}
		}
		sum.Updated += len(changed)
		return nil
	})
	return sum, err
}

// sameContent compares what an input says about a mention.
func sameContent(a, b *crm.Mention) bool {
	return a.URL == b.URL && a.AuthorHandle == b.AuthorHandle && a.AuthorName == b.AuthorName && a.AuthorEmail == b.AuthorEmail &&
		a.Text == b.Text && a.PostedAt.Unix() == b.PostedAt.Unix() && a.InReplyTo == b.InReplyTo &&
		a.Lang == b.Lang && a.Label == b.Label && near(a.Compound, b.Compound) && near(a.Intensity, b.Intensity)
}

func sameMatch(a, b *crm.Mention) bool {
	return a.AccountID == b.AccountID && a.ContactID == b.ContactID && a.MatchMethod == b.MatchMethod
}

// existingMentions loads the stored mentions the records name, by platform
// and external id: one scan when the records are many compared with the
// mentions stored, else IN look-ups.
func (s *Store) existingMentions(ctx context.Context, c *sql.Conn, recs []crm.MentionRecord) (map[string]crm.Mention, error) {
	out := map[string]crm.Mention{}
	if len(recs) == 0 {
		return out, nil
	}
	stored, err := countUpTo(ctx, c, "mentions", "", nil, 4*len(recs)+1)
	if err != nil || stored == 0 {
		return out, err
	}
	const cols = `SELECT ` + mentionColumns + ` FROM mentions`
	run := func(q string, args []any) error {
		rows, err := c.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("store: load mentions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMention(rows)
			if err != nil {
				return fmt.Errorf("store: load mentions: %w", err)
			}
			out[m.Platform+"\x00"+m.ExternalID] = m
		}
		return rows.Err()
	}
	if stored <= 4*len(recs) {
		return out, run(cols, nil)
	}
	ids := make([]string, len(recs))
	for i := range recs {
		ids[i] = recs[i].Mention.ExternalID
	}
	return out, inChunks(ids, func(part []string) error {
		return run(cols+` WHERE external_id IN (`+placeholders(1, len(part))+`)`, stringArgs(nil, part))
	})
}

// unixOrZero turns nullable Unix seconds into a time.
func unixOrZero(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.Unix(v.Int64, 0).UTC()
}
