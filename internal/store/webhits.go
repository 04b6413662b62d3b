package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// First-party web analytics (migration 00033): the hits our own script
// sends to POST /t, and the figures imported from other tools' exports.
//
// Hits come many at once (the goal is 2,000 a second on SQLite): they are
// queued and written in batches (group commit), as the portal's access
// log is (LogPortalRead). The writer of a batch also does what needs the
// database: the visitor's hash with the day's salt, the visit (a
// visitor's hits at most VisitGap apart, kept in memory), its activity
// from the landing URL's tracking code and its account from a contact's
// link token or a sent form's e-mail.

// VisitGap is the longest pause within one visit.
const VisitGap = 30 * time.Minute

// maxOpenVisits bounds the visits kept in memory (about 100 bytes each).
const maxOpenVisits = 1_000_000

// hitLog is the queue of hits not yet written and what the writer keeps.
type hitLog struct {
	mu      sync.Mutex
	queue   []crm.WebHit
	failed  int          // batches in a row the database refused (under mu)
	dropped atomic.Int64 // hits dropped: a full queue, or refused twice
	writing sync.Mutex   // held by whoever writes a batch; guards the rest

	start   sync.Once
	stop    chan struct{}
	stopped chan struct{}

	saltDay string
	salt    []byte
	linkKey []byte
	visits  map[string]*visitState // by visitor hash
	swept   time.Time
}

type visitState struct {
	id       int64
	last     time.Time
	activity int64
	account  int64
	touched  bool // its forward touch is written
	// signed: the account came from a contact's signed link token, not
	// an e-mail typed into a form (which anyone can type): only then do
	// hits write to the account (its answer, a forward touch).
	signed bool
}

// LogHit queues one hit of the web script (public: no actor needed). The
// event, path and sizes are checked (EINVALID); the rest is cut to its
// limit. The hit is written with the next batch, within a second: the
// caller that finds no batch being written writes the queue, the others
// return at once, and a flusher started with the first hit writes what
// is left. Whatever reads hits, and Close, write the queue first.
func (s *Store) LogHit(ctx context.Context, h crm.WebHit) error {
	if !slices.Contains(crm.HitEvents, h.Event) {
		return crm.Errorf(crm.EINVALID, "event: unknown %q (want %s)", h.Event, strings.Join(crm.HitEvents, ", "))
	}
	if !strings.HasPrefix(h.Path, "/") {
		return crm.Errorf(crm.EINVALID, "path: want a path starting with /, got %q", cut(h.Path, 40))
	}
	if h.At.IsZero() {
		h.At = time.Now()
	}
	h.At = h.At.UTC()
	h.Path = cut(h.Path, crm.MaxHitPath)
	h.Referrer = cut(strings.ToLower(h.Referrer), crm.MaxHitReferrer)
	h.UTMSource, h.UTMMedium, h.UTMCampaign = cut(h.UTMSource, crm.MaxHitUTM), cut(h.UTMMedium, crm.MaxHitUTM), cut(h.UTMCampaign, crm.MaxHitUTM)
	h.Code, h.Contact, h.Email = cut(h.Code, crm.MaxHitUTM), cut(h.Contact, crm.MaxHitUTM), cut(h.Email, 254)
	h.HeardAbout = cut(h.HeardAbout, 200)
	h.Site, h.UserAgent, h.IP = cut(strings.ToLower(h.Site), 255), cut(h.UserAgent, 512), cut(h.IP, 64)

	s.hits.start.Do(func() {
		s.hits.stop, s.hits.stopped = make(chan struct{}), make(chan struct{})
		go s.hitFlusher()
	})
	s.hits.mu.Lock()
	if len(s.hits.queue) >= MaxHitQueue {
		s.hits.mu.Unlock()
		s.hits.dropped.Add(1)
		return crm.Errorf(crm.ECONFLICT, "too many hits waiting to be written; this one is dropped")
	}
	s.hits.queue = append(s.hits.queue, h)
	s.hits.mu.Unlock()
	for range 3 { // then leave what came meanwhile to the next, or the flusher
		if !s.hits.writing.TryLock() {
			return nil
		}
		n, err := s.writeHits(ctx)
		s.hits.writing.Unlock()
		if err != nil || n == 0 {
			return err
		}
	}
	return nil
}

