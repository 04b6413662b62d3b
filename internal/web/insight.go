package web

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// insight caches the analytics the pages show (the pareto, cost-to-serve,
// lapsed and stale-contacts reports and the account directory joined to
// them). It is rebuilt when the store's data version changes — after any
// import or write — so it is never stale: a request after a change waits
// for the rebuild, and concurrent requests share one rebuild.
type insight struct {
	st  *store.Store
	log *slog.Logger

	mu      sync.Mutex
	cur     *snapshot
	running map[string]*build
}

type build struct {
	done chan struct{}
	snap *snapshot
	err  error
}

// snapshot is the analytics at one data version. Reports are nil when the
// store holds no orders yet.
type snapshot struct {
	version string
	took    time.Duration
	pareto  *report.ParetoReport
	cost    *report.CostReport
	lapsed  *report.LapsedReport
	stale   *report.StaleContactsReport
	clv     map[int64]float64 // customer lifetime value by account, from the clv report's model; empty without a fit

	accounts  []accountRow // by id
	byID      map[int64]int
	order     map[string][]int32            // sort key -> indexes into accounts, in that order
	tierOrder map[string]map[string][]int32 // sort key -> tier (A, B, C, none) -> the same, of that tier
	segments  []string
	owners    []string
	statuses  []string

	charts     *dashboardCharts // drawn on first use, under chartsOnce
	chartsOnce sync.Once
}

// accountRow is one account of the accounts list: directory fields and the
// window's figures.
type accountRow struct {
	store.DirectoryEntry
	Tier        string // "" when no revenue in the window
	Rank        int    // 0 when no revenue in the window
	Revenue     float64
	Profit      float64
	EffortHours float64
	search      string // folded name and domain
}

func newInsight(st *store.Store, log *slog.Logger) *insight {
	return &insight{st: st, log: log, running: map[string]*build{}}
}

// get returns the snapshot of the current data version.
func (in *insight) get(ctx context.Context) (*snapshot, error) {
	v, err := in.st.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	in.mu.Lock()
	if in.cur != nil && in.cur.version == v {
		cur := in.cur
		in.mu.Unlock()
		return cur, nil
	}
	b, ok := in.running[v]
	if !ok {
		b = &build{done: make(chan struct{})}
		in.running[v] = b
		go func() {
			// The build outlives a cancelled request: others wait for it.
			b.snap, b.err = in.build(context.WithoutCancel(ctx), v)
			in.mu.Lock()
			if b.err == nil && (in.cur == nil || in.cur.version != v) {
				in.cur = b.snap
			}
			delete(in.running, v)
			in.mu.Unlock()
			close(b.done)
		}()
	}
	in.mu.Unlock()
	select {
	case <-b.done:
		return b.snap, b.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (in *insight) build(ctx context.Context, version string) (*snapshot, error) {
	ctx = crm.WithActor(ctx, crm.System) // computed once for every user: pages filter it by scope (scope.go)
	start := time.Now()
	s := &snapshot{version: version}
	var err error
	if s.pareto, err = report.Pareto(ctx, in.st, report.Params{}); err != nil {
		if crm.ErrorCode(err) != crm.ENOTFOUND { // no orders yet
			return nil, err
		}
		s.pareto = nil
	}
	if s.pareto != nil {
		if s.cost, err = report.CostToServe(ctx, in.st, report.Params{}); err != nil {
			return nil, err
		}
		if s.lapsed, err = report.Lapsed(ctx, in.st, report.Params{}); err != nil {
			return nil, err
		}
		if s.stale, err = report.StaleContacts(ctx, in.st, report.Params{}); err != nil {
			return nil, err
		}
		if s.clv, err = report.CLVByAccount(ctx, in.st, time.Time{}); err != nil {
			return nil, err
		}
	}
	dir, err := in.st.Directory(ctx)
	if err != nil {
		return nil, err
	}
	s.accounts = make([]accountRow, len(dir))
	s.byID = make(map[int64]int, len(dir))
	seg, own, sta := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for i, d := range dir {
		s.accounts[i] = accountRow{DirectoryEntry: d, search: strings.ToLower(crm.Fold(d.Name + " " + d.Domain))}
		s.byID[d.ID] = i
		seg[d.Segment], own[d.Owner], sta[d.Status] = true, true, true
	}
	if s.pareto != nil {
		for _, a := range s.pareto.Accounts {
			if i, ok := s.byID[a.ID]; ok {
				r := &s.accounts[i]
				r.Tier, r.Rank, r.Revenue = a.Tier, a.Rank, a.Revenue
			}
		}
		for _, c := range s.cost.Accounts {
			if i, ok := s.byID[c.ID]; ok {
				s.accounts[i].Profit, s.accounts[i].EffortHours = c.Profit, c.EffortHours
			}
		}
	}
	s.segments, s.owners, s.statuses = keys(seg), keys(own), keys(sta)
	s.order = make(map[string][]int32, len(accountSorts))
	s.tierOrder = make(map[string]map[string][]int32, len(accountSorts))
	for _, k := range accountSorts {
		idx := make([]int32, len(s.accounts))
		for i := range idx {
			idx[i] = int32(i)
		}
		slices.SortStableFunc(idx, func(a, b int32) int { return compareAccounts(k, &s.accounts[a], &s.accounts[b]) })
		s.order[k] = idx
		byTier := map[string][]int32{"A": {}, "B": {}, "C": {}, "none": {}}
		for _, i := range idx {
			t := s.accounts[i].Tier
			if t == "" {
				t = "none"
			}
			byTier[t] = append(byTier[t], i)
		}
		s.tierOrder[k] = byTier
	}
	s.took = time.Since(start)
	in.log.Info("analytics refreshed", slog.String("version", version), slog.Int("accounts", len(dir)), slog.Duration("took", s.took))
	return s, nil
}

// keys returns the non-empty keys of m, sorted.
func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		if k != "" {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// account returns the row of account id.
func (s *snapshot) account(id int64) (accountRow, bool) {
	i, ok := s.byID[id]
	if !ok {
		return accountRow{}, false
	}
	return s.accounts[i], true
}

// costOf returns the cost-to-serve row of account id in the window.
func (s *snapshot) costOf(id int64) (report.AccountCost, bool) {
	if s.cost == nil {
		return report.AccountCost{}, false
	}
	for _, c := range s.cost.Accounts {
		if c.ID == id {
			return c, true
		}
	}
	return report.AccountCost{}, false
}
