package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/testkit"
)

// TestUserOwnAccounts: an admin restricts a staff user to the accounts
// they own, sees what that is, and lifts it; admins cannot be restricted;
// the command line itself still sees every account.
func TestUserOwnAccounts(t *testing.T) {
	db := testkit.SQLite(t)
	accounts := writeFile(t, "accounts.csv", "customer,name,owner\nK1,Acme GmbH,Sam Lee\nK2,Brandt KG,samuel\nK3,Cramer AG,Petra\n")
	if _, errOut, code := vf(t, db, "import", "accounts", accounts); code != 0 {
		t.Fatal(errOut)
	}
	for _, u := range [][]string{{"sam@example.com", "staff", "Sam Lee"}, {"boss@example.com", "admin", ""}} {
		if _, errOut, code := vfStdin(t, db, "a long enough password\n", "user", "add", "--email", u[0], "--role", u[1], "--name", u[2], "--password-stdin"); code != 0 {
			t.Fatal(errOut)
		}
	}
	out, errOut, code := vf(t, db, "user", "own-accounts", "sam@example.com", "--owner", "Samuel")
	if want := `user sam@example.com sees only the accounts whose owner is sam@example.com or "Sam Lee" or "Samuel": 2 now`; code != 0 || strings.TrimSpace(out) != want {
		t.Errorf("own-accounts: %q %s exit %d, want %q", out, errOut, code, want)
	}
	out, _, _ = vf(t, db, "user", "list")
	if !strings.Contains(out, `own accounts (also owner "Samuel")`) || !strings.Contains(out, "all accounts") {
		t.Errorf("user list:\n%s", out)
	}
	out, _, _ = vf(t, db, "user", "list", "--json")
	var users []struct {
		Email           string
		OwnAccountsOnly bool   `json:"own_accounts_only"`
		OwnerName       string `json:"owner_name"`
	}
	if err := json.Unmarshal([]byte(out), &users); err != nil || len(users) != 2 || !users[1].OwnAccountsOnly || users[1].OwnerName != "Samuel" {
		t.Errorf("user list --json = %s (%v)", out, err)
	}
	if _, errOut, code := vf(t, db, "user", "own-accounts", "boss@example.com"); code != 2 || !strings.Contains(errOut, "admins see every account") {
		t.Errorf("restricting an admin: exit %d, %s", code, errOut)
	}
	if _, errOut, code := vf(t, db, "user", "own-accounts", "nobody@example.com"); code == 0 || !strings.Contains(errOut, "no user with email") {
		t.Errorf("restricting nobody: exit %d, %s", code, errOut)
	}
	_, errOut, code = vf(t, db, "user", "own-accounts", "sam@example.com")
	if code != 0 || errOut != "" {
		t.Errorf("own-accounts without --owner: exit %d, %s", code, errOut)
	}
	out, _, code = vf(t, db, "user", "all-accounts", "sam@example.com")
	if strings.TrimSpace(out) != "user sam@example.com sees every account (3)" || code != 0 {
		t.Errorf("all-accounts: %q exit %d", out, code)
	}
}

// TestUserProductManager: the flag is set and taken away, and shown in
// the list; an unknown user is an error.
func TestUserProductManager(t *testing.T) {
	db := testkit.SQLite(t)
	if _, errOut, code := vfStdin(t, db, "a long enough password\n", "user", "add", "--email", "pm@example.com", "--role", "staff", "--name", "Pia Maier", "--password-stdin"); code != 0 {
		t.Fatal(errOut)
	}
	if out, errOut, code := vf(t, db, "user", "product-manager", "pm@example.com"); code != 0 || strings.TrimSpace(out) != "user pm@example.com is a product manager" {
		t.Fatalf("flag: %q %s exit %d", out, errOut, code)
	}
	out, _, _ := vf(t, db, "user", "list", "--json")
	var users []struct {
		ProductManager bool `json:"product_manager"`
	}
	if err := json.Unmarshal([]byte(out), &users); err != nil || len(users) != 1 || !users[0].ProductManager {
		t.Errorf("user list --json = %s (%v)", out, err)
	}
	if out, _, code := vf(t, db, "user", "product-manager", "pm@example.com", "--off"); code != 0 || strings.TrimSpace(out) != "user pm@example.com is no product manager" {
		t.Errorf("--off: %q exit %d", out, code)
	}
	if _, errOut, code := vf(t, db, "user", "product-manager", "nobody@example.com"); code == 0 || !strings.Contains(errOut, "no user with email") {
		t.Errorf("nobody: exit %d, %s", code, errOut)
	}
}
