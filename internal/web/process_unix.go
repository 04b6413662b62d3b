//go:build unix

package web

import (
	"errors"
	"os"
	"syscall"
)

// processRunning reports whether a process with id pid runs (or may: one
// of another user's that we may not signal counts as running).
func processRunning(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}
