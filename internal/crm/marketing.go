package crm

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Activity is a marketing activity (a campaign): what it is, what it
// should achieve and whether it counts as marketing at all (word of mouth
// and sales-generated customers are recorded as activities too, but not as
// marketing, so that the share of customers marketing brought stays
// honest). Names are unique without case.
type Activity struct {
	ID             int64     `json:"id"`
	Name           string    `json:"name"`
	Kind           string    `json:"kind"`
	Channel        string    `json:"channel,omitempty"`
	Objective      string    `json:"objective,omitempty"`       // awareness, perception, behaviour
	IntendedResult string    `json:"intended_result,omitempty"` // new_customers, repeat_orders, upsell, inquiries
	Target         int64     `json:"target,omitempty"`
	StartsOn       time.Time `json:"starts_on,omitzero"`
	EndsOn         time.Time `json:"ends_on,omitzero"`
	Status         string    `json:"status"` // planning, active, done
	Marketing      bool      `json:"marketing"`
	Cost           Money     `json:"cost"`            // the sum of its cost lines
	Codes          []string  `json:"codes,omitempty"` // its tracking codes
}

// The kinds of activity.
var ActivityKinds = []string{"ad", "email", "webinar", "event", "pr", "content", "social", "direct_mail", "referral_program", "other"}

// What an activity should achieve (Activity.Objective).
const (
	ObjectiveAwareness  = "awareness"
	ObjectivePerception = "perception"
	ObjectiveBehaviour  = "behaviour"
)

// The result an activity is meant to bring (Activity.IntendedResult).
const (
	ResultNewCustomers = "new_customers"
	ResultRepeatOrders = "repeat_orders"
	ResultUpsell       = "upsell"
	ResultInquiries    = "inquiries"
)

// The statuses of an activity.
const (
	ActivityPlanning = "planning"
	ActivityActive   = "active"
	ActivityDone     = "done"
)

// The ways a touch is known: a tracked code (forward), the customer's own
// word at the point of sale (pos), found by working back from the customer
// list (reverse).
const (
	TouchForward = "forward"
	TouchPOS     = "pos"
	TouchReverse = "reverse"
)

// TouchMethods lists the methods.
var TouchMethods = []string{TouchForward, TouchPOS, TouchReverse}

// ActivityKey folds an activity name or tracking code for comparison:
// trimmed and lower case, so "SHOW25" and "show25" are one code.
func ActivityKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Check applies the limits to an activity's values.
func (a *Activity) Check() error {
	var kind, status, dates *FieldError
	if !slices.Contains(ActivityKinds, a.Kind) {
		kind = fieldErr("kind", fmt.Errorf("unknown %q (want %s)", a.Kind, strings.Join(ActivityKinds, ", ")))
	}
	if !slices.Contains([]string{ActivityPlanning, ActivityActive, ActivityDone}, a.Status) {
		status = fieldErr("status", fmt.Errorf("unknown %q (want planning, active or done)", a.Status))
	}
	if !a.StartsOn.IsZero() && !a.EndsOn.IsZero() && a.EndsOn.Before(a.StartsOn) {
		dates = fieldErr("end", fmt.Errorf("%s is before the start %s", a.EndsOn.Format(time.DateOnly), a.StartsOn.Format(time.DateOnly)))
	}
	if strings.TrimSpace(a.Name) == "" {
		return Check(fieldErr("activity", fmt.Errorf("missing")))
	}
	var cost *FieldError
	if a.Cost < 0 {
		cost = fieldErr("cost", fmt.Errorf("must not be negative, got %s", a.Cost))
	}
	return Check(Name("activity", a.Name), kind, Name("channel", a.Channel), Name("objective", a.Objective),
		Name("intended_result", a.IntendedResult), Date("start", a.StartsOn), Date("end", a.EndsOn), dates, status,
		Cents("cost", a.Cost), cost)
}

// ActivityRecord is one row of an activities file: the activity, its
// cost (one dated line, on its start, replacing the line the same file
// gave before) and its tracking code, if any.
type ActivityRecord struct {
	Line     int
	Activity Activity
	Code     string
	// Hours of the business's own time the activity took: a second cost
	// line of Hours × HourlyRate (0: the settings' cost per service
	// hour), because time has a price too.
	Hours      float64
	HourlyRate Money
}

