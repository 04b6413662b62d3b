package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The product catalogue of the portal's spaces. Staff describe the
// products (those the invoice lines brought) and choose which a space
// shows; whoever may see the space reads them there, a portal contact
// with what their own account bought of each. A product a space does not
// show is, through that space, not found, exactly as a missing one.

var errNoProduct = crm.Errorf(crm.ENOTFOUND, "no such product")

// ProductQuery filters ListProducts: Q in the SKU or name, in any case.
type ProductQuery struct {
	Q             string
	Limit, Offset int
}

// staffOnly returns the actor in ctx when it is staff (viewer and up, not
// a portal contact).
func staffOnly(ctx context.Context) (crm.Actor, error) {
	a, err := crm.Require(ctx, crm.RoleViewer)
	if err == nil && a.ContactID != 0 {
		err = crm.Errorf(crm.EFORBIDDEN, "for staff")
	}
	return a, err
}

// ListProducts lists the products matching f by name, and their number.
// Staff (viewer and up).
func (s *Store) ListProducts(ctx context.Context, f ProductQuery) ([]crm.Product, int, error) {
	if _, err := staffOnly(ctx); err != nil {
		return nil, 0, err
	}
	limit, offset := page(f.Limit, f.Offset)
	var w where
	if q := strings.ToLower(strings.TrimSpace(f.Q)); q != "" {
		like := "%" + escapeLike(q) + "%"
		w.add(`(LOWER(sku) LIKE ? ESCAPE '\' OR LOWER(name) LIKE ? ESCAPE '\')`, like, like)
	}
	var out []crm.Product
	total, err := s.listPage(ctx, "products", "id, sku, name, description", w, "name, id", limit, offset, func(rows *sql.Rows) error {
		var p crm.Product
		if err := rows.Scan(&p.ID, &p.SKU, &p.Name, &p.Description); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: products: %w", err)
	}
	return out, total, nil
}

// Product returns product id with the spaces that show it. Staff (viewer
// and up); errNoProduct when there is none.
func (s *Store) Product(ctx context.Context, id int64) (crm.Product, []crm.Space, error) {
	if _, err := staffOnly(ctx); err != nil {
		return crm.Product{}, nil, err
	}
	p := crm.Product{ID: id}
	err := s.db.QueryRowContext(ctx, `SELECT sku, name, description FROM products WHERE id = $1`, id).Scan(&p.SKU, &p.Name, &p.Description)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil, errNoProduct
	}
	if err != nil {
		return p, nil, fmt.Errorf("store: product: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.name FROM space_products sp JOIN spaces s ON s.id = sp.space_id
		WHERE sp.product_id = $1 ORDER BY s.name, s.id`, id)
	if err != nil {
		return p, nil, fmt.Errorf("store: product: %w", err)
	}
	defer rows.Close()
	spaces := []crm.Space{}
	for rows.Next() {
		var sp crm.Space
		if err := rows.Scan(&sp.ID, &sp.Name); err != nil {
			return p, nil, fmt.Errorf("store: product: %w", err)
		}
		spaces = append(spaces, sp)
	}
	return p, spaces, rows.Err()
}

// SetProductDescription sets the description (Markdown) of product id.
// Staff and up. Audited.
func (s *Store) SetProductDescription(ctx context.Context, id int64, description string) error {
	if len(description) > crm.MaxProductDescription {
		return crm.Errorf(crm.EINVALID, "description: larger than %d KiB", crm.MaxProductDescription>>10)
	}
	if err := crm.Check(crm.Text("description", description)); err != nil {
		return err
	}
	return s.write(ctx, crm.RoleStaff, "describe product", func(tx *sql.Tx, a crm.Actor) error {
		var before string
		err := tx.QueryRowContext(ctx, `SELECT description FROM products WHERE id = $1`, id).Scan(&before)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoProduct
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE products SET description = $1 WHERE id = $2`, description, id); err != nil {
			return err
		}
		return record(ctx, tx, a, "update", "product", id, map[string]any{"description": before}, map[string]any{"description": description})
	})
}

// ShowProducts makes space spaceID show the products with the SKUs skus
// (as the invoice lines name them); an unknown SKU is crm.EINVALID and
// nothing is changed. Staff and up. Audited.
func (s *Store) ShowProducts(ctx context.Context, spaceID int64, skus []string) error {
	return s.write(ctx, crm.RoleStaff, "show products", func(tx *sql.Tx, a crm.Actor) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM spaces WHERE id = $1`, spaceID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errNoSpace
		}
		for _, sku := range skus {
			if sku = strings.TrimSpace(sku); sku == "" {
				continue
			}
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM products WHERE sku = $1`, sku).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				return crm.Errorf(crm.EINVALID, "products: no product has the SKU %.80q", sku)
			}
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO space_products (space_id, product_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, spaceID, id); err != nil {
				return err
			}
			if err := record(ctx, tx, a, "create", "space_product", id, nil, map[string]any{"space_id": spaceID, "sku": sku}); err != nil {
				return err
			}
		}
		return nil
	})
}

