package cli_test

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// A small business: Acme (A, 80% of revenue), Brandt (B, 15%), Cramer (C,
// 5%) and Dietz (no orders: a prospect), with contacts whose handles the
// mentions use.
const (
	listeningAccounts = "customer id,name,domain\nK1,Acme Antriebstechnik GmbH,acme.de\nK2,Brandt Maschinenbau KG,brandt-mb.de\n" +
		"K3,Cramer AG,cramer.example\nK4,Dietz GmbH,dietz.example\n"
	listeningOrders = "customer id,invoice,date,amount\nK1,R1,2026-06-01,800\nK2,R2,2026-06-02,150\nK3,R3,2026-06-03,50\n"
	listeningPeople = "customer id,name,email,linkedin,x\nK1,Jane Doe,jane@acme.de,jane-doe,\nK2,Otto Brandt,otto@brandt-mb.de,,@ottob\n"
	listeningPosts  = "platform,id,handle,email,text,posted_at\n" +
		"linkedin,li-1,jane-doe,,\"Die Lieferung kam wieder zu spät, sehr ärgerlich!\",2026-11-23 19:00\n" +
		"x,tw-1,@ottob,,\"Great service, thank you!\",2026-11-20 10:00\n" +
		"x,tw-2,@ottob,,Where is my invoice?,2026-11-22 12:00\n" +
		"x,tw-3,@someone,,Does anyone know a good supplier for spindles?,2026-11-23 12:00\n" +
		"x,tw-4,@someone,,\"Terrible, slow and rude. Never again!\",2026-11-23 13:00\n" +
		"facebook,fb-1,,dieter@dietz.example,Interested in your catalogue,2026-11-21 09:00\n"
)

func listeningDB(t *testing.T, db string) {
	t.Helper()
	for _, f := range []struct{ kind, name, body string }{
		{"accounts", "a.csv", listeningAccounts}, {"orders", "o.csv", listeningOrders},
		{"contacts", "c.csv", listeningPeople}, {"mentions", "m.csv", listeningPosts},
	} {
		if _, stderr, code := vf(t, db, "import", f.kind, writeFile(t, f.name, f.body)); code != 0 {
			t.Fatalf("import %s: %s", f.kind, stderr)
		}
	}
}

