// Package perception measures the perception gap: what staff believe
// customers would answer to a survey's questions against what the
// customers answered (docs/surveys.md). One essay's warning: of the
// companies that believed their service excellent, only 8% of their
// customers agreed.
//
// Each comparable question has a "top box", the answer that says
// "excellent": 9 or 10 of an NPS question, 5 of a rating (1–5), "yes" of a
// yes/no question, and the first option of a choice — the survey's author
// lists the most positive first, as the templates do. Free-text and
// multiple-choice questions are not compared. The share of answers in the
// top box is worked out on each side, per tier and overall, and the gap is
// the staff's share minus the customers', in percentage points.
//
// Per account, each answer also has a score from 0 to 1: NPS n/10, rating
// (n−1)/4, yes 1 and no 0, the i-th of k options 1 − (i−1)/(k−1). An
// account's gap is the mean over the questions both sides answered of the
// staff's mean score minus the customers' mean score.
package perception

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Question types compared (the survey's types of the same names).
const (
	NPS    = "nps"
	Rating = "rating"
	Choice = "choice"
	YesNo  = "yesno"
)

// None is the tier of answers of no account in a tier: the open link, or
// accounts without revenue in the window.
const None = "none"

// Tiers are the tiers always shown, in order; None follows when it has
// answers.
var Tiers = []string{"A", "B", "C"}

// Question is a survey question: its position, type and (for a choice)
// options in order, the most positive first.
type Question struct {
	Position int
	Type     string
	Options  []string
}

// Comparable reports whether q's answers have a top box.
func (q Question) Comparable() bool {
	switch q.Type {
	case NPS, Rating, YesNo:
		return true
	case Choice:
		return len(q.Options) >= 2
	}
	return false
}

// Score says whether value (as a customer's answer is stored) is in q's
// top box, and its score from 0 to 1; ok is false for a question that is
// not compared or a value that is no answer to it.
func Score(q Question, value string) (top bool, score float64, ok bool) {
	value = strings.TrimSpace(value)
	switch q.Type {
	case NPS, Rating:
		n, err := strconv.Atoi(value)
		if q.Type == NPS {
			if err != nil || n < 0 || n > 10 {
				return false, 0, false
			}
			return n >= 9, float64(n) / 10, true
		}
		if err != nil || n < 1 || n > 5 {
			return false, 0, false
		}
		return n == 5, float64(n-1) / 4, true
	case YesNo:
		switch value {
		case "yes":
			return true, 1, true
		case "no":
			return false, 0, true
		}
	case Choice:
		if len(q.Options) < 2 {
			return false, 0, false
		}
		for i, o := range q.Options {
			if strings.EqualFold(o, value) {
				return i == 0, 1 - float64(i)/float64(len(q.Options)-1), true
			}
		}
	}
	return false, 0, false
}

// Answer is one answer to a question: a customer's (AccountID 0: of no
// account, through the open link) or a staff member's belief (AccountID
// 0: about the company as a whole).
type Answer struct {
	AccountID int64
	Position  int
	Value     string
}

// Input is what the gap is worked out from.
type Input struct {
	Questions []Question
	Customers []Answer
	Staff     []Answer
	// Tier is the tier of each account (A, B, C); an account not in it,
	// and account 0, is in None.
	Tier map[int64]string
}

// Count counts answers and those in the top box.
type Count struct{ N, Top int }

// Pct is the share of answers in the top box in percent; false without
// answers.
func (c Count) Pct() (float64, bool) {
	if c.N == 0 {
		return 0, false
	}
	return 100 * float64(c.Top) / float64(c.N), true
}

func (c *Count) add(top bool) {
	c.N++
	if top {
		c.Top++
	}
}

// Row compares the two sides for a tier, or overall.
type Row struct {
	Tier      string // A, B, C, None; "" overall
	Customers Count
	Staff     Count
	// StaffCompany: no staff answer is about an account of the tier, so
	// the staff's view is their answers about the company as a whole.
	StaffCompany bool
}

// Gap is the staff's share in the top box minus the customers', in
// percentage points; false when a side has no answers.
func (r Row) Gap() (float64, bool) {
	s, ok1 := r.Staff.Pct()
	c, ok2 := r.Customers.Pct()
	if !ok1 || !ok2 {
		return 0, false
	}
	return s - c, true
}

// QuestionGap is the gap of one comparable question.
type QuestionGap struct {
	Question
	// Overall counts every customer answer, and every staff answer:
	// about accounts and about the company as a whole.
	Overall Row
	ByTier  []Row // Tiers, then None when it has answers
}

// AccountGap is one account's gap: the mean over Questions questions of
// the staff's mean score minus the customers' (−1..1; positive: staff
// believe the account happier than it says).
type AccountGap struct {
	AccountID int64
	Gap       float64
	Questions int
}

// Result is the perception gap of a survey.
type Result struct {
	Questions []QuestionGap // the comparable questions, by position
	// Accounts are the accounts with both a staff answer about them and
	// customer answers to a question both answered: the widest gap (in
	// size, either way) first, then by account id.
	Accounts []AccountGap
}

// Compute works out the gap of in.
func Compute(in Input) Result {
	res := Result{Questions: []QuestionGap{}, Accounts: []AccountGap{}}
	type accQ struct {
		account int64
		pos     int
	}
	type mean struct {
		sum float64
		n   int
	}
	staffScore, custScore := map[accQ]*mean{}, map[accQ]*mean{}
	addMean := func(m map[accQ]*mean, k accQ, v float64) {
		if m[k] == nil {
			m[k] = &mean{}
		}
		m[k].sum += v
		m[k].n++
	}
	tierOf := func(id int64) string {
		if t := in.Tier[id]; id != 0 && t != "" {
			return t
		}
		return None
	}
	questions := slices.Clone(in.Questions)
	slices.SortFunc(questions, func(a, b Question) int { return cmp.Compare(a.Position, b.Position) })
	for _, q := range questions {
		if !q.Comparable() {
			continue
		}
		g := QuestionGap{Question: q}
		cust, staff := map[string]*Count{}, map[string]*Count{}
		var company Count
		get := func(m map[string]*Count, t string) *Count {
			if m[t] == nil {
				m[t] = &Count{}
			}
			return m[t]
		}
		for _, a := range in.Customers {
			if a.Position != q.Position {
				continue
			}
			top, score, ok := Score(q, a.Value)
			if !ok {
				continue
			}
			g.Overall.Customers.add(top)
			get(cust, tierOf(a.AccountID)).add(top)
			if a.AccountID != 0 {
				addMean(custScore, accQ{a.AccountID, q.Position}, score)
			}
		}
		for _, a := range in.Staff {
			if a.Position != q.Position {
				continue
			}
			top, score, ok := Score(q, a.Value)
			if !ok {
				continue
			}
			g.Overall.Staff.add(top)
			if a.AccountID == 0 {
				company.add(top)
				continue
			}
			get(staff, tierOf(a.AccountID)).add(top)
			addMean(staffScore, accQ{a.AccountID, q.Position}, score)
		}
		tiers := Tiers
		if cust[None] != nil || staff[None] != nil {
			tiers = append(slices.Clone(Tiers), None)
		}
		for _, t := range tiers {
			r := Row{Tier: t, Customers: *get(cust, t), Staff: *get(staff, t)}
			if r.Staff.N == 0 && company.N > 0 {
				r.Staff, r.StaffCompany = company, true
			}
			g.ByTier = append(g.ByTier, r)
		}
		res.Questions = append(res.Questions, g)
	}
	// Each account's gap over the questions both sides answered.
	keys := make([]accQ, 0, len(staffScore))
	for k := range staffScore {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b accQ) int { return cmp.Or(cmp.Compare(a.account, b.account), cmp.Compare(a.pos, b.pos)) })
	byAccount := map[int64]*mean{}
	for _, k := range keys {
		s := staffScore[k]
		c, ok := custScore[k]
		if !ok {
			continue
		}
		if byAccount[k.account] == nil {
			byAccount[k.account] = &mean{}
		}
		byAccount[k.account].sum += s.sum/float64(s.n) - c.sum/float64(c.n)
		byAccount[k.account].n++
	}
	for id, m := range byAccount {
		res.Accounts = append(res.Accounts, AccountGap{AccountID: id, Gap: m.sum / float64(m.n), Questions: m.n})
	}
	slices.SortFunc(res.Accounts, func(a, b AccountGap) int {
		if c := cmp.Compare(math.Abs(b.Gap), math.Abs(a.Gap)); c != 0 {
			return c
		}
		return cmp.Compare(a.AccountID, b.AccountID)
	})
	return res
}
