//go:build !unix

package web

import "os"

// processRunning reports whether a process with id pid runs: on systems
// without signals, whether it can be found.
func processRunning(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