// MaxHitQueue is the most hits waiting to be written: beyond it (a flood
// faster than the database writes) hits are dropped, not kept in memory.
const MaxHitQueue = 100_000

// cut cleans v — invalid UTF-8 and control characters (a NUL, which
// PostgreSQL refuses in text, among them) become nothing and spaces — and
// shortens it to at most n bytes, at a character boundary.
func cut(v string, n int) string {
	v = strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError:
			return -1
		case r < 0x20 || r == 0x7f:
			return ' '
		}
		return r
	}, strings.ToValidUTF8(v, ""))
	v = strings.TrimSpace(v)
	if len(v) <= n {
		return v
	}
	for n > 0 && !utf8Start(v[n]) {
		n--
	}
	return v[:n]
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// hitFlusher writes what the callers of LogHit left, every quarter second,
// until Close.
func (s *Store) hitFlusher() {
	defer close(s.hits.stopped)
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-s.hits.stop:
			return
		case <-t.C:
			if err := s.flushHits(context.Background()); err != nil {
				s.log.Error("web hits", "err", err)
			}
		}
	}
}

// stopHits stops the flusher (if it runs) and writes the queue.
func (s *Store) stopHits() error {
	if s.hits.stop != nil {
		close(s.hits.stop)
		<-s.hits.stopped
		s.hits.stop = nil
	}
	return s.flushHits(context.Background())
}

// flushHits writes every hit queued so far.
func (s *Store) flushHits(ctx context.Context) error {
	s.hits.writing.Lock()
	defer s.hits.writing.Unlock()
	for {
		n, err := s.writeHits(ctx)
		if err != nil || n == 0 {
			return err
		}
	}
}

// secret returns the secret named name from web_keys, made (32 random
// bytes) when there is none.
func (s *Store) secret(ctx context.Context, q querier, name string) ([]byte, error) {
	var b []byte
	err := q.QueryRowContext(ctx, `SELECT secret FROM web_keys WHERE name = $1`, name).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		b = make([]byte, 32)
		rand.Read(b)
		if _, err = q.ExecContext(ctx, `INSERT INTO web_keys (name, secret) VALUES ($1, $2) ON CONFLICT DO NOTHING`, name, b); err != nil {
			return nil, err
		}
		err = q.QueryRowContext(ctx, `SELECT secret FROM web_keys WHERE name = $1`, name).Scan(&b)
	}
	return b, err
}

// hitColumns are the columns of a hit as writeHits inserts them.
const hitColumns = 13

