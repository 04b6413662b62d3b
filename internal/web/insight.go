package web

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// insight keeps the figures the pages show (the pareto, cost-to-serve,
// lapsed and stale-contacts reports, the listening overview, the customer
// model, and the account directory joined to them) as a snapshot of the
// data at one set of store.Versions.
//
// Each figure is keyed on the parts of the data it reads, and a refresh
// works out again only those whose parts changed: a note moves the
// touchpoints, so cost-to-serve and stale contacts are worked out again,
// not the customer model, which reads the orders alone. A request never
// waits for a refresh while there are figures to show: it gets the
// newest snapshot, marked stale, and one refresh runs at a time in the
// background, picking up every change made meanwhile. Only the very first
// request waits (Server.Warm spares it at start).
type insight struct {
	st  *store.Store
	log *slog.Logger

	mu       sync.Mutex
	cur      *snapshot     // the newest figures; nil before the first
	running  chan struct{} // closed when the refresh under way ends; nil when none runs
	err      error         // of the last refresh, while no snapshot follows it
	failedAt time.Time     // when a refresh last failed: a new one waits retryAfter
	hold     chan struct{} // when set, a refresh waits for it to close before it works anything out (tests)
}

// retryAfter spaces out refreshes after a failed one.
const retryAfter = 10 * time.Second

// careMaxAge is how old the care queue may get while nothing changes: its
// ages and overdue flags move with the clock.
const careMaxAge = 5 * time.Minute

// current reports whether s is of the data at versions v and its care
// queue's clock is recent.
func (s *snapshot) current(v store.Versions) bool {
	return s.versions == v && time.Since(s.careAt) < careMaxAge
}

// snapshot is the analytics at one data version. Reports are nil when the
// store holds no orders yet.
type snapshot struct {
	versions store.Versions // of the data the figures are of (or newer)
	at       time.Time      // when the refresh that made it ended
	took     time.Duration
	worked   []string // the figures worked out afresh (the rest were kept)

	analysis analysisSettings // of the figures below
	base     *report.Base     // the orders' as-of day, tiers and customer model
	pareto   *report.ParetoReport
	cost     *report.CostReport
	lapsed   *report.LapsedReport
	// lapsedOwners are the owners of the lapsed accounts, for the list's
	// filter: worked out on first use.
	lapsedOwners     []string
	lapsedOwnersOnce sync.Once
	stale            *report.StaleContactsReport
	listening        *report.ListeningOverview // nil without mentions and orders
	unmatched        int                       // mentions matched to no account
	care             *report.CareReport        // the care queue at careAt; nil without mentions and orders
	careAt           time.Time
	// After the sale (/funnel): the funnel, health, segments and the
	// drift of the year of the latest order; nil without orders.
	funnel *report.FunnelReport
	health *report.HealthReport
	rfm    *report.SegmentsReport
	drift  *report.DriftReport
	ideal  *report.IdealReport

	accounts  []accountRow // by id
	byID      map[int64]int
	order     map[string][]int32            // sort key -> indexes into accounts, in that order
	tierOrder map[string]map[string][]int32 // sort key -> tier (A, B, C, none) -> the same, of that tier
	segments  []string
	owners    []string
	statuses  []string

	// charts are the dashboard's charts per language code, each drawn on
	// first use, under chartsMu.
	charts   map[string]*dashboardCharts
	chartsMu sync.Mutex
}

// analysisSettings are the settings the figures' report parameters come
// from (crm.Settings: the window, the tier thresholds, the lapsed span).
type analysisSettings struct {
	windowMonths    int
	tierThresholds  [2]float64
	lapsedAfterDays int
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
}

func newInsight(st *store.Store, log *slog.Logger) *insight {
	return &insight{st: st, log: log}
}

