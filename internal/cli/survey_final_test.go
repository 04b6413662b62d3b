package cli_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	stdmail "net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/cli"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// TestSurveyWithFinalInvoice: a business chooses its survey for final
// invoices; the server, with a mail server and its address, invites the
// contact of each final invoice of the last 30 days once — the invoice's
// named contact, else the account's first — skips a contact invited
// recently and an invoice whose named contact is nobody there, leaves old
// and ordinary invoices alone; the mail carries the invoice number and a
// working link; a detractor's answer opens an item in the care queue; a
// second run invites nobody.
func TestSurveyWithFinalInvoice(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			day := func(daysAgo int) string { return time.Now().AddDate(0, 0, -daysAgo).Format(time.DateOnly) }
			files := []struct{ kind, content string }{
				{"accounts", "customer_id,name\nK1,Kestrel Maschinenbau AG\nK2,Harrier Foods GmbH\nK3,Osprey Tools Ltd\nK4,Merlin Pumps plc\nK5,Falcon Metall KG\n"},
				{"contacts", "customer_id,name,email\nK1,Anna Kestrel,anna@kestrel.example\nK1,Bob Kestrel,bob@kestrel.example\n" +
					"K2,Carla Harrier,carla@harrier.example\nK3,Dan Osprey,dan@osprey.example\nK4,Erik Merlin,erik@merlin.example\nK5,Fay Falcon,fay@falcon.example\n"},
				{"orders", "customer_id,invoice,date,amount,Schlussrechnung,contact email\n" +
					"K1,INV-1," + day(3) + ",1200.00,ja,bob@kestrel.example\n" + // the named contact, not the first
					"K2,INV-2," + day(2) + ",800.00,yes,\n" + // the account's first contact
					"K2,INV-3," + day(1) + ",50.00,,\n" + // no final invoice
					"K3,INV-4," + day(60) + ",900.00,ja,\n" + // final, but two months old
					"K4,INV-5," + day(4) + ",700.00,ja,ghost@merlin.example\n" + // its contact is nobody at Merlin
					"K5,INV-6," + day(5) + ",600.00,1,\n"}, // Fay was invited a moment ago
			}
			for _, f := range files {
				if _, errOut, code := vf(t, db, "import", f.kind, writeFile(t, f.kind+".csv", f.content)); code != 0 {
					t.Fatalf("import %s: %s", f.kind, errOut)
				}
			}
			out, errOut, code := vf(t, db, "survey", "create", "--template", "nps", "--name", "After the project", "--json")
			var sv struct{ ID int64 }
			if code != 0 || json.Unmarshal([]byte(out), &sv) != nil || sv.ID == 0 {
				t.Fatalf("survey create: %s %s", out, errOut)
			}
			id := strconv.FormatInt(sv.ID, 10)
			if _, errOut, code := vf(t, db, "survey", "invite", id, "--contact", "fay@falcon.example"); code != 0 {
				t.Fatalf("invite: %s", errOut)
			}
			if _, errOut, code := vf(t, db, "survey", "final-invoice", "999"); code == 0 {
				t.Errorf("an unknown survey was chosen: %s", errOut)
			}
			if _, errOut, code := vf(t, db, "survey", "final-invoice", id); code != 0 {
				t.Fatalf("final-invoice: %s", errOut)
			}
			if out, _, _ := vf(t, db, "survey", "final-invoice"); strings.TrimSpace(out) != id {
				t.Errorf("the chosen survey: %q, want %s", out, id)
			}

			in := testkit.StartInbox(t, "127.0.0.1:0")
			smtpURL := "smtp://crm:s3cret@" + in.Addr + "?from=crm@vitalfew.example"
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stderr := &lockedBuffer{}
			done := make(chan error, 1)
			go func() {
				done <- cli.Run(ctx, []string{"--db", db, "--log-level", "info", "serve", "--addr", "127.0.0.1:0", "--smtp-url", smtpURL, "--base-url", "https://crm.example.test"},
					func(string) string { return "" }, strings.NewReader(""), io.Discard, stderr)
			}()
			var base string
			for deadline := time.Now().Add(30 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				if m := regexp.MustCompile(`serving on (http://\S+)`).FindStringSubmatch(stderr.String()); m != nil {
					base = m[1]
				}
			}
			if base == "" {
				t.Fatalf("serve did not start: %s", stderr.String())
			}
			var msgs []testkit.Received
			for deadline := time.Now().Add(30 * time.Second); len(msgs) < 2 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				msgs = in.Messages()
			}
			time.Sleep(200 * time.Millisecond) // a third mail would be a mistake: give it time to come
			msgs = in.Messages()
			links := map[string]string{}
			var to []string
			for _, m := range msgs {
				to = append(to, m.To...)
				msg, err := stdmail.ReadMessage(strings.NewReader(m.Data))
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(msg.Body)
				link := regexp.MustCompile(`https://crm\.example\.test/s/vfq_[A-Za-z0-9_-]+`).FindString(string(body))
				invoice := map[string]string{"bob@kestrel.example": "INV-1", "carla@harrier.example": "INV-2"}[m.To[0]]
				if link == "" || invoice == "" || !strings.Contains(string(body), invoice) {
					t.Errorf("mail to %v: %q", m.To, body)
				}
				links[m.To[0]] = link
			}
			slices.Sort(to)
			if !slices.Equal(to, []string{"bob@kestrel.example", "carla@harrier.example"}) {
				t.Fatalf("mailed %v, want bob (INV-1's contact) and carla (INV-2's account's first)", to)
			}

			// Bob answers on his phone: a detractor.
			res, err := http.PostForm(base+strings.TrimPrefix(links["bob@kestrel.example"], "https://crm.example.test"),
				url.Values{"q1": {"3"}, "q2": {"Die Inbetriebnahme hat sich um drei Wochen verzögert."}, "finish": {"1"}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("answer: %d", res.StatusCode)
			}
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
			// The rule's log says what it did with each final invoice.
			for _, want := range []string{`invoice=INV-1 outcome=invited`, `invoice=INV-2 outcome=invited`, `invoice=INV-6 outcome=recontact`, `invoice=INV-5 outcome="no contact"`} {
				if strings.Count(stderr.String(), want) != 1 {
					t.Errorf("the log has not once %s: %s", want, stderr.String())
				}
			}
			if strings.Contains(stderr.String(), "INV-3") || strings.Contains(stderr.String(), "INV-4") {
				t.Errorf("an ordinary or old invoice was handled: %s", stderr.String())
			}

			// Run again: every final invoice has been handled.
			out, errOut, code = vf(t, db, "survey", "send-final", "--base-url", "https://crm.example.test", "--json")
			var run struct {
				SurveyID  int64 `json:"survey_id"`
				Invited   int
				Recontact int `json:"skipped_recontact"`
				NoContact int `json:"skipped_no_contact"`
			}
			if code != 0 || json.Unmarshal([]byte(out), &run) != nil || run.SurveyID != sv.ID || run.Invited+run.Recontact+run.NoContact != 0 {
				t.Errorf("a second run: %s %s", out, errOut)
			}

			// The detractor is in the care queue, with the account's name and the reason.
			out, errOut, code = vf(t, db, "report", "care", "--json")
			var care struct {
				Queue []struct {
					Platform    string
					AccountName string `json:"account_name"`
					Text        string
				}
			}
			if code != 0 || json.Unmarshal([]byte(out), &care) != nil {
				t.Fatalf("report care: %s %s", out, errOut)
			}
			found := 0
			for _, q := range care.Queue {
				if q.Platform == "survey" && q.AccountName == "Kestrel Maschinenbau AG" && strings.HasPrefix(q.Text, "NPS 3 — Die Inbetriebnahme") {
					found++
				}
			}
			if found != 1 || len(care.Queue) != 1 {
				t.Errorf("care queue: %s", out)
			}
		})
	}
}
