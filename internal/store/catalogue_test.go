package store_test

import (
	"context"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestCatalogue: a space shows the products staff chose, with their
// description; a portal contact sees there what their own account bought
// of each (never another's, never a price or cost), and a product the
// space does not show, or a space they may not see, is not found, as a
// missing one.
func TestCatalogue(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		op := crm.WithActor(context.Background(), crm.Operator)
		for _, o := range []struct {
			account int64
			invoice string
			day     string
		}{{w.a, "A-1", "2025-03-01"}, {w.a, "A-2", "2025-09-15"}, {w.b, "B-1", "2025-10-01"}} {
			if _, err := st.CreateOrder(op, crm.Order{AccountID: o.account, ExternalID: o.invoice, OrderedAt: day(o.day), Amount: cents(1000)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.ImportOrderLines(op, []crm.OrderLineRecord{
			{Line: 2, OrderExternalID: "A-1", SKU: "BR-100", ProductName: "Bearing set", OrderLine: crm.OrderLine{LineNo: 1, Quantity: 4, UnitPrice: cents(50), Amount: cents(200)}},
			{Line: 3, OrderExternalID: "A-2", SKU: "BR-100", ProductName: "Bearing set", OrderLine: crm.OrderLine{LineNo: 1, Quantity: 6, UnitPrice: cents(50), Amount: cents(300)}},
			{Line: 4, OrderExternalID: "A-2", SKU: "SH-7", ProductName: "Shaft", OrderLine: crm.OrderLine{LineNo: 2, Quantity: 1, UnitPrice: cents(700), Amount: cents(700)}},
			{Line: 5, OrderExternalID: "B-1", SKU: "BR-100", ProductName: "Bearing set", OrderLine: crm.OrderLine{LineNo: 1, Quantity: 99, UnitPrice: cents(40), Amount: cents(3960)}},
		}, crm.ImportOptions{Source: store.WebSource}); err != nil {
			t.Fatal(err)
		}
		sp, err := st.CreateSpace(op, "Key accounts", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelSee}})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.ShowProducts(op, sp.ID, []string{"BR-100", "NOPE"}); crm.ErrorCode(err) != crm.EINVALID {
			t.Fatalf("an unknown SKU: %v", err)
		}
		if err := st.ShowProducts(op, sp.ID, []string{"BR-100", " ", "BR-100"}); err != nil {
			t.Fatal(err)
		}
		products, total, err := st.ListProducts(op, store.ProductQuery{Q: "bear"})
		if err != nil || total != 1 || products[0].SKU != "BR-100" {
			t.Fatalf("products named bear: %+v %d %v", products, total, err)
		}
		br := products[0].ID
		if err := st.SetProductDescription(op, br, "Sealed, **greased for life**."); err != nil {
			t.Fatal(err)
		}
		all, _, _ := st.ListProducts(op, store.ProductQuery{})
		var shaft int64
		for _, p := range all {
			if p.SKU == "SH-7" {
				shaft = p.ID
			}
		}
		as := func(c crm.Contact, tier string) context.Context {
			return crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: c.ID, AccountID: c.AccountID, Email: c.Name}, tier))
		}
		// a1 (tier A) sees the bearing set and what their account bought.
		items, err := st.SpaceProducts(as(w.a1, "A"), sp.ID)
		if err != nil || len(items) != 1 || items[0].SKU != "BR-100" || items[0].Description != "Sealed, **greased for life**." ||
			items[0].Orders != 2 || items[0].Quantity != 10 || !items[0].LastOrdered.Equal(day("2025-09-15")) {
			t.Fatalf("a1's catalogue: %+v %v", items, err)
		}
		it, bought, err := st.SpaceProduct(as(w.a1, "A"), sp.ID, br)
		if err != nil || it.ProductID != br || len(bought) != 2 || bought[0].Invoice != "A-2" || bought[0].Quantity != 6 || bought[1].Invoice != "A-1" {
			t.Fatalf("a1's bearing set: %+v %+v %v", it, bought, err)
		}
		// Staff see the product, no purchases.
		if items, err := st.SpaceProducts(op, sp.ID); err != nil || len(items) != 1 || items[0].Orders != 0 {
			t.Errorf("staff's catalogue: %+v %v", items, err)
		}
		// b1 (tier C) may not see the space; a product the space does not
		// show, or none at all, is not found either.
		for _, c := range []struct {
			ctx     context.Context
			product int64
		}{{as(w.b1, "C"), br}, {as(w.a1, "A"), shaft}, {as(w.a1, "A"), 99999}, {as(w.b1, "A"), shaft}} {
			if _, _, err := st.SpaceProduct(c.ctx, sp.ID, c.product); crm.ErrorCode(err) != crm.ENOTFOUND || err.Error() != "no such product" {
				t.Errorf("product %d: %v, want no such product", c.product, err)
			}
		}
		if _, err := st.SpaceProducts(as(w.b1, "C"), sp.ID); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("b1 lists the space's products: %v", err)
		}
		// Were b1's account in tier A, it would see its own purchases, not A's.
		if items, err := st.SpaceProducts(as(w.b1, "A"), sp.ID); err != nil || len(items) != 1 || items[0].Orders != 1 || items[0].Quantity != 99 {
			t.Errorf("b1 in tier A: %+v %v", items, err)
		}
		// A file about the bearing set; not about a product the space lacks.
		f, err := st.AddSpaceFile(op, sp.ID, "br-100.pdf", []byte("%PDF-1.7 bearing"))
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetFileProduct(op, sp.ID, f.ID, shaft); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("a file about a product the space does not show: %v", err)
		}
		if err := st.SetFileProduct(op, sp.ID, f.ID, br); err != nil {
			t.Fatal(err)
		}
		if err := st.SetFileProduct(as(w.a1, "A"), sp.ID, f.ID, 0); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a contact sets a file's product: %v", err)
		}
		files, err := st.SpaceFiles(as(w.a1, "A"), sp.ID)
		if err != nil || len(files) != 1 || files[0].ProductID != br {
			t.Errorf("the file's product: %+v %v", files, err)
		}
		// Taken out of the space: gone from it, its files about no product.
		if err := st.HideProduct(op, sp.ID, br); err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.SpaceProduct(as(w.a1, "A"), sp.ID, br); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("a hidden product: %v", err)
		}
		if files, _ := st.SpaceFiles(op, sp.ID); len(files) != 1 || files[0].ProductID != 0 {
			t.Errorf("the file after the product went: %+v", files)
		}
		p, spaces, err := st.Product(op, br)
		if err != nil || p.Description == "" || len(spaces) != 0 {
			t.Errorf("the product after: %+v %+v %v", p, spaces, err)
		}
		if _, _, err := st.ListProducts(as(w.a1, "A"), store.ProductQuery{}); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a contact lists the catalogue: %v", err)
		}
	})
}
