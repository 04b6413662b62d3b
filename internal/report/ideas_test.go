package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/analytics/pareto"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

// ideasWorld is the ideas report's fixture, worked by hand. In 2024 Big
// buys for 9,000, Mid for 600, Small for 300 and Tiny for 100: 10,000 in
// all; with tiers at 80 and 95 Big is A (90%), Mid B (96%), Small and Tiny
// C; Nobody buys nothing. In a space open to all five:
//   - "Dark mode": Small's two contacts and Tiny's vote (3 votes; 400, 4%);
//   - "Bulk discount": Mid's contact votes (1 vote; 600, 6%);
//   - "SAP export": staff heard Big ask on a call (0 votes; 9,000, 90%);
//   - "Gift wrap": staff heard Nobody ask (0 votes; 0).
//
// The two most-voted ideas come from Small, Tiny and Mid: 1,000, 10%; the
// two with the most revenue behind them from Big and Mid: 9,600, 96%.
func ideasWorld(t *testing.T, st *store.Store) {
	t.Helper()
	op := crm.WithActor(context.Background(), crm.Operator)
	ids := map[string]int64{}
	for _, name := range []string{"Big", "Mid", "Small", "Tiny", "Nobody"} {
		a, err := st.CreateAccount(op, crm.Account{Name: name, ExternalID: "K-" + name})
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = a.ID
	}
	var orders []crm.OrderRecord
	for n, o := range []struct {
		account string
		amount  int64
	}{{"Big", 5000}, {"Big", 4000}, {"Mid", 600}, {"Small", 300}, {"Tiny", 100}} {
		orders = append(orders, crm.OrderRecord{Line: n + 2, Account: crm.AccountRef{ExternalID: "K-" + o.account},
			Order: crm.Order{ExternalID: "RE-" + strconv.Itoa(n), OrderedAt: time.Date(2024, time.Month(3+n), 1, 0, 0, 0, 0, time.UTC), Amount: crm.Money(o.amount * 100)}})
	}
	if _, err := st.ImportOrders(op, orders, crm.ImportOptions{File: "orders.csv"}); err != nil {
		t.Fatal(err)
	}
	var grants []crm.Grant
	for _, id := range ids {
		grants = append(grants, crm.Grant{Kind: "account", Value: strconv.FormatInt(id, 10), Level: crm.LevelReply})
	}
	sp, err := st.CreateSpace(op, "Customers", grants)
	if err != nil {
		t.Fatal(err)
	}
	idea := func(title string, asked ...crm.IdeaRequester) crm.Idea {
		i, err := st.CreateIdea(op, sp.ID, title, "", asked)
		if err != nil {
			t.Fatal(err)
		}
		return i
	}
	dark, bulk := idea("Dark mode"), idea("Bulk discount")
	idea("SAP export", crm.IdeaRequester{AccountID: ids["Big"], Note: "on a call"})
	idea("Gift wrap", crm.IdeaRequester{AccountID: ids["Nobody"]})
	for n, v := range []struct {
		account string
		idea    crm.Idea
	}{{"Small", dark}, {"Small", dark}, {"Tiny", dark}, {"Mid", bulk}} {
		email := "c" + strconv.Itoa(n) + "@example.com"
		c, err := st.CreateContact(op, crm.Contact{AccountID: ids[v.account], Name: email, Status: "active", Identities: []crm.Identity{{Kind: "email", Value: email}}})
		if err != nil {
			t.Fatal(err)
		}
		as := crm.WithActor(context.Background(), crm.PortalActor(crm.PortalContact{ContactID: c.ID, AccountID: c.AccountID, Email: email}, ""))
		if _, err := st.Vote(as, sp.ID, v.idea.ID, true); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIdeasReport: the fixture's arithmetic, the text in English and
// German, the CSV, on SQLite and PostgreSQL.
func TestIdeasReport(t *testing.T) {
	stores := []*store.Store{openSQLite(t)}
	if pg := openPostgres(t); pg != nil {
		stores = append(stores, pg)
	}
	for _, st := range stores {
		ideasWorld(t, st)
		ctx := crm.WithActor(context.Background(), crm.Operator)
		r, err := report.Ideas(ctx, st, report.Params{AsOf: day("2024-12-31"), Thresholds: []float64{80, 95}})
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			title             string
			rank, voteRank    int
			votes, accounts   int
			a, b, c, none     int
			revenue, revShare float64
		}
		want := []row{
			{"SAP export", 1, 3, 0, 1, 1, 0, 0, 0, 9000, 0.90},
			{"Bulk discount", 2, 2, 1, 1, 0, 1, 0, 0, 600, 0.06},
			{"Dark mode", 3, 1, 3, 2, 0, 0, 2, 0, 400, 0.04},
			{"Gift wrap", 4, 4, 0, 1, 0, 0, 0, 1, 0, 0},
		}
		if len(r.Ideas) != len(want) || r.Revenue != 10000 {
			t.Fatalf("%d ideas, revenue %v: %+v", len(r.Ideas), r.Revenue, r.Ideas)
		}
		for n, w := range want {
			i := r.Ideas[n]
			got := row{i.Title, i.Rank, i.VoteRank, i.Votes, i.Accounts, i.TierA, i.TierB, i.TierC, i.NoTier, i.Revenue, i.RevenueShare}
			if got.revShare = math.Round(got.revShare*1e9) / 1e9; got != w {
				t.Errorf("idea %d: %+v, want %+v", n+1, got, w)
			}
		}
		if l, w := r.Loudest, r.Weightiest; len(l.IDs) != 2 || l.Votes != 4 || l.Revenue != 1000 || math.Abs(l.RevenueShare-0.10) > 1e-9 ||
			len(w.IDs) != 2 || w.Revenue != 9600 || math.Abs(w.RevenueShare-0.96) > 1e-9 || !r.Warning {
			t.Errorf("loudest %+v, weightiest %+v, warning %v", l, w, r.Warning)
		}

		de10, de96 := i18n.Get("de").Percent(0.10), i18n.Get("de").Percent(0.96)
		var en, de, csv bytes.Buffer
		if err := r.WriteText(&en); err != nil {
			t.Fatal(err)
		}
		if err := r.WriteText(i18n.Writer{Writer: &de, Lang: i18n.Get("de")}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			got  string
			want []string
		}{
			{en.String(), []string{"Ideas  2024-01-01 .. 2024-12-31 (as of 2024-12-31)\n",
				"The 2 most-voted ideas come from accounts with 10.0% of revenue; the 2 with the most revenue behind them, from accounts with 96.0%.\n",
				"The loudest ideas come from the accounts that carry the least: weigh them by who asks.\n",
				"Rank  Idea           Status  Votes  Vote rank  A/B/C/–   Revenue  % revenue  CLV\n",
				"   1  SAP export     open        0          3  1/0/0/0  9,000.00      90.0%    –\n",
				"   3  Dark mode      open        3          1  0/0/2/0    400.00       4.0%    –\n"}},
			{de.String(), []string{"Ideen  01.01.2024 .. 31.12.2024 (Stand 31.12.2024)\n",
				"Die 2 meistgewählten Ideen kommen von Kunden mit " + de10 + " des Umsatzes; die 2 mit dem meisten Umsatz dahinter von Kunden mit " + de96 + ".\n",
				"Die lautesten Ideen kommen von den Kunden, die am wenigsten tragen: gewichten Sie sie danach, wer fragt.\n",
				"   3  Dark mode      offen         3                1  0/0/2/0    400,00     " + i18n.Get("de").Percent(0.04) + "    –\n"}},
		} {
			for _, w := range c.want {
				if !bytes.Contains([]byte(c.got), []byte(w)) {
					t.Errorf("text lacks %q:\n%s", w, c.got)
				}
			}
		}
		if err := r.WriteCSV(&csv); err != nil {
			t.Fatal(err)
		}
		lines := bytes.Split(bytes.TrimSpace(csv.Bytes()), []byte("\n"))
		if len(lines) != 5 || string(lines[0]) != "rank,vote_rank,id,space_id,title,status,votes,accounts,tier_a,tier_b,tier_c,no_tier,revenue,revenue_share,clv,clv_accounts" ||
			!bytes.HasPrefix(lines[3], []byte("3,1,")) || !bytes.HasSuffix(lines[3], []byte(",Dark mode,open,3,2,0,0,2,0,400,0.04,0,0")) {
			t.Errorf("csv:\n%s", csv.String())
		}
		if b, err := json.Marshal(r); err != nil || !bytes.Contains(b, []byte(`"warning":true`)) {
			t.Errorf("json: %s %v", b, err)
		}
	}
}

// TestWeighIdeas: the lifetime values the model knows are summed, an
// account counts once however many of its contacts voted and whether it
// also asked, and no warning is given when the loudest ideas are the
// weightiest.
func TestWeighIdeas(t *testing.T) {
	ranked := []pareto.Ranked{{ID: 1, Revenue: 800, Tier: "A"}, {ID: 2, Revenue: 150, Tier: "B"}, {ID: 3, Revenue: 50, Tier: "C"}}
	ideas := []crm.Idea{
		{ID: 10, Title: "x", Votes: 5, Accounts: []crm.IdeaAccount{{AccountID: 1, Asked: true, Votes: 4}, {AccountID: 3, Votes: 1}}},
		{ID: 11, Title: "y", Votes: 1, Accounts: []crm.IdeaAccount{{AccountID: 2, Votes: 1}, {AccountID: 4, Asked: true}}},
	}
	r := report.WeighIdeas(ideas, ranked, 1000, map[int64]float64{1: 2500.5, 2: 300})
	x, y := r.Ideas[0], r.Ideas[1]
	if x.ID != 10 || x.Revenue != 850 || x.CLV != 2500.5 || x.CLVAccounts != 1 || x.TierA != 1 || x.TierC != 1 || x.Accounts != 2 {
		t.Errorf("x: %+v", x)
	}
	if y.ID != 11 || y.Revenue != 150 || y.CLV != 300 || y.NoTier != 1 || y.TierB != 1 {
		t.Errorf("y: %+v", y)
	}
	if r.Warning || r.Loudest.Revenue != 1000 || r.Loudest.RevenueShare != 1 || !r.Model {
		t.Errorf("loudest %+v, warning %v", r.Loudest, r.Warning)
	}
	if r := report.WeighIdeas(nil, ranked, 1000, nil); len(r.Ideas) != 0 || len(r.Loudest.IDs) != 0 || r.Warning || r.Model {
		t.Errorf("no ideas: %+v", r)
	}
}
