package report

import (
	"cmp"
	"context"
	"io"
	"slices"
	"time"

	"github.com/vitalfew/vitalfew/internal/store"
)

// GroupsReport is the user groups as of AsOf: the active contacts across
// accounts grouped by a product their account bought, its region and its
// industry; per group its contacts and accounts, the accounts' furthest
// stage of the funnel (prospect: no order yet), and the portal's events
// its members registered for and attended.
type GroupsReport struct {
	AsOf     string      `json:"as_of"`
	Kinds    []string    `json:"kinds"`    // what groups: product, region, industry
	Contacts int         `json:"contacts"` // the active contacts, in a group or not
	Groups   []UserGroup `json:"groups"`   // by kind (product, region, industry), contacts (most first), value

	limit int
}

// UserGroup is one group.
type UserGroup struct {
	Kind     string         `json:"kind"` // product, region or industry
	Value    string         `json:"value"`
	Contacts int            `json:"contacts"`
	Accounts int            `json:"accounts"`
	Stages   map[string]int `json:"stages"` // accounts per furthest stage: prospect, customer, repeat, loyal, advocate
	// Registered and Attended count the members' registrations for the
	// portal's events and those attended.
	Registered int          `json:"registered"`
	Attended   int          `json:"attended"`
	Events     []GroupEvent `json:"events"` // by start
	// Members are the group's contacts, by account and contact, when
	// asked for (GroupOf; the group page lists them; not in the JSON).
	Members []GroupMember `json:"-"`
}

// GroupEvent is an event of the portal the group's members registered for.
type GroupEvent struct {
	ID         int64  `json:"id"`
	Title      string `json:"title"`
	Starts     string `json:"starts"`
	Registered int    `json:"registered"`
	Attended   int    `json:"attended"`
}

// GroupMember is a contact of a group.
type GroupMember struct {
	ContactID  int64  `json:"contact_id"`
	Name       string `json:"name"`
	AccountID  int64  `json:"account_id"`
	Account    string `json:"account"`
	Stage      string `json:"stage"`
	Registered int    `json:"registered"`
	Attended   int    `json:"attended"`
}

// GroupKinds are what groups contacts, in order.
var GroupKinds = []string{"product", "region", "industry"}

// Groups works out the user groups as of the as-of day.
func Groups(ctx context.Context, st *store.Store, p Params) (*GroupsReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	in, err := loadFunnelInputs(ctx, st, s.asOf)
	if err != nil {
		return nil, err
	}
	contacts, err := st.GroupContacts(ctx)
	if err != nil {
		return nil, err
	}
	products, err := st.AccountProducts(ctx)
	if err != nil {
		return nil, err
	}
	att, err := st.EventAttendance(ctx)
	if err != nil {
		return nil, err
	}
	stages := accountStages(in.hist, in.log, in.refs, in.acts, s.asOf)
	r := GroupUsers(contacts, products, att, stages, s.asOf, p.groupMembers)
	r.limit = s.limit
	return r, nil
}

// GroupOf works out the user group kind/value with its members; ok is
// false when there is no such group (or none the reader may see).
func GroupOf(ctx context.Context, st *store.Store, p Params, kind, value string) (g UserGroup, ok bool, err error) {
	p.groupMembers = func(k, v string) bool { return k == kind && v == value }
	r, err := Groups(ctx, st, p)
	if err != nil {
		return g, false, err
	}
	g, ok = r.Group(kind, value)
	return g, ok, nil
}

