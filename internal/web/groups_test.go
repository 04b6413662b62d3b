package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// regionGroup puts Brandt KG and Cramer AG in the region Bayern, each with
// a contact.
func (f *fixture) regionGroup(t *testing.T) {
	t.Helper()
	op := crm.WithActor(context.Background(), crm.Operator)
	for name, person := range map[string]string{"Brandt KG": "Berta Brandt", "Cramer AG": "Carl Cramer"} {
		id := f.accountIDs(t)[name]
		if _, err := f.st.UpdateAccount(op, id, func(a *crm.Account) error { a.Region = "Bayern"; return nil }); err != nil {
			t.Fatal(err)
		}
		if _, err := f.st.CreateContact(op, crm.Contact{AccountID: id, Name: person, Status: crm.ContactActive}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestUserGroupsPages: the groups list (filtered, CSV) and a group's page
// with its members and their stages (CSV); an unknown group is not found.
// The fixture's Brandt KG ordered on four days, Cramer AG on three: both
// repeat customers.
func TestUserGroupsPages(t *testing.T) {
	f := newFixture(t)
	f.regionGroup(t)
	viewer := f.client(t, crm.RoleViewer)
	base := f.ts.URL
	if code, body := get(t, viewer, base+"/groups?kind=region"); code != http.StatusOK || !strings.Contains(body, `<a href="/groups/view?kind=region&amp;value=Bayern">Bayern</a>`) {
		t.Fatalf("the list: %d %s", code, mainOf(body))
	}
	if _, body := get(t, viewer, base+"/groups?kind=industry"); strings.Contains(body, "Bayern") || !strings.Contains(body, "None.") {
		t.Errorf("filtered to industries: %s", mainOf(body))
	}
	if _, csv := get(t, viewer, base+"/groups.csv?kind=region"); csv != "kind,value,contacts,accounts,prospect,customer,repeat,loyal,advocate,registered,attended\nregion,Bayern,2,2,0,0,2,0,0,0,0\n" {
		t.Errorf("the list's CSV: %q", csv)
	}
	code, body := get(t, viewer, base+"/groups/view?kind=region&value=Bayern")
	if code != http.StatusOK || !strings.Contains(body, ">Berta Brandt</td>") || !strings.Contains(body, ">Carl Cramer</td>") || !strings.Contains(body, "2 contacts at 2 accounts") {
		t.Errorf("the group: %d %s", code, mainOf(body))
	}
	if _, csv := get(t, viewer, base+"/groups/view.csv?kind=region&value=Bayern"); !strings.HasPrefix(csv, "contact_id,contact,account_id,account,stage,registered,attended\n") ||
		strings.Count(csv, ",repeat,0,0\n") != 2 {
		t.Errorf("the group's CSV: %q", csv)
	}
	if code, _ := get(t, viewer, base+"/groups/view?kind=region&value=Hessen"); code != http.StatusNotFound {
		t.Errorf("an unknown group: %d", code)
	}
}
