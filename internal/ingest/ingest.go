// Package ingest reads the files people already have — CSV exports from
// accounting, CRM and ticket systems, or JSON Lines — into validated crm
// records with their line numbers.
//
// It does no I/O beyond the io.Reader it is given. Problems with single rows
// are collected (Result.Errors, every one as FILE:LINE: field: reason); only
// problems with the file as a whole (unreadable, empty, missing a required
// column, a bad option) are returned as an error, always an *crm.Error with
// code crm.EINVALID except for read failures.
//
// Column-level decisions are made over the whole column before any row is
// converted: the date layout (MM/DD or DD/MM for slash dates) and the decimal
// convention of amounts ("1.234,56" or "1,234.56").
package ingest

import (
	"fmt"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Kind names what a file holds.
type Kind string

// The kinds of file ingest reads.
const (
	KindAccounts    Kind = "accounts"
	KindContacts    Kind = "contacts"
	KindOrders      Kind = "orders"
	KindOrderLines  Kind = "order-lines"
	KindTouchpoints Kind = "touchpoints"
	KindMentions    Kind = "mentions"
	KindShipments   Kind = "shipments"
	// KindActivities are marketing activities (campaigns) with their
	// cost and tracking code; KindActivityTouches say which customer met
	// which activity, and how that is known.
	KindActivities      Kind = "activities"
	KindActivityTouches Kind = "activity-touches"
)

// Kinds lists every kind in a stable order.
func Kinds() []Kind {
	return []Kind{KindAccounts, KindContacts, KindOrders, KindOrderLines, KindTouchpoints, KindMentions, KindShipments, KindActivities, KindActivityTouches}
}

// ParseKind accepts a kind as a user types it: "orders", "Order-Lines",
// "order_lines", "lines", "invoices" …
func ParseKind(s string) (Kind, error) {
	switch headerKey(s) {
	case "accounts", "account", "customers", "customer", "kunden":
		return KindAccounts, nil
	case "contacts", "contact", "people", "persons", "kontakte", "ansprechpartner":
		return KindContacts, nil
	case "orders", "order", "invoices", "invoice", "rechnungen", "auftrage":
		return KindOrders, nil
	case "orderlines", "orderline", "lines", "invoicelines", "positionen":
		return KindOrderLines, nil
	case "touchpoints", "touchpoint", "tickets":
		return KindTouchpoints, nil
	case "mentions", "mention", "social", "posts", "erwahnungen":
		return KindMentions, nil
	case "shipments", "shipment", "fulfillments", "fulfilments", "tracking", "sendungen", "lieferungen":
		return KindShipments, nil
	case "activities", "activity", "campaigns", "campaign", "aktivitaten", "massnahmen", "kampagnen", "marketing":
		return KindActivities, nil
	case "activitytouches", "activitytouch", "touches", "campaigntouches", "kontaktpunkte", "herkunft":
		return KindActivityTouches, nil
	}
	return "", crm.Errorf(crm.EINVALID, "unknown kind %q (want accounts, contacts, orders, order-lines, touchpoints, mentions, shipments, activities or activity-touches)", s)
}

// Options steer one read.
type Options struct {
	File       string            // name for messages ("-" for stdin)
	Map        map[string]string // header=field overrides (header as in the file, field as ours; field "" or "-" ignores the column)
	DateFormat string            // "" = detect per column; else iso, yyyymmdd, dd.mm.yyyy, mm/dd/yyyy, dd/mm/yyyy or a Go layout
	KeepRaw    bool              // keep the raw cells of every row (for a rejects file)
	// Sheet names the sheet of an .xlsx workbook to read; "" reads the
	// first.
	Sheet string
	// Profile names the export the file is (see Profile; --source): ""
	// recognises it from the header, "none" reads the file as any other.
	Profile string
	// Form says the file came through the web import form: messages name
	// the form's controls (the column mapping, the date format) instead of
	// the command line's --map and --date-format.
	Form bool
	// Progress, when not nil, is told now and then while the file is
	// parsed how far it got: read of total bytes (of the file as text)
	// and the rows so far. It is called from the reading goroutine.
	Progress func(read, total int64, rows int)
}

// progressEvery is how many rows pass between calls of Options.Progress.
const progressEvery = 4096

// Result is the outcome of one read.
type Result[T any] struct {
	Header  []string         // the header row as found (CSV); JSON keys in first-seen order (JSONL)
	Mapping Mapping          // our field name -> index into Header
	Records []T              // the valid rows, in line order
	Errors  crm.RowErrors    // every problem, in line order
	Raw     map[int][]string // line -> raw cells, only with Options.KeepRaw (for every row, valid or not)
	// Profile is the export the file was read as, nil for none; Tally
	// counts the rows it left out or changed, by reason ("3 failed
	// payments not counted").
	Profile *ProfileUsed
	Tally   []Tally
	// Unread are the file's columns that nothing reads, so the import can
	// say so ("id", "domain" of an accounts file without a mapping for
	// them).
	Unread []string
}

// fileName is the name used in messages.
func fileName(name string) string {
	if name == "" {
		return "-"
	}
	return name
}

// quoteList renders `"a", "b", "c"`, the first crm.MaxShownErrors items
// and how many more there are.
func quoteList(items []string) string {
	var b strings.Builder
	for i, s := range items {
		if i == crm.MaxShownErrors {
			fmt.Fprintf(&b, " and %d more", len(items)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", s)
	}
	return b.String()
}
