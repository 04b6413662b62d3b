package ingest

import (
	"cmp"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Brandwatch Consumer Research's mentions export (CSV): six lines about the
// report (its name, brand, date range) before the header, then one mention
// a row. A post on X is known by its id, taken from its Url
// ("…/status/1793…", 19 digits, kept as written); any other mention by its
// Url (the export carries no other id of the post). Page Type, else
// Domain, names the platform. Author is the handle on a social network and
// a display name elsewhere. Full Text is empty where the network's licence
// withholds it; the Snippet or the Title stands in. Thread Id names the
// thread's first post: a mention that is not that post replies within it.
// Date ("2026-01-05 09:15:00.0") carries no zone and is read as UTC.
// Brandwatch's own sentiment is not read: vitalfew scores the text itself,
// as for every mention.

var (
	brandwatchSnippet = &Reason{"mention without full text read from its snippet or title",
		"mentions without full text read from their snippet or title"}
	brandwatchThread = &Reason{"mention whose Thread Id lost its digits in a spreadsheet kept without it",
		"mentions whose Thread Id lost its digits in a spreadsheet kept without it"}
)

func init() {
	profiles = append(profiles, &Profile{
		Name: "brandwatch-mentions", Tool: "Brandwatch mentions export", Kind: KindMentions,
		// The fields by their documented UI names; the six preamble lines
		// and the date format as code reading real exports skips and
		// parses them. The order of the columns is not known.
		Verified:   VerifiedDocs,
		Match:      []string{"Date", "Url", "Domain", "Author", "Full Text", "Thread Id"},
		Columns:    map[string]string{"Url": "url", "Date": "posted_at"},
		Keep:       []string{"Page Type", "Domain", "Author", "Full Name", "Full Text", "Snippet", "Title", "Thread Id"},
		Sets:       []string{"platform", "id", "author_handle", "author_name", "text", "in_reply_to"},
		DateFormat: DateISO,
		Rows:       func([][]string) func(*Row) *Reason { return brandwatchMention },
	})
}

// brandwatchMention reads one mention of the export.
func brandwatchMention(r *Row) *Reason {
	url, pageType, domain := r.Get("url"), r.Get("Page Type"), r.Get("Domain")
	platform := cmp.Or(socialPlatform(pageType), socialPlatform(domain), mediaCategory(pageType), hostOf(domain), hostOf(url))
	r.Set("platform", platform)
	id := xPostID(url)
	r.Set("id", id)

	author, name := r.Get("Author"), r.Get("Full Name")
	if crm.IsSocialPlatform(platform) && crm.NormalizeHandle(platform, author) != "" {
		r.Set("author_handle", author)
	} else if name == "" {
		name = author
	}
	r.Set("author_name", name)

	text := r.Get("Full Text")
	if text == "" {
		if text = cmp.Or(r.Get("Snippet"), r.Get("Title")); text != "" {
			r.Note(brandwatchSnippet)
		}
	}
	r.Set("text", text)

	switch thread := r.Get("Thread Id"); {
	case lostDigits(thread):
		r.Note(brandwatchThread)
	case thread != "" && thread != id && !strings.HasSuffix(strings.TrimRight(url, "/"), thread):
		r.Set("in_reply_to", thread)
	}
	return nil
}
