package analyze

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"sync"
	"sync/atomic"
)

// Text customer keys ("C0001234", names, e-mail addresses) are interned in
// one keyTable shared by the workers rather than in a map[string]int32 per
// worker: open addressing over 16-byte slots without pointers (nothing for
// the garbage collector to scan, no string allocated per key), the key
// bytes in an arena. A look-up hashes the key once, reads one slot (rarely
// two: linear probing keeps a run of slots in one cache line) and compares
// the bytes in the arena only when the slot's tag and length match.
//
// Sharing the table means one copy of the keys in memory and no merge after
// reading. Looking up a key already there takes no lock: a slot, once
// filled, never changes, and is published by an atomic store of its size
// after everything else is in place; the slots and the arena are replaced,
// never changed in place, when they grow, so a look-up racing a growth sees
// a consistent older table. Adding a key takes the lock of its part of the
// hash space (keyParts parts, so the workers rarely wait for each other and
// a growth rehashes 1/keyParts of the keys).
//
// Indexes are handed out in the order keys arrive, which depends on
// scheduling; nothing in a result depends on them: each customer's amounts
// are added in file-chunk order whatever its index, and ties are broken by
// key.

const (
	keyPartBits = 4
	keyParts    = 1 << keyPartBits
)

// keyPart is the part of a key's hash.
func keyPart(h uint64) int { return int(h >> (64 - keyPartBits)) }

func hashKey(seed maphash.Seed, key []byte) uint64 { return maphash.Bytes(seed, key) }

type keySlot struct {
	tag  uint32        // the hash's bits 32..63; its low bits pick the home slot
	size atomic.Uint32 // key length; 0 marks an empty slot (keys are never empty)
	off  uint32        // the key is arena[off : off+size]
	idx  int32
}

type keySlots struct {
	s    []keySlot
	mask uint32
}

type keyArena struct{ b []byte } // fixed length; the used prefix grows

// maxArena bounds a part's key bytes so that offsets fit the slots: some
// 64 GiB of distinct keys in all.
const maxArena = math.MaxUint32

type keyTablePart struct {
	// Read by every look-up.
	slots atomic.Pointer[keySlots]
	arena atomic.Pointer[keyArena]
	_     [48]byte
	// Written when adding keys, under mu.
	mu    sync.Mutex
	n     int // keys held
	limit int // grow when n reaches it: a load factor of 3/4
	used  int // bytes of the arena in use
	_     [32]byte
}

type keyTable struct {
	seed maphash.Seed
	// withPos: each key is followed in the arena by the position (8 bytes)
	// of the row that added it.
	withPos bool
	parts   [keyParts]keyTablePart
}

func newKeyTable(withPos bool) *keyTable {
	return &keyTable{seed: maphash.MakeSeed(), withPos: withPos}
}

// size is the extent of the index space: indexes are n*keyParts + part for
// the nth key of a part, so parts need not agree on a count, at the price
// of a few unused indexes.
func (t *keyTable) size() int {
	m := 0
	for p := range t.parts {
		m = max(m, t.parts[p].n)
	}
	return m * keyParts
}

// touch loads the home slot of hash h; see worker.flush.
func (t *keyTable) touch(h uint64) uint32 {
	if ks := t.parts[keyPart(h)].slots.Load(); ks != nil {
		return ks.s[uint32(h>>32)&ks.mask].size.Load()
	}
	return 0
}

// touchKey loads the first key byte of the home slot of hash h.
func (t *keyTable) touchKey(h uint64) uint32 {
	tp := &t.parts[keyPart(h)]
	if ks := tp.slots.Load(); ks != nil {
		if s := &ks.s[uint32(h>>32)&ks.mask]; s.size.Load() != 0 {
			return uint32(tp.arena.Load().b[s.off])
		}
	}
	return 0
}

