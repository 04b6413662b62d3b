package ingest

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestReadReachAndPress: follower snapshots with German headers,
// semicolons and German numbers and dates; press mentions with the key
// message told by a phrase or a column.
func TestReadReachAndPress(t *testing.T) {
	b, _ := os.ReadFile("testdata/reach/reach-de.csv")
	snaps, err := ReadReach("reach-de.csv", b)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range snaps {
		got = append(got, fmt.Sprintf("%d %s %s %d %d", s.Line, s.Channel, s.Day.Format("2006-01-02"), s.Followers, s.Forwards))
	}
	if want := "2 LinkedIn 2026-01-01 1200 0|3 LinkedIn 2026-06-30 1500 40|4 Newsletter 2026-06-30 800 25"; strings.Join(got, "|") != want {
		t.Errorf("snapshots %q, want %q", strings.Join(got, "|"), want)
	}
	b, _ = os.ReadFile("testdata/reach/press.csv")
	press, err := ReadPress("press.csv", b, "energy transition")
	if err != nil || len(press) != 2 {
		t.Fatalf("%+v %v", press, err)
	}
	if p := press[0]; p.Outlet != "Handelsblatt" || p.Impressions != 120000 || !p.KeyMessage || p.Activity != "PR26" || p.URL != "https://example.com/a" ||
		!strings.Contains(p.Text, "reliable partner") {
		t.Errorf("first %+v", p)
	}
	if press[1].KeyMessage || press[1].Impressions != 8000 {
		t.Errorf("second %+v", press[1])
	}
	// A key_message column wins over the phrase.
	col := "date,outlet,title,key_message\n2026-03-05,X,Energy transition,nein\n"
	if p, err := ReadPress("p.csv", []byte(col), "energy transition"); err != nil || p[0].KeyMessage {
		t.Errorf("column: %+v %v", p, err)
	}
	for _, c := range []struct{ body, want string }{
		{"channel,date\nX,2026-01-01\n", `no column for "followers"`},
		{"channel,date,followers\nX,yesterday,1\n", "x.csv:2: date"},
		{"channel,date,followers\nX,2026-01-01,many\n", "x.csv:2: followers"},
	} {
		if _, err := ReadReach("x.csv", []byte(c.body)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.body, err, c.want)
		}
	}
}
