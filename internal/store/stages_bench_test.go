package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// BenchmarkSaveStageTransitions measures keeping the stages of 100,000
// accounts (three transitions each): written into an empty table (first),
// and again with 1% of the accounts moved (changed: what the figures'
// refresh writes after a day's orders).
func BenchmarkSaveStageTransitions(b *testing.B) {
	const accounts = 100_000
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			dsn := filepath.Join(b.TempDir(), "bench.db")
			if db == "postgres" {
				dsn = MustPostgres(b)
			}
			st := MustOpen(b, dsn)
			op := crm.WithActor(context.Background(), crm.Operator)
			recs := make([]crm.AccountRecord, accounts)
			for i := range recs {
				recs[i] = crm.AccountRecord{Line: i + 2, Account: crm.Account{ExternalID: fmt.Sprintf("A%06d", i), Name: fmt.Sprintf("Account %d", i)}}
			}
			if _, err := st.ImportAccounts(op, recs, crm.ImportOptions{}); err != nil {
				b.Fatal(err)
			}
			dir, err := st.Directory(op)
			if err != nil {
				b.Fatal(err)
			}
			day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
			ts := func(moved int) []crm.StageTransition {
				out := make([]crm.StageTransition, 0, 3*len(dir))
				for i, d := range dir {
					on := day.AddDate(0, 0, i%700)
					out = append(out, crm.StageTransition{AccountID: d.ID, Stage: "customer", On: on, Reason: "first order"},
						crm.StageTransition{AccountID: d.ID, Stage: "repeat", On: on.AddDate(0, 2, 0), Reason: "a second order on another day"})
					if i%100 < moved {
						out = append(out, crm.StageTransition{AccountID: d.ID, Stage: "loyal", On: on.AddDate(1, 0, 0), Reason: "orders in each of the last four quarters"})
					} else {
						out = append(out, crm.StageTransition{AccountID: d.ID, Stage: "lapsed", On: on.AddDate(2, 0, 0), Reason: "no order for more than the lapsed span"})
					}
				}
				return out
			}
			sys := crm.WithActor(context.Background(), crm.System)
			first, moved := ts(0), ts(1)
			b.Run("first", func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					if err := st.SaveStageTransitions(sys, nil); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					if err := st.SaveStageTransitions(sys, first); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("changed", func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					if err := st.SaveStageTransitions(sys, first); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					if err := st.SaveStageTransitions(sys, moved); err != nil {
						b.Fatal(err)
					}
				}
			})
			if got, err := st.StageTransitions(sys, 0, time.Time{}); err != nil || len(got) != len(moved) {
				b.Fatalf("%d stored, %v", len(got), err)
			}
		})
	}
}
