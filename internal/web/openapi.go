package web

import (
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// The OpenAPI 3.1 document of the JSON API, served at
// /api/v1/openapi.json. It is built once, when the server starts, from the
// routes table: every /api/v1/ route carries its API entry there (its
// summary, query parameters and body types), so the document cannot name
// a route that does not exist nor miss one that does. The schemas are
// derived from the Go types the handlers encode and decode.
//
// The document is public: it describes the shape of the API, holds no
// customer data, and tools (client generators, API explorers) fetch it
// before they have a token.

// apiParam is a query parameter of an API route.
type apiParam struct {
	name, typ, doc string // typ: string, integer, date
	enum           []string
}

// apiOp documents one API route.
type apiOp struct {
	summary, doc string
	params       []apiParam
	body         any // the request body's Go type (a zero value); nil: none
	resp         any // the response body's Go type; nil: 204 No Content
	status       int // the success status
}

var pageParams = []apiParam{
	{name: "limit", typ: "integer", doc: fmt.Sprintf("page size, 1 to %d (default %d)", store.MaxPageSize, store.DefaultPageSize)},
	{name: "offset", typ: "integer", doc: "items to skip (default 0)"},
}

func withPage(ps ...apiParam) []apiParam { return append(ps, pageParams...) }

// reportTypes maps every report name to the type its JSON has, for the
// document's response schemas (TestReportTypes checks it against
// report.Names).
func reportTypes() map[string]any {
	return map[string]any{
		"pareto":         report.ParetoReport{},
		"cost-to-serve":  report.CostReport{},
		"lapsed":         report.LapsedReport{},
		"repeat":         report.RepeatReport{},
		"stale-contacts": report.StaleContactsReport{},
		"holiday-cards":  report.HolidayCardsReport{},

		"share-of-voice":    report.ShareOfVoiceReport{},
		"sentiment-trend":   report.SentimentTrendReport{},
		"mentions-negative": report.NegativeMentionsReport{},
		"mention-spikes":    report.SpikesReport{},
		"care":              report.CareReport{},
		"clv":               report.CLVReport{},
		"ideas":             report.IdeasReport{},
		"funnel":            report.FunnelReport{},
		"segments":          report.SegmentsReport{},
		"drift":             report.DriftReport{},
		"health":            report.HealthReport{},
		"ideal":             report.IdealReport{},
		"advocates":         report.AdvocatesReport{},
		"groups":            report.GroupsReport{},
		"social-maturity":   report.SocialMaturityReport{},
		"nps":               report.NPSReport{},
		"perception":        report.PerceptionReport{},
		"attribution":       report.AttributionReport{},
		"web":               report.WebReport{},
		"reach":             report.ReachReport{},
	}
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// openAPIDoc builds the document from the routes table and the API table.
func openAPIDoc(routes []route) (map[string]any, error) {
	sc := newSchemas()
	paths := map[string]any{}
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		op := rt.api
		if op == nil {
			return nil, fmt.Errorf("web: API route %q has no documentation in the routes table", rt.pattern)
		}
		o := map[string]any{
			"operationId": operationID(method, path),
			"summary":     op.summary,
			"responses": map[string]any{
				"default": map[string]any{"$ref": "#/components/responses/Error"},
			},
		}
		if op.doc != "" {
			o["description"] = op.doc
		}
		if rt.role == "" {
			o["security"] = []any{}
		} else {
			o["x-vitalfew-role"] = string(rt.role)
			o["description"] = strings.TrimSpace(fmt.Sprintf("%s Needs the %s role.", op.doc, rt.role))
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
			p := map[string]any{"name": m[1], "in": "path", "required": true}
			switch m[1] {
			case "id":
				p["schema"] = map[string]any{"type": "integer", "format": "int64", "minimum": 1}
			case "name":
				p["schema"] = map[string]any{"type": "string", "enum": report.Names()}
			default:
				return nil, fmt.Errorf("web: route %q: no schema for path parameter %s", rt.pattern, m[1])
			}
			params = append(params, p)
		}
		for _, qp := range op.params {
			p := map[string]any{"name": qp.name, "in": "query", "required": false}
			switch qp.typ {
			case "string":
				p["schema"] = map[string]any{"type": "string"}
			case "integer":
				p["schema"] = map[string]any{"type": "integer"}
			case "date":
				p["schema"] = map[string]any{"type": "string", "format": "date"}
			default:
				return nil, fmt.Errorf("web: route %q: parameter %s has unknown type %q", rt.pattern, qp.name, qp.typ)
			}
			if len(qp.enum) > 0 {
				p["schema"].(map[string]any)["enum"] = qp.enum
			}
			if qp.doc != "" {
				p["description"] = qp.doc
			}
			params = append(params, p)
		}
		if len(params) > 0 {
			o["parameters"] = params
		}
		if op.body != nil {
			o["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": sc.of(reflect.TypeOf(op.body))},
			}}
		}
		res := o["responses"].(map[string]any)
		status := fmt.Sprint(op.status)
		switch v := op.resp.(type) {
		case nil:
			res[status] = map[string]any{"description": http.StatusText(op.status)}
		case map[string]any: // reports by name, or a free-form object
			var schema map[string]any
			if len(v) == 0 {
				schema = map[string]any{"type": "object"}
			} else {
				// A report not (yet) in reportTypes is described as an
				// object; TestReportTypes asks for its entry.
				var refs []any
				for _, name := range report.Names() {
					if t, ok := v[name]; ok {
						refs = append(refs, sc.of(reflect.TypeOf(t)))
					} else {
						refs = append(refs, map[string]any{"type": "object", "description": "the " + name + " report"})
					}
				}
				schema = map[string]any{"anyOf": refs}
			}
			res[status] = map[string]any{"description": http.StatusText(op.status),
				"content": map[string]any{"application/json": map[string]any{"schema": schema}}}
		default:
			res[status] = map[string]any{"description": http.StatusText(op.status),
				"content": map[string]any{"application/json": map[string]any{"schema": sc.of(reflect.TypeOf(v))}}}
		}
		if _, ok := paths[path]; !ok {
			paths[path] = map[string]any{}
		}
		paths[path].(map[string]any)[strings.ToLower(method)] = o
	}

	if sc.err != nil {
		return nil, sc.err
	}
	// The reports the pages show come, without parameters, from the
	// analytics snapshot and say which data they are of (writeFigures).
	for _, name := range cachedReports {
		if def, ok := sc.defs[sc.names[reflect.TypeOf(reportTypes()[name])]].(map[string]any); ok {
			props := def["properties"].(map[string]any)
			props["as_of_version"] = map[string]any{"type": "string",
				"description": "Without parameters: the version of the data the figures are of (they are kept between changes)."}
			props["stale"] = map[string]any{"type": "boolean",
				"description": "Without parameters: true while the figures are being worked out again after a change; these are the previous ones."}
		}
	}
	sc.defs["Error"] = map[string]any{
		"type": "object", "required": []string{"error"}, "additionalProperties": false,
		"properties": map[string]any{"error": map[string]any{
			"type": "object", "required": []string{"code", "message"}, "additionalProperties": false,
			"properties": map[string]any{
				"code":    map[string]any{"type": "string", "enum": []string{crm.EINVALID, crm.ENOTFOUND, crm.ECONFLICT, crm.EUNAUTHORIZED, crm.EFORBIDDEN, crm.EINTERNAL}},
				"message": map[string]any{"type": "string", "description": "for people; names the field for invalid input"},
			},
		}},
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "vitalfew API",
			"version": "1",
			"description": "The JSON API of vitalfew: accounts, contacts, orders, touchpoints and the reports. " +
				"Authenticate with `Authorization: Bearer TOKEN` (tokens from `vitalfew user token EMAIL`). " +
				"Reads need the viewer role, writes the staff role. Request bodies are JSON objects (Content-Type: application/json, " +
				"at most 1 MiB, no unknown fields). Dates are YYYY-MM-DD. Every write is recorded in the audit log.",
			"license": map[string]any{"name": "Apache-2.0", "identifier": "Apache-2.0"},
		},
		"paths":    paths,
		"security": []any{map[string]any{"bearer": []any{}}},
		"components": map[string]any{
			"schemas": sc.defs,
			"securitySchemes": map[string]any{"bearer": map[string]any{
				"type": "http", "scheme": "bearer", "description": "an API token from `vitalfew user token EMAIL`",
			}},
			"responses": map[string]any{"Error": map[string]any{
				"description": "An error: invalid (400), unauthorized (401), forbidden (403), not_found (404), conflict (409), internal (500).",
				"content":     map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}},
			}},
		},
	}, nil
}

