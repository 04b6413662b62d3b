package ingest

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Attendance reports of the meeting tools, read into who attended how
// long. The layouts recognised:
//
//   - Zoom's "Meeting participants" report: a block about the meeting
//     (Meeting ID, Topic, …), then Name (Original Name), User Email, Join
//     Time, Leave Time, Duration (Minutes), a row per join;
//   - Zoom's webinar "Attendee report": sections (Host Details, Panelist
//     Details, Attendee Details) each with Attended, User Name (Original
//     Name), Email, Join Time, Leave Time, Time in Session (minutes);
//     hosts and panelists are left out, and rows with Attended "No";
//   - Microsoft Teams' attendance report: sections (1. Summary,
//     2. Participants, 3. In-Meeting Activities) with Name or Full Name,
//     Email and Participant ID (UPN), First Join / Join time, Last Leave /
//     Leave time, In-Meeting Duration / Duration like "1h 5m 3s";
//     tab-separated and UTF-16 in older exports;
//   - Google Meet's attendance report: Email and Duration ("1 hr 5 min",
//     or Duration (seconds) in the audit log's export);
//   - a plain email,minutes.
//
// The table read is the first one in the file with an e-mail column and
// a duration (or join and leave times), outside the hosts' and
// panelists' sections (Teams' Participants, not its In-Meeting
// Activities, which have the same time by join); a person's rows
// (rejoins) are summed. UTF-8 (with or without BOM) and UTF-16 with BOM; comma,
// semicolon or tab.

