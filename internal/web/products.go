package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/csvout"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/markdown"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The product catalogue: staff describe the products the invoice lines
// brought (/products) and choose which a space shows (on the space's
// page); a portal contact reads them in the space with what their own
// account bought of each (/portal/spaces/{id}/products/{product_id}).

type productsData struct {
	listPage[crm.Product]
	Q string
}

func (productsData) PageTitle(l *i18n.Lang) string { return l.T("Products") }

// products lists the products, filtered by SKU or name (q).
func (s *Server) products(w http.ResponseWriter, r *http.Request) error {
	d := productsData{Q: strings.TrimSpace(r.URL.Query().Get("q"))}
	page := 1
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 {
		page = n
	}
	rows, total, err := s.st.ListProducts(r.Context(), store.ProductQuery{Q: d.Q, Limit: listPerPage, Offset: (page - 1) * listPerPage})
	if err != nil {
		return err
	}
	base := "/products?"
	if d.Q != "" {
		base += "q=" + url.QueryEscape(d.Q) + "&"
	}
	d.Rows, d.Total = rows, total
	if len(rows) > 0 {
		d.From, d.To = (page-1)*listPerPage+1, (page-1)*listPerPage+len(rows)
	}
	if page > 1 {
		d.Prev = base + "page=" + strconv.Itoa(page-1)
	}
	if d.To < total && len(rows) > 0 {
		d.Next = base + "page=" + strconv.Itoa(page+1)
	}
	s.render(w, r, "products", http.StatusOK, d)
	return nil
}

// productsCSV exports every product the filter (q) finds.
func (s *Server) productsCSV(w http.ResponseWriter, r *http.Request) error {
	q := store.ProductQuery{Q: strings.TrimSpace(r.URL.Query().Get("q")), Limit: store.MaxPageSize}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="products.csv"`)
	c := csvout.New(w)
	c.Write("id", "sku", "name", "description")
	for {
		rows, total, err := s.st.ListProducts(r.Context(), q)
		if err != nil {
			return err
		}
		for _, p := range rows {
			c.Write(strconv.FormatInt(p.ID, 10), p.SKU, p.Name, p.Description)
		}
		if q.Offset += len(rows); len(rows) == 0 || q.Offset >= total {
			return c.Flush()
		}
	}
}

type productData struct {
	Product     crm.Product
	Spaces      []crm.Space
	Description template.HTML
	Error       string
}

func (d productData) PageTitle(*i18n.Lang) string { return d.Product.Name }

// product shows a product: its description and the spaces that show it.
func (s *Server) product(w http.ResponseWriter, r *http.Request) error {
	return s.renderProduct(w, r, http.StatusOK, "")
}

func (s *Server) renderProduct(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	id, err := portalID(r, "id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such product")
	}
	d := productData{Error: msg}
	if d.Product, d.Spaces, err = s.st.Product(r.Context(), id); err != nil {
		return err
	}
	if d.Description, err = markdown.HTML(d.Product.Description); err != nil {
		return err
	}
	s.render(w, r, "product", status, d)
	return nil
}

// describeProduct sets a product's description (field description). Staff.
func (s *Server) describeProduct(w http.ResponseWriter, r *http.Request) error {
	id, err := portalID(r, "id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such product")
	}
	err = s.st.SetProductDescription(r.Context(), id, r.PostFormValue("description"))
	if crm.ErrorCode(err) == crm.EINVALID {
		return s.renderProduct(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/products/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// showProducts adds the products whose SKUs the form lists (skus, one per
// line or separated by commas) to a space. Staff.
func (s *Server) showProducts(w http.ResponseWriter, r *http.Request) error {
	id, err := portalID(r, "id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such space")
	}
	skus := strings.FieldsFunc(r.PostFormValue("skus"), func(c rune) bool { return c == '\n' || c == ',' || c == '\r' })
	err = s.st.ShowProducts(r.Context(), id, skus)
	if crm.ErrorCode(err) == crm.EINVALID {
		return s.renderSpace(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/spaces/"+strconv.FormatInt(id, 10)+"#products", http.StatusSeeOther)
	return nil
}

// hideProduct takes a product out of a space. Staff.
func (s *Server) hideProduct(w http.ResponseWriter, r *http.Request) error {
	spaceID, productID, err := spaceIDs(r, "product_id", "no such product")
	if err != nil {
		return err
	}
	if err := s.st.HideProduct(r.Context(), spaceID, productID); err != nil {
		return err
	}
	http.Redirect(w, r, "/spaces/"+strconv.FormatInt(spaceID, 10)+"#products", http.StatusSeeOther)
	return nil
}

// fileProduct says which of the space's products a file is about (field
// product_id; empty: none). Staff.
func (s *Server) fileProduct(w http.ResponseWriter, r *http.Request) error {
	spaceID, fileID, err := spaceIDs(r, "file_id", "no such file")
	if err != nil {
		return err
	}
	var productID int64
	if v := r.PostFormValue("product_id"); v != "" {
		if productID, err = strconv.ParseInt(v, 10, 64); err != nil || productID < 0 {
			return s.renderSpace(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), crm.Errorf(crm.EINVALID, "product: the space does not show that product")))
		}
	}
	err = s.st.SetFileProduct(r.Context(), spaceID, fileID, productID)
	if crm.ErrorCode(err) == crm.EINVALID {
		return s.renderSpace(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/spaces/"+strconv.FormatInt(spaceID, 10)+"#files", http.StatusSeeOther)
	return nil
}

// portalProduct shows a product of a space to a portal contact: its
// description, the space's files about it, and their account's invoices
// with it.
func (s *Server) portalProduct(w http.ResponseWriter, r *http.Request) error {
	spaceID, productID, err := spaceIDs(r, "product_id", "no such product")
	if err != nil {
		return err
	}
	sp, err := s.st.Space(r.Context(), spaceID)
	if err != nil {
		return err
	}
	it, bought, err := s.st.SpaceProduct(r.Context(), spaceID, productID)
	if err != nil {
		return err
	}
	files, err := s.st.SpaceFiles(r.Context(), spaceID)
	if err != nil {
		return err
	}
	var about []crm.SpaceFile
	for _, f := range files {
		if f.ProductID == productID {
			about = append(about, f)
		}
	}
	desc, err := markdown.HTML(it.Description)
	if err != nil {
		return err
	}
	if err := s.st.LogPortalRead(r.Context(), "product", productID); err != nil {
		return err
	}
	c, _ := portalFrom(r.Context())
	s.render(w, r, "portal_product", http.StatusOK, map[string]any{"Title": it.Name, "Contact": c, "Space": sp, "Product": it,
		"Description": desc, "Bought": bought, "Files": fileViews(langOf(r.Context()), about)})
	return nil
}
