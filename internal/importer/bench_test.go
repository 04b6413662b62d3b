package importer_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/importer"
	"github.com/vitalfew/vitalfew/internal/ingest"
	"github.com/vitalfew/vitalfew/internal/store"
)

// Sentences the synthetic mentions are made of (two per text), in both
// languages: complaints, questions, praise and remarks as the demo writes.
var sentences = []string{
	"Delivery late again, really frustrating!", "Two weeks waiting for a spare part and nobody answers.",
	"The hotline is never reachable.", "Wrong invoice and a damaged part, very disappointing.",
	"Does anyone know if the bearing comes in stainless steel?", "When is the new software release due?",
	"Great service, the spare part arrived the next day. Thanks!", "Very helpful advice, highly recommended.",
	"Commissioned the new machine today.", "Visited the stand at the trade fair.",
	"Die Lieferung kam schon wieder zu spät. Sehr ärgerlich!", "Seit zwei Wochen warte ich auf das Ersatzteil.",
	"Die Hotline ist nie erreichbar, so verliert man Kunden.", "Gibt es für die Spindel einen Wartungsplan?",
	"Super Service, das Ersatzteil war am nächsten Tag da. Danke!", "Sehr kompetente Beratung, klare Empfehlung.",
	"Heute die neue Maschine in Betrieb genommen.", "Neuer Katalog ist da, sieht gut aus.",
}

// seedBusiness writes accounts (with domains) and one contact per account
// with an email and a LinkedIn handle, and returns the database file.
func seedBusiness(tb testing.TB, dir string, accounts int) string {
	tb.Helper()
	db := filepath.Join(dir, "seed.db")
	ctx := context.Background()
	st, err := store.Open(ctx, db, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	as := make([]crm.AccountRecord, accounts)
	cs := make([]crm.ContactRecord, accounts)
	for i := range as {
		ext := "K" + strconv.Itoa(i)
		as[i] = crm.AccountRecord{Line: i + 2, Account: crm.Account{ExternalID: ext, Name: fmt.Sprintf("Firma%d Maschinenbau GmbH", i),
			Domain: fmt.Sprintf("firma%d.example", i)}}
		cs[i] = crm.ContactRecord{Line: i + 2, Account: crm.AccountRef{ExternalID: ext}, Contact: crm.Contact{ExternalID: "P" + strconv.Itoa(i),
			Name: "Person " + strconv.Itoa(i), Status: crm.ContactActive, Identities: []crm.Identity{
				{Kind: crm.IdentityEmail, Value: fmt.Sprintf("p%d@firma%d.example", i, i)}, {Kind: crm.IdentityLinkedIn, Value: "person-" + strconv.Itoa(i)}}}}
	}
	if _, err := st.ImportAccounts(crm.WithActor(ctx, crm.Operator), as, crm.ImportOptions{}); err != nil {
		tb.Fatal(err)
	}
	if _, err := st.ImportContacts(crm.WithActor(ctx, crm.Operator), cs, crm.ImportOptions{}); err != nil {
		tb.Fatal(err)
	}
	return db
}

// writeMentions writes n mentions as CSV: 15% by a contact's LinkedIn
// handle, 5% with a contact's email, 10% naming an account in the text,
// 3% naming its domain, the rest by strangers.
func writeMentions(tb testing.TB, path string, n, accounts int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	io.WriteString(w, "platform,id,handle,email,text,posted_at\n")
	for i := range n {
		a := r.IntN(accounts)
		platform, handle, email := "x", "user"+strconv.Itoa(r.IntN(n/3+1)), ""
		text := sentences[r.IntN(len(sentences))] + " " + sentences[r.IntN(len(sentences))]
		switch u := r.Float64(); {
		case u < 0.15:
			platform, handle = "linkedin", "person-"+strconv.Itoa(a)
		case u < 0.20:
			platform, handle, email = "facebook", "", fmt.Sprintf("p%d@firma%d.example", a, a)
		case u < 0.30:
			text += fmt.Sprintf(" Bei Firma%d Maschinenbau wieder so.", a)
		case u < 0.33:
			text += fmt.Sprintf(" See firma%d.example", a)
		}
		posted := start.Add(time.Duration(r.Int64N(int64(300 * 24 * time.Hour))))
		fmt.Fprintf(w, "%s,m%d,%s,%s,\"%s\",%s\n", platform, i, handle, email, text, posted.Format(time.RFC3339))
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func copyFile(tb testing.TB, from, to string) {
	tb.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkImportMentions is `vitalfew import mentions FILE` on SQLite:
// read the CSV, score every text, match handles, emails, domains and
// names against 20,000 accounts and contacts, and write, in one
// transaction. Reported: wall and CPU seconds per import, mentions per
// second.
func BenchmarkImportMentions(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			dir := b.TempDir()
			const accounts = 20_000
			seed := seedBusiness(b, dir, accounts)
			file := filepath.Join(dir, "mentions.csv")
			writeMentions(b, file, n, accounts)
			ctx := context.Background()
			var cpu time.Duration
			b.ResetTimer()
			for i := range b.N {
				b.StopTimer()
				db := filepath.Join(dir, "run"+strconv.Itoa(i)+".db")
				copyFile(b, seed, db)
				st, err := store.Open(ctx, db, nil)
				if err != nil {
					b.Fatal(err)
				}
				in, err := os.Open(file)
				if err != nil {
					b.Fatal(err)
				}
				c0 := cpuTime()
				b.StartTimer()
				res, err := importer.Run(crm.WithActor(ctx, crm.Operator), st, ingest.KindMentions, in, ingest.Options{File: file}, crm.ImportOptions{File: file}, nil)
				b.StopTimer()
				cpu += cpuTime() - c0
				in.Close()
				st.Close()
				if err != nil {
					b.Fatal(err)
				}
				if res.Inserted != n {
					b.Fatalf("inserted %d of %d", res.Inserted, n)
				}
				os.Remove(db)
				b.StartTimer()
			}
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "mentions/s")
		})
	}
}
