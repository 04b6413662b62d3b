package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/schema_validation"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// apiEnv is a running server over a real store with an admin, a staff user
// and a viewer, each with an API token. Every call's response (and every
// successful call's request) is checked against the served OpenAPI
// document, so the document's schemas cannot drift from what the API does.
type apiEnv struct {
	t      *testing.T
	st     *store.Store
	srv    *Server
	ts     *httptest.Server
	tokens map[crm.Role]string
	users  map[crm.Role]crm.User
	check  validator.Validator
}

// apiDatabases returns a fresh SQLite file and, when VITALFEW_TEST_POSTGRES
// is set, a fresh PostgreSQL database.
func apiDatabases(t *testing.T) map[string]string {
	dbs := map[string]string{"sqlite": testkit.SQLite(t)}
	if dsn, ok := testkit.Postgres(t); ok {
		dbs["postgres"] = dsn
	}
	return dbs
}

func newAPIEnv(t *testing.T, dsn string) *apiEnv {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &apiEnv{t: t, st: st, tokens: map[crm.Role]string{}, users: map[crm.Role]crm.User{}}
	op := crm.WithActor(ctx, crm.Operator)
	for _, r := range []crm.Role{crm.RoleAdmin, crm.RoleStaff, crm.RoleViewer} {
		u, err := st.CreateUser(op, string(r)+"@example.com", "", r, "not a hash: API tests never sign in")
		if err != nil {
			t.Fatal(err)
		}
		e.users[r] = u
		e.tokens[r] = e.newToken(r)
	}
	if e.srv, err = New(Config{Store: st}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.srv.Close() })
	e.ts = httptest.NewServer(e.srv.Handler())
	t.Cleanup(e.ts.Close)

	status, doc := e.call("", "GET", "/api/v1/openapi.json", nil)
	if status != http.StatusOK {
		t.Fatalf("openapi.json: %d %s", status, doc)
	}
	d, err := libopenapi.NewDocument(doc)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(d)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	e.check = v
	return e
}

func (e *apiEnv) newToken(r crm.Role) string {
	tok, h := auth.NewToken(auth.APIPrefix)
	if _, err := e.st.CreateToken(crm.WithActor(context.Background(), crm.Operator), string(r)+"@example.com", "test", h, time.Time{}); err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// call sends a request as role ("" sends no token); body is sent as is
// when it is a string, else as its JSON. It returns the status and body.
func (e *apiEnv) call(role crm.Role, method, path string, body any) (int, []byte) {
	e.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			e.t.Fatal(err)
		}
	}
	req := e.request(method, path, raw)
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	}
	return e.send(req, raw)
}

func (e *apiEnv) request(method, path string, body []byte) *http.Request {
	e.t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, e.ts.URL+path, r)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// send sends req and checks the exchange against the OpenAPI document.
func (e *apiEnv) send(req *http.Request, body []byte) (int, []byte) {
	e.t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); len(out) > 0 && ct != "application/json; charset=utf-8" {
		e.t.Errorf("%s %s: Content-Type %q", req.Method, req.URL.Path, ct)
	}
	if e.check != nil && strings.HasPrefix(req.URL.Path, "/api/v1/") && res.StatusCode != http.StatusMethodNotAllowed {
		again := func() *http.Request {
			r := req.Clone(context.Background())
			r.Body = io.NopCloser(bytes.NewReader(body))
			return r
		}
		res.Body = io.NopCloser(bytes.NewReader(out))
		if ok, errs := e.check.ValidateHttpResponse(again(), res); !ok && !(len(errs) > 0 && errs[0].IsPathMissingError() && res.StatusCode == http.StatusNotFound) {
			e.t.Errorf("%s %s: the response (%d) does not fit the OpenAPI document: %s\n%s", req.Method, req.URL.RequestURI(), res.StatusCode, validationErrors(errs), out)
		}
		if res.StatusCode < 300 {
			if ok, errs := e.check.ValidateHttpRequest(again()); !ok {
				e.t.Errorf("%s %s: a request the API took does not fit the OpenAPI document: %s", req.Method, req.URL.RequestURI(), validationErrors(errs))
			}
		}
	}
	return res.StatusCode, out
}

func validationErrors[E error](errs []E) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString("\n  " + e.Error())
	}
	return b.String()
}

