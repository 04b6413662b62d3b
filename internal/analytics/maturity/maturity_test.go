package maturity

import "testing"

func TestClaimed(t *testing.T) {
	for _, c := range []struct {
		a    [4]bool
		want string
	}{
		{[4]bool{}, ""}, {[4]bool{true}, "familiar"}, {[4]bool{true, true, false, true}, "present"}, {[4]bool{false, true, true, true}, ""},
		{[4]bool{true, true, true, true}, "integrated"},
	} {
		if got := Claimed(c.a); got != c.want {
			t.Errorf("%v: %q, want %q", c.a, got, c.want)
		}
	}
}

func TestMeasured(t *testing.T) {
	h := func(v float64) *float64 { return &v }
	for _, c := range []struct {
		name string
		e    Evidence
		want string
		met  [4]bool
	}{
		{"nothing", Evidence{}, "", [4]bool{}},
		{"listening only", Evidence{Platforms: []string{"x"}, Mentions: 10, NeedAnswer: 4}, "familiar", [4]bool{true}},
		// 3 of 4 answered is 75%: below 80%.
		{"answering slowly", Evidence{Platforms: []string{"x"}, Mentions: 10, NeedAnswer: 4, Answered: 3, MedianResponseHours: h(2)}, "present", [4]bool{true, true}},
		// 4 of 5 is 80%, but a median of 30 hours.
		{"late", Evidence{Platforms: []string{"x"}, Mentions: 10, NeedAnswer: 5, Answered: 4, MedianResponseHours: h(30)}, "present", [4]bool{true, true}},
		// 4 of 5 within 24 hours; 4 of 10 matched: 40% < 50%.
		{"enabled", Evidence{Platforms: []string{"x"}, Mentions: 10, Matched: 4, NeedAnswer: 5, Answered: 4, MedianResponseHours: h(24), AAccounts: 4, AHeard: 4},
			"enabled", [4]bool{true, true, true}},
		// 5 of 10 matched, 2 of 4 A accounts heard: integrated.
		{"integrated", Evidence{Platforms: []string{"x", "linkedin"}, Mentions: 10, Matched: 5, NeedAnswer: 5, Answered: 5, MedianResponseHours: h(3), AAccounts: 4, AHeard: 2},
			"integrated", [4]bool{true, true, true, true}},
		// Integrated's test met, enabled's not: the run stops at present.
		{"a gap", Evidence{Platforms: []string{"x"}, Mentions: 10, Matched: 9, NeedAnswer: 5, Answered: 1, MedianResponseHours: h(3), AAccounts: 2, AHeard: 2},
			"present", [4]bool{true, true, false, true}},
	} {
		got, checks := Measured(c.e)
		var met [4]bool
		for i, ch := range checks {
			met[i] = ch.Met
			if ch.Stage != Stages[i] {
				t.Errorf("%s: check %d is %s", c.name, i, ch.Stage)
			}
		}
		if got != c.want || met != c.met {
			t.Errorf("%s: %q %v, want %q %v", c.name, got, met, c.want, c.met)
		}
	}
}
