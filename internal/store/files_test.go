package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestFileContentType: what a file is kept as comes from its bytes, on
// the allow list only; a page or a script is bytes.
func TestFileContentType(t *testing.T) {
	zip := []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")
	ole := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"datasheet.pdf", []byte("%PDF-1.7\n..."), "application/pdf"},
		{"x.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png"},
		{"x.jpg", []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF"), "image/jpeg"},
		{"x.gif", []byte("GIF89a\x01\x00\x01\x00"), "image/gif"},
		{"x.webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), "image/webp"},
		{"readme.txt", []byte("Torque: 12 Nm\n"), "text/plain; charset=utf-8"},
		{"prices.csv", []byte("item,price\nBR-100,12.50\n"), "text/csv; charset=utf-8"},
		{"manual.zip", zip, "application/zip"},
		{"offer.docx", zip, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"prices.xlsx", zip, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"old.doc", ole, "application/msword"},
		{"old.xls", ole, "application/vnd.ms-excel"},
		{"a.docx", []byte("%PDF-1.7\n"), "application/pdf"}, // the bytes decide
		{"page.html", []byte("<!DOCTYPE html><script>alert(1)</script>"), "application/octet-stream"},
		{"page.pdf", []byte("<html><body onload=alert(1)>"), "application/octet-stream"},
		{"logo.svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "application/octet-stream"},
		{"x.doc", zip, "application/zip"},
		{"tool.exe", []byte("MZ\x90\x00\x03\x00\x00\x00"), "application/octet-stream"},
	} {
		if got := store.FileContentType(c.name, c.data); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestSpaceFiles: staff keep files in a space, up to the size of one and
// the total of a space; whoever sees the space lists and reads them; for
// anyone else, and through another space, a file is not found with the
// error of a missing one.
func TestSpaceFiles(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		op := crm.WithActor(context.Background(), crm.Operator)
		sp, err := st.CreateSpace(op, "A customers", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelSee}})
		if err != nil {
			t.Fatal(err)
		}
		other, err := st.CreateSpace(op, "Birch", []crm.Grant{{Kind: "account", Value: itoa(w.b), Level: crm.LevelSee}})
		if err != nil {
			t.Fatal(err)
		}
		viewer := crm.WithActor(context.Background(), crm.Actor{UserID: 7, Name: "vera", Role: crm.RoleViewer, Scope: crm.AllAccounts()})
		if _, err := st.AddSpaceFile(viewer, sp.ID, "x.txt", []byte("x")); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a viewer uploads: %v", err)
		}
		if _, err := st.AddSpaceFile(op, 99999999, "x.txt", []byte("x")); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("to a missing space: %v", err)
		}
		for _, bad := range [][]byte{nil, make([]byte, crm.MaxFileSize+1)} {
			if _, err := st.AddSpaceFile(op, sp.ID, "x.bin", bad); crm.ErrorCode(err) != crm.EINVALID {
				t.Errorf("a file of %d bytes: %v", len(bad), err)
			}
		}
		data := []byte("%PDF-1.4\nMT-4 datasheet\n")
		f, err := st.AddSpaceFile(op, sp.ID, `..\..\Windows\"MT-4"`+"\u202e"+`fdp.exe`, data)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if f.Name != "MT-4fdp.exe" || f.ContentType != "application/pdf" || f.Size != int64(len(data)) || f.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("the file kept: %+v", f)
		}
		if g, err := st.AddSpaceFile(op, sp.ID, "  ", []byte("hello")); err != nil || g.Name != "file" {
			t.Errorf("a file without a name: %+v %v", g, err)
		}
		inOther, err := st.AddSpaceFile(op, other.ID, "birch.txt", []byte("Birch only"))
		if err != nil {
			t.Fatal(err)
		}

		as := func(c crm.Contact, tier string) context.Context {
			return crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: c.ID, AccountID: c.AccountID, Email: c.Name}, tier))
		}
		a1, b1 := as(w.a1, "A"), as(w.b1, "C")
		list, err := st.SpaceFiles(a1, sp.ID)
		if err != nil || len(list) != 2 || list[0].Name != "MT-4fdp.exe" || list[1].Name != "file" || list[0].Data != nil {
			t.Fatalf("a1's files: %+v %v", list, err)
		}
		got, err := st.SpaceFile(a1, sp.ID, f.ID)
		if err != nil || !bytes.Equal(got.Data, data) || got.ContentType != "application/pdf" || got.SHA256 != f.SHA256 || got.UploadedBy != f.UploadedBy {
			t.Errorf("a1 reads the file: %+v %v", got, err)
		}
		_, missing := st.SpaceFile(a1, sp.ID, 99999999)
		if missing == nil || missing.Error() != "no such file" {
			t.Fatalf("a missing file: %v", missing)
		}
		for name, x := range map[string]struct {
			ctx           context.Context
			space, fileID int64
		}{
			"b1, A's file":                  {b1, sp.ID, f.ID},
			"b1, A's file through Birch":    {b1, other.ID, f.ID},
			"a1, Birch's file through A's":  {a1, sp.ID, inOther.ID},
			"a1, Birch's file":              {a1, other.ID, inOther.ID},
			"staff, Birch's file through A": {op, sp.ID, inOther.ID},
		} {
			if _, err := st.SpaceFile(x.ctx, x.space, x.fileID); err == nil || err.Error() != missing.Error() || crm.ErrorCode(err) != crm.ENOTFOUND {
				t.Errorf("%s: %v, not the missing file's error", name, err)
			}
		}
		if _, err := st.SpaceFiles(b1, sp.ID); err == nil || err.Error() != "no such space" {
			t.Errorf("b1 lists A's files: %v", err)
		}
		if got, err := st.SpaceFile(b1, other.ID, inOther.ID); err != nil || string(got.Data) != "Birch only" {
			t.Errorf("b1 reads Birch's file: %v", err)
		}

		// The total of a space.
		defer store.SetMaxSpaceFileBytes(int64(len(data)) + 5 + 100)()
		if _, err := st.AddSpaceFile(op, sp.ID, "fits.txt", bytes.Repeat([]byte("a"), 100)); err != nil {
			t.Errorf("up to the total: %v", err)
		}
		if _, err := st.AddSpaceFile(op, sp.ID, "over.txt", []byte("b")); crm.ErrorCode(err) != crm.EINVALID || !strings.Contains(err.Error(), "together") {
			t.Errorf("a byte over the total: %v", err)
		}
		if _, err := st.AddSpaceFile(op, other.ID, "fits.txt", bytes.Repeat([]byte("c"), 100)); err != nil {
			t.Errorf("another space has its own total: %v", err)
		}
	})
}