// HideProduct takes product productID out of space spaceID. Staff and up.
// Audited.
func (s *Store) HideProduct(ctx context.Context, spaceID, productID int64) error {
	return s.write(ctx, crm.RoleStaff, "hide product", func(tx *sql.Tx, a crm.Actor) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM space_products WHERE space_id = $1 AND product_id = $2`, spaceID, productID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNoProduct
		}
		if _, err := tx.ExecContext(ctx, `UPDATE space_files SET product_id = NULL WHERE space_id = $1 AND product_id = $2`, spaceID, productID); err != nil {
			return err
		}
		return record(ctx, tx, a, "delete", "space_product", productID, map[string]any{"space_id": spaceID}, nil)
	})
}

// SpaceProducts lists the products space spaceID shows, by name, for a
// portal contact with what their account bought of each; errNoSpace as
// Space.
func (s *Store) SpaceProducts(ctx context.Context, spaceID int64) ([]crm.CatalogueItem, error) {
	if _, err := s.spaceLevel(ctx, spaceID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.sku, p.name, p.description FROM space_products sp JOIN products p ON p.id = sp.product_id
		WHERE sp.space_id = $1 ORDER BY p.name, p.id LIMIT 1000`, spaceID)
	if err != nil {
		return nil, fmt.Errorf("store: space products: %w", err)
	}
	out := []crm.CatalogueItem{}
	for rows.Next() {
		var it crm.CatalogueItem
		if err := rows.Scan(&it.ProductID, &it.SKU, &it.Name, &it.Description); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: space products: %w", err)
		}
		out = append(out, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: space products: %w", err)
	}
	a, _ := crm.ActorFrom(ctx)
	if a.ContactID == 0 || len(out) == 0 {
		return out, nil
	}
	ids := make([]any, len(out))
	at := map[int64]int{}
	for i, it := range out {
		ids[i], at[it.ProductID] = it.ProductID, i
	}
	rows, err = s.db.QueryContext(ctx, `SELECT product_id, COUNT(DISTINCT order_id), SUM(quantity), MAX(ordered_at) FROM order_lines
		WHERE account_id = $1 AND product_id IN (`+placeholders(2, len(ids))+`) GROUP BY product_id`, append([]any{a.Scope.Account()}, ids...)...)
	if err != nil {
		return nil, fmt.Errorf("store: space products: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var orders int
		var qty float64
		var last time.Time
		if err := rows.Scan(&id, &orders, &qty, dbDate{&last}); err != nil {
			return nil, fmt.Errorf("store: space products: %w", err)
		}
		it := &out[at[id]]
		it.Orders, it.Quantity, it.LastOrdered = orders, qty, last
	}
	return out, rows.Err()
}

// SpaceProduct returns product productID as space spaceID shows it and,
// for a portal contact, their account's invoices with it, newest first
// (at most 100); errNoProduct when the space does not show it or the
// actor may not see the space.
func (s *Store) SpaceProduct(ctx context.Context, spaceID, productID int64) (crm.CatalogueItem, []crm.ProductPurchase, error) {
	items, err := s.SpaceProducts(ctx, spaceID)
	if crm.ErrorCode(err) == crm.ENOTFOUND {
		return crm.CatalogueItem{}, nil, errNoProduct
	}
	if err != nil {
		return crm.CatalogueItem{}, nil, err
	}
	var it crm.CatalogueItem
	for _, x := range items {
		if x.ProductID == productID {
			it = x
		}
	}
	if it.ProductID == 0 {
		return it, nil, errNoProduct
	}
	out := []crm.ProductPurchase{}
	a, _ := crm.ActorFrom(ctx)
	if a.ContactID == 0 {
		return it, out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, o.external_id, o.ordered_at, SUM(l.quantity) FROM order_lines l
		JOIN orders o ON o.id = l.order_id AND o.account_id = l.account_id
		WHERE l.account_id = $1 AND l.product_id = $2
		GROUP BY o.id, o.external_id, o.ordered_at ORDER BY o.ordered_at DESC, o.id DESC LIMIT 100`, a.Scope.Account(), productID)
	if err != nil {
		return it, nil, fmt.Errorf("store: space product: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p crm.ProductPurchase
		if err := rows.Scan(&p.OrderID, &p.Invoice, dbDate{&p.OrderedAt}, &p.Quantity); err != nil {
			return it, nil, fmt.Errorf("store: space product: %w", err)
		}
		out = append(out, p)
	}
	return it, out, rows.Err()
}

// SetFileProduct says that file fileID of space spaceID is about product
// productID, one the space shows (0: about none). Staff and up. Audited.
func (s *Store) SetFileProduct(ctx context.Context, spaceID, fileID, productID int64) error {
	return s.write(ctx, crm.RoleStaff, "file product", func(tx *sql.Tx, a crm.Actor) error {
		var product any
		if productID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM space_products WHERE space_id = $1 AND product_id = $2`, spaceID, productID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return crm.Errorf(crm.EINVALID, "product: the space does not show that product")
			}
			product = productID
		}
		res, err := tx.ExecContext(ctx, `UPDATE space_files SET product_id = $1 WHERE id = $2 AND space_id = $3`, product, fileID, spaceID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNoFile
		}
		return record(ctx, tx, a, "update", "space_file", fileID, nil, map[string]any{"product_id": productID})
	})
}
