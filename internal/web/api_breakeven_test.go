package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
	"github.com/vitalfew/vitalfew/internal/web"
)

// TestAPIBreakevenEqualsCLI: GET /api/v1/breakeven answers, byte for byte,
// what `vitalfew breakeven --json` prints for the same amounts, and
// refuses what the command refuses.
func TestAPIBreakevenEqualsCLI(t *testing.T) {
	db := testkit.SQLite(t)
	ctx := context.Background()
	st, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	op := crm.WithActor(ctx, crm.Operator)
	if _, err := st.CreateUser(op, "viewer@example.com", "", crm.RoleViewer, "x"); err != nil {
		t.Fatal(err)
	}
	token, hash := auth.NewToken(auth.APIPrefix)
	if _, err := st.CreateToken(op, "viewer@example.com", "test", hash, time.Time{}); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	for _, tc := range []struct{ query, flags string }{
		{"fixed=12000&price=200&variable=80&target_profit=6000&units=130", "--fixed 12000 --price 200 --variable 80 --target-profit 6000 --units 130"},
		{"fixed=10000&price=50&variable=20", "--fixed 10000 --price 50 --variable 20"},
		{"fixed=12000&price=80&variable=80", "--fixed 12000 --price 80 --variable 80"},
		{"fixed=12000&variable=80", "--fixed 12000 --variable 80"},
		{"fixed=12k&price=200&variable=80", "--fixed 12k --price 200 --variable 80"},
	} {
		stdout, stderr, code := vitalfew(t, db, append([]string{"breakeven", "--json"}, strings.Fields(tc.flags)...)...)
		req, _ := http.NewRequest("GET", ts.URL+"/api/v1/breakeven?"+tc.query, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		switch {
		case code == 0 && (res.StatusCode != http.StatusOK || string(body) != stdout):
			t.Errorf("%s: API %d %s\nCLI %s", tc.query, res.StatusCode, body, stdout)
		case code != 0 && (res.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"invalid"`)):
			t.Errorf("%s: the command refused (exit %d: %s), the API answered %d %s", tc.query, code, strings.TrimSpace(stderr), res.StatusCode, body)
		}
	}
}
