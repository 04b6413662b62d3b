// Command probe runs issue 11's hardening probes against a running server:
// sign-in bursts (per account and per address, with the server's peak RSS),
// redirect values after sign-in, NaN/Inf and out-of-range values on the
// API, disabling and enabling a user against their API token, concurrent
// writers, and formulas in a rejected import row. Each probe prints a line
// "PASS name: figures" or "FAIL name: figures" (a FAIL adds indented
// details); the program exits 1 when any failed.
//
//	go run ./bench/probe -url http://127.0.0.1:18090 -pid PID \
//	    -admin-email A -admin-password P -staff-email S -staff-password Q -token T
//
// The probes change the server's state, so they run in an order that lets
// each see a clean start: the API probes first (the token probe revokes
// the token for good), then the staff sign-ins, then the bursts (the
// account burst locks the staff account for 15 minutes). Sign-ins come
// from loopback addresses of their own (Linux routes 127.0.0.0/8 to lo),
// as the server limits sign-ins per client address.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

var (
	base          = flag.String("url", "http://127.0.0.1:18090", "server address")
	pid           = flag.Int("pid", 0, "the server's process id, to sample its RSS during the sign-in bursts")
	adminEmail    = flag.String("admin-email", "", "an admin user")
	adminPassword = flag.String("admin-password", "", "the admin's password")
	staffEmail    = flag.String("staff-email", "", "a staff user")
	staffPassword = flag.String("staff-password", "", "the staff user's password")
	token         = flag.String("token", "", "an API token of the staff user (revoked by the tokens probe)")
	writers       = flag.Int("writers", 200, "concurrent API writers")
	duration      = flag.Duration("duration", 30*time.Second, "how long the writers write")
	burstN        = flag.Int("burst", 200, "sign-ins per burst")
	verbose       = flag.Bool("v", false, "print each probe's details when it passes too")
	only          = flag.String("probes", "redirects,limits,writers,formulas,tokens,burst-account,burst-address",
		"the probes to run, in this order")
)

// The goals of issue 11.
const (
	maxChecks   = 10                 // password checks per account and per address per 15 min
	maxRSSKiB   = 300_000_000 / 1024 // the server's RSS during a burst: 300 MB, in KiB
	maxP99      = time.Second        // writers' p99
	reportLimit = 10 * time.Second   // a report answers within
)

var failed bool

// result prints a probe's line, and its details when it failed.
func result(name string, ok bool, figures string, details ...string) {
	word := "PASS"
	if !ok {
		word = "FAIL"
		failed = true
	}
	fmt.Printf("%s %s: %s\n", word, name, figures)
	if !ok || *verbose {
		for _, d := range details {
			fmt.Printf("    %s\n", d)
		}
	}
}

func main() {
	flag.Parse()
	if *adminEmail == "" || *staffEmail == "" || *token == "" {
		fmt.Fprintln(os.Stderr, "probe: -admin-email, -staff-email and -token are required")
		os.Exit(2)
	}
	probes := map[string]func(){
		"redirects":     probeRedirects,
		"limits":        probeLimits,
		"writers":       probeWriters,
		"formulas":      probeFormulas,
		"tokens":        probeTokens,
		"burst-account": probeBurstAccount,
		"burst-address": probeBurstAddress,
	}
	for name := range strings.SplitSeq(*only, ",") {
		p, ok := probes[strings.TrimSpace(name)]
		if !ok {
			fmt.Fprintf(os.Stderr, "probe: unknown probe %q\n", name)
			os.Exit(2)
		}
		p()
	}
	if failed {
		os.Exit(1)
	}
}

// --- clients ----------------------------------------------------------------

// client returns an HTTP client whose connections come from the loopback
// address ip ("" = any), with a cookie jar, that does not follow redirects.
func client(ip string, timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second}
	if ip != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(ip)}
	}
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4},
		Jar:       jar,
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// answer is a response's status, Location and body.
type answer struct {
	status   int
	location string
	body     string
}

