package report

import (
	"cmp"
	"context"
	"github.com/vitalfew/vitalfew/internal/crm"
	"io"
	"slices"
	"strings"

	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// topProducts is how many products RepeatAccount lists.
const topProducts = 3

// RepeatReport lists the repeat customers: accounts with positive orders on
// at least two distinct days up to AsOf.
type RepeatReport struct {
	AsOf            string  `json:"as_of"`
	CustomersAll    int     `json:"customers_all"`    // accounts with a positive order up to as_of
	RepeatCustomers int     `json:"repeat_customers"` // ... on at least two distinct days
	RepeatShare     float64 `json:"repeat_share"`     // repeat_customers / customers_all
	// RepeatRevenueShare is the repeat customers' lifetime net revenue over
	// that of all customers (0 when that total is not positive).
	RepeatRevenueShare float64         `json:"repeat_revenue_share"`
	Accounts           []RepeatAccount `json:"accounts"` // by revenue desc, ties by id

	limit int
}

// RepeatAccount is one repeat customer, up to as_of.
type RepeatAccount struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Orders     int    `json:"orders"`     // positive invoices
	OrderDays  int    `json:"order_days"` // distinct days with one
	FirstOrder string `json:"first_order"`
	LastOrder  string `json:"last_order"`
	// AvgDaysBetween is the mean gap between order days:
	// (last_order − first_order) / (order_days − 1).
	AvgDaysBetween float64  `json:"avg_days_between"`
	Revenue        float64  `json:"revenue"`      // lifetime net revenue
	TopProducts    []string `json:"top_products"` // up to 3, most revenue first
}

// Repeat builds the repeat-customer report as of AsOf. Since and Until are
// not used.
func Repeat(ctx context.Context, st *store.Store, p Params) (*RepeatReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	hist, err := st.CustomerHistories(ctx, s.asOf)
	if err != nil {
		return nil, err
	}
	uses, err := st.ProductsBought(ctx, s.asOf)
	if err != nil {
		return nil, err
	}
	r := &RepeatReport{AsOf: day(s.asOf), Accounts: []RepeatAccount{}, limit: s.limit}
	var all, rep crm.Money
	repeat := map[int64]bool{}
	for _, h := range hist {
		if h.Orders == 0 {
			continue
		}
		r.CustomersAll++
		if all, err = all.Add(h.Revenue); err != nil {
			return nil, err
		}
		if h.OrderDays < 2 {
			continue
		}
		r.RepeatCustomers++
		if rep, err = rep.Add(h.Revenue); err != nil {
			return nil, err
		}
		repeat[h.ID] = true
		r.Accounts = append(r.Accounts, RepeatAccount{
			ID: h.ID, Name: h.Name, Orders: h.Orders, OrderDays: h.OrderDays,
			FirstOrder: day(h.FirstOrder), LastOrder: day(h.LastOrder),
			AvgDaysBetween: float64(daysBetween(h.FirstOrder, h.LastOrder)) / float64(h.OrderDays-1),
			Revenue:        h.Revenue.Float(),
		})
	}
	r.RepeatShare = share(float64(r.RepeatCustomers), float64(r.CustomersAll))
	if all > 0 {
		r.RepeatRevenueShare = rep.Float() / all.Float()
	}

	products := map[int64][]store.ProductUse{}
	for _, u := range uses {
		if repeat[u.AccountID] && u.Revenue > 0 {
			products[u.AccountID] = append(products[u.AccountID], u)
		}
	}
	for i := range r.Accounts {
		a := &r.Accounts[i]
		ps := products[a.ID]
		// Sorted here, not in SQL, so that ties come out the same on both
		// databases whatever their collation.
		slices.SortFunc(ps, func(x, y store.ProductUse) int {
			return cmp.Or(cmp.Compare(y.Revenue, x.Revenue), strings.Compare(x.Product, y.Product))
		})
		a.TopProducts = []string{}
		for _, u := range ps[:min(len(ps), topProducts)] {
			a.TopProducts = append(a.TopProducts, u.Product)
		}
	}
	slices.SortFunc(r.Accounts, func(a, b RepeatAccount) int { return byRevenueDesc(a.Revenue, b.Revenue, a.ID, b.ID) })
	return r, nil
}

// WriteText writes the headline and the repeat customers.
func (r *RepeatReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Repeat customers (as of %s)\n\n", r.AsOf)
	t.p("%s of %s customers ordered on two or more days (%s); they brought %s of lifetime revenue.\n\n",
		t.l.Count(int64(r.RepeatCustomers)), t.l.Count(int64(r.CustomersAll)), t.l.Percent(r.RepeatShare), t.l.Percent(r.RepeatRevenueShare))
	if len(r.Accounts) == 0 {
		return t.flush()
	}
	n := limited(len(r.Accounts), r.limit)
	tt := t.table("Account", ">Orders", "First order", "Last order", ">Avg days between", ">Revenue", "Top products")
	for _, a := range r.Accounts[:n] {
		tt.add(nameCell(a.Name), t.l.Count(int64(a.Orders)), a.FirstOrder, a.LastOrder,
			t.l.Hours(a.AvgDaysBetween), t.l.Money(a.Revenue), textfmt.Clip(strings.Join(a.TopProducts, ", "), 48))
	}
	tt.write(t.b)
	t.more(n, len(r.Accounts))
	return t.flush()
}

func fmtDays(d float64) string { return textfmt.Hours(d) }

// WriteCSV writes the repeat customers; top_products are joined with "; ".
func (r *RepeatReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "id", "name", "orders", "order_days", "first_order", "last_order", "avg_days_between", "revenue", "top_products")
	for _, a := range r.Accounts {
		c.row(fmtID(a.ID), a.Name, fmtInt(a.Orders), fmtInt(a.OrderDays), a.FirstOrder, a.LastOrder,
			fmtNum(a.AvgDaysBetween), fmtNum(a.Revenue), strings.Join(a.TopProducts, "; "))
	}
	return c.flush()
}
