package ingest

import (
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// ReadShipments reads a shipments file: a shop's fulfilments or a carrier's
// shipment list. Each row needs an invoice (order) number and the day it
// was shipped. The shipment's ExternalID is its tracking number, else the
// shop's shipment id, else the tracking URL, else a content key. Without a
// tracking URL one is made from the number for the carriers of
// carrierURLs; a URL in the file must be http(s). The status is read from
// the words carriers and shops use (see shipmentStatus); without one a
// shipment with a delivery date is delivered, else shipped.
func ReadShipments(r io.Reader, opt Options) (*Result[crm.ShipmentRecord], error) {
	t, b, err := open(r, KindShipments, opt)
	if err != nil {
		return nil, err
	}
	var (
		cInvoice  = t.slot("invoice_id")
		cNumber   = t.slot("tracking_number")
		cID       = t.slot("shipment_id")
		cCarrier  = t.slot("carrier")
		cURL      = t.slot("tracking_url")
		cStatus   = t.slot("status")
		shipped   = b.dateCol("shipped")
		delivered = b.dateCol("delivered")
	)
	recs := make([]crm.ShipmentRecord, 0, t.rows())
	for i := range t.rows() {
		b.start(i)
		inv := b.cell(cInvoice)
		if inv == "" {
			b.fail("invoice_id", "missing")
		}
		number, carrier, link := b.cell(cNumber), b.cell(cCarrier), b.cell(cURL)
		if err := crm.CheckTrackingURL(link); err != nil {
			b.fail("tracking_url", "%v", err)
		}
		shippedAt := b.date(shipped, "shipped", true)
		deliveredAt := b.date(delivered, "delivered", false)
		if b.ok && !deliveredAt.IsZero() && deliveredAt.Before(shippedAt) {
			b.fail("delivered", "%s is before the shipping date %s", deliveredAt.Format(time.DateOnly), shippedAt.Format(time.DateOnly))
		}
		status := ShipmentStatus(b.cell(cStatus), !deliveredAt.IsZero())
		if !b.ok {
			continue
		}
		if link == "" {
			link = TrackingURL(carrier, number)
		}
		id := cmpOr(number, b.cell(cID), link)
		if id == "" {
			b.keyStart()
			b.keyAdd(inv)
			b.keyAdd(carrier)
			b.keyAddDate(shippedAt)
			id = b.key()
		}
		recs = append(recs, crm.ShipmentRecord{
			Line:            b.line,
			OrderExternalID: inv,
			Shipment: crm.Shipment{
				ExternalID:  id,
				Carrier:     carrier,
				TrackingURL: link,
				ShippedAt:   shippedAt,
				DeliveredAt: deliveredAt,
				Status:      status,
			},
		})
	}
	return finish(b, recs), nil
}

// cmpOr returns the first of ss that is not empty.
func cmpOr(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// statusWords maps the words of carriers and shops (as header keys: folded,
// letters and digits only) to shipment statuses.
var statusWords = func() map[string]string {
	m := map[string]string{}
	for status, words := range map[string][]string{
		crm.ShipmentShipped: {"shipped", "fulfilled", "partial", "partially fulfilled", "dispatched", "sent", "label created",
			"versendet", "verschickt", "versandt", "abgeschickt", "eingeliefert", "übergeben", "an Versanddienstleister übergeben"},
		crm.ShipmentInTransit: {"in transit", "in_transit", "transit", "out for delivery", "on its way", "unterwegs",
			"in Zustellung", "im Transit", "in Auslieferung", "wird zugestellt", "Zustellung heute"},
		crm.ShipmentDelivered: {"delivered", "zugestellt", "ausgeliefert", "geliefert", "erfolgreich zugestellt"},
		crm.ShipmentReturned: {"returned", "return", "returned to sender", "Retoure", "retourniert", "zurück",
			"Rücksendung", "zurückgesendet", "zurück an Absender"},
		crm.ShipmentUnknown: {"unknown", "unbekannt"},
	} {
		for _, w := range words {
			m[headerKey(w)] = status
		}
	}
	return m
}()

// ShipmentStatus reads a status cell: the words of statusWords, in English
// or German; anything else is "unknown". An empty cell is "delivered" for a
// shipment with a delivery date, else "shipped".
func ShipmentStatus(s string, delivered bool) string {
	if strings.TrimSpace(s) == "" {
		if delivered {
			return crm.ShipmentDelivered
		}
		return crm.ShipmentShipped
	}
	if st, ok := statusWords[headerKey(s)]; ok {
		return st
	}
	return crm.ShipmentUnknown
}

// carrierURLs are the public tracking pages of the carriers whose link
// TrackingURL makes from a number alone: the page, and whether the number
// is its path's last segment (else the end of its query or fragment).
var carrierURLs = []struct {
	name, prefix string
	path         bool
}{
	{"DHL Express", "https://www.dhl.com/de-en/home/tracking/tracking-express.html?submit=1&tracking-id=", false},
	{"Deutsche Post", "https://www.deutschepost.de/de/s/sendungsverfolgung.html?piececode=", false},
	{"DHL", "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=", false},
	{"DPD", "https://tracking.dpd.de/status/de_DE/parcel/", true},
	{"UPS", "https://www.ups.com/track?tracknum=", false},
	{"FedEx", "https://www.fedex.com/fedextrack/?trknbr=", false},
	{"GLS", "https://gls-group.com/DE/de/paketverfolgung?match=", false},
	{"Hermes", "https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation/#", true},
}

// TrackingURL makes the tracking link of number for a known carrier (by
// name, as shops and carriers write it: "DHL Paket", "dhl_express",
// "DPD Deutschland", "UPS Standard" …); "" for another carrier or no
// number. The number is escaped for its place in the URL.
func TrackingURL(carrier, number string) string {
	number = strings.TrimSpace(number)
	k := headerKey(carrier)
	if number == "" || k == "" {
		return ""
	}
	var name string
	switch {
	case strings.HasPrefix(k, "dhlexpress") || strings.HasPrefix(k, "dhlworldwideexpress"):
		name = "DHL Express"
	case strings.HasPrefix(k, "deutschepost") && !strings.Contains(k, "dhl"), k == "post", k == "briefpost", k == "einschreiben":
		name = "Deutsche Post"
	case strings.Contains(k, "dhl"):
		name = "DHL"
	case strings.HasPrefix(k, "dpd"):
		name = "DPD"
	case strings.HasPrefix(k, "ups"):
		name = "UPS"
	case strings.HasPrefix(k, "fedex"):
		name = "FedEx"
	case strings.HasPrefix(k, "gls"):
		name = "GLS"
	case strings.HasPrefix(k, "hermes"):
		name = "Hermes"
	default:
		return ""
	}
	for _, c := range carrierURLs {
		if c.name == name {
			if c.path {
				return c.prefix + url.PathEscape(number)
			}
			return c.prefix + url.QueryEscape(number)
		}
	}
	return ""
}