// writeHits writes the queued hits in one transaction and returns how
// many; the caller holds hits.writing. On failure the hits are queued
// again.
func (s *Store) writeHits(ctx context.Context) (int, error) {
	s.hits.mu.Lock()
	batch := s.hits.queue
	s.hits.queue = nil
	s.hits.mu.Unlock()
	if len(batch) == 0 {
		return 0, nil
	}
	ctx = context.WithoutCancel(ctx) // the batch holds others' hits too
	err := func() error {
		l := &s.hits
		// The secrets are made and kept before the batch's transaction:
		// one that a failed batch rolled back must not stay in memory
		// (contact links signed with a key that is nowhere kept).
		if l.linkKey == nil {
			key, err := s.secret(ctx, s.wdb, "contact-link")
			if err != nil {
				return err
			}
			l.linkKey = key
		}
		salts := map[string][]byte{}
		for _, h := range batch {
			if day := h.At.Format(time.DateOnly); day > l.saltDay && salts[day] == nil {
				salt, err := s.secret(ctx, s.wdb, "salt:"+day)
				if err != nil {
					return err
				}
				salts[day] = salt
			}
		}
		tx, err := s.wdb.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if l.visits == nil {
			l.visits = map[string]*visitState{}
		}
		codes, err := s.codesOn(ctx, tx)
		if err != nil {
			return err
		}
		var (
			args    = make([]any, 0, hitColumns*min(len(batch), 200))
			rows    int
			flush   func() error
			tieLate = map[int64]int64{} // visit -> account found after its first hits were written
		)
		flush = func() error {
			if rows == 0 {
				return nil
			}
			var q strings.Builder
			q.WriteString(`INSERT INTO web_hits (at, day, visitor, visit_id, entry, event, path, referrer, utm_source, utm_medium, utm_campaign, activity_id, account_id) VALUES `)
			for i := range rows {
				if i > 0 {
					q.WriteString(", ")
				}
				q.WriteByte('(')
				for j := range hitColumns {
					if j > 0 {
						q.WriteString(", ")
					}
					q.WriteString("$" + strconv.Itoa(hitColumns*i+j+1))
				}
				q.WriteByte(')')
			}
			if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
				return err
			}
			args, rows = args[:0], 0
			return nil
		}
		for _, h := range batch {
			day := h.At.Format(time.DateOnly)
			// The salt moves forward only: a late hit of the day before
			// (sent before midnight, written after) takes today's.
			if day > l.saltDay {
				l.salt = salts[day]
				// Yesterday's salt and older are gone: their hashes
				// cannot be worked back to an address any more.
				if _, err := tx.ExecContext(ctx, `DELETE FROM web_keys WHERE name LIKE 'salt:%' AND name < $1`, "salt:"+day); err != nil {
					return err
				}
				l.saltDay = day
				clear(l.visits)
			}
			sum := sha256.New()
			for _, part := range []string{h.Site, h.IP, h.UserAgent} {
				sum.Write([]byte(part))
				sum.Write([]byte{0})
			}
			sum.Write(l.salt)
			visitor := hex.EncodeToString(sum.Sum(nil)[:16])
			v := l.visits[visitor]
			entry := 0
			if v == nil || h.At.Sub(v.last) > VisitGap {
				var b [8]byte
				rand.Read(b[:])
				v = &visitState{id: int64(binary.BigEndian.Uint64(b[:]) >> 1)}
				l.visits[visitor] = v
				entry = 1
				// The visit's activity: the landing URL's code (vf=), else
				// its utm_campaign, when it is a tracking code, else its
				// landing page when that is a tracking code (a landing
				// path: a code that begins with /).
				for _, c := range []string{h.Code, h.UTMCampaign, h.Path} {
					if o, ok := codes[crm.ActivityKey(c)]; ok && c != "" {
						v.activity = o.activityID
						break
					}
				}
			}
			v.last = h.At
			if v.account == 0 {
				account, signed, err := s.hitAccount(ctx, tx, h)
				if err != nil {
					return err
				}
				if account != 0 {
					v.account, v.signed = account, signed
					if entry == 0 {
						tieLate[v.id] = account
					}
				}
			}
			if v.account != 0 && v.signed && h.Event == crm.HitFormSent && h.HeardAbout != "" {
				// The form asked how they heard of us: the answer is the
				// account's unless it has one (and a mapped answer is its
				// pos touch).
				res, err := tx.ExecContext(ctx, `UPDATE accounts SET heard_about = $1 WHERE id = $2 AND heard_about = ''`, h.HeardAbout, v.account)
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n > 0 {
					if err := s.applyHeardAbout(ctx, tx, crm.Actor{Name: "web", Role: crm.RoleStaff, Scope: crm.AllAccounts()}, v.account); err != nil {
						return err
					}
				}
			}
			if v.account != 0 && v.signed && v.activity != 0 && !v.touched {
				// The visit came by a tracked link: a forward touch of its
				// account with the activity, as an order with a code is.
				if _, err := tx.ExecContext(ctx, `INSERT INTO activity_touches (account_id, activity_id, touched_on, method, recorded_by, recorded_at, source)
					VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`, v.account, v.activity, s.date(dayOf(h.At)), crm.TouchForward, "web",
					time.Now().Unix(), "web"); err != nil {
					return err
				}
				v.touched = true
			}
			var activity, account any
			if v.activity != 0 {
				activity = v.activity
			}
			if v.account != 0 {
				account = v.account
			}
			args = append(args, h.At.Unix(), day, visitor, v.id, entry, h.Event, h.Path, h.Referrer, h.UTMSource, h.UTMMedium, h.UTMCampaign, activity, account)
			if rows++; rows == 200 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		// A visit's account found after its first hit is written on the
		// earlier hits too.
		for visit, account := range tieLate {
			if _, err := tx.ExecContext(ctx, `UPDATE web_hits SET account_id = $1 WHERE visit_id = $2 AND account_id IS NULL`, account, visit); err != nil {
				return err
			}
		}
		// Visits ended a while ago are forgotten (by the hits' clock, so
		// that hits of a past day, as in an import, are visits too).
		if now := time.Now(); now.Sub(l.swept) > time.Minute {
			var latest time.Time
			for _, h := range batch {
				if h.At.After(latest) {
					latest = h.At
				}
			}
			for k, v := range l.visits {
				if latest.Sub(v.last) > VisitGap {
					delete(l.visits, k)
				}
			}
			if len(l.visits) > maxOpenVisits {
				clear(l.visits) // a flood: the visits open now start anew
			}
			l.swept = now
		}
		return tx.Commit()
	}()
	if err != nil {
		// Tried again with the next batch — unless it failed before: a
		// batch the database refuses twice is dropped (and said), so
		// that one bad hit cannot stop every later one.
		s.hits.mu.Lock()
		if s.hits.failed < 1 && len(s.hits.queue)+len(batch) <= MaxHitQueue {
			s.hits.failed++
			s.hits.queue = append(batch, s.hits.queue...)
		} else {
			s.hits.failed = 0
			s.hits.dropped.Add(int64(len(batch)))
			s.log.Error("web hits dropped: the database refused them twice", slog.Int("hits", len(batch)), slog.Any("err", err))
		}
		s.hits.mu.Unlock()
		return 0, fmt.Errorf("store: web hits: %w", err)
	}
	s.hits.mu.Lock()
	s.hits.failed = 0
	s.hits.mu.Unlock()
	return len(batch), nil
}

