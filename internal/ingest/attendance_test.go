package ingest

import (
	"encoding/binary"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/vitalfew/vitalfew/internal/crm"
)

func TestParseDuration(t *testing.T) {
	for _, c := range []struct {
		in        string
		inSeconds bool
		want      int
		ok        bool
	}{
		{"45", false, 2700, true},
		{"45.5", false, 2730, true},
		{"12,5", false, 750, true},
		{"38", true, 38, true},
		{"1h 5m 3s", false, 3903, true},
		{"45m 2s", false, 2702, true},
		{"38s", false, 38, true},
		{"1 hr 5 min", false, 3900, true},
		{"2 hours", false, 7200, true},
		{"1 Std. 5 Min.", false, 3900, true},
		{"1:05:03", false, 3903, true},
		{"05:03", false, 303, true},
		{"", false, 0, false},
		{"--", false, 0, false},
		{"5 5m", false, 0, false},
		{"5 parsecs", false, 0, false},
		{"-3", false, 0, false},
	} {
		got, ok := parseDuration(c.in, c.inSeconds)
		if got != c.want || ok != c.ok {
			t.Errorf("parseDuration(%q, %v) = %d, %v; want %d, %v", c.in, c.inSeconds, got, ok, c.want, c.ok)
		}
	}
}

// TestParseAttendanceVariants: the encodings, delimiters and columns the
// layouts come in (the layouts themselves: internal/web's
// TestAttendanceImport with testdata/attendance).
func TestParseAttendanceVariants(t *testing.T) {
	utf16be := func(s string) []byte {
		b := []byte{0xFE, 0xFF}
		for _, u := range utf16.Encode([]rune(s)) {
			b = binary.BigEndian.AppendUint16(b, u)
		}
		return b
	}
	for _, c := range []struct {
		name    string
		data    []byte
		want    string // email:seconds, …
		noEmail int
		err     string
	}{
		{"semicolons, seconds", []byte("E-Mail;Name;Duration (seconds)\nann@x.example;Ann;90\nbob@x.example;Bob;30\nann@x.example;Ann;60\n"), "ann@x.example:150,bob@x.example:30", 0, ""},
		{"join and leave only", []byte("Full Name\tEmail\tJoin time\tLeave time\nAnn\tann@x.example\t12/1/26, 2:00:00 PM\t12/1/26, 2:45:30 PM\n"), "ann@x.example:2730", 0, ""},
		{"UTF-16 big endian", utf16be("email\tminutes\r\nÄnne@x.example\t3\r\n"), "änne@x.example:180", 0, ""},
		{"UPN when no email", []byte("Name,Participant ID (UPN),Duration\nAnn,Ann@X.example,1m\nGuest,,5m\n"), "ann@x.example:60", 1, ""},
		{"no report", []byte("name,company\nAnn,X\n"), "", 0, "no table"},
		{"not text", []byte{0xC3, 0x28, 0x0A}, "", 0, "not UTF-8"},
	} {
		got, noEmail, err := ParseAttendance(c.data)
		if c.err != "" {
			if crm.ErrorCode(err) != crm.EINVALID || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: %v, want %q", c.name, err, c.err)
			}
			continue
		}
		var parts []string
		for _, a := range got {
			parts = append(parts, a.Email+":"+strconv.Itoa(a.Seconds))
		}
		if err != nil || strings.Join(parts, ",") != c.want || noEmail != c.noEmail {
			t.Errorf("%s: %v %d %v, want %s %d", c.name, parts, noEmail, err, c.want, c.noEmail)
		}
	}
}
