package ingest

import (
	"io"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// ReadContacts reads a contacts file. Each row needs an account
// (customer_id, customer or email; an email alone lets the store find the
// account by its domain). The name is the name column or first and last
// name. Identities are the normalised email, phone, LinkedIn and X handles.
// The contact's ExternalID is its contact id, else its normalised email,
// else a content key. Status defaults to active.
func ReadContacts(r io.Reader, opt Options) (*Result[crm.ContactRecord], error) {
	t, b, err := open(r, KindContacts, opt)
	if err != nil {
		return nil, err
	}
	var (
		cID       = t.slot("customer_id")
		cCustomer = t.slot("customer")
		cEmail    = t.slot("email")
		cContact  = t.slot("contact_id")
		cName     = t.slot("name")
		cFirst    = t.slot("first_name")
		cLast     = t.slot("last_name")
		cPhone    = t.slot("phone")
		cLinkedIn = t.slot("linkedin")
		cX        = t.slot("x")
		cTitle    = t.slot("title")
		cStatus   = t.slot("status")
		verified  = b.dateCol("last_verified_at")
	)
	recs := make([]crm.ContactRecord, 0, t.rows())
	for i := range t.rows() {
		b.start(i)
		ref := b.accountRef(cID, cCustomer, cEmail)
		name := b.cell(cName)
		if name == "" {
			name = strings.TrimSpace(b.cell(cFirst) + " " + b.cell(cLast))
		}
		c := crm.Contact{Name: name, Title: b.cell(cTitle), Status: crm.ContactActive}
		if s := b.cell(cStatus); s != "" {
			var ok bool
			if c.Status, ok = contactStatus(s); !ok {
				b.fail("status", "unknown %q (want active or left)", s)
			}
		}
		c.LastVerifiedAt = b.date(verified, "last_verified_at", false)
		if ref.Email != "" {
			c.Identities = append(c.Identities, crm.Identity{Kind: crm.IdentityEmail, Value: ref.Email})
		}
		if s := b.cell(cPhone); s != "" {
			if p, err := crm.NormalizeIdentity(crm.IdentityPhone, s); err == nil {
				c.Identities = append(c.Identities, crm.Identity{Kind: crm.IdentityPhone, Value: p})
			} else {
				b.fail("phone", "not a phone number: %q", s)
			}
		}
		if s := b.cell(cLinkedIn); s != "" {
			if h, err := crm.NormalizeIdentity(crm.IdentityLinkedIn, s); err == nil {
				c.Identities = append(c.Identities, crm.Identity{Kind: crm.IdentityLinkedIn, Value: h})
			} else {
				b.fail("linkedin", "not a LinkedIn profile: %q", s)
			}
		}
		if s := b.cell(cX); s != "" {
			if h, err := crm.NormalizeIdentity(crm.IdentityX, s); err == nil {
				c.Identities = append(c.Identities, crm.Identity{Kind: crm.IdentityX, Value: h})
			} else {
				b.fail("x", "not an X handle: %q", s)
			}
		}
		if !b.ok {
			continue
		}
		switch c.ExternalID = b.cell(cContact); {
		case c.ExternalID != "":
		case ref.Email != "":
			c.ExternalID = ref.Email
		default:
			b.keyStart()
			b.keyAdd(ref.ExternalID)
			b.keyAdd(ref.Name)
			b.keyAdd(name)
			for _, id := range c.Identities {
				b.keyAdd(id.Kind + "=" + id.Value)
			}
			c.ExternalID = b.key()
		}
		recs = append(recs, crm.ContactRecord{Line: b.line, Account: ref, Contact: c})
	}
	return finish(b, recs), nil
}

// contactStatus reads a contact status in English or German.
func contactStatus(s string) (string, bool) {
	switch headerKey(s) {
	case "active", "aktiv", "current", "yes", "ja", "true", "1":
		return crm.ContactActive, true
	case "left", "leftcompany", "hasleft", "ausgeschieden", "inactive", "inaktiv", "former", "ehemalig", "gone",
		"nolongerwithcompany", "nichtmehrimunternehmen", "nichtmehrda", "no", "nein", "false", "0":
		return crm.ContactLeft, true
	}
	return "", false
}
