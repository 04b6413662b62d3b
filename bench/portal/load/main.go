// Command load measures the customer portal's latency under concurrent
// portal users: each client signs in as its own contact (from -users, all
// with one password), then requests in turn its spaces, one of them, a
// wiki page and a thread of it, its orders, and a search, for a fixed
// time, following the links each page gives, with -think between pages
// as a person reads (none by default: each client then asks as fast as
// the server answers, far more than a person). It prints p50/p95/p99 per
// page kind as a Markdown table.
//
//	go run ./bench/portal/load -url http://127.0.0.1:18081 -users bench/out/portal-users.txt -password P -c 50 -d 30s
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

var (
	spaceLink  = regexp.MustCompile(`href="(/portal/spaces/\d+)"`)
	pageLink   = regexp.MustCompile(`href="(/portal/spaces/\d+/pages/\d+)"`)
	threadLink = regexp.MustCompile(`href="(/portal/spaces/\d+/threads/\d+)"`)
	orderLink  = regexp.MustCompile(`href="(/portal/orders/\d+)"`)
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "server address")
	usersFile := flag.String("users", "bench/out/portal-users.txt", "the portal users' e-mails, one per line")
	password := flag.String("password", "portal load password", "their password")
	clients := flag.Int("c", 50, "concurrent portal users")
	dur := flag.Duration("d", 30*time.Second, "how long")
	think := flag.Duration("think", 0, "a user's pause after each page, on average (0: none, the next request at once)")
	flag.Parse()
	f, err := os.Open(*usersFile)
	if err != nil {
		log.Fatal(err)
	}
	var users []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		users = append(users, strings.TrimSpace(sc.Text()))
	}
	f.Close()
	if len(users) < *clients {
		log.Fatalf("%d users for %d clients", len(users), *clients)
	}
	kinds := []string{"portal", "space", "page", "thread", "orders", "order", "search"}
	var mu sync.Mutex
	lat := map[string][]time.Duration{}
	errs := map[string]int{}
	words := strings.Fields("bearing shaft motor gasket gearbox pump valve sensor")
	// Sign every client in first, one after the other: the sign-in limiter
	// counts attempts in flight per address, and all come from this one.
	cs := make([]*http.Client, *clients)
	for i := range cs {
		jar, _ := cookiejar.New(nil)
		cs[i] = &http.Client{Jar: jar, Timeout: 30 * time.Second}
		email := users[(i*len(users))/(*clients)] // spread over the list: top accounts and small ones
		res, err := cs[i].PostForm(*base+"/portal/login", url.Values{"email": {email}, "password": {*password}})
		if err != nil || res.StatusCode != http.StatusOK {
			log.Fatalf("sign in as %s: %v %v", email, err, res)
		}
		res.Body.Close()
	}
	var wg sync.WaitGroup
	stop := time.Now().Add(*dur)
	for i := range *clients {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 15))
			c := cs[i]
			get := func(kind, path string) string {
				t0 := time.Now()
				res, err := c.Get(*base + path)
				if err != nil {
					mu.Lock()
					errs[kind]++
					mu.Unlock()
					return ""
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				d := time.Since(t0)
				mu.Lock()
				if res.StatusCode != http.StatusOK {
					errs[kind]++
				} else {
					lat[kind] = append(lat[kind], d)
				}
				mu.Unlock()
				if *think > 0 { // half to one and a half times the average
					time.Sleep(*think/2 + time.Duration(rng.Int64N(int64(*think))))
				}
				return string(b)
			}
			pick := func(re *regexp.Regexp, page string) string {
				m := re.FindAllStringSubmatch(page, -1)
				if len(m) == 0 {
					return ""
				}
				return m[rng.IntN(len(m))][1]
			}
			for time.Now().Before(stop) {
				home := get("portal", "/portal")
				if sp := pick(spaceLink, home); sp != "" {
					space := get("space", sp)
					if p := pick(pageLink, space); p != "" {
						get("page", p)
					}
					if th := pick(threadLink, space); th != "" {
						get("thread", th)
					}
				}
				orders := get("orders", "/portal/orders")
				if o := pick(orderLink, orders); o != "" {
					get("order", o)
				}
				get("search", "/portal/search?q="+words[rng.IntN(len(words))])
			}
		}(i)
	}
	wg.Wait()
	fmt.Printf("| page | requests | errors | p50 | p95 | p99 | max |\n|---|---|---|---|---|---|---|\n")
	total := 0
	for _, k := range kinds {
		ds := lat[k]
		slices.Sort(ds)
		total += len(ds)
		q := func(p float64) string {
			if len(ds) == 0 {
				return "—"
			}
			return fmt.Sprintf("%.1f ms", float64(ds[min(len(ds)-1, int(p*float64(len(ds))))].Microseconds())/1000)
		}
		fmt.Printf("| %s | %d | %d | %s | %s | %s | %s |\n", k, len(ds), errs[k], q(.5), q(.95), q(.99), q(1))
	}
	fmt.Printf("\n%d requests in %s: %.0f a second\n", total, *dur, float64(total)/dur.Seconds())
}
