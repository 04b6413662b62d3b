package crm

import (
	"hash/fnv"
	"strings"
	"time"
)

// Mention is one social media post or comment about the business: who wrote
// it where and when, the account and contact it was matched to, its
// sentiment, and its customer-care state.
type Mention struct {
	ID         int64  `json:"id"`
	Source     string `json:"source"`
	Platform   string `json:"platform"`    // see NormalizePlatform
	ExternalID string `json:"external_id"` // the platform's id of the post, else its URL
	URL        string `json:"url,omitempty"`
	// AuthorHandle is normalised for the platform (see NormalizeIdentity):
	// "@JaneDoe" → "janedoe".
	AuthorHandle string    `json:"author_handle,omitempty"`
	AuthorName   string    `json:"author_name,omitempty"`
	AuthorEmail  string    `json:"author_email,omitempty"`
	Text         string    `json:"text"`
	PostedAt     time.Time `json:"posted_at"`
	InReplyTo    string    `json:"in_reply_to,omitempty"`

	AccountID       int64   `json:"account_id,omitempty"`
	ContactID       int64   `json:"contact_id,omitempty"`
	MatchMethod     string  `json:"match_method,omitempty"` // one of the Match constants; "" when unmatched
	MatchConfidence float64 `json:"match_confidence"`       // 0..1

	Lang      string  `json:"lang"`
	Compound  float64 `json:"compound"`
	Label     string  `json:"label"`
	Intensity float64 `json:"intensity"`

	Care        string    `json:"care"` // CareNone, CareOpen or CareResolved
	AssigneeID  int64     `json:"assignee_id,omitempty"`
	ReplyNote   string    `json:"reply_note,omitempty"`
	RespondedAt time.Time `json:"responded_at,omitzero"` // the first reply note
	ResolvedAt  time.Time `json:"resolved_at,omitzero"`

	// Dismissed: set aside from the unmatched list by hand, DismissIgnored
	// or DismissSpam; "" when not.
	Dismissed string `json:"dismissed,omitempty"`
}

// How a mention was matched to its account, with the confidence each method
// is stored with.
const (
	MatchHandle = "handle" // the author's handle is a social identity of a contact
	MatchEmail  = "email"  // the author's email is a contact's
	MatchDomain = "domain" // the author's company email domain, or a domain named in the text, is an account's
	MatchName   = "name"   // an account's name appears in the text
	MatchHand   = "hand"   // matched by a person
	MatchSurvey = "survey" // a survey answer, by the invited contact
)

// MatchConfidence is the confidence stored for each match method.
var MatchConfidence = map[string]float64{
	MatchHand: 1, MatchSurvey: 1, MatchEmail: 0.95, MatchHandle: 0.9, MatchDomain: 0.7, MatchName: 0.5,
}

// PlatformSurvey is the platform of a detractor's survey answer, which
// opens an item in the care queue as a mention does (docs/surveys.md).
// It is no social media: the listening reports leave it out, and an import
// cannot use it.
const PlatformSurvey = "survey"

// Care states of a mention.
const (
	CareNone     = "none"     // needs no answer (praise, neutral remarks)
	CareOpen     = "open"     // needs an answer: in the care queue
	CareResolved = "resolved" // answered and closed
)

// Why a mention was dismissed from the unmatched list.
const (
	DismissIgnored = "ignored" // about no customer: nothing to match
	DismissSpam    = "spam"    // not a real post: out of the care queue too
)

// NeedsAnswer reports whether a mention goes into the care queue when it
// arrives: it is negative (label "negative"), or its intent (the sentiment
// engine's, see MentionRecord.Intent) is a complaint, a question or a
// request — a neutral question needs an answer too. Without an intent, a
// question mark counts as a question.
func NeedsAnswer(text, label, intent string) bool {
	switch intent {
	case "complaint", "question", "request":
		return true
	case "":
		return label == "negative" || strings.ContainsRune(text, '?')
	}
	return label == "negative"
}

