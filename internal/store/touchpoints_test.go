package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

func TestTimelineAndNotes(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		bg := context.Background()
		op := crm.WithActor(bg, crm.Operator)
		acme := crm.AccountRef{Name: "Acme"}
		if _, err := st.ImportOrders(crm.WithActor(bg, crm.Operator), []crm.OrderRecord{
			{Line: 2, Account: acme, Order: crm.Order{ExternalID: "I1", OrderedAt: day("2024-01-10"), Amount: cents(100)}},
			{Line: 3, Account: acme, Order: crm.Order{ExternalID: "I2", OrderedAt: day("2024-03-01"), Amount: cents(50)}},
		}, crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ImportTouchpoints(crm.WithActor(bg, crm.Operator), []crm.TouchpointRecord{{Line: 2, Account: acme, Touchpoint: crm.Touchpoint{
			ExternalID: "T1", Kind: "ticket", Department: "support", OccurredAt: day("2024-02-01"), EffortMinutes: 30, Subject: "Login broken"}}},
			crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		dir, err := st.Directory(op)
		if err != nil || len(dir) != 1 {
			t.Fatalf("directory = %+v, %v", dir, err)
		}
		id := dir[0].ID
		v1, _ := st.Versions(bg)
		staff := crm.Actor{UserID: 0, Name: "sam@example.com", Role: crm.RoleStaff, Scope: crm.AllAccounts()}
		viewer := crm.Actor{Name: "vic@example.com", Role: crm.RoleViewer, Scope: crm.AllAccounts()}
		note := crm.Touchpoint{AccountID: id, Kind: "note", Department: "sales", Subject: "Renewal", Body: "<b>call back</b>", OccurredAt: day("2024-03-05")}
		if _, err := st.CreateTouchpoint(crm.WithActor(bg, viewer), note); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("viewer adds a note: %v", err)
		}
		if _, err := st.CreateTouchpoint(crm.WithActor(bg, staff), crm.Touchpoint{AccountID: id + 99, Kind: "note", Department: "sales", Subject: "x", OccurredAt: day("2024-03-05")}); crm.ErrorCode(err) != crm.EINVALID {
			t.Errorf("note on a missing account: %v", err)
		}
		if _, err := st.CreateTouchpoint(crm.WithActor(bg, staff), note); err != nil {
			t.Fatal(err)
		}
		wantV := v1
		wantV.Touchpoints++
		if v2, _ := st.Versions(bg); v2 != wantV {
			t.Errorf("data versions after a note = %s, want %s: a note changes the touchpoints, nothing else", v2, wantV)
		}
		items, total, err := st.Timeline(op, id, store.TimelineFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range items {
			got = append(got, it.Day.Format("01-02")+" "+it.Kind+"/"+it.Department+" "+it.Subject)
		}
		want := "03-05 note/sales Renewal|03-01 order/sales I2|02-01 ticket/support Login broken|01-10 order/sales I1"
		if strings.Join(got, "|") != want || total != 4 {
			t.Errorf("timeline = %s (%d)\nwant %s", strings.Join(got, "|"), total, want)
		}
		if items[0].Body != "<b>call back</b>" || items[2].EffortMinutes != 30 || items[1].Amount != cents(50) {
			t.Errorf("timeline fields: %+v", items[:3])
		}
		items, total, err = st.Timeline(op, id, store.TimelineFilter{Department: "sales", Kind: "order", Limit: 1})
		if err != nil || total != 2 || len(items) != 1 || items[0].Subject != "I2" {
			t.Errorf("filtered timeline = %+v (%d) %v", items, total, err)
		}
		deps, kinds, err := st.TimelineFacets(op, id)
		if err != nil || strings.Join(deps, ",") != "sales,support" || strings.Join(kinds, ",") != "note,order,ticket" {
			t.Errorf("facets = %v %v %v", deps, kinds, err)
		}
	})
}