func (a answer) String() string {
	s := strconv.Itoa(a.status)
	if a.location != "" {
		s += " → " + strconv.Quote(a.location)
	}
	if b := strings.TrimSpace(a.body); b != "" && !strings.HasPrefix(b, "<") {
		s += " " + clip(b, 200)
	}
	return s
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func do(c *http.Client, req *http.Request) (answer, error) {
	res, err := c.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return answer{res.StatusCode, res.Header.Get("Location"), string(b)}, err
}

func get(c *http.Client, path string) (answer, error) {
	req, _ := http.NewRequest(http.MethodGet, *base+path, nil)
	return do(c, req)
}

func postForm(c *http.Client, path, body string) (answer, error) {
	req, _ := http.NewRequest(http.MethodPost, *base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return do(c, req)
}

// api calls the JSON API with the token.
func api(c *http.Client, method, path, body string) (answer, error) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, *base+path, r)
	req.Header.Set("Authorization", "Bearer "+*token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return do(c, req)
}

// signIn signs in from ip and returns the client holding the session.
func signIn(ip, email, password string) (*http.Client, error) {
	c := client(ip, 30*time.Second)
	a, err := postForm(c, "/login", url.Values{"email": {email}, "password": {password}}.Encode())
	if err != nil {
		return nil, err
	}
	if a.status != http.StatusSeeOther {
		return nil, fmt.Errorf("sign-in as %s from %s: %d, want 303", email, ip, a.status)
	}
	return c, nil
}

// apiError is the message of a JSON error answer.
func apiError(body string) string {
	var e struct {
		Error struct{ Code, Message string }
	}
	json.Unmarshal([]byte(body), &e)
	return e.Error.Message
}

// --- RSS --------------------------------------------------------------------

// memory returns the server's VmRSS and VmHWM in KiB.
func memory() (rss, hwm int, err error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(*pid) + "/status")
	if err != nil {
		return 0, 0, err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		k, v, _ := strings.Cut(line, ":")
		n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		switch k {
		case "VmRSS":
			rss = n
		case "VmHWM":
			hwm = n
		}
	}
	return rss, hwm, nil
}

