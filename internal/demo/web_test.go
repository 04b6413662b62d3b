package demo

import (
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// TestWebHits: the demo's year of hits is the same for the same seed, in
// time order within the year before AsOf, and the campaigns' links carry
// the codes of the marketing year while their activities run.
func TestWebHits(t *testing.T) {
	cfg := Config{Accounts: 100}
	var hits []crm.WebHit
	if err := WebHits(cfg, func(h crm.WebHit) error { hits = append(hits, h); return nil }); err != nil {
		t.Fatal(err)
	}
	var again int
	_ = WebHits(cfg, func(h crm.WebHit) error {
		if again < len(hits) && hits[again] != h {
			t.Fatalf("hit %d differs on the second run", again)
		}
		again++
		return nil
	})
	if again != len(hits) || len(hits) < 1000 {
		t.Fatalf("%d hits, then %d", len(hits), again)
	}
	start, end := DefaultAsOf.AddDate(0, 0, -365), DefaultAsOf
	codes := map[string]int{}
	for i, h := range hits {
		if h.At.Before(start) || !h.At.Before(end) || (i > 0 && h.At.Before(hits[i-1].At.Truncate(24*60*60*1e9))) {
			t.Fatalf("hit %d at %s: outside the year or out of order", i, h.At)
		}
		if c := h.UTMCampaign + h.Code; c != "" {
			codes[c]++
		}
		if h.Event == crm.HitFormSent && h.Email == "" {
			t.Errorf("a form sent without an e-mail")
		}
	}
	// The trade fair ran for 6 days (from 170 to 165 days before AsOf);
	// its vf= links come only then.
	for _, h := range hits {
		if h.Code == "HMI26" {
			if d := int(DefaultAsOf.Sub(h.At).Hours() / 24); d > 170 || d < 164 {
				t.Errorf("a fair visit %d days before AsOf", d)
			}
		}
	}
	for _, c := range []string{"search-2026", "li-2026", "NL26", "WEB26", "HMI26"} {
		if codes[c] == 0 {
			t.Errorf("no visit by the code %s", c)
		}
	}
}

// TestReachAndPress: a year of month-end counts of two channels, LinkedIn
// growing faster than the newsletter; press mentions whose activities are
// codes of the marketing year.
func TestReachAndPress(t *testing.T) {
	snaps, err := Reach(Config{})
	if err != nil || len(snaps) != 24 {
		t.Fatalf("%d snapshots, %v", len(snaps), err)
	}
	first, last := map[string]int64{}, map[string]int64{}
	for _, s := range snaps {
		if _, ok := first[s.Channel]; !ok {
			first[s.Channel] = s.Followers
		}
		last[s.Channel] = s.Followers
		if !s.Day.Before(DefaultAsOf) || s.Day.AddDate(0, 0, 1).Day() != 1 {
			t.Errorf("snapshot of %s: not a month end before AsOf", s.Day)
		}
	}
	li, nl := float64(last["LinkedIn"])/float64(first["LinkedIn"]), float64(last["Newsletter"])/float64(first["Newsletter"])
	if li <= nl || nl <= 1 {
		t.Errorf("growth LinkedIn %.2f, newsletter %.2f", li, nl)
	}
	press, err := Press(Config{})
	if err != nil || len(press) != 4 {
		t.Fatalf("%+v %v", press, err)
	}
	codes := map[string]bool{}
	for _, p := range marketingYear {
		codes[p.code] = true
	}
	for _, p := range press {
		if p.Activity != "" && !codes[p.Activity] {
			t.Errorf("press of an unknown code %q", p.Activity)
		}
	}
}
