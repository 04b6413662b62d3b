package btyd

import (
	"math"
	"runtime"
	"slices"
	"sync"
)

// patterns groups customers by (x, t_x, T), sorted by x, then T, then t_x.
// The likelihood is the same for every customer of a pattern, so it is
// computed once and weighted: with day-resolution dates a million customers
// make about a hundred thousand patterns, and the sum is exact.
//
// Each core owns the patterns whose hash falls in its share: it reads all
// customers, keeps its own in an open-addressing table and sorts them, so no
// tables are merged and the sorted shares only interleave at the end. With
// purchase times not rounded to days nearly every repeat customer is a
// pattern of their own, and a general map's hashing and merging were most
// of a fit's time.
func patterns(cs []Customer) []pattern {
	workers := runtime.GOMAXPROCS(0)
	if len(cs) < 1<<16 {
		workers = 1
	}
	parts := make([][]pattern, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := newPatternTable(len(cs) / workers / 3) // no growth at 2 customers a pattern
			for _, c := range cs {
				// t_x is 0 without repeats; +0 turns a −0 into 0 (the
				// table compares bits through the hash).
				tx, T := c.Tx+0, c.T+0
				if c.X == 0 {
					tx = 0
				}
				h := patternHash(int32(c.X), tx, T)
				if workers > 1 && int((h>>32)*uint64(workers)>>32) != w {
					continue
				}
				t.add(h, int32(c.X), tx, T)
			}
			ps := make([]pattern, 0, t.n)
			for _, s := range t.slots {
				if s.w != 0 {
					ps = append(ps, pattern{float64(s.x), s.tx, s.T, float64(s.w)})
				}
			}
			slices.SortFunc(ps, comparePatterns)
			parts[w] = ps
		}()
	}
	wg.Wait()
	for len(parts) > 1 {
		merged := parts[:0]
		for i := 0; i < len(parts); i += 2 {
			if i+1 == len(parts) {
				merged = append(merged, parts[i])
				continue
			}
			merged = append(merged, mergePatterns(parts[i], parts[i+1]))
		}
		parts = merged
	}
	return parts[0]
}

// comparePatterns orders patterns by x, T, t_x (none is NaN).
func comparePatterns(a, b pattern) int {
	switch {
	case a.x != b.x:
		return cmpFloat(a.x, b.x)
	case a.T != b.T:
		return cmpFloat(a.T, b.T)
	default:
		return cmpFloat(a.tx, b.tx)
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// mergePatterns merges two sorted shares; no pattern is in both.
func mergePatterns(a, b []pattern) []pattern {
	out := make([]pattern, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if comparePatterns(a[i], b[j]) < 0 {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// patternHash mixes the bits of (x, t_x, T) (splitmix64's finaliser).
func patternHash(x int32, tx, T float64) uint64 {
	h := mix64(uint64(x)*0x9e3779b97f4a7c15 ^ math.Float64bits(tx))
	return mix64(h ^ math.Float64bits(T))
}

func mix64(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	return h ^ h>>31
}

// patternTable counts customers per pattern with linear probing; a slot
// with weight 0 is empty.
type patternTable struct {
	slots []patternSlot
	n     int
}

type patternSlot struct {
	x, w  int32
	tx, T float64
}

func newPatternTable(hint int) *patternTable {
	size := 1024
	for size < 2*hint {
		size *= 2
	}
	return &patternTable{slots: make([]patternSlot, size)}
}

func (t *patternTable) add(h uint64, x int32, tx, T float64) {
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.w == 0 {
			*s = patternSlot{x, 1, tx, T}
			t.n++
			if 4*t.n > 3*len(t.slots) {
				t.grow()
			}
			return
		}
		if s.x == x && s.tx == tx && s.T == T {
			s.w++
			return
		}
	}
}

func (t *patternTable) grow() {
	old := t.slots
	t.slots = make([]patternSlot, 2*len(old))
	mask := uint64(len(t.slots) - 1)
	for _, s := range old {
		if s.w == 0 {
			continue
		}
		i := patternHash(s.x, s.tx, s.T) & mask
		for t.slots[i].w != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}
