package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

const mentionColumns = `id, source, platform, external_id, url, author_handle, author_name, author_email, text, posted_at, in_reply_to,
	COALESCE(account_id, 0), COALESCE(contact_id, 0), match_method, match_confidence, lang, compound, label, intensity,
	care, COALESCE(assignee_id, 0), reply_note, responded_at, resolved_at`

func scanMention(sc interface{ Scan(...any) error }, extra ...any) (crm.Mention, error) {
	var m crm.Mention
	var posted int64
	var responded, resolved sql.NullInt64
	dest := []any{&m.ID, &m.Source, &m.Platform, &m.ExternalID, &m.URL, &m.AuthorHandle, &m.AuthorName, &m.AuthorEmail, &m.Text, &posted,
		&m.InReplyTo, &m.AccountID, &m.ContactID, &m.MatchMethod, &m.MatchConfidence, &m.Lang, &m.Compound, &m.Label, &m.Intensity,
		&m.Care, &m.AssigneeID, &m.ReplyNote, &responded, &resolved}
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
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM mentions WHERE posted_at >= $1 AND posted_at < $2 AND `+cond, args...).Scan(&n); err != nil {
		return nil, fmt.Errorf("store: mention facts: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, COALESCE(account_id, 0), author_key, posted_at, compound, intensity
		FROM mentions WHERE posted_at >= $1 AND posted_at < $2 AND `+cond, args...)
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
		WHERE posted_at >= $1 AND posted_at < $2 AND `+cond, append([]any{from, to}, args...)...)
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
	if err := s.db.QueryRowContext(ctx, `SELECT MAX(posted_at) FROM mentions WHERE `+cond, args...).Scan(&t); err != nil {
		return time.Time{}, fmt.Errorf("store: latest mention: %w", err)
	}
	if !t.Valid {
		return time.Time{}, crm.Errorf(crm.ENOTFOUND, "no mentions yet: import some with vitalfew import mentions FILE")
	}
	return time.Unix(t.Int64, 0).UTC(), nil
}

// CareItem is a mention that needed an answer, with its care state.
type CareItem struct {
	ID          int64
	AccountID   int64
	PostedAt    time.Time
	Compound    float64
	Intensity   float64
	Care        string
	RespondedAt time.Time
	ResolvedAt  time.Time
}

// CareItems returns every mention that needed an answer (care open or
// resolved) posted in [since, until), and every one still open whenever
// it was posted, of those in the scope of the actor in ctx.
func (s *Store) CareItems(ctx context.Context, since, until time.Time) ([]CareItem, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(sc, "account_id", 3)
	rows, err := s.db.QueryContext(ctx, `SELECT id, COALESCE(account_id, 0), posted_at, compound, intensity, care, responded_at, resolved_at
		FROM mentions WHERE (care = 'open' OR (care = 'resolved' AND posted_at >= $1 AND posted_at < $2)) AND `+cond, append([]any{since.Unix(), until.Unix()}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: care items: %w", err)
	}
	defer rows.Close()
	var out []CareItem
	for rows.Next() {
		var c CareItem
		var posted int64
		var responded, resolved sql.NullInt64
		if err := rows.Scan(&c.ID, &c.AccountID, &posted, &c.Compound, &c.Intensity, &c.Care, &responded, &resolved); err != nil {
			return nil, fmt.Errorf("store: care items: %w", err)
		}
		c.PostedAt = time.Unix(posted, 0).UTC()
		c.RespondedAt, c.ResolvedAt = unixOrZero(responded), unixOrZero(resolved)
		out = append(out, c)
	}
	return out, rows.Err()
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

// CareUpdate is one change to a mention's care state. Nil fields are left
// as they are.
type CareUpdate struct {
	AssigneeID *int64  // 0 unassigns
	Reply      *string // a reply note; the first one sets the response time
	Resolve    *bool   // true resolves, false reopens
	Open       bool    // put a mention that needs no answer into the queue
}

// UpdateCare changes mention id's care state: assign it to a user, record
// a reply note (the first note is the first response), resolve or reopen
// it. at is the time of the change. Staff and admins; ENOTFOUND for an
// unknown mention or assignee, EINVALID for an empty note.
func (s *Store) UpdateCare(ctx context.Context, id int64, u CareUpdate, at time.Time) (crm.Mention, error) {
	var m crm.Mention
	err := s.write(ctx, crm.RoleStaff, "update care", func(tx *sql.Tx, a crm.Actor) error {
		before, err := s.mentionIn(ctx, tx, a.Scope, id)
		if err != nil {
			return err
		}
		m = before
		if u.Open && m.Care == crm.CareNone {
			m.Care = crm.CareOpen
		}
		if u.AssigneeID != nil {
			if *u.AssigneeID != 0 {
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1 AND disabled = 0`, *u.AssigneeID).Scan(&n); err != nil {
					return err
				}
				if n == 0 {
					return crm.Errorf(crm.ENOTFOUND, "assignee: user %d not found", *u.AssigneeID)
				}
			}
			m.AssigneeID = *u.AssigneeID
		}
		if u.Reply != nil {
			note := strings.TrimSpace(*u.Reply)
			if note == "" {
				return crm.Errorf(crm.EINVALID, "reply: write what was answered")
			}
			if err := crm.Check(crm.Text("reply", note)); err != nil {
				return err
			}
			if m.ReplyNote != "" {
				note = m.ReplyNote + "\n\n" + note
			}
			m.ReplyNote = note
			if m.RespondedAt.IsZero() {
				m.RespondedAt = at.UTC().Truncate(time.Second)
			}
			if m.Care == crm.CareNone {
				m.Care = crm.CareOpen
			}
		}
		if u.Resolve != nil {
			if *u.Resolve {
				m.Care, m.ResolvedAt = crm.CareResolved, at.UTC().Truncate(time.Second)
				if m.RespondedAt.IsZero() {
					m.RespondedAt = m.ResolvedAt
				}
			} else {
				m.Care, m.ResolvedAt = crm.CareOpen, time.Time{}
			}
		}
		if err := crm.Check(crm.Text("reply", m.ReplyNote)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE mentions SET care = $1, assignee_id = $2, reply_note = $3, responded_at = $4, resolved_at = $5 WHERE id = $6`,
			m.Care, nullID(m.AssigneeID), m.ReplyNote, nullUnix(m.RespondedAt), nullUnix(m.ResolvedAt), id)
		if err != nil {
			return err
		}
		return audit(ctx, tx, a, "care", "mention", id, careOf(before), careOf(m))
	})
	return m, err
}

func careOf(m crm.Mention) map[string]any {
	return map[string]any{"care": m.Care, "assignee_id": m.AssigneeID, "reply_note": m.ReplyNote,
		"responded_at": nullUnix(m.RespondedAt), "resolved_at": nullUnix(m.ResolvedAt)}
}

func nullUnix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// CareTargets returns the response-time target of each tier in hours
// (crm.CareTargetTiers), defaults filled in.
func (s *Store) CareTargets(ctx context.Context) (map[string]float64, error) {
	out := map[string]float64{}
	for k, v := range crm.DefaultCareTargetHours {
		out[k] = v
	}
	rows, err := s.db.QueryContext(ctx, `SELECT key, value FROM settings WHERE key LIKE 'care_target_hours_%'`)
	if err != nil {
		return nil, fmt.Errorf("store: care targets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		for _, t := range crm.CareTargetTiers {
			if crm.CareTargetKey(t) == k {
				if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 {
					out[t] = f
				}
			}
		}
	}
	return out, rows.Err()
}

// checkCareTarget validates a care_target_hours_* setting; ok is false for
// a key that is not one.
func checkCareTarget(key, value string) (ok bool, err error) {
	for _, t := range crm.CareTargetTiers {
		if crm.CareTargetKey(t) == key {
			f, perr := strconv.ParseFloat(value, 64)
			if perr != nil || !(f > 0) || f > 24*365 {
				return true, crm.Errorf(crm.EINVALID, "%s: want hours > 0, got %q", key, value)
			}
			return true, nil
		}
	}
	return false, nil
}

// careTargetKeys lists the care settings for messages.
func careTargetKeys() string {
	keys := make([]string, len(crm.CareTargetTiers))
	for i, t := range crm.CareTargetTiers {
		keys[i] = crm.CareTargetKey(t)
	}
	return strings.Join(keys, ", ")
}

// Users' names for the care queue's assignees: UserNames maps user ids of
// enabled staff and admins to their name (or email).
func (s *Store) UserNames(ctx context.Context) (map[int64]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, email FROM users WHERE disabled = 0 AND role IN ('staff', 'admin') ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: user names: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var name, email string
		if err := rows.Scan(&id, &name, &email); err != nil {
			return nil, err
		}
		out[id] = cmpOr(name, email)
	}
	return out, rows.Err()
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
