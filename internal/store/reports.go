package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The queries behind the reports: heavy aggregation runs in the database and
// returns one small row per account; internal/report does the math.

// AccountCost is what one account brought and cost in a window.
type AccountCost struct {
	ID            int64
	Name          string
	Revenue       crm.Money // net order amounts
	Orders        int       // orders in the window
	LineRevenue   crm.Money // revenue of order lines whose product has a unit cost
	COGS          float64   // quantity × unit cost over those lines, in units (not rounded to the cent)
	EffortMinutes float64   // service effort from touchpoints
	Touchpoints   int
}

// CostToServe returns, for every account in the scope of the actor in ctx
// with orders or touchpoints in the window, its revenue, product costs and
// service effort.
func (s *Store) CostToServe(ctx context.Context, since, until time.Time) ([]AccountCost, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	from, to := s.date(since), s.date(until)
	byID := map[int64]*AccountCost{}
	get := func(id int64) *AccountCost {
		c, ok := byID[id]
		if !ok {
			c = &AccountCost{ID: id}
			byID[id] = c
		}
		return c
	}
	// Each query reads one covering index: orders_account_date,
	// order_lines_account (order_lines carries the order date) and
	// touchpoints_account_date.
	type sums struct {
		id    int64
		money crm.Money
		f     float64
		n     int
	}
	q := func(query, col string, scan func(*sql.Rows, *sums) error) ([]sums, error) {
		cond, args := s.scopeSQL(sc, col, 5)
		return byAccountRanges(ctx, s, "cost to serve", strings.Replace(query, "SCOPE", cond, 1), append([]any{from, to}, args...), func(r *sql.Rows) (sums, error) {
			var x sums
			return x, scan(r, &x)
		})
	}
	money := func(r *sql.Rows, x *sums) error { return r.Scan(&x.id, &x.money, &x.n) }
	orders, err := q(`SELECT account_id, SUM(amount_cents), COUNT(*) FROM orders
		WHERE account_id BETWEEN $1 AND $2 AND ordered_at >= $3 AND ordered_at <= $4 AND SCOPE GROUP BY account_id`, "account_id", money)
	if err != nil {
		return nil, err
	}
	for _, x := range orders {
		c := get(x.id)
		c.Revenue, c.Orders = x.money, x.n
	}
	lines, err := q(`SELECT l.account_id, SUM(l.amount_cents), SUM(l.quantity * p.unit_cost_cents) FROM order_lines l JOIN products p ON p.id = l.product_id
		WHERE l.account_id BETWEEN $1 AND $2 AND l.ordered_at >= $3 AND l.ordered_at <= $4 AND p.unit_cost_cents IS NOT NULL AND SCOPE GROUP BY l.account_id`,
		"l.account_id", func(r *sql.Rows, x *sums) error { return r.Scan(&x.id, &x.money, &x.f) })
	if err != nil {
		return nil, err
	}
	for _, x := range lines {
		c := get(x.id)
		c.LineRevenue, c.COGS = x.money, x.f/100
	}
	effort, err := q(`SELECT account_id, SUM(effort_minutes), COUNT(*) FROM touchpoints
		WHERE account_id BETWEEN $1 AND $2 AND occurred_at >= $3 AND occurred_at <= $4 AND SCOPE GROUP BY account_id`,
		"account_id", func(r *sql.Rows, x *sums) error { return r.Scan(&x.id, &x.f, &x.n) })
	if err != nil {
		return nil, err
	}
	for _, x := range effort {
		c := get(x.id)
		c.EffortMinutes, c.Touchpoints = x.f, x.n
	}
	if err := s.fillNames(ctx, byID); err != nil {
		return nil, err
	}
	out := make([]AccountCost, 0, len(byID))
	for _, c := range byID {
		out = append(out, *c)
	}
	sortByID(out, func(c AccountCost) int64 { return c.ID })
	return out, nil
}

