package mail_test

import (
	"context"
	"io"
	"log/slog"
	"mime"
	"net"
	stdmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/mail"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// TestOutboxThroughSMTP: an invitation's mail waits in the outbox while
// the mail server is down, is tried again later, and arrives once the
// server is up: from, to, subject in UTF-8, the body, and nothing a
// subject could smuggle into the headers.
func TestOutboxThroughSMTP(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, testkit.SQLite(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	op := crm.WithActor(ctx, crm.Operator)
	acc, err := st.CreateAccount(op, crm.Account{Name: "Kestrel Maschinenbau AG"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateContact(op, crm.Contact{AccountID: acc.ID, Name: "Jürgen Weiß", Status: "active",
		Identities: []crm.Identity{{Kind: "email", Value: "juergen@kestrel.example"}}}); err != nil {
		t.Fatal(err)
	}
	compose := func(c crm.PortalContact) crm.Mail {
		return crm.Mail{Subject: "Einladung für " + c.Name + "\r\nBcc: spy@evil.example", Body: "Guten Tag,\nhier ist Ihr Link: https://crm.example.com/portal/invite/vfi_x\n"}
	}
	if _, err := st.InvitePortal(op, "juergen@kestrel.example", "h1", time.Now().Add(time.Hour), compose); err != nil {
		t.Fatal(err)
	}

	// The server is down: a free port nobody listens on.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	s, err := mail.Parse("smtp://crm:s3cret@" + addr + "?from=crm@vitalfew.example")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	now := time.Now()
	if sent, failed, err := mail.Flush(ctx, st, s, now, 10, log); err != nil || sent != 0 || failed != 1 {
		t.Fatalf("with the server down: sent %d, failed %d, %v", sent, failed, err)
	}
	if waiting, _, err := st.OutboxWaiting(ctx); err != nil || waiting != 1 {
		t.Fatalf("waiting %d %v", waiting, err)
	}
	if sent, failed, _ := mail.Flush(ctx, st, s, now.Add(10*time.Second), 10, log); sent+failed != 0 {
		t.Errorf("tried again at once: %d sent, %d failed", sent, failed)
	}

	in := testkit.StartInbox(t, addr)
	if sent, failed, err := mail.Flush(ctx, st, s, now.Add(2*time.Minute), 10, log); err != nil || sent != 1 || failed != 0 {
		t.Fatalf("with the server up: sent %d, failed %d, %v", sent, failed, err)
	}
	got := in.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages", len(got))
	}
	m := got[0]
	if m.From != "crm@vitalfew.example" || len(m.To) != 1 || m.To[0] != "juergen@kestrel.example" || m.User != "crm" {
		t.Errorf("envelope: %+v", m)
	}
	msg, err := stdmail.ReadMessage(strings.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || !strings.HasPrefix(subject, "Einladung für Jürgen Weiß") {
		t.Errorf("subject %q %v", subject, err)
	}
	if msg.Header.Get("Bcc") != "" || strings.Contains(m.Data, "\r\nBcc:") {
		t.Errorf("a header was smuggled in: %q", m.Data)
	}
	body, _ := io.ReadAll(msg.Body)
	if !strings.Contains(string(body), "https://crm.example.com/portal/invite/vfi_x") {
		t.Errorf("body: %q", body)
	}
	if waiting, _, _ := st.OutboxWaiting(ctx); waiting != 0 {
		t.Errorf("%d still waiting after it was sent", waiting)
	}
	if sent, failed, _ := mail.Flush(ctx, st, s, now.Add(time.Hour), 10, log); sent+failed != 0 {
		t.Errorf("sent twice")
	}
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		url string
		ok  bool
	}{
		{"smtp://u:p@mail.example.com:587?from=crm@example.com", true},
		{"smtps://mail.example.com?from=Vitalfew%20<crm@example.com>", true},
		{"smtp://mail.example.com", false},                  // no from
		{"http://mail.example.com?from=a@b.example", false}, // not smtp
		{"smtp://?from=a@b.example", false},                 // no host
		{"::", false},
	} {
		if _, err := mail.Parse(c.url); (err == nil) != c.ok {
			t.Errorf("Parse(%q): %v", c.url, err)
		}
	}
}
