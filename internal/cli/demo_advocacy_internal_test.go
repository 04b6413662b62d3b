package cli

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestDemoAdvocacy: the demo's advocacy is nine acts of nine accounts
// (six verified, by someone other than who recorded them), three referral
// codes and the three companies that came in through them (one by the
// public link); a second run changes nothing; the leaderboard counts the
// verified acts and the three unverified.
func TestDemoAdvocacy(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if err := Run(context.Background(), []string{"--db", db, "demo", "--accounts", "400", "--quiet", "--no-serve"},
		func(string) string { return "" }, strings.NewReader(""), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	ctx := operator(context.Background())
	st, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for range 2 {
		if err := demoAdvocacy(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	acts, err := st.AdvocacyActs(ctx, 0, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	verified, accounts := 0, map[int64]bool{}
	for _, a := range acts {
		accounts[a.AccountID] = true
		if a.Verified() {
			verified++
			if a.VerifiedBy == a.RecordedBy {
				t.Errorf("act %d verified by who recorded it", a.ID)
			}
		}
	}
	if len(acts) != 9 || verified != 6 || len(accounts) != 9 {
		t.Errorf("%d acts of %d accounts, %d verified; want 9 of 9, 6", len(acts), len(accounts), verified)
	}
	codes, err := st.ReferralCodes(ctx, 0)
	if err != nil || len(codes) != 3 {
		t.Errorf("codes: %+v %v", codes, err)
	}
	list, err := st.ReferralList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	via := map[string]int{}
	for _, e := range list {
		if e.Code != "" {
			via[e.Via]++
		}
	}
	if via["api"] != 2 || via["link"] != 1 {
		t.Errorf("referred through codes: %v", via)
	}
	rep, err := report.Run(ctx, st, "advocates", report.Params{})
	if err != nil {
		t.Fatal(err)
	}
	if b := rep.(*report.AdvocatesReport); len(b.Accounts) != 6 || b.Unverified != 3 {
		t.Errorf("leaderboard: %d accounts, %d unverified", len(b.Accounts), b.Unverified)
	}
}
