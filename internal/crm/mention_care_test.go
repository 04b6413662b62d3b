package crm

import "testing"

// TestNeedsAnswer: a complaint, a question and a request open in the care
// queue whatever their label; praise and other texts do not, unless
// negative; without an intent, a question mark counts as a question.
func TestNeedsAnswer(t *testing.T) {
	for _, c := range []struct {
		text, label, intent string
		want                bool
	}{
		{"Not a single delivery this quarter arrived complete.", "neutral", "complaint", true},
		{"What does error code E-402 mean?", "neutral", "question", true},
		{"Please send the invoice as PDF.", "neutral", "request", true},
		{"Great service, thank you!", "positive", "praise", false},
		{"Our office is closed on Friday.", "neutral", "other", false},
		{"Is this a rhetorical question?", "neutral", "other", false},
		{"Terrible.", "negative", "other", true},
		{"Where is my invoice?", "neutral", "", true},
		{"Please send the invoice as PDF.", "neutral", "", false},
		{"Terrible.", "negative", "", true},
	} {
		if got := NeedsAnswer(c.text, c.label, c.intent); got != c.want {
			t.Errorf("NeedsAnswer(%q, %s, %q) = %v, want %v", c.text, c.label, c.intent, got, c.want)
		}
	}
}
