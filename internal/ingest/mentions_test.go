package ingest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/ingest"
)

func TestReadMentionsTimes(t *testing.T) {
	cases := []struct {
		in   string
		want string // RFC 3339 UTC, or the error's reason
	}{
		{"2026-11-23", "2026-11-23T00:00:00Z"},
		{"2026-11-23 09:15", "2026-11-23T09:15:00Z"},
		{"2026-11-23T09:15:30Z", "2026-11-23T09:15:30Z"},
		{"2026-11-23T09:15:00+01:00", "2026-11-23T08:15:00Z"},
		{"2026-11-23T23:30:00-05:00", "2026-11-24T04:30:00Z"},
		{"2026-11-23 09:15:00.750 UTC", "2026-11-23T09:15:00Z"}, // RFC 3339 output drops the .75 s
		{"1795425300", "2026-11-23T09:15:00Z"},
		{"1795425300000", "2026-11-23T09:15:00Z"},
		{"2026-11-23 24:00", `not a time of day: "2026-11-23 24:00"`},
		{"2026-11-23 9.15", `not a time of day: "2026-11-23 9.15"`},
		{"2026-02-30 10:00", "not a valid date"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			csv := "platform,id,text,posted_at\nx,1,hi,\"" + c.in + "\"\n"
			res, err := ingest.ReadMentions(strings.NewReader(csv), ingest.Options{File: "m.csv"})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) > 0 {
				if got := res.Errors[0].Error(); !strings.Contains(got, "m.csv:2: posted_at: "+c.want) {
					t.Errorf("error %q, want %q", got, c.want)
				}
				return
			}
			if got := res.Records[0].Mention.PostedAt.UTC().Format(time.RFC3339); got != c.want {
				t.Errorf("%s, want %s", got, c.want)
			}
		})
	}
}

func TestReadMentionsFields(t *testing.T) {
	// German headers; an id from the URL when there is none; handles per
	// platform.
	csv := "Plattform;Link;Benutzername;Autor;E-Mail;Nachricht;Zeitpunkt;Antwort auf\n" +
		"Twitter;https://x.com/JaneDoe/status/1;https://x.com/JaneDoe?s=20;Jane;Jane@Example.COM;Hallo?;23.11.2026 10:00;0\n" +
		"IG;https://instagram.com/p/2;@Shop.Fan;;;Schön!;23.11.2026;\n" +
		"Trustpilot;https://tp.example/r/3;Some Reviewer;;;Okay;23.11.2026;\n"
	res, err := ingest.ReadMentions(strings.NewReader(csv), ingest.Options{File: "m.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	m0, m1 := res.Records[0].Mention, res.Records[1].Mention
	if m0.Platform != "x" || m0.AuthorHandle != "janedoe" || m0.ExternalID != "https://x.com/JaneDoe/status/1" || m0.AuthorEmail != "jane@example.com" ||
		m0.InReplyTo != "0" || m0.AuthorName != "Jane" {
		t.Errorf("row 1: %+v", m0)
	}
	if m1.Platform != "instagram" || m1.AuthorHandle != "shop.fan" {
		t.Errorf("row 2: %+v", m1)
	}
	// A handle with a space is no handle on X, but another platform keeps
	// whatever names its author.
	if len(res.Records) != 3 || res.Records[2].Mention.Platform != "trustpilot" || res.Records[2].Mention.AuthorHandle != "some reviewer" {
		t.Errorf("row 3: %+v", res.Records)
	}
}