// hitAccount returns the account a hit names: by a contact's valid link
// token (signed), or by the e-mail of a sent form when it is a contact's
// (not signed: the visit is counted for the account, nothing is written
// to it); 0 when neither.
func (s *Store) hitAccount(ctx context.Context, q querier, h crm.WebHit) (account int64, signed bool, err error) {
	if id, ok := s.contactOfToken(h.Contact); ok {
		err := q.QueryRowContext(ctx, `SELECT account_id FROM contacts WHERE id = $1`, id).Scan(&account)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, false, err
		}
		if account != 0 {
			return account, true, nil
		}
	}
	if h.Email != "" && h.Event == crm.HitFormSent {
		err := q.QueryRowContext(ctx, `SELECT account_id FROM contact_identities WHERE kind = $1 AND value = $2`,
			crm.IdentityEmail, crm.NormalizeEmail(h.Email)).Scan(&account)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, false, err
		}
	}
	return account, false, nil
}

// contactOfToken checks a contact's link token (ContactLinkToken) and
// returns its contact id. The caller holds hits.writing.
func (s *Store) contactOfToken(tok string) (int64, bool) {
	idPart, mac, ok := strings.Cut(tok, ".")
	if !ok || s.hits.linkKey == nil {
		return 0, false
	}
	id, err := strconv.ParseInt(idPart, 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	want := linkMAC(s.hits.linkKey, id)
	got, err := base64.RawURLEncoding.DecodeString(mac)
	return id, err == nil && hmac.Equal(got, want)
}

func linkMAC(key []byte, contact int64) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("contact:" + strconv.FormatInt(contact, 10)))
	return m.Sum(nil)[:12]
}

