package crm

import (
	"strconv"
	"strings"
	"time"
)

// Account is a customer organisation, the unit of analysis.
type Account struct {
	ID                int64     `json:"id"`
	Source            string    `json:"source"`
	ExternalID        string    `json:"external_id,omitempty"`
	Name              string    `json:"name"`
	Domain            string    `json:"domain,omitempty"`
	Segment           string    `json:"segment,omitempty"`
	Industry          string    `json:"industry,omitempty"`
	SizeClass         string    `json:"size_class,omitempty"`
	Region            string    `json:"region,omitempty"`
	Owner             string    `json:"owner,omitempty"`
	AcquiredAt        time.Time `json:"acquired_at,omitzero"`
	AcquisitionSource string    `json:"acquisition_source,omitempty"`
	HeardAbout        string    `json:"heard_about,omitempty"` // "how did you hear about us?": the customer's own words
	ReferredByID      int64     `json:"referred_by_id,omitempty"`
	Status            string    `json:"status"`
}

// Account statuses.
const (
	AccountActive   = "active"
	AccountInactive = "inactive"
)

// Contact is a person at an account.
type Contact struct {
	ID             int64      `json:"id"`
	AccountID      int64      `json:"account_id"`
	Source         string     `json:"source"`
	ExternalID     string     `json:"external_id,omitempty"`
	Name           string     `json:"name"`
	Title          string     `json:"title,omitempty"`
	Status         string     `json:"status"`
	LastVerifiedAt time.Time  `json:"last_verified_at,omitzero"`
	Identities     []Identity `json:"identities,omitempty"`
}

// Contact statuses.
const (
	ContactActive = "active"
	ContactLeft   = "left"
)

// Identity is one way to recognise a contact: an email, a phone number or a
// social handle. Value is normalised (see NormalizeIdentity).
type Identity struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// Identity kinds.
const (
	IdentityEmail     = "email"
	IdentityPhone     = "phone"
	IdentityLinkedIn  = "linkedin"
	IdentityX         = "x"
	IdentityInstagram = "instagram"
	IdentityFacebook  = "facebook"
	IdentityYouTube   = "youtube"
)

// Product is something the business sells, with its unit variable cost.
type Product struct {
	ID       int64  `json:"id"`
	SKU      string `json:"sku"`
	Name     string `json:"name"`
	Price    Money  `json:"price"`
	UnitCost Money  `json:"unit_cost"`
	HasCost  bool   `json:"has_cost"`
	// Description is what the portal's catalogue says of it, in Markdown.
	Description string `json:"description,omitempty"`
}

// Order is an invoice. Credits are negative amounts. Amount is net, in
// cents (Money).
type Order struct {
	ID         int64     `json:"id"`
	AccountID  int64     `json:"account_id"`
	Source     string    `json:"source"`
	ExternalID string    `json:"external_id"`
	OrderedAt  time.Time `json:"ordered_at"`
	Amount     Money     `json:"amount"`
	Currency   string    `json:"currency,omitempty"`
	// Final marks the final invoice of a project (Schlussrechnung): the
	// moment to ask for feedback (docs/surveys.md).
	Final bool `json:"final,omitempty"`
	// ContactEmail is the invoice's contact at the account, when the
	// import names one: whom the survey with a final invoice goes to.
	ContactEmail string `json:"contact_email,omitempty"`
}

// OrderLine is one line of an order.
type OrderLine struct {
	ID        int64   `json:"id"`
	OrderID   int64   `json:"order_id"`
	LineNo    int     `json:"line_no"`
	ProductID int64   `json:"product_id"`
	Quantity  float64 `json:"quantity"`
	UnitPrice Money   `json:"unit_price"`
	Amount    Money   `json:"amount"`
}

// Touchpoint is one entry of the cross-department timeline: a ticket, call,
// meeting, webinar … EffortMinutes is the cost-to-serve input.
type Touchpoint struct {
	ID            int64     `json:"id"`
	AccountID     int64     `json:"account_id"`
	ContactID     int64     `json:"contact_id,omitempty"`
	Source        string    `json:"source"`
	ExternalID    string    `json:"external_id"`
	Kind          string    `json:"kind"`
	Department    string    `json:"department"`
	OccurredAt    time.Time `json:"occurred_at"`
	EffortMinutes float64   `json:"effort_minutes"`
	Subject       string    `json:"subject,omitempty"`
	Body          string    `json:"body,omitempty"` // notes and hand-entered touchpoints
}

// Settings are the business's cost rates and the analysis settings the
// reports take when not given their own parameters.
type Settings struct {
	CostPerServiceHour float64 `json:"cost_per_service_hour"`
	CostPerOrder       float64 `json:"cost_per_order"`
	Currency           string  `json:"currency"`
	// WindowMonths is the analysis window: the months up to the as-of
	// day the revenue figures cover.
	WindowMonths int `json:"window_months"`
	// TierThresholds close the ABC tiers A and B, in percent of revenue.
	TierThresholds [2]float64 `json:"tier_thresholds"`
	// LapsedAfterDays: a customer without an order for longer is lapsed.
	LapsedAfterDays int `json:"lapsed_after_days"`
	// HealthWeights weigh the health components per stage of the funnel
	// (not in the reports' settings: the health report has its weights).
	HealthWeights HealthWeights `json:"-"`
	// SocialSelfAssessment are the answers to the social business
	// maturity self-assessment, one per stage (familiar, present, enabled,
	// integrated).
	SocialSelfAssessment [4]bool `json:"-"`
	// GoalPages are the pages of the web site whose view is an inquiry
	// (a "thank you" page after a form): paths separated by commas
	// (ParseGoalPages).
	GoalPages string `json:"goal_pages,omitempty"`
}

// DefaultSettings are the rates used until the business sets its own.
func DefaultSettings() Settings {
	return Settings{CostPerServiceHour: 60, CostPerOrder: 0, Currency: "EUR", WindowMonths: 12, TierThresholds: [2]float64{80, 95}, LapsedAfterDays: 730,
		HealthWeights: DefaultHealthWeights()}
}

// ParseTierThresholds reads tier thresholds written "80,95": two rising
// percentages, above 0 and at most 100; name is used in messages.
func ParseTierThresholds(name, v string) ([2]float64, error) {
	var out [2]float64
	parts := strings.Split(v, ",")
	bad := Errorf(EINVALID, "%s: want two rising percentages (A and B cut-offs) like 80,95, got %q", name, v)
	if len(parts) != 2 {
		return out, bad
	}
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(p), "%"), 64)
		if err != nil || !(f > 0 && f <= 100) || i == 1 && f <= out[0] {
			return out, bad
		}
		out[i] = f
	}
	return out, nil
}
