package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vitalfew/vitalfew/internal/auth"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

func TestUsersSessionsTokens(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		bg := context.Background()
		op := crm.WithActor(bg, crm.Operator)
		if _, err := st.CreateUser(bg, "a@example.com", "", crm.RoleAdmin, "h"); crm.ErrorCode(err) != crm.EUNAUTHORIZED {
			t.Errorf("create user without an actor: %v, want unauthorized", err)
		}
		admin, err := st.CreateUser(op, " Ann@Example.com ", "Ann", crm.RoleAdmin, "hash-a")
		if err != nil {
			t.Fatal(err)
		}
		if admin.Email != "ann@example.com" || admin.Role != crm.RoleAdmin || admin.ID == 0 {
			t.Errorf("created %+v", admin)
		}
		if _, err := st.CreateUser(op, "ann@example.com", "", crm.RoleStaff, "h"); crm.ErrorCode(err) != crm.ECONFLICT {
			t.Errorf("duplicate email: %v, want conflict", err)
		}
		viewer, err := st.CreateUser(op, "vic@example.com", "Vic", crm.RoleViewer, "hash-v")
		if err != nil {
			t.Fatal(err)
		}
		asViewer := crm.WithActor(bg, crm.ActorOf(viewer))
		if _, err := st.CreateUser(asViewer, "x@example.com", "", crm.RoleAdmin, "h"); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("viewer creates a user: %v, want forbidden", err)
		}
		if _, err := st.Users(asViewer); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("viewer lists users: %v, want forbidden", err)
		}
		users, err := st.Users(crm.WithActor(bg, crm.ActorOf(admin)))
		if err != nil || len(users) != 2 || users[0].Email != "ann@example.com" || users[1].Email != "vic@example.com" {
			t.Errorf("users = %+v, %v", users, err)
		}
		u, hash, err := st.UserForLogin(bg, "VIC@example.com")
		if err != nil || u.ID != viewer.ID || hash != "hash-v" {
			t.Errorf("login lookup = %+v %q %v", u, hash, err)
		}

		// Sessions: valid until expiry, gone after sign-out and when the user is disabled.
		_, live := auth.NewToken(auth.SessionPrefix)
		_, old := auth.NewToken(auth.SessionPrefix)
		if err := st.CreateSession(bg, viewer.ID, old, time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateSession(bg, viewer.ID, live, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if u, err := st.SessionUser(bg, live); err != nil || u.ID != viewer.ID {
			t.Errorf("live session: %+v %v", u, err)
		}
		if _, err := st.SessionUser(bg, old); crm.ErrorCode(err) != crm.EUNAUTHORIZED {
			t.Errorf("expired session: %v, want unauthorized", err)
		}
		tok, th := auth.NewToken(auth.APIPrefix)
		created, err := st.CreateToken(op, "vic@example.com", "laptop", th, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if u, err := st.TokenUser(bg, auth.HashToken(tok)); err != nil || u.Email != "vic@example.com" {
			t.Errorf("token user: %+v %v", u, err)
		}
		toks, err := st.Tokens(op, "")
		if err != nil || len(toks) != 1 || toks[0].LastUsedAt.IsZero() || toks[0].Revoked {
			t.Errorf("tokens after use = %+v, %v", toks, err)
		}
		if err := st.SetUserDisabled(op, "vic@example.com", true); err != nil {
			t.Fatal(err)
		}
		if _, err := st.SessionUser(bg, live); crm.ErrorCode(err) != crm.EUNAUTHORIZED {
			t.Errorf("session of a disabled user: %v", err)
		}
		if _, err := st.TokenUser(bg, th); crm.ErrorCode(err) != crm.EUNAUTHORIZED {
			t.Errorf("token of a disabled user: %v", err)
		}
		if _, _, err := st.UserForLogin(bg, "vic@example.com"); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("disabled user can sign in: %v", err)
		}
		if err := st.SetUserDisabled(op, "vic@example.com", false); err != nil {
			t.Fatal(err)
		}
		// Enabled again, the user signs in anew; the old token stays dead.
		if _, err := st.TokenUser(bg, th); crm.ErrorCode(err) != crm.EUNAUTHORIZED {
			t.Errorf("the token of a user disabled and enabled again works: %v", err)
		}
		if toks, err := st.Tokens(op, "vic@example.com"); err != nil || len(toks) != 1 || !toks[0].Revoked {
			t.Errorf("tokens after disable and enable = %+v, %v; want the one revoked", toks, err)
		}
		if err := st.RevokeToken(op, created.ID); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("revoking a token revoked by disabling: %v, want not found", err)
		}
		tok2, th2 := auth.NewToken(auth.APIPrefix)
		created2, err := st.CreateToken(op, "vic@example.com", "second", th2, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.RevokeToken(op, created2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.TokenUser(bg, auth.HashToken(tok2)); crm.ErrorCode(err) != crm.EUNAUTHORIZED {
			t.Errorf("revoked token works: %v", err)
		}
		if err := st.RevokeToken(op, created2.ID); crm.ErrorCode(err) != crm.ENOTFOUND {
			t.Errorf("revoking twice: %v", err)
		}

		// Every write is in the audit log, newest first, with who did it.
		entries, total, err := st.Audit(op, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Actor+" "+e.Action+" "+e.Entity)
		}
		want := "cli revoke api_token|cli create api_token|cli enable user|cli disable user|cli create api_token|cli create user|cli create user"
		if got := strings.Join(actions, "|"); got != want || total != 7 {
			t.Errorf("audit = %s (total %d)\nwant %s", got, total, want)
		}
		if entries[3].Before == nil || !strings.Contains(string(entries[3].After), `"disabled":true`) {
			t.Errorf("disable entry lacks before/after: %+v", entries[3])
		}
		if _, _, err := st.Audit(asViewer, store.AuditFilter{}); crm.ErrorCode(err) != crm.EFORBIDDEN {
			t.Errorf("viewer reads the audit log: %v", err)
		}
	})
}