// ContactLinkToken returns the token (for vf_c= in the links of an
// e-mail to the contact) that ties a visit arriving by it to the
// contact's account. Staff; a contact out of the actor's scope is not
// found.
func (s *Store) ContactLinkToken(ctx context.Context, contact int64) (string, error) {
	a, err := staffOnly(ctx)
	if err != nil {
		return "", err
	}
	cond, args := s.scopeSQL(a.Scope, "account_id", 2)
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM contacts WHERE id = $1 AND `+cond, append([]any{contact}, args...)...).Scan(&n); err != nil {
		return "", fmt.Errorf("store: contact link: %w", err)
	}
	if n == 0 {
		return "", crm.Errorf(crm.ENOTFOUND, "no contact with id %d", contact)
	}
	s.hits.writing.Lock()
	defer s.hits.writing.Unlock()
	if s.hits.linkKey == nil {
		if s.hits.linkKey, err = s.secret(ctx, s.wdb, "contact-link"); err != nil {
			return "", fmt.Errorf("store: contact link: %w", err)
		}
	}
	return strconv.FormatInt(contact, 10) + "." + base64.RawURLEncoding.EncodeToString(linkMAC(s.hits.linkKey, contact)), nil
}

// ContactLinkTokens returns ContactLinkToken of each contact of ids in
// the actor's scope, by contact id; the others are left out, as missing
// ones. Staff.
func (s *Store) ContactLinkTokens(ctx context.Context, ids []int64) (map[int64]string, error) {
	a, err := staffOnly(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	var found []int64
	for rest := ids; len(rest) > 0 && err == nil; {
		part := rest[:min(len(rest), 500)]
		rest = rest[len(part):]
		err = s.contactsIn(ctx, a, part, &found)
	}
	if err != nil {
		return nil, fmt.Errorf("store: contact links: %w", err)
	}
	s.hits.writing.Lock()
	defer s.hits.writing.Unlock()
	if s.hits.linkKey == nil {
		if s.hits.linkKey, err = s.secret(ctx, s.wdb, "contact-link"); err != nil {
			return nil, fmt.Errorf("store: contact links: %w", err)
		}
	}
	for _, id := range found {
		out[id] = strconv.FormatInt(id, 10) + "." + base64.RawURLEncoding.EncodeToString(linkMAC(s.hits.linkKey, id))
	}
	return out, nil
}

// contactsIn appends to found the contacts of part in a's scope.
func (s *Store) contactsIn(ctx context.Context, a crm.Actor, part []int64, found *[]int64) error {
	args := make([]any, len(part))
	for i, id := range part {
		args[i] = id
	}
	cond, sargs := s.scopeSQL(a.Scope, "account_id", len(args)+1)
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM contacts WHERE id IN (`+placeholders(1, len(part))+`) AND `+cond, append(args, sargs...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		*found = append(*found, id)
	}
	return rows.Err()
}

