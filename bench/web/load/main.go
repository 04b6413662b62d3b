// Command load measures the web application's latency under concurrent
// clients: each client signs in, then requests the dashboard, an Account 360
// page of a random account, a page of the accounts list, the listening
// page, the care queue and the lapsed list in turn, for a fixed time. With
// -write, one more client writes all the while: a note on a random account
// and a care action (assigning a random mention) in turn, one each
// interval, so that every page is measured with the analytics being worked
// out again behind it. With -token, it then adds one order through the API
// and times how long until the figures include it (GET /figures). It
// prints p50/p95/p99 per page kind as a Markdown table.
//
//	go run ./bench/web/load -url http://127.0.0.1:8080 -email E -password P -c 20 -d 30s -write 1s -token T
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
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

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "server address")
	email := flag.String("email", "", "user to sign in as")
	password := flag.String("password", "", "password")
	clients := flag.Int("c", 20, "concurrent clients")
	dur := flag.Duration("d", 30*time.Second, "how long")
	accounts := flag.Int("accounts", 100000, "account ids are drawn from 1..N")
	mentions := flag.Int("mentions", 100000, "mention ids for care actions are drawn from 1..N")
	write := flag.Duration("write", 0, "one client writes a note or a care action this often (0: no writer)")
	token := flag.String("token", "", "an API token of a staff user: add an order at the end and time how long until the figures include it")
	flag.Parse()

	kinds := []struct {
		name string
		path func(r *rand.Rand) string
	}{
		{"dashboard", func(*rand.Rand) string { return "/" }},
		{"account 360", func(r *rand.Rand) string { return "/accounts/" + strconv.Itoa(1+r.IntN(*accounts)) }},
		{"accounts list", func(r *rand.Rand) string {
			sorts := []string{"rank", "name", "-revenue", "profit"}
			tiers := []string{"", "A", "B", "C"}
			return "/accounts?sort=" + sorts[r.IntN(len(sorts))] + "&tier=" + tiers[r.IntN(len(tiers))] + "&page=" + strconv.Itoa(1+r.IntN(20))
		}},
		{"listening", func(*rand.Rand) string { return "/listening" }},
		{"care queue", func(*rand.Rand) string { return "/care" }},
		{"lapsed", func(r *rand.Rand) string { return "/lapsed?page=" + strconv.Itoa(1+r.IntN(5)) }},
	}
	var mu sync.Mutex
	lat := make([][]time.Duration, len(kinds))
	errs := 0
	deadline := time.Now().Add(*dur)
	var wg sync.WaitGroup
	writes, writeErrs := 0, 0
	if *write > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hc := signIn(*base, *email, *password)
			hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse } // the write, not the page after it
			r := rand.New(rand.NewPCG(7, 7))
			for i := 0; time.Now().Before(deadline); i++ {
				var res *http.Response
				var err error
				if i%2 == 0 {
					res, err = hc.PostForm(*base+"/accounts/"+strconv.Itoa(1+r.IntN(*accounts))+"/touchpoints", url.Values{
						"kind": {"note"}, "department": {"sales"}, "subject": {"load test note"}, "effort_minutes": {"15"},
						"occurred_at": {time.Now().Format(time.DateOnly)}})
				} else {
					res, err = hc.PostForm(*base+"/care/"+strconv.Itoa(1+r.IntN(*mentions)), url.Values{"action": {"assign"}, "assignee": {""}})
				}
				mu.Lock()
				writes++
				if err != nil || res.StatusCode != http.StatusSeeOther {
					writeErrs++ // a care action on a mention that needs no answer is refused (400)
				}
				mu.Unlock()
				if err == nil {
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
				time.Sleep(*write)
			}
		}()
	}
	for c := range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hc := signIn(*base, *email, *password)
			r := rand.New(rand.NewPCG(uint64(c), 42))
			for i := 0; time.Now().Before(deadline); i++ {
				k := i % len(kinds)
				start := time.Now()
				res, err := hc.Get(*base + kinds[k].path(r))
				ok := err == nil
				if ok {
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					ok = res.StatusCode == http.StatusOK || res.StatusCode == http.StatusNotFound
				}
				d := time.Since(start)
				mu.Lock()
				if ok {
					lat[k] = append(lat[k], d)
				} else {
					errs++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Printf("%d clients, %s, errors %d; %d writes (%d refused)\n\n", *clients, *dur, errs, writes, writeErrs)
	fmt.Println("| page | requests | req/s | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for k, kind := range kinds {
		l := lat[k]
		slices.Sort(l)
		if len(l) == 0 {
			continue
		}
		p := func(q float64) float64 {
			return float64(l[min(len(l)-1, int(q*float64(len(l))))].Microseconds()) / 1000
		}
		fmt.Printf("| %s | %d | %.0f | %.1f | %.1f | %.1f | %.1f |\n", kind.name, len(l), float64(len(l))/dur.Seconds(), p(0.5), p(0.95), p(0.99), p(1))
	}
	if *token != "" {
		d, err := orderToFigures(*base, *token, signIn(*base, *email, *password))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("\nAn order added through the API was in the figures %.1f s later.\n", d.Seconds())
	}
}

var (
	signedIn   []*http.Cookie
	signInOnce sync.Once
)

// signIn returns a client signed in as email. The clients share one
// session: the server lets only a few sign-ins through at once (the
// password check is made slow on purpose), and a load test measures the
// pages, not that.
func signIn(base, email, password string) *http.Client {
	u, _ := url.Parse(base)
	signInOnce.Do(func() {
		jar, _ := cookiejar.New(nil)
		hc := &http.Client{Jar: jar, Timeout: 30 * time.Second}
		res, err := hc.PostForm(base+"/login", url.Values{"email": {email}, "password": {password}})
		if err != nil || res.Request.URL.Path == "/login" {
			fmt.Fprintln(os.Stderr, "sign-in failed", err)
			os.Exit(1)
		}
		res.Body.Close()
		signedIn = jar.Cookies(u)
	})
	jar, _ := cookiejar.New(nil)
	jar.SetCookies(u, signedIn)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second}
}

// orderToFigures adds an order to account 1 through the API and returns
// how long until GET /figures says the figures are of the data with it.
func orderToFigures(base, token string, hc *http.Client) (time.Duration, error) {
	body := fmt.Sprintf(`{"account_id":1,"external_id":"LOAD-%d","ordered_at":"%s","amount":100}`, time.Now().UnixNano(), time.Now().Format(time.DateOnly))
	req, _ := http.NewRequest("POST", base+"/api/v1/orders", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		return 0, fmt.Errorf("add an order: %s", res.Status)
	}
	for time.Since(start) < 10*time.Minute {
		res, err := hc.Get(base + "/figures")
		if err != nil {
			return 0, err
		}
		var st struct {
			Stale     bool     `json:"stale"`
			WorkedOut []string `json:"worked_out"`
		}
		err = json.NewDecoder(res.Body).Decode(&st)
		res.Body.Close()
		if err != nil {
			return 0, err
		}
		if !st.Stale {
			return time.Since(start), nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return 0, fmt.Errorf("figures still stale after 10 minutes")
}
