package crm

import (
	"strconv"
	"strings"
	"time"
)

// The customer portal: contacts of customers, invited by staff, sign in to
// private spaces granted to their account's tier, their account or
// themselves, and see their own orders.

// PortalContact is a contact who may sign in to the portal.
type PortalContact struct {
	ContactID   int64  `json:"contact_id"`
	AccountID   int64  `json:"account_id"`
	Email       string `json:"email"`
	Name        string `json:"name"`
	AccountName string `json:"account_name"`
	Language    string `json:"language,omitempty"` // the language they last used: en, de or "" when not known
}

// Space levels, each allowing what the one before allows and more.
const (
	LevelSee      = "see"      // read pages
	LevelReply    = "reply"    // and answer in the forum
	LevelCreate   = "create"   // and start threads and pages
	LevelModerate = "moderate" // and edit or remove what others wrote
)

// Levels are the space levels, lowest first.
var Levels = []string{LevelSee, LevelReply, LevelCreate, LevelModerate}

// LevelRank orders levels: 0 for an unknown one.
func LevelRank(level string) int {
	for i, l := range Levels {
		if l == level {
			return i + 1
		}
	}
	return 0
}

// Grant lets a tier, an account or a contact into a space.
type Grant struct {
	Kind  string `json:"kind"`  // tier, account or contact
	Value string `json:"value"` // the tier ("A"), the account's id or the contact's id
	Level string `json:"level"`
}

// ParseGrant reads a grant as the command line writes it: tier:A,
// account:ID or contact:EMAIL (the e-mail is left for the store to find;
// Value keeps it until then).
func ParseGrant(s, level string) (Grant, error) {
	if level == "" {
		level = LevelSee
	}
	if LevelRank(level) == 0 {
		return Grant{}, Errorf(EINVALID, "level: want %s, got %q", strings.Join(Levels, ", "), level)
	}
	kind, value, ok := strings.Cut(strings.TrimSpace(s), ":")
	value = strings.TrimSpace(value)
	switch {
	case !ok || value == "":
	case kind == "tier":
		if t := strings.ToUpper(value); t == "A" || t == "B" || t == "C" {
			return Grant{Kind: kind, Value: t, Level: level}, nil
		}
	case kind == "account":
		if id, err := strconv.ParseInt(value, 10, 64); err == nil && id > 0 {
			return Grant{Kind: kind, Value: value, Level: level}, nil
		}
	case kind == "contact":
		return Grant{Kind: kind, Value: value, Level: level}, nil
	}
	return Grant{}, Errorf(EINVALID, "grant: want tier:A, account:ID or contact:EMAIL, got %q", s)
}

// Space is a private space of the portal. Level is the reader's: what the
// actor who read it may do there (moderate for staff).
type Space struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	Level     string    `json:"level,omitempty"`
	Grants    []Grant   `json:"grants,omitempty"` // staff only
}

// SpacePage is a wiki page of a space, in Markdown.
type SpacePage struct {
	ID        int64     `json:"id"`
	SpaceID   int64     `json:"space_id"`
	Title     string    `json:"title"`
	Body      string    `json:"body,omitempty"`
	Author    string    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Limits of what the portal keeps.
const (
	MaxSpaceName  = 200
	MaxPageTitle  = 300
	MaxPageBody   = 256 << 10 // bytes of Markdown
	MaxSpaceGrant = 100
)

// Thread is a forum thread of a space.
type Thread struct {
	ID         int64     `json:"id"`
	SpaceID    int64     `json:"space_id"`
	Title      string    `json:"title"`
	Author     string    `json:"author"`
	CreatedAt  time.Time `json:"created_at"`
	LastPostAt time.Time `json:"last_post_at"`
	Posts      int       `json:"posts"`
}

// Post is a post in a thread, in Markdown. Staff is true for a post of
// the supplier's staff (a product manager answering).
type Post struct {
	ID       int64  `json:"id"`
	ThreadID int64  `json:"thread_id"`
	Body     string `json:"body"`
	Author   string `json:"author"`
	Staff    bool   `json:"staff"`
	// ProductManager: written by staff flagged as a product manager.
	ProductManager bool      `json:"product_manager"`
	CreatedAt      time.Time `json:"created_at"`
}

// Limits of the forum.
const (
	MaxThreadTitle = 200
	MaxPostBody    = 32 << 10 // bytes of Markdown
)

// Event kinds.
const (
	EventWebinar   = "webinar"
	EventVideoChat = "video_chat"
)

// Event is a webinar or video chat of a space, held in whatever tool the
// business uses (Jitsi, Teams, Zoom …): JoinURL is its link.
type Event struct {
	ID          int64     `json:"id"`
	SpaceID     int64     `json:"space_id"`
	Title       string    `json:"title"`
	Kind        string    `json:"kind"`
	StartsAt    time.Time `json:"starts_at"`
	Minutes     int       `json:"minutes"`
	JoinURL     string    `json:"join_url,omitempty"`
	Description string    `json:"description,omitempty"`
	// Registered says whether the reading contact registered; Registrations
	// and Attended count them (staff).
	Registered    bool `json:"registered,omitempty"`
	Registrations int  `json:"registrations"`
	Attended      int  `json:"attended"`
}

// PageRevision is one version of a wiki page: who wrote it and when.
type PageRevision struct {
	ID        int64     `json:"id"`
	PageID    int64     `json:"page_id"`
	Title     string    `json:"title"`
	Body      string    `json:"body,omitempty"`
	Author    string    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
}
