package report

import (
	"cmp"
	"slices"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// OneVoiceDays is how far back OneVoice looks.
const OneVoiceDays = 90

// OneVoice is what an account heard from the business lately, by
// department — "it's only one customer interfacing with what the customer
// expects to be one company": shown before anyone writes to it, with a
// warning when three or more departments spoke to it within a week.
type OneVoice struct {
	Since       string        `json:"since"`
	Departments []VoiceOfDept `json:"departments"` // the latest first
	Crowded     bool          `json:"crowded"`     // 3+ departments within 7 days
	Week        []string      `json:"week"`        // those departments, the latest such week
	WeekFrom    string        `json:"week_from"`   // its first day
}

// VoiceOfDept is one department's contacts with the account.
type VoiceOfDept struct {
	Department string   `json:"department"`
	Contacts   int      `json:"contacts"`
	Last       string   `json:"last"`
	Kinds      []string `json:"kinds"` // sorted
}

// Voices sums the touchpoints of the OneVoiceDays up to today (orders are
// no contact) by department and looks for weeks in which three or more
// departments spoke to the account.
func Voices(tps []crm.Touchpoint, today time.Time) OneVoice {
	since := dateOf(today).AddDate(0, 0, -OneVoiceDays)
	v := OneVoice{Since: day(since), Departments: []VoiceOfDept{}, Week: []string{}}
	by := map[string]*VoiceOfDept{}
	var recent []crm.Touchpoint
	for _, tp := range tps {
		if tp.Kind == "order" || tp.OccurredAt.Before(since) || tp.OccurredAt.After(today) {
			continue
		}
		recent = append(recent, tp)
		d := by[tp.Department]
		if d == nil {
			d = &VoiceOfDept{Department: tp.Department}
			by[tp.Department] = d
		}
		d.Contacts++
		if t := day(tp.OccurredAt); t > d.Last {
			d.Last = t
		}
		if !slices.Contains(d.Kinds, tp.Kind) {
			d.Kinds = append(d.Kinds, tp.Kind)
		}
	}
	for _, d := range by {
		slices.Sort(d.Kinds)
		v.Departments = append(v.Departments, *d)
	}
	slices.SortFunc(v.Departments, func(a, b VoiceOfDept) int {
		return cmp.Or(cmp.Compare(b.Last, a.Last), cmp.Compare(a.Department, b.Department))
	})
	// Each 7-day window that starts on a contact's day: its departments.
	slices.SortFunc(recent, func(a, b crm.Touchpoint) int { return a.OccurredAt.Compare(b.OccurredAt) })
	for i, start := range recent {
		depts := []string{}
		for _, tp := range recent[i:] {
			if daysBetween(start.OccurredAt, tp.OccurredAt) >= 7 {
				break
			}
			if !slices.Contains(depts, tp.Department) {
				depts = append(depts, tp.Department)
			}
		}
		if len(depts) >= 3 {
			slices.Sort(depts)
			v.Crowded, v.Week, v.WeekFrom = true, depts, day(start.OccurredAt)
		}
	}
	return v
}
