package store_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// TestBackupNeedsAllAccounts: a backup copies every account, so only an
// admin who sees every account (the command line's operator) may take
// one; anyone else is refused and no file is written.
func TestBackupNeedsAllAccounts(t *testing.T) {
	st, err := store.Open(context.Background(), testkit.SQLite(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		code string // "" for success
	}{
		{"no actor", context.Background(), crm.EUNAUTHORIZED},
		{"staff", crm.WithActor(context.Background(), crm.ActorOf(crm.User{ID: 1, Email: "s@example.com", Role: crm.RoleStaff})), crm.EFORBIDDEN},
		{"admin of own accounts", crm.WithActor(context.Background(), crm.ActorOf(crm.User{ID: 2, Email: "a@example.com", Role: crm.RoleAdmin, OwnAccountsOnly: true})), crm.EFORBIDDEN},
		{"operator", crm.WithActor(context.Background(), crm.Operator), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, tc.name+".db")
			err := st.BackupSQLite(tc.ctx, out, false)
			_, statErr := os.Stat(out)
			if tc.code == "" {
				if err != nil || statErr != nil {
					t.Fatalf("backup: %v (file: %v)", err, statErr)
				}
				if fi, _ := os.Stat(out); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
					t.Errorf("the backup's mode is %v, want 0600: it holds every customer", fi.Mode().Perm())
				}
				return
			}
			if crm.ErrorCode(err) != tc.code || statErr == nil {
				t.Errorf("backup: %v (code %s), want %s and no file", err, crm.ErrorCode(err), tc.code)
			}
		})
	}
}
