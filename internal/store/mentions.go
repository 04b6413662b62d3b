package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/match"
)

const mentionColumns = `id, source, platform, external_id, url, author_handle, author_name, author_email, text, posted_at, in_reply_to,
	COALESCE(account_id, 0), COALESCE(contact_id, 0), match_method, match_confidence, lang, compound, label, intensity,
	care, COALESCE(assignee_id, 0), reply_note, responded_at, resolved_at, dismissed`

func scanMention(sc interface{ Scan(...any) error }, extra ...any) (crm.Mention, error) {
	var m crm.Mention
	var posted int64
	var responded, resolved sql.NullInt64
	dest := []any{&m.ID, &m.Source, &m.Platform, &m.ExternalID, &m.URL, &m.AuthorHandle, &m.AuthorName, &m.AuthorEmail, &m.Text, &posted,
		&m.InReplyTo, &m.AccountID, &m.ContactID, &m.MatchMethod, &m.MatchConfidence, &m.Lang, &m.Compound, &m.Label, &m.Intensity,
		&m.Care, &m.AssigneeID, &m.ReplyNote, &responded, &resolved, &m.Dismissed}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return m, err
	}
	m.PostedAt = time.Unix(posted, 0).UTC()
	m.RespondedAt, m.ResolvedAt = unixOrZero(responded), unixOrZero(resolved)
	return m, nil
}

// Mention returns mention id. Viewers and up; ENOTFOUND when it does not
// exist or is out of the scope of the actor in ctx (a mention matched to no
// account is in the scope of every account only).
func (s *Store) Mention(ctx context.Context, id int64) (crm.Mention, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return crm.Mention{}, err
	}
	return s.mentionIn(ctx, s.db, sc, id)
}

