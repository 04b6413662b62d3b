// Command seed fills a vitalfew database (a demo's) with a customer portal
// of the size issue 15 measures at: portal users (contacts with a login,
// all with one password), spaces granted to tiers and to single accounts,
// wiki pages, forum threads with replies, and an event per space. It writes
// the portal users' e-mails, one per line, to -users for the load tool.
//
//	go run ./bench/portal/seed -db bench/out/portal-100000.db -users bench/out/portal-users.txt
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/report"
	"github.com/vitalfew/vitalfew/internal/store"
)

func main() {
	db := flag.String("db", "", "the database (a demo's)")
	users := flag.Int("portal-users", 10000, "contacts to give a portal login")
	spaces := flag.Int("spaces", 1000, "spaces")
	pages := flag.Int("pages", 50000, "wiki pages in all")
	threads := flag.Int("threads", 10000, "forum threads in all")
	replies := flag.Int("replies", 4, "replies per thread (posts = threads × (1 + replies))")
	password := flag.String("password", "portal load password", "the portal users' password")
	out := flag.String("users", "bench/out/portal-users.txt", "where to write the portal users' e-mails")
	flag.Parse()
	ctx := context.Background()
	st, err := store.Open(ctx, *db, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	op := crm.WithActor(ctx, crm.Operator)
	rng := rand.New(rand.NewPCG(15, 2026))
	start := time.Now()

	rep, err := report.Pareto(op, st, report.Params{})
	if err != nil {
		log.Fatal(err)
	}
	var accounts []int64
	for _, a := range rep.Accounts {
		accounts = append(accounts, a.ID)
	}
	// Portal users: the first active contact with an e-mail of accounts
	// drawn by revenue rank (the top accounts first, as staff would invite).
	hash, err := auth.HashPassword(*password)
	if err != nil {
		log.Fatal(err)
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(f)
	n := 0
	for _, id := range accounts {
		if n >= *users {
			break
		}
		cs, _, err := st.ListContacts(op, store.ContactQuery{AccountID: id, Status: "active", Limit: 5})
		if err != nil {
			log.Fatal(err)
		}
		for _, c := range cs {
			email := ""
			for _, i := range c.Identities {
				if i.Kind == "email" {
					email = i.Value
				}
			}
			if email == "" {
				continue
			}
			th := fmt.Sprintf("bench-invite-%d", c.ID)
			if _, err := st.InvitePortal(op, email, th, time.Now().Add(time.Hour), nil); err != nil {
				log.Fatal(err)
			}
			if _, err := st.AcceptPortalInvitation(ctx, th, hash); err != nil {
				log.Fatal(err)
			}
			fmt.Fprintln(w, email)
			n++
			break
		}
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	f.Close()
	log.Printf("%d portal users in %s", n, time.Since(start).Round(time.Second))

	// Spaces: a tenth granted to a tier, the rest to one account each.
	words := strings.Fields("bearing shaft motor gasket gearbox pump valve sensor spindle coupling lubricant seal housing drive brake clutch filter")
	var ids []int64
	for i := range *spaces {
		g := crm.Grant{Kind: "account", Value: strconv.FormatInt(accounts[rng.IntN(min(len(accounts), 20000))], 10), Level: crm.LevelCreate}
		if i%10 == 0 {
			g = crm.Grant{Kind: "tier", Value: []string{"A", "B", "C"}[i/10%3], Level: crm.LevelReply}
		}
		sp, err := st.CreateSpace(op, fmt.Sprintf("Space %d: %s", i, words[i%len(words)]), []crm.Grant{g})
		if err != nil {
			log.Fatal(err)
		}
		ids = append(ids, sp.ID)
		if _, err := st.CreateEvent(op, crm.Event{SpaceID: sp.ID, Title: "Webinar " + words[i%len(words)], Kind: crm.EventWebinar,
			StartsAt: time.Now().Add(time.Duration(24+i%200) * time.Hour), Minutes: 45}); err != nil {
			log.Fatal(err)
		}
	}
	body := func() string {
		var b strings.Builder
		b.WriteString("# " + words[rng.IntN(len(words))] + "\n\n")
		for range 12 {
			for range 12 {
				b.WriteString(words[rng.IntN(len(words))] + " ")
			}
			b.WriteString("\n\n")
		}
		return b.String()
	}
	for i := range *pages {
		if _, err := st.AddSpacePage(op, ids[i%len(ids)], fmt.Sprintf("Page %d about the %s", i, words[rng.IntN(len(words))]), body()); err != nil {
			log.Fatal(err)
		}
	}
	log.Printf("%d spaces, %d pages in %s", len(ids), *pages, time.Since(start).Round(time.Second))
	for i := range *threads {
		sp := ids[i%len(ids)]
		th, err := st.CreateThread(op, sp, fmt.Sprintf("Question %d on the %s", i, words[rng.IntN(len(words))]), body())
		if err != nil {
			log.Fatal(err)
		}
		for range *replies {
			if _, err := st.Reply(op, sp, th.ID, body()); err != nil {
				log.Fatal(err)
			}
		}
	}
	log.Printf("%d threads, %d posts; done in %s", *threads, *threads*(1+*replies), time.Since(start).Round(time.Second))
}
