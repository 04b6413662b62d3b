package ingest

import (
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// What the listening-tool profiles (Brandwatch, Talkwalker) share: telling
// the social network a mention was posted on from a name or a web address,
// naming the other kinds of media, and spotting ids a spreadsheet broke.

// socialPlatform returns our name of the social network that s names, by
// name or web address ("Twitter", "x.com", "https://www.instagram.com/p/…"),
// "" when it names none.
func socialPlatform(s string) string {
	if p := crm.NormalizePlatform(hostOf(s)); crm.IsSocialPlatform(p) {
		return p
	}
	return ""
}

// hostOf returns the web host of an address without "www." or a mobile
// prefix ("https://m.facebook.com/x" → "facebook.com"), or s, lower-cased,
// when it is no address.
func hostOf(s string) string {
	h := strings.ToLower(strings.TrimSpace(s))
	if _, rest, ok := strings.Cut(h, "://"); ok {
		h = rest
	}
	if i := strings.IndexAny(h, "/?#"); i >= 0 {
		h = h[:i]
	}
	for _, p := range []string{"www.", "m.", "mobile."} {
		h = strings.TrimPrefix(h, p)
	}
	return h
}

// mediaCategory names a kind of media other than a social network as one
// word: "Blogs" → "blog", "MESSAGEBOARD" → "forum", "News" → "news".
func mediaCategory(s string) string {
	switch k := crm.NormalizePlatform(s); k {
	case "blogs":
		return "blog"
	case "forums", "messageboard", "messageboards":
		return "forum"
	case "reviews":
		return "review"
	case "onlinenews":
		return "news"
	default:
		return k
	}
}

// lostDigits reports whether an id was written in floating point by a
// spreadsheet ("1.793E+18"): a 19-digit post id keeps only its first 15
// or so digits there, and is no id any more.
func lostDigits(id string) bool {
	if !strings.ContainsAny(id, "eE") {
		return false
	}
	_, err := strconv.ParseFloat(id, 64)
	return err == nil
}

// xPostID returns the id of the post an X (Twitter) status address names
// ("https://x.com/jane/status/1793000000000000001" →
// "1793000000000000001"), "" for any other address. It keys a post as X's
// own exports and the other listening tools do, whichever tool found it.
func xPostID(url string) string {
	if socialPlatform(url) != crm.IdentityX {
		return ""
	}
	_, rest, ok := strings.Cut(url, "/status/")
	if !ok {
		_, rest, ok = strings.Cut(url, "/statuses/")
	}
	_, n := digits(rest, 0)
	if !ok || n == 0 || n > 20 {
		return ""
	}
	return rest[:n]
}