// operationID names an operation: "GET /api/v1/accounts/{id}" → "getAccountsById".
func operationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, seg := range strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/") {
		if m := pathParam.FindStringSubmatch(seg); m != nil {
			seg = "by_" + m[1]
		}
		for _, w := range strings.FieldsFunc(seg, func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(s.openapi)
	return err
}

// schemas derives JSON Schemas (OpenAPI 3.1 dialect) from Go types, the
// way encoding/json encodes them: structs become named components with
// every field required (the API always writes every field) and no other
// properties; fields of *Input types are all optional and may be null.
// Tags: doc (description), format, enum (comma-separated).
type schemas struct {
	defs  map[string]any
	names map[reflect.Type]string
	err   error
}

func newSchemas() *schemas {
	return &schemas{defs: map[string]any{}, names: map[reflect.Type]string{}}
}

var (
	timeType  = reflect.TypeFor[time.Time]()
	moneyType = reflect.TypeFor[crm.Money]()
)

func (sc *schemas) of(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == moneyType:
		return map[string]any{"type": "number", "description": "an amount of money, at most two decimals"}
	case t.Kind() == reflect.Pointer:
		inner := sc.of(t.Elem())
		if typ, ok := inner["type"].(string); ok {
			inner["type"] = []string{typ, "null"}
			return inner
		}
		return map[string]any{"anyOf": []any{inner, map[string]any{"type": "null"}}}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return map[string]any{"type": "integer"}
	case reflect.Int64, reflect.Uint64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": sc.of(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": sc.of(t.Elem())}
	case reflect.Struct:
		return sc.object(t)
	}
	if sc.err == nil {
		sc.err = fmt.Errorf("web: no JSON schema for Go type %s", t)
	}
	return map[string]any{}
}

