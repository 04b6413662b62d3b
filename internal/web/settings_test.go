package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestAnalysisSettings: the fixture's orders fall on the 15th of
// 2024-01..05 (as-of day 2024-05-15): the hostile account 5,000 a month
// (January–May), Brandt KG 4,000 (January–April), Cramer AG 3,000
// (January–March), Dietz GmbH 2,000 (January, February), Ebert OHG 1,000
// (January). An admin sets a 3-month window (2024-02-16..2024-05-15: the
// orders of March to May, 15,000 + 8,000 + 3,000 = 26,000), tiers 50,90
// (the hostile account's 15,000 is 57.7%: tier A alone; with Brandt KG
// 88.5%, below 90, so Cramer AG's 100% closes tier B) and lapsed after
// 100 days (Ebert OHG, last order 121 days before; Dietz GmbH's 90 days
// are not). A viewer may not; a bad value is refused and nothing stored.
func TestAnalysisSettings(t *testing.T) {
	f := newFixture(t)
	admin := f.client(t, crm.RoleAdmin)
	form := url.Values{"window_months": {"3"}, "tier_thresholds": {"50, 90"}, "lapsed_after_days": {"100"}}
	if res, _ := f.client(t, crm.RoleViewer).PostForm(f.ts.URL+"/settings", form); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer saves settings: %d", res.StatusCode)
	}
	if res, _ := admin.PostForm(f.ts.URL+"/settings", url.Values{"tier_thresholds": {"95,80"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("falling thresholds: %d", res.StatusCode)
	}
	if res, _ := admin.PostForm(f.ts.URL+"/settings", url.Values{"window_months": {"0"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("window 0: %d", res.StatusCode)
	}
	op := crm.WithActor(context.Background(), crm.Operator)
	if set, _ := f.st.Settings(op); set != crm.DefaultSettings() {
		t.Fatalf("refused values stored: %+v", set)
	}
	res, err := admin.PostForm(f.ts.URL+"/settings", form)
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %v %v", err, res.StatusCode)
	}
	set, _ := f.st.Settings(op)
	if set.WindowMonths != 3 || set.TierThresholds != [2]float64{50, 90} || set.LapsedAfterDays != 100 {
		t.Fatalf("settings %+v", set)
	}
	c := f.client(t, crm.RoleViewer)
	settled(t, c, f.ts.URL)
	_, body := get(t, c, f.ts.URL+"/")
	if got := match(body, `<span class="v" id="revenue"[^>]*>([^<]*)</span>`); got != "26.0\u00a0k\u00a0€" {
		t.Errorf("revenue in a 3-month window: %q", got)
	}
	if !strings.Contains(body, "2024-02-16 – 2024-05-15") {
		t.Error("dashboard window is not 2024-02-16 – 2024-05-15")
	}
	_, rows := csvRows(t, c, f.ts.URL+"/accounts.csv")
	tiers := map[string]string{}
	for _, r := range rows[1:] {
		tiers[r[1]] = r[2]
	}
	want := map[string]string{"Hostile " + hostile: "A", "Brandt KG": "B", "Cramer AG": "B", "Dietz GmbH": "", "Ebert OHG": ""}
	for n, w := range want {
		if tiers[n] != w {
			t.Errorf("%s: tier %q, want %q", n, tiers[n], w)
		}
	}
	if _, rows := csvRows(t, c, f.ts.URL+"/lapsed.csv"); len(rows) != 2 || rows[1][1] != "Ebert OHG" || rows[1][6] != "121" {
		t.Errorf("lapsed after 100 days: %v", rows)
	}
	_, body = get(t, c, f.ts.URL+"/settings")
	for _, w := range []string{`name="window_months" min="1" max="1200" step="1" value="3"`, `name="tier_thresholds" pattern="[0-9., %]+" value="50,90"`, `value="100"`} {
		if !strings.Contains(body, w) {
			t.Errorf("settings page lacks %s", w)
		}
	}
	entries, _, _ := f.st.Audit(op, store.AuditFilter{Entity: "setting"})
	if len(entries) != 3 || entries[0].Actor != "admin@example.com" {
		t.Errorf("audit: %+v", entries)
	}
}

// TestHealthWeightsPage: the settings page shows the health weights per
// stage; an admin changes the repeat stage's (only its setting is
// written); weights that sum to 0 are refused and nothing stored; a viewer
// may not.
func TestHealthWeightsPage(t *testing.T) {
	f := newFixture(t)
	admin := f.client(t, crm.RoleAdmin)
	if _, body := get(t, admin, f.ts.URL+"/settings"); !strings.Contains(body, `name="hw_customer_p_alive" min="0" max="1000" step="any" value="3"`) ||
		!strings.Contains(body, `name="hw_repeat_portal" min="0" max="1000" step="any" value="0.5"`) {
		t.Fatalf("the page: %s", mainOf(body))
	}
	form := func(stage string, w [7]float64) url.Values {
		v := url.Values{}
		for j, c := range crm.HealthComponents {
			v.Set("hw_"+stage+"_"+c, strconv.FormatFloat(w[j], 'f', -1, 64))
		}
		return v
	}
	if res, _ := f.client(t, crm.RoleViewer).PostForm(f.ts.URL+"/settings", form("repeat", [7]float64{1, 1, 1, 1, 1, 1, 1})); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer: %d", res.StatusCode)
	}
	res, err := admin.PostForm(f.ts.URL+"/settings", form("repeat", [7]float64{}))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	op := crm.WithActor(context.Background(), crm.Operator)
	if set, _ := f.st.Settings(op); res.StatusCode != http.StatusBadRequest || set != crm.DefaultSettings() {
		t.Errorf("weights summing to 0: %d, stored %+v", res.StatusCode, set.HealthWeights)
	}
	v := form("repeat", [7]float64{1, 3, 2, 1, 2, 0, 1})
	for k, vs := range form("customer", crm.DefaultHealthWeights()[0]) { // unchanged: not written
		v[k] = vs
	}
	if res, err = admin.PostForm(f.ts.URL+"/settings", v); err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %v %v", res, err)
	}
	want := crm.DefaultSettings()
	want.HealthWeights[1] = [7]float64{1, 3, 2, 1, 2, 0, 1}
	if set, _ := f.st.Settings(op); set != want {
		t.Errorf("stored %+v", set.HealthWeights)
	}
	entries, _, err := f.st.Audit(op, store.AuditFilter{Entity: "setting"})
	if err != nil || len(entries) != 1 || !strings.Contains(string(entries[0].After), "health_weights_repeat") {
		t.Errorf("audit: %+v %v", entries, err)
	}
}
