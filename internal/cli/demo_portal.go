package cli

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"slices"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The demo's customer portal: a space for the A tier with a few wiki
// pages, and a portal login for a contact of the business's largest
// customer.

// demoPages are the A-tier space's pages, as a supplier would write them.
var demoPages = []struct{ title, body string }{
	{"Welcome", `# Welcome to your customer space

This space is for the customers who work with us most closely. You find
here what you need day to day — and the people behind it.

- [Datasheets and manuals](#) for every product you buy from us
- **Shipping**: order by 14:00, shipped the same day
- Questions? Your product managers answer here within one working day.
`},
	{"Datasheets and manuals", `# Datasheets and manuals

| Product | Datasheet | Manual |
|---|---|---|
| Bearing sets | BR-series, rev. 2026-09 | Mounting guide |
| Shafts | SH-series, rev. 2026-06 | Tolerances |
| Motors | MT-series, rev. 2026-10 | Installation and service |

Ask in the space if you need a drawing in another format.
`},
	{"Shipping and delivery", `# Shipping and delivery

1. Orders placed by **14:00** leave the warehouse the same day.
2. Express delivery in Germany, Austria and Switzerland: next working day.
3. Every shipment carries a tracking link; you see it with your order.

_Lieferungen nach Deutschland, Österreich und in die Schweiz: am nächsten Werktag._
`},
}

// demoPortal creates the A-tier space (unless there are spaces already)
// and signs up a contact of the largest customer with a new random
// password, which it returns with the contact's e-mail and account.
func demoPortal(ctx context.Context, st *store.Store) (email, account, password string, err error) {
	op := operator(ctx)
	spaces, err := st.Spaces(op)
	if err != nil {
		return "", "", "", err
	}
	var created int64 // the space made now
	if len(spaces) == 0 {
		sp, err := st.CreateSpace(op, "Key accounts", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelReply}})
		if err != nil {
			return "", "", "", err
		}
		for _, p := range demoPages {
			if _, err := st.AddSpacePage(op, sp.ID, p.title, p.body); err != nil {
				return "", "", "", err
			}
		}
		if _, err := st.CreateThread(op, sp.ID, "Ask us anything", "Post your questions about our products and deliveries here; the product managers answer within one working day."); err != nil {
			return "", "", "", err
		}
		day := time.Now().AddDate(0, 0, 7)
		starts := time.Date(day.Year(), day.Month(), day.Day(), 15, 0, 0, 0, time.Local)
		if _, err := st.CreateEvent(op, crm.Event{SpaceID: sp.ID, Title: "What's new in our motors", Kind: crm.EventWebinar, StartsAt: starts, Minutes: 45,
			JoinURL: "https://meet.jit.si/vitalfew-demo-webinar", Description: "45 minutes with the product manager, questions welcome."}); err != nil {
			return "", "", "", err
		}
		created = sp.ID
	}
	rep, err := report.Pareto(op, st, report.Params{})
	if err != nil {
		return "", "", "", err
	}
	if created != 0 {
		if err := demoIdeas(op, st, created, rep.Accounts); err != nil {
			return "", "", "", err
		}
		if len(rep.Accounts) > 0 {
			if err := demoCatalogue(op, st, created, rep.Accounts[0].ID); err != nil {
				return "", "", "", err
			}
		}
	}
	for _, top := range rep.Accounts {
		contacts, _, err := st.ListContacts(op, store.ContactQuery{AccountID: top.ID, Status: "active", Limit: 20})
		if err != nil {
			return "", "", "", err
		}
		for _, c := range contacts {
			for _, i := range c.Identities {
				if i.Kind != "email" {
					continue
				}
				b := make([]byte, 12)
				rand.Read(b)
				password = base64.RawURLEncoding.EncodeToString(b)
				hash, err := auth.HashPassword(password)
				if err != nil {
					return "", "", "", err
				}
				_, th := auth.NewToken(auth.InvitePrefix)
				if _, err := st.InvitePortal(op, i.Value, th, time.Now().Add(time.Hour), nil); err != nil {
					return "", "", "", err
				}
				if _, err := st.AcceptPortalInvitation(ctx, th, hash); err != nil {
					return "", "", "", err
				}
				if err := demoShipments(op, st, top.ID); err != nil {
					return "", "", "", err
				}
				return i.Value, top.Name, password, nil
			}
		}
	}
	return "", "", "", crm.Errorf(crm.ENOTFOUND, "no active contact with an e-mail address at any customer")
}

