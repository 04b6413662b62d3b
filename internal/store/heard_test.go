package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestHeardAbout: the answers to "how did you hear about us?" are counted
// by their folded words; staff map one once and every account that gave
// it gets a pos touch (on its first order, else today), later accounts
// with the same words too; a mapping is not changed to another activity;
// a user restricted to her accounts touches only those.
func TestHeardAbout(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		if _, err := st.ImportActivities(op, []crm.ActivityRecord{
			activity(2, "Trade fair", "event", 500_000, "2024-03-01", "FAIR", true),
			activity(3, "Newsletter", "email", 10_000, "2024-01-01", "NL", true),
		}, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		acts, _ := st.Activities(op)
		ids := map[string]int64{}
		for _, a := range acts {
			ids[a.Name] = a.ID
		}
		account := func(line int, ext, heard, owner string) crm.AccountRecord {
			return crm.AccountRecord{Line: line, Account: crm.Account{ExternalID: ext, Name: "Firm " + ext, HeardAbout: heard, Owner: owner}}
		}
		if _, err := st.ImportAccounts(op, []crm.AccountRecord{
			account(2, "C1", "Trade fair in Hannover!", "anna@example.com"),
			account(3, "C2", "  trade FAIR in hannover ", "anna@example.com"),
			account(4, "C3", "a colleague", "ben@example.com"),
			account(5, "C4", "", "anna@example.com"),
		}, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ImportOrders(op, []crm.OrderRecord{{Line: 2, Account: crm.AccountRef{ExternalID: "C1"},
			Order: crm.Order{ExternalID: "INV-1", OrderedAt: day("2024-03-10"), Amount: 100_000}}}, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		answers, err := st.HeardAbout(op)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(answers); got != "[{trade fair in hannover Trade fair in Hannover! 2 0 } {a colleague a colleague 1 0 }]" {
			t.Errorf("answers %s", got)
		}
		n, err := st.MapHeardAbout(crm.WithActor(context.Background(), crm.ActorOf(crm.User{ID: 1, Email: "eva@example.com", Role: crm.RoleStaff})), "TRADE FAIR in Hannover", ids["Trade fair"])
		if err != nil || n != 2 {
			t.Fatalf("map: %d %v, want 2 touches", n, err)
		}
		today := time.Now().UTC().Format(time.DateOnly)
		want := map[string]string{"C1": "2024-03-10", "C2": today}
		check := func(want map[string]string) {
			t.Helper()
			touches, err := st.ActivityTouches(op)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, tc := range touches {
				a, err := st.Account(op, tc.AccountID)
				if err != nil {
					t.Fatal(err)
				}
				if tc.Method != crm.TouchPOS {
					t.Errorf("touch %+v: not pos", tc)
				}
				got[a.ExternalID] = tc.Date.Format(time.DateOnly) + map[int64]string{ids["Trade fair"]: "", ids["Newsletter"]: " NL"}[tc.ActivityID]
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("touches %v, want %v", got, want)
			}
		}
		check(want)
		// The same again changes nothing; another activity is refused.
		if n, err := st.MapHeardAbout(op, "trade fair in hannover", ids["Trade fair"]); err != nil || n != 0 {
			t.Errorf("again: %d %v", n, err)
		}
		if _, err := st.MapHeardAbout(op, "Trade fair in Hannover", ids["Newsletter"]); crm.ErrorCode(err) != crm.ECONFLICT {
			t.Errorf("to another activity: %v", err)
		}
		if _, err := st.MapHeardAbout(op, "?!", ids["Newsletter"]); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("an empty answer: %v", err)
		}
		if _, err := st.MapHeardAbout(op, "x", 9999); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("an unknown activity: %v", err)
		}
		// Learned once: a later account with the same words, imported or
		// made by hand, gets its touch.
		if _, err := st.ImportAccounts(op, []crm.AccountRecord{account(2, "C5", "Trade-Fair in Hannover", "")}, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		staff := crm.WithActor(context.Background(), crm.ActorOf(crm.User{ID: 2, Name: "Eva", Role: crm.RoleStaff}))
		if _, err := st.CreateAccount(staff, crm.Account{Name: "Firm C6", ExternalID: "C6", HeardAbout: "trade fair, in Hannover"}); err != nil {
			t.Fatal(err)
		}
		want["C5"], want["C6"] = today, today
		check(want)
		// Anna sees C1, C2, C4 (and C5, C6 have no owner): mapping "a
		// colleague" touches nothing of Ben's C3, until it is written.
		anna := crm.WithActor(context.Background(), crm.ActorOf(crm.User{ID: 42, Email: "anna@example.com", Name: "Anna", Role: crm.RoleStaff, OwnAccountsOnly: true}))
		if n, err := st.MapHeardAbout(anna, "A colleague.", ids["Newsletter"]); err != nil || n != 0 {
			t.Errorf("Anna maps: %d %v", n, err)
		}
		if answers, err := st.HeardAbout(anna); err != nil || fmt.Sprint(answers) != "[{trade fair in hannover Trade fair in Hannover! 2 "+fmt.Sprint(ids["Trade fair"])+" eva@example.com}]" {
			t.Errorf("Anna's answers %v %v", answers, err)
		}
		check(want)
		c3, _, err := st.ListAccounts(op, store.AccountQuery{Q: "C3"})
		if err != nil || len(c3) != 1 {
			t.Fatalf("%v %v", c3, err)
		}
		if _, err := st.UpdateAccount(op, c3[0].ID, func(a *crm.Account) error { a.Region = "Nord"; return nil }); err != nil {
			t.Fatal(err)
		}
		want["C3"] = today + " NL"
		check(want)
		if _, err := st.HeardAbout(crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: 1, AccountID: c3[0].ID}, ""))); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a portal contact reads the answers: %v", err)
		}
	})
}
