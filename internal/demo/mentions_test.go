package demo

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
)

func TestDemoMentions(t *testing.T) {
	collectMentions := func(chunk int) ([]crm.MentionRecord, map[string]string, map[string]bool) {
		var ms []crm.MentionRecord
		size := map[string]string{}
		handles := map[string]bool{}
		err := Generate(Config{Accounts: 600, ChunkAccounts: chunk}, func(b *Batch) error {
			ms = append(ms, b.Mentions...)
			for _, a := range b.Accounts {
				size[a.Account.Name] = a.Account.SizeClass
			}
			for _, c := range b.Contacts {
				for _, id := range c.Contact.Identities {
					if id.Kind == crm.IdentityLinkedIn {
						handles[id.Value] = true
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return ms, size, handles
	}
	ms, _, handles := collectMentions(600)
	again, _, _ := collectMentions(77)
	if !reflect.DeepEqual(ms, again) {
		t.Fatal("the mentions depend on the chunk size")
	}
	if len(ms) < 400 || len(ms) > 1000 {
		t.Fatalf("%d mentions for 600 accounts", len(ms))
	}
	var german, english, byHandle, open, resolved, outage int
	ids := map[string]bool{}
	asOf := DefaultAsOf
	for _, r := range ms {
		m := r.Mention
		if ids[m.Platform+m.ExternalID] {
			t.Fatalf("duplicate id %s", m.ExternalID)
		}
		ids[m.Platform+m.ExternalID] = true
		if m.Text == "" || m.PostedAt.After(asOf) || m.PostedAt.Before(asOf.AddDate(0, 0, -mentionDays-1)) {
			t.Errorf("mention %+v", m)
		}
		if strings.ContainsAny(m.Text, "äöüß") || strings.Contains(m.Text, " bei ") || strings.Contains(m.Text, "Weiß") {
			german++
		} else {
			english++
		}
		if m.Platform == crm.IdentityLinkedIn && handles[m.AuthorHandle] {
			byHandle++
		}
		switch m.Care {
		case crm.CareOpen:
			open++
		case crm.CareResolved:
			resolved++
			if m.RespondedAt.Before(m.PostedAt) || m.ResolvedAt.Before(m.RespondedAt) {
				t.Errorf("care times out of order: %+v", m)
			}
		}
		if m.PostedAt.Truncate(24*time.Hour) == asOf.AddDate(0, 0, -spikeDaysAgo) {
			outage++
		}
	}
	if german < len(ms)/5 || english < len(ms)/5 || byHandle < 10 || open < 20 || resolved < open || outage < 15 {
		t.Errorf("%d German, %d English, %d by a contact's handle, %d open, %d resolved, %d on the outage day", german, english, byHandle, open, resolved, outage)
	}
}
