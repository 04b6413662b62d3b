// Command load measures the web application's latency under concurrent
// clients: each client signs in, then requests the dashboard, an Account 360
// page of a random account and a page of the accounts list in turn, for a
// fixed time. It prints p50/p95/p99 per page kind as a Markdown table.
//
//	go run ./bench/web/load -url http://127.0.0.1:8080 -email E -password P -c 20 -d 30s
package main

import (
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
	}
	var mu sync.Mutex
	lat := make([][]time.Duration, len(kinds))
	errs := 0
	deadline := time.Now().Add(*dur)
	var wg sync.WaitGroup
	for c := range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			jar, _ := cookiejar.New(nil)
			hc := &http.Client{Jar: jar, Timeout: 30 * time.Second}
			res, err := hc.PostForm(*base+"/login", url.Values{"email": {*email}, "password": {*password}})
			if err != nil || res.Request.URL.Path == "/login" {
				fmt.Fprintln(os.Stderr, "sign-in failed", err)
				os.Exit(1)
			}
			res.Body.Close()
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
	fmt.Printf("%d clients, %s, errors %d\n\n", *clients, *dur, errs)
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
}
