package report

import (
	"cmp"
	"context"
	"io"
	"math"
	"slices"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// IdealReport describes the ideal customer: what sets the A-tier accounts
// of the window apart from all its customers — each value of segment,
// industry, size, region, acquisition source and "referred" with its lift
// (its share among the A accounts over its share among all customers) —
// and the prospects (no order yet) and young customers (first order in
// the last 365 days, not in tier A) that look most like them. The
// essays' eight questions to identify the target customer, answered from
// the data.
type IdealReport struct {
	AsOf       string           `json:"as_of"`
	Since      string           `json:"since"`
	Until      string           `json:"until"`
	AAccounts  int              `json:"a_accounts"`
	Customers  int              `json:"customers"`
	Attributes []IdealAttribute `json:"attributes"` // by lift desc, then A accounts desc
	Candidates []IdealCandidate `json:"candidates"` // the most alike first, at most 100
	// Premium are the A accounts that paid above list price for the
	// catalogue's products in the window (order lines against the
	// products' list prices), the highest premium first; APriced counts
	// the A accounts with such lines at all.
	Premium []IdealPremium `json:"premium"`
	APriced int            `json:"a_priced"`

	limit int
}

// IdealPremium is an A account that paid above list price.
type IdealPremium struct {
	ID         int64   `json:"id"`
	Name       string  `json:"name"`
	Paid       float64 `json:"paid"`    // its lines of list-priced products
	AtList     float64 `json:"at_list"` // the same at list price
	Premium    float64 `json:"premium"` // paid / at_list − 1
	Lines      int     `json:"lines"`
	LinesAbove int     `json:"lines_above"` // at a unit price above list
}

// PremiumPayers picks the A accounts (tierOf "A") whose paid exceeds the
// list price of what they bought, names by names.
func PremiumPayers(paid []store.PricePaid, tierOf map[int64]string, names map[int64]string) ([]IdealPremium, int) {
	out := []IdealPremium{}
	priced := 0
	for _, p := range paid {
		if tierOf[p.AccountID] != "A" || !(p.ListCents > 0) {
			continue
		}
		priced++
		if float64(p.PaidCents) <= p.ListCents {
			continue
		}
		out = append(out, IdealPremium{ID: p.AccountID, Name: names[p.AccountID], Paid: crm.Money(p.PaidCents).Float(), AtList: math.Round(p.ListCents) / 100,
			Premium: float64(p.PaidCents)/p.ListCents - 1, Lines: p.Lines, LinesAbove: p.LinesAbove})
	}
	slices.SortFunc(out, func(a, b IdealPremium) int { return cmp.Or(cmp.Compare(b.Premium, a.Premium), cmp.Compare(a.ID, b.ID)) })
	return out, priced
}

// IdealAttribute is one value of an account attribute.
type IdealAttribute struct {
	Attribute string  `json:"attribute"` // segment, industry, size_class, region, acquisition_source, referred
	Value     string  `json:"value"`
	AAccounts int     `json:"a_accounts"`
	Accounts  int     `json:"accounts"` // customers of the window with it
	AShare    float64 `json:"a_share"`
	Share     float64 `json:"share"`
	Lift      float64 `json:"lift"`
}

// IdealCandidate is a prospect or young customer and how much it looks
// like the A accounts: the geometric mean of the (smoothed) lifts of its
// known values, 1 being as alike as an average customer.
type IdealCandidate struct {
	ID       int64   `json:"id"`
	Name     string  `json:"name"`
	Kind     string  `json:"kind"` // prospect or young
	Likeness float64 `json:"likeness"`
}

// maxIdealCandidates is how many candidates the report lists.
const maxIdealCandidates = 100

// Ideal builds the ideal-customer report over the window.
func Ideal(ctx context.Context, st *store.Store, p Params) (*IdealReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	tiers, err := tiersOver(ctx, st, s)
	if err != nil {
		return nil, err
	}
	hist, err := st.CustomerHistories(ctx, s.asOf)
	if err != nil {
		return nil, err
	}
	var accounts []crm.Account
	for q := (store.AccountQuery{Limit: store.MaxPageSize}); ; q.Offset += store.MaxPageSize {
		page, total, err := st.ListAccounts(ctx, q)
		if err != nil {
			return nil, err
		}
		accounts = append(accounts, page...)
		if len(page) == 0 || q.Offset+len(page) >= total {
			break
		}
	}
	tierOf := map[int64]string{}
	for _, r := range tiers.Ranked {
		tierOf[r.ID] = r.Tier
	}
	first := map[int64]bool{} // young: first order in the last 365 days
	ordered := map[int64]bool{}
	for _, h := range hist {
		if h.Orders > 0 {
			ordered[h.ID] = true
			first[h.ID] = daysBetween(h.FirstOrder, s.asOf) < 365
		}
	}
	r := DescribeIdeal(accounts, tierOf, ordered, first)
	paid, err := st.PricesPaid(ctx, s.since, s.until)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, a := range accounts {
		names[a.ID] = a.Name
	}
	r.Premium, r.APriced = PremiumPayers(paid, tierOf, names)
	r.AsOf, r.Since, r.Until, r.limit = day(s.asOf), day(s.since), day(s.until), s.limit
	return r, nil
}

// idealValues are an account's values of the attributes.
func idealValues(a crm.Account) [][2]string {
	referred := "no"
	if a.ReferredByID != 0 {
		referred = "yes"
	}
	return [][2]string{{"segment", a.Segment}, {"industry", a.Industry}, {"size_class", a.SizeClass}, {"region", a.Region},
		{"acquisition_source", a.AcquisitionSource}, {"referred", referred}}
}

// DescribeIdeal compares the A accounts (tierOf "A") with all customers
// of the window (any tier) and scores the prospects (not ordered) and
// young customers (young, not A).
func DescribeIdeal(accounts []crm.Account, tierOf map[int64]string, ordered, young map[int64]bool) *IdealReport {
	r := &IdealReport{Attributes: []IdealAttribute{}, Candidates: []IdealCandidate{}, Premium: []IdealPremium{}, limit: DefaultLimit}
	type key [2]string
	a, all := map[key]int{}, map[key]int{}
	for _, acc := range accounts {
		tier, customer := tierOf[acc.ID]
		if !customer {
			continue
		}
		r.Customers++
		if tier == "A" {
			r.AAccounts++
		}
		for _, v := range idealValues(acc) {
			if v[1] == "" {
				continue
			}
			all[v]++
			if tier == "A" {
				a[v]++
			}
		}
	}
	if r.Customers == 0 || r.AAccounts == 0 {
		return r
	}
	lift := func(v key) float64 { // smoothed, for scoring
		return ((float64(a[v]) + 0.5) / (float64(r.AAccounts) + 1)) / ((float64(all[v]) + 0.5) / (float64(r.Customers) + 1))
	}
	for v, n := range all {
		as, sh := share(float64(a[v]), float64(r.AAccounts)), share(float64(n), float64(r.Customers))
		r.Attributes = append(r.Attributes, IdealAttribute{Attribute: v[0], Value: v[1], AAccounts: a[v], Accounts: n, AShare: as, Share: sh, Lift: as / sh})
	}
	slices.SortFunc(r.Attributes, func(x, y IdealAttribute) int {
		return cmp.Or(cmp.Compare(y.Lift, x.Lift), cmp.Compare(y.AAccounts, x.AAccounts), cmp.Compare(x.Attribute, y.Attribute), cmp.Compare(x.Value, y.Value))
	})
	for _, acc := range accounts {
		kind := ""
		switch {
		case !ordered[acc.ID]:
			kind = "prospect"
		case young[acc.ID] && tierOf[acc.ID] != "A":
			kind = "young"
		default:
			continue
		}
		var logSum float64
		n := 0
		for _, v := range idealValues(acc) {
			if v[1] == "" || all[v] == 0 {
				continue // a value no customer has says nothing
			}
			logSum += math.Log(lift(v))
			n++
		}
		if n == 0 {
			continue
		}
		r.Candidates = append(r.Candidates, IdealCandidate{ID: acc.ID, Name: acc.Name, Kind: kind, Likeness: math.Exp(logSum / float64(n))})
	}
	slices.SortFunc(r.Candidates, func(x, y IdealCandidate) int {
		return cmp.Or(cmp.Compare(y.Likeness, x.Likeness), cmp.Compare(x.ID, y.ID))
	})
	if len(r.Candidates) > maxIdealCandidates {
		r.Candidates = r.Candidates[:maxIdealCandidates]
	}
	return r
}

// WriteText writes what sets the A accounts apart and the most alike
// candidates.
func (r *IdealReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("The ideal customer %s .. %s (as of %s): %s A accounts of %s customers\n\n", r.Since, r.Until, r.AsOf,
		t.l.Count(int64(r.AAccounts)), t.l.Count(int64(r.Customers)))
	tt := t.table("Attribute", "Value", ">A accounts", ">% of A", ">% of all", ">Lift")
	n := limited(len(r.Attributes), r.limit)
	for _, a := range r.Attributes[:n] {
		tt.add(t.l.Value(a.Attribute), nameCell(t.l.Value(a.Value)), t.l.Count(int64(a.AAccounts)), t.l.Percent(a.AShare), t.l.Percent(a.Share), t.l.Num(fmtNum(math.Round(a.Lift*100)/100)))
	}
	tt.write(t.b)
	t.more(n, len(r.Attributes))
	if r.APriced > 0 {
		t.p("\nA accounts paying above list price: %s of %s\n", t.l.Count(int64(len(r.Premium))), t.l.Count(int64(r.APriced)))
		if len(r.Premium) > 0 {
			t.p("\n")
			pt := t.table(">ID", "Account", ">Paid", ">At list price", ">Premium")
			k := limited(len(r.Premium), r.limit)
			for _, p := range r.Premium[:k] {
				pt.add(fmtID(p.ID), nameCell(p.Name), t.l.Money(p.Paid), t.l.Money(p.AtList), t.l.Percent(p.Premium))
			}
			pt.write(t.b)
			t.more(k, len(r.Premium))
		}
	}
	if len(r.Candidates) == 0 {
		return t.flush()
	}
	t.p("\nProspects and young customers most like them\n\n")
	ct := t.table(">ID", "Account", "Kind", ">Likeness")
	m := limited(len(r.Candidates), r.limit)
	for _, c := range r.Candidates[:m] {
		ct.add(fmtID(c.ID), nameCell(c.Name), t.l.Value(c.Kind), t.l.Num(fmtNum(math.Round(c.Likeness*100)/100)))
	}
	ct.write(t.b)
	t.more(m, len(r.Candidates))
	return t.flush()
}

// WriteCSV writes the attributes: attribute,value,a_accounts,accounts,
// a_share,share,lift.
func (r *IdealReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "attribute", "value", "a_accounts", "accounts", "a_share", "share", "lift")
	for _, a := range r.Attributes {
		c.row(a.Attribute, a.Value, fmtInt(a.AAccounts), fmtInt(a.Accounts), fmtNum(a.AShare), fmtNum(a.Share), fmtNum(a.Lift))
	}
	return c.flush()
}