// WebStats returns the web analytics of q: every visit (what it did; its
// account only when the account is in the actor's scope, else 0), the
// pages, referrers and UTM campaigns by visitors, and the imported
// figures of the days. Goal pages are the settings' goal_pages. Staff,
// not portal contacts: how people browse the site is no customer's data,
// the accounts of visits are scoped.
func (s *Store) WebStats(ctx context.Context, q crm.WebQuery) (crm.WebStats, error) {
	var out crm.WebStats
	a, err := staffOnly(ctx)
	if err != nil {
		return out, err
	}
	if err := s.flushHits(ctx); err != nil {
		return out, err
	}
	set, err := s.Settings(ctx)
	if err != nil {
		return out, err
	}
	limit := q.Limit
	if limit <= 0 || limit > 1000 {
		limit = 50
	}
	since, until := "0000-00-00", "9999-99-99"
	if !q.Since.IsZero() {
		since = q.Since.Format(time.DateOnly)
	}
	if !q.Until.IsZero() {
		until = q.Until.Format(time.DateOnly)
	}
	where, args := `day >= $1 AND day <= $2`, []any{since, until}
	if q.ActivityID != 0 {
		where += ` AND activity_id = $3`
		args = append(args, q.ActivityID)
	}
	goal, goals := "0 = 1", crm.ParseGoalPages(set.GoalPages)
	if len(goals) > 0 {
		goal = "path IN (" + placeholders(len(args)+1, len(goals)) + ")"
	}
	vargs := stringArgs(slices.Clone(args), goals)
	cond, sargs := s.scopeSQL(a.Scope, "account_id", len(vargs)+1)
	vargs = append(vargs, sargs...)
	rows, err := s.db.QueryContext(ctx, `SELECT MAX(COALESCE(activity_id, 0)), MAX(CASE WHEN account_id IS NOT NULL AND `+cond+` THEN account_id ELSE 0 END), MIN(visitor),
		SUM(CASE WHEN event = 'pageview' THEN 1 ELSE 0 END), MAX(CASE WHEN event = 'form_start' THEN 1 ELSE 0 END),
		MAX(CASE WHEN event = 'form_sent' THEN 1 ELSE 0 END), MAX(CASE WHEN event = 'pageview' AND `+goal+` THEN 1 ELSE 0 END)
		FROM web_hits WHERE `+where+` GROUP BY visit_id ORDER BY MIN(id)`, vargs...)
	if err != nil {
		return out, fmt.Errorf("store: web visits: %w", err)
	}
	out.Visits = []crm.WebVisit{}
	for rows.Next() {
		var v crm.WebVisit
		var start, sent, goal int
		if err := rows.Scan(&v.ActivityID, &v.AccountID, &v.Visitor, &v.Pageviews, &start, &sent, &goal); err != nil {
			rows.Close()
			return out, fmt.Errorf("store: web visits: %w", err)
		}
		v.FormStart, v.FormSent, v.Goal = start == 1, sent == 1, goal == 1
		out.Visits = append(out.Visits, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("store: web visits: %w", err)
	}
	count := func(col, only string) ([]crm.WebCount, error) {
		rows, err := s.db.QueryContext(ctx, `SELECT `+col+`, COUNT(DISTINCT visitor), SUM(CASE WHEN event = 'pageview' THEN 1 ELSE 0 END) FROM web_hits
			WHERE `+where+` AND `+only+` GROUP BY `+col+` ORDER BY 2 DESC, 3 DESC, 1 LIMIT `+strconv.Itoa(limit), args...)
		if err != nil {
			return nil, fmt.Errorf("store: web %s: %w", col, err)
		}
		defer rows.Close()
		list := []crm.WebCount{}
		for rows.Next() {
			var c crm.WebCount
			if err := rows.Scan(&c.Value, &c.Visitors, &c.Pageviews); err != nil {
				return nil, fmt.Errorf("store: web %s: %w", col, err)
			}
			list = append(list, c)
		}
		return list, rows.Err()
	}
	if out.Pages, err = count("path", "event = 'pageview'"); err != nil {
		return out, err
	}
	if out.Referrers, err = count("referrer", "entry = 1 AND referrer <> ''"); err != nil {
		return out, err
	}
	if out.Campaigns, err = count("utm_campaign", "entry = 1 AND utm_campaign <> ''"); err != nil {
		return out, err
	}
	if out.Imported, err = s.webImported(ctx, since, until); err != nil {
		return out, err
	}
	return out, nil
}

// webImported reads the imported figures of the ranges within since and
// until.
func (s *Store) webImported(ctx context.Context, since, until string) ([]crm.WebImported, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT source, from_day, to_day, dimension, value, visitors, visits, pageviews FROM web_stats_imported
		WHERE from_day >= $1 AND to_day <= $2 ORDER BY source, dimension, from_day, visitors DESC, value`, since, until)
	if err != nil {
		return nil, fmt.Errorf("store: imported web stats: %w", err)
	}
	defer rows.Close()
	out := []crm.WebImported{}
	for rows.Next() {
		var w crm.WebImported
		var from, to string
		if err := rows.Scan(&w.Source, &from, &to, &w.Dimension, &w.Value, &w.Visitors, &w.Visits, &w.Pageviews); err != nil {
			return nil, fmt.Errorf("store: imported web stats: %w", err)
		}
		w.From, _ = time.Parse(time.DateOnly, from)
		w.To, _ = time.Parse(time.DateOnly, to)
		out = append(out, w)
	}
	return out, rows.Err()
}

// ImportWebStats writes figures imported from another tool's export in
// one transaction: a figure is its source, days, dimension and value, and
// the same file again replaces them (the counts are the export's, not
// added up). Importers, as every import.
func (s *Store) ImportWebStats(ctx context.Context, recs []crm.WebImportedRecord, opt crm.ImportOptions) (crm.ImportSummary, error) {
	return importRows(ctx, s, recs, opt, importSteps[crm.WebImportedRecord]{
		kind: "web-stats",
		check: func(r *crm.WebImportedRecord) (int, error) {
			w := &r.WebImported
			w.Value = cut(w.Value, crm.MaxHitPath)
			switch {
			case !slices.Contains([]string{"plausible", "matomo", "goatcounter"}, w.Source):
				return r.Line, &crm.FieldError{Field: "source", Reason: fmt.Errorf("unknown %q", w.Source)}
			case !slices.Contains(crm.WebDimensions, w.Dimension):
				return r.Line, &crm.FieldError{Field: "dimension", Reason: fmt.Errorf("unknown %q", w.Dimension)}
			case w.From.IsZero() || w.To.Before(w.From):
				return r.Line, &crm.FieldError{Field: "date", Reason: errors.New("want a day or a range of days")}
			case w.Visitors < 0 || w.Visits < 0 || w.Pageviews < 0:
				return r.Line, &crm.FieldError{Field: "visitors", Reason: errors.New("must not be negative")}
			}
			return r.Line, nil
		},
		write: func(c *sql.Conn, _ crm.Actor, recs []crm.WebImportedRecord, sum *crm.ImportSummary) error {
			for _, r := range recs {
				w := r.WebImported
				var old [3]int
				err := c.QueryRowContext(ctx, `SELECT visitors, visits, pageviews FROM web_stats_imported WHERE source = $1 AND from_day = $2 AND to_day = $3
					AND dimension = $4 AND value = $5`, w.Source, w.From.Format(time.DateOnly), w.To.Format(time.DateOnly), w.Dimension, w.Value).Scan(&old[0], &old[1], &old[2])
				switch {
				case errors.Is(err, sql.ErrNoRows):
					if _, err := c.ExecContext(ctx, `INSERT INTO web_stats_imported (source, from_day, to_day, dimension, value, visitors, visits, pageviews)
						VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, w.Source, w.From.Format(time.DateOnly), w.To.Format(time.DateOnly), w.Dimension, w.Value,
						w.Visitors, w.Visits, w.Pageviews); err != nil {
						return fmt.Errorf("store: import web stats: %w", err)
					}
					sum.Inserted++
				case err != nil:
					return fmt.Errorf("store: import web stats: %w", err)
				case old == [3]int{w.Visitors, w.Visits, w.Pageviews}:
					sum.Unchanged++
				default:
					if _, err := c.ExecContext(ctx, `UPDATE web_stats_imported SET visitors = $1, visits = $2, pageviews = $3 WHERE source = $4 AND from_day = $5
						AND to_day = $6 AND dimension = $7 AND value = $8`, w.Visitors, w.Visits, w.Pageviews, w.Source, w.From.Format(time.DateOnly),
						w.To.Format(time.DateOnly), w.Dimension, w.Value); err != nil {
						return fmt.Errorf("store: import web stats: %w", err)
					}
					sum.Updated++
				}
			}
			return nil
		},
	})
}