// TestImportAttendance: an attendance report's e-mails are matched to
// the contacts the staff member sees; each matched contact's minutes (two
// addresses of one person summed) are on their registration, made when
// they had none, and on one touchpoint of their account; importing again
// adds nothing and changes the minutes.
func TestImportAttendance(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		w := newPortalWorld(t, st)
		ctx := context.Background()
		op := crm.WithActor(ctx, crm.Operator)
		sp, err := st.CreateSpace(op, "A customers", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelSee}})
		if err != nil {
			t.Fatal(err)
		}
		newEvent := func(title string) crm.Event {
			e, err := st.CreateEvent(op, crm.Event{SpaceID: sp.ID, Title: title, Kind: crm.EventWebinar, StartsAt: time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC), Minutes: 60})
			if err != nil {
				t.Fatal(err)
			}
			return e
		}
		e := newEvent("MT-4 firmware 2.1")
		a1 := crm.WithActor(ctx, crm.PortalActor(crm.PortalContact{ContactID: w.a1.ID, AccountID: w.a, Email: "a1@alder.example"}, "A"))
		if _, err := st.RegisterForEvent(a1, sp.ID, e.ID); err != nil {
			t.Fatal(err)
		}
		report := []crm.Attendee{
			{Email: "a1@alder.example", Seconds: 30 * 60},
			{Email: "A1@Alder.example", Seconds: 15 * 60}, // the same person, again
			{Email: "a2@alder.example", Seconds: 10},      // a moment: 1 min
			{Email: "b1@birch.example", Seconds: 20*60 + 29},
			{Email: "stranger@nowhere.example", Seconds: 600},
			{Email: "zero@alder.example", Seconds: 0}, // never there
		}
		res, err := st.ImportAttendance(op, sp.ID, e.ID, "zoom.csv", report, 1)
		want := crm.AttendanceResult{EventID: e.ID, Attended: 4, NoEmail: 1, Contacts: 3, Accounts: 2, New: 3, Unknown: []string{"stranger@nowhere.example"}}
		if err != nil || !sameResult(res, want) {
			t.Fatalf("import: %+v %v, want %+v", res, err, want)
		}
		timeline := func(account int64) map[string]int {
			t.Helper()
			tps, _, err := st.ListTouchpoints(op, store.TouchpointQuery{AccountID: account, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, tp := range tps {
				if strings.HasPrefix(tp.Subject, "Attended: ") {
					if tp.Kind != crm.EventWebinar || tp.Department != "marketing" || tp.EffortMinutes != 0 || !tp.OccurredAt.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) {
						t.Errorf("touchpoint %+v", tp)
					}
					out[tp.Subject+" #"+itoa(tp.ContactID)]++
				}
			}
			return out
		}
		check := func(when string, wantA, wantB map[string]int) {
			t.Helper()
			if got := timeline(w.a); !equalCounts(got, wantA) {
				t.Errorf("%s: A's timeline %v, want %v", when, got, wantA)
			}
			if got := timeline(w.b); !equalCounts(got, wantB) {
				t.Errorf("%s: B's timeline %v, want %v", when, got, wantB)
			}
		}
		a1s, a2s, b1s := " #"+itoa(w.a1.ID), " #"+itoa(w.a2.ID), " #"+itoa(w.b1.ID)
		check("the import", map[string]int{"Attended: MT-4 firmware 2.1 (45 min)" + a1s: 1, "Attended: MT-4 firmware 2.1 (1 min)" + a2s: 1},
			map[string]int{"Attended: MT-4 firmware 2.1 (20 min)" + b1s: 1})
		if got, err := st.Event(op, sp.ID, e.ID); err != nil || got.Registrations != 3 || got.Attended != 3 {
			t.Errorf("the event's counts: %+v %v", got, err)
		}
		// Again: nothing new. Then other minutes for a1: the touchpoint follows.
		if res, err := st.ImportAttendance(op, sp.ID, e.ID, "zoom.csv", report, 1); err != nil || res.New != 0 || res.Contacts != 3 {
			t.Errorf("the import again: %+v %v", res, err)
		}
		if _, err := st.ImportAttendance(op, sp.ID, e.ID, "fix.csv", []crm.Attendee{{Email: "a1@alder.example", Seconds: 50 * 60}}, 0); err != nil {
			t.Fatal(err)
		}
		check("another report", map[string]int{"Attended: MT-4 firmware 2.1 (50 min)" + a1s: 1, "Attended: MT-4 firmware 2.1 (1 min)" + a2s: 1},
			map[string]int{"Attended: MT-4 firmware 2.1 (20 min)" + b1s: 1})

		// A staff member who sees only her own accounts (A's) matches no one
		// else: B's contact is unknown to her, and B's timeline unchanged.
		if _, err := st.UpdateAccount(op, w.a, func(a *crm.Account) error { a.Owner = "Petra"; return nil }); err != nil {
			t.Fatal(err)
		}
		petra := crm.WithActor(ctx, crm.Actor{UserID: 99, Name: "petra", Role: crm.RoleStaff, Scope: crm.OwnedBy("Petra")})
		e2 := newEvent("Pumps")
		res, err = st.ImportAttendance(petra, sp.ID, e2.ID, "x.csv", report, 0)
		want = crm.AttendanceResult{EventID: e2.ID, Attended: 4, Contacts: 2, Accounts: 1, New: 2, Unknown: []string{"b1@birch.example", "stranger@nowhere.example"}}
		if err != nil || !sameResult(res, want) {
			t.Errorf("Petra's import: %+v %v, want %+v", res, err, want)
		}
		if got := timeline(w.b); got["Attended: Pumps (20 min)"+b1s] != 0 {
			t.Errorf("Petra's import wrote on B's timeline: %v", got)
		}

		// A portal contact imports nothing; one who does not see the space
		// hears of no event.
		if _, err := st.ImportAttendance(a1, sp.ID, e.ID, "x.csv", report, 0); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("a1 imports: %v", err)
		}
		b1 := crm.WithActor(ctx, crm.PortalActor(crm.PortalContact{ContactID: w.b1.ID, AccountID: w.b, Email: "b1@birch.example"}, "C"))
		if _, err := st.ImportAttendance(b1, sp.ID, e.ID, "x.csv", report, 0); err == nil || err.Error() != "no such event" {
			t.Errorf("b1 imports: %v", err)
		}
		if _, err := st.ImportAttendance(op, sp.ID, 99999999, "x.csv", report, 0); err == nil || err.Error() != "no such event" {
			t.Errorf("a missing event: %v", err)
		}
	})
}

func sameResult(a, b crm.AttendanceResult) bool {
	return a.EventID == b.EventID && a.Attended == b.Attended && a.NoEmail == b.NoEmail && a.Contacts == b.Contacts &&
		a.Accounts == b.Accounts && a.New == b.New && strings.Join(a.Unknown, ",") == strings.Join(b.Unknown, ",")
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
