package crm

import (
	"slices"
	"strings"
	"time"
)

// AdvocacyAct is something a customer did for the business: recorded by
// staff with its evidence, and counted (points, the funnel's advocates)
// once someone verified it.
type AdvocacyAct struct {
	ID         int64     `json:"id"`
	AccountID  int64     `json:"account_id"`
	ContactID  int64     `json:"contact_id,omitempty"`
	Kind       string    `json:"kind"`
	On         time.Time `json:"on"`
	Evidence   string    `json:"evidence,omitempty"` // a link, a quote, where it was
	RecordedBy string    `json:"recorded_by"`
	VerifiedBy string    `json:"verified_by,omitempty"`
	VerifiedAt time.Time `json:"verified_at,omitzero"`
}

// Verified says whether someone verified the act.
func (a AdvocacyAct) Verified() bool { return a.VerifiedBy != "" }

// advocacyPoints are the points of each kind of act, the most for what
// brings customers.
var advocacyPoints = map[string]int{
	"referral": 50, "case_study": 50, "speaking": 40, "reference_call": 30, "review": 20,
	"user_group": 10, "promoter": 10, "community_post": 5,
}

// AdvocacyKinds lists the kinds of acts, the most points first.
func AdvocacyKinds() []string {
	return []string{"referral", "case_study", "speaking", "reference_call", "review", "user_group", "promoter", "community_post"}
}

// AdvocacyPoints is what a verified act of kind earns.
func AdvocacyPoints(kind string) int { return advocacyPoints[kind] }

// MaxEvidence is the longest evidence kept, in bytes.
const MaxEvidence = 2000

// Check validates an act to record.
func (a *AdvocacyAct) Check() error {
	a.Kind = strings.TrimSpace(a.Kind)
	if !slices.Contains(AdvocacyKinds(), a.Kind) {
		return Errorf(EINVALID, "kind: one of %s", strings.Join(AdvocacyKinds(), ", "))
	}
	if a.On.IsZero() {
		return Errorf(EINVALID, "on: give the day it happened")
	}
	if len(a.Evidence) > MaxEvidence {
		return Errorf(EINVALID, "evidence: at most %d characters", MaxEvidence)
	}
	return Check(Text("evidence", a.Evidence))
}
