package web

import (
	"net/http"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The touchpoints resource of the JSON API: the timeline across departments.

// apiTouchpoint is one entry of the timeline across departments.
type apiTouchpoint struct {
	ID            int64   `json:"id"`
	AccountID     int64   `json:"account_id"`
	ContactID     *int64  `json:"contact_id"`
	Source        string  `json:"source"`
	ExternalID    string  `json:"external_id" doc:"unique per source"`
	Kind          string  `json:"kind" doc:"ticket, call, meeting, note, webinar …"`
	Department    string  `json:"department" doc:"sales, marketing, support, product …"`
	OccurredAt    string  `json:"occurred_at" format:"date"`
	EffortMinutes float64 `json:"effort_minutes" doc:"staff time spent: the cost-to-serve input"`
	Subject       string  `json:"subject"`
	Body          string  `json:"body"`
}

func toAPITouchpoint(t crm.Touchpoint) apiTouchpoint {
	return apiTouchpoint{ID: t.ID, AccountID: t.AccountID, ContactID: idOut(t.ContactID), Source: t.Source, ExternalID: t.ExternalID,
		Kind: t.Kind, Department: t.Department, OccurredAt: t.OccurredAt.Format(time.DateOnly), EffortMinutes: t.EffortMinutes,
		Subject: t.Subject, Body: t.Body}
}

// touchpointInput is the body of POST (account_id, kind, department and a
// subject or body required; occurred_at defaults to today, a missing
// external_id is made up) and PATCH: fields left out (or null) stay as they
// are.
type touchpointInput struct {
	AccountID     *int64   `json:"account_id"`
	ContactID     *int64   `json:"contact_id" doc:"a contact of the same account; 0 clears it"`
	ExternalID    *string  `json:"external_id"`
	Kind          *string  `json:"kind"`
	Department    *string  `json:"department"`
	OccurredAt    *string  `json:"occurred_at" format:"date"`
	EffortMinutes *float64 `json:"effort_minutes"`
	Subject       *string  `json:"subject"`
	Body          *string  `json:"body"`
}

func (in touchpointInput) apply(t *crm.Touchpoint) error {
	set(&t.AccountID, in.AccountID)
	set(&t.ContactID, in.ContactID)
	set(&t.ExternalID, in.ExternalID)
	set(&t.Kind, in.Kind)
	set(&t.Department, in.Department)
	set(&t.EffortMinutes, in.EffortMinutes)
	set(&t.Subject, in.Subject)
	set(&t.Body, in.Body)
	return dateIn("occurred_at", in.OccurredAt, &t.OccurredAt)
}

func (s *Server) apiListTouchpoints(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r)
	if err != nil {
		return err
	}
	f := store.TouchpointQuery{AccountID: q.id("account_id"), ContactID: q.id("contact_id"), Department: q.get("department"),
		Kind: q.get("kind"), Since: q.date("since"), Until: q.date("until")}
	f.Limit, f.Offset = q.page()
	if q.err != nil {
		return q.err
	}
	ts, total, err := s.st.ListTouchpoints(r.Context(), f)
	if err != nil {
		return err
	}
	items := make([]apiTouchpoint, len(ts))
	for i, t := range ts {
		items[i] = toAPITouchpoint(t)
	}
	return writeList(w, items, total, f.Limit, f.Offset)
}

func (s *Server) apiGetTouchpoint(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	id, err := apiID(r, "touchpoint")
	if err != nil {
		return err
	}
	t, err := s.st.Touchpoint(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAPITouchpoint(t))
	return nil
}

func (s *Server) apiCreateTouchpoint(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	var in touchpointInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	t := crm.Touchpoint{OccurredAt: time.Now().UTC().Truncate(24 * time.Hour)}
	if err := in.apply(&t); err != nil {
		return err
	}
	t, err := s.st.CreateTouchpoint(r.Context(), t)
	if err != nil {
		return err
	}
	return created(w, "/api/v1/touchpoints", t.ID, toAPITouchpoint(t))
}

func (s *Server) apiUpdateTouchpoint(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	id, err := apiID(r, "touchpoint")
	if err != nil {
		return err
	}
	var in touchpointInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	t, err := s.st.UpdateTouchpoint(r.Context(), id, in.apply)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAPITouchpoint(t))
	return nil
}

func (s *Server) apiDeleteTouchpoint(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	id, err := apiID(r, "touchpoint")
	if err != nil {
		return err
	}
	if err := s.st.DeleteTouchpoint(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}
