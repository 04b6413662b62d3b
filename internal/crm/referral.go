package crm

import (
	"crypto/rand"
	"strings"
	"time"
)

// ReferralCode is a contact's referral code: what they pass on (as the
// link /r/{code}) so that an account that comes through it carries who
// referred it.
type ReferralCode struct {
	Code      string    `json:"code"`
	AccountID int64     `json:"account_id"`
	ContactID int64     `json:"contact_id"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// referralAlphabet has no look-alikes (0/o, 1/l/i) and no upper case:
// codes are read aloud and typed in any case.
const referralAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"

// ReferralCodeLen is the length of a code: 31^10 ≈ 8·10^14 codes, not to
// be guessed through a rate-limited page.
const ReferralCodeLen = 10

// NewReferralCode makes a random code.
func NewReferralCode() string {
	b := make([]byte, ReferralCodeLen)
	var r [1]byte
	for i := 0; i < len(b); {
		_, _ = rand.Read(r[:])
		if int(r[0]) >= 256/len(referralAlphabet)*len(referralAlphabet) { // no bias
			continue
		}
		b[i] = referralAlphabet[int(r[0])%len(referralAlphabet)]
		i++
	}
	return string(b)
}

// NormalizeReferralCode reads a code as typed: case, spaces and dashes do
// not matter. It returns "" for anything that cannot be a code.
func NormalizeReferralCode(s string) string {
	s = strings.ToLower(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(strings.TrimSpace(s)))
	if len(s) != ReferralCodeLen {
		return ""
	}
	for _, r := range s {
		if !strings.ContainsRune(referralAlphabet, r) {
			return ""
		}
	}
	return s
}

// ReferralVias are the ways a referral comes in.
const (
	ReferralViaImport = "import"
	ReferralViaAPI    = "api"
	ReferralViaLink   = "link"
)

// StageTransition is an account's move into a stage of the funnel after
// the sale (customer, repeat, loyal, advocate, at_risk, lapsed, churned):
// when and why. Observed is true when the data does not date it (at risk,
// churned): On is the day it was first seen.
type StageTransition struct {
	AccountID int64     `json:"account_id"`
	Stage     string    `json:"stage"`
	On        time.Time `json:"on"`
	Reason    string    `json:"reason"`
	Observed  bool      `json:"observed,omitempty"`
}