// get returns the newest snapshot, and whether it is of the current data.
// When it is not, a refresh is under way (get starts one if none runs);
// get waits for it only when there is no snapshot at all yet.
func (in *insight) get(ctx context.Context) (snap *snapshot, fresh bool, err error) {
	v, err := in.st.Versions(ctx)
	if err != nil {
		return nil, false, err
	}
	in.mu.Lock()
	cur := in.cur
	if cur != nil && cur.current(v) {
		in.mu.Unlock()
		return cur, true, nil
	}
	if in.running == nil && (cur == nil && in.err == nil || time.Since(in.failedAt) >= retryAfter) {
		in.running = make(chan struct{})
		go in.refresh(in.running)
	}
	done, lastErr := in.running, in.err
	in.mu.Unlock()
	if cur != nil {
		return cur, false, nil
	}
	if done == nil { // the first refresh failed a moment ago
		return nil, false, lastErr
	}
	select {
	case <-done:
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.cur == nil {
		return nil, false, in.err
	}
	return in.cur, in.cur.current(v), nil
}

// refresh works out new snapshots until one is of the current data, then
// closes done. It reads as crm.System: the figures are the whole
// business's, computed once for every user, and pages show each user what
// their scope allows (scope.go).
func (in *insight) refresh(done chan struct{}) {
	ctx := crm.WithActor(context.Background(), crm.System)
	var err error
	for {
		var v store.Versions
		if v, err = in.st.Versions(ctx); err != nil {
			break
		}
		in.mu.Lock()
		prev, hold := in.cur, in.hold
		in.mu.Unlock()
		if hold != nil {
			<-hold
		}
		if prev != nil && prev.current(v) {
			break
		}
		var s *snapshot
		if s, err = in.build(ctx, prev, v); err != nil {
			break
		}
		in.mu.Lock()
		in.cur, in.err = s, nil
		in.mu.Unlock()
	}
	in.mu.Lock()
	if err != nil {
		in.err, in.failedAt = err, time.Now()
		in.log.Error("analytics refresh failed", slog.Any("err", err))
	}
	in.running = nil
	in.mu.Unlock()
	close(done)
}

// build works out the snapshot of versions v, keeping each figure of prev
// whose parts of the data have not changed since.
func (in *insight) build(ctx context.Context, prev *snapshot, v store.Versions) (*snapshot, error) {
	start := time.Now()
	s := &snapshot{versions: v}
	// same reports whether prev's figures of the given parts are current.
	same := func(parts ...func(store.Versions) int64) bool {
		if prev == nil {
			return false
		}
		for _, p := range parts {
			if p(prev.versions) != p(v) {
				return false
			}
		}
		return true
	}
	orders := func(v store.Versions) int64 { return v.Orders }
	accounts := func(v store.Versions) int64 { return v.Accounts }
	contacts := func(v store.Versions) int64 { return v.Contacts }
	touchpoints := func(v store.Versions) int64 { return v.Touchpoints }
	mentions := func(v store.Versions) int64 { return v.Mentions }
	settings := func(v store.Versions) int64 { return v.Settings }
	// work runs one figure's computation, timed and named in the log.
	work := func(name string, fn func() error) error {
		t := time.Now()
		if err := fn(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		s.worked = append(s.worked, name)
		in.log.Debug("analytics figure worked out", slog.String("figure", name), slog.Duration("took", time.Since(t)))
		return nil
	}
	// The analysis settings (window, tier thresholds, lapsed span: what
	// report.Params left zero takes) are a part of every figure but
	// cost-to-serve's own; a change of the cost rates alone keeps the rest.
	set, err := in.st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	s.analysis = analysisSettings{set.WindowMonths, set.TierThresholds, set.LapsedAfterDays}
	sameAnalysis := prev != nil && prev.analysis == s.analysis
	if same(orders) && sameAnalysis {
		s.base = prev.base
	} else if err = work("model", func() (err error) {
		s.base, err = report.NewBase(ctx, in.st, report.Params{})
		if crm.ErrorCode(err) == crm.ENOTFOUND { // no orders yet
			s.base, err = nil, nil
		}
		return err
	}); err != nil {
		return nil, err
	}
	p := report.Params{Base: s.base}
	if s.base != nil {
		if same(orders, accounts) && sameAnalysis {
			s.pareto, s.lapsed = prev.pareto, prev.lapsed
		} else if err = work("pareto", func() (err error) {
			if s.pareto, err = report.Pareto(ctx, in.st, report.Params{}); err != nil { // names of now, not of the base
				return err
			}
			s.lapsed, err = report.Lapsed(ctx, in.st, p)
			return err
		}); err != nil {
			return nil, err
		}
		if same(orders, accounts, touchpoints, settings) {
			s.cost = prev.cost
		} else if err = work("cost-to-serve", func() (err error) {
			s.cost, err = report.CostToServe(ctx, in.st, p)
			return err
		}); err != nil {
			return nil, err
		}
		if same(orders, accounts, contacts) && sameAnalysis {
			s.stale = prev.stale
		} else if err = work("stale-contacts", func() (err error) {
			s.stale, err = report.StaleContacts(ctx, in.st, p)
			return err
		}); err != nil {
			return nil, err
		}
	}
	if same(orders, accounts, contacts, mentions) && sameAnalysis {
		s.listening, s.unmatched = prev.listening, prev.unmatched
	} else if err = work("listening", func() (err error) {
		s.listening, err = report.Listening(ctx, in.st, p)
		if crm.ErrorCode(err) == crm.ENOTFOUND { // no orders, no mentions
			s.listening, err = nil, nil
		}
		if err == nil {
			_, s.unmatched, err = in.st.ListMentions(ctx, store.MentionQuery{Unmatched: true, Kept: true, Limit: 1})
		}
		return err
	}); err != nil {
		return nil, err
	}
	switch {
	case s.base == nil:
	case same(orders, accounts) && sameAnalysis:
		s.funnel, s.rfm, s.drift, s.ideal = prev.funnel, prev.rfm, prev.drift, prev.ideal
	default:
		if err = work("after the sale", func() (err error) {
			s.funnel, s.rfm, s.drift, s.ideal, err = afterTheSale(ctx, in.st, p)
			return err
		}); err != nil {
			return nil, err
		}
	}
	// Health reads the effort (touchpoints, cost rates) and the care queue
	// (mentions) too.
	switch {
	case s.base == nil:
	case same(orders, accounts, touchpoints, mentions, settings) && sameAnalysis:
		s.health = prev.health
	default:
		if err = work("health", func() (err error) {
			s.health, err = report.Health(ctx, in.st, p)
			return err
		}); err != nil {
			return nil, err
		}
	}
	// The stages as dated transitions, kept in the store for Account 360
	// and "who moved": derived again whenever the funnel or health is.
	if s.base != nil && (prev == nil || s.funnel != prev.funnel || s.health != prev.health) {
		if err = work("stages", func() error {
			ts, err := report.StageTransitions(ctx, in.st, p, s.health)
			if err != nil {
				return err
			}
			return in.st.SaveStageTransitions(ctx, ts)
		}); err != nil {
			return nil, err
		}
	}
	users := func(v store.Versions) int64 { return v.Users } // the assignees' names
	if same(orders, accounts, contacts, mentions, settings, users) && time.Since(prev.careAt) < careMaxAge {
		s.care, s.careAt = prev.care, prev.careAt
	} else if err = work("care", func() (err error) {
		s.careAt = time.Now()
		s.care, err = report.CareAt(ctx, in.st, p, s.careAt.UTC(), nil)
		if crm.ErrorCode(err) == crm.ENOTFOUND { // no orders, no mentions
			s.care, err = nil, nil
		}
		return err
	}); err != nil {
		return nil, err
	}
	if same(orders, accounts, touchpoints, settings) {
		s.accounts, s.byID, s.order, s.tierOrder = prev.accounts, prev.byID, prev.order, prev.tierOrder
		s.segments, s.owners, s.statuses = prev.segments, prev.owners, prev.statuses
	} else if err = work("directory", func() error { return in.directory(ctx, s) }); err != nil {
		return nil, err
	}
	s.at = time.Now()
	s.took = s.at.Sub(start)
	in.log.Info("analytics refreshed", slog.String("version", v.String()), slog.Int("accounts", len(s.accounts)),
		slog.Any("worked_out", s.worked), slog.Duration("took", s.took))
	return s, nil
}

// directory joins the account directory to the figures of s and lays out
// the accounts list's orders.
func (in *insight) directory(ctx context.Context, s *snapshot) error {
	dir, err := in.st.Directory(ctx)
	if err != nil {
		return err
	}
	s.accounts = make([]accountRow, len(dir))
	s.byID = make(map[int64]int, len(dir))
	seg, own, sta := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for i, d := range dir {
		s.accounts[i] = accountRow{DirectoryEntry: d}
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
	return nil
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
