package store

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// writeFixture makes "go test ./internal/store -run TestWriteUpgradeFixture
// -write-fixture" write testdata/schema-12.db: a small database as the
// migration set up to 00012 (before 00013_touchpoint_author) left it,
// filled by SQL of that schema. TestUpgradeFromFixtures opens it.
var writeFixture = flag.Bool("write-fixture", false, "write testdata/schema-12.db")

// fixtureVersion is the migration the fixture stops at.
const fixtureVersion = 12

func TestWriteUpgradeFixture(t *testing.T) {
	if !*writeFixture {
		t.Skip("run with -write-fixture to write testdata/schema-12.db")
	}
	out := filepath.Join("testdata", fmt.Sprintf("schema-%d.db", fixtureVersion))
	os.Remove(out)
	tmp := filepath.Join(t.TempDir(), "fixture.db")
	db, err := sql.Open("sqlite", "file:"+tmp+"?_pragma=foreign_keys(ON)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	// Small pages keep the file small: a table or index takes one at least.
	if _, err := db.ExecContext(ctx, `PRAGMA page_size = 1024`); err != nil {
		t.Fatal(err)
	}
	p, err := provider(false, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, fixtureVersion); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	accounts := []struct{ ext, name, owner string }{
		{"C1", "Brightwater Engineering Ltd", "sam@example.com"}, {"C2", "Hollin Foods plc", "sam@example.com"},
		{"C3", "Elbtal Maschinenbau GmbH", "eva@example.com"}, {"C4", "Nordkap Logistik AG", "eva@example.com"},
		{"C5", "Seabright Textiles", ""}, {"C6", "Quiet Corner Bakery", ""},
	}
	for i, a := range accounts {
		exec(`INSERT INTO accounts (id, external_id, name, name_key, owner, acquired_at) VALUES ($1, $2, $3, lower($3), $4, '2023-01-15')`,
			i+1, a.ext, a.name, a.owner)
	}
	day := time.Date(2024, 1, 8, 0, 0, 0, 0, time.UTC)
	n := 0
	for i := range accounts {
		// Fewer and smaller orders down the list; the last account stops
		// ordering early (lapsed).
		for k := 0; k < 12-2*i; k++ {
			d := day.AddDate(0, 0, 37*k+5*i)
			if i == len(accounts)-1 && k > 0 {
				break
			}
			n++
			exec(`INSERT INTO orders (account_id, external_id, ordered_at, amount_cents) VALUES ($1, $2, $3, $4)`,
				i+1, fmt.Sprintf("INV-%d", n), d.Format(time.DateOnly), (60000-9000*i)*100+137*k)
		}
	}
	for i := range 10 {
		exec(`INSERT INTO touchpoints (account_id, external_id, kind, department, occurred_at, effort_minutes, subject) VALUES ($1, $2, 'email', 'support', $3, $4, 'Question')`,
			i%4+1, fmt.Sprintf("T-%d", i), day.AddDate(0, 1, 20*i).Format(time.DateOnly), 10+5*i)
	}
	for i, c := range []struct{ name, email, verified string }{
		{"Anna Berger", "anna@brightwater.example", "2024-09-01"}, {"Tom Hollin", "tom@hollin.example", "2022-03-01"},
		{"Jens Elb", "jens@elbtal.example", "2024-10-01"}, {"Mia Nord", "mia@nordkap.example", "2021-01-01"},
	} {
		exec(`INSERT INTO contacts (id, account_id, external_id, name, last_verified_at) VALUES ($1, $2, $3, $4, $5)`, i+1, i+1, fmt.Sprintf("P%d", i+1), c.name, c.verified)
		exec(`INSERT INTO contact_identities (contact_id, account_id, kind, value) VALUES ($1, $2, 'email', $3)`, i+1, i+1, c.email)
	}
	for i, m := range []struct {
		text     string
		compound float64
		label    string
		care     string
	}{
		{"The invoice is wrong again and nobody calls back.", -0.7, "negative", "open"},
		{"Great service visit today, thank you!", 0.8, "positive", "none"},
		{"Delivery was late, the line stood still.", -0.5, "negative", "resolved"},
		{"Looking forward to the new catalogue.", 0.4, "positive", "none"},
	} {
		at := day.AddDate(0, 10, 9*i).Add(10 * time.Hour)
		exec(`INSERT INTO mentions (platform, external_id, author_handle, author_key, text, posted_at, posted_day, account_id, contact_id, match_method, match_confidence, lang, compound, label, intensity, care)
			VALUES ('x', $1, $2, $3, $4, $5, $6, $7, $7, 'email', 1, 'en', $8, $9, $10, $11)`,
			fmt.Sprintf("180000000000000000%d", i), fmt.Sprintf("@author%d", i), int64(1000+i), m.text, at.Unix(), at.Format(time.DateOnly), i+1,
			m.compound, m.label, 0.5, m.care)
	}
	exec(`INSERT INTO settings (key, value) VALUES ('window_months', '24')`)
	exec(`UPDATE data_versions SET version = 1`)
	exec(`VACUUM INTO $1`, out)
	t.Logf("wrote %s", out)
}