// mentionIn returns mention id if sc allows it; ENOTFOUND otherwise.
func (s *Store) mentionIn(ctx context.Context, q querier, sc crm.Scope, id int64) (crm.Mention, error) {
	cond, args := s.scopeSQL(sc, "account_id", 2)
	m, err := scanMention(q.QueryRowContext(ctx, `SELECT `+mentionColumns+` FROM mentions WHERE id = $1 AND `+cond, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return m, crm.Errorf(crm.ENOTFOUND, "mention %d not found", id)
	}
	if err != nil {
		return m, fmt.Errorf("store: mention %d: %w", id, err)
	}
	return m, nil
}

// MentionQuery selects mentions. Empty fields do not filter.
type MentionQuery struct {
	Unmatched bool   // only mentions matched to no account
	Kept      bool   // only mentions not dismissed (ignored, spam)
	Care      string // only mentions in this care state
	AccountID int64
	Limit     int // default DefaultPageSize, at most MaxPageSize
	Offset    int
}

// ListMentions lists the mentions matching f, newest first, and their
// number, of those in the scope of the actor in ctx. Viewers and up.
func (s *Store) ListMentions(ctx context.Context, f MentionQuery) ([]crm.Mention, int, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := page(f.Limit, f.Offset)
	var w where
	w.scope(s, sc, "account_id")
	if f.Unmatched {
		w.add("account_id IS NULL")
	}
	if f.Kept {
		w.add("dismissed = ''")
	}
	if f.Care != "" {
		w.add("care = ?", f.Care)
	}
	if f.AccountID != 0 {
		w.add("account_id = ?", f.AccountID)
	}
	var out []crm.Mention
	total, err := s.listPage(ctx, "mentions", mentionColumns, w, "posted_at DESC, id DESC", limit, offset, func(rows *sql.Rows) error {
		m, err := scanMention(rows)
		out = append(out, m)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: mentions: %w", err)
	}
	return out, total, nil
}

// MentionsByID returns the mentions with the given ids, in that order
// (unknown ids, and those out of the scope of the actor in ctx, are
// skipped).
func (s *Store) MentionsByID(ctx context.Context, ids []int64) ([]crm.Mention, error) {
	sc, err := readScope(ctx)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	// The ids as one JSON array parameter, whatever their number.
	in := `id IN (SELECT value FROM json_each($1))`
	if s.postgres {
		in = `id IN (SELECT value::bigint FROM json_array_elements_text($1::json))`
	}
	cond, args := s.scopeSQL(sc, "account_id", 2)
	rows, err := s.db.QueryContext(ctx, `SELECT `+mentionColumns+` FROM mentions WHERE `+in+` AND `+cond, append([]any{"[" + strings.Join(parts, ",") + "]"}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: mentions by id: %w", err)
	}
	defer rows.Close()
	byID := map[int64]crm.Mention{}
	for rows.Next() {
		m, err := scanMention(rows)
		if err != nil {
			return nil, fmt.Errorf("store: mentions by id: %w", err)
		}
		byID[m.ID] = m
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]crm.Mention, 0, len(ids))
	for _, id := range ids {
		if m, ok := byID[id]; ok {
			out = append(out, m)
		}
	}
	return out, nil
}

// MentionFact is what the listening analytics need of one mention.
type MentionFact struct {
	ID        int64
	AccountID int64 // 0: unmatched
	Author    int64 // crm.AuthorKey
	PostedAt  int64 // Unix seconds
	Compound  float64
	Intensity float64
}

// socialOnly leaves out the detractors' survey answers that the care
// queue holds as mentions (crm.PlatformSurvey): the listening reports are
// of social media. The covering index mentions_posted carries the platform
// for it.
const socialOnly = "platform <> '" + crm.PlatformSurvey + "'"

// MentionFacts returns the facts of every mention posted in [since,
// until) (Unix seconds; until 0 means no end) in the scope of the actor in
// ctx, in no particular order.
func (s *Store) MentionFacts(ctx context.Context, since, until time.Time) ([]MentionFact, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	end := int64(1) << 62
	if !until.IsZero() {
		end = until.Unix()
	}
	cond, sargs := s.scopeSQL(sc, "account_id", 3)
	args := append([]any{since.Unix(), end}, sargs...)
	n := 0
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM mentions WHERE posted_at >= $1 AND posted_at < $2 AND `+socialOnly+` AND `+cond, args...).Scan(&n); err != nil {
		return nil, fmt.Errorf("store: mention facts: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, COALESCE(account_id, 0), author_key, posted_at, compound, intensity
		FROM mentions WHERE posted_at >= $1 AND posted_at < $2 AND `+socialOnly+` AND `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("store: mention facts: %w", err)
	}
	defer rows.Close()
	out := make([]MentionFact, 0, n)
	for rows.Next() {
		var f MentionFact
		if err := rows.Scan(&f.ID, &f.AccountID, &f.Author, &f.PostedAt, &f.Compound, &f.Intensity); err != nil {
			return nil, fmt.Errorf("store: mention facts: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// VoiceFact is what share of voice needs of one mention.
type VoiceFact struct {
	AccountID int64 // 0: unmatched
	Author    int64
	Compound  float64
}

// VoiceFacts returns the account, author and compound score of every
// mention posted in [since, until) in the scope of the actor in ctx: the
// share-of-voice report's one scan, three columns of the covering index
// mentions_posted. The window is read in two halves at once, on two
// connections.
func (s *Store) VoiceFacts(ctx context.Context, since, until time.Time) ([]VoiceFact, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	from, to := since.Unix(), until.Unix()
	mid := from + (to-from)/2
	var parts [2][]VoiceFact
	var errs [2]error
	var wg sync.WaitGroup
	for i, r := range [2][2]int64{{from, mid}, {mid, to}} {
		wg.Go(func() { parts[i], errs[i] = s.voiceFacts(ctx, sc, r[0], r[1]) })
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	return append(parts[0], parts[1]...), nil
}

func (s *Store) voiceFacts(ctx context.Context, sc crm.Scope, from, to int64) ([]VoiceFact, error) {
	cond, args := s.scopeSQL(sc, "account_id", 3)
	rows, err := s.db.QueryContext(ctx, `SELECT COALESCE(account_id, 0), author_key, compound FROM mentions
		WHERE posted_at >= $1 AND posted_at < $2 AND `+socialOnly+` AND `+cond, append([]any{from, to}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: voice facts: %w", err)
	}
	defer rows.Close()
	out := make([]VoiceFact, 0, 1024)
	for rows.Next() {
		var f VoiceFact
		if err := rows.Scan(&f.AccountID, &f.Author, &f.Compound); err != nil {
			return nil, fmt.Errorf("store: voice facts: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// LatestMention returns when the newest mention in the scope of the actor
// in ctx was posted; ENOTFOUND when there are none.
func (s *Store) LatestMention(ctx context.Context) (time.Time, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return time.Time{}, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 1)
	var t sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT MAX(posted_at) FROM mentions WHERE `+socialOnly+` AND `+cond, args...).Scan(&t); err != nil {
		return time.Time{}, fmt.Errorf("store: latest mention: %w", err)
	}
	if !t.Valid {
		return time.Time{}, crm.Errorf(crm.ENOTFOUND, "no mentions yet: import some with vitalfew import mentions FILE")
	}
	return time.Unix(t.Int64, 0).UTC(), nil
}

// unixOrZero turns nullable Unix seconds into a time.
func unixOrZero(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.Unix(v.Int64, 0).UTC()
}

// MatchMention matches mention id to an account by hand (method "hand",
// confidence 1), optionally to one of its contacts (contactID 0: none;
// accountID 0 with a contact: the contact's account). With confirmHandle,
// the mention's author handle on a social platform becomes an identity of
// the contact, and the other unmatched mentions by that handle are matched
// to the contact too. Staff and admins; ENOTFOUND for an unknown mention,
// account or contact, EINVALID for a contact of another account or a
// confirmation without contact or handle, ECONFLICT when the handle
// already belongs to another contact.
func (s *Store) MatchMention(ctx context.Context, id, accountID, contactID int64, confirmHandle bool) (crm.Mention, error) {
	var m crm.Mention
	err := s.write(ctx, crm.RoleStaff, "match mention", func(tx *sql.Tx, a crm.Actor) error {
		before, err := s.mentionIn(ctx, tx, a.Scope, id)
		if err != nil {
			return err
		}
		if contactID != 0 {
			acc, err := s.contactOf(ctx, tx, a.Scope, contactID)
			if err != nil {
				return err
			}
			if accountID == 0 {
				accountID = acc
			}
			if acc != accountID {
				return crm.Errorf(crm.EINVALID, "contact: contact %d is not at account %d", contactID, accountID)
			}
		}
		if accountID == 0 {
			return crm.Errorf(crm.EINVALID, "account: required")
		}
		if err := s.accountVisible(ctx, tx, a.Scope, accountID, "account"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE mentions SET account_id = $1, contact_id = $2, match_method = $3, match_confidence = 1 WHERE id = $4`,
			accountID, nullID(contactID), crm.MatchHand, id); err != nil {
			return err
		}
		if confirmHandle {
			if contactID == 0 || before.AuthorHandle == "" || !crm.IsSocialPlatform(before.Platform) {
				return crm.Errorf(crm.EINVALID, "confirm: needs a contact and an author handle on %s",
					strings.Join(crm.IdentityKinds()[2:], ", "))
			}
			if err := s.lockKeys(ctx, tx, keyOf("identity", before.Platform, before.AuthorHandle)); err != nil {
				return err
			}
			var owner int64
			switch err := tx.QueryRowContext(ctx, `SELECT contact_id FROM contact_identities WHERE kind = $1 AND value = $2`,
				before.Platform, before.AuthorHandle).Scan(&owner); {
			case errors.Is(err, sql.ErrNoRows):
				if _, err := tx.ExecContext(ctx, `INSERT INTO contact_identities (contact_id, account_id, kind, value) VALUES ($1, $2, $3, $4)`,
					contactID, accountID, before.Platform, before.AuthorHandle); err != nil {
					return err
				}
				if err := audit(ctx, tx, a, "create", "contact_identity", contactID, nil,
					crm.Identity{Kind: before.Platform, Value: before.AuthorHandle}); err != nil {
					return err
				}
			case err != nil:
				return err
			case owner != contactID:
				return crm.Errorf(crm.ECONFLICT, "%s handle %q belongs to contact %d", before.Platform, before.AuthorHandle, owner)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE mentions SET account_id = $1, contact_id = $2, match_method = $3, match_confidence = $4
				WHERE platform = $5 AND author_handle = $6 AND account_id IS NULL`,
				accountID, contactID, crm.MatchHandle, crm.MatchConfidence[crm.MatchHandle], before.Platform, before.AuthorHandle); err != nil {
				return err
			}
		}
		if m, err = s.mentionIn(ctx, tx, a.Scope, id); err != nil {
			return err
		}
		return audit(ctx, tx, a, "match", "mention", id, matchOf(before), matchOf(m))
	})
	return m, err
}

func matchOf(m crm.Mention) map[string]any {
	return map[string]any{"account_id": m.AccountID, "contact_id": m.ContactID, "method": m.MatchMethod, "confidence": m.MatchConfidence}
}

// mentionCols are the columns an import writes.
var mentionCols = []string{"source", "platform", "external_id", "url", "author_handle", "author_name", "author_email",
	"author_key", "text", "posted_at", "posted_day", "in_reply_to", "account_id", "contact_id", "match_method",
	"match_confidence", "lang", "compound", "label", "intensity", "care", "reply_note", "responded_at", "resolved_at"}

// ImportMentions writes social media mentions in one transaction, matching
// each to a contact and account (see internal/match) and upserting on platform
// and external id: new mentions are inserted (those that need an answer,
// crm.NeedsAnswer, open in the care queue, unless the record brings its
// care state, reply note and times along), changed ones updated (their
// care state, assignee and notes kept; a hand match is never replaced),
// the rest counted unchanged. Mentions must be scored (Label set; see
// internal/importer). A mention repeated in one input counts once, the last
// row winning.
func (s *Store) ImportMentions(ctx context.Context, recs []crm.MentionRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	source := importSource(opt)
	var rejects crm.RowErrors
	var keep []bool // the last row of each mention
	return importRows(ctx, s, recs, opt, importSteps[crm.MentionRecord]{
		kind: "mentions",
		check: func(r *crm.MentionRecord) (int, error) {
			return r.Line, r.Mention.Check()
		},
		prepare: func(recs []crm.MentionRecord, sum *crm.ImportSummary) error {
			type key struct{ platform, id string }
			last := make(map[key]int, len(recs))
			keep = make([]bool, len(recs))
			for i := range recs {
				m := &recs[i].Mention
				switch {
				case m.Platform == "" || m.ExternalID == "":
					rejects = append(rejects, crm.RowError{Line: recs[i].Line, Field: "id", Reason: "missing platform or id"})
					continue
				case m.Platform == crm.PlatformSurvey:
					rejects = append(rejects, crm.RowError{Line: recs[i].Line, Field: "platform", Reason: `"survey" is kept for survey answers; name the social platform`})
					continue
				case m.Label == "":
					return fmt.Errorf("store: import mentions: line %d is not scored", recs[i].Line)
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
			return nil
		},
		write: func(c *sql.Conn, _ crm.Actor, recs []crm.MentionRecord, sum *crm.ImportSummary) error {
			if err := finish(sum, rejects, opt); err != nil {
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
					mt.Match(&m, &buf)
				}
				if !ok {
					// A history (the demo's) may bring its care state along.
					if m.Care == "" {
						m.Care = crm.CareNone
						if crm.NeedsAnswer(m.Text, m.Label, live[i].Intent) {
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
		},
	})
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

// accountIndex is every account's domain and name key, for matching
// mentions (match.Accounts). It is read once per version of the accounts
// (store.Versions) and kept by the Store: a mention posted through the API
// reads no account.
type accountIndex struct {
	version int64 // of the accounts it was read at
	*match.Accounts
}

// loadMatcher reads the identities the mentions may name and every
// account's domain and name key.
func (s *Store) loadMatcher(ctx context.Context, q querier, recs []crm.MentionRecord) (*match.Matcher, error) {
	m := match.New(nil)
	var values []string
	seen := map[string]bool{}
	for i := range recs {
		mt := &recs[i].Mention
		for _, v := range []string{mt.AuthorHandle, mt.AuthorEmail} {
			if v != "" && !seen[v] {
				seen[v] = true
				values = append(values, v)
			}
		}
	}
	scan := func(query string, args []any) error {
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("store: load identities: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var kind, value string
			var k match.Contact
			if err := rows.Scan(&kind, &value, &k.ID, &k.AccountID); err != nil {
				return err
			}
			m.AddIdentity(kind, value, k)
		}
		return rows.Err()
	}
	if len(values) > 0 {
		const cols = `SELECT kind, value, contact_id, account_id FROM contact_identities WHERE kind <> 'phone'`
		n, err := countUpTo(ctx, q, "contact_identities", "", nil, 4*len(values)+1)
		if err != nil {
			return nil, err
		}
		if n <= 4*len(values) {
			err = scan(cols, nil)
		} else {
			err = inChunks(values, func(part []string) error {
				return scan(cols+` AND value IN (`+placeholders(1, len(part))+`)`, stringArgs(nil, part))
			})
		}
		if err != nil {
			return nil, err
		}
	}
	ix, err := s.accountsIndex(ctx, q)
	if err != nil {
		return nil, err
	}
	m.Accounts = ix.Accounts
	return m, nil
}

// accountsIndex returns the accounts' index as of q's transaction: the
// kept one while the accounts have not changed since it was read.
func (s *Store) accountsIndex(ctx context.Context, q querier) (*accountIndex, error) {
	var version int64
	if err := q.QueryRowContext(ctx, `SELECT version FROM data_versions WHERE part = $1`, partAccounts).Scan(&version); err != nil {
		return nil, fmt.Errorf("store: accounts version: %w", err)
	}
	s.matchMu.Lock()
	kept := s.accounts
	s.matchMu.Unlock()
	if kept != nil && kept.version == version {
		return kept, nil
	}
	ix := &accountIndex{version: version, Accounts: match.NewAccounts()}
	rows, err := q.QueryContext(ctx, `SELECT id, domain, name_key FROM accounts ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: load accounts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var domain, key string
		if err := rows.Scan(&id, &domain, &key); err != nil {
			return nil, fmt.Errorf("store: load accounts: %w", err)
		}
		ix.Add(id, domain, key)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: load accounts: %w", err)
	}
	s.matchMu.Lock()
	if s.accounts == nil || s.accounts.version < version {
		s.accounts = ix
	}
	s.matchMu.Unlock()
	return ix, nil
}

// DismissMention sets mention id aside from the unmatched list (how
// crm.DismissIgnored or crm.DismissSpam) or takes it back (how ""). Spam
// also leaves the care queue: an open mention's care state becomes none.
// Staff and admins; ENOTFOUND for an unknown mention or one out of the
// actor's scope, EINVALID for another how.
func (s *Store) DismissMention(ctx context.Context, id int64, how string) (crm.Mention, error) {
	if how != "" && how != crm.DismissIgnored && how != crm.DismissSpam {
		return crm.Mention{}, crm.Errorf(crm.EINVALID, "dismiss: want %s or %s, got %q", crm.DismissIgnored, crm.DismissSpam, how)
	}
	var m crm.Mention
	err := s.write(ctx, crm.RoleStaff, "dismiss mention", func(tx *sql.Tx, a crm.Actor) error {
		before, err := s.mentionIn(ctx, tx, a.Scope, id)
		if err != nil {
			return err
		}
		m = before
		m.Dismissed = how
		if how == crm.DismissSpam && m.Care == crm.CareOpen {
			m.Care = crm.CareNone
		}
		if _, err := tx.ExecContext(ctx, `UPDATE mentions SET dismissed = $1, care = $2 WHERE id = $3`, m.Dismissed, m.Care, id); err != nil {
			return err
		}
		return audit(ctx, tx, a, "dismiss", "mention", id,
			map[string]any{"dismissed": before.Dismissed, "care": before.Care}, map[string]any{"dismissed": m.Dismissed, "care": m.Care})
	})
	return m, err
}

// maxCandidates is how many accounts MentionCandidates names per mention.
const maxCandidates = 10

// MentionCandidates returns, per mention of ms (by id), the accounts its
// author name or text may mean: every account whose name key
// (crm.NormalizeName) is the author's name, or is the longest one found in
// the name or the text by the rule of internal/match (several when
// accounts share a name — "Bramley" — which is why such a mention stays
// unmatched); at most maxCandidates each, by id, of those in the scope of
// the actor in ctx. Mentions without candidates are left out.
func (s *Store) MentionCandidates(ctx context.Context, ms []crm.Mention) (map[int64][]crm.Account, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64][]crm.Account{}
	if len(ms) == 0 {
		return out, nil
	}
	ix, err := s.accountsIndex(ctx, s.db)
	if err != nil {
		return nil, err
	}
	var buf []byte
	keysOf := make(map[int64][]string, len(ms))
	var keys []string
	seen := map[string]bool{}
	for _, m := range ms {
		for _, k := range []string{crm.NormalizeName(m.AuthorName), ix.NameKeyInText(m.AuthorName, &buf), ix.NameKeyInText(m.Text, &buf)} {
			if k == "" || slices.Contains(keysOf[m.ID], k) {
				continue
			}
			keysOf[m.ID] = append(keysOf[m.ID], k)
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	if len(keys) == 0 {
		return out, nil
	}
	byKey := map[string][]crm.Account{}
	err = inChunks(keys, func(part []string) error {
		cond, args := s.scopeSQL(sc, "id", len(part)+1)
		rows, err := s.db.QueryContext(ctx, `SELECT name_key, `+strings.TrimPrefix(accountSelect, "SELECT ")+
			` WHERE name_key IN (`+placeholders(1, len(part))+`) AND `+cond+` ORDER BY id`, append(stringArgs(nil, part), args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var key string
			var a crm.Account
			if err := scanAccount(scanWith{rows, &key}, &a); err != nil {
				return err
			}
			if len(byKey[key]) < maxCandidates {
				byKey[key] = append(byKey[key], a)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: mention candidates: %w", err)
	}
	for id, ks := range keysOf {
		var as []crm.Account
		for _, k := range ks {
			for _, a := range byKey[k] {
				if !slices.ContainsFunc(as, func(b crm.Account) bool { return b.ID == a.ID }) && len(as) < maxCandidates {
					as = append(as, a)
				}
			}
		}
		if len(as) > 0 {
			out[id] = as
		}
	}
	return out, nil
}

// scanWith scans one leading column into first, then the rest as sc's
// caller asks.
type scanWith struct {
	rows  *sql.Rows
	first any
}

func (s scanWith) Scan(dest ...any) error { return s.rows.Scan(append([]any{s.first}, dest...)...) }
