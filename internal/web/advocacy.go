package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The advocacy ledger on Account 360: staff record what the customer did
// for the business, and someone else verifies it.

// recordAdvocacy records an act from the form: kind, on (YYYY-MM-DD),
// contact_id (optional), evidence. Staff.
func (s *Server) recordAdvocacy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	act := crm.AdvocacyAct{AccountID: id, Kind: r.PostFormValue("kind"), Evidence: strings.TrimSpace(r.PostFormValue("evidence"))}
	if act.On, err = time.Parse(time.DateOnly, strings.TrimSpace(r.PostFormValue("on"))); err != nil || crm.CheckDate(act.On) != nil {
		return s.renderAccount(w, r, http.StatusBadRequest, tr(r, "date: want YYYY-MM-DD"))
	}
	if c := strings.TrimSpace(r.PostFormValue("contact_id")); c != "" {
		if act.ContactID, err = strconv.ParseInt(c, 10, 64); err != nil {
			return s.renderAccount(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), crm.Errorf(crm.EINVALID, "contact_id: no contact %d at this account", 0)))
		}
	}
	if _, err := s.st.RecordAdvocacy(r.Context(), act); err != nil {
		if crm.ErrorCode(err) == crm.EINVALID {
			return s.renderAccount(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err))
		}
		return err
	}
	http.Redirect(w, r, "/accounts/"+strconv.FormatInt(id, 10)+"#advocacy", http.StatusSeeOther)
	return nil
}

// verifyAdvocacy verifies an act of the account. Staff, not who recorded
// it.
func (s *Server) verifyAdvocacy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	act, err := strconv.ParseInt(r.PathValue("act_id"), 10, 64)
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such advocacy act")
	}
	if _, err := s.st.VerifyAdvocacy(r.Context(), id, act); err != nil {
		if crm.ErrorCode(err) == crm.EINVALID {
			return s.renderAccount(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err))
		}
		return err
	}
	http.Redirect(w, r, "/accounts/"+strconv.FormatInt(id, 10)+"#advocacy", http.StatusSeeOther)
	return nil
}
