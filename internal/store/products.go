package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

func productKey(sku, name string) string {
	if sku = strings.TrimSpace(sku); sku != "" {
		return sku
	}
	return "name:" + crm.NormalizeName(name)
}

func (s *Store) loadProducts(ctx context.Context, q querier) (map[string]*crm.Product, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, sku, name, price_cents, unit_cost_cents FROM products`)
	if err != nil {
		return nil, fmt.Errorf("store: products: %w", err)
	}
	defer rows.Close()
	out := map[string]*crm.Product{}
	for rows.Next() {
		p := new(crm.Product)
		var cost sql.NullInt64
		if err := rows.Scan(&p.ID, &p.SKU, &p.Name, &p.Price, &cost); err != nil {
			return nil, fmt.Errorf("store: products: %w", err)
		}
		p.UnitCost, p.HasCost = crm.Money(cost.Int64), cost.Valid
		out[p.SKU] = p
	}
	return out, rows.Err()
}

// product finds or creates the product a line names and applies the line's
// name, price and unit cost to it when they are new.
func (s *Store) product(ctx context.Context, q querier, products map[string]*crm.Product, r *crm.OrderLineRecord) (*crm.Product, error) {
	key := productKey(r.SKU, r.ProductName)
	p, ok := products[key]
	if !ok {
		p = &crm.Product{SKU: key, Name: r.ProductName, Price: r.OrderLine.UnitPrice, UnitCost: r.UnitCost, HasCost: r.HasUnitCost}
		if p.Name == "" {
			p.Name = key
		}
		err := q.QueryRowContext(ctx, `INSERT INTO products (sku, name, price_cents, unit_cost_cents) VALUES ($1, $2, $3, $4) RETURNING id`,
			p.SKU, p.Name, p.Price, nullCost(p)).Scan(&p.ID)
		if err != nil {
			return nil, fmt.Errorf("store: add product %s: %w", key, err)
		}
		products[key] = p
		return p, nil
	}
	if (r.HasUnitCost && (!p.HasCost || p.UnitCost != r.UnitCost)) || (r.ProductName != "" && r.ProductName != p.Name) {
		if r.HasUnitCost {
			p.UnitCost, p.HasCost = r.UnitCost, true
		}
		if r.ProductName != "" {
			p.Name = r.ProductName
		}
		if _, err := q.ExecContext(ctx, `UPDATE products SET name = $1, unit_cost_cents = $2 WHERE id = $3`, p.Name, nullCost(p), p.ID); err != nil {
			return nil, fmt.Errorf("store: update product %s: %w", key, err)
		}
	}
	return p, nil
}

func nullCost(p *crm.Product) any {
	if !p.HasCost {
		return nil
	}
	return p.UnitCost
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
	return s.productsBought(ctx, crm.MinDate, asOf)
}

// ProductsBoughtBetween is ProductsBought of the order lines from since
// to until (both inclusive): a window's product mix.
func (s *Store) ProductsBoughtBetween(ctx context.Context, since, until time.Time) ([]ProductUse, error) {
	return s.productsBought(ctx, since, until)
}

func (s *Store) productsBought(ctx context.Context, since, until time.Time) ([]ProductUse, error) {
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
	cond, args := s.scopeSQL(sc, "account_id", 5)
	uses, err := byAccountRanges(ctx, s, "products bought", `SELECT account_id, product_id, SUM(quantity), SUM(amount_cents)
		FROM order_lines WHERE account_id BETWEEN $1 AND $2 AND ordered_at <= $3 AND ordered_at >= $4 AND `+cond+` GROUP BY account_id, product_id`,
		append([]any{s.date(until), s.date(since)}, args...),
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
