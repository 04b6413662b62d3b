package ingest

import (
	"strings"
	"testing"
	"time"
)

// The exports of listening tools: mentions. The figures were worked out by
// hand from the rows.
func init() {
	profileCases = append(profileCases,
		profileCase{
			// Six lines of report details, then the header. Posts on X by
			// the 19-digit id in their Url, the others by their Url; Page
			// Type X → x, Blogs → blog. Tom (blog) and Maria Gomez (a name
			// with a space, on Facebook) are names, not handles. Bob's
			// reply has only a snippet; Carl's Thread Id went through a
			// spreadsheet.
			file: "brandwatch_mentions.csv", kind: KindMentions, profile: "brandwatch-mentions",
			figures: map[string]string{
				"1793000000000000001":                                   "x jane_doe 2026-01-05",
				"1793000000000000123":                                   "x bob_k 2026-01-05",
				"https://blog.example/acme-review":                      "blog  2026-01-06",
				"https://www.instagram.com/p/Cxyz/":                     "instagram anna.b 2026-01-07",
				"https://www.facebook.com/acme/posts/10158000000000001": "facebook  2026-01-08",
				"1793000000000000456":                                   "x carl 2026-01-09",
			},
			tally: []string{
				"1 mention without full text read from its snippet or title",
				"1 mention whose Thread Id lost its digits in a spreadsheet kept without it",
			},
		},
		profileCase{
			// Epoch milliseconds: 1767604500000 is 2026-01-05 09:15:00Z,
			// 1767715330000 2026-01-06 16:02:10Z, 1767772800000
			// 2026-01-07 08:00Z, 1767880800000 2026-01-08 14:00Z,
			// 1767954600000 2026-01-09 10:30Z, 1767984330000 2026-01-09
			// 18:45:30Z; the news item prints its date. X posts by their
			// external_id (19 digits, exact), one without a url; Carl's
			// external_id went through a spreadsheet, so the id in his
			// url names him. The
			// YouTube video has only a title; "AcmeFan" is its handle.
			file: "talkwalker_mentions.csv", kind: KindMentions, profile: "talkwalker-mentions",
			figures: map[string]string{
				"1793000000000000001":                           "x jane_doe 2026-01-05",
				"https://blog.example/acme-review":              "blog  2026-01-06",
				"https://www.instagram.com/p/Cxyz/":             "instagram anna.b 2026-01-07",
				"1793000000000000999":                           "x bob_k 2026-01-08",
				"1793000000000000456":                           "x carl 2026-01-09",
				"https://www.youtube.com/watch?v=AcmeUnbox01":   "youtube acmefan 2026-01-09",
				"https://news.example/2026/01/acme-opens-plant": "news  2026-01-10",
			},
			tally: []string{
				"1 mention whose external_id lost its digits in a spreadsheet identified by its url",
				"1 mention without content read from its title",
			},
		},
	)
}

// TestListeningMentions checks what the figures do not show: the ids of
// the posts replied to and the times, to the millisecond, exactly as
// written.
func TestListeningMentions(t *testing.T) {
	for _, tc := range []struct {
		file string
		want map[string]string // external id → "in_reply_to posted_at text"
	}{
		{"brandwatch_mentions.csv", map[string]string{
			"1793000000000000001": " 2026-01-05T09:15:00Z @acme delivery late again!",
			"1793000000000000123": "1793000000000000001 2026-01-05T11:40:12Z @jane_doe @acme same here, 3 weeks",
			"1793000000000000456": " 2026-01-09T10:30:00Z @jane_doe try their chat, it worked for me",
		}},
		{"talkwalker_mentions.csv", map[string]string{
			"1793000000000000999":                         " 2026-01-08T14:00:00Z @acme still waiting for a refund",
			"https://www.youtube.com/watch?v=AcmeUnbox01": " 2026-01-09T18:45:30Z Unboxing the Acme pump",
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			res, err := ReadMentions(mustOpen(t, "profiles/"+tc.file), Options{File: tc.file})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, r := range res.Records {
				m := r.Mention
				got[m.ExternalID] = m.InReplyTo + " " + m.PostedAt.UTC().Format(time.RFC3339Nano) + " " + m.Text
			}
			for id, want := range tc.want {
				if got[id] != want {
					t.Errorf("mention %s: %q, want %q", id, got[id], want)
				}
			}
		})
	}
}

