// Package auth holds the secrets side of sign-in: argon2id password hashes,
// random session and API tokens (stored only as hashes) and the limiter of
// failed logins. It does no I/O besides reading randomness.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Argon2id parameters: OWASP's recommendation of 19 MiB, 2 passes, 1 lane
// (about 35 ms on the development machine).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
	// MinPasswordLen is the shortest password accepted.
	MinPasswordLen = 10
)

var b64 = base64.RawStdEncoding

// HashPassword returns the PHC-format argon2id hash of password
// ($argon2id$v=19$m=…,t=…,p=…$salt$key). Passwords shorter than
// MinPasswordLen are refused with EINVALID.
func HashPassword(password string) (string, error) {
	if len([]rune(password)) < MinPasswordLen {
		return "", crm.Errorf(crm.EINVALID, "the password must have at least %d characters", MinPasswordLen)
	}
	salt := make([]byte, saltLen)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches hash, in constant time. A
// malformed hash never matches.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var mem, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &time, &threads); err != nil || mem == 0 || time == 0 || threads == 0 {
		return false
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, time, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when a login names no user, so that the
// answer takes as long as for a real user.
var dummyHash, _ = HashPassword("not a password of anyone")

// Waste spends the time of one password check, for logins of unknown users.
func Waste(password string) { CheckPassword(dummyHash, password) }
