package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// userOf returns the stored user with email.
func (f *fixture) userOf(t *testing.T, email string) crm.User {
	t.Helper()
	us, err := f.st.Users(crm.WithActor(context.Background(), crm.Operator))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range us {
		if u.Email == email {
			return u
		}
	}
	t.Fatalf("no user %s", email)
	return crm.User{}
}

// TestUserRoles: an admin makes the viewer staff, who may then add a note
// at once; an admin cannot change their own role; staff cannot change
// roles; a restricted user made admin sees every account; audited.
func TestUserRoles(t *testing.T) {
	f := newFixture(t)
	admin := f.client(t, crm.RoleAdmin)
	viewer := f.client(t, crm.RoleViewer)
	note := url.Values{"kind": {"note"}, "department": {"sales"}, "subject": {"Hello"}, "occurred_at": {"2024-06-02"}}
	acc := f.ts.URL + "/accounts/" + strconv.FormatInt(f.accountID, 10) + "/touchpoints"
	if res, _ := viewer.PostForm(acc, note); res.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer's note: %d", res.StatusCode)
	}
	res, err := admin.PostForm(f.ts.URL+"/users/viewer@example.com/role", url.Values{"role": {"staff"}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("role: %v %v", err, res.StatusCode)
	}
	if u := f.userOf(t, "viewer@example.com"); u.Role != crm.RoleStaff {
		t.Errorf("role %s", u.Role)
	}
	if res, _ := viewer.PostForm(acc, note); res.StatusCode != http.StatusSeeOther {
		t.Errorf("new staff's note: %d", res.StatusCode)
	}
	for _, tc := range []struct {
		c     *http.Client
		email string
		role  string
		code  int
	}{
		{admin, "admin@example.com", "viewer", http.StatusBadRequest},
		{admin, "viewer@example.com", "owner", http.StatusBadRequest},
		{admin, "nobody@example.com", "staff", http.StatusNotFound},
		{f.client(t, crm.RoleStaff), "viewer@example.com", "admin", http.StatusForbidden},
	} {
		if res, _ := tc.c.PostForm(f.ts.URL+"/users/"+tc.email+"/role", url.Values{"role": {tc.role}}); res.StatusCode != tc.code {
			t.Errorf("%s → %s: %d, want %d", tc.email, tc.role, res.StatusCode, tc.code)
		}
	}
	if u := f.userOf(t, "admin@example.com"); u.Role != crm.RoleAdmin {
		t.Errorf("admin demoted: %s", u.Role)
	}
	f.restricted(t)
	if res, _ := admin.PostForm(f.ts.URL+"/users/restricted@example.com/role", url.Values{"role": {"admin"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restricted → admin: %d", res.StatusCode)
	}
	if u := f.userOf(t, "restricted@example.com"); u.Role != crm.RoleAdmin || u.OwnAccountsOnly {
		t.Errorf("restricted made admin: %+v", u)
	}
	op := crm.WithActor(context.Background(), crm.Operator)
	entries, _, _ := f.st.Audit(op, store.AuditFilter{Entity: "user", Action: "role"})
	if len(entries) != 2 || entries[1].Actor != "admin@example.com" ||
		!slices.Contains(auditChanges(entries[1].Before, entries[1].After), "role: viewer → staff") {
		t.Errorf("audit: %+v", entries)
	}
}

// TestAPITokenInTheApp: an admin creates a token for the staff user; the
// page shows it once (not cached), it works on the API, and the next
// page does not show it again. Staff may not; an unknown user is 404.
func TestAPITokenInTheApp(t *testing.T) {
	f := newFixture(t)
	admin := f.client(t, crm.RoleAdmin)
	res, err := admin.PostForm(f.ts.URL+"/tokens", url.Values{"email": {"staff@example.com"}, "name": {"ci " + hostile}, "expires_days": {"30"}})
	if err != nil || res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create token: %v %v %q", err, res.StatusCode, res.Header.Get("Cache-Control"))
	}
	b := new(strings.Builder)
	_, _ = io.Copy(b, res.Body)
	res.Body.Close()
	tok := match(b.String(), `(?s)id="new-token">.*?<code>([^<]+)</code>`)
	if tok == "" || strings.Contains(b.String(), hostile) {
		t.Fatalf("no token shown, or the name unescaped")
	}
	req, _ := http.NewRequest(http.MethodGet, f.ts.URL+"/api/v1/accounts", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("token on the API: %v %v", err, res.StatusCode)
	}
	toks, _ := f.st.Tokens(crm.WithActor(context.Background(), crm.Operator), "staff@example.com")
	if len(toks) != 1 || toks[0].Name != "ci "+hostile || toks[0].ExpiresAt.Sub(time.Now()) < 29*24*time.Hour {
		t.Errorf("tokens: %+v", toks)
	}
	if _, body := get(t, admin, f.ts.URL+"/users"); strings.Contains(body, tok) {
		t.Error("the token is shown again")
	}
	if res, _ := f.client(t, crm.RoleStaff).PostForm(f.ts.URL+"/tokens", url.Values{"email": {"staff@example.com"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("staff creates a token: %d", res.StatusCode)
	}
	if res, _ := admin.PostForm(f.ts.URL+"/tokens", url.Values{"email": {"nobody@example.com"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("token for nobody: %d", res.StatusCode)
	}
}

// TestAuditLogFilters: the fixture writes one audit entry of its own after
// the users, the staff user's note (create touchpoint); the admin sets the
// cost per order to 5 and then 7, the staff user adds a note. Filters by
// user, entity, action and day narrow to exactly those; the changes read
// "cost_per_order: 5" and "cost_per_order: 5 → 7"; the CSV keeps the
// filters; viewers get neither.
func TestAuditLogFilters(t *testing.T) {
	f := newFixture(t)
	admin, staff := f.client(t, crm.RoleAdmin), f.client(t, crm.RoleStaff)
	for _, v := range []string{"5", "7"} {
		if res, _ := admin.PostForm(f.ts.URL+"/settings", url.Values{"cost_per_order": {v}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("settings: %d", res.StatusCode)
		}
	}
	if res, _ := staff.PostForm(f.ts.URL+"/accounts/"+strconv.FormatInt(f.accountID, 10)+"/touchpoints",
		url.Values{"kind": {"note"}, "department": {"sales"}, "subject": {"Second"}, "occurred_at": {"2024-06-02"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("note: %d", res.StatusCode)
	}
	today := time.Now().Format(time.DateOnly)
	rows := func(q string) [][]string {
		t.Helper()
		code, rows := csvRows(t, admin, f.ts.URL+"/audit.csv?"+q)
		if code != http.StatusOK {
			t.Fatalf("audit.csv?%s: %d", q, code)
		}
		return rows[1:]
	}
	if got := rows("user=admin%40example.com"); len(got) != 2 || got[0][6] != "cost_per_order: 5 → 7" || got[1][6] != "cost_per_order: 5" {
		t.Errorf("admin's entries: %v", got)
	}
	if got := rows("user=staff%40example.com&entity=touchpoint&action=create"); len(got) != 2 {
		t.Errorf("staff's created touchpoints: %v", got)
	}
	if got := rows("entity=touchpoint&since=" + today + "&until=" + today); len(got) != 2 {
		t.Errorf("today's touchpoints: %d", len(got))
	}
	tomorrow, yesterday := time.Now().AddDate(0, 0, 1).Format(time.DateOnly), time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	if got := rows("since=" + tomorrow); len(got) != 0 {
		t.Errorf("since tomorrow: %d", len(got))
	}
	if got := rows("until=" + yesterday); len(got) != 0 {
		t.Errorf("until yesterday: %d", len(got))
	}
	_, body := get(t, admin, f.ts.URL+"/audit?user=admin%40example.com")
	if !strings.Contains(body, "<li>cost_per_order: 5 → 7</li>") || strings.Count(body, "<tr><td data-label=") != 2 || regexpMust(`<td[^>]*>staff@example.com</td>`).MatchString(body) {
		t.Error("audit page: the admin's changes are not shown readably, or others' are")
	}
	if !strings.Contains(body, `href="/audit.csv?user=admin%40example.com"`) {
		t.Error("the CSV link lacks the filter")
	}
	if code, _ := get(t, admin, f.ts.URL+"/audit?since=yesterday"); code != http.StatusBadRequest {
		t.Errorf("bad date: %d", code)
	}
	for _, u := range []string{"/audit", "/audit.csv"} {
		if code, _ := get(t, f.client(t, crm.RoleViewer), f.ts.URL+u); code != http.StatusForbidden {
			t.Errorf("viewer %s: %d", u, code)
		}
	}
}

func TestAuditChanges(t *testing.T) {
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	tests := []struct {
		name          string
		before, after json.RawMessage
		want          []string
	}{
		{"create", nil, raw(map[string]any{"name": "Anna", "title": "", "id": 4}), []string{"id: 4", "name: Anna"}},
		{"delete", raw(map[string]any{"name": "Anna", "status": "active"}), nil, []string{"name: Anna", "status: active"}},
		{"update", raw(map[string]any{"name": "Anna", "title": "", "role": "viewer"}), raw(map[string]any{"name": "Anna", "title": "CEO", "role": "staff"}),
			[]string{"role: viewer → staff", "title: — → CEO"}},
		{"cleared", raw(map[string]any{"owner": "Otto"}), raw(map[string]any{}), []string{"owner: Otto → —"}},
		{"not objects", raw("x"), raw([]int{1}), []string{`"x"`, "→ [1]"}},
		{"nothing", nil, nil, nil},
	}
	for _, tt := range tests {
		if got := auditChanges(tt.before, tt.after); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
