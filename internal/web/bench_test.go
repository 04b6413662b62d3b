package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"testing"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// benchServer serves the database named by VITALFEW_BENCH_DB (e.g. the
// 100k-account demo that bench/web/run.sh writes) and returns a signed-in
// request maker; the benchmark skips without it.
func benchServer(b *testing.B) (h http.Handler, cookie *http.Cookie, accounts int) {
	b.Helper()
	path := os.Getenv("VITALFEW_BENCH_DB")
	if path == "" {
		b.Skip("VITALFEW_BENCH_DB not set")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, path, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	op := crm.WithActor(ctx, crm.Operator)
	hash, _ := auth.HashPassword(password)
	if _, err := st.CreateUser(op, "bench-viewer@example.com", "", crm.RoleViewer, hash); err != nil && crm.ErrorCode(err) != crm.ECONFLICT {
		b.Fatal(err)
	}
	if err := st.SetPassword(op, "bench-viewer@example.com", hash); err != nil {
		b.Fatal(err)
	}
	srv, err := New(Config{Store: st})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	if err := srv.Warm(ctx); err != nil {
		b.Fatal(err)
	}
	h = srv.Handler()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/login", nil)
	req.PostForm = url.Values{"email": {"bench-viewer@example.com"}, "password": {password}}
	h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == sessionCookie {
			cookie = c
		}
	}
	if cookie == nil {
		b.Fatalf("sign-in: %d", rec.Code)
	}
	dir, _ := st.Directory(op)
	return h, cookie, len(dir)
}

func benchPage(b *testing.B, path func(i int) string) {
	h, cookie, _ := benchServer(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		req := httptest.NewRequest(http.MethodGet, path(i), nil)
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", path(i), rec.Code)
		}
	}
}

func BenchmarkDashboard(b *testing.B) { benchPage(b, func(int) string { return "/" }) }

func BenchmarkAccount360(b *testing.B) {
	benchPage(b, func(i int) string { return "/accounts/" + strconv.Itoa(1+(i*7919)%100000) })
}

func BenchmarkAccountsList(b *testing.B) {
	sorts := []string{"rank", "name", "-revenue", "profit"}
	benchPage(b, func(i int) string {
		return "/accounts?sort=" + sorts[i%4] + "&tier=" + []string{"", "A", "B", "C"}[i/4%4] + "&page=" + strconv.Itoa(1+i%20)
	})
}

func BenchmarkListeningPage(b *testing.B) { benchPage(b, func(int) string { return "/listening" }) }

func BenchmarkCarePage(b *testing.B) { benchPage(b, func(int) string { return "/care" }) }

func BenchmarkLapsedPage(b *testing.B) {
	benchPage(b, func(i int) string { return "/lapsed?page=" + strconv.Itoa(1+i%5) })
}
