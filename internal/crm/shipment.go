package crm

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Shipment is one parcel (or consignment) of an order on its way to the
// customer: the carrier's tracking number or a shop's shipment id as
// ExternalID, the link to follow it, and how far it got. AccountID is the
// order's, kept in step with it.
type Shipment struct {
	ID          int64     `json:"id"`
	AccountID   int64     `json:"account_id"`
	OrderID     int64     `json:"order_id"`
	Source      string    `json:"source"`
	ExternalID  string    `json:"external_id"`
	Carrier     string    `json:"carrier,omitempty"`
	TrackingURL string    `json:"tracking_url,omitempty"`
	ShippedAt   time.Time `json:"shipped_at"`
	DeliveredAt time.Time `json:"delivered_at,omitzero"` // zero: not (yet) delivered
	Status      string    `json:"status"`
}

// The statuses of a shipment.
const (
	ShipmentShipped   = "shipped"
	ShipmentInTransit = "in_transit"
	ShipmentDelivered = "delivered"
	ShipmentReturned  = "returned"
	ShipmentUnknown   = "unknown"
)

// ShipmentStatuses lists the statuses, in the order a parcel goes through
// them.
func ShipmentStatuses() []string {
	return []string{ShipmentShipped, ShipmentInTransit, ShipmentDelivered, ShipmentReturned, ShipmentUnknown}
}

// ShipmentRecord is one row of a shipments file: the shipment and the
// number of the invoice (order) it belongs to.
type ShipmentRecord struct {
	Line            int
	OrderExternalID string
	Shipment        Shipment
}

// CheckTrackingURL accepts "" and absolute http(s) URLs with a host: a
// tracking link is shown to customers as a link, so nothing else (no
// javascript: or data: URL) may become one.
func CheckTrackingURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) || u.Host == "" {
		return fmt.Errorf("not an http(s) URL: %q", clip(s, 80))
	}
	return nil
}

// clip shortens s to at most n bytes (at a rune boundary) for a message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// Check applies the limits to a shipment's values.
func (s *Shipment) Check() error {
	var status *FieldError
	if !slices.Contains(ShipmentStatuses(), s.Status) {
		status = fieldErr("status", fmt.Errorf("unknown %q (want %s)", s.Status, strings.Join(ShipmentStatuses(), ", ")))
	}
	shipped := Date("shipped_at", s.ShippedAt)
	if s.ShippedAt.IsZero() {
		shipped = fieldErr("shipped_at", fmt.Errorf("missing"))
	}
	var delivered *FieldError
	if !s.DeliveredAt.IsZero() {
		delivered = Date("delivered_at", s.DeliveredAt)
		if delivered == nil && s.DeliveredAt.Before(s.ShippedAt) {
			delivered = fieldErr("delivered_at", fmt.Errorf("%s is before the shipping date %s", s.DeliveredAt.Format(time.DateOnly), s.ShippedAt.Format(time.DateOnly)))
		}
	}
	if s.ExternalID == "" {
		return Check(fieldErr("external_id", fmt.Errorf("missing")))
	}
	return Check(Name("external_id", s.ExternalID), Name("source", s.Source), Name("carrier", s.Carrier),
		Text("tracking_url", s.TrackingURL), fieldErr("tracking_url", CheckTrackingURL(s.TrackingURL)), shipped, delivered, status)
}