func TestListeningReports(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			listeningDB(t, db)
			asOf := []string{"--as-of", "2026-11-23"}

			out, stderr, code := vf(t, db, append([]string{"report", "share-of-voice", "--json"}, asOf...)...)
			if code != 0 {
				t.Fatal(stderr)
			}
			var sov struct {
				Since, Until string
				Mentions     int
				Tiers        []struct {
					Tier                        string
					Mentions, Authors, Negative int
					MentionShare                float64 `json:"mention_share"`
					RevenueShare                float64 `json:"revenue_share"`
					Gap                         float64
					MeanSentiment               float64 `json:"mean_sentiment"`
				}
			}
			if err := json.Unmarshal([]byte(out), &sov); err != nil {
				t.Fatal(err, out)
			}
			// Hand count: 6 mentions; A: li-1; B: tw-1, tw-2 by one author;
			// prospect: fb-1 (Dietz by email domain); unknown: tw-3, tw-4
			// by one author.
			want := []struct {
				tier              string
				mentions, authors int
				share, rev        float64
			}{{"A", 1, 1, 1.0 / 6, 0.8}, {"B", 2, 1, 2.0 / 6, 0.15}, {"C", 0, 0, 0, 0.05}, {"prospect", 1, 1, 1.0 / 6, 0}, {"unknown", 2, 1, 2.0 / 6, 0}}
			if sov.Mentions != 6 || len(sov.Tiers) != len(want) || sov.Since != "2025-11-24" || sov.Until != "2026-11-23" {
				t.Fatalf("share of voice: %s", out)
			}
			for i, w := range want {
				g := sov.Tiers[i]
				if g.Tier != w.tier || g.Mentions != w.mentions || g.Authors != w.authors || math.Abs(g.MentionShare-w.share) > 1e-9 ||
					math.Abs(g.RevenueShare-w.rev) > 1e-9 || math.Abs(g.Gap-(w.share-w.rev)) > 1e-9 {
					t.Errorf("tier %s: %+v", w.tier, g)
				}
			}
			if sov.Tiers[0].MeanSentiment >= 0 || sov.Tiers[0].Negative != 1 {
				t.Errorf("tier A's one mention is a complaint: %+v", sov.Tiers[0])
			}
			text, _, _ := vf(t, db, append([]string{"report", "share-of-voice"}, asOf...)...)
			if !strings.Contains(text, "Tier A brings 80.0% of revenue and 16.7% of the mentions; 50.0% of the mentions come from prospects and unknown authors.") {
				t.Errorf("headline:\n%s", text)
			}

			out, _, _ = vf(t, db, append([]string{"report", "sentiment-trend", "--json"}, asOf...)...)
			var tr struct {
				Weeks []struct {
					Week     string
					Mentions []int
				}
			}
			json.Unmarshal([]byte(out), &tr)
			// 2026-11-20..22 is ISO week 47, 2026-11-23 week 48.
			if len(tr.Weeks) != 2 || tr.Weeks[0].Week != "2026-W47" || fmtInts(tr.Weeks[0].Mentions) != "0 2 0 1 0" || fmtInts(tr.Weeks[1].Mentions) != "1 0 0 0 2" {
				t.Errorf("trend: %s", out)
			}

			out, _, _ = vf(t, db, append([]string{"report", "mentions-negative", "--json"}, asOf...)...)
			var neg struct {
				Mentions []struct {
					Platform, Text string
					AccountName    string `json:"account_name"`
				}
			}
			json.Unmarshal([]byte(out), &neg)
			if len(neg.Mentions) != 1 || neg.Mentions[0].Text != "Die Lieferung kam wieder zu spät, sehr ärgerlich!" ||
				neg.Mentions[0].AccountName != "Acme Antriebstechnik GmbH" || neg.Mentions[0].Platform != "linkedin" {
				t.Errorf("negative A mentions: %s", out)
			}

			// The care clock is the end of the as-of day: 2026-11-24 00:00.
			out, _, _ = vf(t, db, append([]string{"report", "care", "--json"}, asOf...)...)
			var care struct {
				Now           string
				Open, Overdue int
				Queue         []struct {
					ExternalText string  `json:"text"`
					Tier         string  `json:"tier"`
					AgeHours     float64 `json:"age_hours"`
					Overdue      bool    `json:"overdue"`
				}
				Tiers []struct {
					Tier           string
					Items, Overdue int
				}
			}
			if err := json.Unmarshal([]byte(out), &care); err != nil {
				t.Fatal(err)
			}
			// Open: li-1 (negative, A, 5 h > 4 h target), tw-2 (question, B,
			// 36 h > 24 h), tw-3 (question, unknown, 12 h), tw-4 (negative,
			// unknown, 11 h).
			if care.Now != "2026-11-24T00:00:00Z" || care.Open != 4 || care.Overdue != 2 || len(care.Queue) != 4 {
				t.Fatalf("care: %s", out)
			}
			order := []string{}
			for _, q := range care.Queue {
				order = append(order, q.Tier)
			}
			if strings.Join(order, " ") != "A B unknown unknown" || !strings.HasPrefix(care.Queue[2].ExternalText, "Terrible") ||
				care.Queue[0].AgeHours != 5 || !care.Queue[0].Overdue || !care.Queue[1].Overdue || care.Queue[2].Overdue {
				t.Errorf("queue: %+v", care.Queue)
			}
			if care.Tiers[0].Items != 1 || care.Tiers[0].Overdue != 1 || care.Tiers[4].Items != 2 || care.Tiers[4].Overdue != 0 {
				t.Errorf("care tiers: %+v", care.Tiers)
			}
			csv, _, _ := vf(t, db, append([]string{"report", "care", "--csv"}, asOf...)...)
			if lines := strings.Count(csv, "\n"); lines != 5 || !strings.HasPrefix(csv, "id,priority,tier,age_hours,target_hours,overdue,") {
				t.Errorf("care csv (%d lines):\n%s", lines, csv)
			}

			// A longer target for tier A: li-1 (5 h old) is no longer overdue.
			if _, stderr, code := vf(t, db, "settings", "care_target_hours_a", "6"); code != 0 {
				t.Fatal(stderr)
			}
			out, _, _ = vf(t, db, append([]string{"report", "care", "--json"}, asOf...)...)
			care.Queue = nil
			if err := json.Unmarshal([]byte(out), &care); err != nil || care.Overdue != 1 || care.Queue[0].Overdue {
				t.Errorf("with a 6 h target for A: %d overdue; %s", care.Overdue, out)
			}

			out, _, code = vf(t, db, append([]string{"report", "mention-spikes", "--json"}, asOf...)...)
			if code != 0 || !strings.Contains(out, `"spikes":[]`) {
				t.Errorf("spikes: %s", out)
			}
		})
	}
}

func fmtInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, " ")
}

