package perception

import (
	"fmt"
	"math"
	"testing"
)

func TestScore(t *testing.T) {
	nps, rating := Question{Type: NPS}, Question{Type: Rating}
	choice := Question{Type: Choice, Options: []string{"Early", "On time", "A little late", "Much too late"}}
	for _, tc := range []struct {
		q     Question
		value string
		top   bool
		score float64
		ok    bool
	}{
		{nps, "10", true, 1, true},
		{nps, "9", true, 0.9, true},
		{nps, "8", false, 0.8, true},
		{nps, "0", false, 0, true},
		{nps, "11", false, 0, false},
		{nps, "x", false, 0, false},
		{rating, "5", true, 1, true},
		{rating, "4", false, 0.75, true},
		{rating, "1", false, 0, true},
		{rating, "0", false, 0, false},
		{Question{Type: YesNo}, "yes", true, 1, true},
		{Question{Type: YesNo}, "no", false, 0, true},
		{Question{Type: YesNo}, "maybe", false, 0, false},
		{choice, "Early", true, 1, true},
		{choice, "on time", false, 2.0 / 3, true},
		{choice, "Much too late", false, 0, true},
		{choice, "Never", false, 0, false},
		{Question{Type: "text"}, "great", false, 0, false},
		{Question{Type: "multi", Options: []string{"a", "b"}}, `["a"]`, false, 0, false},
	} {
		top, score, ok := Score(tc.q, tc.value)
		if top != tc.top || ok != tc.ok || math.Abs(score-tc.score) > 1e-12 {
			t.Errorf("Score(%s, %q) = %v %v %v, want %v %v %v", tc.q.Type, tc.value, top, score, ok, tc.top, tc.score, tc.ok)
		}
	}
}

// row is a Row as the tests write it: counts, whether the staff's view is
// the company's, and the gap in points (NaN: none).
type row struct {
	tier               string
	cN, cTop, sN, sTop int
	company            bool
	gap                float64
}

func rowOf(r Row) row {
	g, ok := r.Gap()
	if !ok {
		g = math.NaN()
	}
	return row{r.Tier, r.Customers.N, r.Customers.Top, r.Staff.N, r.Staff.Top, r.StaffCompany, g}
}

func sameRow(a, b row) bool {
	ga, gb := a.gap, b.gap
	a.gap, b.gap = 0, 0
	return a == b && (math.IsNaN(ga) && math.IsNaN(gb) || math.Abs(ga-gb) < 1e-9)
}