// GroupUsers groups contacts by their accounts' products, region and
// industry (empty values make no group), with their accounts' stages and
// the registrations att of events that started by asOf; the members are
// kept of the groups members says (none when nil: a contact is in many
// groups, and the list needs only the counts).
func GroupUsers(contacts []store.GroupContact, products []store.AccountProduct, att []store.Attendance, stages map[int64]string, asOf time.Time, members func(kind, value string) bool) *GroupsReport {
	r := &GroupsReport{AsOf: day(asOf), Kinds: GroupKinds, Contacts: len(contacts), Groups: []UserGroup{}, limit: DefaultLimit}
	bought := map[int64][]string{}
	for _, p := range products {
		bought[p.AccountID] = append(bought[p.AccountID], p.Product)
	}
	regs := map[int64][]store.Attendance{}
	for _, a := range att {
		if !a.StartsAt.After(asOf.AddDate(0, 0, 1)) {
			regs[a.ContactID] = append(regs[a.ContactID], a)
		}
	}
	type key struct{ kind, value string }
	groups := map[key]*UserGroup{}
	accounts := map[key]map[int64]bool{}
	events := map[key]map[int64]*GroupEvent{}
	for _, c := range contacts {
		stage := stages[c.AccountID]
		if stage == "" {
			stage = "prospect"
		}
		m := GroupMember{ContactID: c.ContactID, Name: c.Name, AccountID: c.AccountID, Account: c.Account, Stage: stage}
		for _, a := range regs[c.ContactID] {
			m.Registered++
			if a.Attended {
				m.Attended++
			}
		}
		var keys []key
		for _, p := range bought[c.AccountID] {
			keys = append(keys, key{"product", p})
		}
		if c.Region != "" {
			keys = append(keys, key{"region", c.Region})
		}
		if c.Industry != "" {
			keys = append(keys, key{"industry", c.Industry})
		}
		for _, k := range keys {
			g := groups[k]
			if g == nil {
				g = &UserGroup{Kind: k.kind, Value: k.value, Stages: map[string]int{}}
				groups[k], accounts[k], events[k] = g, map[int64]bool{}, map[int64]*GroupEvent{}
			}
			g.Contacts++
			if members != nil && members(k.kind, k.value) {
				g.Members = append(g.Members, m)
			}
			if !accounts[k][c.AccountID] {
				accounts[k][c.AccountID] = true
				g.Accounts++
				g.Stages[stage]++
			}
			g.Registered += m.Registered
			g.Attended += m.Attended
			for _, a := range regs[c.ContactID] {
				e := events[k][a.EventID]
				if e == nil {
					e = &GroupEvent{ID: a.EventID, Title: a.Event, Starts: a.StartsAt.Format(time.DateOnly)}
					events[k][a.EventID] = e
				}
				e.Registered++
				if a.Attended {
					e.Attended++
				}
			}
		}
	}
	for k, g := range groups {
		g.Events = []GroupEvent{}
		for _, e := range events[k] {
			g.Events = append(g.Events, *e)
		}
		slices.SortFunc(g.Events, func(a, b GroupEvent) int { return cmp.Or(cmp.Compare(a.Starts, b.Starts), cmp.Compare(a.ID, b.ID)) })
		slices.SortFunc(g.Members, func(a, b GroupMember) int {
			return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.AccountID, b.AccountID), cmp.Compare(a.ContactID, b.ContactID))
		})
		r.Groups = append(r.Groups, *g)
	}
	slices.SortFunc(r.Groups, func(a, b UserGroup) int {
		return cmp.Or(cmp.Compare(slices.Index(GroupKinds, a.Kind), slices.Index(GroupKinds, b.Kind)), cmp.Compare(b.Contacts, a.Contacts), cmp.Compare(a.Value, b.Value))
	})
	return r
}

// Group returns the group kind/value; ok is false when there is none.
func (r *GroupsReport) Group(kind, value string) (UserGroup, bool) {
	for _, g := range r.Groups {
		if g.Kind == kind && g.Value == value {
			return g, true
		}
	}
	return UserGroup{}, false
}

// WriteText writes the groups.
func (r *GroupsReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("User groups by product, region and industry, as of %s\n\n", r.AsOf)
	if len(r.Groups) == 0 {
		t.p("No active contacts at accounts with a product, a region or an industry.\n")
		return t.flush()
	}
	tt := t.table("Kind", "Group", ">Contacts", ">Accounts", ">With orders", ">Advocates", ">Registered", ">Attended")
	n := limited(len(r.Groups), r.limit)
	for _, g := range r.Groups[:n] {
		customers := g.Accounts - g.Stages["prospect"]
		tt.add(t.l.Value(g.Kind), nameCell(g.Value), t.l.Count(int64(g.Contacts)), t.l.Count(int64(g.Accounts)), t.l.Count(int64(customers)),
			t.l.Count(int64(g.Stages["advocate"])), t.l.Count(int64(g.Registered)), t.l.Count(int64(g.Attended)))
	}
	tt.write(t.b)
	t.more(n, len(r.Groups))
	return t.flush()
}

// WriteCSV writes the groups:
// kind,value,contacts,accounts,prospect,customer,repeat,loyal,advocate,registered,attended.
func (r *GroupsReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "kind", "value", "contacts", "accounts", "prospect", "customer", "repeat", "loyal", "advocate", "registered", "attended")
	for _, g := range r.Groups {
		c.row(g.Kind, g.Value, fmtInt(g.Contacts), fmtInt(g.Accounts), fmtInt(g.Stages["prospect"]), fmtInt(g.Stages["customer"]), fmtInt(g.Stages["repeat"]),
			fmtInt(g.Stages["loyal"]), fmtInt(g.Stages["advocate"]), fmtInt(g.Registered), fmtInt(g.Attended))
	}
	return c.flush()
}
