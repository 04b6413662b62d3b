package web

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// postFile posts data as the file named name of a multipart form to path.
func postFile(t *testing.T, c *http.Client, base, path, name string, data []byte) (*http.Response, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	res, err := c.Post(base+path, mw.FormDataContentType(), &b)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func TestSpaceFiles(t *testing.T) { onDatabases(t, testSpaceFiles) }

// testSpaceFiles: staff upload a datasheet to the tier-A space; a1 finds
// it on the space's page and downloads the same bytes, as an attachment
// with its name escaped, nosniff, the sniffed type, never cached; an HTML
// file is served as bytes, never as a page; a file over 20 MiB is
// refused; b1 (tier C) gets the missing page for it, and a1 gets it for a
// file of another space, by either space's path.
func testSpaceFiles(t *testing.T, dsn string) {
	w := newPortalWorld(t, dsn)
	base := w.f.ts.URL
	sp := strconv.FormatInt(w.space, 10)
	pdf := append([]byte("%PDF-1.4\n% MT-4 datasheet\n"), bytes.Repeat([]byte{0xE2, 0x00, 0x17}, 5000)...)

	res, _ := postFile(t, w.staffC, base, "/spaces/"+sp+"/files", `C:\Users\sam\MT-4 Datenblatt "v2"; ü.pdf`, pdf)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/spaces/"+sp+"#files" {
		t.Fatalf("upload: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, body := postFile(t, w.staffC, base, "/spaces/"+sp+"/files", "evil.html", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload the html: %d %s", res.StatusCode, mainOf(body))
	}
	big := bytes.Repeat([]byte("x"), crm.MaxFileSize+1)
	if res, body := postFile(t, w.staffC, base, "/spaces/"+sp+"/files", "big.txt", big); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "larger than 20 MiB") {
		t.Errorf("a file of 20 MiB and a byte: %d %s", res.StatusCode, mainOf(body))
	}
	if res, _ := postFile(t, w.f.client(t, crm.RoleViewer), base, "/spaces/"+sp+"/files", "v.txt", []byte("hi")); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer uploads: %d", res.StatusCode)
	}
	// A cross-origin upload is refused, as every cross-origin form post.
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreateFormFile("file", "csrf.txt")
	fw.Write([]byte("from elsewhere"))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, base+"/spaces/"+sp+"/files", &form)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res, err := w.staffC.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-origin upload: %v %v", res, err)
	} else {
		res.Body.Close()
	}

	a1, b1 := w.accept(t, w.tokA, "a1's long password"), w.accept(t, w.tokB, "b1's long password")
	_, missing := w.get(t, b1, "/portal/spaces/99999999")
	code, body := w.get(t, a1, "/portal/spaces/"+sp)
	m := regexp.MustCompile(`href="(/portal/spaces/` + sp + `/files/(\d+)/([^"]+))" download>MT-4 Datenblatt v2; ü.pdf</a>`).FindStringSubmatch(body)
	if code != http.StatusOK || m == nil || strings.Contains(body, "big.txt") || strings.Contains(body, "csrf.txt") {
		t.Fatalf("a1's space lists the files: %d %s", code, mainOf(body))
	}
	if m[3] != "MT-4%20Datenblatt%20v2%3B%20%C3%BC.pdf" {
		t.Errorf("the link's name: %q", m[3])
	}
	download := func(c *http.Client, path string) (*http.Response, []byte) {
		t.Helper()
		res, err := c.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, b
	}
	res, got := download(a1, m[1])
	for h, want := range map[string]string{
		"Content-Type":           "application/pdf",
		"Content-Disposition":    `attachment; filename="MT-4 Datenblatt v2_ _.pdf"; filename*=UTF-8''MT-4%20Datenblatt%20v2%3B%20%C3%BC.pdf`,
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "private, no-store",
	} {
		if res.Header.Get(h) != want {
			t.Errorf("a1's download: %s %q, want %q", h, res.Header.Get(h), want)
		}
	}
	if res.StatusCode != http.StatusOK || !bytes.Equal(got, pdf) {
		t.Errorf("a1's download: %d, %d bytes, want the %d uploaded", res.StatusCode, len(got), len(pdf))
	}
	// The staff's download: the same bytes.
	fileA := m[2]
	if res, got := download(w.staffC, "/spaces/"+sp+"/files/"+fileA); res.StatusCode != http.StatusOK || !bytes.Equal(got, pdf) ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("the staff's download: %d %d bytes", res.StatusCode, len(got))
	}
	// The HTML file: bytes to save, never a page.
	hm := regexp.MustCompile(`href="(/portal/spaces/` + sp + `/files/\d+/evil.html)"`).FindStringSubmatch(body)
	if hm == nil {
		t.Fatalf("no link to evil.html: %s", mainOf(body))
	}
	if res, got := download(a1, hm[1]); res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/octet-stream" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") || !bytes.Contains(got, []byte("<script>")) {
		t.Errorf("the HTML file: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}

	// Another space, for tier C; a file in it.
	op := crm.WithActor(context.Background(), crm.Operator)
	other, err := w.f.st.CreateSpace(op, "Small customers", []crm.Grant{{Kind: "tier", Value: "C", Level: crm.LevelSee}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := w.f.st.AddSpaceFile(crm.WithActor(context.Background(), crm.ActorOf(w.f.users[crm.RoleStaff])), other.ID, "price list.csv", []byte("item,price\nBR-100,12.50\n"))
	if err != nil || f.ContentType != "text/csv; charset=utf-8" {
		t.Fatalf("a file of the other space: %+v %v", f, err)
	}
	osp, ofile := strconv.FormatInt(other.ID, 10), strconv.FormatInt(f.ID, 10)
	if res, got := download(b1, "/portal/spaces/"+osp+"/files/"+ofile+"/price%20list.csv"); res.StatusCode != http.StatusOK || string(got) != "item,price\nBR-100,12.50\n" {
		t.Errorf("b1's download in their space: %d %q", res.StatusCode, got)
	}
	for _, x := range []struct {
		c    *http.Client
		path string
	}{
		{b1, m[1]}, // A's file
		{b1, "/portal/spaces/" + osp + "/files/" + fileA + "/x.pdf"},            // A's file through b1's space
		{a1, "/portal/spaces/" + sp + "/files/" + ofile + "/price%20list.csv"},  // the other space's file through A's
		{a1, "/portal/spaces/" + osp + "/files/" + ofile + "/price%20list.csv"}, // a space a1 does not see
		{a1, "/portal/spaces/" + sp + "/files/99999999/x.pdf"},
		{a1, "/portal/spaces/" + sp + "/files/x/x.pdf"},
	} {
		if code, body := w.get(t, x.c, x.path); code != http.StatusNotFound || body != missing {
			t.Errorf("GET %s: %d, not byte for byte the missing page", x.path, code)
		}
	}
	if code, body := w.get(t, b1, "/portal/spaces/"+osp); code != http.StatusOK || strings.Contains(body, "Datenblatt") {
		t.Errorf("b1's space lists A's file: %d", code)
	}
	if code, _ := get(t, w.staffC, base+"/spaces/"+sp+"/files/"+ofile); code != http.StatusNotFound {
		t.Errorf("the staff's download of a file through another space: %d", code)
	}
	// The upload is audited, without its bytes.
	id, _ := strconv.ParseInt(fileA, 10, 64)
	es, _, err := w.f.st.Audit(op, store.AuditFilter{Entity: "space_file", EntityID: id})
	if err != nil || len(es) != 1 || es[0].Action != "create" || bytes.Contains(es[0].After, []byte("datasheet")) {
		t.Errorf("the upload's audit: %+v %v", es, err)
	}

	// Staff remove a file: gone for everyone, its room free again; not
	// through another space, not by a viewer.
	post := func(c *http.Client, path string) int {
		res, err := c.PostForm(base+path, url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := post(w.f.client(t, crm.RoleViewer), "/spaces/"+sp+"/files/"+fileA+"/delete"); code != http.StatusForbidden {
		t.Errorf("a viewer removes a file: %d", code)
	}
	if code := post(w.staffC, "/spaces/"+osp+"/files/"+fileA+"/delete"); code != http.StatusNotFound {
		t.Errorf("removing A's file through another space: %d", code)
	}
	if code := post(w.staffC, "/spaces/"+sp+"/files/"+fileA+"/delete"); code != http.StatusSeeOther {
		t.Fatalf("remove a file: %d", code)
	}
	if code, body := w.get(t, a1, m[1]); code != http.StatusNotFound || body != missing {
		t.Errorf("a removed file: %d", code)
	}
	if es, _, err := w.f.st.Audit(op, store.AuditFilter{Entity: "space_file", EntityID: id}); err != nil || len(es) != 2 || es[0].Action != "delete" {
		t.Errorf("the removal's audit: %+v %v", es, err)
	}
}

func TestAttendanceImport(t *testing.T) { onDatabases(t, testAttendanceImport) }

// testAttendanceImport: each layout of testdata/attendance is imported
// for an event of its own; the page reports who attended, matched to
// which contacts of how many accounts, and the unknown addresses; the
// attendees' accounts get one touchpoint each with the minutes worked by
// hand from the file. Importing again adds nothing; another report
// changes the minutes.
func testAttendanceImport(t *testing.T, dsn string) {
	w := newPortalWorld(t, dsn)
	base := w.f.ts.URL
	sp := strconv.FormatInt(w.space, 10)
	op := crm.WithActor(context.Background(), crm.Operator)
	staff := crm.WithActor(context.Background(), crm.ActorOf(w.f.users[crm.RoleStaff]))
	read := func(name string) []byte {
		b, err := os.ReadFile("testdata/attendance/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	teams := read("teams.tsv")
	units := utf16.Encode([]rune(strings.TrimPrefix(string(teams), "\uFEFF")))
	teams16 := []byte{0xFF, 0xFE}
	for _, u := range units {
		teams16 = binary.LittleEndian.AppendUint16(teams16, u)
	}
	a1 := w.accept(t, w.tokA, "a1's long password")

	for _, c := range []struct {
		file, title, kind string
		data              []byte
		report            string // the page's line
		unknown           []string
		minutes           map[int64]int // by account: the touchpoint's minutes
	}{
		{"zoom_participants.csv", "Zoom meeting", crm.EventVideoChat, nil,
			"Attendance of Zoom meeting: 3 attended, 2 contacts matched, 2 accounts, 2 new on the timelines, 1 without an e-mail address.",
			[]string{"host@vitalfew.example"}, map[int64]int{w.a: 45, w.b: 20}},
		{"zoom_attendee.csv", "Zoom webinar", crm.EventWebinar, nil,
			"Attendance of Zoom webinar: 2 attended, 1 contact matched, 1 account, 1 new on the timelines.",
			[]string{"carla@nowhere.example"}, map[int64]int{w.a: 47}},
		{"teams.tsv", "Teams call", crm.EventVideoChat, nil,
			"Attendance of Teams call: 3 attended, 2 contacts matched, 2 accounts, 2 new on the timelines.",
			[]string{"host@vitalfew.example"}, map[int64]int{w.a: 65, w.b: 45}},
		{"teams-utf16.tsv", "Teams call in UTF-16", crm.EventVideoChat, teams16,
			"Attendance of Teams call in UTF-16: 3 attended, 2 contacts matched, 2 accounts, 2 new on the timelines.",
			[]string{"host@vitalfew.example"}, map[int64]int{w.a: 65, w.b: 45}},
		{"google_meet.csv", "Meet call", crm.EventVideoChat, nil,
			"Attendance of Meet call: 3 attended, 2 contacts matched, 2 accounts, 2 new on the timelines.",
			[]string{"carla@nowhere.example"}, map[int64]int{w.a: 65, w.b: 38}},
		{"plain.csv", "Plain list", crm.EventWebinar, nil,
			"Attendance of Plain list: 2 attended, 1 contact matched, 1 account, 1 new on the timelines.",
			[]string{"nobody@nowhere.example"}, map[int64]int{w.a: 42}},
	} {
		t.Run(c.file, func(t *testing.T) {
			e, err := w.f.st.CreateEvent(staff, crm.Event{SpaceID: w.space, Title: c.title, Kind: c.kind, StartsAt: time.Now().Add(-2 * time.Hour), Minutes: 60})
			if err != nil {
				t.Fatal(err)
			}
			ev := strconv.FormatInt(e.ID, 10)
			if c.file == "zoom_participants.csv" { // a1 registered before; b1 did not
				res, err := a1.PostForm(base+"/portal/spaces/"+sp+"/events/"+ev+"/register", url.Values{})
				if err != nil || res.StatusCode != http.StatusSeeOther {
					t.Fatalf("a1 registers: %v", err)
				}
				res.Body.Close()
			}
			data := c.data
			if data == nil {
				data = read(c.file)
			}
			res, body := postFile(t, w.staffC, base, "/spaces/"+sp+"/events/"+ev+"/attendance", c.file, data)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, c.report) {
				t.Fatalf("import: %d %s", res.StatusCode, mainOf(body))
			}
			want := `<ul class="unknown"><li>` + strings.Join(c.unknown, "</li><li>") + `</li></ul>`
			if !strings.Contains(body, want) {
				t.Errorf("the unknown addresses, want %s: %s", want, mainOf(body))
			}
			check := func(when string) {
				t.Helper()
				for _, acc := range []int64{w.a, w.b} {
					tps, _, err := w.f.st.ListTouchpoints(op, store.TouchpointQuery{AccountID: acc, Limit: store.MaxPageSize})
					if err != nil {
						t.Fatal(err)
					}
					var got []crm.Touchpoint
					for _, tp := range tps {
						if strings.HasPrefix(tp.Subject, "Attended: "+c.title+" (") {
							got = append(got, tp)
						}
					}
					want, ok := c.minutes[acc]
					switch {
					case !ok && len(got) != 0:
						t.Errorf("%s: account %d has %+v", when, acc, got)
					case ok && len(got) != 1:
						t.Errorf("%s: account %d has %d attendance touchpoints, want 1", when, acc, len(got))
					case ok && (got[0].Subject != "Attended: "+c.title+" ("+strconv.Itoa(want)+" min)" || got[0].Kind != c.kind ||
						got[0].Department != "marketing" || got[0].EffortMinutes != 0):
						t.Errorf("%s: account %d: %+v, want %d min", when, acc, got[0], want)
					}
				}
				if got, err := w.f.st.Event(op, w.space, e.ID); err != nil || got.Attended != len(c.minutes) {
					t.Errorf("%s: %d attended, want %d (%v)", when, got.Attended, len(c.minutes), err)
				}
			}
			check("after the import")
			// Again: the same figures, nothing new.
			res, body = postFile(t, w.staffC, base, "/spaces/"+sp+"/events/"+ev+"/attendance", c.file, data)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, "0 new on the timelines") {
				t.Errorf("the import again: %d %s", res.StatusCode, mainOf(body))
			}
			check("after the import again")
		})
	}

	// Another report for an event: the minutes follow it, no new touchpoint.
	e, err := w.f.st.CreateEvent(staff, crm.Event{SpaceID: w.space, Title: "Changed", Kind: crm.EventWebinar, StartsAt: time.Now(), Minutes: 60})
	if err != nil {
		t.Fatal(err)
	}
	path := "/spaces/" + sp + "/events/" + strconv.FormatInt(e.ID, 10) + "/attendance"
	postFile(t, w.staffC, base, path, "zoom.csv", read("zoom_participants.csv"))
	if res, body := postFile(t, w.staffC, base, path, "plain.csv", read("plain.csv")); res.StatusCode != http.StatusOK || !strings.Contains(body, "0 new on the timelines") {
		t.Errorf("another report: %d %s", res.StatusCode, mainOf(body))
	}
	tps, _, err := w.f.st.ListTouchpoints(op, store.TouchpointQuery{AccountID: w.a, Limit: store.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, tp := range tps {
		if strings.HasPrefix(tp.Subject, "Attended: Changed") {
			subjects = append(subjects, tp.Subject)
		}
	}
	if len(subjects) != 1 || subjects[0] != "Attended: Changed (42 min)" {
		t.Errorf("A's attendance of Changed after another report: %q", subjects)
	}

	// Not a report; a missing event; a viewer.
	if res, body := postFile(t, w.staffC, base, path, "notes.csv", []byte("name,company\nAnna,Hostile\n")); res.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "no table with an e-mail and a duration") {
		t.Errorf("not a report: %d %s", res.StatusCode, mainOf(body))
	}
	if res, _ := postFile(t, w.staffC, base, "/spaces/"+sp+"/events/99999999/attendance", "plain.csv", read("plain.csv")); res.StatusCode != http.StatusNotFound {
		t.Errorf("a missing event: %d", res.StatusCode)
	}
	if res, _ := postFile(t, w.f.client(t, crm.RoleViewer), base, path, "plain.csv", read("plain.csv")); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer imports: %d", res.StatusCode)
	}
}