// TestCompute: the gap per tier and question and the accounts' gaps of
// small surveys, worked out by hand in the comments.
func TestCompute(t *testing.T) {
	nan := math.NaN()
	questions := []Question{
		{Position: 1, Type: NPS},
		{Position: 2, Type: Rating},
		{Position: 3, Type: Choice, Options: []string{"Early", "On time", "Late"}},
		{Position: 4, Type: YesNo},
		{Position: 5, Type: "text"},
		{Position: 6, Type: "multi", Options: []string{"a", "b"}},
	}
	for _, tc := range []struct {
		name      string
		in        Input
		questions map[int][]row // by position: overall, then by tier
		accounts  []AccountGap
	}{
		{
			name: "four accounts, the open link and the company",
			in: Input{
				Questions: questions,
				Tier:      map[int64]string{1: "A", 2: "A", 3: "B", 4: "C"},
				Customers: []Answer{
					{1, 1, "10"}, {1, 2, "4"}, {1, 3, "On time"}, {1, 4, "yes"}, {1, 5, "fine"},
					{1, 1, "6"}, {1, 2, "5"},
					{2, 1, "9"}, {2, 4, "no"},
					{3, 1, "3"}, {3, 2, "5"}, {3, 3, "Early"},
					{0, 1, "10"},
				},
				Staff: []Answer{
					{1, 1, "10"}, {1, 2, "5"}, {1, 3, "Early"},
					{1, 1, "8"},
					{3, 1, "9"}, {3, 4, "yes"},
					{0, 1, "9"}, {0, 2, "5"},
					{4, 2, "4"},
				},
			},
			questions: map[int][]row{
				// NPS: customers A 10, 6, 9 (2 of 3), B 3 (0 of 1), none 10;
				// 3 of 5 overall. Staff A 10, 8 (1 of 2), B 9, C and none
				// the company's 9; overall 10, 8, 9, 9: 3 of 4.
				1: {
					{"", 5, 3, 4, 3, false, 75 - 60},
					{"A", 3, 2, 2, 1, false, 50 - 200.0/3},
					{"B", 1, 0, 1, 1, false, 100},
					{"C", 0, 0, 1, 1, true, nan},
					{"none", 1, 1, 1, 1, true, 0},
				},
				// Rating: customers A 4, 5, B 5. Staff A 5, B the company's
				// 5, C account 4's 4 (its own, not the company's).
				2: {
					{"", 3, 2, 3, 2, false, 0},
					{"A", 2, 1, 1, 1, false, 50},
					{"B", 1, 1, 1, 1, true, 0},
					{"C", 0, 0, 1, 0, false, nan},
				},
				// Choice: customers A "On time", B "Early"; staff A "Early".
				3: {
					{"", 2, 1, 1, 1, false, 50},
					{"A", 1, 0, 1, 1, false, 100},
					{"B", 1, 1, 0, 0, false, nan},
					{"C", 0, 0, 0, 0, false, nan},
				},
				// Yes/no: customers A yes, no; staff B yes.
				4: {
					{"", 2, 1, 1, 1, false, 50},
					{"A", 2, 1, 0, 0, false, nan},
					{"B", 0, 0, 1, 1, false, nan},
					{"C", 0, 0, 0, 0, false, nan},
				},
			},
			// Account 3: NPS staff 0.9 − customers 0.3 = 0.6 (its yes/no
			// has no customer answer). Account 1: NPS (1+0.8)/2 − (1+0.6)/2
			// = 0.1, rating 1 − (0.75+1)/2 = 0.125, choice 1 − 0.5 = 0.5:
			// mean 0.725/3. Account 2 has no staff answer, account 4 no
			// customer answer.
			accounts: []AccountGap{{3, 0.6, 1}, {1, 0.725 / 3, 3}},
		},
		{
			name: "the widest gap either way first",
			in: Input{
				Questions: questions[:1],
				Customers: []Answer{{5, 1, "10"}, {6, 1, "7"}},
				Staff:     []Answer{{5, 1, "0"}, {6, 1, "10"}},
			},
			// No tiers: both accounts in none, 1 of 2 on each side.
			questions: map[int][]row{1: {
				{"", 2, 1, 2, 1, false, 0},
				{"A", 0, 0, 0, 0, false, nan},
				{"B", 0, 0, 0, 0, false, nan},
				{"C", 0, 0, 0, 0, false, nan},
				{"none", 2, 1, 2, 1, false, 0},
			}},
			// Account 5: 0 − 1 = −1; account 6: 1 − 0.7 = 0.3.
			accounts: []AccountGap{{5, -1, 1}, {6, 0.3, 1}},
		},
		{
			name:      "no answers",
			in:        Input{Questions: questions[3:]},
			questions: map[int][]row{4: {{"", 0, 0, 0, 0, false, nan}, {"A", 0, 0, 0, 0, false, nan}, {"B", 0, 0, 0, 0, false, nan}, {"C", 0, 0, 0, 0, false, nan}}},
			accounts:  []AccountGap{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Compute(tc.in)
			if len(res.Questions) != len(tc.questions) {
				t.Fatalf("%d questions compared, want %d", len(res.Questions), len(tc.questions))
			}
			for _, q := range res.Questions {
				want, ok := tc.questions[q.Position]
				if !ok {
					t.Errorf("question %d compared", q.Position)
					continue
				}
				got := []row{rowOf(q.Overall)}
				for _, r := range q.ByTier {
					got = append(got, rowOf(r))
				}
				if len(got) != len(want) {
					t.Errorf("question %d: %v, want %v", q.Position, got, want)
					continue
				}
				for i := range got {
					if !sameRow(got[i], want[i]) {
						t.Errorf("question %d, row %d: %+v, want %+v", q.Position, i, got[i], want[i])
					}
				}
			}
			if fmt.Sprint(len(res.Accounts)) != fmt.Sprint(len(tc.accounts)) {
				t.Fatalf("accounts %+v, want %+v", res.Accounts, tc.accounts)
			}
			for i, a := range res.Accounts {
				w := tc.accounts[i]
				if a.AccountID != w.AccountID || a.Questions != w.Questions || math.Abs(a.Gap-w.Gap) > 1e-12 {
					t.Errorf("account %d: %+v, want %+v", i, a, w)
				}
			}
		})
	}
}