// schemaName names the component of a Go struct type: apiAccount →
// Account, listOf[…apiAccount] → AccountList, report.ParetoReport →
// ParetoReport.
func schemaName(t reflect.Type) string {
	title := func(s string) string {
		s = strings.TrimPrefix(s, "api")
		return strings.ToUpper(s[:1]) + s[1:]
	}
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 { // listOf[path.apiAccount]
		arg := name[i+1 : len(name)-1]
		return title(arg[strings.LastIndexByte(arg, '.')+1:]) + "List"
	}
	return title(name)
}

func (sc *schemas) object(t reflect.Type) map[string]any {
	name, ok := sc.names[t]
	if !ok {
		name = schemaName(t)
		for other, n := range sc.names {
			if n == name && other != t {
				sc.err = fmt.Errorf("web: Go types %s and %s would both be schema %s", other, t, name)
			}
		}
		sc.names[t] = name
		input := strings.HasSuffix(name, "Input")
		props := map[string]any{}
		var required []string
		sc.fields(t, props, &required, input)
		def := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if len(required) > 0 {
			def["required"] = required
		}
		sc.defs[name] = def
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// fields adds the JSON fields of struct t, flattening embedded structs as
// encoding/json does.
func (sc *schemas) fields(t reflect.Type, props map[string]any, required *[]string, input bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			sc.fields(f.Type, props, required, input)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		p := sc.of(f.Type)
		if _, isRef := p["$ref"]; isRef && (f.Tag.Get("doc") != "") {
			p = map[string]any{"allOf": []any{p}}
		}
		if d := f.Tag.Get("doc"); d != "" {
			p["description"] = d
		}
		if v := f.Tag.Get("format"); v != "" {
			p["format"] = v
		}
		if v := f.Tag.Get("enum"); v != "" {
			enum := []any{}
			for _, e := range strings.Split(v, ",") {
				enum = append(enum, e)
			}
			if f.Type.Kind() == reflect.Pointer {
				enum = append(enum, nil)
			}
			p["enum"] = enum
		}
		props[name] = p
		if !input && !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			*required = append(*required, name)
		}
	}
	slices.Sort(*required)
}
