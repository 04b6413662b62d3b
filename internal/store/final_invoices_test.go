package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestFinalInvoicesWaiting: the final invoices the rule has to handle —
// final, of the window, not handled — each with its contact (the named
// one, else the account's first, none for a stranger), and an outcome
// recorded once: a second run's does not replace the first's.
func TestFinalInvoicesWaiting(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		now := time.Now().UTC().Truncate(24 * time.Hour)
		acc := map[string]int64{}
		for _, n := range []string{"Kestrel", "Harrier", "Merlin"} {
			a, err := st.CreateAccount(op, crm.Account{Name: n})
			if err != nil {
				t.Fatal(err)
			}
			acc[n] = a.ID
		}
		for _, c := range []struct{ account, name, email string }{
			{"Kestrel", "Anna", "anna@kestrel.example"}, {"Kestrel", "Bob", "bob@kestrel.example"}, {"Harrier", "Carla", "carla@harrier.example"},
			{"Merlin", "Erik", "erik@merlin.example"}} {
			if _, err := st.CreateContact(op, crm.Contact{AccountID: acc[c.account], Name: c.name, Status: "active",
				Identities: []crm.Identity{{Kind: "email", Value: c.email}}}); err != nil {
				t.Fatal(err)
			}
		}
		order := func(account, ext string, daysAgo int, final bool, contact string) int64 {
			o, err := st.CreateOrder(op, crm.Order{AccountID: acc[account], ExternalID: ext, OrderedAt: now.AddDate(0, 0, -daysAgo), Amount: 10000, Final: final, ContactEmail: contact})
			if err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		i1 := order("Kestrel", "I1", 3, true, "bob@kestrel.example")
		order("Harrier", "I2", 2, true, "")
		order("Harrier", "I3", 1, false, "")
		order("Kestrel", "I4", 60, true, "")
		order("Merlin", "I5", 4, true, "ghost@merlin.example")
		got, err := st.FinalInvoicesWaiting(op, now.AddDate(0, 0, -store.FinalInvoiceDays), 10)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"I5 ", "I1 bob@kestrel.example", "I2 carla@harrier.example"} // oldest first
		if len(got) != len(want) {
			t.Fatalf("waiting %+v", got)
		}
		for i, f := range got {
			if f.ExternalID+" "+f.Email != want[i] {
				t.Errorf("waiting %d: %s %q, want %q", i, f.ExternalID, f.Email, want[i])
			}
		}
		if err := st.MarkFinalInvoice(op, i1, store.FinalInvited); err != nil {
			t.Fatal(err)
		}
		if err := st.MarkFinalInvoice(op, i1, store.FinalRecontact); err != nil {
			t.Fatal(err)
		}
		items, _, err := st.Timeline(op, acc["Kestrel"], store.TimelineFilter{Kind: "order"})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.ID == i1 && (!it.Final || it.FinalSurvey != store.FinalInvited) {
				t.Errorf("I1 on the timeline: final %v, outcome %q; want invited, kept", it.Final, it.FinalSurvey)
			}
		}
		if got, _ := st.FinalInvoicesWaiting(op, now.AddDate(0, 0, -store.FinalInvoiceDays), 10); len(got) != 2 {
			t.Errorf("after I1 was handled: %+v", got)
		}
	})
}

// TestImportedDetractorsCare: of imported answers, only the detractors of
// the 90 days up to the import's newest answer open a care item: three
// detractors answered on the newest day, 30 and 120 days before → two
// items, as mentions of the platform survey with the score in the text.
func TestImportedDetractorsCare(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		a, err := st.CreateAccount(op, crm.Account{Name: "Kestrel"})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range []string{"a@kestrel.example", "b@kestrel.example", "c@kestrel.example"} {
			if _, err := st.CreateContact(op, crm.Contact{AccountID: a.ID, Name: e, Status: "active", Identities: []crm.Identity{{Kind: "email", Value: e}}}); err != nil {
				t.Fatal(err)
			}
		}
		sv, err := st.CreateSurvey(op, crm.Survey{Name: "NPS", Language: "en", Questions: []crm.Question{{Type: crm.QuestionNPS, Text: "Recommend?"}}})
		if err != nil {
			t.Fatal(err)
		}
		newest := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
		if _, err := st.ImportSurveyResponses(op, sv.ID, []store.ImportedResponse{
			{Line: 2, Key: "1", Email: "a@kestrel.example", SubmittedAt: newest, Complete: true, Answers: map[int][]string{1: {"2"}}},
			{Line: 3, Key: "2", Email: "b@kestrel.example", SubmittedAt: newest.AddDate(0, 0, -30), Complete: true, Answers: map[int][]string{1: {"5"}}},
			{Line: 4, Key: "3", Email: "c@kestrel.example", SubmittedAt: newest.AddDate(0, 0, -120), Complete: true, Answers: map[int][]string{1: {"0"}}},
		}); err != nil {
			t.Fatal(err)
		}
		care, _, err := st.ListMentions(op, store.MentionQuery{Care: crm.CareOpen})
		if err != nil {
			t.Fatal(err)
		}
		texts := map[string]bool{}
		for _, m := range care {
			if m.Platform == crm.PlatformSurvey {
				texts[m.Text] = true
			}
		}
		if len(care) != 2 || !texts["NPS 2"] || !texts["NPS 5"] {
			t.Errorf("care items %+v, want NPS 2 and NPS 5", care)
		}
	})
}
