package report

import (
	"cmp"
	"context"
	"io"
	"slices"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// AdvocatesReport is the leaderboard of advocacy: per account, the points
// of its verified acts of the 365 days up to AsOf (crm.AdvocacyPoints:
// a referral or case study 50 … a community post 5), how many acts, and
// whether it was engaged in the last 90 days (a verified act then).
// Unverified acts earn nothing and are only counted. Staff are never on
// it: acts are the customers'.
type AdvocatesReport struct {
	AsOf       string          `json:"as_of"`
	Accounts   []AdvocateScore `json:"accounts"` // by points desc, then the latest act, then id
	Unverified int             `json:"unverified"`

	limit int
}

// AdvocateScore is one account on the leaderboard.
type AdvocateScore struct {
	ID      int64          `json:"id"`
	Name    string         `json:"name"`
	Points  int            `json:"points"`
	Acts    int            `json:"acts"`
	ByKind  map[string]int `json:"by_kind"`
	Engaged bool           `json:"engaged"` // a verified act in the last 90 days
	Last    string         `json:"last"`
}

// Advocates builds the leaderboard as of AsOf.
func Advocates(ctx context.Context, st *store.Store, p Params) (*AdvocatesReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	acts, err := st.AdvocacyActs(ctx, 0, s.asOf.AddDate(-1, 0, 0))
	if err != nil {
		return nil, err
	}
	ids := []int64{}
	for _, a := range acts {
		ids = append(ids, a.AccountID)
	}
	names, err := st.AccountNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	r := ScoreAdvocates(acts, names, s.asOf)
	r.limit = s.limit
	return r, nil
}

// ScoreAdvocates sums acts (named by names) as of asOf.
func ScoreAdvocates(acts []crm.AdvocacyAct, names map[int64]string, asOf time.Time) *AdvocatesReport {
	r := &AdvocatesReport{AsOf: day(asOf), Accounts: []AdvocateScore{}, limit: DefaultLimit}
	by := map[int64]*AdvocateScore{}
	for _, a := range acts {
		age := daysBetween(a.On, asOf)
		if age < 0 || age >= 365 {
			continue
		}
		if !a.Verified() {
			r.Unverified++
			continue
		}
		sc := by[a.AccountID]
		if sc == nil {
			sc = &AdvocateScore{ID: a.AccountID, Name: names[a.AccountID], ByKind: map[string]int{}}
			by[a.AccountID] = sc
		}
		sc.Points += crm.AdvocacyPoints(a.Kind)
		sc.Acts++
		sc.ByKind[a.Kind]++
		sc.Engaged = sc.Engaged || age < 90
		if d := day(a.On); d > sc.Last {
			sc.Last = d
		}
	}
	for _, sc := range by {
		r.Accounts = append(r.Accounts, *sc)
	}
	slices.SortFunc(r.Accounts, func(a, b AdvocateScore) int {
		return cmp.Or(cmp.Compare(b.Points, a.Points), cmp.Compare(b.Last, a.Last), cmp.Compare(a.ID, b.ID))
	})
	return r
}

// WriteText writes the leaderboard.
func (r *AdvocatesReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Advocates by the points of their verified acts of the last 365 days, as of %s\n\n", r.AsOf)
	if len(r.Accounts) == 0 {
		t.p("No verified advocacy acts yet.\n")
		return t.flush()
	}
	tt := t.table(">ID", "Account", ">Points", ">Acts", "Engaged", "Last")
	n := limited(len(r.Accounts), r.limit)
	for _, a := range r.Accounts[:n] {
		engaged := ""
		if a.Engaged {
			engaged = t.l.Value("yes")
		}
		tt.add(fmtID(a.ID), nameCell(a.Name), t.l.Count(int64(a.Points)), t.l.Count(int64(a.Acts)), engaged, t.l.Dates(a.Last))
	}
	tt.write(t.b)
	t.more(n, len(r.Accounts))
	if r.Unverified > 0 {
		t.p("\nNot yet verified: %s acts\n", t.l.Count(int64(r.Unverified)))
	}
	return t.flush()
}

// WriteCSV writes the leaderboard: id,name,points,acts,engaged,last.
func (r *AdvocatesReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "id", "name", "points", "acts", "engaged", "last")
	for _, a := range r.Accounts {
		engaged := "false"
		if a.Engaged {
			engaged = "true"
		}
		c.row(fmtID(a.ID), a.Name, fmtInt(a.Points), fmtInt(a.Acts), engaged, a.Last)
	}
	return c.flush()
}
