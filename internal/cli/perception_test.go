package cli_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestReportPerception: `report perception --json` of the example business
// (Greyfield Medical in tier A, Kingsmead Foods in C), whose customers
// answered a survey and whose staff said what they believe, worked out by
// hand below.
func TestReportPerception(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			examples := filepath.Join("..", "..", "examples")
			for _, f := range []struct{ kind, file string }{{"accounts", "clients.csv"}, {"orders", "invoices.csv"}, {"contacts", "contacts.csv"}} {
				if _, errOut, code := vf(t, db, "import", f.kind, filepath.Join(examples, f.file)); code != 0 {
					t.Fatalf("import %s: %s", f.file, errOut)
				}
			}
			// Before any survey: an empty report.
			out, errOut, code := vf(t, db, "report", "perception", "--json")
			if code != 0 || out != `{"survey":0,"survey_name":"","questions":[],"widest":[]}`+"\n" {
				t.Fatalf("no survey: %d %q %s", code, out, errOut)
			}
			ctx := crm.WithActor(context.Background(), crm.Operator)
			st, err := store.Open(ctx, db, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			sv, err := st.CreateSurvey(ctx, crm.Survey{Name: "Gap", Language: "en", Questions: []crm.Question{
				{Type: crm.QuestionNPS, Text: "Recommend us?"}, {Type: crm.QuestionYesNo, Text: "On time?"}, {Type: crm.QuestionText, Text: "Why?"}}})
			if err != nil {
				t.Fatal(err)
			}
			big, small := "david.richter@greyfield.example", "hannah.hoffmann@kingsmead-1.example"
			at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
			if _, err := st.ImportSurveyResponses(ctx, sv.ID, []store.ImportedResponse{
				{Line: 2, Key: "1", Email: big, SubmittedAt: at, Complete: true, Answers: map[int][]string{1: {"10"}, 2: {"yes"}, 3: {"Great"}}},
				{Line: 3, Key: "2", Email: small, SubmittedAt: at, Complete: true, Answers: map[int][]string{1: {"4"}, 2: {"no"}}},
			}); err != nil {
				t.Fatal(err)
			}
			ids := map[string]int64{}
			accounts, _, err := st.ListAccounts(ctx, store.AccountQuery{Limit: store.MaxPageSize})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range accounts {
				ids[a.ExternalID] = a.ID
			}
			for _, b := range []struct {
				account int64
				answers map[int][]string
			}{
				{ids["C1024"], map[int][]string{1: {"9"}, 2: {"yes"}}},
				{ids["C1068"], map[int][]string{1: {"9"}, 2: {"yes"}}},
				{0, map[int][]string{1: {"10"}}}, // the company as a whole
			} {
				if _, err := st.SaveBeliefs(ctx, sv.ID, b.account, b.answers); err != nil {
					t.Fatal(err)
				}
			}
			out, errOut, code = vf(t, db, "report", "perception", "--survey", strconv.FormatInt(sv.ID, 10), "--json")
			var r struct {
				Survey    int64
				Questions []struct {
					Position int
					Text     string
					row
					ByTier []row `json:"by_tier"`
				}
				Widest []struct {
					AccountID int64 `json:"account_id"`
					Account   string
					Tier      string
					Gap       float64
					Questions int
				}
			}
			if code != 0 || json.Unmarshal([]byte(out), &r) != nil {
				t.Fatalf("report perception: %d %s %s", code, out, errOut)
			}
			p := func(f float64) *float64 { return &f }
			// NPS: customers A 10 (top), C 4; staff A 9, C 9 (both top),
			// B none of its own: the company's 10. Overall the customers 1
			// of 2 (50%), staff 3 of 3 (100%): 50 points.
			// Yes/no: customers A yes, C no; staff A yes, C yes; B nothing.
			want := []struct {
				text    string
				overall row
				tiers   []row
			}{
				{"Recommend us?", row{"", 2, 1, p(50), 3, 3, p(100), p(50), false, true}, []row{
					{"A", 1, 1, p(100), 1, 1, p(100), p(0), false, true},
					{"B", 0, 0, nil, 1, 1, p(100), nil, true, true},
					{"C", 1, 0, p(0), 1, 1, p(100), p(100), false, true},
				}},
				{"On time?", row{"", 2, 1, p(50), 2, 2, p(100), p(50), false, true}, []row{
					{"A", 1, 1, p(100), 1, 1, p(100), p(0), false, true},
					{"B", 0, 0, nil, 0, 0, nil, nil, false, true},
					{"C", 1, 0, p(0), 1, 1, p(100), p(100), false, true},
				}},
			}
			if r.Survey != sv.ID || len(r.Questions) != len(want) {
				t.Fatalf("report perception: %s", out)
			}
			for i, q := range r.Questions {
				w := want[i]
				if q.Position != i+1 || q.Text != w.text || q.row.show() != w.overall.show() {
					t.Errorf("question %d: %d %q %s, want %s", i+1, q.Position, q.Text, q.row.show(), w.overall.show())
				}
				if len(q.ByTier) != len(w.tiers) {
					t.Errorf("question %d: %d tiers", i+1, len(q.ByTier))
					continue
				}
				for j := range q.ByTier {
					if q.ByTier[j].show() != w.tiers[j].show() {
						t.Errorf("question %d, tier %s: %s, want %s", i+1, w.tiers[j].Tier, q.ByTier[j].show(), w.tiers[j].show())
					}
				}
			}
			// Kingsmead: NPS 0.9 − 0.4 = 0.5, yes/no 1 − 0 = 1: 0.75.
			// Greyfield: 0.9 − 1 = −0.1 and 1 − 1 = 0: −0.05.
			if len(r.Widest) != 2 || r.Widest[0].AccountID != ids["C1068"] || r.Widest[0].Account != "Kingsmead Foods plc" || r.Widest[0].Tier != "C" ||
				abs(r.Widest[0].Gap-0.75) > 1e-9 || r.Widest[0].Questions != 2 ||
				r.Widest[1].AccountID != ids["C1024"] || r.Widest[1].Tier != "A" || abs(r.Widest[1].Gap+0.05) > 1e-9 {
				t.Errorf("widest: %+v", r.Widest)
			}
			// The table, in English and German.
			text, errOut, code := vf(t, db, "report", "perception")
			if code != 0 || !strings.Contains(text, "The perception gap of Gap") || !strings.Contains(text, "1. Recommend us? (excellent: 9-10)") ||
				!strings.Contains(text, "Kingsmead Foods plc") {
				t.Errorf("report perception: %d %s %s", code, text, errOut)
			}
			if text, _, code := vf(t, db, "report", "perception", "--lang", "de"); code != 0 || !strings.Contains(text, "Die Wahrnehmungslücke von Gap") || !strings.Contains(text, "+50") {
				t.Errorf("report perception --lang de: %d %s", code, text)
			}
			// The CSV: every account with a gap.
			if csv, _, code := vf(t, db, "report", "perception", "--csv"); code != 0 || csv != "account_id,account,tier,gap,questions\n"+
				strconv.FormatInt(ids["C1068"], 10)+",Kingsmead Foods plc,C,0.75,2\n"+strconv.FormatInt(ids["C1024"], 10)+",Greyfield Medical GmbH,A,-0.05,2\n" {
				t.Errorf("report perception --csv: %d %q", code, csv)
			}
			// Without --survey: the survey staff answered.
			if again, _, code := vf(t, db, "report", "perception", "--json"); code != 0 || again != out {
				t.Errorf("the default survey: %s", again)
			}
		})
	}
}

// row is a row of the perception report's JSON.
type row struct {
	Tier            string
	Customers       int
	CustomersTop    int      `json:"customers_top"`
	CustomersTopPct *float64 `json:"customers_top_pct"`
	Staff           int
	StaffTop        int      `json:"staff_top"`
	StaffTopPct     *float64 `json:"staff_top_pct"`
	GapPts          *float64 `json:"gap_pts"`
	StaffCompany    bool     `json:"staff_company"`
	TooFew          bool     `json:"too_few"`
}

func (r row) show() string {
	f := func(p *float64) string {
		if p == nil {
			return "null"
		}
		return strconv.FormatFloat(*p, 'f', 6, 64)
	}
	return r.Tier + " " + strconv.Itoa(r.Customers) + "/" + strconv.Itoa(r.CustomersTop) + " " + f(r.CustomersTopPct) + " staff " +
		strconv.Itoa(r.Staff) + "/" + strconv.Itoa(r.StaffTop) + " " + f(r.StaffTopPct) + " gap " + f(r.GapPts) +
		" company " + strconv.FormatBool(r.StaffCompany) + " too few " + strconv.FormatBool(r.TooFew)
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
