package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// lineFor adds a line of sku (named name, quantity qty) to the first order
// of account and returns the product's id.
func lineFor(t *testing.T, st *store.Store, account int64, sku, name string, qty float64) int64 {
	t.Helper()
	op := crm.WithActor(context.Background(), crm.Operator)
	os, _, err := st.ListOrders(op, store.OrderQuery{AccountID: account, Limit: 1})
	if err != nil || len(os) == 0 {
		t.Fatalf("orders of %d: %v", account, err)
	}
	if _, err := st.ImportOrderLines(op, []crm.OrderLineRecord{{Line: 2, OrderExternalID: os[0].ExternalID, SKU: sku, ProductName: name,
		OrderLine: crm.OrderLine{LineNo: 900, Quantity: qty, UnitPrice: 100, Amount: crm.Money(100 * qty)}}}, crm.ImportOptions{Source: os[0].Source}); err != nil {
		t.Fatal(err)
	}
	ps, _, err := st.ListProducts(op, store.ProductQuery{Q: sku})
	if err != nil || len(ps) != 1 {
		t.Fatalf("product %s: %+v %v", sku, ps, err)
	}
	return ps[0].ID
}

func TestPortalProducts(t *testing.T) { onDatabases(t, testPortalProducts) }

// testPortalProducts: staff describe a product and show it in the tier-A
// space; a1 reads it there with what their own account bought (not B's),
// and a file about it; the staff's list filters, pages and exports CSV.
func testPortalProducts(t *testing.T, dsn string) {
	w := newPortalWorld(t, dsn)
	base := w.f.ts.URL
	gear := lineFor(t, w.f.st, w.a, "GB-200", "Gearbox GB-200", 3)
	lineFor(t, w.f.st, w.b, "GB-200", "Gearbox GB-200", 777)
	lineFor(t, w.f.st, w.b, "PU-9", "Pump PU-9", 1)
	post := func(path string, v url.Values) *http.Response {
		t.Helper()
		res, err := w.staffC.PostForm(base+path, v)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	sp := strconv.FormatInt(w.space, 10)
	if res := post("/products/"+strconv.FormatInt(gear, 10), url.Values{"description": {"Helical, **IP65**.\n\n<script>alert(1)</script>"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("describe: %d", res.StatusCode)
	}
	if res := post("/spaces/"+sp+"/products", url.Values{"skus": {"GB-200\nNO-SUCH"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown SKU: %d", res.StatusCode)
	}
	if res := post("/spaces/"+sp+"/products", url.Values{"skus": {"GB-200"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("show: %d", res.StatusCode)
	}
	code, body := get(t, w.staffC, base+"/spaces/"+sp)
	if code != http.StatusOK || !strings.Contains(body, `href="/products/`+strconv.FormatInt(gear, 10)+`">Gearbox GB-200</a>`) {
		t.Errorf("the space's products (staff): %d %s", code, mainOf(body))
	}
	for _, c := range []struct {
		q          string
		gear, pump bool
	}{{"", true, true}, {"pu-", false, true}, {"GEARBOX", true, false}} {
		code, body := get(t, w.staffC, base+"/products?q="+url.QueryEscape(c.q))
		if code != http.StatusOK || strings.Contains(body, ">Gearbox GB-200</a>") != c.gear || strings.Contains(body, ">Pump PU-9</a>") != c.pump {
			t.Errorf("products %q: %d %s", c.q, code, mainOf(body))
		}
		code, body = get(t, w.staffC, base+"/products.csv?q="+url.QueryEscape(c.q))
		if code != http.StatusOK || !strings.HasPrefix(body, "id,sku,name,description\n") || strings.Contains(body, ",GB-200,") != c.gear || strings.Contains(body, ",PU-9,") != c.pump {
			t.Errorf("products %q as CSV: %d %s", c.q, code, body)
		}
	}
	a1 := w.accept(t, w.tokA, "a1's long password")
	code, body = w.get(t, a1, "/portal/spaces/"+sp)
	link := "/portal/spaces/" + sp + "/products/" + strconv.FormatInt(gear, 10)
	if code != http.StatusOK || !strings.Contains(body, `href="`+link+`">Gearbox GB-200</a>`) || !strings.Contains(body, `data-label="Your orders with it">1</td>`) {
		t.Errorf("a1's space: %d %s", code, mainOf(body))
	}
	code, body = w.get(t, a1, link)
	if code != http.StatusOK || !strings.Contains(body, "<strong>IP65</strong>") || strings.Contains(body, "<script>alert") ||
		!strings.Contains(body, "<td>3</td>") || strings.Contains(body, "777") || strings.Contains(body, "100.00") {
		t.Errorf("a1's product page: %d %s", code, mainOf(body))
	}
	// b1 (tier C) and the pump (not shown): the missing page.
	b1 := w.accept(t, w.tokB, "b1's long password")
	_, missing := w.get(t, a1, "/portal/spaces/99999999")
	for _, c := range []struct {
		who  *http.Client
		path string
	}{{b1, link}, {a1, "/portal/spaces/" + sp + "/products/99999"}} {
		if code, body := w.get(t, c.who, c.path); code != http.StatusNotFound || body != missing {
			t.Errorf("%s: %d, not the missing page", c.path, code)
		}
	}
}

// TestProductManagers: an admin flags a staff user as a product manager;
// the space names them to a1, and their answer in the forum carries the
// title, where another staff user's says "supplier".
func TestProductManagers(t *testing.T) {
	w := newPortalWorld(t, testkit.SQLite(t))
	base := w.f.ts.URL
	admin := w.f.client(t, crm.RoleAdmin)
	res, err := admin.PostForm(base+"/users/staff@example.com/product-manager", url.Values{"on": {"1"}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("flag: %v %v", err, res.Status)
	}
	res.Body.Close()
	if code, body := get(t, admin, base+"/users"); code != http.StatusOK || !strings.Contains(body, `action="/users/staff@example.com/product-manager" class="inline">yes`) {
		t.Errorf("the users page: %d %s", code, mainOf(body))
	}
	op := crm.WithActor(context.Background(), crm.Operator)
	th, err := w.f.st.CreateThread(op, w.space, "Lead times", "When?")
	if err != nil {
		t.Fatal(err)
	}
	sp, thread := strconv.FormatInt(w.space, 10), strconv.FormatInt(th.ID, 10)
	res, err = w.staffC.PostForm(base+"/spaces/"+sp+"/threads/"+thread+"/replies", url.Values{"body": {"Ten working days."}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %v %v", err, res.Status)
	}
	res.Body.Close()
	a1 := w.accept(t, w.tokA, "a1's long password")
	if code, body := w.get(t, a1, "/portal/spaces/"+sp); code != http.StatusOK ||
		!strings.Contains(body, `id="product-managers">Your product managers, who answer you here: STAFF</p>`) {
		t.Errorf("a1's space names its product managers: %d %s", code, mainOf(body))
	}
	code, body := w.get(t, a1, "/portal/spaces/"+sp+"/threads/"+thread)
	if code != http.StatusOK || strings.Count(body, `<span class="badge kind">product manager</span>`) != 1 || strings.Count(body, `<span class="badge kind">supplier</span>`) != 1 {
		t.Errorf("the thread's badges: %d %s", code, mainOf(body))
	}
	// a1 asks on; the product manager's answer took 15 minutes: effort on A.
	res, err = a1.PostForm(base+"/portal/spaces/"+sp+"/threads/"+thread+"/replies", url.Values{"body": {"And for MT-4?"}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a1's reply: %v %v", err, res.Status)
	}
	res.Body.Close()
	res, err = w.staffC.PostForm(base+"/spaces/"+sp+"/threads/"+thread+"/replies", url.Values{"body": {"Twelve days."}, "minutes": {"15"}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the answer: %v %v", err, res.Status)
	}
	res.Body.Close()
	tps, _, err := w.f.st.ListTouchpoints(op, store.TouchpointQuery{AccountID: w.a, Department: "product"})
	var effort float64
	for _, tp := range tps {
		effort += tp.EffortMinutes
	}
	if err != nil || effort != 15 {
		t.Errorf("A's effort in the portal: %v minutes (%v), want 15", effort, err)
	}
}
