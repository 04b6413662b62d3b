package cli_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/cli"
)

// npsJSON is `vitalfew report nps --json` as the contract has it.
type npsJSON struct {
	Responses, Promoters, Passives, Detractors int
	NPS                                        *float64
	MarginOfError                              *float64 `json:"margin_of_error"`
	TooFew                                     bool     `json:"too_few"`
	ByTier                                     []struct {
		Tier      string
		Responses int
		NPS       *float64
	} `json:"by_tier"`
}

// groups reads the by_segment, by_owner or by_quarter list of out as
// key → responses/NPS.
func groups(t *testing.T, out, key string) map[string][2]float64 {
	t.Helper()
	var m map[string]json.RawMessage
	var gs []struct {
		Key       string
		Responses int
		NPS       *float64
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil || json.Unmarshal(m[key], &gs) != nil {
		t.Fatalf("%s in %s", key, out)
	}
	res := map[string][2]float64{}
	for _, g := range gs {
		res[g.Key] = [2]float64{float64(g.Responses), *g.NPS}
	}
	return res
}

// TestSurveyCommands drives surveys as the contract has it: "survey
// create" from a template and from a file (a 13th question refused)
// prints {"id"}, "survey invite --json" prints {"url"} with the path
// /s/{token} and keeps the recontact rule unless --force, the invited
// contacts answer on the served pages with q1 … and finish=1 (a second
// submission 409), and "report nps --json" counts them by tier.
func TestSurveyCommands(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			examples := filepath.Join("..", "..", "examples")
			for _, f := range []struct{ kind, file string }{{"accounts", "clients.csv"}, {"orders", "invoices.csv"}, {"contacts", "contacts.csv"}} {
				if _, errOut, code := vf(t, db, "import", f.kind, filepath.Join(examples, f.file)); code != 0 {
					t.Fatalf("import %s: %s", f.file, errOut)
				}
			}
			// The report before any response: no NPS, the tiers there.
			out, errOut, code := vf(t, db, "report", "nps", "--json")
			var r npsJSON
			if code != 0 || json.Unmarshal([]byte(out), &r) != nil || r.Responses != 0 || r.NPS != nil || len(r.ByTier) != 3 || r.ByTier[0].Tier != "A" {
				t.Fatalf("report nps, empty: %d %s %s", code, out, errOut)
			}
			if !strings.Contains(out, `"nps":null`) {
				t.Errorf("nps is not null without responses: %s", out)
			}
			create := func(args ...string) int64 {
				t.Helper()
				out, errOut, code := vf(t, db, append([]string{"survey", "create", "--json"}, args...)...)
				var s struct{ ID int64 }
				if code != 0 || json.Unmarshal([]byte(out), &s) != nil || s.ID < 1 {
					t.Fatalf("survey create %v: %d %q %s", args, code, out, errOut)
				}
				return s.ID
			}
			npsID := create("--template", "nps", "--name", "Relationship NPS")
			create("--template", "post-project", "--name", "After the project")
			csatID := create("--template", "csat", "--name", "After the ticket")
			var qs []string
			for i := range 13 {
				qs = append(qs, fmt.Sprintf(`{"type":"yesno","text":"Question %d?"}`, i+1))
			}
			thirteen := writeFile(t, "thirteen.json", `{"name":"Too long","questions":[`+strings.Join(qs, ",")+`]}`)
			if _, errOut, code := vf(t, db, "survey", "create", "--file", thirteen); code == 0 || !strings.Contains(errOut, "question 13") {
				t.Errorf("13 questions: %d %s", code, errOut)
			}
			file := writeFile(t, "survey.json", `{"name":"Own","questions":[{"type":"nps","text":"Would you recommend us?"},{"type":"choice","text":"Which?","options":["a","b"]},{"type":"text","text":"Why?"}]}`)
			ownID := create("--file", file)
			if ownID == npsID {
				t.Fatal("the same id twice")
			}
			if _, errOut, code := vf(t, db, "survey", "create", "--template", "slider", "--name", "x"); code == 0 || !strings.Contains(errOut, "--template") {
				t.Errorf("an unknown template: %d %s", code, errOut)
			}

			// Greyfield is in tier A of the example business, Kingsmead Foods in C.
			big, small := "david.richter@greyfield.example", "hannah.hoffmann@kingsmead-1.example"
			invite := func(id int64, email string, extra ...string) (string, string, int) {
				out, errOut, code := vf(t, db, append([]string{"survey", "invite", strconv.FormatInt(id, 10), "--contact", email, "--json"}, extra...)...)
				var inv struct{ URL string }
				if code == 0 && (json.Unmarshal([]byte(out), &inv) != nil || !regexp.MustCompile(`^http://127\.0\.0\.1:8080/s/[A-Za-z0-9_-]{20,}$`).MatchString(inv.URL)) {
					t.Fatalf("survey invite %s: %q", email, out)
				}
				return inv.URL, errOut, code
			}
			linkBig, errOut, code := invite(npsID, big)
			if code != 0 {
				t.Fatalf("invite: %s", errOut)
			}
			linkSmall, _, _ := invite(npsID, small)
			// The recontact rule: another survey within 90 days is skipped, unless forced.
			if _, errOut, code := invite(ownID, big); code == 0 || !strings.Contains(errOut, "within 90 days") {
				t.Errorf("recontact: %d %s", code, errOut)
			}
			linkForced, errOut, code := invite(ownID, big, "--force")
			if code != 0 {
				t.Fatalf("forced: %s", errOut)
			}
			linkCSAT, errOut, code := invite(csatID, small, "--force")
			if code != 0 {
				t.Fatalf("forced: %s", errOut)
			}
			if _, errOut, code := invite(npsID, "nobody@nowhere.example"); code == 0 || !strings.Contains(errOut, "no active contact") {
				t.Errorf("an unknown address: %d %s", code, errOut)
			}

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stderr := &lockedBuffer{}
			done := make(chan error, 1)
			go func() {
				done <- cli.Run(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, func(string) string { return "" }, strings.NewReader(""), io.Discard, stderr)
			}()
			var base string
			for deadline := time.Now().Add(30 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				if m := regexp.MustCompile(`serving on (http://\S+)`).FindStringSubmatch(stderr.String()); m != nil {
					base = m[1]
				}
			}
			if base == "" {
				t.Fatalf("serve did not start: %s", stderr.String())
			}
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			answer := func(link string, form url.Values) int {
				t.Helper()
				res, err := client.PostForm(base+strings.TrimPrefix(link, "http://127.0.0.1:8080"), form)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				return res.StatusCode
			}
			if code := answer(linkBig, url.Values{"q1": {"10"}, "q2": {"Quick and friendly"}, "finish": {"1"}}); code != http.StatusOK && code != http.StatusSeeOther {
				t.Fatalf("answer: %d", code)
			}
			if code := answer(linkBig, url.Values{"q1": {"0"}, "finish": {"1"}}); code != http.StatusConflict {
				t.Errorf("the second answer: %d, want 409", code)
			}
			if code := answer(linkSmall, url.Values{"q1": {"4"}, "finish": {"1"}}); code != http.StatusOK && code != http.StatusSeeOther {
				t.Fatalf("answer: %d", code)
			}
			if code := answer(linkForced, url.Values{"q1": {"8"}, "q2": {"a"}, "finish": {"1"}}); code != http.StatusOK && code != http.StatusSeeOther {
				t.Fatalf("answer: %d", code)
			}
			if code := answer(linkCSAT, url.Values{"q1": {"5"}, "finish": {"1"}}); code != http.StatusOK && code != http.StatusSeeOther {
				t.Fatalf("answer: %d", code)
			}
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}

			out, errOut, code = vf(t, db, "report", "nps", "--survey", strconv.FormatInt(npsID, 10), "--json")
			r = npsJSON{}
			if code != 0 || json.Unmarshal([]byte(out), &r) != nil {
				t.Fatalf("report nps: %d %s %s", code, out, errOut)
			}
			tiers := map[string][2]float64{}
			for _, b := range r.ByTier {
				v := -1000.0
				if b.NPS != nil {
					v = *b.NPS
				}
				tiers[b.Tier] = [2]float64{float64(b.Responses), v}
			}
			if r.Responses != 2 || r.Promoters != 1 || r.Detractors != 1 || r.NPS == nil || *r.NPS != 0 || !r.TooFew || r.MarginOfError == nil ||
				tiers["A"] != [2]float64{1, 100} || tiers["C"] != [2]float64{1, -100} || tiers["B"] != [2]float64{0, -1000} {
				t.Errorf("report nps of survey %d: %s", npsID, out)
			}
			seg, own := groups(t, out, "by_segment"), groups(t, out, "by_owner")
			// The example's accounts have no segment (industry is not one).
			if seg[""] != [2]float64{2, 0} || len(seg) != 1 ||
				own["Jonas"] != [2]float64{1, 100} || own["Petra"] != [2]float64{1, -100} || len(own) != 2 {
				t.Errorf("by segment %v, by owner %v", seg, own)
			}
			now := time.Now()
			if q := groups(t, out, "by_quarter"); len(q) != 1 || q[fmt.Sprintf("%d-Q%d", now.Year(), (int(now.Month())+2)/3)] != [2]float64{2, 0} {
				t.Errorf("by quarter %v", q)
			}
			// Every survey: the forced answer (a passive) counts too.
			out, _, _ = vf(t, db, "report", "nps", "--json")
			r = npsJSON{}
			if json.Unmarshal([]byte(out), &r) != nil || r.Responses != 3 || r.Passives != 1 || r.NPS == nil || *r.NPS != 0 {
				t.Errorf("report nps: %s", out)
			}
			if out, _, code := vf(t, db, "report", "nps"); code != 0 || !strings.Contains(out, "NPS 0.0 from 3 responses") || !strings.Contains(out, "Too few answers") {
				t.Errorf("report nps as text: %d %s", code, out)
			}
			// Response rate and CSAT by tier: of the NPS survey, A and C each
			// invited once and answered; of the CSAT survey, C's one rating a 5.
			type tierFigures struct {
				Tier         string
				Invited      int
				ResponseRate *float64 `json:"response_rate"`
				Ratings      int
				CSAT         *float64
			}
			byTierOf := func(id int64) map[string]tierFigures {
				out, errOut, _ := vf(t, db, "report", "nps", "--survey", strconv.FormatInt(id, 10), "--json")
				var rep struct {
					ByTier []tierFigures `json:"by_tier"`
				}
				if json.Unmarshal([]byte(out), &rep) != nil {
					t.Fatalf("report nps: %s %s", out, errOut)
				}
				m := map[string]tierFigures{}
				for _, b := range rep.ByTier {
					m[b.Tier] = b
				}
				return m
			}
			one := func(f *float64) bool { return f != nil && *f == 1 }
			if m := byTierOf(npsID); m["A"].Invited != 1 || !one(m["A"].ResponseRate) || m["C"].Invited != 1 || !one(m["C"].ResponseRate) ||
				m["B"].Invited != 0 || m["B"].ResponseRate != nil || m["A"].CSAT != nil {
				t.Errorf("by tier of the NPS survey: %+v", m)
			}
			// The same figures by owner and by quarter.
			out, _, _ = vf(t, db, "report", "nps", "--survey", strconv.FormatInt(csatID, 10), "--json")
			var dims struct {
				ByOwner   []tierFigures `json:"by_owner"`
				ByQuarter []tierFigures `json:"by_quarter"`
			}
			if json.Unmarshal([]byte(out), &dims) != nil || len(dims.ByOwner) != 1 || len(dims.ByQuarter) != 1 ||
				dims.ByOwner[0].Invited != 1 || !one(dims.ByOwner[0].ResponseRate) || !one(dims.ByOwner[0].CSAT) ||
				dims.ByQuarter[0].Ratings != 1 || !one(dims.ByQuarter[0].CSAT) || !one(dims.ByQuarter[0].ResponseRate) {
				t.Errorf("by owner and quarter of the CSAT survey: %s", out)
			}
			if m := byTierOf(csatID); m["C"].Ratings != 1 || !one(m["C"].CSAT) || m["C"].Invited != 1 || !one(m["C"].ResponseRate) || m["A"].Ratings != 0 || m["A"].CSAT != nil {
				t.Errorf("by tier of the CSAT survey: %+v", m)
			}
		})
	}
}
