package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The forum of the portal's spaces: threads and posts. Whoever may see a
// space reads its threads; a portal contact starts one with the level
// create and answers with reply; staff (and up) do both in every space.
// A thread of a space the actor may not see is not found, exactly as a
// missing one.

var errNoThread = crm.Errorf(crm.ENOTFOUND, "no such thread")

// spaceLevel returns the actor's level in space id; errNoSpace when the
// actor may not see it.
func (s *Store) spaceLevel(ctx context.Context, id int64) (string, error) {
	levels, err := s.spaceLevels(ctx, id)
	if err != nil {
		return "", err
	}
	level, ok := levels[id]
	if !ok || id < 1 {
		return "", errNoSpace
	}
	return level, nil
}

// mayPost returns the actor in ctx when they may write at level need in
// space id: a portal contact with that level or more, or staff and up;
// errNoSpace when they may not see the space, EFORBIDDEN when their level
// is too low.
func (s *Store) mayPost(ctx context.Context, id int64, need string) (crm.Actor, error) {
	level, err := s.spaceLevel(ctx, id)
	if err != nil {
		return crm.Actor{}, err
	}
	a, _ := crm.ActorFrom(ctx)
	if a.ContactID == 0 {
		return crm.Require(ctx, crm.RoleStaff)
	}
	if crm.LevelRank(level) < crm.LevelRank(need) {
		return a, crm.Errorf(crm.EFORBIDDEN, "you may not do that in this space")
	}
	return a, nil
}

// checkPost validates a post's body.
func checkPost(body string) error {
	if strings.TrimSpace(body) == "" {
		return crm.Errorf(crm.EINVALID, "body: write something")
	}
	if len(body) > crm.MaxPostBody {
		return crm.Errorf(crm.EINVALID, "body: larger than %d KiB", crm.MaxPostBody>>10)
	}
	return crm.Check(crm.Text("body", body))
}

// insertPost adds a post by a to thread threadID in transaction tx.
func (s *Store) insertPost(ctx context.Context, tx *sql.Tx, a crm.Actor, threadID int64, body string, now time.Time) (crm.Post, error) {
	p := crm.Post{ThreadID: threadID, Body: body, Author: a.Name, Staff: a.ContactID == 0, CreatedAt: now}
	var contact, account, user any
	if a.ContactID > 0 {
		contact, account = a.ContactID, a.Scope.Account()
	} else if a.UserID > 0 {
		user = a.UserID
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO space_posts (thread_id, body, author, contact_id, account_id, user_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, threadID, body, a.Name, contact, account, user, now.Unix()).Scan(&p.ID); err != nil {
		return p, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE space_threads SET posts = posts + 1, last_post_at = $1 WHERE id = $2`, now.Unix(), threadID); err != nil {
		return p, err
	}
	if a.ContactID == 0 {
		return p, nil
	}
	// A contact's post is on their account's timeline.
	var title string
	if err := tx.QueryRowContext(ctx, `SELECT title FROM space_threads WHERE id = $1`, threadID).Scan(&title); err != nil {
		return p, err
	}
	return p, s.portalTouchpoint(ctx, tx, a, fmt.Sprintf("post-%d", p.ID), "portal", "product", now, "Posted in the portal: "+title, body)
}

// portalTouchpoint writes what portal contact a did (a post, a
// registration) as a touchpoint on their account's timeline, with no
// effort: the customer's time is no cost to serve.
func (s *Store) portalTouchpoint(ctx context.Context, tx *sql.Tx, a crm.Actor, externalID, kind, department string, at time.Time, subject, body string) error {
	if len(subject) > 300 {
		subject = subject[:300]
	}
	if len(body) > 2000 {
		body = body[:2000]
	}
	tp := crm.Touchpoint{AccountID: a.Scope.Account(), ContactID: a.ContactID, Source: "portal", ExternalID: externalID, Kind: kind,
		Department: department, OccurredAt: at, Subject: subject, Body: body}
	if err := tx.QueryRowContext(ctx, `INSERT INTO touchpoints (account_id, contact_id, source, external_id, kind, department, occurred_at, effort_minutes, subject, body, author)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10) RETURNING id`,
		tp.AccountID, tp.ContactID, tp.Source, tp.ExternalID, tp.Kind, tp.Department, s.date(at), tp.Subject, tp.Body, a.Name).Scan(&tp.ID); err != nil {
		return err
	}
	return audit(ctx, tx, a, "create", "touchpoint", tp.ID, nil, tp)
}

// CreateThread starts a thread titled title in space spaceID with its
// first post. Audited.
func (s *Store) CreateThread(ctx context.Context, spaceID int64, title, body string) (crm.Thread, error) {
	title = strings.TrimSpace(title)
	if title == "" || len(title) > crm.MaxThreadTitle {
		return crm.Thread{}, crm.Errorf(crm.EINVALID, "title: give the thread a title of at most %d characters", crm.MaxThreadTitle)
	}
	if err := crm.Check(crm.Name("title", title)); err != nil {
		return crm.Thread{}, err
	}
	if err := checkPost(body); err != nil {
		return crm.Thread{}, err
	}
	a, err := s.mayPost(ctx, spaceID, crm.LevelCreate)
	if err != nil {
		return crm.Thread{}, err
	}
	var th crm.Thread
	err = s.write(crm.WithActor(ctx, a), crm.RoleViewer, "create thread", func(tx *sql.Tx, a crm.Actor) error {
		now := time.Now().UTC().Truncate(time.Second)
		th = crm.Thread{SpaceID: spaceID, Title: title, Author: a.Name, CreatedAt: now, LastPostAt: now, Posts: 1}
		if err := tx.QueryRowContext(ctx, `INSERT INTO space_threads (space_id, title, author, created_at, last_post_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
			spaceID, title, a.Name, now.Unix()).Scan(&th.ID); err != nil {
			return err
		}
		if _, err := s.insertPost(ctx, tx, a, th.ID, body, now); err != nil {
			return err
		}
		if err := indexWords(ctx, tx, spaceID, docThread, th.ID, searchWords(title+" "+body), nil); err != nil {
			return err
		}
		return record(ctx, tx, a, "create", "space_thread", th.ID, nil, map[string]any{"space_id": spaceID, "title": title})
	})
	return th, err
}

