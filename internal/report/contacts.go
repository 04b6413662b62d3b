package report

import (
	"cmp"
	"context"
	"io"
	"slices"
	"strings"

	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// StaleContactsReport lists the contacts whose details may be out of date at
// accounts that still buy.
type StaleContactsReport struct {
	AsOf      string         `json:"as_of"`
	AfterDays int            `json:"after_days"` // stale when not verified for more than this
	Contacts  []StaleContact `json:"contacts"`   // by account name, account id, contact name, contact id
	Count     int            `json:"count"`

	limit int
}

// StaleContact is one contact to re-verify. LastVerified is "" and
// DaysSinceVerified null when the contact was never verified.
type StaleContact struct {
	AccountID         int64  `json:"account_id"`
	Account           string `json:"account"`
	ContactID         int64  `json:"contact_id"`
	Name              string `json:"name"`
	Title             string `json:"title"`
	Email             string `json:"email"`
	Phone             string `json:"phone"`
	LastVerified      string `json:"last_verified"`
	DaysSinceVerified *int   `json:"days_since_verified"`
}

// StaleContacts lists the active contacts not verified for more than
// StaleAfter whole days before AsOf, or never, at accounts that are current
// customers: a positive order within LapsedAfter (default 730 days, two
// years) before AsOf. Since and Until are not used.
func StaleContacts(ctx context.Context, st *store.Store, p Params) (*StaleContactsReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	hist, err := st.CustomerHistories(ctx, s.asOf)
	if err != nil {
		return nil, err
	}
	var current []int64
	for _, h := range hist {
		if h.Orders > 0 && daysBetween(h.LastOrder, s.asOf) <= s.lapsedDays {
			current = append(current, h.ID)
		}
	}
	r := &StaleContactsReport{AsOf: day(s.asOf), AfterDays: s.staleDays, Contacts: []StaleContact{}, limit: s.limit}
	if len(current) > 0 {
		rows, err := st.Contacts(ctx, store.ContactFilter{
			AccountIDs: current, ActiveOnly: true, VerifiedBefore: s.asOf.AddDate(0, 0, -s.staleDays),
		})
		if err != nil {
			return nil, err
		}
		for _, c := range rows {
			sc := StaleContact{
				AccountID: c.AccountID, Account: c.AccountName, ContactID: c.ID, Name: c.Name, Title: c.Title,
				Email: c.Email, Phone: c.Phone, LastVerified: day(c.LastVerifiedAt),
			}
			if !c.LastVerifiedAt.IsZero() {
				d := daysBetween(c.LastVerifiedAt, s.asOf)
				sc.DaysSinceVerified = &d
			}
			r.Contacts = append(r.Contacts, sc)
		}
	}
	// Sorted here, not in SQL, so that the order is the same on both
	// databases whatever their collation.
	slices.SortFunc(r.Contacts, func(a, b StaleContact) int {
		return cmp.Or(strings.Compare(a.Account, b.Account), cmp.Compare(a.AccountID, b.AccountID),
			strings.Compare(a.Name, b.Name), cmp.Compare(a.ContactID, b.ContactID))
	})
	r.Count = len(r.Contacts)
	return r, nil
}

// WriteText writes the headline and the contacts.
func (r *StaleContactsReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Stale contacts (as of %s)\n\n", r.AsOf)
	if r.Count == 0 {
		t.p("Every active contact at a current customer was verified in the last %s days.\n", t.l.Count(int64(r.AfterDays)))
		return t.flush()
	}
	t.p("%s active contacts at current customers were not verified for more than %s days, or never.\n\n",
		t.l.Count(int64(r.Count)), t.l.Count(int64(r.AfterDays)))
	n := limited(len(r.Contacts), r.limit)
	tt := t.table("Account", "Contact", "Title", "Email", "Phone", "Last verified", ">Days")
	for _, c := range r.Contacts[:n] {
		days := t.l.Value("never")
		if c.DaysSinceVerified != nil {
			days = t.l.Count(int64(*c.DaysSinceVerified))
		}
		tt.add(nameCell(c.Account), nameCell(c.Name), orDash(textfmt.Clip(c.Title, 24)), orDash(textfmt.Clip(c.Email, 40)), orDash(c.Phone),
			orDash(c.LastVerified), days)
	}
	tt.write(t.b)
	t.more(n, len(r.Contacts))
	return t.flush()
}

// WriteCSV writes the contacts with the JSON's columns; days_since_verified
// is empty for contacts never verified.
func (r *StaleContactsReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "account_id", "account", "contact_id", "name", "title", "email", "phone", "last_verified", "days_since_verified")
	for _, s := range r.Contacts {
		days := ""
		if s.DaysSinceVerified != nil {
			days = fmtInt(*s.DaysSinceVerified)
		}
		c.row(fmtID(s.AccountID), s.Account, fmtID(s.ContactID), s.Name, s.Title, s.Email, s.Phone,
			s.LastVerified, days)
	}
	return c.flush()
}

