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

// TestReachPage: the channels with their growth, the press mentions with
// tone and key message (escaped, a bad URL defused), the window, the CSV;
// in English and German.
func TestReachPage(t *testing.T) {
	f := newFixture(t)
	op := crm.WithActor(context.Background(), crm.Operator)
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	if _, err := f.st.ImportReach(op, []crm.ReachSnapshot{{Line: 2, Channel: "LinkedIn", Day: d("2026-01-01"), Followers: 1200},
		{Line: 3, Channel: "LinkedIn", Day: d("2026-06-30"), Followers: 1500, Forwards: 40}}, crm.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.ImportPress(op, []crm.PressMention{
		{Line: 2, Day: d("2026-03-05"), Outlet: "Handelsblatt", Title: "Valves " + hostile, URL: "javascript:alert(1)", Impressions: 120_000, ToneLabel: "positive", KeyMessage: true},
		{Line: 3, Day: d("2025-04-01"), Outlet: "Old paper", Title: "Last year", Impressions: 10},
	}, crm.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	viewer := f.client(t, crm.RoleViewer)
	code, page := get(t, viewer, f.ts.URL+"/marketing/reach?since=2026-01-01")
	if code != http.StatusOK {
		t.Fatal(code)
	}
	// LinkedIn 1,200 → 1,500: +25%; one mention in 2026 of 120,000.
	for _, w := range []string{"LinkedIn", "1,200", "1,500", "25.0%", "120,000 impressions: 100.0% positive, 0.0% negative; the key message came through in 100.0%.",
		"Valves &lt;script&gt;", "#ZgotmplZ"} {
		if !strings.Contains(page, w) {
			t.Errorf("the page lacks %q", w)
		}
	}
	if strings.Contains(page, "Old paper") || strings.Contains(page, hostile) || strings.Contains(page, "javascript:alert") {
		t.Error("a mention before the window, or unescaped text")
	}
	code, rows := csvRows(t, viewer, f.ts.URL+"/marketing/reach.csv")
	if code != http.StatusOK || len(rows) != 3 || strings.Join(rows[0], ",") != "date,outlet,title,url,impressions,tone,tone_label,key_message,activity" {
		t.Errorf("CSV %d %q", code, rows)
	}
	req, _ := http.NewRequest("GET", f.ts.URL+"/marketing/reach", nil)
	req.Header.Set("Accept-Language", "de")
	res, err := viewer.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, w := range []string{"Reichweite und PR", "Kernbotschaft", "positiv"} {
		if !strings.Contains(string(b), w) {
			t.Errorf("the German page lacks %q", w)
		}
	}
}
