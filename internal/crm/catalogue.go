package crm

import "time"

// The product catalogue of the portal's spaces: the products vitalfew
// knows from the invoice lines, with a description staff write, shown in
// the spaces staff choose, beside what the contact's own account bought.

// MaxProductDescription is the longest description of a product, in bytes.
const MaxProductDescription = 64 << 10

// CatalogueItem is a product as a space shows it. For a portal contact,
// Orders, Quantity and LastOrdered are what their own account bought of
// it (its invoices with the product, how many, when last); for staff they
// are zero. Prices and costs are not part of it: a customer's price is
// their own, and costs are the supplier's.
type CatalogueItem struct {
	ProductID   int64     `json:"product_id"`
	SKU         string    `json:"sku"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Orders      int       `json:"orders"`
	Quantity    float64   `json:"quantity"`
	LastOrdered time.Time `json:"last_ordered,omitzero"`
}

// ProductPurchase is an invoice of the account's with a product: how many
// it bought of it on that invoice.
type ProductPurchase struct {
	OrderID   int64     `json:"order_id"`
	Invoice   string    `json:"invoice"`
	OrderedAt time.Time `json:"ordered_at"`
	Quantity  float64   `json:"quantity"`
}