// HolidayCardsReport is the mail-merge list of the people at the accounts
// that carry the business: the active contacts of the A and B accounts of
// the window.
type HolidayCardsReport struct {
	AsOf     string        `json:"as_of"`
	Since    string        `json:"since"`
	Until    string        `json:"until"`
	Contacts []CardContact `json:"contacts"` // by tier, account rank, contact name, contact id

	limit int
}

// CardContact is one holiday-card recipient.
type CardContact struct {
	AccountID int64  `json:"account_id"`
	Account   string `json:"account"`
	Tier      string `json:"tier"`
	Rank      int    `json:"rank"` // the account's pareto rank in the window
	ContactID int64  `json:"contact_id"`
	Name      string `json:"name"`
	Title     string `json:"title"`
	Email     string `json:"email"`
	Phone     string `json:"phone"`
}

// cardTiers are the tiers whose contacts get a card.
var cardTiers = map[string]bool{"A": true, "B": true}

// HolidayCards lists the active contacts of the accounts in tiers A and B
// of the pareto analysis over the window.
func HolidayCards(ctx context.Context, st *store.Store, p Params) (*HolidayCardsReport, error) {
	s, err := settle(ctx, st, p)
	if err != nil {
		return nil, err
	}
	res, err := tiersOver(ctx, st, s)
	if err != nil {
		return nil, err
	}
	r := &HolidayCardsReport{AsOf: day(s.asOf), Since: day(s.since), Until: day(s.until), Contacts: []CardContact{}, limit: s.limit}
	type place struct {
		tier string
		rank int
	}
	at := map[int64]place{}
	var ids []int64
	for _, rk := range res.Ranked {
		if cardTiers[rk.Tier] {
			at[rk.ID] = place{rk.Tier, rk.Rank}
			ids = append(ids, rk.ID)
		}
	}
	if len(ids) == 0 {
		return r, nil
	}
	rows, err := st.Contacts(ctx, store.ContactFilter{AccountIDs: ids, ActiveOnly: true})
	if err != nil {
		return nil, err
	}
	for _, c := range rows {
		pl := at[c.AccountID]
		r.Contacts = append(r.Contacts, CardContact{
			AccountID: c.AccountID, Account: c.AccountName, Tier: pl.tier, Rank: pl.rank,
			ContactID: c.ID, Name: c.Name, Title: c.Title, Email: c.Email, Phone: c.Phone,
		})
	}
	slices.SortFunc(r.Contacts, func(a, b CardContact) int {
		return cmp.Or(strings.Compare(a.Tier, b.Tier), cmp.Compare(a.Rank, b.Rank),
			strings.Compare(a.Name, b.Name), cmp.Compare(a.ContactID, b.ContactID))
	})
	return r, nil
}

// WriteText writes the recipients as a table.
func (r *HolidayCardsReport) WriteText(w io.Writer) error {
	t := newText(w)
	t.p("Holiday cards  %s .. %s (as of %s)\n\n", r.Since, r.Until, r.AsOf)
	accounts := map[int64]bool{}
	for _, c := range r.Contacts {
		accounts[c.AccountID] = true
	}
	t.p("%s active contacts at the %s tier A and B accounts with contacts.\n", t.l.Count(int64(len(r.Contacts))), t.l.Count(int64(len(accounts))))
	if len(r.Contacts) == 0 {
		return t.flush()
	}
	t.p("\n")
	n := limited(len(r.Contacts), r.limit)
	tt := t.table("Account", "Tier", "Name", "Title", "Email", "Phone")
	for _, c := range r.Contacts[:n] {
		tt.add(nameCell(c.Account), c.Tier, nameCell(c.Name), orDash(textfmt.Clip(c.Title, 24)), orDash(textfmt.Clip(c.Email, 40)), orDash(c.Phone))
	}
	tt.write(t.b)
	t.more(n, len(r.Contacts))
	return t.flush()
}

// WriteCSV writes the mail-merge list: account,tier,name,title,email,phone.
func (r *HolidayCardsReport) WriteCSV(w io.Writer) error {
	c := newCSV(w, "account", "tier", "name", "title", "email", "phone")
	for _, x := range r.Contacts {
		c.row(x.Account, x.Tier, x.Name, x.Title, x.Email, x.Phone)
	}
	return c.flush()
}
