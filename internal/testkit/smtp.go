package testkit

import (
	"errors"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Inbox is a real SMTP server in the test's process (go-smtp) that keeps
// every message it is given. It takes PLAIN authentication as User and
// Password, without TLS (it listens on 127.0.0.1 only).
type Inbox struct {
	Addr           string
	User, Password string

	mu   sync.Mutex
	msgs []Received
}

// Received is one message an Inbox was given.
type Received struct {
	From string
	To   []string
	Data string // the message as sent: headers and body
	User string // who authenticated; "" for nobody
}

// StartInbox starts an Inbox on addr ("127.0.0.1:0" for any port) until
// the test ends.
func StartInbox(tb testing.TB, addr string) *Inbox {
	tb.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	in := &Inbox{Addr: l.Addr().String(), User: "crm", Password: "s3cret"}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &inboxSession{in: in}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	go srv.Serve(l)
	tb.Cleanup(func() { srv.Close() })
	return in
}

// Messages returns what the inbox was given so far.
func (in *Inbox) Messages() []Received {
	in.mu.Lock()
	defer in.mu.Unlock()
	return append([]Received(nil), in.msgs...)
}

type inboxSession struct {
	in  *Inbox
	cur Received
}

func (s *inboxSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *inboxSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.in.User || pass != s.in.Password {
			return errors.New("bad credentials")
		}
		s.cur.User = user
		return nil
	}), nil
}

func (s *inboxSession) Mail(from string, _ *smtp.MailOptions) error { s.cur.From = from; return nil }

func (s *inboxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *inboxSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = string(b)
	s.in.mu.Lock()
	s.in.msgs = append(s.in.msgs, s.cur)
	s.in.mu.Unlock()
	return nil
}

func (s *inboxSession) Reset()        { s.cur = Received{User: s.cur.User} }
func (s *inboxSession) Logout() error { return nil }
