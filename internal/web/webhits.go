package web

import (
	"cmp"
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The hit endpoint of the web analytics: POST /t takes what our own
// script (static/vf.js, served at /t.js) sends from the business's web
// site. It is cross-site beacon traffic, so it carries no CSRF token and
// is let through the cross-origin protection; it answers 202 at once,
// whatever it does with the hit (bots are dropped silently), and reads at
// most maxHitBody bytes. Each address may send hitsPerMinute hits a
// minute; more are refused with 429.

const (
	maxHitBody    = 4 << 10
	hitsPerMinute = 600
	// maxHitAddresses bounds the addresses counted in a minute; past it
	// new ones wait for the next minute.
	maxHitAddresses = 100_000
)

// hitLimit counts the hits of each address in the current minute.
type hitLimit struct {
	mu     sync.Mutex
	max    int
	window int64 // the minute counted, Unix minutes
	n      map[string]int
}

// allow counts a hit of ip and reports whether it is within the limit.
// IPv6 addresses count by their /64 network: one host has many addresses.
func (l *hitLimit) allow(ip string, now time.Time) bool {
	if a, err := netip.ParseAddr(ip); err == nil && a.Is6() && !a.Is4In6() {
		if p, err := a.Prefix(64); err == nil {
			ip = p.String()
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if m := now.Unix() / 60; m != l.window || l.n == nil {
		l.window, l.n = m, map[string]int{}
	}
	if n, seen := l.n[ip]; n >= l.max || !seen && len(l.n) >= maxHitAddresses {
		return false
	}
	l.n[ip]++
	return true
}

// hitInput is the body of POST /t, JSON or a form: the event, the page's
// full address, the referrer's, and for form_sent the e-mail typed in.
type hitInput struct {
	Event    string `json:"e"`
	URL      string `json:"u"`
	Referrer string `json:"r"`
	Email    string `json:"m"`
	Heard    string `json:"h"` // form_sent: the form's answer to "how did you hear about us?"
}

// botWords mark the user agents of crawlers, previews and scripts.
var botWords = []string{"bot", "crawl", "spider", "slurp", "headless", "lighthouse", "preview", "curl", "wget", "python", "go-http-client",
	"java/", "okhttp", "axios", "node-fetch", "facebookexternalhit", "monitor", "pingdom", "uptime", "phantomjs", "scrapy"}

// isBot reports whether ua is no person's browser.
func isBot(ua string) bool {
	ua = strings.ToLower(ua)
	if !strings.HasPrefix(ua, "mozilla/") && !strings.HasPrefix(ua, "opera/") {
		return true
	}
	return slices.ContainsFunc(botWords, func(w string) bool { return strings.Contains(ua, w) })
}

// parseHit reads a hit from its input, or reports why it is none.
func parseHit(in hitInput) (crm.WebHit, bool) {
	h := crm.WebHit{Event: cmp.Or(in.Event, crm.HitPageview), Email: in.Email, HeardAbout: in.Heard}
	if !slices.Contains(crm.HitEvents, h.Event) {
		return h, false
	}
	u, err := url.Parse(in.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return h, false
	}
	h.Site, h.Path = u.Hostname(), cmp.Or(u.EscapedPath(), "/")
	q := u.Query()
	h.UTMSource, h.UTMMedium, h.UTMCampaign = q.Get("utm_source"), q.Get("utm_medium"), q.Get("utm_campaign")
	h.Code, h.Contact = q.Get("vf"), q.Get("vf_c")
	if r, err := url.Parse(in.Referrer); err == nil && r.Host != "" && !strings.EqualFold(r.Hostname(), h.Site) {
		h.Referrer = strings.TrimPrefix(strings.ToLower(r.Hostname()), "www.")
	}
	return h, true
}

// hit is POST /t.
func (s *Server) hit(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if !s.hitLimit.allow(clientIP(r), time.Now()) {
		w.Header().Set("Retry-After", "60")
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	var in hitInput
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxHitBody))
	if err != nil {
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
		q, err := url.ParseQuery(string(body))
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		in = hitInput{Event: q.Get("e"), URL: q.Get("u"), Referrer: q.Get("r"), Email: q.Get("m"), Heard: q.Get("h")}
	} else if err := json.Unmarshal(body, &in); err != nil { // sendBeacon sends text/plain
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	h, ok := parseHit(in)
	if !ok {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusAccepted)
	ua := r.UserAgent()
	if isBot(ua) || r.Header.Get("Sec-Purpose") != "" || r.Header.Get("X-Purpose") != "" {
		return // prefetches and bots are no visits
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush() // the answer goes out; the hit is queued (and maybe a batch written) after
	}
	h.IP, h.UserAgent = clientIP(r), ua
	if err := s.st.LogHit(r.Context(), h); err != nil && crm.ErrorCode(err) != crm.ECONFLICT { // a full queue drops hits, counted
		s.log.Error("web hit", slog.Any("err", err))
	}
}

// hitScript is GET /t.js: the script at an address that stays, for the
// business's site to include.
func (s *Server) hitScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	http.ServeFileFS(w, r, s.staticFS, "vf.js")
}
