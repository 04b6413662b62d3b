//go:build !unix

package store

// Without flock (Windows), servers and restores do not see each other:
// stop the server before a restore.

// LockShared does nothing on this system.
func LockShared(path string) (unlock func(), err error) { return func() {}, nil }

// LockExclusive does nothing on this system.
func LockExclusive(path string) (unlock func(), err error) { return func() {}, nil }

// LockPath is the lock file of the SQLite database at path.
func LockPath(path string) string { return path + "-lock" }

func syncDir(string) error { return nil }
