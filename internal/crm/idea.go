package crm

import "time"

// Idea statuses, set by staff.
const (
	IdeaOpen       = "open"
	IdeaPlanned    = "planned"
	IdeaInProgress = "in_progress"
	IdeaDone       = "done"
	IdeaDeclined   = "declined"
)

// IdeaStatuses are the statuses of an idea, in the order of its life.
var IdeaStatuses = []string{IdeaOpen, IdeaPlanned, IdeaInProgress, IdeaDone, IdeaDeclined}

// Sources of a requester: where staff heard an account ask for an idea.
const (
	SourceMention    = "mention"
	SourceTouchpoint = "touchpoint"
)

// Idea is an idea on the ideas board of a space. Votes counts the
// contacts' votes; Voted says whether the reading contact voted. Accounts
// are the accounts behind it (who asked, who voted): staff only, never
// read by a portal contact.
type Idea struct {
	ID        int64         `json:"id"`
	SpaceID   int64         `json:"space_id"`
	Title     string        `json:"title"`
	Body      string        `json:"body,omitempty"`
	Status    string        `json:"status"`
	Author    string        `json:"author"`
	Staff     bool          `json:"staff"` // added by staff
	CreatedAt time.Time     `json:"created_at"`
	Votes     int           `json:"votes"`
	Voted     bool          `json:"voted,omitempty"`
	Accounts  []IdeaAccount `json:"accounts,omitempty"`
}

// IdeaAccount is an account behind an idea: it asked (posted it, or staff
// linked it as a requester) and/or its contacts voted.
type IdeaAccount struct {
	AccountID int64  `json:"account_id"`
	Name      string `json:"name"`
	Asked     bool   `json:"asked"`
	Votes     int    `json:"votes"` // of its contacts
	// Where staff heard it: a mention or touchpoint id, and a note.
	SourceKind string `json:"source_kind,omitempty"`
	SourceID   int64  `json:"source_id,omitempty"`
	Note       string `json:"note,omitempty"`
}

// IdeaRequester links an account to an idea as one that asked for it.
type IdeaRequester struct {
	AccountID  int64
	SourceKind string // "", mention or touchpoint
	SourceID   int64
	Note       string
}

// Limits of the ideas board.
const (
	MaxIdeaTitle = 200
	MaxIdeaNote  = 500
)
