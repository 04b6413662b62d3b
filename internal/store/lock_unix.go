//go:build unix

package store

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// A server holds a shared lock on the file DB-lock beside a SQLite
// database while it runs (LockShared); restore takes it exclusively
// (LockExclusive), so it refuses while any server has the database open
// and a server does not start while a restore runs. The locks are flock
// locks: the kernel drops them when the process ends, however it ends.

// LockShared takes the shared lock of the SQLite database at path and
// returns its release. It fails at once when a restore holds the lock.
func LockShared(path string) (unlock func(), err error) {
	return lock(path, syscall.LOCK_SH, "a restore of %s is under way (%s is locked); start the server when it has finished")
}

// LockExclusive takes the exclusive lock of the SQLite database at path
// and returns its release. It fails at once when a server holds the lock.
func LockExclusive(path string) (unlock func(), err error) {
	return lock(path, syscall.LOCK_EX, "a vitalfew server has %s open (%s is locked); stop it first")
}

// LockPath is the lock file of the SQLite database at path.
func LockPath(path string) string { return path + "-lock" }

func lock(path string, how int, busy string) (func(), error) {
	name := LockPath(path)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, crm.Errorf(crm.ECONFLICT, busy, path, name)
		}
		return nil, fmt.Errorf("store: lock %s: %w", name, err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
