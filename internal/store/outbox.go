package store

import (
	"context"
	"fmt"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The outbox keeps mail until the SMTP server has taken it: a write that
// sends mail (an invitation) puts it here in its own transaction, and the
// sender (internal/mail) works through what is due, waiting longer after
// each failed attempt, so nothing is lost while the mail server is down.

// MaxMailAttempts is how often a mail is tried before it is given up
// (it stays in the outbox, marked, for an administrator to see).
const MaxMailAttempts = 10

// enqueueMail puts m into the outbox in transaction q, due now.
func enqueueMail(ctx context.Context, q querier, m crm.Mail) error {
	now := time.Now().Unix()
	if _, err := q.ExecContext(ctx, `INSERT INTO outbox (recipient, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)`,
		m.To, m.Subject, m.Body, now); err != nil {
		return fmt.Errorf("store: outbox: %w", err)
	}
	return nil
}

// DueMail returns up to limit mails whose next attempt is due at now,
// oldest first. It needs no actor: only the server's sender calls it.
func (s *Store) DueMail(ctx context.Context, now time.Time, limit int) ([]crm.Mail, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, recipient, subject, body, created_at, attempts, last_error FROM outbox
		WHERE sent_at IS NULL AND attempts < $1 AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT $3`, MaxMailAttempts, now.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: due mail: %w", err)
	}
	defer rows.Close()
	var out []crm.Mail
	for rows.Next() {
		var m crm.Mail
		var at int64
		if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &at, &m.Attempts, &m.LastError); err != nil {
			return nil, fmt.Errorf("store: due mail: %w", err)
		}
		m.CreatedAt = time.Unix(at, 0).UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

// MailSent marks mail id sent.
func (s *Store) MailSent(ctx context.Context, id int64) error {
	if _, err := s.wdb.ExecContext(ctx, `UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = '' WHERE id = $2`, time.Now().Unix(), id); err != nil {
		return fmt.Errorf("store: mail sent: %w", err)
	}
	return nil
}

// MailFailed records a failed attempt of mail id and when to try again.
func (s *Store) MailFailed(ctx context.Context, id int64, reason string, next time.Time) error {
	if len(reason) > 500 {
		reason = reason[:500]
	}
	if _, err := s.wdb.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3`,
		reason, next.Unix(), id); err != nil {
		return fmt.Errorf("store: mail failed: %w", err)
	}
	return nil
}

// OutboxWaiting counts the mails not sent yet and those given up.
func (s *Store) OutboxWaiting(ctx context.Context) (waiting, givenUp int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN attempts < $1 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN attempts >= $1 THEN 1 ELSE 0 END), 0)
		FROM outbox WHERE sent_at IS NULL`, MaxMailAttempts).Scan(&waiting, &givenUp)
	if err != nil {
		err = fmt.Errorf("store: outbox: %w", err)
	}
	return waiting, givenUp, err
}