func (s *Store) fillNames(ctx context.Context, byID map[int64]*AccountCost) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name FROM accounts`)
	if err != nil {
		return fmt.Errorf("store: account names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		if c, ok := byID[id]; ok {
			c.Name = name
		}
	}
	return rows.Err()
}

// ProductUse is how much of one product one account bought.
type ProductUse struct {
	AccountID int64
	Product   string // products of the same name count as one
	Quantity  float64
	Revenue   crm.Money
}

// ProductsBought returns what each account in the scope of the actor in ctx
// bought up to asOf, per product name, in no particular order.
func (s *Store) ProductsBought(ctx context.Context, asOf time.Time) ([]ProductUse, error) {
	sc, err := readScope(ctx)
	if err != nil {
		return nil, err
	}
	products, err := s.productNames(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: products bought: %w", err)
	}
	// order_lines carries the order date and the covering index
	// order_lines_account holds every column read here: one scan of the
	// index, grouped in its order, with no look-up per line.
	cond, args := s.scopeSQL(sc, "account_id", 4)
	uses, err := byAccountRanges(ctx, s, "products bought", `SELECT account_id, product_id, SUM(quantity), SUM(amount_cents)
		FROM order_lines WHERE account_id BETWEEN $1 AND $2 AND ordered_at <= $3 AND `+cond+` GROUP BY account_id, product_id`, append([]any{s.date(asOf)}, args...),
		func(r *sql.Rows) (ProductUse, error) {
			var u ProductUse
			var product int64
			err := r.Scan(&u.AccountID, &product, &u.Quantity, &u.Revenue)
			u.Product = products.name[product]
			return u, err
		})
	if err != nil || !products.shared {
		return uses, err
	}
	// Two products share a name: add up their rows.
	type key struct {
		account int64
		name    string
	}
	seen := map[key]int{}
	out := uses[:0]
	for _, u := range uses {
		k := key{u.AccountID, u.Product}
		if i, ok := seen[k]; ok {
			out[i].Quantity += u.Quantity
			if out[i].Revenue, err = out[i].Revenue.Add(u.Revenue); err != nil {
				return nil, fmt.Errorf("store: products bought: %w", err)
			}
			continue
		}
		seen[k] = len(out)
		out = append(out, u)
	}
	return out, nil
}

type productNames struct {
	name   map[int64]string
	shared bool // some name belongs to more than one product
}

func (s *Store) productNames(ctx context.Context) (productNames, error) {
	p := productNames{name: map[int64]string{}}
	rows, err := s.db.QueryContext(ctx, `SELECT id, name FROM products`)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	names := map[string]bool{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return p, err
		}
		p.name[id] = name
		p.shared = p.shared || names[name]
		names[name] = true
	}
	return p, rows.Err()
}

// Settings returns the cost rates, defaults filled in.
func (s *Store) Settings(ctx context.Context) (crm.Settings, error) {
	st := crm.DefaultSettings()
	rows, err := s.db.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return st, fmt.Errorf("store: settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return st, err
		}
		switch k {
		case "cost_per_service_hour":
			st.CostPerServiceHour, _ = strconv.ParseFloat(v, 64)
		case "cost_per_order":
			st.CostPerOrder, _ = strconv.ParseFloat(v, 64)
		case "currency":
			st.Currency = v
		}
	}
	return st, rows.Err()
}

// SetSetting stores one setting, in the audit log. Admins only (the command
// line acts as admin); unknown keys and bad values are crm.EINVALID.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	switch key {
	case "cost_per_service_hour", "cost_per_order":
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || !(f >= 0) || crm.CheckAmount(f) != nil {
			return crm.Errorf(crm.EINVALID, "%s: want a number from 0 to 1,000,000,000,000, got %q", key, value)
		}
	case "currency":
		value = strings.ToUpper(strings.TrimSpace(value))
		if len(value) != 3 || strings.Trim(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return crm.Errorf(crm.EINVALID, "currency: want a three-letter code such as EUR, got %q", value)
		}
	default:
		if ok, err := checkCareTarget(key, value); !ok {
			return crm.Errorf(crm.EINVALID, "unknown setting %q (known: cost_per_service_hour, cost_per_order, currency, %s)", key, careTargetKeys())
		} else if err != nil {
			return err
		}
	}
	return s.write(ctx, crm.RoleAdmin, "set "+key, func(tx *sql.Tx, a crm.Actor) error {
		var before any
		var old string
		switch err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&old); {
		case err == nil:
			before = map[string]string{key: old}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
			return err
		}
		return audit(ctx, tx, a, "update", "setting", 0, before, map[string]string{key: value})
	})
}

func sortByID[T any](xs []T, id func(T) int64) {
	slices.SortFunc(xs, func(a, b T) int {
		switch ia, ib := id(a), id(b); {
		case ia < ib:
			return -1
		case ia > ib:
			return 1
		}
		return 0
	})
}
