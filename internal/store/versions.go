package store

import (
	"context"
	"fmt"
	"strings"
)

// Versions are the versions of the parts of the data that figures are
// computed from. Each moves on with every write that changes its part (in
// the writing transaction: see audit), so a cache of figures keys each
// figure on the parts it reads: the customer model on Orders, cost-to-serve
// on Orders, Touchpoints and Settings, and so on. A note moves Touchpoints
// only.
type Versions struct {
	Accounts, Contacts, Orders, Touchpoints, Mentions, Settings, Users int64
}

// String writes the versions as one key: "a.c.o.t.m.s.u".
func (v Versions) String() string {
	return fmt.Sprintf("%d.%d.%d.%d.%d.%d.%d", v.Accounts, v.Contacts, v.Orders, v.Touchpoints, v.Mentions, v.Settings, v.Users)
}

// The parts, as named in the data_versions table.
const (
	partAccounts    = "accounts"
	partContacts    = "contacts"
	partOrders      = "orders"
	partTouchpoints = "touchpoints"
	partMentions    = "mentions"
	partSettings    = "settings"
	partUsers       = "users"
)

// customerData are the parts that hang off an account: deleting one
// removes its share of each.
var customerData = []string{partAccounts, partContacts, partOrders, partTouchpoints, partMentions}

// touched names the parts a write changes, by its audit action and entity
// (an import's entity is its kind). This is the one place that knows.
func touched(action, entity string) []string {
	switch entity {
	case "account":
		if action == "delete" {
			return customerData
		}
		return []string{partAccounts}
	case "contact":
		if action == "delete" { // mentions and touchpoints lose their contact
			return []string{partContacts, partTouchpoints, partMentions}
		}
		return []string{partContacts}
	case "order":
		return []string{partOrders}
	case "touchpoint":
		return []string{partTouchpoints}
	case "advocacy_act": // an account's advocacy: its stage of the funnel
		return []string{partAccounts}
	case "referral_code": // no figure reads the codes; a referral made with one is an account's change
		return nil
	case "mention":
		return []string{partMentions}
	case "contact_identity":
		return []string{partContacts, partMentions}
	case "setting":
		return []string{partSettings}
	case "user", "api_token":
		return []string{partUsers}
	// Imports, by kind: each may create the accounts it names.
	case "accounts":
		return []string{partAccounts}
	case "contacts":
		return []string{partContacts, partAccounts}
	case "orders", "order-lines":
		return []string{partOrders, partAccounts}
	case "touchpoints":
		return []string{partTouchpoints, partAccounts}
	case "mentions":
		return []string{partMentions, partContacts}
	case "shipments": // no figure reads shipments, and their import creates no account
		return nil
	case "activities", "activity-touches", "activity_touch": // no kept figure reads marketing yet, and they create no account
		return nil
	}
	return []string{partAccounts, partContacts, partOrders, partTouchpoints, partMentions, partSettings, partUsers}
}

// touch moves on the versions of parts, in the transaction of q.
func touch(ctx context.Context, q querier, parts ...string) error {
	if len(parts) == 0 {
		return nil
	}
	args := make([]any, len(parts))
	marks := make([]string, len(parts))
	for i, p := range parts {
		args[i], marks[i] = p, fmt.Sprintf("$%d", i+1)
	}
	_, err := q.ExecContext(ctx, `UPDATE data_versions SET version = version + 1 WHERE part IN (`+strings.Join(marks, ", ")+`)`, args...)
	return err
}

// Versions returns the versions of the data's parts: one small read, meant
// for every request of a page that shows cached figures.
func (s *Store) Versions(ctx context.Context) (Versions, error) {
	var v Versions
	rows, err := s.db.QueryContext(ctx, `SELECT part, version FROM data_versions`)
	if err != nil {
		return v, fmt.Errorf("store: versions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var part string
		var n int64
		if err := rows.Scan(&part, &n); err != nil {
			return v, fmt.Errorf("store: versions: %w", err)
		}
		switch part {
		case partAccounts:
			v.Accounts = n
		case partContacts:
			v.Contacts = n
		case partOrders:
			v.Orders = n
		case partTouchpoints:
			v.Touchpoints = n
		case partMentions:
			v.Mentions = n
		case partSettings:
			v.Settings = n
		case partUsers:
			v.Users = n
		}
	}
	if err := rows.Err(); err != nil {
		return v, fmt.Errorf("store: versions: %w", err)
	}
	return v, nil
}
