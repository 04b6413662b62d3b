package demo

import (
	"errors"
	"fmt"
	"hash"
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
		all.ActivityTouches = append(all.ActivityTouches, b.ActivityTouches...)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return &all
}

// digest hashes every record of a generation, kind by kind, so that it
// does not depend on where the batches end.
func digest(tb testing.TB, cfg Config) [5]uint64 {
	tb.Helper()
	var hs [5]hash.Hash64
	for k := range hs {
		hs[k] = fnv.New64a()
	}
	err := Generate(cfg, func(b *Batch) error {
		for _, r := range b.Accounts {
			fmt.Fprintf(hs[0], "%+v\n", r)
		}
		for _, r := range b.Contacts {
			fmt.Fprintf(hs[1], "%+v\n", r)
		}
		for _, r := range b.Orders {
			fmt.Fprintf(hs[2], "%+v\n", r)
		}
		for _, r := range b.OrderLines {
			fmt.Fprintf(hs[3], "%+v\n", r)
		}
		for _, r := range b.Touchpoints {
			fmt.Fprintf(hs[4], "%+v\n", r)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	var sums [5]uint64
	for k, h := range hs {
		sums[k] = h.Sum64()
	}
	return sums
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
			rev[i] += o.Order.Amount.Float()
		} else {
			past[i] += o.Order.Amount.Float()
		}
		if o.Order.OrderedAt.After(last[i]) {
			last[i] = o.Order.OrderedAt
		}
		st.orderRevenue5y += o.Order.Amount.Float()
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
	if testing.Short() {
		t.Skip("report only")
	}
	for _, n := range []int{500, 5000} {
		cfg := Config{Accounts: n}
		all := collect(t, cfg)
		st := measure(cfg, all)
		t.Logf("N=%d buyers=%d top20=%.3f Crev=%.3f Ceffort=%.3f lapsed=%.3f oneTime=%.3f orders/acct=%.1f lines/order=%.2f tp/acct=%.1f credits=%.3f stale=%.3f left=%.3f referred=%.3f",
			n, st.buyers, st.top20Share, st.cRevenueShare, st.cEffortShare, st.lapsedShare, st.oneTimeShare, st.ordersPerAcct, st.linesPerOrder, st.tpPerAcct, st.creditShare, st.staleContacts, st.leftContacts, st.referredShare)
		t.Logf("sizes %v; effort minutes per 1,000 EUR: %v", st.sizeShare, st.effortPerEUR)
		t.Logf("win-back:\n  %s", strings.Join(st.winBack, "\n  "))
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	cfg := Config{Accounts: 300, Seed: 7}
	a, b := digest(t, cfg), digest(t, cfg)
	if a != b {
		t.Fatalf("two runs differ: %x != %x", a, b)
	}
	if c := digest(t, Config{Accounts: 300, Seed: 7, ChunkAccounts: 17}); c != a {
		t.Errorf("chunk size changes the records: %x != %x", c, a)
	}
	if d := digest(t, Config{Accounts: 300, Seed: 8}); d == a {
		t.Errorf("seeds 7 and 8 give the same records")
	}
}

func TestChunks(t *testing.T) {
	t.Parallel()
	var sizes []int
	err := Generate(Config{Accounts: 1000, ChunkAccounts: 300}, func(b *Batch) error {
		sizes = append(sizes, len(b.Accounts))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sizes, []int{300, 300, 300, 100}) {
		t.Errorf("batch sizes %v, want [300 300 300 100]", sizes)
	}
	stop := errors.New("stop")
	calls := 0
	err = Generate(Config{Accounts: 1000, ChunkAccounts: 300}, func(*Batch) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("emit error: got %v after %d calls", err, calls)
	}
	if err := Generate(Config{Accounts: -1}, func(*Batch) error { return nil }); crm.ErrorCode(err) != crm.EINVALID {
		t.Errorf("negative accounts: got %v, want invalid", err)
	}
}

// TestPareto checks the 80/20 of the last twelve months: the top fifth of the
// buying accounts bring 75–85% of revenue, and the bottom half (the C tier)
// bring little revenue but a large share of the service effort.
func TestPareto(t *testing.T) {
	t.Parallel()
	for seed := int64(1); seed <= 3; seed++ {
		cfg := Config{Accounts: 2000, Seed: seed}
		st := measure(cfg, collect(t, cfg))
		t.Logf("seed %d: top 20%% share %.3f, C-tier revenue %.3f, C-tier effort %.3f", seed, st.top20Share, st.cRevenueShare, st.cEffortShare)
		if st.top20Share < 0.75 || st.top20Share > 0.85 {
			t.Errorf("seed %d: top 20%% bring %.3f of revenue, want 0.75–0.85", seed, st.top20Share)
		}
		if st.cRevenueShare > 0.08 {
			t.Errorf("seed %d: C tier brings %.3f of revenue, want ≤ 0.08", seed, st.cRevenueShare)
		}
		if st.cEffortShare < 0.40 || st.cEffortShare > 0.60 {
			t.Errorf("seed %d: C tier takes %.3f of effort, want 0.40–0.60", seed, st.cEffortShare)
		}
		if s, e := st.effortPerEUR["Small"], st.effortPerEUR["Enterprise"]; s < 5*e {
			t.Errorf("seed %d: small accounts take %.1f minutes per 1,000 EUR, enterprise %.1f; want small ≥ 5× enterprise", seed, s, e)
		}
	}
}

func TestShape(t *testing.T) {
	t.Parallel()
	cfg := Config{Accounts: 2000}
	all := collect(t, cfg)
	st := measure(cfg, all)
	check := func(name string, got, lo, hi float64) {
		t.Helper()
		if got < lo || got > hi {
			t.Errorf("%s = %.3f, want %.3f–%.3f", name, got, lo, hi)
		}
	}
	check("lapsed share", st.lapsedShare, 0.15, 0.20)
	check("one-time buyers", st.oneTimeShare, 0.05, 0.15)
	check("orders per account", st.ordersPerAcct, 20, 30)
	check("lines per order", st.linesPerOrder, 1.5, 3.5)
	check("credit share", st.creditShare, 0.01, 0.03)
	check("stale contacts", st.staleContacts, 0.10, 0.35)
	check("contacts who left", st.leftContacts, 0.05, 0.15)
	check("referred accounts", st.referredShare, 0.06, 0.10)
	check("small accounts", st.sizeShare["Small"], 0.45, 0.65)
	check("enterprise accounts", st.sizeShare["Enterprise"], 0.02, 0.06)

	// The win-back list opens with accounts that once bought a lot.
	if len(st.winBack) < 5 {
		t.Fatalf("only %d lapsed accounts", len(st.winBack))
	}
	for _, w := range st.winBack[:3] {
		if !strings.Contains(w, "Large") && !strings.Contains(w, "Enterprise") {
			t.Errorf("win-back top 3 holds %s, want large or enterprise accounts", w)
		}
	}

	asOf := DefaultAsOf
	from := asOf.AddDate(-DefaultYears, 0, -1)
	segments, regions, owners, sources := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	preWindow := 0
	for _, a := range all.Accounts {
		segments[a.Account.Segment] = true
		regions[a.Account.Region] = true
		owners[a.Account.Owner] = true
		sources[a.Account.AcquisitionSource] = true
		if a.Account.AcquiredAt.Before(from) {
			preWindow++
		}
		if a.Account.AcquiredAt.After(asOf) || a.Account.Name == "" || a.Account.Domain == "" || a.Account.SizeClass == "" {
			t.Fatalf("incomplete account %+v", a)
		}
		if crm.EmailDomain(a.Email) != a.Account.Domain {
			t.Fatalf("account email %q outside domain %q", a.Email, a.Account.Domain)
		}
	}
	if len(segments) < 8 || len(regions) != 6 || len(owners) < 6 || len(owners) > 8 || len(sources) < 8 {
		t.Errorf("%d segments, %d regions, %d owners, %d sources", len(segments), len(regions), len(owners), len(sources))
	}
	if preWindow == 0 {
		t.Error("no account acquired before the history window")
	}
	for _, o := range all.Orders {
		if o.Order.OrderedAt.Before(from) || o.Order.OrderedAt.After(asOf) {
			t.Fatalf("order %s dated %v, outside the history", o.Order.ExternalID, o.Order.OrderedAt)
		}
		if wd := o.Order.OrderedAt.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Fatalf("order %s on a %v", o.Order.ExternalID, wd)
		}
	}
	for _, tp := range all.Touchpoints {
		if tp.Touchpoint.EffortMinutes <= 0 || tp.Touchpoint.Subject == "" || tp.Touchpoint.Department == "" {
			t.Fatalf("incomplete touchpoint %+v", tp)
		}
		if tp.Touchpoint.OccurredAt.After(asOf) {
			t.Fatalf("touchpoint %s in the future: %v", tp.Touchpoint.ExternalID, tp.Touchpoint.OccurredAt)
		}
	}
}

func TestReferences(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	emails := map[string]bool{}
	orders := map[string]crm.Money{}
	lines := map[string]crm.Money{}
	err := Generate(Config{Accounts: 3000, ChunkAccounts: 700}, func(b *Batch) error {
		for _, a := range b.Accounts {
			if ref := a.ReferredBy.ExternalID; ref != "" && !seen[ref] {
				t.Errorf("%s referred by %s, not an earlier account", a.Account.ExternalID, ref)
			}
			seen[a.Account.ExternalID] = true
		}
		for _, c := range b.Contacts {
			if !seen[c.Account.ExternalID] {
				t.Fatalf("contact %s of unknown account %s", c.Contact.ExternalID, c.Account.ExternalID)
			}
			emails[c.Contact.Identities[0].Value] = true
		}
		for _, o := range b.Orders {
			if !seen[o.Account.ExternalID] {
				t.Fatalf("order %s of unknown account %s", o.Order.ExternalID, o.Account.ExternalID)
			}
			orders[o.Order.ExternalID] = o.Order.Amount
		}
		for _, l := range b.OrderLines {
			if _, ok := orders[l.OrderExternalID]; !ok {
				t.Fatalf("line of unknown order %s", l.OrderExternalID)
			}
			lines[l.OrderExternalID] += l.OrderLine.Amount
			if d := l.OrderLine.Quantity*l.OrderLine.UnitPrice.Float() - l.OrderLine.Amount.Float(); math.Abs(d) > 0.005 {
				t.Fatalf("line %+v: quantity × unit price is off by %.3f", l, d)
			}
		}
		for _, tp := range b.Touchpoints {
			if !seen[tp.Account.ExternalID] {
				t.Fatalf("touchpoint %s of unknown account %s", tp.Touchpoint.ExternalID, tp.Account.ExternalID)
			}
			if e := tp.ContactEmail; e != "" && !emails[e] {
				t.Fatalf("touchpoint %s names unknown contact %s", tp.Touchpoint.ExternalID, e)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, amount := range orders {
		if got := lines[id]; got != amount {
			t.Errorf("order %s: lines sum to %s, order says %s", id, got, amount)
		}
	}
}

func TestUnique(t *testing.T) {
	t.Parallel()
	n := 20000
	if testing.Short() {
		n = 3000
	}
	kinds := map[string]map[string]bool{}
	dup := func(kind, v string) {
		if kinds[kind] == nil {
			kinds[kind] = map[string]bool{}
		}
		if v == "" {
			t.Fatalf("empty %s", kind)
		}
		if kinds[kind][v] {
			t.Fatalf("duplicate %s %q", kind, v)
		}
		kinds[kind][v] = true
	}
	err := Generate(Config{Accounts: n}, func(b *Batch) error {
		for _, a := range b.Accounts {
			dup("account id", a.Account.ExternalID)
			dup("account name", a.Account.Name)
			dup("normalised name", crm.NormalizeName(a.Account.Name))
			dup("domain", a.Account.Domain)
		}
		for _, c := range b.Contacts {
			dup("contact id", c.Contact.ExternalID)
			for _, id := range c.Contact.Identities {
				dup(id.Kind, id.Value)
			}
		}
		for _, o := range b.Orders {
			dup("invoice", o.Order.ExternalID)
		}
		for _, tp := range b.Touchpoints {
			dup("touchpoint id", tp.Touchpoint.ExternalID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestProducts(t *testing.T) {
	t.Parallel()
	ps := Products()
	if len(ps) < 25 || len(ps) > 40 {
		t.Errorf("%d products, want 25–40", len(ps))
	}
	skus := map[string]bool{}
	for i, p := range ps {
		if m := 1 - p.UnitCost.Float()/p.Price.Float(); m < 0.2 || m > 0.7 || !p.HasCost {
			t.Errorf("%s: margin %.2f", p.SKU, m)
		}
		if skus[p.SKU] {
			t.Errorf("duplicate SKU %s", p.SKU)
		}
		skus[p.SKU] = true
		if i > 0 && p.Price < ps[i-1].Price {
			t.Errorf("%s out of price order", p.SKU)
		}
	}
}

// TestThousand generates 1,000 accounts and checks the volume, without
// timing.
func TestThousand(t *testing.T) {
	t.Parallel()
	var accounts, orders int
	err := Generate(Config{Accounts: 1000}, func(b *Batch) error {
		accounts += len(b.Accounts)
		orders += len(b.Orders)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if accounts != 1000 || orders < 15000 || orders > 35000 {
		t.Errorf("%d accounts, %d orders", accounts, orders)
	}
}
