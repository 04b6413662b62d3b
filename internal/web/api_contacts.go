package web

import (
	"net/http"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The contacts resource of the JSON API, with their identities.

// apiIdentity is one way to recognise a contact.
type apiIdentity struct {
	Kind  string `json:"kind" enum:"email,phone,linkedin,x,instagram,facebook,youtube"`
	Value string `json:"value" doc:"normalised: emails lower case, phones as +digits, handles without @ or URL"`
}

// apiContact is a person at an account.
type apiContact struct {
	ID             int64         `json:"id"`
	AccountID      int64         `json:"account_id"`
	Source         string        `json:"source"`
	ExternalID     string        `json:"external_id"`
	Name           string        `json:"name"`
	Title          string        `json:"title"`
	Status         string        `json:"status" enum:"active,left"`
	LastVerifiedAt *string       `json:"last_verified_at" format:"date" doc:"when someone last checked that the contact is current"`
	Identities     []apiIdentity `json:"identities"`
}

func toAPIContact(c crm.Contact) apiContact {
	ids := make([]apiIdentity, len(c.Identities))
	for i, idn := range c.Identities {
		ids[i] = apiIdentity(idn)
	}
	return apiContact{ID: c.ID, AccountID: c.AccountID, Source: c.Source, ExternalID: c.ExternalID, Name: c.Name, Title: c.Title,
		Status: c.Status, LastVerifiedAt: dateOut(c.LastVerifiedAt), Identities: ids}
}

// contactInput is the body of POST (account_id and a name or an identity
// required) and PATCH: fields left out (or null) stay as they are; a given
// identities list replaces the stored one.
type contactInput struct {
	AccountID      *int64         `json:"account_id"`
	ExternalID     *string        `json:"external_id"`
	Name           *string        `json:"name"`
	Title          *string        `json:"title"`
	Status         *string        `json:"status" enum:"active,left"`
	LastVerifiedAt *string        `json:"last_verified_at" format:"date" doc:"YYYY-MM-DD; \"\" clears it"`
	Identities     *[]apiIdentity `json:"identities" doc:"emails, phones and social handles; an email belongs to one contact only"`
}

func (in contactInput) apply(c *crm.Contact) error {
	set(&c.AccountID, in.AccountID)
	set(&c.ExternalID, in.ExternalID)
	set(&c.Name, in.Name)
	set(&c.Title, in.Title)
	set(&c.Status, in.Status)
	if in.Identities != nil {
		c.Identities = make([]crm.Identity, len(*in.Identities))
		for i, idn := range *in.Identities {
			c.Identities[i] = crm.Identity(idn)
		}
	}
	return dateIn("last_verified_at", in.LastVerifiedAt, &c.LastVerifiedAt)
}

func (s *Server) apiListContacts(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r)
	if err != nil {
		return err
	}
	f := store.ContactQuery{AccountID: q.id("account_id"), Status: q.get("status"), Email: q.get("email")}
	f.Limit, f.Offset = q.page()
	if q.err != nil {
		return q.err
	}
	cs, total, err := s.st.ListContacts(r.Context(), f)
	if err != nil {
		return err
	}
	items := make([]apiContact, len(cs))
	for i, c := range cs {
		items[i] = toAPIContact(c)
	}
	return writeList(w, items, total, f.Limit, f.Offset)
}

func (s *Server) apiGetContact(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	id, err := apiID(r, "contact")
	if err != nil {
		return err
	}
	c, err := s.st.Contact(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAPIContact(c))
	return nil
}

func (s *Server) apiCreateContact(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	var in contactInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var c crm.Contact
	if err := in.apply(&c); err != nil {
		return err
	}
	c, err := s.st.CreateContact(r.Context(), c)
	if err != nil {
		return err
	}
	return created(w, "/api/v1/contacts", c.ID, toAPIContact(c))
}

func (s *Server) apiUpdateContact(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	id, err := apiID(r, "contact")
	if err != nil {
		return err
	}
	var in contactInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.st.UpdateContact(r.Context(), id, in.apply)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAPIContact(c))
	return nil
}

func (s *Server) apiDeleteContact(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	id, err := apiID(r, "contact")
	if err != nil {
		return err
	}
	if err := s.st.DeleteContact(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}
