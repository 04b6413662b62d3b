package crm

import "testing"

func TestScope(t *testing.T) {
	own := OwnedBy(" Anna Becker ", "anna@example.com", "", "ANNA BECKER")
	for _, tc := range []struct {
		name    string
		s       Scope
		id      int64
		owner   string
		allowed bool
	}{
		{"all", AllAccounts(), 7, "anyone", true},
		{"all: data of no account", AllAccounts(), 0, "", true},
		{"one", OneAccount(7), 7, "anyone", true},
		{"one, another", OneAccount(7), 8, "anyone", false},
		{"one: data of no account", OneAccount(7), 0, "", false},
		{"one of no id", OneAccount(0), 0, "", false},
		{"own by name", own, 3, "Anna Becker", true},
		{"own: A-Z without case", own, 3, "aNNa bECKER", true},
		{"own by email", own, 3, "Anna@Example.COM", true},
		{"own: other letters keep their case", OwnedBy("änna"), 3, "Änna", false},
		{"own: exact otherwise", OwnedBy("änna"), 3, "änna", true},
		{"own: no trimming of the owner", own, 3, " Anna Becker", false},
		{"own: someone else", own, 3, "Ben", false},
		{"own: no owner", own, 3, "", false},
		{"own: data of no account", own, 0, "Anna Becker", false},
		{"own without names", OwnedBy("", " "), 3, "", false},
		{"zero", Scope{}, 3, "", false},
		{"zero: data of no account", Scope{}, 0, "", false},
	} {
		if got := tc.s.Allows(tc.id, tc.owner); got != tc.allowed {
			t.Errorf("%s: %s allows (%d, %q) = %v", tc.name, tc.s, tc.id, tc.owner, got)
		}
	}
	if got := own.Owners(); len(got) != 2 || got[0] != "anna becker" || got[1] != "anna@example.com" {
		t.Errorf("owners = %q, want the two keys once each", got)
	}
	u := User{Email: "anna@example.com", Name: "Anna Becker", Role: RoleStaff}
	if !ActorOf(u).Scope.All() || !Operator.Scope.All() || !System.Scope.All() || System.Role.Includes(RoleStaff) {
		t.Error("staff, the operator and the system see every account; the system writes nothing")
	}
	u.OwnAccountsOnly, u.OwnerName = true, "Petra"
	if s := ActorOf(u).Scope; s.All() || !s.Allows(1, "petra") || !s.Allows(1, "ANNA@example.com") || s.Allows(1, "Ben") {
		t.Errorf("restricted user: %s", s)
	}
	if c := ContactActor("buyer@acme.de", 9); c.Scope.Account() != 9 || c.Role != RoleViewer {
		t.Errorf("contact actor: %+v", c)
	}
}
