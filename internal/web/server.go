// Package web is vitalfew's web application and JSON API: staff sign-in
// with roles, the 80/20 dashboard, the accounts list, Account 360, imports,
// settings, users and the audit log, server-rendered with html/template so
// every page works without JavaScript, and /api/v1 for programs.
//
// Every route is declared once in routes.go with the least role it needs;
// the same table drives the tests that prove anonymous users, viewers and
// cross-origin posts are refused. Writes are checked again by the store,
// which acts for the user put into the request's context.
package web

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/store"
)

//go:embed templates static
var assets embed.FS

// Config is what the server needs.
type Config struct {
	Store *store.Store
	Log   *slog.Logger
	// SecureCookies marks the session cookie Secure; set it when the server
	// is reached over TLS (a request arriving over TLS sets it anyway).
	SecureCookies bool
	// SessionTTL is how long a sign-in lasts; default 12 hours.
	SessionTTL time.Duration
	// MaxUpload is the largest file the web import takes, in bytes;
	// default DefaultMaxUpload (256 MiB).
	MaxUpload int64
	// BaseURL is the address people reach the server at, for the links in
	// mail (https://crm.example.com); empty: the address of the request.
	BaseURL string
	// Version is the program's version, shown in the pages' footer.
	Version string
	// MailWake, when not nil, says an SMTP server is set up: mail is put
	// into the outbox and the sender (internal/mail.Run) woken through it.
	MailWake chan<- struct{}
}

// Server is the web application. Create it with New.
type Server struct {
	st        *store.Store
	log       *slog.Logger
	secure    bool
	ttl       time.Duration
	limiter   *auth.Limiter
	openLimit *auth.Limiter // saves of the open survey links per address
	refLimit  *auth.Limiter // views and posts of referral links per address
	hitLimit  *hitLimit     // web analytics hits per address (webhits.go)
	gate      *auth.Gate
	insight   *insight
	careNow   careNow // the open care items' states, per mentions version
	baseURL   string
	mailWake  chan<- struct{}
	version   string
	imports   *importJobs
	ops       *ops
	pages     map[string]map[string]*template.Template // language code, page name
	staticFS  fs.FS
	staticURL map[string]string // file name -> content-hashed URL
	openapi   []byte            // the API's OpenAPI document, built once
}

// New returns a server over cfg.Store.
func New(cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = DefaultMaxUpload
	}
	s := &Server{
		st: cfg.Store, log: cfg.Log, secure: cfg.SecureCookies, ttl: cfg.SessionTTL,
		// Ten failed sign-ins per address or per account in 15 minutes.
		limiter: auth.NewLimiter(10, 15*time.Minute),
		// Sixty saves of open survey links per address an hour.
		openLimit: auth.NewLimiter(60, time.Hour),
		// Thirty views or posts of referral links per address an hour.
		refLimit: auth.NewLimiter(30, time.Hour),
		hitLimit: &hitLimit{max: hitsPerMinute},
		// As many password checks at once as there are cores (more are
		// no faster), at most four: 4 × 19 MiB.
		gate:     auth.NewGate(min(4, runtime.GOMAXPROCS(0))),
		insight:  newInsight(cfg.Store, cfg.Log),
		baseURL:  strings.TrimRight(cfg.BaseURL, "/"),
		mailWake: cfg.MailWake,
		version:  cfg.Version,
	}
	s.ops = newOps(s)
	var err error
	if s.imports, err = newImportJobs(cfg.MaxUpload); err != nil {
		return nil, err
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, err
	}
	s.staticFS = static
	s.staticURL = map[string]string{}
	entries, err := fs.ReadDir(static, ".")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		b, err := fs.ReadFile(static, e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		s.staticURL[e.Name()] = "/static/" + hex.EncodeToString(sum[:6]) + "/" + e.Name()
	}
	if s.pages, err = parseTemplates(); err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	doc, err := openAPIDoc(s.routes())
	if err != nil {
		return nil, err
	}
	if s.openapi, err = json.Marshal(doc); err != nil {
		return nil, fmt.Errorf("web: OpenAPI document: %w", err)
	}
	return s, nil
}

// Close removes the uploads of the web import (the server keeps them in a
// temporary directory of its own). Call it once the HTTP server has shut
// down.
func (s *Server) Close() error {
	s.ops.cancel()
	return s.imports.close()
}

// Warm computes the analytics behind the dashboard ahead of the first
// request, so that the first visitor does not wait for them.
func (s *Server) Warm(ctx context.Context) error {
	_, _, err := s.insight.get(ctx)
	return err
}

// Handler returns the application's HTTP handler: every route, behind
// cross-origin protection for every state-changing request.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, s.instrument(rt.pattern, s.wrap(rt)))
	}
	for pattern, h := range map[string]http.HandlerFunc{
		"GET /static/{hash}/{file}": s.serveStatic,
		// The web analytics' script and hits, from the business's site
		// (webhits.go): public, cross-site.
		"GET /t.js": s.hitScript,
		"POST /t":   s.hit,
		// For load balancers and orchestrators: no authentication (ops.go).
		"GET /healthz": healthz,
		"GET /readyz":  s.readyz,
		// To an admin's API token; serve --metrics-addr serves them without.
		"GET /metrics": s.adminMetrics,
	} {
		mux.Handle(pattern, s.instrument(pattern, h))
	}
	cop := http.NewCrossOriginProtection()
	cop.AddInsecureBypassPattern("POST /t") // beacons from the business's own site: no session, nothing to forge
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, isAPI(r.URL.Path), errForbiddenOrigin)
	}))
	return securityHeaders(cop.Handler(mux))
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if s.staticURL[name] != r.URL.Path {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeFileFS(w, r, s.staticFS, name)
}

// securityHeaders sets the headers every response carries: no framing, no
// sniffing, no caching, and a content security policy that allows only our
// own files.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		// Customer data stays out of caches (static files say otherwise).
		hd.Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}