// sampleRSS samples the server's RSS every 10 ms until stop is called,
// which returns the highest: the largest sample, or the kernel's high-water
// mark when it rose during the sampling (it catches peaks between samples).
func sampleRSS() (stop func() (peak int, err error)) {
	if *pid == 0 {
		return func() (int, error) { return 0, errors.New("no -pid") }
	}
	_, hwm0, err := memory()
	done := make(chan struct{})
	var peak int
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			if rss, _, err := memory(); err == nil {
				peak = max(peak, rss)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() (int, error) {
		close(done)
		wg.Wait()
		if err != nil {
			return 0, err
		}
		if _, hwm, err := memory(); err == nil && hwm > hwm0 {
			peak = max(peak, hwm)
		}
		return peak, nil
	}
}

func mb(kib int) string { return fmt.Sprintf("%.0f MB", float64(kib)*1024/1e6) }

// --- sign-in bursts ---------------------------------------------------------

// burst sends n sign-ins with wrong passwords at once, the i-th from
// address addr(i) for email(i), and counts the answers by status (0 = no
// answer). Each client has its own connection, opened beforehand by a GET
// of the sign-in page, so the posts leave together.
func burst(n int, addr, email func(i int) string) (byStatus map[int]int, took time.Duration, errs []string) {
	byStatus = map[int]int{}
	var mu sync.Mutex
	clients := make([]*http.Client, n)
	var wg sync.WaitGroup
	for i := range n {
		clients[i] = client(addr(i), 60*time.Second)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := get(clients[i], "/login"); err != nil {
				mu.Lock()
				errs = append(errs, "warming: "+err.Error())
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := url.Values{"email": {email(i)}, "password": {"wrong password " + strconv.Itoa(i)}}.Encode()
			<-start
			a, err := postForm(clients[i], "/login", body)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err.Error())
			}
			byStatus[a.status]++
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	return byStatus, time.Since(t0), errs
}

func burstProbe(name string, addr, email func(i int) string) {
	rss0, hwm0, merr := memory()
	stop := sampleRSS()
	got, took, errs := burst(*burstN, addr, email)
	peak, perr := stop()
	checked := got[http.StatusUnauthorized]
	others := *burstN - checked - got[http.StatusTooManyRequests] - got[http.StatusServiceUnavailable]
	ok := checked <= maxChecks && others == 0 && perr == nil && peak < maxRSSKiB
	mem := "RSS not measured"
	if merr == nil && perr == nil {
		mem = fmt.Sprintf("server RSS before %s (peak so far %s), peak during %s", mb(rss0), mb(hwm0), mb(peak))
	} else if perr != nil {
		mem += " (" + perr.Error() + ")"
	}
	result(name, ok, fmt.Sprintf("%d sign-ins at once in %v: %d checked (401), %d × 429, %d × 503, %d other; %s",
		*burstN, took.Round(time.Millisecond), checked, got[http.StatusTooManyRequests], got[http.StatusServiceUnavailable], others, mem),
		append([]string{fmt.Sprintf("answers by status (0 = none): %v", got)}, errs[:min(len(errs), 5)]...)...)
}

func probeBurstAccount() {
	burstProbe("sign-in burst, one account", func(i int) string { return fmt.Sprintf("127.1.%d.%d", i/250, i%250+1) },
		func(int) string { return *staffEmail })
}

func probeBurstAddress() {
	burstProbe("sign-in burst, one address", func(int) string { return "127.0.9.9" },
		func(i int) string { return fmt.Sprintf("nobody%d@probe.example", i) })
}

// --- redirects --------------------------------------------------------------

// safePath reports whether a Location is a path on this site: one leading
// "/" not followed by "/" or "\", printable ASCII only.
func safePath(loc string) bool {
	if loc == "" || loc[0] != '/' || len(loc) > 1 && (loc[1] == '/' || loc[1] == '\\') {
		return false
	}
	for i := 0; i < len(loc); i++ {
		if loc[i] < 0x21 || loc[i] > 0x7e {
			return false
		}
	}
	return true
}

func probeRedirects() {
	c := client("127.0.5.5", 30*time.Second)
	form := func(next string) string {
		return url.Values{"email": {*adminEmail}, "password": {*adminPassword}, "next": {next}}.Encode()
	}
	cases := []struct{ name, body string }{
		{`/\t/evil.example`, form("/\t/evil.example")},
		{`/\r/evil.example`, form("/\r/evil.example")},
		{`/\n/evil.example`, form("/\n/evil.example")},
		{`//evil.example`, form("//evil.example")},
		{`/\evil.example`, form(`/\evil.example`)},
		{`%2F%2Fevil.example (the value)`, form("%2F%2Fevil.example")},
		{`%2F%2Fevil.example (raw in the body: //evil.example)`, "email=" + url.QueryEscape(*adminEmail) +
			"&password=" + url.QueryEscape(*adminPassword) + "&next=%2F%2Fevil.example"},
		{`/%2F%2Fevil.example`, form("/%2F%2Fevil.example")},
		{`https://evil.example`, form("https://evil.example")},
		{`javascript:alert(1)`, form("javascript:alert(1)")},
		{`/accounts`, form("/accounts")},
	}
	ok := true
	var lines, locs []string
	for _, tc := range cases {
		a, err := postForm(c, "/login", tc.body)
		locs = append(locs, strconv.Quote(a.location))
		good := err == nil && a.status == http.StatusSeeOther && safePath(a.location)
		if tc.name == "/accounts" {
			good = good && a.location == "/accounts"
		}
		line := fmt.Sprintf("next=%s: %v", tc.name, a)
		if err != nil {
			line += " " + err.Error()
		}
		if !good {
			ok = false
			line = "BAD " + line
		}
		lines = append(lines, line)
	}
	result("redirect values", ok, fmt.Sprintf("%d sign-ins with next=…, Locations %s", len(cases), strings.Join(locs, " ")), lines...)
}

// --- values beyond limits ---------------------------------------------------

// createAccount creates an account through the API and returns its id.
func createAccount(c *http.Client, name string) (int64, error) {
	b, _ := json.Marshal(map[string]string{"name": name})
	a, err := api(c, http.MethodPost, "/api/v1/accounts", string(b))
	if err != nil {
		return 0, err
	}
	var acc struct{ ID int64 }
	if a.status != http.StatusCreated || json.Unmarshal([]byte(a.body), &acc) != nil || acc.ID == 0 {
		return 0, fmt.Errorf("POST /api/v1/accounts %s: %v", b, a)
	}
	return acc.ID, nil
}

func probeLimits() {
	c := client("", 30*time.Second)
	id, err := createAccount(c, fmt.Sprintf("Probe limits %d", time.Now().UnixNano()))
	if err != nil {
		result("NaN/Inf orders", false, "could not create the account", err.Error())
		return
	}
	order := func(amount, date string) string {
		return fmt.Sprintf(`{"account_id":%d,"ordered_at":%q,"amount":%s}`, id, date, amount)
	}
	cases := []struct{ path, body, field string }{
		{"/api/v1/orders", order("1e308", "2024-01-02"), "amount"},
		{"/api/v1/orders", order("1e309", "2024-01-02"), "amount"},
		{"/api/v1/orders", order("-1e309", "2024-01-02"), "amount"},
		{"/api/v1/orders", order("-2e12", "2024-01-02"), "amount"},
		{"/api/v1/orders", order(`"NaN"`, "2024-01-02"), "amount"},
		{"/api/v1/orders", order("NaN", "2024-01-02"), "amount"},
		{"/api/v1/orders", order("10", "9999-12-31"), "ordered_at"},
		{"/api/v1/orders", order("10", "0001-01-01"), "ordered_at"},
		{"/api/v1/accounts", `{"name":"Evil\u0000Corp"}`, "name"},
	}
	ok := true
	var lines []string
	refused := 0
	for _, tc := range cases {
		a, err := api(c, http.MethodPost, tc.path, tc.body)
		msg := apiError(a.body)
		good := err == nil && a.status == http.StatusBadRequest && namesField(msg, tc.field, tc.body)
		if good {
			refused++
		} else {
			ok = false
		}
		line := fmt.Sprintf("POST %s %s: %v", tc.path, tc.body, a)
		if err != nil {
			line += " " + err.Error()
		}
		if !good {
			line = "BAD " + line
		}
		lines = append(lines, line)
	}
	var times []string
	for _, name := range []string{"care", "clv", "pareto"} {
		rc := client("", reportLimit)
		t0 := time.Now()
		a, err := api(rc, http.MethodGet, "/api/v1/reports/"+name, "")
		took := time.Since(t0)
		good := err == nil && (a.status/100 == 2 || a.status == http.StatusNotFound) && took < reportLimit
		if !good {
			ok = false
		}
		times = append(times, fmt.Sprintf("%s %d in %v", name, a.status, took.Round(time.Millisecond)))
		line := fmt.Sprintf("GET /api/v1/reports/%s: %d in %v", name, a.status, took.Round(time.Millisecond))
		if err != nil {
			line += " " + err.Error()
		}
		if !good {
			line = "BAD " + line
		}
		lines = append(lines, line)
	}
	result("NaN/Inf orders", ok, fmt.Sprintf("%d of %d bad values refused 400 naming the field; reports %s",
		refused, len(cases), strings.Join(times, ", ")), lines...)
}

// namesField reports whether an error message names field. A body that is
// not JSON at all (a bare NaN) has no fields: there the message must name
// the byte where the JSON breaks, and that byte must be in the bad value.
func namesField(msg, field, body string) bool {
	if strings.HasPrefix(msg, field+": ") {
		return true
	}
	rest, ok := strings.CutPrefix(msg, "body: not valid JSON at byte ")
	if !ok {
		return false
	}
	n, err := strconv.Atoi(rest[:strings.IndexFunc(rest+":", func(r rune) bool { return r < '0' || r > '9' })])
	key := strings.Index(body, `"`+field+`":`)
	start := key + len(field) + 3 // the value's first byte
	return err == nil && key >= 0 && n >= start && n <= start+len("NaN")
}

// --- concurrent writers -----------------------------------------------------

func probeWriters() {
	tr := &http.Transport{MaxIdleConnsPerHost: *writers}
	c := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	run := time.Now().UnixNano()
	id, err := createAccount(c, fmt.Sprintf("Probe writers %d", run))
	if err != nil {
		result("concurrent writers", false, "could not create the account", err.Error())
		return
	}
	load0 := loadavg()
	var mu sync.Mutex
	var lat []time.Duration
	acked := map[string]bool{}
	byStatus := map[int]int{}
	var errs []string
	deadline := time.Now().Add(*duration)
	var wg sync.WaitGroup
	for w := range *writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				subject := fmt.Sprintf("probe %d call %d/%d", run, w, i)
				body := fmt.Sprintf(`{"account_id":%d,"kind":"call","department":"sales","subject":%q,"occurred_at":"2024-03-01","effort_minutes":5}`, id, subject)
				t0 := time.Now()
				a, err := api(c, http.MethodPost, "/api/v1/touchpoints", body)
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				byStatus[a.status]++
				if err != nil {
					errs = append(errs, err.Error())
				} else if a.status == http.StatusCreated {
					acked[subject] = true
				} else if len(errs) < 20 {
					errs = append(errs, fmt.Sprintf("POST /api/v1/touchpoints %s: %v", body, a))
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	load1 := loadavg()
	slices.Sort(lat)
	p := func(q float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(q*float64(len(lat))))]
	}
	fivexx, other := 0, 0
	for st, n := range byStatus {
		switch {
		case st >= 500:
			fivexx += n
		case st != http.StatusCreated:
			other += n
		}
	}
	stored, missing, err := missingWrites(c, id, acked)
	if err != nil {
		errs = append(errs, "reading back: "+err.Error())
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.0f", float64(d.Microseconds())/1000) }
	ok := fivexx == 0 && byStatus[0] == 0 && p(0.99) <= maxP99 && missing == 0 && err == nil
	result("concurrent writers", ok, fmt.Sprintf("%d writers, %v: %d requests (%.0f/s), %d × 201, %d × 5xx, %d other non-201 (%d unanswered); "+
		"p50/p95/p99/max %s/%s/%s/%s ms; %d stored, %d acknowledged missing; load %s → %s",
		*writers, *duration, len(lat), float64(len(lat))/duration.Seconds(), byStatus[http.StatusCreated], fivexx, other, byStatus[0],
		ms(p(0.5)), ms(p(0.95)), ms(p(0.99)), ms(p(1)), stored, missing, load0, load1),
		append([]string{fmt.Sprintf("answers by status (0 = none): %v", byStatus)}, errs[:min(len(errs), 10)]...)...)
}

// missingWrites pages through the account's touchpoints and counts the
// acknowledged subjects that are not there.
func missingWrites(c *http.Client, id int64, acked map[string]bool) (stored, missing int, err error) {
	left := make(map[string]bool, len(acked))
	for k := range acked {
		left[k] = true
	}
	for off := 0; ; off += 500 {
		a, err := api(c, http.MethodGet, fmt.Sprintf("/api/v1/touchpoints?account_id=%d&limit=500&offset=%d", id, off), "")
		if err != nil {
			return stored, len(left), err
		}
		var page struct {
			Items []struct{ Subject string }
			Total int
		}
		if a.status != http.StatusOK || json.Unmarshal([]byte(a.body), &page) != nil {
			return stored, len(left), fmt.Errorf("GET touchpoints offset %d: %v", off, a)
		}
		for _, tp := range page.Items {
			delete(left, tp.Subject)
		}
		stored += len(page.Items)
		if len(page.Items) < 500 {
			return stored, len(left), nil
		}
	}
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

// --- tokens of a disabled user ----------------------------------------------

func probeTokens() {
	c := client("", 30*time.Second)
	status := func() int {
		a, err := api(c, http.MethodGet, "/api/v1/accounts", "")
		if err != nil {
			return 0
		}
		return a.status
	}
	var steps []string
	ok := true
	step := func(good bool, format string, args ...any) {
		s := fmt.Sprintf(format, args...)
		if !good {
			ok = false
			s = "BAD " + s
		}
		steps = append(steps, s)
	}
	before := status()
	step(before == http.StatusOK, "token before: %d", before)
	admin, err := signIn("127.0.6.6", *adminEmail, *adminPassword)
	if err != nil {
		result("disable/enable tokens", false, "admin sign-in failed", err.Error())
		return
	}
	for _, action := range []string{"disable", "enable"} {
		a, err := postForm(admin, "/users/"+url.PathEscape(*staffEmail)+"/"+action, "")
		step(err == nil && a.status == http.StatusSeeOther, "POST /users/%s/%s: %v", *staffEmail, action, a)
		after := status()
		step(after == http.StatusUnauthorized, "token after %s: %d", action, after)
	}
	if staff, err := signIn("127.0.7.7", *staffEmail, *staffPassword); err != nil {
		step(false, "staff signs in again: %v", err)
	} else {
		a, err := get(staff, "/import")
		if err != nil {
			step(false, "staff signs in again: GET /import: %v", err)
		} else {
			step(a.status == http.StatusOK, "staff signs in again: GET /import %d", a.status)
		}
	}
	result("disable/enable tokens", ok, strings.Join(steps, "; "), steps...)
}

// --- formulas in a rejected row ---------------------------------------------

func probeFormulas() {
	fail := func(format string, args ...any) {
		result("formulas in a rejected row", false, fmt.Sprintf(format, args...))
	}
	c, err := signIn("127.0.8.8", *staffEmail, *staffPassword)
	if err != nil {
		fail("staff sign-in: %v", err)
		return
	}
	inv := fmt.Sprintf("PROBE-%d", time.Now().UnixNano())
	file := `invoice,customer,date,amount,"=HYPERLINK(""http://evil.example"",""x"")"` + "\n" +
		inv + ",Probe Formula AG,2024-02-01,10,x\n" +
		`=cmd|' /C calc'!A0,@SUM(1),not a date,+1+1,-2+3` + "\n"
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("kind", "orders")
	fw, _ := mw.CreateFormFile("file", "probe-formulas.csv")
	io.WriteString(fw, file)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, *base+"/import", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	a, err := do(c, req)
	if err != nil || a.status != http.StatusSeeOther || !strings.HasPrefix(a.location, "/import/") {
		fail("POST /import: %v %v", a, err)
		return
	}
	up := a.location
	if a, err = get(c, up); err != nil || a.status != http.StatusOK {
		fail("GET %s: %v %v", up, a, err)
		return
	}
	a, err = postForm(c, up, url.Values{"action": {"run"}, "skip_invalid": {"1"}}.Encode())
	if err != nil || a.status != http.StatusSeeOther || a.location != up+"/job" {
		fail("POST %s action=run skip_invalid=1: %v %v", up, a, err)
		return
	}
	var page string
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		a, err := get(c, up+"/job")
		if err == nil && strings.Contains(a.body, `id="import-result"`) {
			page = a.body
			break
		}
		if time.Now().After(deadline) {
			fail("the import did not finish in 60 s: %v %v", a.status, err)
			return
		}
	}
	a, err = get(c, up+"/rejects.csv")
	if err != nil || a.status != http.StatusOK {
		fail("GET %s/rejects.csv: %v %v", up, a, err)
		return
	}
	r := csv.NewReader(strings.NewReader(a.body))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		fail("rejects.csv does not parse: %v: %q", err, a.body)
		return
	}
	var live []string
	cells := 0
	for _, rec := range recs {
		for _, cell := range rec {
			cells++
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				if _, err := strconv.ParseFloat(cell, 64); err != nil {
					live = append(live, cell)
				}
			}
		}
	}
	rejected := strings.Contains(page, "1 rejected")
	ok := len(live) == 0 && len(recs) == 2 && rejected
	result("formulas in a rejected row", ok, fmt.Sprintf("import %s: 1 rejected %v; rejects.csv %d rows (header included), %d cells, %d live formulas %q",
		up, rejected, len(recs), cells, len(live), live), fmt.Sprintf("rejects.csv: %q", a.body))
}