// ParseAttendance reads an attendance report: the attendees by e-mail
// (lower case), in the order of their first row, and how many rows named
// someone without an e-mail address.
func ParseAttendance(data []byte) ([]crm.Attendee, int, error) {
	text, err := decodeText(data)
	if err != nil {
		return nil, 0, err
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sniffReportDelimiter(text)
	cr.FieldsPerRecord, cr.LazyQuotes = -1, true
	var records [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, crm.Errorf(crm.EINVALID, "file: not a CSV file: %v", err)
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		records = append(records, rec)
	}
	// The first table of the file with an e-mail and a duration, outside
	// the hosts' and panelists' sections.
	var best *attendanceTable
	section := ""
	for i, rec := range records {
		if filled(rec) == 1 && len(records) > i+1 {
			section = strings.ToLower(firstFilled(rec))
			continue
		}
		t, ok := attendanceHeader(rec)
		if !ok {
			continue
		}
		if strings.Contains(section, "host") || strings.Contains(section, "panelist") {
			continue
		}
		t.start = i + 1
		best = &t
		break
	}
	if best == nil {
		return nil, 0, crm.Errorf(crm.EINVALID, "file: no table with an e-mail and a duration (or join and leave times): not an attendance report of Zoom, Teams or Google Meet, nor email,minutes")
	}
	byEmail := map[string]int{}
	var out []crm.Attendee
	noEmail := 0
	for _, rec := range records[best.start:] {
		if filled(rec) <= 1 {
			break // the table's end: a blank row or the next section's title
		}
		if _, again := attendanceHeader(rec); again {
			break
		}
		if best.attended >= 0 && strings.EqualFold(cell(rec, best.attended), "no") {
			continue
		}
		seconds, ok := best.seconds(rec)
		if !ok || seconds <= 0 {
			continue
		}
		email := crm.NormalizeEmail(cell(rec, best.email))
		if email == "" && best.upn >= 0 {
			email = crm.NormalizeEmail(cell(rec, best.upn))
		}
		name := best.name(rec)
		if email == "" {
			if name != "" {
				noEmail++
			}
			continue
		}
		if i, ok := byEmail[email]; ok {
			out[i].Seconds += seconds
			if out[i].Name == "" {
				out[i].Name = name
			}
			continue
		}
		byEmail[email] = len(out)
		out = append(out, crm.Attendee{Email: email, Name: name, Seconds: seconds})
	}
	return out, noEmail, nil
}

// decodeText returns data as UTF-8 text: UTF-16 by its byte order mark,
// UTF-8 without its own.
func decodeText(data []byte) (string, error) {
	var order func([]byte) uint16
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		order = func(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		order = func(b []byte) uint16 { return uint16(b[1]) | uint16(b[0])<<8 }
	}
	if order != nil {
		data = data[2:]
		units := make([]uint16, 0, len(data)/2)
		for i := 0; i+1 < len(data); i += 2 {
			units = append(units, order(data[i:i+2]))
		}
		return string(utf16.Decode(units)), nil
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		return "", crm.Errorf(crm.EINVALID, "file: not UTF-8 or UTF-16 text; export the report as CSV")
	}
	return string(data), nil
}

// sniffReportDelimiter picks tab, semicolon or comma, whichever occurs
// most outside quotes (a report's sections have different numbers of
// cells, and Teams' dates have commas in its tab-separated file).
func sniffReportDelimiter(text string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range text[:min(len(text), 64<<10)] {
		switch r {
		case '"':
			quoted = !quoted
		case '\t', ';', ',':
			if !quoted {
				counts[r]++
			}
		}
	}
	best := ','
	for _, r := range []rune{'\t', ';'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

func filled(rec []string) int {
	n := 0
	for _, c := range rec {
		if c != "" {
			n++
		}
	}
	return n
}

func firstFilled(rec []string) string {
	for _, c := range rec {
		if c != "" {
			return c
		}
	}
	return ""
}

func cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return rec[i]
}

// attendanceTable is where a report's table keeps what it needs: column
// indexes, -1 for none.
type attendanceTable struct {
	start                             int
	email, upn, fullName, first, last int
	duration, join, leave, attended   int
	durationSeconds                   bool // the duration column counts seconds
}

// attendanceHeader reads rec as a table's header: it must name an e-mail
// (or UPN) column and a duration or both join and leave times, and no
// meeting (Zoom's and Teams' blocks about the meeting itself).
func attendanceHeader(rec []string) (attendanceTable, bool) {
	t := attendanceTable{email: -1, upn: -1, fullName: -1, first: -1, last: -1, duration: -1, join: -1, leave: -1, attended: -1}
	for i, c := range rec {
		h := strings.ToLower(strings.TrimPrefix(c, "\uFEFF"))
		switch {
		case strings.Contains(h, "@"): // a row of data, not a header
			return t, false
		case strings.Contains(h, "meeting id") || strings.Contains(h, "webinar id") || h == "topic" || h == "meeting title":
			return t, false
		case strings.Contains(h, "upn"):
			t.upn = first(t.upn, i)
		case strings.Contains(h, "email") || strings.Contains(h, "e-mail") || h == "mail":
			t.email = first(t.email, i)
		case strings.Contains(h, "duration") || strings.Contains(h, "time in session") || h == "minutes" || h == "attended minutes":
			if t.duration < 0 {
				t.duration, t.durationSeconds = i, strings.Contains(h, "second") || strings.Contains(h, "(s)")
			}
		case strings.Contains(h, "join") || h == "time joined":
			t.join = first(t.join, i)
		case strings.Contains(h, "leave") || strings.Contains(h, "exit") || h == "time left":
			t.leave = first(t.leave, i)
		case h == "attended":
			t.attended = i
		case h == "first name":
			t.first = first(t.first, i)
		case h == "last name":
			t.last = first(t.last, i)
		case strings.Contains(h, "name") || h == "participant":
			t.fullName = first(t.fullName, i)
		}
	}
	if t.email < 0 && t.upn >= 0 {
		t.email, t.upn = t.upn, -1
	}
	return t, t.email >= 0 && (t.duration >= 0 || t.join >= 0 && t.leave >= 0)
}

func first(have, i int) int {
	if have >= 0 {
		return have
	}
	return i
}

func (t attendanceTable) name(rec []string) string {
	if n := cell(rec, t.fullName); n != "" {
		// Zoom: "Anna Berg (Anna's iPad)" keeps the original name in brackets.
		return n
	}
	return strings.TrimSpace(cell(rec, t.first) + " " + cell(rec, t.last))
}

// seconds is the time of row rec: its duration, else leave minus join.
func (t attendanceTable) seconds(rec []string) (int, bool) {
	if t.duration >= 0 {
		if s, ok := parseDuration(cell(rec, t.duration), t.durationSeconds); ok {
			return s, true
		}
	}
	if t.join >= 0 && t.leave >= 0 {
		j, ok1 := parseReportTime(cell(rec, t.join))
		l, ok2 := parseReportTime(cell(rec, t.leave))
		if ok1 && ok2 && l.After(j) {
			return int(l.Sub(j).Seconds()), true
		}
	}
	return 0, false
}

// parseDuration reads a duration as the tools write it: a number (of
// minutes, or of seconds when inSeconds), h:mm:ss or mm:ss, or numbers
// with units: "1h 5m 3s", "45m 2s", "1 hr 5 min", "38 sec", "1 hour".
func parseDuration(s string, inSeconds bool) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, false
	}
	if f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64); err == nil && f >= 0 {
		if inSeconds {
			return int(f + 0.5), true
		}
		return int(f*60 + 0.5), true
	}
	if parts := strings.Split(s, ":"); len(parts) == 2 || len(parts) == 3 {
		total := 0
		for _, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 {
				return 0, false
			}
			total = total*60 + n
		}
		return total, true // h:mm:ss, or mm:ss
	}
	total, num, seen := 0, -1, false
	flush := func(unit string) bool {
		if num < 0 {
			return false
		}
		switch {
		case strings.HasPrefix(unit, "h") || strings.HasPrefix(unit, "std"):
			total += num * 3600
		case strings.HasPrefix(unit, "m"):
			total += num * 60
		case strings.HasPrefix(unit, "s"):
			total += num
		default:
			return false
		}
		num, seen = -1, true
		return true
	}
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if num >= 0 {
				return 0, false
			}
			num, _ = strconv.Atoi(s[i:j])
			i = j
		case c == ' ' || c == ',':
			i++
		default:
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != ',' && (s[j] < '0' || s[j] > '9') {
				j++
			}
			if !flush(s[i:j]) {
				return 0, false
			}
			i = j
		}
	}
	if num >= 0 || !seen {
		return 0, false
	}
	return total, true
}

// reportTimes are the layouts of join and leave times in the tools'
// reports.
var reportTimes = []string{
	"2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04",
	"01/02/2006 15:04:05", "01/02/2006 03:04:05 PM", "01/02/2006 3:04:05 PM", "1/2/2006 3:04:05 PM", "1/2/06, 3:04:05 PM",
	"1/2/2006, 3:04:05 PM", "02.01.2006 15:04:05", "02.01.06, 15:04:05", "Jan 2, 2006 3:04:05 PM", "15:04:05", "3:04:05 PM", "3:04 PM",
}

func parseReportTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range reportTimes {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
