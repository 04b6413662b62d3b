package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The JSON API under /api/v1: accounts, contacts, orders and touchpoints
// (list with filters and pages, create, read, update, delete) and the
// reports. Requests authenticate with "Authorization: Bearer TOKEN" (see
// wrap); bodies are JSON objects of at most maxBody bytes with no unknown
// fields; dates are YYYY-MM-DD; errors are {"error":{"code","message"}}.
// Every route is described in openapi.go, whose table also says which
// query parameters a route takes: anything else is refused.

// maxBody is the largest request body the API reads.
const maxBody = 1 << 20

// listOf is one page of a list.
type listOf[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total" doc:"number of all items matching the filters"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

func writeList[T any](w http.ResponseWriter, items []T, total, limit, offset int) error {
	if items == nil {
		items = []T{}
	}
	writeJSON(w, http.StatusOK, listOf[T]{Items: items, Total: total, Limit: limit, Offset: offset})
	return nil
}

func created(w http.ResponseWriter, path string, id int64, v any) error {
	w.Header().Set("Location", path+"/"+strconv.FormatInt(id, 10))
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func noContent(w http.ResponseWriter) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// --- request bodies -------------------------------------------------------

// decodeJSON reads the request body, one JSON object with no unknown
// fields, into dst. Errors are EINVALID and name the field.
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return crm.Errorf(crm.EINVALID, "Content-Type: want application/json")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return bodyError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return crm.Errorf(crm.EINVALID, "body: want one JSON object and nothing after it")
	}
	return nil
}

// bodyError turns a JSON decoding error into an EINVALID error naming the
// field.
func bodyError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var big *http.MaxBytesError
	switch {
	case errors.As(err, &big):
		return crm.Errorf(crm.EINVALID, "body: larger than %d bytes", big.Limit)
	case errors.Is(err, io.EOF):
		return crm.Errorf(crm.EINVALID, "body: empty; want a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return crm.Errorf(crm.EINVALID, "body: the JSON ends too early")
	case errors.As(err, &syn):
		return crm.Errorf(crm.EINVALID, "body: not valid JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ) && typ.Type == reflect.TypeFor[crm.Money]():
		return crm.Errorf(crm.EINVALID, "%s: want a number with at most two decimals, within ±1,000,000,000,000, got %s",
			typ.Field, strings.TrimPrefix(typ.Value, "number "))
	case errors.As(err, &typ):
		if typ.Field == "" {
			return crm.Errorf(crm.EINVALID, "body: want a JSON object, got %s", typ.Value)
		}
		return crm.Errorf(crm.EINVALID, "%s: want %s, got %s", typ.Field, jsonKind(typ.Type.Kind().String()), typ.Value)
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return crm.Errorf(crm.EINVALID, "%s: unknown field", strings.Trim(f, `"`))
	}
	return crm.Errorf(crm.EINVALID, "body: %v", err)
}

// jsonKind names a Go kind the way the JSON body has it.
func jsonKind(k string) string {
	switch {
	case strings.HasPrefix(k, "int"), strings.HasPrefix(k, "uint"):
		return "a whole number"
	case strings.HasPrefix(k, "float"):
		return "a number"
	case k == "slice":
		return "an array"
	case k == "struct", k == "map":
		return "an object"
	}
	return "a " + k
}

// dateIn parses the date v of field into dst; "" clears it.
func dateIn(field string, v *string, dst *time.Time) error {
	if v == nil {
		return nil
	}
	if *v == "" {
		*dst = time.Time{}
		return nil
	}
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(*v))
	if err != nil {
		return crm.Errorf(crm.EINVALID, "%s: want a date like 2024-12-31, got %q", field, *v)
	}
	if err := crm.CheckDate(t); err != nil || t.IsZero() {
		return crm.Errorf(crm.EINVALID, "%s: %s is outside 1900-01-01..2100-12-31", field, t.Format(time.DateOnly))
	}
	*dst = t
	return nil
}

func dateOut(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

func idOut(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// apiID is the {id} of the request's path; ENOTFOUND naming what when it
// is not an id.
func apiID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, crm.Errorf(crm.ENOTFOUND, "%s %q not found", what, r.PathValue("id"))
	}
	return id, nil
}

// --- query parameters -----------------------------------------------------

