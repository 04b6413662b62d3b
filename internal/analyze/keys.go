package analyze

import (
	"hash/maphash"
	"math"
	"sync"
)

// Text customer keys ("C0001234", names, e-mail addresses) are interned in
// keyTables rather than a map[string]int32: an open-addressing table of
// 16-byte slots without pointers (nothing for the garbage collector to
// scan, no string allocated per key) whose key bytes live in one arena per
// table. A lookup hashes the key once, reads one slot (rarely two: linear
// probing keeps a run of slots in one cache line) and compares the bytes in
// the arena only when the slot's tag and length match.
//
// Each worker splits its keys over keyParts tables by the top bits of the
// hash, so that mergeKeys can merge the workers' tables part by part in
// parallel, and so that growing a table rehashes 1/keyParts of the keys.

// keyParts is the number of tables per worker; a power of two.
const (
	keyPartBits = 4
	keyParts    = 1 << keyPartBits
)

// keyPart is the table of a key's hash.
func keyPart(h uint64) int { return int(h >> (64 - keyPartBits)) }

// keySeed is the hash seed of every run. Indexes do not depend on it in any
// way that shows in a result: sums run in file-chunk order whatever index a
// customer has, and ties are broken by key.
var keySeed = sync.OnceValue(maphash.MakeSeed)

func hashKey(seed maphash.Seed, key []byte) uint64 { return maphash.Bytes(seed, key) }

type keySlot struct {
	tag  uint32 // the hash's high 32 bits; its low bits are the home slot
	size uint32 // key length; 0 marks an empty slot (keys are never empty)
	off  uint32 // the key is arena[off : off+size]
	idx  int32
}

type keyTable struct {
	slots []keySlot
	mask  uint32
	n     int // keys held
	limit int // grow when n reaches it: a load factor of 3/4
	arena []byte
}

// maxArena bounds a table's key bytes so that offsets fit the slots. A
// table holds the distinct keys of 1/keyParts of the hash space seen by one
// worker, so this is some 64 GiB of distinct keys in all.
const maxArena = math.MaxUint32

// get returns the index of key, whose hash is h; a new key is added with
// index idx, and found is false.
func (t *keyTable) get(h uint64, key []byte, idx int32) (_ int32, found bool) {
	if t.n >= t.limit {
		t.grow()
	}
	tag := uint32(h >> 32)
	size := uint32(len(key))
	for i := tag & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.size == 0 {
			off := len(t.arena)
			if off+len(key) > maxArena {
				panic("analyze: more than 4 GiB of distinct customer keys in one table")
			}
			if len(key) > cap(t.arena)-off {
				// Grow by doubling; append would grow large arenas by only
				// 25% and copy them more often.
				a := make([]byte, off, max(2*cap(t.arena), off+len(key), 16<<10))
				copy(a, t.arena)
				t.arena = a
			}
			t.arena = append(t.arena, key...)
			*s = keySlot{tag: tag, size: size, off: uint32(off), idx: idx}
			t.n++
			return idx, false
		}
		if s.tag == tag && s.size == size && string(t.arena[s.off:s.off+size]) == string(key) {
			return s.idx, true
		}
	}
}

// grow doubles the slots (allocating the first 1024) and reinserts the
// keys by their tags: no key is hashed again.
func (t *keyTable) grow() {
	old := t.slots
	n := max(1024, 2*len(old))
	t.slots = make([]keySlot, n)
	t.mask = uint32(n - 1)
	t.limit = n / 4 * 3
	for _, s := range old {
		if s.size == 0 {
			continue
		}
		i := s.tag & t.mask
		for t.slots[i].size != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = s
	}
}

// key returns the bytes of the key in slot s.
func (t *keyTable) key(s *keySlot) []byte { return t.arena[s.off : s.off+s.size] }
