package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestStageTransitions: the transitions are replaced whole; an observed
// one keeps the day it was first seen while it lasts, and starts afresh
// after it ended; only an actor who sees every account writes them;
// reads keep to the scope and the day.
func TestStageTransitions(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		sys := crm.WithActor(context.Background(), crm.System)
		petra := crm.WithActor(context.Background(), crm.Actor{UserID: 3, Name: "petra", Role: crm.RoleStaff, Scope: crm.OwnedBy("Petra")})
		tr := func(id int64, stage, on, reason string, observed bool) crm.StageTransition {
			return crm.StageTransition{AccountID: id, Stage: stage, On: day(on), Reason: reason, Observed: observed}
		}
		save := func(ts ...crm.StageTransition) {
			t.Helper()
			if err := st.SaveStageTransitions(sys, ts); err != nil {
				t.Fatal(err)
			}
		}
		save(tr(w.a, "customer", "2026-01-05", "first order", false), tr(w.a, "at_risk", "2026-06-30", "health poor", true),
			tr(w.b, "customer", "2026-02-01", "first order", false))
		// A day later: still at risk (first seen 06-30), Birch gone.
		save(tr(w.a, "customer", "2026-01-05", "first order", false), tr(w.a, "at_risk", "2026-07-01", "health poor", true))
		got, err := st.StageTransitions(sys, 0, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		want := []crm.StageTransition{tr(w.a, "at_risk", "2026-06-30", "health poor", true), tr(w.a, "customer", "2026-01-05", "first order", false)}
		if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("stored:\n got  %+v\n want %+v", got, want)
		}
		// No longer at risk, then at risk again: a new first day.
		save(tr(w.a, "customer", "2026-01-05", "first order", false))
		save(tr(w.a, "customer", "2026-01-05", "first order", false), tr(w.a, "at_risk", "2026-08-01", "P(alive) below 0.3", true))
		if got, err := st.StageTransitions(sys, w.a, day("2026-07-01")); err != nil || len(got) != 1 || got[0] != tr(w.a, "at_risk", "2026-08-01", "P(alive) below 0.3", true) {
			t.Errorf("at risk again, since 07-01: %+v %v", got, err)
		}
		if err := st.SaveStageTransitions(petra, nil); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("saved by a restricted actor: %v", err)
		}
		if got, err := st.StageTransitions(petra, 0, time.Time{}); err != nil || len(got) != 0 {
			t.Errorf("read out of scope: %+v %v", got, err)
		}
	})
}