// A formula in a mention text is defused in CSV.
func TestListeningCSVIsSafe(t *testing.T) {
	db := databases(t)["sqlite"]
	listeningDB(t, db)
	if _, stderr, code := vf(t, db, "import", "mentions", writeFile(t, "evil.csv",
		"platform,id,handle,text,posted_at\nlinkedin,evil,jane-doe,\"=HYPERLINK(\"\"http://x\"\")? Broken again, awful\",2026-11-23 20:00\n")); code != 0 {
		t.Fatal(stderr)
	}
	csv, _, _ := vf(t, db, "report", "care", "--csv", "--as-of", "2026-11-23")
	if !strings.Contains(csv, `'=HYPERLINK`) {
		t.Errorf("formula not defused:\n%s", csv)
	}
}

// Mentions without any orders: every mention is a prospect's or unknown,
// and the window ends at the newest mention.
func TestListeningWithoutOrders(t *testing.T) {
	db := databases(t)["sqlite"]
	if _, stderr, code := vf(t, db, "report", "share-of-voice"); code == 0 || !strings.Contains(stderr, "no orders and no mentions") {
		t.Errorf("empty database (exit %d): %s", code, stderr)
	}
	for _, f := range []struct{ kind, name, body string }{{"accounts", "a.csv", listeningAccounts}, {"mentions", "m.csv", listeningPosts}} {
		if _, stderr, code := vf(t, db, "import", f.kind, writeFile(t, f.name, f.body)); code != 0 {
			t.Fatal(stderr)
		}
	}
	out, stderr, code := vf(t, db, "report", "share-of-voice", "--json")
	var sov struct {
		Until string
		Tiers []struct {
			Tier     string
			Mentions int
		}
	}
	if err := json.Unmarshal([]byte(out), &sov); code != 0 || err != nil {
		t.Fatalf("exit %d: %s %s", code, stderr, out)
	}
	// Matched without contacts: fb-1 by the Dietz email domain; the others
	// named no account and no known handle.
	got := map[string]int{}
	for _, v := range sov.Tiers {
		got[v.Tier] = v.Mentions
	}
	if sov.Until != "2026-11-23" || got["A"] != 0 || got["prospect"] != 1 || got["unknown"] != 5 {
		t.Errorf("without orders: until %s, %v", sov.Until, got)
	}
}

// TestCarePriorityByValue: the care queue weighs an account by its
// lifetime value when one is known, by its tier otherwise; the report says
// which.
func TestCarePriorityByValue(t *testing.T) {
	db := testkit.SQLite(t)
	listeningDB(t, db)
	ctx := crm.WithActor(context.Background(), crm.Operator)
	st, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	p := report.Params{AsOf: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	byTier, err := report.CareAt(ctx, st, p, now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if byTier.ValueBy != "tier" || byTier.Queue[0].Tier != "A" || byTier.Queue[1].Tier != "B" {
		t.Fatalf("by tier: %s, %+v", byTier.ValueBy, byTier.Queue[:2])
	}
	// The same mentions, with the B account worth far more than the A one.
	a, b := byTier.Queue[0].AccountID, byTier.Queue[1].AccountID
	clv := map[int64]float64{a: 10, b: 100_000}
	for i := range 20 { // other customers, worth more than A's account
		clv[int64(-1-i)] = float64(50 + i)
	}
	byCLV, err := report.CareAt(ctx, st, p, now, clv)
	if err != nil {
		t.Fatal(err)
	}
	if byCLV.ValueBy != "clv" || byCLV.Queue[0].AccountID != b || byCLV.Queue[1].AccountID != a {
		t.Errorf("by lifetime value: %s, first %d then %d (A account %d, B account %d)", byCLV.ValueBy,
			byCLV.Queue[0].AccountID, byCLV.Queue[1].AccountID, a, b)
	}
	// Too few customers for the model here: the command line says "tier".
	out, _, _ := vf(t, db, "report", "care", "--json", "--as-of", "2026-11-23")
	if !strings.Contains(out, `"value_by":"tier"`) {
		t.Errorf("care --json lacks value_by tier: %.200s", out)
	}
}

// TestCareQueueB2B: the care queue takes what needs an answer as business
// customers write it — a factual complaint without a feeling word, a
// request without a question mark — and not praise; the top account's
// items come first, and each row says its intent.
func TestCareQueueB2B(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			posts := "platform,id,handle,email,text,posted_at\n" +
				"linkedin,a-fact,jane-doe,,Not a single delivery this quarter arrived complete.,2026-11-22 10:00\n" +
				"linkedin,a-req,jane-doe,,Please send the calibration certificates for order 4711.,2026-11-22 11:00\n" +
				"linkedin,a-praise,jane-doe,,\"Parts ordered Monday, installed Wednesday. So muss das laufen!\",2026-11-22 12:00\n" +
				"x,b-fact,@ottob,,Drei Mails und immer noch nichts.,2026-11-22 10:00\n" +
				"x,u-angry,@someone,,\"Terrible, slow and rude. Never again!\",2026-11-22 10:00\n"
			for _, f := range []struct{ kind, name, body string }{
				{"accounts", "a.csv", listeningAccounts}, {"orders", "o.csv", listeningOrders},
				{"contacts", "c.csv", listeningPeople}, {"mentions", "m.csv", posts},
			} {
				if _, stderr, code := vf(t, db, "import", f.kind, writeFile(t, f.name, f.body)); code != 0 {
					t.Fatalf("import %s: %s", f.kind, stderr)
				}
			}
			out, stderr, code := vf(t, db, "report", "care", "--json", "--as-of", "2026-11-23")
			if code != 0 {
				t.Fatal(stderr)
			}
			var r struct {
				Queue []struct {
					Text   string
					Tier   string
					Intent string
				}
			}
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err, out)
			}
			ids := map[string]string{}
			for _, l := range strings.Split(posts, "\n")[1:] {
				if p := strings.Split(l, ","); len(p) > 4 {
					ids[strings.Trim(strings.Join(p[4:len(p)-1], ","), `"`)] = p[1]
				}
			}
			got := map[string]string{}
			var order []string
			for _, q := range r.Queue {
				got[ids[q.Text]] = q.Intent
				order = append(order, ids[q.Text])
			}
			want := map[string]string{"a-fact": "complaint", "a-req": "request", "b-fact": "complaint", "u-angry": "complaint"}
			if len(got) != len(want) {
				t.Errorf("queue %v, want %v (no praise)", got, want)
			}
			for id, intent := range want {
				if got[id] != intent {
					t.Errorf("%s: intent %q in the queue, want %q (queue %v)", id, got[id], intent, got)
				}
			}
			// The top account's factual complaint and request first (a request
			// needs an answer like a mild complaint, listening.NeedOf), then
			// the B account's complaint, the unknown author's angry post last.
			if want := []string{"a-fact", "a-req", "b-fact", "u-angry"}; !slices.Equal(order, want) {
				t.Errorf("order %v, want %v", order, want)
			}
			text, _, _ := vf(t, db, "report", "care", "--as-of", "2026-11-23")
			if !strings.Contains(text, "Intent") || !strings.Contains(text, "request") {
				t.Errorf("care text shows no intent:\n%s", text)
			}
		})
	}
}

