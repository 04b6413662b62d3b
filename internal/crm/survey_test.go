package crm_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

func TestParseQuestions(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []crm.Question
		err      string
	}{
		{"all kinds", "nps*: How likely?\n\nrating: How satisfied?\r\nchoice: Which? | Phone | Mail \nmulti*: What? |a|b\nyesno: Again?\ntext: Why?",
			[]crm.Question{{Type: "nps", Text: "How likely?", Required: true}, {Type: "rating", Text: "How satisfied?"},
				{Type: "choice", Text: "Which?", Options: []string{"Phone", "Mail"}}, {Type: "multi", Text: "What?", Options: []string{"a", "b"}, Required: true},
				{Type: "yesno", Text: "Again?"}, {Type: "text", Text: "Why?"}}, ""},
		{"a colon in the text", "text: Why: tell us", []crm.Question{{Type: "text", Text: "Why: tell us"}}, ""},
		{"no type", "nps: ok\nHow likely?", nil, "line 2: write TYPE: QUESTION"},
		{"unknown type", "\n\nslider: How much?", nil, `line 3: type: want one of nps, rating, choice, multi, yesno, text, got "slider"`},
		{"nothing", " \n ", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := crm.ParseQuestions(tc.in)
			if tc.err != "" {
				if crm.ErrorCode(err) != crm.EINVALID || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v %v, want %+v", got, err, tc.want)
			}
		})
	}
}

// TestCheckAnswers: answers by type, required ones only when finishing.
func TestCheckAnswers(t *testing.T) {
	sv := crm.Survey{Name: "x", Language: "en", Questions: []crm.Question{{Type: "nps", Text: "a", Required: true}, {Type: "rating", Text: "b"},
		{Type: "choice", Text: "c", Options: []string{"x", "y"}}, {Type: "multi", Text: "d", Options: []string{"x", "y"}}, {Type: "yesno", Text: "e"}, {Type: "text", Text: "f"}}}
	if err := crm.CheckSurvey(&sv); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		in     map[int][]string
		finish bool
		want   map[int]string
		err    string
	}{
		{"every kind", map[int][]string{1: {"0"}, 2: {" 5 "}, 3: {"y"}, 4: {"y", "x", "y"}, 5: {"no"}, 6: {"fine"}}, true,
			map[int]string{1: "0", 2: "5", 3: "y", 4: `["y","x"]`, 5: "no", 6: "fine"}, ""},
		{"other spellings", map[int][]string{1: {"10"}, 3: {"Y"}, 4: {"x, Y"}, 5: {"Ja"}}, false,
			map[int]string{1: "10", 3: "y", 4: `["x","y"]`, 5: "yes"}, ""},
		{"true is yes", map[int][]string{1: {"1"}, 5: {"true"}}, false, map[int]string{1: "1", 5: "yes"}, ""},
		{"saved without the required one", map[int][]string{6: {"later"}, 2: {""}}, false, map[int]string{6: "later"}, ""},
		{"finished without the required one", map[int][]string{6: {"later"}}, true, nil, "q1: please answer"},
		{"nps 11", map[int][]string{1: {"11"}}, false, nil, "q1: want a whole number from 0 to 10"},
		{"rating 0", map[int][]string{2: {"0"}}, false, nil, "q2: want a whole number from 1 to 5"},
		{"not an option", map[int][]string{3: {"z"}}, false, nil, `q3: "z" is not one of the options`},
		{"two for a choice", map[int][]string{3: {"x", "y"}}, false, nil, "q3: give one answer"},
		{"maybe", map[int][]string{5: {"maybe"}}, false, nil, "q5: want yes or no"},
		{"not an option of several", map[int][]string{4: {"x,z"}}, false, nil, `q4: "z" is not one of the options`},
		{"no such question", map[int][]string{7: {"x"}}, false, nil, "q7: the survey has no such question"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := crm.CheckAnswers(sv, tc.in, tc.finish)
			if tc.err != "" {
				if crm.ErrorCode(err) != crm.EINVALID || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v %v, want %v", got, err, tc.want)
			}
		})
	}
}
