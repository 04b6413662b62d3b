package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The portal's access log and what it tells staff: who of a customer uses
// the spaces built for them.

// LogPortalRead records that the portal contact in ctx read a private page
// (kind: space, page, thread, order, file; target its id). Other actors
// are not logged.
//
// Reads come with every portal page, many at once: they are written in
// batches (group commit), not each in a transaction of its own that the
// next page view would wait for. A read is queued; the caller that finds
// no batch being written writes the queue, including what others queued
// meanwhile; the others return at once. Whatever reads the log
// (PortalReads, Engagement) and Close write the queue first.
func (s *Store) LogPortalRead(ctx context.Context, kind string, target int64) error {
	a, ok := crm.ActorFrom(ctx)
	if !ok || a.ContactID == 0 {
		return nil
	}
	s.reads.mu.Lock()
	s.reads.queue = append(s.reads.queue, PortalRead{ContactID: a.ContactID, AccountID: a.Scope.Account(), Kind: kind, TargetID: target, At: time.Now()})
	s.reads.mu.Unlock()
	for range 3 { // then leave what came meanwhile to the next
		if !s.reads.writing.TryLock() {
			return nil // a batch is being written; the next takes this
		}
		n, err := s.writeReads(ctx)
		s.reads.writing.Unlock()
		if err != nil || n == 0 {
			return err
		}
	}
	return nil
}

// readLog is the queue of portal reads not yet written.
type readLog struct {
	mu      sync.Mutex
	queue   []PortalRead
	writing sync.Mutex // held by whoever writes a batch
}

// flushReads writes every portal read queued so far.
func (s *Store) flushReads(ctx context.Context) error {
	s.reads.writing.Lock()
	defer s.reads.writing.Unlock()
	_, err := s.writeReads(ctx)
	return err
}

// writeReads writes the queued reads in one transaction and returns how
// many; the caller holds reads.writing. On failure the reads are queued
// again.
func (s *Store) writeReads(ctx context.Context) (int, error) {
	s.reads.mu.Lock()
	batch := s.reads.queue
	s.reads.queue = nil
	s.reads.mu.Unlock()
	if len(batch) == 0 {
		return 0, nil
	}
	ctx = context.WithoutCancel(ctx) // the batch holds others' reads too
	err := func() error {
		tx, err := s.wdb.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		for rest := batch; len(rest) > 0; {
			n := min(len(rest), 200)
			var q strings.Builder
			args := make([]any, 0, 5*n)
			q.WriteString(`INSERT INTO portal_reads (contact_id, account_id, kind, target_id, at) VALUES `)
			for i, r := range rest[:n] {
				if i > 0 {
					q.WriteString(", ")
				}
				fmt.Fprintf(&q, "($%d, $%d, $%d, $%d, $%d)", 5*i+1, 5*i+2, 5*i+3, 5*i+4, 5*i+5)
				args = append(args, r.ContactID, r.AccountID, r.Kind, r.TargetID, r.At.Unix())
			}
			if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
				return err
			}
			rest = rest[n:]
		}
		return tx.Commit()
	}()
	if err != nil {
		s.reads.mu.Lock()
		s.reads.queue = append(batch, s.reads.queue...)
		s.reads.mu.Unlock()
		return 0, fmt.Errorf("store: portal read: %w", err)
	}
	return len(batch), nil
}

// PortalRead is one entry of the portal's access log.
type PortalRead struct {
	ContactID int64     `json:"contact_id"`
	AccountID int64     `json:"account_id"`
	Kind      string    `json:"kind"`
	TargetID  int64     `json:"target_id"`
	At        time.Time `json:"at"`
}