// must calls and wants status; it decodes the answer into out (if not nil).
func (e *apiEnv) must(role crm.Role, method, path string, body any, status int, out any) {
	e.t.Helper()
	got, b := e.call(role, method, path, body)
	if got != status {
		e.t.Fatalf("%s %s as %s: %d, want %d: %s", method, path, role, got, status, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
}

// apiError is the API's error body.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// fails calls and wants an error with status, code and a message holding
// each of words.
func (e *apiEnv) fails(role crm.Role, method, path string, body any, status int, code string, words ...string) {
	e.t.Helper()
	got, b := e.call(role, method, path, body)
	var ae apiError
	if err := json.Unmarshal(b, &ae); err != nil {
		e.t.Errorf("%s %s: not a JSON error (%v): %s", method, path, err, b)
		return
	}
	if got != status || ae.Error.Code != code {
		e.t.Errorf("%s %s as %q: %d %q, want %d %q: %s", method, path, role, got, ae.Error.Code, status, code, b)
	}
	for _, w := range words {
		if !strings.Contains(ae.Error.Message, w) {
			e.t.Errorf("%s %s: message %q lacks %q", method, path, ae.Error.Message, w)
		}
	}
}

// audits returns the audit log of entity id, oldest first.
func (e *apiEnv) audits(entity string, id int64) []store.AuditEntry {
	e.t.Helper()
	es, _, err := e.st.Audit(crm.WithActor(context.Background(), crm.Operator), store.AuditFilter{Entity: entity, EntityID: id})
	if err != nil {
		e.t.Fatal(err)
	}
	slices.Reverse(es)
	return es
}

// auditHas checks the audit of entity id: its actions in order, each by
// the staff user, and the value of key before and after each.
func (e *apiEnv) auditHas(entity string, id int64, want ...[3]any) {
	e.t.Helper()
	es := e.audits(entity, id)
	if len(es) != len(want) {
		e.t.Errorf("audit of %s %d: %d entries, want %d: %+v", entity, id, len(es), len(want), es)
		return
	}
	val := func(raw json.RawMessage, key string) any {
		if raw == nil {
			return nil
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			e.t.Fatal(err)
		}
		return m[key]
	}
	for i, w := range want {
		action, key := w[0].(string), w[1].(string)
		ba := w[2].([2]any)
		got := es[i]
		if got.Action != action || got.Actor != "staff@example.com" || got.UserID != e.users[crm.RoleStaff].ID {
			e.t.Errorf("audit %s %d #%d: %s by %s (%d), want %s by the staff user", entity, id, i, got.Action, got.Actor, got.UserID, action)
		}
		if b, a := val(got.Before, key), val(got.After, key); b != ba[0] || a != ba[1] {
			e.t.Errorf("audit %s %d #%d (%s): %s before %v after %v, want %v and %v", entity, id, i, action, key, b, a, ba[0], ba[1])
		}
	}
}

func ids[T any](items []T, id func(T) int64) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

func path(base string, id int64) string { return base + "/" + strconv.FormatInt(id, 10) }

// TestAPIRoundTrip creates, reads, changes, lists and deletes each
// resource through the API, on SQLite and (when configured) PostgreSQL,
// and finds every write in the audit log with its before and after.
func TestAPIRoundTrip(t *testing.T) {
	for name, dsn := range apiDatabases(t) {
		t.Run(name, func(t *testing.T) {
			e := newAPIEnv(t, dsn)
			const staff = crm.RoleStaff

			// Accounts.
			var acme, brandt apiAccount
			e.must(staff, "POST", "/api/v1/accounts", map[string]any{"name": "ACME GmbH", "domain": "https://www.acme.de/",
				"segment": "industry", "owner": "ann", "acquired_at": "2021-03-04", "external_id": "K-1"}, http.StatusCreated, &acme)
			if acme.ID == 0 || acme.Domain != "acme.de" || acme.Status != "active" || acme.Source != "web" || acme.AcquiredAt == nil || *acme.AcquiredAt != "2021-03-04" {
				t.Errorf("created %+v", acme)
			}
			e.must(staff, "POST", "/api/v1/accounts", map[string]any{"name": "Brandt KG", "segment": "trade", "referred_by_id": acme.ID}, http.StatusCreated, &brandt)
			for i := range 4 {
				e.must(staff, "POST", "/api/v1/accounts", map[string]any{"name": fmt.Sprintf("Filler %d", i), "segment": "trade", "status": "inactive"}, http.StatusCreated, nil)
			}
			var got apiAccount
			e.must(crm.RoleViewer, "GET", path("/api/v1/accounts", acme.ID), nil, http.StatusOK, &got)
			if !reflect.DeepEqual(got, acme) {
				t.Errorf("read back %+v, want %+v", got, acme)
			}
			var patched apiAccount
			e.must(staff, "PATCH", path("/api/v1/accounts", acme.ID), map[string]any{"owner": "bea", "acquired_at": ""}, http.StatusOK, &patched)
			if patched.Owner != "bea" || patched.AcquiredAt != nil || patched.Name != "ACME GmbH" || patched.Segment != "industry" {
				t.Errorf("patched %+v", patched)
			}
			var page listOf[apiAccount]
			e.must(crm.RoleViewer, "GET", "/api/v1/accounts?segment=trade&limit=2&offset=1", nil, http.StatusOK, &page)
			if page.Total != 5 || page.Limit != 2 || page.Offset != 1 || len(page.Items) != 2 || page.Items[0].Name != "Filler 0" {
				t.Errorf("trade page 2: %+v", page)
			}
			e.must(crm.RoleViewer, "GET", "/api/v1/accounts?q=acme&status=active", nil, http.StatusOK, &page)
			if page.Total != 1 || page.Items[0].ID != acme.ID || page.Limit != 50 {
				t.Errorf("q=acme: %+v", page)
			}
			e.must(crm.RoleViewer, "GET", "/api/v1/accounts?owner=nobody", nil, http.StatusOK, &page)
			if page.Total != 0 || page.Items == nil || len(page.Items) != 0 {
				t.Errorf("no match must be an empty list: %+v", page)
			}
			e.fails(staff, "POST", "/api/v1/accounts", map[string]any{"name": "Copy", "external_id": "K-1"}, http.StatusConflict, crm.ECONFLICT, "external_id")
			e.fails(staff, "POST", "/api/v1/accounts", map[string]any{"segment": "x"}, http.StatusBadRequest, crm.EINVALID, "name")
			e.fails(staff, "PATCH", "/api/v1/accounts/99999", map[string]any{"owner": "x"}, http.StatusNotFound, crm.ENOTFOUND, "99999")
			e.fails(crm.RoleViewer, "GET", "/api/v1/accounts/abc", nil, http.StatusNotFound, crm.ENOTFOUND)

			// Contacts, de-duplicated by email.
			var jo apiContact
			e.must(staff, "POST", "/api/v1/contacts", map[string]any{"account_id": acme.ID, "name": "Jo", "title": "CFO",
				"identities": []map[string]string{{"kind": "email", "value": " Jo@ACME.de"}, {"kind": "phone", "value": "+49 (0) 89 123-45"}, {"kind": "x", "value": "@JoAcme"}}},
				http.StatusCreated, &jo)
			wantIDs := []apiIdentity{{"email", "jo@acme.de"}, {"phone", "+498912345"}, {"x", "joacme"}}
			if jo.ID == 0 || !slices.Equal(jo.Identities, wantIDs) || jo.Status != "active" || jo.LastVerifiedAt != nil {
				t.Errorf("created contact %+v", jo)
			}
			e.fails(staff, "POST", "/api/v1/contacts", map[string]any{"account_id": brandt.ID, "name": "Other Jo",
				"identities": []map[string]string{{"kind": "email", "value": "JO@acme.de "}}}, http.StatusConflict, crm.ECONFLICT, "jo@acme.de", strconv.FormatInt(jo.ID, 10))
			e.fails(staff, "POST", "/api/v1/contacts", map[string]any{"account_id": brandt.ID, "name": "Bad",
				"identities": []map[string]string{{"kind": "email", "value": "nobody"}}}, http.StatusBadRequest, crm.EINVALID, "identities[0].email")
			e.fails(staff, "POST", "/api/v1/contacts", map[string]any{"account_id": 99999, "name": "Nowhere"}, http.StatusBadRequest, crm.EINVALID, "account_id")
			var ann apiContact
			e.must(staff, "POST", "/api/v1/contacts", map[string]any{"account_id": brandt.ID, "name": "Ann", "status": "left", "last_verified_at": "2024-05-06"}, http.StatusCreated, &ann)
			var cpage listOf[apiContact]
			e.must(crm.RoleViewer, "GET", "/api/v1/contacts?email=JO%40acme.de", nil, http.StatusOK, &cpage)
			if cpage.Total != 1 || cpage.Items[0].ID != jo.ID {
				t.Errorf("by email: %+v", cpage)
			}
			e.must(crm.RoleViewer, "GET", "/api/v1/contacts?status=left&account_id="+strconv.FormatInt(brandt.ID, 10), nil, http.StatusOK, &cpage)
			if cpage.Total != 1 || cpage.Items[0].ID != ann.ID || *cpage.Items[0].LastVerifiedAt != "2024-05-06" {
				t.Errorf("left at brandt: %+v", cpage)
			}
			var moved apiContact
			e.must(staff, "PATCH", path("/api/v1/contacts", jo.ID), map[string]any{"account_id": brandt.ID, "identities": []map[string]string{{"kind": "email", "value": "jo@brandt.de"}}}, http.StatusOK, &moved)
			if moved.AccountID != brandt.ID || !slices.Equal(moved.Identities, []apiIdentity{{"email", "jo@brandt.de"}}) || moved.Title != "CFO" {
				t.Errorf("moved contact %+v", moved)
			}

			// Orders.
			var o1, o2 apiOrder
			e.must(staff, "POST", "/api/v1/orders", map[string]any{"account_id": acme.ID, "ordered_at": "2024-02-10", "amount": 1200.5, "currency": "eur", "external_id": "RE-1"}, http.StatusCreated, &o1)
			if o1.Currency != "EUR" || o1.OrderedAt != "2024-02-10" || o1.Amount != cents(1200.5) || o1.ExternalID != "RE-1" {
				t.Errorf("order %+v", o1)
			}
			e.must(staff, "POST", "/api/v1/orders", map[string]any{"account_id": acme.ID, "ordered_at": "2024-03-10", "amount": -200}, http.StatusCreated, &o2)
			if o2.ExternalID == "" || o2.Amount != cents(-200) {
				t.Errorf("credit %+v", o2)
			}
			e.fails(staff, "POST", "/api/v1/orders", map[string]any{"account_id": acme.ID, "ordered_at": "2024-03-10"}, http.StatusBadRequest, crm.EINVALID, "amount")
			e.fails(staff, "POST", "/api/v1/orders", map[string]any{"account_id": acme.ID, "ordered_at": "10.03.2024", "amount": 1}, http.StatusBadRequest, crm.EINVALID, "ordered_at", "2024-12-31")
			e.fails(staff, "POST", "/api/v1/orders", map[string]any{"account_id": acme.ID, "ordered_at": "2024-03-10", "amount": 1, "external_id": "RE-1"}, http.StatusConflict, crm.ECONFLICT, "external_id")
			var opage listOf[apiOrder]
			e.must(crm.RoleViewer, "GET", "/api/v1/orders?account_id="+strconv.FormatInt(acme.ID, 10)+"&since=2024-03-01", nil, http.StatusOK, &opage)
			if opage.Total != 1 || opage.Items[0].ID != o2.ID {
				t.Errorf("orders since March: %+v", opage)
			}
			e.must(crm.RoleViewer, "GET", "/api/v1/orders?until=2024-12-31&limit=1&offset=1", nil, http.StatusOK, &opage)
			if opage.Total != 2 || len(opage.Items) != 1 || opage.Items[0].ID != o2.ID {
				t.Errorf("the second order by id: %+v", opage)
			}
			var o1b apiOrder
			e.must(staff, "PATCH", path("/api/v1/orders", o1.ID), map[string]any{"amount": 1300}, http.StatusOK, &o1b)
			if o1b.Amount != cents(1300) || o1b.OrderedAt != "2024-02-10" {
				t.Errorf("patched order %+v", o1b)
			}

			// Touchpoints.
			var tp apiTouchpoint
			e.must(staff, "POST", "/api/v1/touchpoints", map[string]any{"account_id": brandt.ID, "contact_id": jo.ID, "kind": "Call",
				"department": "support", "occurred_at": "2024-04-01", "effort_minutes": 25, "subject": "Lost password"}, http.StatusCreated, &tp)
			if tp.Kind != "call" || tp.ContactID == nil || *tp.ContactID != jo.ID || tp.EffortMinutes != 25 || tp.Source != "web" {
				t.Errorf("touchpoint %+v", tp)
			}
			e.fails(staff, "POST", "/api/v1/touchpoints", map[string]any{"account_id": acme.ID, "contact_id": jo.ID, "kind": "call",
				"department": "support", "subject": "x"}, http.StatusBadRequest, crm.EINVALID, "contact_id")
			e.fails(staff, "POST", "/api/v1/touchpoints", map[string]any{"account_id": acme.ID, "kind": "call", "subject": "x"}, http.StatusBadRequest, crm.EINVALID, "department")
			var today apiTouchpoint
			e.must(staff, "POST", "/api/v1/touchpoints", map[string]any{"account_id": acme.ID, "kind": "note", "department": "sales", "body": "met at the fair"}, http.StatusCreated, &today)
			var tpage listOf[apiTouchpoint]
			e.must(crm.RoleViewer, "GET", "/api/v1/touchpoints?department=support&until=2024-12-31", nil, http.StatusOK, &tpage)
			if tpage.Total != 1 || tpage.Items[0].ID != tp.ID {
				t.Errorf("support touchpoints: %+v", tpage)
			}
			e.must(crm.RoleViewer, "GET", "/api/v1/touchpoints?kind=note&account_id="+strconv.FormatInt(acme.ID, 10), nil, http.StatusOK, &tpage)
			if tpage.Total != 1 || tpage.Items[0].ID != today.ID {
				t.Errorf("notes of acme: %+v", tpage)
			}
			var tp2 apiTouchpoint
			e.must(staff, "PATCH", path("/api/v1/touchpoints", tp.ID), map[string]any{"effort_minutes": 40, "contact_id": 0}, http.StatusOK, &tp2)
			if tp2.EffortMinutes != 40 || tp2.ContactID != nil || tp2.Subject != "Lost password" {
				t.Errorf("patched touchpoint %+v", tp2)
			}

			// Deletes: an order, a touchpoint, a contact, an account with
			// everything on it.
			e.must(staff, "DELETE", path("/api/v1/orders", o2.ID), nil, http.StatusNoContent, nil)
			e.fails(crm.RoleViewer, "GET", path("/api/v1/orders", o2.ID), nil, http.StatusNotFound, crm.ENOTFOUND)
			e.must(staff, "DELETE", path("/api/v1/touchpoints", tp.ID), nil, http.StatusNoContent, nil)
			e.fails(staff, "DELETE", path("/api/v1/touchpoints", tp.ID), nil, http.StatusNotFound, crm.ENOTFOUND)
			e.must(staff, "DELETE", path("/api/v1/contacts", ann.ID), nil, http.StatusNoContent, nil)
			e.must(staff, "DELETE", path("/api/v1/accounts", acme.ID), nil, http.StatusNoContent, nil)
			e.fails(crm.RoleViewer, "GET", path("/api/v1/accounts", acme.ID), nil, http.StatusNotFound, crm.ENOTFOUND)
			e.fails(crm.RoleViewer, "GET", path("/api/v1/orders", o1.ID), nil, http.StatusNotFound, crm.ENOTFOUND)
			e.fails(crm.RoleViewer, "GET", path("/api/v1/touchpoints", today.ID), nil, http.StatusNotFound, crm.ENOTFOUND)
			e.must(crm.RoleViewer, "GET", path("/api/v1/accounts", brandt.ID), nil, http.StatusOK, &got)
			if got.ReferredByID != nil {
				t.Errorf("brandt still refers to the deleted account: %+v", got)
			}

			// Every write is in the audit log, by the staff user, with the
			// record before and after.
			e.auditHas("account", acme.ID,
				[3]any{"create", "owner", [2]any{nil, "ann"}},
				[3]any{"update", "owner", [2]any{"ann", "bea"}},
				[3]any{"delete", "name", [2]any{"ACME GmbH", nil}})
			e.auditHas("contact", jo.ID,
				[3]any{"create", "account_id", [2]any{nil, float64(acme.ID)}},
				[3]any{"update", "account_id", [2]any{float64(acme.ID), float64(brandt.ID)}})
			e.auditHas("contact", ann.ID,
				[3]any{"create", "status", [2]any{nil, "left"}},
				[3]any{"delete", "status", [2]any{"left", nil}})
			e.auditHas("order", o1.ID,
				[3]any{"create", "amount", [2]any{nil, 1200.5}},
				[3]any{"update", "amount", [2]any{1200.5, 1300.0}})
			e.auditHas("order", o2.ID,
				[3]any{"create", "amount", [2]any{nil, -200.0}},
				[3]any{"delete", "amount", [2]any{-200.0, nil}})
			e.auditHas("touchpoint", tp.ID,
				[3]any{"create", "effort_minutes", [2]any{nil, 25.0}},
				[3]any{"update", "effort_minutes", [2]any{25.0, 40.0}},
				[3]any{"delete", "effort_minutes", [2]any{40.0, nil}})
		})
	}
}

// TestAPIAuth: no token or a bad one is 401, a revoked token or a disabled
// user's is 401, a viewer reads but cannot write (403); all as JSON errors.
func TestAPIAuth(t *testing.T) {
	e := newAPIEnv(t, testkit.SQLite(t))
	e.fails("", "GET", "/api/v1/accounts", nil, http.StatusUnauthorized, crm.EUNAUTHORIZED)
	e.fails("", "POST", "/api/v1/accounts", map[string]any{"name": "x"}, http.StatusUnauthorized, crm.EUNAUTHORIZED)
	for _, h := range []string{"Bearer vfa_not-a-token", "Basic dXNlcjpwdw==", "Bearer "} {
		req := e.request("GET", "/api/v1/accounts", nil)
		req.Header.Set("Authorization", h)
		if status, b := e.send(req, nil); status != http.StatusUnauthorized || !strings.Contains(string(b), `"code":"unauthorized"`) {
			t.Errorf("Authorization %q: %d %s", h, status, b)
		}
	}
	e.must(crm.RoleViewer, "GET", "/api/v1/accounts", nil, http.StatusOK, nil)
	e.fails(crm.RoleViewer, "POST", "/api/v1/accounts", map[string]any{"name": "x"}, http.StatusForbidden, crm.EFORBIDDEN, "staff")
	var a apiAccount
	e.must(crm.RoleStaff, "POST", "/api/v1/accounts", map[string]any{"name": "x"}, http.StatusCreated, &a)
	e.fails(crm.RoleViewer, "PATCH", path("/api/v1/accounts", a.ID), map[string]any{"name": "y"}, http.StatusForbidden, crm.EFORBIDDEN)
	e.fails(crm.RoleViewer, "DELETE", path("/api/v1/accounts", a.ID), nil, http.StatusForbidden, crm.EFORBIDDEN)
	e.must(crm.RoleAdmin, "DELETE", path("/api/v1/accounts", a.ID), nil, http.StatusNoContent, nil)

	// Revoking a token ends it at once; the user's other tokens go on.
	ctx := crm.WithActor(context.Background(), crm.Operator)
	toks, err := e.st.Tokens(ctx, "staff@example.com")
	if err != nil || len(toks) != 1 {
		t.Fatalf("tokens %+v, %v", toks, err)
	}
	second := e.newToken(crm.RoleStaff)
	if err := e.st.RevokeToken(ctx, toks[0].ID); err != nil {
		t.Fatal(err)
	}
	e.fails(crm.RoleStaff, "GET", "/api/v1/accounts", nil, http.StatusUnauthorized, crm.EUNAUTHORIZED, "revoked")
	e.tokens[crm.RoleStaff] = second
	e.must(crm.RoleStaff, "GET", "/api/v1/accounts", nil, http.StatusOK, nil)
	if err := e.st.SetUserDisabled(ctx, "staff@example.com", true); err != nil {
		t.Fatal(err)
	}
	e.fails(crm.RoleStaff, "GET", "/api/v1/accounts", nil, http.StatusUnauthorized, crm.EUNAUTHORIZED)

	// The document is public.
	e.must("", "GET", "/api/v1/openapi.json", nil, http.StatusOK, nil)
}

// TestAPIBadRequests: bodies that are not one JSON object of known fields,
// bad query parameters and unknown routes are refused with JSON errors
// that name the field.
func TestAPIBadRequests(t *testing.T) {
	e := newAPIEnv(t, testkit.SQLite(t))
	const staff = crm.RoleStaff
	var a apiAccount
	e.must(staff, "POST", "/api/v1/accounts", map[string]any{"name": "ACME"}, http.StatusCreated, &a)
	for _, tc := range []struct {
		body  string
		words []string
	}{
		{`{"name": "x"`, []string{"body", "ends too early"}},
		{`{"name": x}`, []string{"body", "not valid JSON"}},
		{``, []string{"body", "empty"}},
		{`[1, 2]`, []string{"body", "object"}},
		{`{"name": "x", "colour": "red"}`, []string{"colour", "unknown field"}},
		{`{"name": 42}`, []string{"name", "want a string"}},
		{`{"name": "x", "referred_by_id": "seven"}`, []string{"referred_by_id", "whole number"}},
		{`{"name": "x"} {"name": "y"}`, []string{"one JSON object"}},
		{`{"name": "x", "acquired_at": "2024-13-01"}`, []string{"acquired_at", "2024-12-31"}},
		{`{"name": "x", "status": "gone"}`, []string{"status", "active, inactive"}},
	} {
		e.fails(staff, "POST", "/api/v1/accounts", tc.body, http.StatusBadRequest, crm.EINVALID, tc.words...)
	}
	e.fails(staff, "POST", "/api/v1/contacts", `{"account_id": 1, "identities": [{"kind": "email", "value": 5}]}`, http.StatusBadRequest, crm.EINVALID, "identities.value")
	e.fails(staff, "POST", "/api/v1/orders", `{"account_id": 1, "ordered_at": "2024-01-01", "amount": "12,50"}`, http.StatusBadRequest, crm.EINVALID, "amount", "number")

	// Size limit.
	big := `{"name": "` + strings.Repeat("x", maxBody) + `"}`
	e.fails(staff, "POST", "/api/v1/accounts", big, http.StatusBadRequest, crm.EINVALID, "larger than")
	// Content type.
	req := e.request("POST", "/api/v1/accounts", []byte(`{"name": "x"}`))
	req.Header.Set("Content-Type", "text/plain")
	req.Header.Set("Authorization", "Bearer "+e.tokens[staff])
	if status, b := e.send(req, nil); status != http.StatusBadRequest || !strings.Contains(string(b), "Content-Type") {
		t.Errorf("text/plain body: %d %s", status, b)
	}

	// Query parameters.
	for _, tc := range []struct {
		path  string
		words []string
	}{
		{"/api/v1/accounts?colour=red", []string{"colour", "unknown query parameter", "segment"}},
		{"/api/v1/accounts?limit=0", []string{"limit", "1 to 500"}},
		{"/api/v1/accounts?limit=501", []string{"limit", "1 to 500"}},
		{"/api/v1/accounts?offset=-1", []string{"offset"}},
		{"/api/v1/accounts?tier=D", []string{"tier", "A, B, C, none"}},
		{"/api/v1/accounts?segment=a&segment=b", []string{"segment", "more than once"}},
		{"/api/v1/orders?since=yesterday", []string{"since", "2024-12-31"}},
		{"/api/v1/contacts?account_id=abc", []string{"account_id", "id"}},
		{"/api/v1/contacts?email=nobody", []string{"email"}},
		{"/api/v1/reports/pareto?tiers=95,80", []string{"tiers", "rising"}},
		{"/api/v1/reports/lapsed?after=soon", []string{"after", "730d"}},
		{"/api/v1/reports/pareto?since=2024-06-01&until=2024-01-01", []string{"since", "after until"}},
		{"/api/v1/accounts/" + strconv.FormatInt(a.ID, 10) + "?q=x", []string{"q", "takes none"}},
	} {
		e.fails(crm.RoleViewer, "GET", tc.path, nil, http.StatusBadRequest, crm.EINVALID, tc.words...)
	}
	e.fails(crm.RoleViewer, "GET", "/api/v1/reports/gossip", nil, http.StatusNotFound, crm.ENOTFOUND, "pareto")

	// Routes that do not exist.
	e.fails(crm.RoleViewer, "GET", "/api/v1/nothing", nil, http.StatusNotFound, crm.ENOTFOUND)
	e.fails(crm.RoleViewer, "GET", "/api/v2/accounts", nil, http.StatusNotFound, crm.ENOTFOUND)
	status, b := e.call(staff, "PUT", "/api/v1/accounts", `{}`)
	if status != http.StatusMethodNotAllowed || !strings.Contains(string(b), "GET, POST") {
		t.Errorf("PUT /api/v1/accounts: %d %s", status, b)
	}
}

// TestAPIHTMLIsData: HTML in stored text comes back as JSON string data,
// escaped so that nothing can take it for markup, and unchanged once
// decoded.
func TestAPIHTMLIsData(t *testing.T) {
	e := newAPIEnv(t, testkit.SQLite(t))
	const hostileText = `<script>alert("x")</script><img src=x onerror=alert(1)>`
	var a apiAccount
	e.must(crm.RoleStaff, "POST", "/api/v1/accounts", map[string]any{"name": hostileText, "segment": hostileText}, http.StatusCreated, &a)
	e.must(crm.RoleStaff, "POST", "/api/v1/touchpoints", map[string]any{"account_id": a.ID, "kind": "note", "department": "sales",
		"subject": hostileText, "body": hostileText}, http.StatusCreated, nil)
	for _, p := range []string{path("/api/v1/accounts", a.ID), "/api/v1/accounts?q=script", "/api/v1/touchpoints?account_id=" + strconv.FormatInt(a.ID, 10)} {
		status, b := e.call(crm.RoleViewer, "GET", p, nil)
		if status != http.StatusOK {
			t.Fatalf("%s: %d %s", p, status, b)
		}
		if bytes.ContainsAny(b, "<>") {
			t.Errorf("%s: raw angle brackets in the JSON: %s", p, b)
		}
		if !bytes.Contains(b, []byte(`\u003cscript\u003ealert(\"x\")\u003c/script\u003e`)) {
			t.Errorf("%s: the text is not there, JSON-escaped: %s", p, b)
		}
		if strings.Count(string(b), "\\u003cimg") < 1 {
			t.Errorf("%s: %s", p, b)
		}
	}
	var back apiAccount
	e.must(crm.RoleViewer, "GET", path("/api/v1/accounts", a.ID), nil, http.StatusOK, &back)
	if back.Name != hostileText || back.Segment != hostileText {
		t.Errorf("the text did not come back unchanged: %q", back.Name)
	}
	req := e.request("GET", path("/api/v1/accounts", a.ID), nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[crm.RoleViewer])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Errorf("headers %v", res.Header)
	}
}

// TestAPITierFilter: the tier filter lists the accounts the pareto report
// puts in that tier.
func TestAPITierFilter(t *testing.T) {
	e := newAPIEnv(t, testkit.SQLite(t))
	var accts []apiAccount
	for i, rev := range []float64{7000, 1500, 800, 400, 300, 0} {
		var a apiAccount
		e.must(crm.RoleStaff, "POST", "/api/v1/accounts", map[string]any{"name": fmt.Sprintf("Customer %d", i)}, http.StatusCreated, &a)
		accts = append(accts, a)
		if rev > 0 {
			e.must(crm.RoleStaff, "POST", "/api/v1/orders", map[string]any{"account_id": a.ID, "ordered_at": "2024-05-01", "amount": rev}, http.StatusCreated, nil)
		}
	}
	var rep struct {
		Accounts []struct {
			ID   int64  `json:"id"`
			Tier string `json:"tier"`
		} `json:"accounts"`
	}
	e.must(crm.RoleViewer, "GET", "/api/v1/reports/pareto", nil, http.StatusOK, &rep)
	byTier := map[string][]int64{"none": {accts[5].ID}}
	for _, a := range rep.Accounts {
		byTier[a.Tier] = append(byTier[a.Tier], a.ID)
	}
	if len(byTier["A"]) == 0 || len(byTier["C"]) == 0 || len(rep.Accounts) != 5 {
		t.Fatalf("the fixture should fill tiers A and C: %+v", rep)
	}
	for _, tier := range tierValues {
		var page listOf[apiAccount]
		e.must(crm.RoleViewer, "GET", "/api/v1/accounts?tier="+tier, nil, http.StatusOK, &page)
		got := ids(page.Items, func(a apiAccount) int64 { return a.ID })
		want := byTier[tier]
		sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
		if !slices.Equal(got, want) || page.Total != len(want) {
			t.Errorf("tier %s: %v (total %d), want %v", tier, got, page.Total, want)
		}
	}
	// A new order moves an account up once the figures are worked out
	// again, which GET /api/v1/figures tells.
	e.must(crm.RoleStaff, "POST", "/api/v1/orders", map[string]any{"account_id": accts[5].ID, "ordered_at": "2024-05-02", "amount": 100000}, http.StatusCreated, nil)
	for start := time.Now(); ; {
		var fig figuresState
		e.must(crm.RoleViewer, "GET", "/api/v1/figures", nil, http.StatusOK, &fig)
		if !fig.Stale {
			break
		}
		if time.Since(start) > 30*time.Second {
			t.Fatalf("figures stale for 30 s: %+v", fig)
		}
		time.Sleep(10 * time.Millisecond)
	}
	var page listOf[apiAccount]
	e.must(crm.RoleViewer, "GET", "/api/v1/accounts?tier=A", nil, http.StatusOK, &page)
	if !slices.Contains(ids(page.Items, func(a apiAccount) int64 { return a.ID }), accts[5].ID) {
		t.Errorf("after a large order, account %d is not in tier A: %+v", accts[5].ID, page.Items)
	}
}

// TestOpenAPIMatchesRoutes: the served document is valid OpenAPI 3.1 and
// documents exactly the /api/v1/ routes of the routes table, each with the
// role the table gives it.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newAPIEnv(t, testkit.SQLite(t))
	_, raw := e.call("", "GET", "/api/v1/openapi.json", nil)
	d, err := libopenapi.NewDocument(raw)
	if err != nil {
		t.Fatal(err)
	}
	if ok, errs := schema_validation.ValidateOpenAPIDocument(d); !ok {
		t.Fatalf("not a valid OpenAPI document:%s", validationErrors(errs))
	}
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	documented := map[string]string{}
	for p, ops := range doc.Paths {
		for m, op := range ops {
			role, _ := op["x-vitalfew-role"].(string)
			documented[strings.ToUpper(m)+" "+p] = role
		}
	}
	routed := map[string]string{}
	for _, rt := range e.srv.routes() {
		if strings.HasPrefix(strings.Fields(rt.pattern)[1], "/api/v1/") {
			routed[rt.pattern] = string(rt.role)
		}
	}
	for p, role := range routed {
		if d, ok := documented[p]; !ok {
			t.Errorf("route %s is not in the document", p)
		} else if d != role {
			t.Errorf("route %s: the document says role %q, the routes table %q", p, d, role)
		}
	}
	for p := range documented {
		if _, ok := routed[p]; !ok {
			t.Errorf("the document has %s, which is not routed", p)
		}
	}
	if len(routed) < 22 {
		t.Errorf("only %d API routes", len(routed))
	}
	// Every documented path answers (not 404) for an admin.
	for p := range documented {
		method, path, _ := strings.Cut(p, " ")
		path = strings.NewReplacer("{id}", "1", "{name}", "pareto").Replace(path)
		req := e.request(method, path, []byte(`{}`))
		req.Header.Set("Authorization", "Bearer "+e.tokens[crm.RoleAdmin])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusMethodNotAllowed {
			t.Errorf("%s: 405", p)
		}
	}
}

