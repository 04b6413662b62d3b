package store

// SetMaxSpaceFileBytes sets the limit of a space's files for a test and
// returns what puts it back.
func SetMaxSpaceFileBytes(n int64) (restore func()) {
	was := maxSpaceFileBytes
	maxSpaceFileBytes = n
	return func() { maxSpaceFileBytes = was }
}
