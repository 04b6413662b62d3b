package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// Token prefixes tell a leaked secret's kind at a glance.
const (
	SessionPrefix = "vfs_"
	APIPrefix     = "vfa_"
	InvitePrefix  = "vfi_" // a portal invitation
	SurveyPrefix  = "vfq_" // a survey invitation

)

// NewToken returns a random token with prefix (32 bytes of entropy) and the
// hash under which it is stored. The token itself is never stored.
func NewToken(prefix string) (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken returns the stored form of token: hex SHA-256. Tokens carry 256
// bits of randomness, so a fast hash suffices.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
	return hex.EncodeToString(sum[:])
}