// TestOpenAPIRefusesUndocumentedRoutes: the document does not build when
// an /api/v1/ route has no API entry in the routes table, or documents a
// parameter of a type it cannot describe.
func TestOpenAPIRefusesUndocumentedRoutes(t *testing.T) {
	s := &Server{}
	if _, err := openAPIDoc(s.routes()); err != nil {
		t.Fatalf("the real table: %v", err)
	}
	extra := append(s.routes(), route{"GET /api/v1/secret", crm.RoleViewer, s.apiFallback, nil})
	if _, err := openAPIDoc(extra); err == nil || !strings.Contains(err.Error(), "GET /api/v1/secret") {
		t.Errorf("an undocumented route: %v", err)
	}
	routes := s.routes()
	for i, rt := range routes {
		if rt.pattern == "GET /api/v1/accounts" {
			op := *rt.api
			op.params = append(slices.Clone(op.params), apiParam{name: "bad", typ: "colour"})
			routes[i].api = &op
		}
	}
	if _, err := openAPIDoc(routes); err == nil {
		t.Error("a parameter of unknown type was documented")
	}
}

// TestReportTypes: every report the API serves has its JSON type in
// reportTypes, so the document describes its answer; add a new report
// there.
func TestReportTypes(t *testing.T) {
	types := reportTypes()
	for _, name := range report.Names() {
		if _, ok := types[name]; !ok {
			t.Errorf("report %q has no entry in reportTypes (internal/web/openapi.go)", name)
		}
		delete(types, name)
	}
	for name := range types {
		t.Errorf("reportTypes has %q, which report.Names does not know", name)
	}
}

