package web

import (
	"net/http"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The orders resource of the JSON API: invoices and credits.

// apiOrder is an invoice; credits are negative amounts.
type apiOrder struct {
	ID         int64     `json:"id"`
	AccountID  int64     `json:"account_id"`
	Source     string    `json:"source"`
	ExternalID string    `json:"external_id" doc:"the invoice number; unique per source"`
	OrderedAt  string    `json:"ordered_at" format:"date"`
	Amount     crm.Money `json:"amount" doc:"net amount, at most two decimals; negative for credits"`
	Currency   string    `json:"currency" doc:"ISO 4217 code, or empty"`
	Final      bool      `json:"final" doc:"the final invoice of a project: the survey chosen for final invoices goes to its contact"`
	// ContactEmail is the invoice's contact, when known.
	ContactEmail string `json:"contact_email" doc:"the invoice's contact at the account, or empty (then the account's first contact)"`
}

func toAPIOrder(o crm.Order) apiOrder {
	return apiOrder{ID: o.ID, AccountID: o.AccountID, Source: o.Source, ExternalID: o.ExternalID,
		OrderedAt: o.OrderedAt.Format(time.DateOnly), Amount: o.Amount, Currency: o.Currency, Final: o.Final, ContactEmail: o.ContactEmail}
}

// orderInput is the body of POST (account_id, ordered_at and amount
// required; a missing external_id is made up) and PATCH: fields left out
// (or null) stay as they are.
type orderInput struct {
	AccountID  *int64     `json:"account_id"`
	ExternalID *string    `json:"external_id"`
	OrderedAt  *string    `json:"ordered_at" format:"date"`
	Amount     *crm.Money `json:"amount"`
	Currency   *string    `json:"currency"`
	Final      *bool      `json:"final"`
	// ContactEmail names the invoice's contact.
	ContactEmail *string `json:"contact_email"`
}

func (in orderInput) apply(o *crm.Order) error {
	set(&o.AccountID, in.AccountID)
	set(&o.ExternalID, in.ExternalID)
	set(&o.Amount, in.Amount)
	set(&o.Currency, in.Currency)
	set(&o.Final, in.Final)
	set(&o.ContactEmail, in.ContactEmail)
	return dateIn("ordered_at", in.OrderedAt, &o.OrderedAt)
}

func (s *Server) apiListOrders(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r)
	if err != nil {
		return err
	}
	f := store.OrderQuery{AccountID: q.id("account_id"), Since: q.date("since"), Until: q.date("until")}
	f.Limit, f.Offset = q.page()
	if q.err != nil {
		return q.err
	}
	os, total, err := s.st.ListOrders(r.Context(), f)
	if err != nil {
		return err
	}
	items := make([]apiOrder, len(os))
	for i, o := range os {
		items[i] = toAPIOrder(o)
	}
	return writeList(w, items, total, f.Limit, f.Offset)
}

func (s *Server) apiGetOrder(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	id, err := apiID(r, "order")
	if err != nil {
		return err
	}
	o, err := s.st.Order(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAPIOrder(o))
	return nil
}

func (s *Server) apiCreateOrder(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	var in orderInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Amount == nil {
		return crm.Errorf(crm.EINVALID, "amount: required")
	}
	var o crm.Order
	if err := in.apply(&o); err != nil {
		return err
	}
	o, err := s.st.CreateOrder(r.Context(), o)
	if err != nil {
		return err
	}
	return created(w, "/api/v1/orders", o.ID, toAPIOrder(o))
}

func (s *Server) apiUpdateOrder(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	id, err := apiID(r, "order")
	if err != nil {
		return err
	}
	var in orderInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	o, err := s.st.UpdateOrder(r.Context(), id, in.apply)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAPIOrder(o))
	return nil
}

func (s *Server) apiDeleteOrder(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	id, err := apiID(r, "order")
	if err != nil {
		return err
	}
	if err := s.st.DeleteOrder(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}