// apiQuery reads the query parameters of a request. Only the parameters
// the OpenAPI table lists for the request's route may be sent and read:
// others are refused (sent) or an internal error (read), so the code and
// the document cannot disagree.
type apiQuery struct {
	v     url.Values
	known []apiParam
	err   error
}

func query(r *http.Request) (*apiQuery, error) {
	op, ok := apiOps()[r.Pattern]
	if !ok {
		return nil, fmt.Errorf("web: route %q is not in the API table", r.Pattern)
	}
	q := &apiQuery{v: r.URL.Query(), known: op.params}
	for name := range q.v {
		if !slices.ContainsFunc(q.known, func(p apiParam) bool { return p.name == name }) {
			names := make([]string, len(q.known))
			for i, p := range q.known {
				names[i] = p.name
			}
			if len(names) == 0 {
				return nil, crm.Errorf(crm.EINVALID, "%s: unknown query parameter (this route takes none)", name)
			}
			return nil, crm.Errorf(crm.EINVALID, "%s: unknown query parameter (known: %s)", name, strings.Join(names, ", "))
		}
	}
	return q, nil
}

// noQuery refuses query parameters on a route that takes none.
func noQuery(r *http.Request) error {
	_, err := query(r)
	return err
}

// get returns the trimmed value of parameter name, "" when absent.
func (q *apiQuery) get(name string) string {
	if q.err != nil {
		return ""
	}
	i := slices.IndexFunc(q.known, func(p apiParam) bool { return p.name == name })
	if i < 0 {
		q.err = fmt.Errorf("web: query parameter %q is not in the API table", name)
		return ""
	}
	vs := q.v[name]
	switch {
	case len(vs) == 0:
		return ""
	case len(vs) > 1:
		q.err = crm.Errorf(crm.EINVALID, "%s: given more than once", name)
		return ""
	}
	v := strings.TrimSpace(vs[0])
	if p := q.known[i]; len(p.enum) > 0 && v != "" && !slices.Contains(p.enum, v) {
		q.err = crm.Errorf(crm.EINVALID, "%s: %q is not one of %s", name, v, strings.Join(p.enum, ", "))
		return ""
	}
	return v
}

// int returns parameter name as a whole number in [lo, hi], or def.
func (q *apiQuery) int(name string, def, lo, hi int) int {
	s := q.get(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		q.fail("%s: want a whole number from %d to %d, got %q", name, lo, hi, s)
		return def
	}
	return n
}

// id returns parameter name as an id; 0 when absent.
func (q *apiQuery) id(name string) int64 {
	s := q.get(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		q.fail("%s: want an id (a positive whole number), got %q", name, s)
		return 0
	}
	return n
}

// date returns parameter name as a date; the zero time when absent.
func (q *apiQuery) date(name string) time.Time {
	s := q.get(name)
	var t time.Time
	if err := dateIn(name, &s, &t); err != nil && q.err == nil {
		q.err = err
	}
	return t
}

// page returns the limit and offset of a list.
func (q *apiQuery) page() (limit, offset int) {
	return q.int("limit", store.DefaultPageSize, 1, store.MaxPageSize), q.int("offset", 0, 0, math.MaxInt32)
}

func (q *apiQuery) fail(format string, args ...any) {
	if q.err == nil {
		q.err = crm.Errorf(crm.EINVALID, format, args...)
	}
}

// --- accounts -------------------------------------------------------------

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
	ReferredByID      *int64  `json:"referred_by_id" doc:"the account that referred this one"`
	Status            string  `json:"status" enum:"active,inactive"`
}

