package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
)

// view is what every page template gets: the page's own data in Data.
type view struct {
	Title   string
	Lang    *i18n.Lang
	Langs   []*i18n.Lang
	Here    string // the page's URL, for the language switch to come back to
	User    crm.User
	Signed  bool
	CanEdit bool // staff or admin
	// CanImport: staff or admin who see every account (imports change
	// accounts across the database).
	CanImport bool
	Admin     bool
	Nav       string
	CSS, JS   string
	Figures   *figuresNote // nil: the page shows no cached figures
	Version   string       // the program's, for the footer; "" shows none
	Data      any
}

// LangAction is where the page's language switch posts: the portal's own
// path for a portal page, whose session cookie is sent only there.
func (v view) LangAction() string {
	if v.Here == "/portal" || strings.HasPrefix(v.Here, "/portal/") || strings.HasPrefix(v.Here, "/portal?") {
		return "/portal/lang"
	}
	return "/lang"
}

// funcs returns the template functions of a page in language l: t and
// tHTML for catalogue texts, and numbers, money and dates in l's format.
func funcs(l *i18n.Lang) template.FuncMap {
	return template.FuncMap{
		"t":     l.T,
		"tHTML": l.HTML,
		// tv translates a value that may be a catalogue word (a status, a
		// kind) and shows any other value as it is.
		"tv": func(v any) string { return l.Value(fmt.Sprint(v)) },
		// reason writes why a row was refused in l (crm.RowError); rowError
		// the whole "FILE:LINE: field: reason".
		"reason": func(e crm.RowError) string { return l.Reason(e.Reason, e.Format, e.Args) },
		"rowError": func(e crm.RowError) string {
			e.Reason = l.Reason(e.Reason, e.Format, e.Args)
			return e.Error()
		},
		// money writes an amount for a page: kept money (crm.Money, exact
		// cents) or a figure computed from it (float64).
		"money": func(v any) (string, error) {
			switch x := v.(type) {
			case crm.Money:
				return l.Money(x.Float()), nil
			case float64:
				return l.Money(x), nil
			}
			return "", fmt.Errorf("money: %T is not an amount", v)
		},
		"pct":    l.Percent,
		"cmoney": func(v float64, currency string) string { return l.CompactMoney(v, currency) },
		"deref":  func(p *float64) float64 { return *p }, // inside {{with}} of a *float64
		"hours":  l.Hours,
		"age":    l.Age,
		"count":  func(n int) string { return l.Count(int64(n)) },

		"count64": l.Count, // an int64 count (reach and PR)

		// day writes a date: a time, or a YYYY-MM-DD text from a report.
		"day": func(v any) string {
			switch x := v.(type) {
			case time.Time:
				return l.Day(x)
			case string:
				return l.DayText(x)
			}
			return fmt.Sprint(v)
		},
		"dateTime": func(t time.Time) string { return l.DateTime(t.Local()) },
		"num":      func(format string, f float64) string { return l.Num(fmt.Sprintf(format, f)) },
		"tierClass": func(t string) string {
			switch t {
			case "A", "B", "C":
				return "tier tier-" + strings.ToLower(t)
			}
			return "tier tier-none"
		},
		"neg": func(v any) bool {
			switch x := v.(type) {
			case crm.Money:
				return x < 0
			case float64:
				return x < 0
			}
			return false
		},
		// postURL is a post's address for a link: an http(s) URL, else ""
		// (no javascript: or data: links from imported data).
		"postURL": postURL,
		"add":     func(a, b int) int { return a + b },
		"sub":     func(a, b float64) float64 { return a - b },
		"div":     func(a, b float64) float64 { return a / b },
		"list":    func(xs ...string) []string { return xs },
		"int":     func(n int64) int { return int(n) },
		"join":    strings.Join,
		// svg marks chart markup from internal/chart, which escapes every text
		// it writes, as safe to inline.
		"svg": func(b []byte) template.HTML { return template.HTML(b) },
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// postURL returns raw if it is an absolute http or https URL with a host,
// else "".
func postURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) {
		return ""
	}
	return u.String()
}

// parseTemplates parses each page with the shared layout, once for each
// language, with the language bound into the template functions: pages
// maps a language's code and a page's name to its template.
func parseTemplates() (map[string]map[string]*template.Template, error) {
	pages := map[string]map[string]*template.Template{}
	for _, l := range i18n.All {
		p, err := parsePages(funcs(l))
		if err != nil {
			return nil, err
		}
		pages[l.Code] = p
	}
	return pages, nil
}

func parsePages(fm template.FuncMap) (map[string]*template.Template, error) {
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New(name).Funcs(fm).ParseFS(assets, "templates/layout.html", "templates/*.tmpl", f)
		if err != nil {
			return nil, err
		}
		pages[name] = t
	}
	return pages, nil
}

// render writes page with data and status. It renders into a buffer first,
// so a template error never leaves half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, page string, status int, data any) {
	l := langOf(r.Context())
	v := view{Title: titleOf(data, l), Lang: l, Langs: i18n.All, Here: r.URL.RequestURI(), Version: s.version, Nav: page, CSS: s.staticURL["app.css"], JS: s.staticURL["app.js"], Data: data, Figures: noteOf(r.Context())}
	if u, ok := userFrom(r.Context()); ok {
		v.User, v.Signed = u, true
		v.CanEdit, v.Admin = u.Role.Includes(crm.RoleStaff), u.Role.Includes(crm.RoleAdmin)
		v.CanImport = v.CanEdit && u.Scope().All()
	}
	var buf bytes.Buffer
	t, ok := s.pages[l.Code][page]
	if !ok {
		s.log.Error("no such page template", slog.String("page", page))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("render", slog.String("page", page), slog.Any("err", err))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status) // Cache-Control: no-store from securityHeaders, or the portal's private, no-store
	_, _ = w.Write(buf.Bytes())
}

// titleOf is the page title data gives, in language l.
func titleOf(data any, l *i18n.Lang) string {
	if m, ok := data.(map[string]any); ok {
		if t, ok := m["Title"].(string); ok {
			return t
		}
	}
	if t, ok := data.(interface{ PageTitle(*i18n.Lang) string }); ok {
		return t.PageTitle(l)
	}
	return ""
}

// finite guards chart and share inputs against NaN and ±Inf.
func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}
