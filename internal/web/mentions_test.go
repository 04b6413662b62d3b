package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// postJSON sends body to path with a bearer token and returns the status
// and the response body.
func (f *fixture) postJSON(t *testing.T, token, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.ts.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func hostileJSON() string {
	b, _ := json.Marshal(hostile + " Why is my order late again?")
	return string(b)
}

func TestMentionsAPI(t *testing.T) {
	f := newFixture(t)
	staff, viewer := f.token(t, crm.RoleStaff), f.token(t, crm.RoleViewer)
	batch := `[{"platform":"Twitter","id":"t-1","author_handle":"@Angry_Customer","text":` + hostileJSON() + `,"posted_at":"2026-11-20T10:00:00Z"},
		{"platform":"linkedin","url":"https://www.linkedin.com/feed/update/1","author_name":"Jo","text":"Great service, thank you!","posted_at":"2026-11-21 09:00"}]`
	if code, body := f.postJSON(t, viewer, "/api/v1/mentions", batch); code != http.StatusForbidden {
		t.Errorf("viewer posted mentions: %d %s", code, body)
	}
	code, body := f.postJSON(t, staff, "/api/v1/mentions", batch)
	if code != http.StatusOK || body != `{"inserted":2,"updated":0,"unchanged":0}`+"\n" {
		t.Fatalf("post: %d %s", code, body)
	}
	if code, body = f.postJSON(t, staff, "/api/v1/mentions", batch); body != `{"inserted":0,"updated":0,"unchanged":2}`+"\n" {
		t.Errorf("again: %d %s", code, body)
	}
	// One object alone is a batch of one.
	if code, body = f.postJSON(t, staff, "/api/v1/mentions", `{"platform":"x","id":"t-9","text":"Hello?","posted_at":"1795425300"}`); code != http.StatusOK ||
		!strings.Contains(body, `"inserted":1`) {
		t.Errorf("one object: %d %s", code, body)
	}
	// A bad item fails the whole batch, naming the item and field.
	bad := `[{"platform":"x","id":"t-2","text":"fine","posted_at":"2026-11-20"},{"platform":"x","id":"t-3","text":"","posted_at":"2026-11-20"}]`
	if code, body = f.postJSON(t, staff, "/api/v1/mentions", bad); code != http.StatusBadRequest || !strings.Contains(body, "request:2: text: missing") {
		t.Errorf("bad item: %d %s", code, body)
	}
	if code, body = f.postJSON(t, staff, "/api/v1/mentions", `{"platform":"x","id":"t-4","text":"x","posted_at":"2026-11-20","mood":"sad"}`); code != http.StatusBadRequest ||
		!strings.Contains(body, `request:1: unknown field \"mood\"`) {
		t.Errorf("unknown field: %d %s", code, body)
	}
	var list mentionList
	req, _ := http.NewRequest(http.MethodGet, f.ts.URL+"/api/v1/mentions?unmatched=true", nil)
	req.Header.Set("Authorization", "Bearer "+viewer)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(res.Body).Decode(&list)
	res.Body.Close()
	if list.Total != 3 || len(list.Items) != 3 {
		t.Fatalf("unmatched: %+v", list)
	}
	var angry crm.Mention
	for _, m := range list.Items {
		if m.ExternalID == "t-1" {
			angry = m
		}
	}
	if angry.AuthorHandle != "angry_customer" || angry.Platform != "x" || angry.Label != "negative" || angry.Care != crm.CareOpen {
		t.Errorf("stored: %+v", angry)
	}
	code, body = f.postJSON(t, staff, "/api/v1/mentions/"+strconv.FormatInt(angry.ID, 10)+"/match", `{"account_id":`+strconv.FormatInt(f.accountID, 10)+`}`)
	if code != http.StatusOK || !strings.Contains(body, `"match_method":"hand"`) {
		t.Errorf("match: %d %s", code, body)
	}
	if code, _ = f.postJSON(t, staff, "/api/v1/mentions/999999/match", `{"account_id":1}`); code != http.StatusNotFound {
		t.Errorf("match unknown: %d", code)
	}
}

// TestListeningPages: mention texts are escaped on every page that shows
// them; matching by hand and the care queue's forms work without
// JavaScript and are audited.
func TestListeningPages(t *testing.T) {
	f := newFixture(t)
	token := f.token(t, crm.RoleStaff)
	if code, body := f.postJSON(t, token, "/api/v1/mentions",
		`{"platform":"x","id":"h-1","author_handle":"@hostile","text":`+hostileJSON()+`,"posted_at":"2026-11-20T10:00:00Z"}`); code != http.StatusOK {
		t.Fatalf("post: %d %s", code, body)
	}
	staff := f.client(t, crm.RoleStaff)
	escaped := func(path string) {
		t.Helper()
		code, body := get(t, staff, f.ts.URL+path)
		if code != http.StatusOK {
			t.Fatalf("%s: %d", path, code)
		}
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("%s: unescaped HTML from a mention", path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
			t.Errorf("%s: the mention text is not shown escaped", path)
		}
	}
	escaped("/mentions/unmatched")
	escaped("/care")

	ctx := crm.WithActor(context.Background(), crm.Operator)
	ms, _, err := f.st.ListMentions(ctx, store.MentionQuery{})
	if err != nil || len(ms) != 1 {
		t.Fatalf("mentions: %v %v", ms, err)
	}
	id := strconv.FormatInt(ms[0].ID, 10)
	res, err := staff.PostForm(f.ts.URL+"/mentions/"+id+"/match", url.Values{"account": {"Brandt KG"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("match by name: %d", res.StatusCode)
	}
	res, _ = staff.PostForm(f.ts.URL+"/mentions/"+id+"/match", url.Values{"account": {"No Such Company"}})
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("match to an unknown account: %d", res.StatusCode)
	}
	m, _ := f.st.Mention(ctx, ms[0].ID)
	dir, _ := f.st.Directory(ctx)
	for _, d := range dir {
		if d.Name == "Brandt KG" && m.AccountID != d.ID {
			t.Errorf("matched to %d, want Brandt KG %d", m.AccountID, d.ID)
		}
	}
	settled(t, staff, f.ts.URL)
	escaped("/listening")
	escaped("/accounts/" + strconv.FormatInt(m.AccountID, 10))

	// Reply and resolve through the queue's form.
	res, _ = staff.PostForm(f.ts.URL+"/care/"+id, url.Values{"action": {"reply"}, "note": {"Apologised " + hostile}, "resolve": {"1"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d", res.StatusCode)
	}
	if m, _ = f.st.Mention(ctx, ms[0].ID); m.Care != crm.CareResolved || !strings.HasPrefix(m.ReplyNote, "Apologised") {
		t.Errorf("after reply: %+v", m)
	}
	_, body := get(t, staff, f.ts.URL+"/care")
	if strings.Contains(body, `id="m`+id+`"`) {
		t.Error("a resolved mention is still in the queue")
	}
	res, _ = staff.PostForm(f.ts.URL+"/care/"+id, url.Values{"action": {"reply"}, "note": {"  "}})
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("empty reply: %d", res.StatusCode)
	}
	entries, _, _ := f.st.Audit(ctx, store.AuditFilter{Entity: "mention", EntityID: ms[0].ID})
	if len(entries) != 2 || entries[0].Action != "care" || entries[1].Action != "match" {
		t.Errorf("audit: %+v", entries)
	}
	// Targets: admins only.
	admin := f.client(t, crm.RoleAdmin)
	res, _ = admin.PostForm(f.ts.URL+"/care/targets", url.Values{"care_target_hours_a": {"2"}})
	res.Body.Close()
	if tg, _ := f.st.CareTargets(ctx); res.StatusCode != http.StatusSeeOther || tg["A"] != 2 {
		t.Errorf("targets: %d %v", res.StatusCode, tg)
	}
	res, _ = staff.PostForm(f.ts.URL+"/care/targets", url.Values{"care_target_hours_a": {"3"}})
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("staff set a target: %d", res.StatusCode)
	}
}
