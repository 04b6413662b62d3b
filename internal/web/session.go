package web

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
)

const sessionCookie = "vitalfew_session"

type userKey struct{}

func withUser(ctx context.Context, u crm.User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// userFrom returns the signed-in user of a request that passed wrap.
func userFrom(ctx context.Context) (crm.User, bool) {
	u, ok := ctx.Value(userKey{}).(crm.User)
	return u, ok
}

// authenticate finds the user of r: by bearer token for the API, by session
// cookie for pages (the API accepts a session too, for the pages' own
// scripts). EUNAUTHORIZED when there is none.
func (s *Server) authenticate(r *http.Request, api bool) (crm.User, error) {
	if h := r.Header.Get("Authorization"); api && h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return crm.User{}, crm.Errorf(crm.EUNAUTHORIZED, "use Authorization: Bearer TOKEN")
		}
		return s.st.TokenUser(r.Context(), auth.HashToken(tok))
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return crm.User{}, crm.Errorf(crm.EUNAUTHORIZED, "sign in first")
	}
	return s.st.SessionUser(r.Context(), auth.HashToken(c.Value))
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.authenticate(r, false); err == nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	n, err := s.st.UserCount(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, "login", http.StatusOK, map[string]any{"Next": r.URL.Query().Get("next"), "NoUsers": n == 0})
	return nil
}

// login checks email and password (checkSignIn: limited per address and
// account, so a burst of sign-ins neither gets more guesses nor eats the
// server's memory) and starts a session.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	email := crm.NormalizeEmail(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	next := r.PostFormValue("next")
	ipKey, userKey := "ip:"+clientIP(r), "user:"+email
	again := func(status int, msg string) error {
		s.render(w, r, "login", status, map[string]any{"Next": next, "Email": email, "Error": msg})
		return nil
	}
	var u crm.User
	status, msg, err := s.checkSignIn(w, r, ipKey, userKey, password, func() (hash string, err error) {
		u, hash, err = s.st.UserForLogin(r.Context(), email)
		return hash, err
	})
	if err != nil || status != 0 {
		if err == nil {
			err = again(status, msg)
		}
		return err
	}
	token, th := auth.NewToken(auth.SessionPrefix)
	expires := time.Now().Add(s.ttl)
	if err := s.st.CreateSession(r.Context(), u.ID, th, expires); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", Expires: expires, MaxAge: int(s.ttl.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure || r.TLS != nil,
	})
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
	return nil
}

// gateWait is how long a sign-in waits for a free password check before
// it is answered 503.
const gateWait = 2 * time.Second

// checkSignIn checks password against the hash lookup finds (ENOTFOUND:
// no such account), for staff and portal sign-ins alike. Attempts are
// limited per client address (ipKey) and per account (userKey): each is
// counted before the password is checked (auth.Limiter), and only a few
// checks run at once (auth.Gate); a refusal sets Retry-After. It returns 0 when the password is right,
// else the status and message to answer with; err for a failure of the
// lookup.
func (s *Server) checkSignIn(w http.ResponseWriter, r *http.Request, ipKey, userKey, password string, lookup func() (string, error)) (status int, msg string, err error) {
	res, ok, wait := s.limiter.Reserve(ipKey, userKey)
	if !ok {
		w.Header().Set("Retry-After", itoa(int(wait.Seconds())+1))
		return http.StatusTooManyRequests, tr(r, "Too many failed sign-ins. Try again in %s.", wait.Round(time.Minute).String()), nil
	}
	if !s.gate.Enter(r.Context(), gateWait) {
		res.Cancel()
		w.Header().Set("Retry-After", "1")
		return http.StatusServiceUnavailable, tr(r, "Too many sign-ins at once. Try again in a moment."), nil
	}
	hash, err := lookup()
	switch {
	case crm.ErrorCode(err) == crm.ENOTFOUND:
		auth.Waste(password)
	case err != nil:
		s.gate.Leave()
		res.Cancel()
		return 0, "", err
	}
	good := err == nil && auth.CheckPassword(hash, password)
	s.gate.Leave()
	if !good {
		return http.StatusUnauthorized, tr(r, "Wrong email or password."), nil
	}
	res.CancelFor(ipKey)
	s.limiter.Reset(userKey)
	return 0, "", nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.st.DeleteSession(r.Context(), auth.HashToken(c.Value)); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure || r.TLS != nil})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// safeNext returns next when it is a path on this site, else "/": a
// sign-in link must not send people elsewhere. Only printable ASCII is
// accepted (browsers drop tabs and line breaks, so "/\t/evil.example"
// would become "//evil.example"), and the path starts with one "/"
// followed by neither "/" nor "\\" (which browsers read as "/").
func safeNext(next string) string {
	if next == "" || next[0] != '/' {
		return "/"
	}
	for i := 0; i < len(next); i++ {
		if c := next[i]; c < 0x21 || c > 0x7e {
			return "/"
		}
	}
	if len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return "/"
	}
	return next
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
