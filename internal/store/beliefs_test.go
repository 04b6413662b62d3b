package store_test

import (
	"context"
	"maps"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestBeliefs: staff answer a survey's questions about an account or the
// company as a whole, checked as customers' answers; a new answer replaces
// the old; an owner can neither answer about nor read another's account
// (not found, as a missing one); beliefs about the company are read only
// by those who see every account; deleting an account deletes the beliefs
// about it. On SQLite and PostgreSQL.
func TestBeliefs(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		mine, err := st.CreateAccount(op, crm.Account{Name: "Mine GmbH", Owner: "Anna Becker", Status: crm.AccountActive})
		if err != nil {
			t.Fatal(err)
		}
		other, err := st.CreateAccount(op, crm.Account{Name: "Other AG", Owner: "Ben", Status: crm.AccountActive})
		if err != nil {
			t.Fatal(err)
		}
		sv, err := st.CreateSurvey(op, crm.Survey{Name: "Beliefs", Language: "en", Questions: []crm.Question{
			{Type: crm.QuestionNPS, Text: "Recommend?", Required: true},
			{Type: crm.QuestionRating, Text: "Satisfied?"},
			{Type: crm.QuestionChoice, Text: "On time?", Options: []string{"Early", "On time", "Late"}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		anna := crm.WithActor(context.Background(), crm.ActorOf(ownUser))
		viewer := crm.WithActor(context.Background(), crm.ActorOf(crm.User{ID: 7, Email: "v@example.com", Role: crm.RoleViewer}))

		// Anna about her account: the choice in another case, stored as the
		// option; the required NPS may be left out.
		got, err := st.SaveBeliefs(anna, sv.ID, mine.ID, map[int][]string{2: {"5"}, 3: {"on TIME"}})
		if want := map[int]string{2: "5", 3: "On time"}; err != nil || !maps.Equal(got, want) {
			t.Fatalf("save: %v %v, want %v", got, err, want)
		}
		// Replaced: the rating again, the choice left out.
		if _, err := st.SaveBeliefs(anna, sv.ID, mine.ID, map[int][]string{1: {"9"}, 2: {"4"}}); err != nil {
			t.Fatal(err)
		}
		if got, err := st.MyBeliefs(anna, sv.ID, mine.ID); err != nil || !maps.Equal(got, map[int]string{1: "9", 2: "4"}) {
			t.Errorf("after the new answers: %v %v", got, err)
		}
		// About the company as a whole.
		if _, err := st.SaveBeliefs(anna, sv.ID, 0, map[int][]string{1: {"10"}}); err != nil {
			t.Fatal(err)
		}
		// Wrong answers, as a customer's: nothing written.
		for _, bad := range []map[int][]string{{1: {"11"}}, {2: {"0"}}, {3: {"Never"}}, {4: {"yes"}}} {
			if _, err := st.SaveBeliefs(anna, sv.ID, mine.ID, bad); crm.ErrorCode(err) != crm.EINVALID {
				t.Errorf("answers %v: %v, want invalid", bad, err)
			}
		}
		// Another's account, a missing one, a missing survey: not found.
		for _, c := range []struct {
			survey, account int64
		}{{sv.ID, other.ID}, {sv.ID, 999999}, {999999, mine.ID}} {
			if _, err := st.SaveBeliefs(anna, c.survey, c.account, map[int][]string{1: {"9"}}); crm.ErrorCode(err) != crm.ENOTFOUND {
				t.Errorf("save about %d in %d: %v, want not found", c.account, c.survey, err)
			}
		}
		if _, err := st.MyBeliefs(anna, sv.ID, other.ID); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("read about another's account: %v, want not found", err)
		}
		if _, err := st.SaveBeliefs(viewer, sv.ID, 0, map[int][]string{1: {"9"}}); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a viewer answers: %v, want forbidden", err)
		}
		// The operator about the other account.
		if _, err := st.SaveBeliefs(op, sv.ID, other.ID, map[int][]string{1: {"3"}}); err != nil {
			t.Fatal(err)
		}
		type key struct {
			user, account int64
			pos           int
			value         string
		}
		keys := func(bs []store.Belief) []key {
			var out []key
			for _, b := range bs {
				out = append(out, key{b.UserID, b.AccountID, b.Position, b.Value})
			}
			return out
		}
		all, err := st.Beliefs(op, sv.ID)
		want := []key{{42, 0, 1, "10"}, {42, mine.ID, 1, "9"}, {42, mine.ID, 2, "4"}, {0, other.ID, 1, "3"}}
		if mine.ID > other.ID {
			want = []key{want[0], want[3], want[1], want[2]}
		}
		if err != nil || show(keys(all)) != show(want) {
			t.Errorf("every belief: %v %v, want %v", keys(all), err, want)
		}
		if all[0].UserName != ownUser.Email {
			t.Errorf("user name %q", all[0].UserName)
		}
		// Anna reads her account's only: not the company's, not the other's.
		if got, err := st.Beliefs(anna, sv.ID); err != nil || show(keys(got)) != show([]key{{42, mine.ID, 1, "9"}, {42, mine.ID, 2, "4"}}) {
			t.Errorf("anna's beliefs: %v %v", keys(got), err)
		}
		if _, err := st.Beliefs(context.Background(), sv.ID); crm.ErrorCode(err) != crm.EUNAUTHORIZED {
			t.Errorf("without an actor: %v", err)
		}
		// Deleting the account deletes the beliefs about it.
		if err := st.DeleteAccount(op, other.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := st.Beliefs(op, sv.ID); err != nil || len(got) != 3 {
			t.Errorf("after deleting the other account: %v %v", keys(got), err)
		}
	})
}
