package cli_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

const listeningContacts = "Kundennummer;Kunde;Name;E-Mail;LinkedIn\n" +
	"K1;Acme Antriebstechnik GmbH;Jane Doe;jane@acme.de;https://www.linkedin.com/in/Jane-Doe/\n" +
	"K2;Brandt Maschinenbau KG;Otto Brandt;otto@brandt-mb.de;\n"

// German headers, a handle as a profile URL, a time with a zone.
const listeningMentions = "Plattform;Beitrags-ID;Benutzername;Autor;E-Mail;Text;Datum\n" +
	"LinkedIn;li-1;https://www.linkedin.com/in/jane-doe;Jane Doe;;Die Lieferung kam wieder zu spät, sehr ärgerlich!;20.11.2026 09:15\n" +
	"Twitter;tw-2;@Fremder;;otto@brandt-mb.de;Great support, thank you!;2026-11-21T10:00:00+01:00\n" +
	"X;tw-3;@someone;Some One;;Does anyone know a good supplier for spindles?;2026-11-22 08:00\n"

func openStore(t *testing.T, db string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestImportMentions(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			if _, stderr, code := vf(t, db, "import", "contacts", writeFile(t, "contacts.csv", listeningContacts)); code != 0 {
				t.Fatalf("contacts: %s", stderr)
			}
			file := writeFile(t, "mentions.csv", listeningMentions)
			if out, stderr, code := vf(t, db, "import", "mentions", file, "--dry-run"); code != 0 ||
				!strings.Contains(out, "3 inserted, 0 updated, 0 unchanged, 0 rejected (dry run: nothing written)") {
				t.Fatalf("dry run (exit %d): %s %s", code, out, stderr)
			}
			out, stderr, code := vf(t, db, "import", "mentions", file)
			if code != 0 || !strings.Contains(out, file+": 3 inserted, 0 updated, 0 unchanged, 0 rejected") {
				t.Fatalf("import (exit %d): %s %s", code, out, stderr)
			}
			out, _, _ = vf(t, db, "import", "mentions", file, "--json")
			var sum struct{ Inserted, Updated, Unchanged int }
			if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Unchanged != 3 || sum.Inserted != 0 {
				t.Fatalf("re-import: %s", out)
			}
			st := openStore(t, db)
			ms, n, err := st.ListMentions(crm.WithActor(context.Background(), crm.Operator), store.MentionQuery{})
			if err != nil || n != 3 {
				t.Fatalf("stored: %d %v", n, err)
			}
			got := map[string]crm.Mention{}
			for _, m := range ms {
				got[m.ExternalID] = m
			}
			li, tw, x := got["li-1"], got["tw-2"], got["tw-3"]
			if li.Platform != "linkedin" || li.AuthorHandle != "jane-doe" || li.MatchMethod != crm.MatchHandle || li.AccountID == 0 ||
				li.Lang != "de" || li.Label != "negative" || li.Care != crm.CareOpen || li.PostedAt.Format("2006-01-02 15:04") != "2026-11-20 09:15" {
				t.Errorf("li-1: %+v", li)
			}
			if tw.Platform != "x" || tw.AuthorHandle != "fremder" || tw.MatchMethod != crm.MatchEmail || tw.Lang != "en" ||
				tw.Label != "positive" || tw.Care != crm.CareNone || tw.PostedAt.Format("2006-01-02 15:04") != "2026-11-21 09:00" {
				t.Errorf("tw-2: %+v", tw)
			}
			if x.AccountID != 0 || x.MatchMethod != "" || x.Care != crm.CareOpen { // a question
				t.Errorf("tw-3: %+v", x)
			}
		})
	}
}

func TestImportMentionsRefusesBadRows(t *testing.T) {
	db := databases(t)["sqlite"]
	bad := "platform,id,handle,text,date\n" +
		"x,1,@ok,fine,2026-11-20\n" +
		",2,@ok,no platform,2026-11-20\n" +
		"x,,@ok,no id,2026-11-20\n" +
		"x,4,@ok,,2026-11-20\n" +
		"x,5,@ok,bad time,2026-11-20 25:00\n" +
		"x,6,has space,bad handle,2026-11-20\n"
	file := writeFile(t, "bad.csv", bad)
	_, stderr, code := vf(t, db, "import", "mentions", file)
	if code != 2 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		file + ":3: platform: missing",
		file + ":4: id: missing (need an id or a url)",
		file + ":5: text: missing",
		file + `:6: posted_at: not a time of day: "2026-11-20 25:00"`,
		file + `:7: author_handle: not a handle: "has space"`,
		"nothing was written",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	st := openStore(t, db)
	if _, n, _ := st.ListMentions(crm.WithActor(context.Background(), crm.Operator), store.MentionQuery{}); n != 0 {
		t.Fatalf("a refused import wrote %d mentions", n)
	}
	out, _, code := vf(t, db, "import", "mentions", file, "--skip-invalid")
	if code != 0 || !strings.Contains(out, "1 inserted, 0 updated, 0 unchanged, 5 rejected") {
		t.Fatalf("skip-invalid (exit %d): %s", code, out)
	}
	// JSON Lines, with a missing required column named.
	_, stderr, code = vf(t, db, "import", "mentions", writeFile(t, "m.jsonl", `{"platform":"x","id":"9","text":"hi"}`+"\n"))
	if code != 2 || !strings.Contains(stderr, `no column for "posted_at" (required)`) {
		t.Errorf("jsonl without date (exit %d): %s", code, stderr)
	}
	out, stderr, code = vf(t, db, "import", "mentions", writeFile(t, "m.jsonl",
		`{"platform":"Instagram","url":"https://instagram.com/p/abc","username":"@Shop.Fan","message":"Love it 😍","created_at":"1795425300"}`+"\n"))
	if code != 0 || !strings.Contains(out, "1 inserted") {
		t.Fatalf("jsonl (exit %d): %s %s", code, out, stderr)
	}
}
