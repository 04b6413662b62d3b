//go:build unix

package cli

import "golang.org/x/sys/unix"

// freeBytes is the space left to an unprivileged user in the file system
// of dir.
func freeBytes(dir string) (uint64, bool, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, true, err
	}
	return st.Bavail * uint64(st.Bsize), true, nil
}
