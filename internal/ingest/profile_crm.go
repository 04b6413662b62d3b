package ingest

import (
	"fmt"
	"strconv"
	"strings"
)

// What the CRM profiles (HubSpot, Pipedrive, Salesforce) share. A CRM's
// deals export lists every deal of the view: won, lost and still open. Only
// a won deal is revenue, at its amount, on the day it was won; the others
// are counted in the import's summary, never summed.

// A dealOutcome is where a deal stands, as its export says.
type dealOutcome int

const (
	dealUnknown dealOutcome = iota // the export does not say
	dealWon
	dealLost
	dealOpen
	dealDeleted
)

// dealReasons are the words of one tool's summary lines ("deal",
// "opportunity"), and the reasons for the stages it could not place, made
// per read (a read's row function keeps them; see stage).
type dealReasons struct {
	one, many string // "deal", "deals"
	hint      string // how to have a deal in an unknown stage counted
	lost      *Reason
	open      *Reason
	deleted   *Reason
	noAmount  *Reason
	stages    map[string]*Reason
}

// newDealReasons returns the reasons of a tool that calls its deals one
// and many, with hint saying how to have a deal of an unknown stage
// counted if it was won.
func newDealReasons(one, many, hint string) *dealReasons {
	return &dealReasons{
		one: one, many: many, hint: hint,
		lost:     &Reason{"lost " + one + " not counted", "lost " + many + " not counted"},
		open:     &Reason{"open " + one + " not counted", "open " + many + " not counted"},
		deleted:  &Reason{"deleted " + one + " not counted", "deleted " + many + " not counted"},
		noAmount: &Reason{"won " + one + " without an amount not counted", "won " + many + " without an amount not counted"},
		stages:   map[string]*Reason{},
	}
}

// stage is the reason a deal in a stage that is neither known to be won
// nor known to be lost or open is left out: one reason per stage, so the
// summary names each ("2 deals in stage "Verbal commit" not counted …").
func (d *dealReasons) stage(label string) *Reason {
	if why, ok := d.stages[label]; ok {
		return why
	}
	why := &Reason{
		fmt.Sprintf("%s in stage %q not counted (not a stage known to be won; %s)", d.one, label, d.hint),
		fmt.Sprintf("%s in stage %q not counted (not a stage known to be won; %s)", d.many, label, d.hint),
	}
	d.stages[label] = why
	return why
}

// leftOut is the reason a deal of outcome o is left out (nil for a won
// one); label is its stage, for one in an unknown stage.
func (d *dealReasons) leftOut(o dealOutcome, label string) *Reason {
	switch o {
	case dealWon:
		return nil
	case dealLost:
		return d.lost
	case dealOpen:
		return d.open
	case dealDeleted:
		return d.deleted
	}
	return d.stage(label)
}

// firstOf returns the first non-empty cell of the kept columns names.
func firstOf(r *Row, names ...string) string {
	for _, n := range names {
		if v := r.Get(n); v != "" {
			return v
		}
	}
	return ""
}

// falsy reports whether s says no (a checkbox or a boolean cell).
func falsy(s string) bool {
	switch strings.ToLower(s) {
	case "false", "f", "no", "0", "nein":
		return true
	}
	return false
}

// employeeClass reads a number of employees as a size class, so that
// accounts group by size rather than by head count: the EU's bands
// (micro, small, medium), large split at 1,000. "40" and "40.0" are
// "10-49 employees"; a value that is no whole number ("11-50", as some
// CRMs keep it) is kept as it is, and so is 0.
func employeeClass(s string) string {
	n, err := strconv.Atoi(strings.NewReplacer(",", "", "'", "", " ", "").Replace(wholeID(s)))
	switch {
	case err != nil || n <= 0:
		return s
	case n < 10:
		return "1-9 employees"
	case n < 50:
		return "10-49 employees"
	case n < 250:
		return "50-249 employees"
	case n < 1000:
		return "250-999 employees"
	}
	return "1000+ employees"
}