// TestListeningProfilesApart checks that the listening profiles recognise
// only their own exports: a generic mentions file with some of their
// columns and the other tool's export are not theirs, and naming the wrong
// tool is an error that says which columns are missing.
func TestListeningProfilesApart(t *testing.T) {
	generic := "platform,id,url,author,text,posted_at,title,content,published\n" +
		"x,1,https://x.com/a/status/1,a,hi,2026-01-05,,hi,2026-01-05\n"
	res, err := ReadMentions(strings.NewReader(generic), Options{File: "m.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Profile != nil {
		t.Errorf("a generic mentions file read as %s", res.Profile.Name)
	}
	for _, tc := range []struct{ file, source, err string }{
		{"talkwalker_mentions.csv", "brandwatch",
			`talkwalker_mentions.csv:1: this is not a Brandwatch mentions export: no line of its first 21 has the columns "Date", "Domain", "Author", "Full Text", "Thread Id"`},
		{"brandwatch_mentions.csv", "talkwalker",
			`brandwatch_mentions.csv:1: this is not a Talkwalker mentions export: no line of its first 21 has the columns "published", "url", "title", "content", "source_type"`},
	} {
		_, err := ReadMentions(mustOpen(t, "profiles/"+tc.file), Options{File: tc.file, Profile: tc.source})
		if err == nil || err.Error() != tc.err {
			t.Errorf("--source %s on %s: %v\nwant %s", tc.source, tc.file, err, tc.err)
		}
	}
}

// TestTalkwalkerPlatform names platforms from what a document says.
func TestTalkwalkerPlatform(t *testing.T) {
	for _, tc := range []struct{ provider, types, source, url, want string }{
		{"twitter", "", "", "", "x"},
		{"", "SOCIALMEDIA,SOCIALMEDIA_FACEBOOK", "", "", "facebook"},
		{"", `["SOCIALMEDIA","SOCIALMEDIA_YOUTUBE"]`, "", "", "youtube"},
		{"", "SOCIALMEDIA", "Instagram", "", "instagram"},
		{"", "SOCIALMEDIA", "", "https://m.facebook.com/acme/posts/1", "facebook"},
		{"", "SOCIALMEDIA", "TikTok", "", "tiktok"},
		{"", "BLOG", "blog.example", "https://blog.example/a", "blog"},
		{"", "MESSAGEBOARD", "", "", "forum"},
		{"", "", "", "https://www.news.example/a", "news.example"},
	} {
		if got := talkwalkerPlatform(tc.provider, tc.types, tc.source, tc.url); got != tc.want {
			t.Errorf("talkwalkerPlatform(%q, %q, %q, %q) = %q, want %q", tc.provider, tc.types, tc.source, tc.url, got, tc.want)
		}
	}
}

// TestXPostID takes the post id from X status addresses only.
func TestXPostID(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"https://x.com/jane_doe/status/1793000000000000001", "1793000000000000001"},
		{"https://twitter.com/jane_doe/status/1793000000000000001?s=20", "1793000000000000001"},
		{"http://mobile.twitter.com/i/web/statuses/42/", "42"},
		{"https://x.com/jane_doe", ""},
		{"https://x.com/jane_doe/status/", ""},
		{"https://blog.example/status/1793000000000000001", ""},
	} {
		if got := xPostID(tc.url); got != tc.want {
			t.Errorf("xPostID(%q) = %q, want %q", tc.url, got, tc.want)
		}
	}
}