// businessPlatforms are the channels (as NormalizePlatform returns them)
// where customers write to the business itself — tickets, e-mail, chat,
// forms, survey answers — and LinkedIn, the business network.
var businessPlatforms = map[string]bool{
	IdentityLinkedIn: true, PlatformSurvey: true,
	"email": true, "mail": true, "support": true, "ticket": true, "tickets": true, "helpdesk": true, "servicedesk": true,
	"zendesk": true, "freshdesk": true, "hubspot": true, "intercom": true, "salesforce": true, "servicenow": true, "jira": true,
	"chat": true, "livechat": true, "phone": true, "call": true, "form": true, "contactform": true, "kontaktformular": true,
	"portal": true, "whatsapp": true, "sms": true, "teams": true, "slack": true,
}

// IsBusinessPlatform reports whether texts from platform (as
// NormalizePlatform returns it) are business text, which the sentiment
// engine scores as sentiment.Business; posts and reviews elsewhere are
// social text.
func IsBusinessPlatform(platform string) bool { return businessPlatforms[platform] }

// platformAliases maps folded platform names to ours.
var platformAliases = map[string]string{
	"linkedin": IdentityLinkedIn, "linkedincom": IdentityLinkedIn, "li": IdentityLinkedIn,
	"x": IdentityX, "twitter": IdentityX, "xcom": IdentityX, "twittercom": IdentityX, "xtwitter": IdentityX, "twitterx": IdentityX,
	"instagram": IdentityInstagram, "ig": IdentityInstagram, "insta": IdentityInstagram, "instagramcom": IdentityInstagram,
	"facebook": IdentityFacebook, "fb": IdentityFacebook, "facebookcom": IdentityFacebook, "meta": IdentityFacebook,
	"youtube": IdentityYouTube, "yt": IdentityYouTube, "youtubecom": IdentityYouTube,
}

// NormalizePlatform returns our name of a platform: "linkedin", "x"
// (Twitter), "instagram", "facebook", "youtube" for the networks whose
// handles match contacts' identities, any other name folded to lower-case
// letters and digits ("Trustpilot" → "trustpilot"), "" for an empty name.
func NormalizePlatform(s string) string {
	k := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, Fold(s))
	if p, ok := platformAliases[k]; ok {
		return p
	}
	return k
}

// IsSocialPlatform reports whether handles on platform (as NormalizePlatform
// returns it) are identities of contacts.
func IsSocialPlatform(platform string) bool {
	_, ok := identityHosts[platform]
	return ok
}

// NormalizeHandle normalises an author handle for platform: a profile URL
// or "@Handle" becomes the handle in lower case on the social platforms;
// elsewhere the handle is trimmed and lower-cased. "" when it is not one.
func NormalizeHandle(platform, handle string) string {
	if strings.TrimSpace(handle) == "" {
		return ""
	}
	if hosts, ok := identityHosts[platform]; ok {
		return normalizeHandle(handle, hosts...)
	}
	return strings.TrimLeft(strings.ToLower(strings.TrimSpace(handle)), "@")
}

// AuthorKey identifies a mention's author for counting distinct authors: a
// 63-bit hash of the platform and the handle, else the email, else the
// name; 0 when the mention names no author.
func AuthorKey(platform, handle, email, name string) int64 {
	var who string
	switch {
	case handle != "":
		who = "h:" + handle
	case email != "":
		who = "e:" + email
	case name != "":
		who = "n:" + Fold(name)
	default:
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(platform))
	h.Write([]byte{0})
	h.Write([]byte(who))
	return int64(h.Sum64() >> 1)
}

// MentionRecord is one mention of an import, with its line number. The
// store matches it to an account and contact.
type MentionRecord struct {
	Line    int
	Mention Mention
	// Intent is what the sentiment engine read the text as (complaint,
	// question, request, praise, other; internal/importer sets it): it
	// decides whether a new mention opens in the care queue (NeedsAnswer).
	// It is not stored; the care report reads it from the text again.
	Intent string
}

// Care response-time targets per tier (hours), used until the business sets
// its own (settings care_target_hours_a, _b, _c, _prospect, _unknown).
var DefaultCareTargetHours = map[string]float64{"A": 4, "B": 24, "C": 48, "prospect": 48, "unknown": 72}

// CareTargetTiers are the tiers with a response-time target, in order.
var CareTargetTiers = []string{"A", "B", "C", "prospect", "unknown"}

// CareTargetKey is the settings key of tier's response-time target.
func CareTargetKey(tier string) string { return "care_target_hours_" + strings.ToLower(tier) }
