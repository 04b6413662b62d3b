package cli_test

import (
	"encoding/json"
	"testing"

	"github.com/vitalfew/vitalfew/internal/testkit"
)

// TestImportReachAndPress: the files import (the activity of a press
// mention by its code), their tone is scored, and report reach sums them:
// LinkedIn from 1,200 to 1,500 (+25%), two mentions of 128,000
// impressions, the key message in one of two (50%).
func TestImportReachAndPress(t *testing.T) {
	db := testkit.SQLite(t)
	if _, errOut, code := vf(t, db, "import", "activities", writeFile(t, "a.csv", "activity,kind,cost,code\nPress release,pr,500,PR26\n")); code != 0 {
		t.Fatal(errOut)
	}
	if _, errOut, code := vf(t, db, "import", "reach", "../ingest/testdata/reach/reach-de.csv"); code != 0 {
		t.Fatal(errOut)
	}
	if _, errOut, code := vf(t, db, "import", "press", "../ingest/testdata/reach/press.csv", "--key-message", "energy transition"); code != 0 {
		t.Fatal(errOut)
	}
	out, errOut, code := vf(t, db, "report", "reach", "--json")
	if code != 0 {
		t.Fatal(errOut)
	}
	var r struct {
		Channels []struct {
			Channel   string   `json:"channel"`
			From      int64    `json:"followers_from"`
			To        int64    `json:"followers_to"`
			GrowthPct *float64 `json:"growth_pct"`
		} `json:"channels"`
		Mentions      int     `json:"mentions"`
		Impressions   int64   `json:"impressions"`
		KeyMessagePct float64 `json:"key_message_pct"`
		PositivePct   float64 `json:"positive_pct"`
		NegativePct   float64 `json:"negative_pct"`
		Press         []struct {
			Activity  string `json:"activity"`
			ToneLabel string `json:"tone_label"`
		} `json:"press"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err, out)
	}
	if len(r.Channels) != 2 || r.Channels[0].From != 1200 || r.Channels[0].To != 1500 || r.Channels[0].GrowthPct == nil || *r.Channels[0].GrowthPct != 25 {
		t.Errorf("channels %+v", r.Channels)
	}
	if r.Mentions != 2 || r.Impressions != 128000 || r.KeyMessagePct != 50 || r.Press[1].Activity != "Press release" {
		t.Errorf("press %+v", r)
	}
	// "A great, reliable partner" reads positive, "noise complaints … a
	// terrible night shift" negative.
	if r.Press[1].ToneLabel != "positive" || r.Press[0].ToneLabel != "negative" || r.PositivePct != 50 || r.NegativePct != 50 {
		t.Errorf("tone %+v", r)
	}
}
