// Package testkit holds what tests across packages share: real databases
// to run against and a JSON helper. It is imported only by tests.
package testkit

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// SQLite returns the path of a fresh SQLite file in the test's temp dir.
func SQLite(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(tb.TempDir(), "test.db")
}

var pgSeq atomic.Int64

// Postgres creates a uniquely named database on the PostgreSQL server named
// by VITALFEW_TEST_POSTGRES, drops it when the test ends, and returns its
// URL. ok is false, and nothing is created, when the variable is unset.
func Postgres(tb testing.TB) (dsn string, ok bool) {
	tb.Helper()
	base := os.Getenv("VITALFEW_TEST_POSTGRES")
	if base == "" {
		return "", false
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("vitalfew_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano(), pgSeq.Add(1))
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			tb.Error(err)
			return
		}
		defer a.Close()
		if _, err := a.Exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
			tb.Errorf("drop %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	u.Path = "/" + name
	return u.String(), true
}
