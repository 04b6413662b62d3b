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
	rt, ok := r.Context().Value(routeKey{}).(route)
	if !ok || rt.api == nil {
		return nil, fmt.Errorf("web: route %q has no API entry in the routes table", r.Pattern)
	}
	op := rt.api
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
