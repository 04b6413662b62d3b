package analyze

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
	"github.com/vitalfew/vitalfew/internal/analytics/clv"
	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
)

// CLVResult is the customer-base model of `analyze --clv`: the model of
// `report clv` (clv.FitCustomerModel: Pareto/NBD in weeks, or BG/NBD where
// Pareto/NBD has no maximum, and Gamma-Gamma,
// CLV over 36 months at 1% a month, checked on a holdout period) fitted to
// the file's purchases (btyd.Purchases: credits are not purchases) up to
// as_of, and the customers with the highest CLV.
type CLVResult struct {
	// Model is absent when the model cannot be fitted (fewer than
	// clv.MinModelCustomers customers, or no maximum of the likelihood
	// for either purchase model); Note then says why and the figures are
	// zero. Model.Name says which purchase model the figures come from.
	Model             *clv.ModelFit `json:"model,omitempty"`
	Note              string        `json:"note,omitempty"`
	Customers         int           `json:"customers"`          // customers with a purchase up to as_of
	ExpectedPurchases float64       `json:"expected_purchases"` // next 12 months, all customers
	ExpectedRevenue   float64       `json:"expected_revenue"`   // next 12 months, all customers
	CLV               float64       `json:"clv"`                // sum over customers
	Tiers             []clv.CLVTier `json:"tiers"`              // ABC tiers of the customers ranked by CLV
	Top               []CLVCustomer `json:"top"`                // the TopN customers by CLV, ties by key
}

// CLVCustomer is one customer's forecast.
type CLVCustomer struct {
	ID                string  `json:"id"`             // the customer key, as in Result.Top
	Name              string  `json:"name,omitempty"` // the customer name when a separate id is the key
	PurchaseDays      int     `json:"purchase_days"`
	LastOrder         string  `json:"last_order"` // the last day with an order of amount > 0; "" when none
	PAlive            float64 `json:"p_alive"`
	ExpectedPurchases float64 `json:"expected_purchases"` // next 12 months
	ExpectedSpend     float64 `json:"expected_spend"`     // per purchase
	ExpectedRevenue   float64 `json:"expected_revenue"`   // next 12 months
	CLV               float64 `json:"clv"`                // discounted, clv_months ahead
	Tier              string  `json:"tier"`               // ABC by CLV
}

// orderLog appends the orders of blocks to log, each customer by its
// global index (direct keys first, then interned ones after ndirect).
func orderLog(log []btyd.Txn, blocks [][]txn, ndirect int32) []btyd.Txn {
	for _, b := range blocks {
		for _, t := range b {
			c := t.cust
			if c < 0 {
				c = ndirect + ^c
			}
			log = append(log, btyd.Txn{Customer: c, Day: t.day, Amount: t.amt.Float()})
		}
	}
	return log
}