// TestAPIReportsFitTheDocument: every report's answer fits its schema in
// the document (the exchange check of apiEnv fails otherwise).
func TestAPIReportsFitTheDocument(t *testing.T) {
	e := newAPIEnv(t, testkit.SQLite(t))
	e.fails(crm.RoleViewer, "GET", "/api/v1/reports/pareto", nil, http.StatusNotFound, crm.ENOTFOUND)
	for i := range 6 {
		var a apiAccount
		e.must(crm.RoleStaff, "POST", "/api/v1/accounts", map[string]any{"name": fmt.Sprintf("Kunde %d", i)}, http.StatusCreated, &a)
		e.must(crm.RoleStaff, "POST", "/api/v1/contacts", map[string]any{"account_id": a.ID, "name": "Buyer", "last_verified_at": "2022-01-01",
			"identities": []map[string]string{{"kind": "email", "value": fmt.Sprintf("buyer@kunde%d.de", i)}}}, http.StatusCreated, nil)
		e.must(crm.RoleStaff, "POST", "/api/v1/touchpoints", map[string]any{"account_id": a.ID, "kind": "ticket", "department": "support",
			"subject": "help", "occurred_at": "2024-03-01", "effort_minutes": 20 * i}, http.StatusCreated, nil)
		for k := range 6 - i {
			e.must(crm.RoleStaff, "POST", "/api/v1/orders", map[string]any{"account_id": a.ID, "ordered_at": fmt.Sprintf("202%d-0%d-10", 2+k%3, 1+k),
				"amount": 1000 * (6 - i)}, http.StatusCreated, nil)
		}
	}
	for _, name := range report.Names() {
		for _, q := range []string{"", "?as_of=2024-06-30&tiers=70,90&after=365d"} {
			status, b := e.call(crm.RoleViewer, "GET", "/api/v1/reports/"+name+q, nil)
			if status != http.StatusOK {
				t.Errorf("%s%s: %d %s", name, q, status, b)
			}
		}
	}
}
