package ingest

import (
	"cmp"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Talkwalker's mentions ("documents") as its export writes them: the
// document's fields by their API names, nested ones dotted
// ("extra_author_attributes.short_name"). A mention is known by the post's
// id on its network (external_id, or the id in an X status url), else by
// its url (X posts may come without one). published is epoch milliseconds;
// a date, as a report prints it, is read too. The network is
// external_provider, else the specific source_type ("SOCIALMEDIA_TWITTER"),
// else the source's name or the url's host; other media are named by
// their source_type (BLOG, NEWS, …). content is the document's first
// words; the title stands in for a document without any. Talkwalker's
// sentiment score is not read: vitalfew scores the text itself.

var (
	talkwalkerTitle = &Reason{"mention without content read from its title",
		"mentions without content read from their title"}
	talkwalkerLost = &Reason{"mention whose external_id lost its digits in a spreadsheet identified by its url",
		"mentions whose external_id lost its digits in a spreadsheet identified by their urls"}
)

func init() {
	profiles = append(profiles, &Profile{
		Name: "talkwalker-mentions", Tool: "Talkwalker mentions export", Kind: KindMentions,
		// The fields are documented for the API; the export's headings
		// are guessed to be the same.
		Verified: VerifiedGuess,
		Match:    []string{"published", "url", "title", "content", "source_type"},
		Columns:  map[string]string{"url": "url", "published": "posted_at", "parent_url": "in_reply_to"},
		Keep: []string{"title", "content", "source_type", "external_provider", "external_id",
			"extra_author_attributes.name", "extra_author_attributes.short_name", "extra_source_attributes.name"},
		Sets: []string{"platform", "id", "author_handle", "author_name", "text"},
		Rows: func([][]string) func(*Row) *Reason { return talkwalkerMention },
	})
}

// talkwalkerMention reads one document of the export.
func talkwalkerMention(r *Row) *Reason {
	url := r.Get("url")
	platform := talkwalkerPlatform(r.Get("external_provider"), r.Get("source_type"), r.Get("extra_source_attributes.name"), url)
	r.Set("platform", platform)

	id := r.Get("external_id")
	if lostDigits(id) {
		if url == "" {
			r.Fail("id", "external_id %q lost its digits in a spreadsheet, and there is no url", id)
			return nil
		}
		r.Note(talkwalkerLost)
		id = ""
	}
	if id == "" {
		id = xPostID(url)
	}
	r.Set("id", id)

	handle := r.Get("extra_author_attributes.short_name")
	name := r.Get("extra_author_attributes.name")
	if crm.IsSocialPlatform(platform) && crm.NormalizeHandle(platform, handle) == "" {
		// A display name where the handle belongs.
		handle, name = "", cmp.Or(name, handle)
	}
	r.Set("author_handle", handle)
	r.Set("author_name", name)

	text := r.Get("content")
	if text == "" {
		if text = r.Get("title"); text != "" {
			r.Note(talkwalkerTitle)
		}
	}
	r.Set("text", text)
	return nil
}

// talkwalkerPlatform names the platform of a document from its provider
// ("twitter"), its source types ("SOCIALMEDIA,SOCIALMEDIA_TWITTER", or
// as a JSON list), its source's name and its url.
func talkwalkerPlatform(provider, sourceType, sourceName, url string) string {
	if p := crm.NormalizePlatform(provider); p != "" {
		return p
	}
	types := strings.FieldsFunc(strings.ToUpper(sourceType), func(c rune) bool {
		return (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '_'
	})
	for _, t := range types {
		if network, ok := strings.CutPrefix(t, "SOCIALMEDIA_"); ok && network != "" {
			return crm.NormalizePlatform(network)
		}
	}
	if p := cmp.Or(socialPlatform(sourceName), socialPlatform(url)); p != "" {
		return p
	}
	for _, t := range types {
		if t != "SOCIALMEDIA" {
			return mediaCategory(t)
		}
	}
	return cmp.Or(crm.NormalizePlatform(sourceName), hostOf(url))
}
