//go:build !unix

package cli

// freeBytes is not measured on this system: ok is false.
func freeBytes(string) (free uint64, ok bool, err error) { return 0, false, nil }