// CheckTime applies the limits to a row's time.
func (r *ActivityRecord) CheckTime() error {
	var hours, rate *FieldError
	if r.Hours < 0 || r.Hours > 1e6 || r.Hours != r.Hours {
		hours = fieldErr("hours", fmt.Errorf("want hours from 0 to 1,000,000, got %v", r.Hours))
	}
	if r.HourlyRate < 0 {
		rate = fieldErr("hourly_rate", fmt.Errorf("must not be negative, got %s", r.HourlyRate))
	}
	return Check(hours, rate, Cents("hourly_rate", r.HourlyRate))
}

// ActivityTouch is one account's touch with an activity.
type ActivityTouch struct {
	ID         int64     `json:"id"`
	AccountID  int64     `json:"account_id"`
	ActivityID int64     `json:"activity_id"`
	CodeID     int64     `json:"tracking_code_id,omitempty"`
	Date       time.Time `json:"date"`
	Method     string    `json:"method"`
	RecordedBy string    `json:"recorded_by,omitempty"`
	RecordedAt time.Time `json:"recorded_at"`
}

// ActivityTouchRecord is one row of an activity-touches file: the
// account by its external id, the activity by its name or by one of its
// tracking codes, the day and how the touch is known.
type ActivityTouchRecord struct {
	Line       int
	CustomerID string
	Activity   string
	Code       string
	Date       time.Time
	Method     string
}

// Check applies the limits to a touch row's values.
func (r *ActivityTouchRecord) Check() error {
	var who, what, method, date *FieldError
	if r.CustomerID == "" {
		who = fieldErr("customer_id", fmt.Errorf("missing"))
	}
	if r.Activity == "" && r.Code == "" {
		what = fieldErr("activity", fmt.Errorf("missing: give the activity's name or a code"))
	}
	if !slices.Contains(TouchMethods, r.Method) {
		method = fieldErr("method", fmt.Errorf("unknown %q (want forward, pos or reverse)", r.Method))
	}
	if r.Date.IsZero() {
		date = fieldErr("date", fmt.Errorf("missing"))
	}
	return Check(who, Name("customer_id", r.CustomerID), what, Name("activity", r.Activity), Name("code", r.Code),
		date, Date("date", r.Date), method)
}

// HeardKey folds an answer to "how did you hear about us?": lower case,
// letters and digits kept, everything else one space between words. Two
// answers with the same key are the same answer.
func HeardKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
			continue
		}
		space = true
	}
	return b.String()
}

// HeardAnswer is one distinct answer to "how did you hear about us?":
// how many accounts gave it and the activity it is mapped to (0: not yet).
type HeardAnswer struct {
	Key        string `json:"key"`
	Text       string `json:"text"` // the first way it was written
	Accounts   int    `json:"accounts"`
	ActivityID int64  `json:"activity_id,omitempty"`
	MappedBy   string `json:"mapped_by,omitempty"`
}

// ActivityCost is one dated cost line of an activity: money, or time as
// hours × an hourly rate (Hours and HourlyRate set).
type ActivityCost struct {
	On         time.Time `json:"on"`
	Amount     Money     `json:"amount"`
	Hours      float64   `json:"hours,omitempty"`
	HourlyRate Money     `json:"hourly_rate,omitempty"`
	Note       string    `json:"note,omitempty"`
	Source     string    `json:"source"`
}

// ReachSnapshot is a channel's audience as of a day: followers or
// subscribers, and forwards or shares of that day's sending.
type ReachSnapshot struct {
	Line      int       `json:"-"`
	Channel   string    `json:"channel"`
	Day       time.Time `json:"day"`
	Followers int64     `json:"followers"`
	Forwards  int64     `json:"forwards,omitempty"`
}

// PressMention is an article or broadcast that mentions the business:
// its outlet, estimated impressions (readers, circulation, views), tone
// (the sentiment engine's compound of title and text, with its label)
// and whether the key message came through.
type PressMention struct {
	Line        int       `json:"-"`
	Day         time.Time `json:"day"`
	Outlet      string    `json:"outlet"`
	Title       string    `json:"title"`
	URL         string    `json:"url,omitempty"`
	Impressions int64     `json:"impressions"`
	Tone        float64   `json:"tone"`
	ToneLabel   string    `json:"tone_label"`
	KeyMessage  bool      `json:"key_message"`
	ActivityID  int64     `json:"activity_id,omitempty"`
	Activity    string    `json:"activity,omitempty"` // the activity's name or code, as imported
	Text        string    `json:"-"`                  // the article's text as imported, for its tone; not stored
}
