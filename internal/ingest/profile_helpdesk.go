package ingest

import (
	"strconv"
	"strings"
)

// What the helpdesk profiles (Zendesk, Freshdesk) share: a ticket is a
// touchpoint of the customer company it came from; its team decides the
// department, its channel the kind; the time agents logged on it is its
// effort.

// helpdeskReasons are what a helpdesk profile says about the tickets it
// kept under a reading it chose, or left out.
type helpdeskReasons struct {
	group  *Reason // the group names no department: counted as support
	noOrg  *Reason // no company: counted under the requester's e-mail
	noTime *Reason // no time logged: no effort
	nobody *Reason // neither company nor e-mail: left out
}

// helpdeskTicket sets the department, kind and account of one ticket row
// read from group and channel; the caller sets its effort. It returns
// why the ticket is left out, or nil.
//
// A ticket without a company is counted under the requester's e-mail: the
// store finds the account whose domain that is, or, for a free-mail address,
// keeps the person as a customer of their own; the requester's name is
// never an account. A ticket with neither is nobody's effort and is left
// out, counted.
func helpdeskTicket(r *Row, why *helpdeskReasons, group, channel string) *Reason {
	if r.Get("customer") == "" {
		if r.Get("email") == "" {
			return why.nobody
		}
		r.Note(why.noOrg)
	}
	dept := "support"
	if group != "" {
		if d, ok := department(group); ok {
			dept = d
		} else {
			r.Note(why.group)
		}
	}
	r.Set("department", dept)
	r.Set("kind", helpdeskKind(channel))
	return nil
}

// helpdeskKind reads the channel a ticket came in by (Zendesk's Via,
// Freshdesk's Source) as a touchpoint kind: e-mail, call, chat, portal, or
// a ticket (a web form, a widget, the API, a social post …).
func helpdeskKind(channel string) string {
	k := headerKey(channel)
	switch {
	case strings.Contains(k, "mail"):
		return "email"
	case strings.Contains(k, "phone"), strings.Contains(k, "voice"), strings.Contains(k, "call"):
		return "call"
	case strings.Contains(k, "chat"), strings.Contains(k, "messag"), strings.Contains(k, "whatsapp"), k == "sms":
		return "chat"
	case k == "portal", k == "forum", strings.Contains(k, "community"):
		return "portal"
	}
	return "ticket"
}

// setEffort sets a ticket's effort_minutes to minutes, written so that it
// reads back as the same number.
func setEffort(r *Row, minutes float64) {
	r.Set("effort_minutes", strconv.FormatFloat(minutes, 'f', -1, 64))
}