// get returns the index of key, whose hash is h, adding the key if it is
// new, and with withPos the position of the row that added it (pos if this
// one did).
func (t *keyTable) get(h uint64, key []byte, pos uint64) (int32, uint64) {
	tp := &t.parts[keyPart(h)]
	if ks := tp.slots.Load(); ks != nil {
		if i, idx, ok := tp.probe(ks, h, key); ok {
			return idx, t.firstPos(tp, &ks.s[i])
		}
	}
	tp.mu.Lock()
	defer tp.mu.Unlock()
	if tp.n >= tp.limit {
		tp.grow()
	}
	ks := tp.slots.Load()
	i, idx, ok := tp.probe(ks, h, key)
	if ok {
		return idx, t.firstPos(tp, &ks.s[i])
	}
	off, need := tp.used, len(key)
	if t.withPos {
		need += 8
	}
	if off+need > maxArena {
		panic("analyze: more than 4 GiB of distinct customer keys in one table")
	}
	a := tp.arena.Load()
	if a == nil || off+need > len(a.b) {
		size := 16 << 10
		if a != nil {
			size = 2 * len(a.b)
		}
		na := &keyArena{b: make([]byte, min(max(size, off+need), maxArena))}
		if a != nil {
			copy(na.b, a.b[:off])
		}
		tp.arena.Store(na)
		a = na
	}
	copy(a.b[off:], key)
	if t.withPos {
		binary.LittleEndian.PutUint64(a.b[off+len(key):], pos)
	}
	tp.used += need
	idx = int32(tp.n*keyParts + keyPart(h))
	tp.n++
	s := &ks.s[i]
	s.tag, s.off, s.idx = uint32(h>>32), uint32(off), idx
	s.size.Store(uint32(len(key))) // publishes the slot
	return idx, pos
}

// firstPos returns the position stored after the key in slot s, if any.
func (t *keyTable) firstPos(tp *keyTablePart, s *keySlot) uint64 {
	if !t.withPos {
		return 0
	}
	return binary.LittleEndian.Uint64(tp.arena.Load().b[s.off+s.size.Load():])
}

// probe returns the slot holding key, or the empty slot where it belongs.
func (tp *keyTablePart) probe(ks *keySlots, h uint64, key []byte) (i uint32, idx int32, found bool) {
	tag := uint32(h >> 32)
	size := uint32(len(key))
	for i = tag & ks.mask; ; i = (i + 1) & ks.mask {
		s := &ks.s[i]
		n := s.size.Load()
		if n == 0 {
			return i, 0, false
		}
		if s.tag == tag && n == size {
			// The arena loaded after the slot holds its key.
			if string(tp.arena.Load().b[s.off:s.off+size]) == string(key) {
				return i, s.idx, true
			}
		}
	}
}

// grow replaces the slots with twice as many (the first 1024) and
// reinserts the keys by their tags: no key is hashed again. Under mu.
func (tp *keyTablePart) grow() {
	n := 1024
	old := tp.slots.Load()
	if old != nil {
		n = 2 * len(old.s)
	}
	ks := &keySlots{s: make([]keySlot, n), mask: uint32(n - 1)}
	if old != nil {
		for j := range old.s {
			s := &old.s[j]
			size := s.size.Load()
			if size == 0 {
				continue
			}
			i := s.tag & ks.mask
			for ks.s[i].size.Load() != 0 {
				i = (i + 1) & ks.mask
			}
			d := &ks.s[i]
			d.tag, d.off, d.idx = s.tag, s.off, s.idx
			d.size.Store(size)
		}
	}
	tp.limit = n / 4 * 3
	tp.slots.Store(ks)
}

// each calls f with the index and the bytes of every key. Not concurrently
// with get.
func (t *keyTable) each(f func(idx int32, key []byte)) {
	for p := range t.parts {
		tp := &t.parts[p]
		ks := tp.slots.Load()
		if ks == nil {
			continue
		}
		a := tp.arena.Load()
		for j := range ks.s {
			s := &ks.s[j]
			if n := s.size.Load(); n != 0 {
				f(s.idx, a.b[s.off:s.off+n])
			}
		}
	}
}
