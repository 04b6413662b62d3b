// Package mail sends the outbox's mail (internal/store's outbox) through
// the SMTP server a business configures with --smtp-url or
// VITALFEW_SMTP_URL:
//
//	smtp://USER:PASSWORD@HOST:587?from=crm@example.com   STARTTLS when the server offers it
//	smtps://USER:PASSWORD@HOST:465?from=crm@example.com  TLS from the start
//
// A mail that fails is tried again later, the wait doubling from a minute
// up to six hours, at most store.MaxMailAttempts times.
package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// Sender sends mail through one SMTP server.
type Sender struct {
	host, addr string
	implicit   bool // smtps: TLS from the start
	user, pass string
	from       *mail.Address
}

// Parse reads an SMTP URL (see the package comment); from is required.
func Parse(raw string) (*Sender, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, crm.Errorf(crm.EINVALID, "--smtp-url: want smtp://USER:PASSWORD@HOST:587?from=ADDRESS or smtps://…")
	}
	from, err := mail.ParseAddress(u.Query().Get("from"))
	if err != nil {
		return nil, crm.Errorf(crm.EINVALID, "--smtp-url: from: give the address mail is sent from, like ?from=crm@example.com")
	}
	s := &Sender{host: u.Hostname(), implicit: u.Scheme == "smtps", from: from}
	port := u.Port()
	if port == "" {
		port = map[bool]string{true: "465", false: "587"}[s.implicit]
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	return s, nil
}

// header cleans a header value: no line breaks, so nothing can be added.
func header(v string) string {
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, v)
}

// message writes m as an RFC 5322 message in UTF-8, quoted-printable.
func (s *Sender) message(m crm.Mail, to *mail.Address) ([]byte, error) {
	id := make([]byte, 12)
	rand.Read(id)
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s@%s>\r\n",
		s.from.String(), to.String(), mime.QEncoding.Encode("utf-8", header(m.Subject)), time.Now().Format(time.RFC1123Z),
		hex.EncodeToString(id), s.from.Address[strings.LastIndexByte(s.from.Address, '@')+1:])
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	w := quotedprintable.NewWriter(&b)
	if _, err := w.Write([]byte(strings.ReplaceAll(m.Body, "\n", "\r\n"))); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// Send sends m now.
func (s *Sender) Send(ctx context.Context, m crm.Mail) error {
	to, err := mail.ParseAddress(header(m.To))
	if err != nil {
		return fmt.Errorf("mail: to %q: %w", m.To, err)
	}
	msg, err := s.message(m, to)
	if err != nil {
		return err
	}
	d := net.Dialer{Timeout: 30 * time.Second}
	var conn net.Conn
	if s.implicit {
		conn, err = (&tls.Dialer{NetDialer: &d, Config: &tls.Config{ServerName: s.host}}).DialContext(ctx, "tcp", s.addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", s.addr)
	}
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	_ = conn.SetDeadline(time.Now().Add(2 * time.Minute))
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok && !s.implicit {
		if err := c.StartTLS(&tls.Config{ServerName: s.host}); err != nil {
			return fmt.Errorf("mail: starttls: %w", err)
		}
	}
	if s.user != "" {
		// PlainAuth sends the password only over TLS or to this machine.
		if err := c.Auth(smtp.PlainAuth("", s.user, s.pass, s.host)); err != nil {
			return fmt.Errorf("mail: auth: %w", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return fmt.Errorf("mail: from: %w", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return fmt.Errorf("mail: to: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: data: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("mail: data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: data: %w", err)
	}
	return c.Quit()
}

// retryAfter is how long to wait after the attempts-th failed attempt.
func retryAfter(attempts int) time.Duration {
	d := time.Minute << min(attempts, 9)
	return min(d, 6*time.Hour)
}

// Flush sends the outbox's mail due at now, at most limit, and returns how
// many were sent and how many failed (each then waits for its next
// attempt, counted from now).
func Flush(ctx context.Context, st *store.Store, s *Sender, now time.Time, limit int, log *slog.Logger) (sent, failed int, err error) {
	due, err := st.DueMail(ctx, now, limit)
	if err != nil {
		return 0, 0, err
	}
	for _, m := range due {
		if err := s.Send(ctx, m); err != nil {
			failed++
			log.Warn("mail not sent; it will be tried again", slog.Int64("id", m.ID), slog.Int("attempt", m.Attempts+1), slog.Any("err", err))
			if err := st.MailFailed(ctx, m.ID, err.Error(), now.Add(retryAfter(m.Attempts))); err != nil {
				return sent, failed, err
			}
			continue
		}
		sent++
		if err := st.MailSent(ctx, m.ID); err != nil {
			return sent, failed, err
		}
	}
	return sent, failed, nil
}

// Run sends the outbox's mail until ctx ends: at once when wake is
// signalled, and every interval.
func Run(ctx context.Context, st *store.Store, s *Sender, interval time.Duration, wake <-chan struct{}, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, _, err := Flush(ctx, st, s, time.Now(), 100, log); err != nil && ctx.Err() == nil {
			log.Error("outbox", slog.Any("err", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-wake:
		}
	}
}