// TestCareQueueReadsMailAsBusiness: a message that came by e-mail is read
// as business text (docs/sentiment.md): a sarcastic complaint of the top
// account, whose words alone read as praise, waits in the care queue as a
// complaint, first; the same words posted on X are read as a social post.
func TestCareQueueReadsMailAsBusiness(t *testing.T) {
	const sarcasm = `"Perfect. The ""waterproof"" labels washed off in the first rain."`
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			posts := "platform,id,handle,email,text,posted_at\n" +
				"email,mail-1,,jane@acme.de," + sarcasm + ",2026-11-22 10:00\n" +
				"x,b-q,@ottob,,Where is my invoice?,2026-11-22 11:00\n"
			for _, f := range []struct{ kind, name, body string }{
				{"accounts", "a.csv", listeningAccounts}, {"orders", "o.csv", listeningOrders},
				{"contacts", "c.csv", listeningPeople}, {"mentions", "m.csv", posts},
			} {
				if _, stderr, code := vf(t, db, "import", f.kind, writeFile(t, f.name, f.body)); code != 0 {
					t.Fatalf("import %s: %s", f.kind, stderr)
				}
			}
			out, stderr, code := vf(t, db, "report", "care", "--json", "--as-of", "2026-11-23")
			if code != 0 {
				t.Fatal(stderr)
			}
			var r struct {
				Queue []struct {
					Text, Tier, Intent string
					Compound           float64
				}
			}
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err, out)
			}
			if len(r.Queue) != 2 || !strings.Contains(r.Queue[0].Text, "waterproof") || r.Queue[0].Intent != "complaint" ||
				r.Queue[0].Compound > -0.05 || r.Queue[0].Tier != "A" || r.Queue[1].Intent != "question" {
				t.Errorf("queue %+v; want the A account's mailed complaint (negative) first, then the question", r.Queue)
			}
			// The words alone, as a social post, read as praise.
			social, _, _ := vfIn(t, "Perfect. The \"waterproof\" labels washed off in the first rain.\n", "sentiment", "--json")
			if !strings.Contains(social, `"label":"positive"`) {
				t.Errorf("as a social post: %s (the test wants a text that only the business reading gets right)", social)
			}
		})
	}
}
