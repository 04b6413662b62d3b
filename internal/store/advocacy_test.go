package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestAdvocacy: staff record an act of an account they see (with a
// contact of that account, not another's), someone else verifies it (not
// who recorded it), the ledger lists it, and an actor who does not see
// the account neither writes, verifies nor reads it.
func TestAdvocacy(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		anna := crm.WithActor(context.Background(), crm.Actor{UserID: 1, Name: "anna@example.com", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
		ben := crm.WithActor(context.Background(), crm.Actor{UserID: 2, Name: "ben@example.com", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
		other := crm.WithActor(context.Background(), crm.Actor{UserID: 3, Name: "petra", Role: crm.RoleStaff, Scope: crm.OwnedBy("Petra")})
		on := time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)
		act, err := st.RecordAdvocacy(anna, crm.AdvocacyAct{AccountID: w.a, ContactID: w.a1.ID, Kind: "case_study", On: on, Evidence: "https://example.com/alder-case"})
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []crm.AdvocacyAct{
			{AccountID: w.a, Kind: "bribe", On: on},                      // no such kind
			{AccountID: w.a, Kind: "review"},                             // no day
			{AccountID: w.a, ContactID: w.b1.ID, Kind: "review", On: on}, // another account's contact
			{AccountID: 99999, Kind: "review", On: on},                   // no account
		} {
			if _, err := st.RecordAdvocacy(anna, bad); crm.ErrorCode(err) != crm.EINVALID {
				t.Errorf("%+v: %v, want invalid", bad, err)
			}
		}
		if _, err := st.RecordAdvocacy(other, crm.AdvocacyAct{AccountID: w.a, Kind: "review", On: on}); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("an account out of scope: %v", err)
		}
		if _, err := st.VerifyAdvocacy(anna, w.a, act.ID); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("verified by who recorded it: %v", err)
		}
		if _, err := st.VerifyAdvocacy(other, w.a, act.ID); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("verified out of scope: %v", err)
		}
		if _, err := st.VerifyAdvocacy(ben, w.b, act.ID); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("verified through another account: %v", err)
		}
		v, err := st.VerifyAdvocacy(ben, w.a, act.ID)
		if err != nil || !v.Verified() || v.VerifiedBy != "ben@example.com" {
			t.Fatalf("verify: %+v %v", v, err)
		}
		acts, err := st.AdvocacyActs(anna, w.a, time.Time{})
		if err != nil || len(acts) != 1 || acts[0].Kind != "case_study" || acts[0].ContactID != w.a1.ID || !acts[0].On.Equal(on) ||
			acts[0].RecordedBy != "anna@example.com" || acts[0].VerifiedBy != "ben@example.com" {
			t.Errorf("the ledger: %+v %v", acts, err)
		}
		if acts, err := st.AdvocacyActs(other, 0, time.Time{}); err != nil || len(acts) != 0 {
			t.Errorf("the ledger out of scope: %+v %v", acts, err)
		}
		if acts, err := st.AdvocacyActs(anna, 0, on.AddDate(0, 0, 1)); err != nil || len(acts) != 0 {
			t.Errorf("acts since the day after: %+v %v", acts, err)
		}
	})
}
