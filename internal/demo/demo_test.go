package demo

import (
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// collect generates cfg and keeps copies of every batch.
func collect(tb testing.TB, cfg Config) *Batch {
	tb.Helper()
	var all Batch
	err := Generate(cfg, func(b *Batch) error {
		all.Accounts = append(all.Accounts, b.Accounts...)
		for _, c := range b.Contacts {
			c.Contact.Identities = slices.Clone(c.Contact.Identities)
			all.Contacts = append(all.Contacts, c)
		}
		all.Orders = append(all.Orders, b.Orders...)
		all.OrderLines = append(all.OrderLines, b.OrderLines...)
		all.Touchpoints = append(all.Touchpoints, b.Touchpoints...)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return &all
}

// digest hashes every record of a generation, batch boundaries included
// only through the records themselves.
func digest(tb testing.TB, cfg Config) uint64 {
	tb.Helper()
	h := fnv.New64a()
	err := Generate(cfg, func(b *Batch) error {
		for _, r := range b.Accounts {
			fmt.Fprintf(h, "%+v\n", r)
		}
		for _, r := range b.Contacts {
			fmt.Fprintf(h, "%+v\n", r)
		}
		for _, r := range b.Orders {
			fmt.Fprintf(h, "%+v\n", r)
		}
		for _, r := range b.OrderLines {
			fmt.Fprintf(h, "%+v\n", r)
		}
		for _, r := range b.Touchpoints {
			fmt.Fprintf(h, "%+v\n", r)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return h.Sum64()
}

// stats are the 80/20 measurements of one data set over the twelve months up
// to AsOf.
type stats struct {
	accounts       int
	buyers         int     // accounts with revenue > 0 in the last 12 months
	top20Share     float64 // revenue share of the top ceil(0.2·buyers)
	cRevenueShare  float64 // revenue share of the bottom half of buyers
	cEffortShare   float64 // their share of the buyers' effort minutes
	lapsedShare    float64 // accounts whose last order is over 2 years old
	oneTimeShare   float64 // accounts with exactly one order
	ordersPerAcct  float64
	linesPerOrder  float64
	tpPerAcct      float64
	creditShare    float64
	staleContacts  float64 // not verified for over a year
	leftContacts   float64
	referredShare  float64
	sizeShare      map[string]float64
	effortPerEUR   map[string]float64 // minutes per 1,000 EUR of 12-month revenue, by size class
	winBack        []string           // lapsed accounts by revenue before they went quiet
	orderRevenue5y float64
}

func measure(cfg Config, all *Batch) stats {
	cfg, _ = cfg.WithDefaults()
	asOf := cfg.AsOf
	from12 := asOf.AddDate(-1, 0, 0)
	from2y := asOf.AddDate(-2, 0, 0)
	idx := make(map[string]int, len(all.Accounts))
	for i, a := range all.Accounts {
		idx[a.Account.ExternalID] = i
	}
	n := len(all.Accounts)
	rev := make([]float64, n)
	past := make([]float64, n)
	effort := make([]float64, n)
	last := make([]time.Time, n)
	count := make([]int, n)
	st := stats{accounts: n, sizeShare: map[string]float64{}, effortPerEUR: map[string]float64{}}
	credits := 0
	for _, o := range all.Orders {
		i := idx[o.Account.ExternalID]
		count[i]++
		if o.Order.Amount < 0 {
			credits++
		}
		if o.Order.OrderedAt.After(from12) {
			rev[i] += o.Order.Amount
		} else {
			past[i] += o.Order.Amount
		}
		if o.Order.OrderedAt.After(last[i]) {
			last[i] = o.Order.OrderedAt
		}
		st.orderRevenue5y += o.Order.Amount
	}
	for _, t := range all.Touchpoints {
		if t.Touchpoint.OccurredAt.After(from12) {
			effort[idx[t.Account.ExternalID]] += t.Touchpoint.EffortMinutes
		}
	}
	var buyers []int
	sizeRev := map[string]float64{}
	sizeEffort := map[string]float64{}
	for i := range n {
		size := all.Accounts[i].Account.SizeClass
		st.sizeShare[size] += 1 / float64(n)
		if rev[i] > 0 {
			buyers = append(buyers, i)
			sizeRev[size] += rev[i]
			sizeEffort[size] += effort[i]
		}
		if count[i] > 0 && last[i].Before(from2y) {
			st.lapsedShare++
		}
		if count[i] == 1 {
			st.oneTimeShare++
		}
		if !all.Accounts[i].ReferredBy.IsZero() {
			st.referredShare++
		}
	}
	for s, r := range sizeRev {
		st.effortPerEUR[s] = sizeEffort[s] / r * 1000
	}
	st.lapsedShare /= float64(n)
	st.oneTimeShare /= float64(n)
	st.referredShare /= float64(n)
	sort.SliceStable(buyers, func(a, b int) bool { return rev[buyers[a]] > rev[buyers[b]] })
	var totalRev, topRev, totalEffort, cRev, cEffort float64
	top := int(math.Ceil(0.2 * float64(len(buyers))))
	for k, i := range buyers {
		totalRev += rev[i]
		totalEffort += effort[i]
		if k < top {
			topRev += rev[i]
		}
		if k >= len(buyers)/2 {
			cRev += rev[i]
			cEffort += effort[i]
		}
	}
	st.buyers = len(buyers)
	st.top20Share = topRev / totalRev
	st.cRevenueShare = cRev / totalRev
	st.cEffortShare = cEffort / totalEffort
	st.ordersPerAcct = float64(len(all.Orders)) / float64(n)
	st.linesPerOrder = float64(len(all.OrderLines)) / float64(len(all.Orders))
	st.tpPerAcct = float64(len(all.Touchpoints)) / float64(n)
	st.creditShare = float64(credits) / float64(len(all.Orders))
	for _, c := range all.Contacts {
		if c.Contact.LastVerifiedAt.Before(asOf.AddDate(-1, 0, 0)) {
			st.staleContacts++
		}
		if c.Contact.Status == crm.ContactLeft {
			st.leftContacts++
		}
	}
	st.staleContacts /= float64(len(all.Contacts))
	st.leftContacts /= float64(len(all.Contacts))
	var lapsed []int
	for i := range n {
		if count[i] > 0 && last[i].Before(from2y) {
			lapsed = append(lapsed, i)
		}
	}
	sort.SliceStable(lapsed, func(a, b int) bool { return past[lapsed[a]] > past[lapsed[b]] })
	for _, i := range lapsed[:min(10, len(lapsed))] {
		a := all.Accounts[i].Account
		st.winBack = append(st.winBack, fmt.Sprintf("%s (%s, %s, %.0f EUR, last %s)", a.Name, a.SizeClass, a.Region, past[i], last[i].Format("2006-01-02")))
	}
	return st
}

func TestReport(t *testing.T) {
	for _, n := range []int{500, 5000} {
		cfg := Config{Accounts: n}
		all := collect(t, cfg)
		st := measure(cfg, all)
		t.Logf("N=%d buyers=%d top20=%.3f Crev=%.3f Ceffort=%.3f lapsed=%.3f oneTime=%.3f orders/acct=%.1f lines/order=%.2f tp/acct=%.1f credits=%.3f stale=%.3f left=%.3f referred=%.3f",
			n, st.buyers, st.top20Share, st.cRevenueShare, st.cEffortShare, st.lapsedShare, st.oneTimeShare, st.ordersPerAcct, st.linesPerOrder, st.tpPerAcct, st.creditShare, st.staleContacts, st.leftContacts, st.referredShare)
		t.Logf("sizes %v effort min per 1000 EUR %v", st.sizeShare, st.effortPerEUR)
		t.Logf("win-back:\n  %s", strings.Join(st.winBack, "\n  "))
		for _, a := range all.Accounts[:5] {
			t.Logf("%+v", a)
		}
	}
}

func TestSeeds(t *testing.T) {
	for seed := int64(1); seed <= 5; seed++ {
		cfg := Config{Accounts: 2000, Seed: seed}
		st := measure(cfg, collect(t, cfg))
		t.Logf("seed=%d top20=%.3f Crev=%.3f Ceffort=%.3f lapsed=%.3f oneTime=%.3f orders/acct=%.1f tp/acct=%.1f", seed, st.top20Share, st.cRevenueShare, st.cEffortShare, st.lapsedShare, st.oneTimeShare, st.ordersPerAcct, st.tpPerAcct)
	}
}
