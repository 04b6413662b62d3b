package report_test

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkShareOfVoice is `vitalfew report share-of-voice` on SQLite over
// 1,000,000 mentions of the last year (a third matched to 20,000 accounts
// with a year of orders, the rest unmatched, 300,000 distinct authors).
// Setup writes the data with pre-scored sentiment; only the report is
// timed. Reported: wall and CPU seconds per report.
func BenchmarkShareOfVoice(b *testing.B) {
	const accounts, mentions = 20_000, 1_000_000
	ctx := crm.WithActor(context.Background(), crm.Operator)
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "sov.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	as := make([]crm.AccountRecord, accounts)
	for i := range as {
		as[i] = crm.AccountRecord{Line: i + 2, Account: crm.Account{ExternalID: "K" + strconv.Itoa(i), Name: "Firma " + strconv.Itoa(i),
			Domain: "firma" + strconv.Itoa(i) + ".example"}}
	}
	if _, err := st.ImportAccounts(crm.WithActor(ctx, crm.Operator), as, crm.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	end := time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
	orders := make([]crm.OrderRecord, 0, 5*accounts)
	for i := range accounts {
		for k := range 5 {
			orders = append(orders, crm.OrderRecord{Line: len(orders) + 2, Account: crm.AccountRef{ExternalID: "K" + strconv.Itoa(i)},
				Order: crm.Order{ExternalID: "R" + strconv.Itoa(i) + "-" + strconv.Itoa(k), OrderedAt: end.AddDate(0, 0, -r.IntN(360)),
					Amount: crm.Money(10000 * (1 + r.IntN(1000)) / (1 + i%50))}})
		}
	}
	if _, err := st.ImportOrders(crm.WithActor(ctx, crm.Operator), orders, crm.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	recs := make([]crm.MentionRecord, mentions)
	for i := range recs {
		c := r.Float64()*2 - 1
		label := "neutral"
		if c >= 0.05 {
			label = "positive"
		} else if c <= -0.05 {
			label = "negative"
		}
		m := crm.Mention{Platform: "x", ExternalID: "m" + strconv.Itoa(i), AuthorHandle: "u" + strconv.Itoa(r.IntN(300_000)),
			Text: "Delivery late again, really frustrating!", PostedAt: end.Add(-time.Duration(r.Int64N(int64(360 * 24 * time.Hour)))),
			Lang: "en", Compound: c, Label: label, Intensity: r.Float64()}
		if i%3 == 0 { // matched by a domain named in the text
			m.Text += " firma" + strconv.Itoa(r.IntN(accounts)) + ".example"
		}
		recs[i] = crm.MentionRecord{Line: i + 2, Mention: m}
	}
	if _, err := st.ImportMentions(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	var rep *report.ShareOfVoiceReport
	var cpu time.Duration
	b.ResetTimer()
	for range b.N {
		c0 := cpuNow()
		rep, err = report.ShareOfVoice(ctx, st, report.Params{})
		cpu += cpuNow() - c0
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if unknown := rep.Tiers[len(rep.Tiers)-1]; rep.Mentions != mentions || unknown.Mentions != mentions-(mentions+2)/3 {
		b.Fatalf("%d mentions in the report, %d unmatched; want %d, %d", rep.Mentions, unknown.Mentions, mentions, mentions-(mentions+2)/3)
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}
