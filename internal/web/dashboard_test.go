package web

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// TestDashboardCompactRevenueAndMissingCost: the fixture's revenue,
// 55,000 (25,000 + 16,000 + 9,000 + 4,000 + 1,000), fits the card as
// "55.0 k €" / "55,0 Tsd. €". Its one note carries no effort: the
// cost-to-serve parts say to import touchpoints instead of showing profit
// = revenue; with both cost rates set to 0 they say to set them; with a
// touchpoint of 90 minutes and the default rate (60 per hour) the profit
// and the whale curve are back.
func TestDashboardCompactRevenueAndMissingCost(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, crm.RoleViewer)
	settled(t, c, f.ts.URL)
	_, body := get(t, c, f.ts.URL+"/")
	if got := match(body, `<span class="v" id="revenue"[^>]*>([^<]*)</span>`); got != "55.0\u00a0k\u00a0€" {
		t.Errorf("revenue card %q", got)
	}
	if !strings.Contains(body, `id="no-effort"`) || strings.Contains(body, `id="no-rates"`) || strings.Contains(body, `id="whale-peak"`) ||
		strings.Contains(body, ">Profit share<") {
		t.Error("no effort: the dashboard does not say to import touchpoints, or shows profit")
	}
	req, _ := http.NewRequest(http.MethodGet, f.ts.URL+"/", nil)
	req.Header.Set("Accept-Language", "de")
	res, err := f.client(t, crm.RoleViewer).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b := new(strings.Builder)
	_, _ = io.Copy(b, res.Body)
	res.Body.Close()
	if got := match(b.String(), `<span class="v" id="revenue"[^>]*>([^<]*)</span>`); got != "55,0\u00a0Tsd.\u00a0€" {
		t.Errorf("German revenue card %q", got)
	}

	op := crm.WithActor(context.Background(), crm.Operator)
	for _, k := range []string{"cost_per_service_hour", "cost_per_order"} {
		if err := f.st.SetSetting(op, k, "0"); err != nil {
			t.Fatal(err)
		}
	}
	settled(t, c, f.ts.URL)
	if _, body = get(t, c, f.ts.URL+"/"); !strings.Contains(body, `id="no-rates"`) {
		t.Error("no rates: the dashboard does not say to set them")
	}
	if err := f.st.SetSetting(op, "cost_per_service_hour", "60"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateTouchpoint(op, crm.Touchpoint{AccountID: f.accountID, Kind: "call", Department: "support", Subject: "Call",
		EffortMinutes: 90, OccurredAt: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	settled(t, c, f.ts.URL)
	_, body = get(t, c, f.ts.URL+"/")
	if strings.Contains(body, `id="no-effort"`) || strings.Contains(body, `id="no-rates"`) || !strings.Contains(body, `id="whale-peak"`) ||
		!strings.Contains(body, ">Profit share<") {
		t.Error("with effort and rates: the cost-to-serve parts are missing")
	}
}