// customerModel fits the customer-base model to the parts' purchase logs
// (btyd.Purchases, in global index order) and ranks the customers by CLV.
// direct and interned give the last order days.
func customerModel(logs [][]btyd.Txn, direct, interned *agg, g *globalKeys, asOf int32, thresholds []float64) (*CLVResult, error) {
	ndirect := int32(len(direct.c))
	n := 0
	for _, l := range logs {
		n += len(l)
	}
	txns := make([]btyd.Txn, 0, n)
	var cust []int32 // dense index -> global index
	for q, l := range logs {
		for _, t := range l {
			if k := len(cust); k == 0 || cust[k-1] != t.Customer {
				cust = append(cust, t.Customer)
			}
			t.Customer = int32(len(cust) - 1)
			txns = append(txns, t)
		}
		logs[q] = nil
	}
	m, note, err := clv.FitCustomerModel(txns, dayTime(asOf))
	if err != nil {
		return nil, err
	}
	r := &CLVResult{Tiers: []clv.CLVTier{}, Top: []CLVCustomer{}}
	if m == nil {
		r.Note = note
		return r, nil
	}
	r.Model = &m.Fit
	r.Customers = len(m.Scores)
	clvs := make([]float64, 0, len(m.Scores))
	for _, sc := range m.Scores {
		r.ExpectedPurchases += sc.Expected
		r.ExpectedRevenue += sc.Expected * sc.Spend
		r.CLV += sc.CLV
		if sc.CLV > 0 {
			clvs = append(clvs, sc.CLV)
		}
	}
	sortDesc(clvs)
	for _, t := range pareto.Summarize(clvs, thresholds).Tiers {
		r.Tiers = append(r.Tiers, clv.CLVTier{Tier: t.Tier, Customers: t.Customers, CLV: t.Revenue, CLVShare: t.RevenueShare})
	}
	if len(clvs) == 0 {
		return r, nil
	}
	cut := clvs[min(TopN, len(clvs))-1]
	var cand []int // positions in m.Customers
	var cis []int32
	for i, sc := range m.Scores {
		if sc.CLV >= cut {
			cand = append(cand, i)
			cis = append(cis, cust[m.Customers[i].ID])
		}
	}
	keys := g.keysOf(ndirect, cis)
	order := make([]int, len(cand))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(m.Scores[cand[b]].CLV, m.Scores[cand[a]].CLV), compareKeys(keys[a], keys[b]))
	})
	bounds := pareto.TierBounds(clvs, thresholds)
	for rank, o := range order[:min(TopN, len(order))] {
		i := cand[o]
		c, sc := m.Customers[i], m.Scores[i]
		var x *custAgg
		if ci := cis[o]; ci < ndirect {
			x = &direct.c[ci]
		} else {
			x = &interned.c[ci-ndirect]
		}
		lastOrder := ""
		if x.last != -noDay {
			lastOrder = dayString(x.last)
		}
		r.Top = append(r.Top, CLVCustomer{ID: keys[o].id, Name: keys[o].name, PurchaseDays: c.X + 1, LastOrder: lastOrder,
			PAlive: sc.PAlive, ExpectedPurchases: sc.Expected, ExpectedSpend: sc.Spend, ExpectedRevenue: sc.Expected * sc.Spend,
			CLV: sc.CLV, Tier: pareto.TierOf(rank+1, bounds)})
	}
	return r, nil
}

// custKey is a customer's key and name.
type custKey struct {
	id, name string
	num      uint64
	isNum    bool
}

// compareKeys orders keys as Result.Top breaks ties: numeric keys as
// numbers, before non-numeric ones.
func compareKeys(a, b custKey) int {
	switch {
	case a.isNum && b.isNum:
		return cmp.Compare(a.num, b.num)
	case a.isNum != b.isNum:
		if a.isNum {
			return -1
		}
		return 1
	}
	return strings.Compare(a.id, b.id)
}

// keysOf returns the keys (and names) of the customers at the given global
// indexes (direct keys below ndirect, interned ones after).
func (g *globalKeys) keysOf(ndirect int32, cis []int32) []custKey {
	out := make([]custKey, len(cis))
	want := map[int32]int{} // interned index -> position in cis
	for i, ci := range cis {
		if ci < ndirect {
			out[i] = custKey{id: strconv.Itoa(int(ci)), num: uint64(ci), isNum: true}
			continue
		}
		want[ci-ndirect] = i
	}
	if len(want) == 0 {
		return out
	}
	for k, v := range g.dense {
		if i, ok := want[v-1]; ok && v != 0 {
			out[i] = custKey{id: strconv.Itoa(k), num: uint64(k), isNum: true}
		}
	}
	for k, gi := range g.nums {
		if i, ok := want[gi]; ok {
			out[i] = custKey{id: strconv.FormatUint(k, 10), num: k, isNum: true}
		}
	}
	g.text.each(func(idx int32, key []byte) {
		if i, ok := want[g.textBase+idx]; ok {
			out[i] = custKey{id: string(key)}
		}
	})
	if g.names != nil {
		for gi, i := range want {
			out[i].name = strings.Clone(g.names[gi])
		}
	}
	return out
}
