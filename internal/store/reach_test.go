package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestReach: follower snapshots and press mentions import, the same again
// changes nothing, a new count replaces the old; a press mention's
// activity is found by name or code; the window selects; portal contacts
// read none.
func TestReach(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		op := crm.WithActor(context.Background(), crm.Operator)
		if _, err := st.ImportActivities(op, []crm.ActivityRecord{activity(2, "Press release", "pr", 50_000, "2026-03-01", "PR26", true)}, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		snaps := []crm.ReachSnapshot{
			{Line: 2, Channel: "LinkedIn", Day: day("2026-01-01"), Followers: 1200},
			{Line: 3, Channel: "LinkedIn", Day: day("2026-06-30"), Followers: 1500, Forwards: 40},
			{Line: 4, Channel: "Newsletter", Day: day("2026-06-30"), Followers: 800, Forwards: 25},
		}
		if sum, err := st.ImportReach(op, snaps, crm.ImportOptions{}); err != nil || sum.Inserted != 3 {
			t.Fatalf("%+v %v", sum, err)
		}
		again := []crm.ReachSnapshot{snaps[0], {Line: 3, Channel: "linkedin", Day: day("2026-06-30"), Followers: 1550, Forwards: 40}}
		if sum, err := st.ImportReach(op, again, crm.ImportOptions{}); err != nil || sum.Unchanged != 1 || sum.Updated != 1 {
			t.Fatalf("again: %+v %v", sum, err)
		}
		press := []crm.PressMention{
			{Line: 2, Day: day("2026-03-05"), Outlet: "Handelsblatt", Title: "Valves for the energy transition", Impressions: 120_000, Tone: 0.4, ToneLabel: "positive", KeyMessage: true, Activity: "pr26"},
			{Line: 3, Day: day("2026-04-01"), Outlet: "Local paper", Title: "Plant expands", Impressions: 8_000},
		}
		if sum, err := st.ImportPress(op, press, crm.ImportOptions{}); err != nil || sum.Inserted != 2 {
			t.Fatalf("press: %+v %v", sum, err)
		}
		if sum, err := st.ImportPress(op, press, crm.ImportOptions{}); err != nil || sum.Unchanged != 2 {
			t.Fatalf("press again: %+v %v", sum, err)
		}
		bad := []crm.PressMention{{Line: 2, Day: day("2026-03-05"), Outlet: "X", Title: "Y", Activity: "nope"}}
		if _, err := st.ImportPress(op, bad, crm.ImportOptions{File: "p.csv"}); err == nil || !strings.Contains(err.Error(), `unknown activity or code "nope"`) {
			t.Errorf("unknown activity: %v", err)
		}
		s, p, err := st.Reach(op, day("2026-02-01"), day("2026-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		if len(s) != 2 || s[0].Channel != "LinkedIn" || s[0].Followers != 1550 || s[1].Channel != "Newsletter" {
			t.Errorf("snapshots %+v", s)
		}
		if len(p) != 2 || p[0].Outlet != "Local paper" || p[1].Activity != "Press release" || !p[1].KeyMessage || p[1].Impressions != 120_000 {
			t.Errorf("press %+v", p)
		}
		portal := crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: 1, AccountID: 1}, ""))
		if _, _, err := st.Reach(portal, day("2026-01-01"), day("2026-12-31")); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("portal: %v", err)
		}
	})
}
