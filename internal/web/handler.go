package web

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
)

// handlerFunc is an HTTP handler that returns its error; wrap turns the
// error into the response.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route is one entry of the routes table. Role is the least role the route
// needs; "" means public.
type route struct {
	pattern string
	role    crm.Role
	h       handlerFunc
	api     *apiOp // an /api/v1/ route's documentation and query parameters; nil for pages
}

var errForbiddenOrigin = crm.Errorf(crm.EFORBIDDEN, "cross-origin request refused")

// routeKey holds the route a request is served by, in its context.
type routeKey struct{}

func isAPI(path string) bool { return strings.HasPrefix(path, "/api/") }

// wrap authenticates the request (session cookie for pages, bearer token
// for the API), checks the route's role, puts the user into the context as
// the store's actor, runs the handler and renders its error.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(withFigures(context.WithValue(r.Context(), routeKey{}, rt)))
		api := isAPI(r.URL.Path)
		if !api {
			r = r.WithContext(withLang(r.Context(), negotiate(r, "")))
		}
		if err := readForm(w, r); err != nil {
			s.fail(w, r, api, err)
			return
		}
		if rt.role != "" {
			u, err := s.authenticate(r, api)
			if err != nil {
				if !api && crm.ErrorCode(err) == crm.EUNAUTHORIZED {
					http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
				s.fail(w, r, api, err)
				return
			}
			if !u.Role.Includes(rt.role) {
				msg := i18n.N("this needs the %s role; you are %s")
				if !api {
					l := langOf(r.Context())
					msg = l.T(msg, l.Value(string(rt.role)), l.Value(string(u.Role)))
					s.fail(w, r, api, crm.Errorf(crm.EFORBIDDEN, "%s", msg))
					return
				}
				s.fail(w, r, api, crm.Errorf(crm.EFORBIDDEN, msg, rt.role, u.Role))
				return
			}
			r = r.WithContext(crm.WithActor(withUser(r.Context(), u), crm.ActorOf(u)))
			if !api {
				saved, err := s.st.UserLanguage(r.Context(), u.ID)
				if err != nil {
					s.fail(w, r, api, err)
					return
				}
				if saved != "" {
					r = r.WithContext(withLang(r.Context(), negotiate(r, saved)))
				}
			}
		}
		if err := rt.h(w, r); err != nil {
			s.fail(w, r, api, err)
		}
	})
}

// status maps an error code to an HTTP status.
func status(code string) int {
	switch code {
	case crm.EINVALID:
		return http.StatusBadRequest
	case crm.ENOTFOUND:
		return http.StatusNotFound
	case crm.ECONFLICT:
		return http.StatusConflict
	case crm.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case crm.EFORBIDDEN:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// fail writes err: JSON {"error":{"code","message"}} for the API, an error
// page otherwise. Internal errors are logged and shown as a generic
// message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, api bool, err error) {
	code := crm.ErrorCode(err)
	msg := err.Error()
	var rows crm.RowErrors
	if errors.As(err, &rows) {
		msg = rows.Error()
	}
	if code == crm.EINTERNAL {
		path := r.URL.Path
		if strings.Contains(r.Pattern, "{token}") { // a secret in the path (an invitation, a survey link): not logged
			_, path, _ = strings.Cut(r.Pattern, " ")
		}
		s.log.Error("request failed", slog.String("method", r.Method), slog.String("path", path), slog.Any("err", err))
		msg = "something went wrong on our side; it has been logged"
	}
	st := status(code)
	if api {
		writeJSON(w, st, map[string]any{"error": map[string]string{"code": code, "message": msg}})
		return
	}
	l := langOf(r.Context())
	if code != crm.EINTERNAL {
		msg = errorIn(l, err)
	}
	s.render(w, r, "error", st, map[string]any{"Status": st, "Title": l.Value(http.StatusText(st)), "Message": msg})
}

// errorIn writes err for a page in l: an application error, or a row's
// reason, from the catalogue where it has the format it was written from;
// anything else as it is.
func errorIn(l *i18n.Lang, err error) string {
	var rows crm.RowErrors
	if errors.As(err, &rows) && len(rows) > 0 && err.Error() == rows.Error() {
		e := rows[0]
		e.Reason = l.Reason(e.Reason, e.Format, e.Args)
		msg := e.Error()
		if len(rows) > 1 {
			msg += l.T(" (and %d more)", len(rows)-1)
		}
		return msg
	}
	var e *crm.Error
	if errors.As(err, &e) && err.Error() == e.Message {
		return l.Reason(e.Message, e.Format, e.Args)
	}
	return l.Value(err.Error())
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// maxForm is the largest form body a page posts (a note of crm.MaxTextBytes
// and its fields fit many times over); uploads set their own limit.
const maxForm = 1 << 20

// readForm parses a posted form of at most maxForm bytes, so that handlers
// read its values knowing it was complete; EINVALID when it is larger.
func readForm(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch {
		return nil
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			return crm.Errorf(crm.EINVALID, "form: larger than %d KiB", maxForm>>10)
		}
		return crm.Errorf(crm.EINVALID, "form: %v", err)
	}
	return nil
}