func toAPIAccount(a crm.Account) apiAccount {
	return apiAccount{ID: a.ID, Source: a.Source, ExternalID: a.ExternalID, Name: a.Name, Domain: a.Domain, Segment: a.Segment,
		Industry: a.Industry, SizeClass: a.SizeClass, Region: a.Region, Owner: a.Owner, AcquiredAt: dateOut(a.AcquiredAt),
		AcquisitionSource: a.AcquisitionSource, ReferredByID: idOut(a.ReferredByID), Status: a.Status}
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
	ReferredByID      *int64  `json:"referred_by_id" doc:"0 clears it"`
	Status            *string `json:"status" enum:"active,inactive"`
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
	a, err := s.st.CreateAccount(r.Context(), a)
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

// --- contacts -------------------------------------------------------------

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

// --- orders ---------------------------------------------------------------

// apiOrder is an invoice; credits are negative amounts.
type apiOrder struct {
	ID         int64     `json:"id"`
	AccountID  int64     `json:"account_id"`
	Source     string    `json:"source"`
	ExternalID string    `json:"external_id" doc:"the invoice number; unique per source"`
	OrderedAt  string    `json:"ordered_at" format:"date"`
	Amount     crm.Money `json:"amount" doc:"net amount, at most two decimals; negative for credits"`
	Currency   string    `json:"currency" doc:"ISO 4217 code, or empty"`
}

func toAPIOrder(o crm.Order) apiOrder {
	return apiOrder{ID: o.ID, AccountID: o.AccountID, Source: o.Source, ExternalID: o.ExternalID,
		OrderedAt: o.OrderedAt.Format(time.DateOnly), Amount: o.Amount, Currency: o.Currency}
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
}

func (in orderInput) apply(o *crm.Order) error {
	set(&o.AccountID, in.AccountID)
	set(&o.ExternalID, in.ExternalID)
	set(&o.Amount, in.Amount)
	set(&o.Currency, in.Currency)
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

// --- touchpoints ----------------------------------------------------------

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

// --- reports --------------------------------------------------------------

// apiReport answers GET /api/v1/reports/{name} with what
// `vitalfew report NAME --json` prints for the same parameters. Without
// parameters, the reports the pages show come from the analytics snapshot,
// with as_of_version and stale (see writeFigures), for users who see every
// account; the others' reports are worked out for their accounts.
func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if !slices.Contains(report.Names(), name) {
		return crm.Errorf(crm.ENOTFOUND, "no report %q (known: %s)", name, strings.Join(report.Names(), ", "))
	}
	if len(r.URL.Query()) == 0 && scopeOf(r.Context()).All() {
		snap, err := s.snapshot(r)
		if err != nil {
			return err
		}
		if rep := snap.report(name); rep != nil {
			return writeFigures(w, r, rep)
		}
	}
	q, err := query(r)
	if err != nil {
		return err
	}
	p, err := reportParams(q)
	if err != nil {
		return err
	}
	rep, err := report.Run(r.Context(), s.st, name, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// reportParams reads the parameters of the report command's flags:
// since, until, as_of, tiers, after and stale_after (see `vitalfew report
// --help`); absent ones take the same defaults.
func reportParams(q *apiQuery) (report.Params, error) {
	p := report.Params{Since: q.date("since"), Until: q.date("until"), AsOf: q.date("as_of")}
	tiers, after, stale := q.get("tiers"), q.get("after"), q.get("stale_after")
	if q.err != nil {
		return p, q.err
	}
	var err error
	if tiers != "" {
		if p.Thresholds, err = report.ParseTiers("tiers", tiers); err != nil {
			return p, err
		}
	}
	if after != "" {
		if p.LapsedAfter, err = report.ParseSpan("after", after); err != nil {
			return p, err
		}
	}
	if stale != "" {
		if p.StaleAfter, err = report.ParseSpan("stale_after", stale); err != nil {
			return p, err
		}
	}
	if !p.Since.IsZero() && !p.Until.IsZero() && p.Since.After(p.Until) {
		return p, crm.Errorf(crm.EINVALID, "since: %s is after until %s", p.Since.Format(time.DateOnly), p.Until.Format(time.DateOnly))
	}
	return p, nil
}

// apiFallback answers API requests no route takes: 405 with the allowed
// methods when the path exists, else 404; both as JSON errors.
func (s *Server) apiFallback(w http.ResponseWriter, r *http.Request) error {
	var allow []string
	for _, rt := range s.routes() {
		method, pattern, _ := strings.Cut(rt.pattern, " ")
		if strings.HasPrefix(pattern, "/api/v1/") && pathMatches(pattern, r.URL.Path) {
			allow = append(allow, method)
		}
	}
	if len(allow) == 0 {
		return crm.Errorf(crm.ENOTFOUND, "no API route %s", r.URL.Path)
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": map[string]string{
		"code": crm.EINVALID, "message": fmt.Sprintf("%s %s: method not allowed (allowed: %s)", r.Method, r.URL.Path, strings.Join(allow, ", ")),
	}})
	return nil
}

// pathMatches reports whether path fits pattern, whose {wildcards} match
// one segment each.
func pathMatches(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i := range ps {
		if !strings.HasPrefix(ps[i], "{") && ps[i] != xs[i] {
			return false
		}
	}
	return true
}
