package web

import (
	"net/http"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The accounts resource of the JSON API: list, read, create, change, delete.

// apiAccount is an account as the API shows it.
type apiAccount struct {
	ID                int64   `json:"id"`
	Source            string  `json:"source" doc:"where the account came from: the import source, or api"`
	ExternalID        string  `json:"external_id" doc:"the account's id in the system it came from; unique"`
	Name              string  `json:"name"`
	Domain            string  `json:"domain" doc:"web domain; unique"`
	Segment           string  `json:"segment"`
	Industry          string  `json:"industry"`
	SizeClass         string  `json:"size_class"`
	Region            string  `json:"region"`
	Owner             string  `json:"owner"`
	AcquiredAt        *string `json:"acquired_at" format:"date"`
	AcquisitionSource string  `json:"acquisition_source"`
	HeardAbout        string  `json:"heard_about" doc:"the customer's answer to how did you hear about us (point-of-sale tracking); mapped to an activity on /marketing"`
	ReferredByID      *int64  `json:"referred_by_id" doc:"the account that referred this one"`
	Status            string  `json:"status" enum:"active,inactive"`
}

func toAPIAccount(a crm.Account) apiAccount {
	return apiAccount{ID: a.ID, Source: a.Source, ExternalID: a.ExternalID, Name: a.Name, Domain: a.Domain, Segment: a.Segment,
		Industry: a.Industry, SizeClass: a.SizeClass, Region: a.Region, Owner: a.Owner, AcquiredAt: dateOut(a.AcquiredAt),
		AcquisitionSource: a.AcquisitionSource, HeardAbout: a.HeardAbout, ReferredByID: idOut(a.ReferredByID), Status: a.Status}
}

// accountInput is the body of POST (name required) and PATCH: fields left
// out (or null) stay as they are.
type accountInput struct {
	ExternalID        *string `json:"external_id"`
	Name              *string `json:"name"`
	Domain            *string `json:"domain"`
	Segment           *string `json:"segment"`
	Industry          *string `json:"industry"`
	SizeClass         *string `json:"size_class"`
	Region            *string `json:"region"`
	Owner             *string `json:"owner"`
	AcquiredAt        *string `json:"acquired_at" format:"date" doc:"YYYY-MM-DD; \"\" clears it"`
	AcquisitionSource *string `json:"acquisition_source"`
	HeardAbout        *string `json:"heard_about" doc:"how did you hear about us: the customer's own words; an answer mapped before makes a pos touch"`
	ReferredByID      *int64  `json:"referred_by_id" doc:"0 clears it"`
	Status            *string `json:"status" enum:"active,inactive"`
	ReferralCode      *string `json:"referral_code" doc:"a contact's referral code: the account is referred by the code's account"`
}

func (in accountInput) apply(a *crm.Account) error {
	set(&a.ExternalID, in.ExternalID)
	set(&a.Name, in.Name)
	set(&a.Domain, in.Domain)
	set(&a.Segment, in.Segment)
	set(&a.Industry, in.Industry)
	set(&a.SizeClass, in.SizeClass)
	set(&a.Region, in.Region)
	set(&a.Owner, in.Owner)
	set(&a.AcquisitionSource, in.AcquisitionSource)
	set(&a.HeardAbout, in.HeardAbout)
	set(&a.ReferredByID, in.ReferredByID)
	set(&a.Status, in.Status)
	return dateIn("acquired_at", in.AcquiredAt, &a.AcquiredAt)
}

// tiers are the values of the accounts list's tier filter.
var tierValues = []string{"A", "B", "C", "none"}

func (s *Server) apiListAccounts(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r)
	if err != nil {
		return err
	}
	f := store.AccountQuery{Q: q.get("q"), Segment: q.get("segment"), Owner: q.get("owner"), Status: q.get("status")}
	f.Limit, f.Offset = q.page()
	tier := q.get("tier")
	if q.err != nil {
		return q.err
	}
	if tier != "" {
		// Tiers are the dashboard's: the pareto report of the default
		// window, from the analytics cache (rebuilt after any change).
		snap, err := s.snapshot(r)
		if err != nil {
			return err
		}
		f.IDs = []int64{}
		for _, a := range snap.accounts {
			if a.Tier == tier || tier == "none" && a.Tier == "" {
				f.IDs = append(f.IDs, a.ID)
			}
		}
	}
	as, total, err := s.st.ListAccounts(r.Context(), f)
	if err != nil {
		return err
	}
	items := make([]apiAccount, len(as))
	for i, a := range as {
		items[i] = toAPIAccount(a)
	}
	return writeList(w, items, total, f.Limit, f.Offset)
}

func (s *Server) apiGetAccount(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	id, err := apiID(r, "account")
	if err != nil {
		return err
	}
	a, err := s.st.Account(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAPIAccount(*a))
	return nil
}

func (s *Server) apiCreateAccount(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	var in accountInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var a crm.Account
	if err := in.apply(&a); err != nil {
		return err
	}
	var err error
	if in.ReferralCode != nil && *in.ReferralCode != "" {
		a, err = s.st.CreateReferredAccount(r.Context(), a, *in.ReferralCode, crm.ReferralViaAPI)
	} else {
		a, err = s.st.CreateAccount(r.Context(), a)
	}
	if err != nil {
		return err
	}
	return created(w, "/api/v1/accounts", a.ID, toAPIAccount(a))
}

func (s *Server) apiUpdateAccount(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	id, err := apiID(r, "account")
	if err != nil {
		return err
	}
	var in accountInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.ReferralCode != nil && *in.ReferralCode != "" {
		if in.ReferredByID != nil {
			return crm.Errorf(crm.EINVALID, "referral_code: give it or referred_by_id, not both")
		}
		if _, err := s.st.ReferAccount(r.Context(), id, *in.ReferralCode, crm.ReferralViaAPI); err != nil {
			return err
		}
	}
	a, err := s.st.UpdateAccount(r.Context(), id, in.apply)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAPIAccount(a))
	return nil
}

func (s *Server) apiDeleteAccount(w http.ResponseWriter, r *http.Request) error {
	if err := noQuery(r); err != nil {
		return err
	}
	id, err := apiID(r, "account")
	if err != nil {
		return err
	}
	if err := s.st.DeleteAccount(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}