// PortalReads lists the newest reads of account accountID's contacts, at
// most limit, of the accounts in the scope of the actor in ctx. Viewers
// and up; a portal contact does not see the log.
func (s *Store) PortalReads(ctx context.Context, accountID int64, limit int) ([]PortalRead, error) {
	a, err := crm.Require(ctx, crm.RoleViewer)
	if err != nil {
		return nil, err
	}
	if a.ContactID != 0 {
		return nil, crm.Errorf(crm.EFORBIDDEN, "the access log is for staff")
	}
	if err := s.flushReads(ctx); err != nil {
		return nil, err
	}
	cond, args := s.scopeSQL(a.Scope, "account_id", 3)
	rows, err := s.db.QueryContext(ctx, `SELECT contact_id, account_id, kind, target_id, at FROM portal_reads
		WHERE account_id = $1 AND `+cond+` ORDER BY at DESC, id DESC LIMIT $2`, append([]any{accountID, min(max(limit, 1), MaxPageSize)}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: portal reads: %w", err)
	}
	defer rows.Close()
	out := []PortalRead{}
	for rows.Next() {
		var r PortalRead
		var at int64
		if err := rows.Scan(&r.ContactID, &r.AccountID, &r.Kind, &r.TargetID, &at); err != nil {
			return nil, fmt.Errorf("store: portal reads: %w", err)
		}
		r.At = time.Unix(at, 0).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// Engagement is what one account's contacts do in the portal.
type Engagement struct {
	AccountID     int64     `json:"account_id"`
	Invited       int       `json:"invited"`       // contacts invited (ever)
	Users         int       `json:"users"`         // contacts with a portal login
	Active        int       `json:"active"`        // of them, who read a page since
	Views         int       `json:"views"`         // pages read since
	Posts         int       `json:"posts"`         // forum posts since
	Registrations int       `json:"registrations"` // event registrations since
	Attended      int       `json:"attended"`      // events attended since
	LastVisit     time.Time `json:"last_visit,omitzero"`
}

// PortalEngagement returns, per account with any portal activity, of the
// accounts in the scope of the actor in ctx, what its contacts did since
// since (invitations and logins: ever). Viewers and up; not portal
// contacts.
func (s *Store) PortalEngagement(ctx context.Context, since time.Time) ([]Engagement, error) {
	a, err := crm.Require(ctx, crm.RoleViewer)
	if err != nil {
		return nil, err
	}
	if a.ContactID != 0 {
		return nil, crm.Errorf(crm.EFORBIDDEN, "engagement is for staff")
	}
	if err := s.flushReads(ctx); err != nil {
		return nil, err
	}
	by := map[int64]*Engagement{}
	get := func(id int64) *Engagement {
		e := by[id]
		if e == nil {
			e = &Engagement{AccountID: id}
			by[id] = e
		}
		return e
	}
	cond, args := s.scopeSQL(a.Scope, "account_id", 2)
	ever, everArgs := s.scopeSQL(a.Scope, "account_id", 1)
	queries := []struct {
		sql string
		fn  func(e *Engagement, n int, last int64)
	}{
		{`SELECT account_id, COUNT(DISTINCT contact_id), 0 FROM portal_invitations WHERE ` + ever + ` GROUP BY account_id`,
			func(e *Engagement, n int, _ int64) { e.Invited = n }},
		{`SELECT account_id, COUNT(*), 0 FROM portal_users WHERE disabled = 0 AND ` + ever + ` GROUP BY account_id`,
			func(e *Engagement, n int, _ int64) { e.Users = n }},
		{`SELECT account_id, COUNT(DISTINCT contact_id), MAX(at) FROM portal_reads WHERE at >= $1 AND ` + cond + ` GROUP BY account_id`,
			func(e *Engagement, n int, last int64) { e.Active, e.LastVisit = n, time.Unix(last, 0).UTC() }},
		{`SELECT account_id, COUNT(*), 0 FROM portal_reads WHERE at >= $1 AND ` + cond + ` GROUP BY account_id`,
			func(e *Engagement, n int, _ int64) { e.Views = n }},
		{`SELECT account_id, COUNT(*), 0 FROM space_posts WHERE contact_id IS NOT NULL AND created_at >= $1 AND ` + cond + ` GROUP BY account_id`,
			func(e *Engagement, n int, _ int64) { e.Posts = n }},
		{`SELECT account_id, COUNT(*), 0 FROM event_registrations WHERE registered_at >= $1 AND ` + cond + ` GROUP BY account_id`,
			func(e *Engagement, n int, _ int64) { e.Registrations = n }},
		{`SELECT account_id, COUNT(*), 0 FROM event_registrations WHERE attended_minutes IS NOT NULL AND registered_at >= $1 AND ` + cond + ` GROUP BY account_id`,
			func(e *Engagement, n int, _ int64) { e.Attended = n }},
	}
	for i, q := range queries {
		qargs := append([]any{since.Unix()}, args...)
		if i < 2 { // invitations and logins: ever
			qargs = everArgs
		}
		rows, err := s.db.QueryContext(ctx, q.sql, qargs...)
		if err != nil {
			return nil, fmt.Errorf("store: portal engagement: %w", err)
		}
		for rows.Next() {
			var id, last int64
			var n int
			if err := rows.Scan(&id, &n, &last); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: portal engagement: %w", err)
			}
			q.fn(get(id), n, last)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: portal engagement: %w", err)
		}
	}
	out := make([]Engagement, 0, len(by))
	for _, e := range by {
		out = append(out, *e)
	}
	slices.SortFunc(out, func(a, b Engagement) int { return cmp.Compare(a.AccountID, b.AccountID) })
	return out, nil
}