// demoShipments gives the latest orders of account accountID a shipment
// each, so that its portal contact sees where their goods are: the older
// delivered two days after they left, the latest still on its way.
func demoShipments(op context.Context, st *store.Store, accountID int64) error {
	orders, _, err := st.ListOrders(op, store.OrderQuery{AccountID: accountID, Limit: 4, Newest: true})
	if err != nil {
		return err
	}
	var recs []crm.ShipmentRecord
	for i, o := range orders {
		number := fmt.Sprintf("00340434%010d", o.ID)
		sh := crm.Shipment{ExternalID: number, Carrier: "DHL", ShippedAt: o.OrderedAt.AddDate(0, 0, 1), Status: crm.ShipmentDelivered,
			TrackingURL: "https://www.dhl.com/de-en/home/tracking/tracking-parcel.html?submit=1&tracking-id=" + number}
		if i == 0 {
			sh.Status = crm.ShipmentInTransit
		} else {
			sh.DeliveredAt = sh.ShippedAt.AddDate(0, 0, 2)
		}
		recs = append(recs, crm.ShipmentRecord{Line: i + 1, OrderExternalID: o.ExternalID, Shipment: sh})
	}
	if len(recs) == 0 {
		return nil
	}
	_, err = st.ImportShipments(op, recs, crm.ImportOptions{File: "demo", Source: "demo"})
	return err
}

// demoCatalogue describes the products the largest customer (account
// top) bought lately, up to six, and shows them in the space, where each
// customer sees what they bought of them.
func demoCatalogue(op context.Context, st *store.Store, spaceID, top int64) error {
	orders, _, err := st.ListOrders(op, store.OrderQuery{AccountID: top, Limit: 20, Newest: true})
	if err != nil {
		return err
	}
	var skus []string
	for _, o := range orders {
		lines, err := st.OrderLinesOf(op, o.ID)
		if err != nil {
			return err
		}
		for _, l := range lines {
			if len(skus) == 6 || slices.Contains(skus, l.SKU) {
				continue
			}
			skus = append(skus, l.SKU)
			desc := fmt.Sprintf("**%s** (%s)\n\n- Datasheet and mounting guide: ask in the forum, we post them here.\n"+
				"- Ships the same day when ordered by 14:00.\n- Spare parts kept for ten years after the last delivery.\n", l.Product, l.SKU)
			if err := st.SetProductDescription(op, l.ProductID, desc); err != nil {
				return err
			}
		}
	}
	if len(skus) == 0 {
		return nil
	}
	return st.ShowProducts(op, spaceID, skus)
}

// demoIdeas adds two ideas to the space, as staff heard them: one the
// largest customer asked for at a review, one several of the smallest
// asked for on calls, so that the weighed view shows who carries which.
func demoIdeas(op context.Context, st *store.Store, spaceID int64, ranked []pareto.Ranked) error {
	if len(ranked) == 0 {
		return nil
	}
	if _, err := st.CreateIdea(op, spaceID, "Order history as an Excel export", "All our invoices and order lines of a year in one file, for our controlling.",
		[]crm.IdeaRequester{{AccountID: ranked[0].ID, Note: "asked at the quarterly review"}}); err != nil {
		return err
	}
	var small []crm.IdeaRequester
	for i := len(ranked) - 1; i > 0 && len(small) < 5; i-- {
		small = append(small, crm.IdeaRequester{AccountID: ranked[i].ID, Note: "asked on a call"})
	}
	_, err := st.CreateIdea(op, spaceID, "A dark mode for the portal", "Easier on the eyes in the warehouse at night.", small)
	return err
}
