package store

import (
	"context"
	"net/url"
	"testing"

	"github.com/vitalfew/vitalfew/internal/testkit"
)

// TestPostgresPlansEachStatement: the store's PostgreSQL sessions plan each
// statement for its arguments (a cached generic plan made from stale
// statistics turned key look-ups after an import into full scans), unless
// the URL says otherwise.
func TestPostgresPlansEachStatement(t *testing.T) {
	dsn, ok := testkit.Postgres(t)
	if !ok {
		t.Skip("VITALFEW_TEST_POSTGRES not set")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("plan_cache_mode", "auto")
	u.RawQuery = q.Encode()
	for _, tc := range []struct{ dsn, want string }{
		{dsn, "force_custom_plan"},
		{u.String(), "auto"},
	} {
		s, err := Open(context.Background(), tc.dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		err = s.db.QueryRow(`SHOW plan_cache_mode`).Scan(&got)
		s.Close()
		if err != nil || got != tc.want {
			t.Errorf("plan_cache_mode = %q (%v), want %q", got, err, tc.want)
		}
	}
}
