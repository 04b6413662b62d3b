package crm

import "testing"

func TestReferralCode(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := NewReferralCode()
		if NormalizeReferralCode(c) != c {
			t.Fatalf("%q does not read back as itself", c)
		}
		if seen[c] {
			t.Fatalf("%q twice in 1000", c)
		}
		seen[c] = true
	}
	for _, tc := range []struct{ in, want string }{
		{"ABCD-EFGH-JK", "abcdefghjk"},
		{" abcd efgh jk ", "abcdefghjk"},
		{"abcdefghj", ""},   // too short
		{"abcdefghjkm", ""}, // too long
		{"abcdefghj0", ""},  // 0 is not in the alphabet
		{"abcdefghjl", ""},  // nor l
		{"abcdefghjä", ""},  // nor anything else
		{"", ""},
	} {
		if got := NormalizeReferralCode(tc.in); got != tc.want {
			t.Errorf("NormalizeReferralCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