// Reply adds a post to thread threadID of space spaceID. errNoThread when
// the thread is not in the space or the actor may not see the space.
// Audited.
func (s *Store) Reply(ctx context.Context, spaceID, threadID int64, body string) (crm.Post, error) {
	return s.Answer(ctx, spaceID, threadID, body, 0)
}

// MaxAnswerMinutes is the most time one answer in the forum counts.
const MaxAnswerMinutes = 8 * 60

// Answer is Reply with the minutes staff spent on the answer: they count
// as the effort of serving the accounts whose contacts wrote in the
// thread, shared equally, each as a touchpoint on the account's timeline
// (source portal, department product). A portal contact's minutes are
// not counted: the customer's time is no cost to serve.
func (s *Store) Answer(ctx context.Context, spaceID, threadID int64, body string, minutes float64) (crm.Post, error) {
	if err := checkPost(body); err != nil {
		return crm.Post{}, err
	}
	if !(minutes >= 0 && minutes <= MaxAnswerMinutes) {
		return crm.Post{}, crm.Errorf(crm.EINVALID, "minutes: from 0 to %d", MaxAnswerMinutes)
	}
	a, err := s.mayPost(ctx, spaceID, crm.LevelReply)
	if crm.ErrorCode(err) == crm.ENOTFOUND {
		return crm.Post{}, errNoThread
	}
	if err != nil {
		return crm.Post{}, err
	}
	var p crm.Post
	err = s.write(crm.WithActor(ctx, a), crm.RoleViewer, "reply", func(tx *sql.Tx, a crm.Actor) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM space_threads WHERE id = $1 AND space_id = $2`, threadID, spaceID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errNoThread
		}
		var err error
		if p, err = s.insertPost(ctx, tx, a, threadID, body, time.Now().UTC().Truncate(time.Second)); err != nil {
			return err
		}
		if err := indexWords(ctx, tx, spaceID, docThread, threadID, searchWords(body), nil); err != nil {
			return err
		}
		if a.ContactID == 0 && minutes > 0 {
			if err := s.answerEffort(ctx, tx, a, threadID, p, minutes); err != nil {
				return err
			}
		}
		return record(ctx, tx, a, "create", "space_post", p.ID, nil, map[string]any{"thread_id": threadID})
	})
	return p, err
}

// answerEffort writes staff answer p's minutes as touchpoints on the
// accounts whose contacts wrote in thread threadID, shared equally.
func (s *Store) answerEffort(ctx context.Context, tx *sql.Tx, a crm.Actor, threadID int64, p crm.Post, minutes float64) error {
	var title string
	if err := tx.QueryRowContext(ctx, `SELECT title FROM space_threads WHERE id = $1`, threadID).Scan(&title); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT account_id FROM space_posts WHERE thread_id = $1 AND contact_id IS NOT NULL ORDER BY account_id`, threadID)
	if err != nil {
		return err
	}
	var accounts []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		accounts = append(accounts, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	body := p.Body
	if len(body) > 2000 {
		body = body[:2000]
	}
	for _, id := range accounts {
		tp := crm.Touchpoint{AccountID: id, Source: "portal", ExternalID: fmt.Sprintf("answer-%d-%d", p.ID, id), Kind: "portal", Department: "product",
			OccurredAt: p.CreatedAt, EffortMinutes: minutes / float64(len(accounts)), Subject: "Answered in the portal: " + title, Body: body}
		if err := tx.QueryRowContext(ctx, `INSERT INTO touchpoints (account_id, source, external_id, kind, department, occurred_at, effort_minutes, subject, body, author)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			tp.AccountID, tp.Source, tp.ExternalID, tp.Kind, tp.Department, s.date(tp.OccurredAt), tp.EffortMinutes, tp.Subject, tp.Body, a.Name).Scan(&tp.ID); err != nil {
			return err
		}
		if err := audit(ctx, tx, a, "create", "touchpoint", tp.ID, nil, tp); err != nil {
			return err
		}
	}
	return nil
}

// Threads lists the threads of space spaceID, the latest post first;
// errNoSpace as Space.
func (s *Store) Threads(ctx context.Context, spaceID int64) ([]crm.Thread, error) {
	if _, err := s.spaceLevel(ctx, spaceID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, author, created_at, last_post_at, posts FROM space_threads
		WHERE space_id = $1 ORDER BY last_post_at DESC, id DESC LIMIT 200`, spaceID)
	if err != nil {
		return nil, fmt.Errorf("store: threads: %w", err)
	}
	defer rows.Close()
	out := []crm.Thread{}
	for rows.Next() {
		th := crm.Thread{SpaceID: spaceID}
		var created, last int64
		if err := rows.Scan(&th.ID, &th.Title, &th.Author, &created, &last, &th.Posts); err != nil {
			return nil, fmt.Errorf("store: threads: %w", err)
		}
		th.CreatedAt, th.LastPostAt = time.Unix(created, 0).UTC(), time.Unix(last, 0).UTC()
		out = append(out, th)
	}
	return out, rows.Err()
}

// Thread returns thread threadID of space spaceID with its posts, oldest
// first; errNoThread when it is not there or the actor may not see the
// space.
func (s *Store) Thread(ctx context.Context, spaceID, threadID int64) (crm.Thread, []crm.Post, error) {
	if _, err := s.spaceLevel(ctx, spaceID); err != nil {
		if crm.ErrorCode(err) == crm.ENOTFOUND {
			err = errNoThread
		}
		return crm.Thread{}, nil, err
	}
	th := crm.Thread{ID: threadID, SpaceID: spaceID}
	var created, last int64
	err := s.db.QueryRowContext(ctx, `SELECT title, author, created_at, last_post_at, posts FROM space_threads WHERE id = $1 AND space_id = $2`,
		threadID, spaceID).Scan(&th.Title, &th.Author, &created, &last, &th.Posts)
	if errors.Is(err, sql.ErrNoRows) {
		return crm.Thread{}, nil, errNoThread
	}
	if err != nil {
		return crm.Thread{}, nil, fmt.Errorf("store: thread: %w", err)
	}
	th.CreatedAt, th.LastPostAt = time.Unix(created, 0).UTC(), time.Unix(last, 0).UTC()
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.body, p.author, p.user_id IS NOT NULL OR p.contact_id IS NULL, COALESCE(u.product_manager, 0), p.created_at
		FROM space_posts p LEFT JOIN users u ON u.id = p.user_id
		WHERE p.thread_id = $1 ORDER BY p.id LIMIT 1000`, threadID)
	if err != nil {
		return crm.Thread{}, nil, fmt.Errorf("store: thread: %w", err)
	}
	defer rows.Close()
	var posts []crm.Post
	for rows.Next() {
		p := crm.Post{ThreadID: threadID}
		var at int64
		var pm int
		if err := rows.Scan(&p.ID, &p.Body, &p.Author, &p.Staff, &pm, &at); err != nil {
			return crm.Thread{}, nil, fmt.Errorf("store: thread: %w", err)
		}
		p.CreatedAt, p.ProductManager = time.Unix(at, 0).UTC(), pm != 0
		posts = append(posts, p)
	}
	return th, posts, rows.Err()
}

// NotifyPost puts into the outbox, for every portal user who may see space
// spaceID and wants such mail, but not the post's author (contact
// authorContact, 0 for staff), the mail compose writes for them; the
// contacts' tiers come from tierOf (the server's current figures). It
// returns how many mails it queued. Staff and portal contacts (who post).
func (s *Store) NotifyPost(ctx context.Context, spaceID, authorContact int64, tierOf func(accountID int64) string,
	compose func(c crm.PortalContact, unsubscribeToken string) crm.Mail) (int, error) {
	if _, err := crm.Require(ctx, crm.RoleViewer); err != nil {
		return 0, err
	}
	n := 0
	err := func() error {
		tx, err := s.wdb.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		grants := map[string]string{} // kind \x00 value → level
		rows, err := tx.QueryContext(ctx, `SELECT kind, value, level FROM space_grants WHERE space_id = $1`, spaceID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var kind, value, level string
			if err := rows.Scan(&kind, &value, &level); err != nil {
				rows.Close()
				return err
			}
			grants[kind+"\x00"+value] = level
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		type user struct {
			c     crm.PortalContact
			token string
		}
		var users []user
		rows, err = tx.QueryContext(ctx, `SELECT u.contact_id, u.account_id, u.email, u.unsubscribe_token, u.language, c.name, a.name FROM portal_users u
			JOIN contacts c ON c.id = u.contact_id AND c.account_id = u.account_id AND c.status = 'active'
			JOIN accounts a ON a.id = u.account_id
			WHERE u.disabled = 0 AND u.notify = 1 AND u.contact_id <> $1`, authorContact)
		if err != nil {
			return err
		}
		for rows.Next() {
			var u user
			if err := rows.Scan(&u.c.ContactID, &u.c.AccountID, &u.c.Email, &u.token, &u.c.Language, &u.c.Name, &u.c.AccountName); err != nil {
				rows.Close()
				return err
			}
			users = append(users, u)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, u := range users {
			_, byTier := grants["tier\x00"+tierOf(u.c.AccountID)]
			_, byAccount := grants["account\x00"+strconv.FormatInt(u.c.AccountID, 10)]
			_, byContact := grants["contact\x00"+strconv.FormatInt(u.c.ContactID, 10)]
			if !byTier && !byAccount && !byContact {
				continue
			}
			if u.token == "" {
				u.token = newUnsubscribeToken()
				if _, err := tx.ExecContext(ctx, `UPDATE portal_users SET unsubscribe_token = $1 WHERE contact_id = $2`, u.token, u.c.ContactID); err != nil {
					return err
				}
			}
			m := compose(u.c, u.token)
			m.To = u.c.Email
			if err := enqueueMail(ctx, tx, m); err != nil {
				return err
			}
			n++
		}
		return tx.Commit()
	}()
	if err != nil {
		return 0, fmt.Errorf("store: notify: %w", err)
	}
	return n, nil
}

// newUnsubscribeToken is a random token for the unsubscribe link: it only
// turns the mail off, so it is kept as it is.
func newUnsubscribeToken() string {
	b := make([]byte, 18)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Unsubscribe turns off the post notifications of the portal user with
// token; it reports whether one was found. It needs no actor: the token,
// from the user's own mail, is the credential.
func (s *Store) Unsubscribe(ctx context.Context, token string) (bool, error) {
	if len(token) < 16 {
		return false, nil
	}
	res, err := s.wdb.ExecContext(ctx, `UPDATE portal_users SET notify = 0 WHERE unsubscribe_token = $1`, token)
	if err != nil {
		return false, fmt.Errorf("store: unsubscribe: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// SetNotify turns the post notifications of the portal contact in ctx on
// or off.
func (s *Store) SetNotify(ctx context.Context, on bool) error {
	a, ok := crm.ActorFrom(ctx)
	if !ok || a.ContactID == 0 {
		return crm.Errorf(crm.EFORBIDDEN, "only a portal contact sets their own notifications")
	}
	v := 0
	if on {
		v = 1
	}
	if _, err := s.wdb.ExecContext(ctx, `UPDATE portal_users SET notify = $1 WHERE contact_id = $2`, v, a.ContactID); err != nil {
		return fmt.Errorf("store: notifications: %w", err)
	}
	return nil
}

// Notify reports whether the portal contact in ctx gets post notifications.
func (s *Store) Notify(ctx context.Context) (bool, error) {
	a, ok := crm.ActorFrom(ctx)
	if !ok || a.ContactID == 0 {
		return false, nil
	}
	var v int
	if err := s.db.QueryRowContext(ctx, `SELECT notify FROM portal_users WHERE contact_id = $1`, a.ContactID).Scan(&v); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil
		}
		return false, fmt.Errorf("store: notifications: %w", err)
	}
	return v == 1, nil
}
