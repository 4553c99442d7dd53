package aggs

import (
	"sync/atomic"

	"reconwatch/internal/table"
)

// budget forwards memory growth to Env.OnMemory and remembers the first
// error. One budget serves every State of a call site; a nil budget means
// no accounting.
type budget struct {
	on  func(int64) error
	err atomic.Pointer[error]
}

func newBudget(env *Env) *budget {
	if env == nil || env.OnMemory == nil {
		return nil
	}
	return &budget{on: env.OnMemory}
}

// charge reports n more bytes retained; false means the budget is spent
// and the caller must not keep the value.
func (b *budget) charge(n int64) bool {
	if b == nil {
		return true
	}
	if b.err.Load() != nil {
		return false
	}
	if n <= 0 {
		return true
	}
	if err := b.on(n); err != nil {
		b.err.CompareAndSwap(nil, &err)
		return false
	}
	return true
}

// Err returns the budget's error, if any.
func (b *budget) Err() error {
	if b == nil {
		return nil
	}
	if p := b.err.Load(); p != nil {
		return *p
	}
	return nil
}

// valueSet is a set of values in insertion order. Up to linearMax
// elements it is a plain slice scanned linearly (the common small group
// costs one slice); beyond that an open-addressing index of positions is
// built.
type valueSet struct {
	vals []table.Value
	idx  []uint32 // 0 = empty slot, else position+1; len is a power of 2
}

const linearMax = 8

// lookup returns the position of v (hash h), or -1.
func (s *valueSet) lookup(v table.Value, h uint64) int {
	if s.idx == nil {
		for i := range s.vals {
			if sameKey(s.vals[i], v) {
				return i
			}
		}
		return -1
	}
	mask := uint64(len(s.idx) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		p := s.idx[i]
		if p == 0 {
			return -1
		}
		if sameKey(s.vals[p-1], v) {
			return int(p - 1)
		}
	}
}

// add inserts v unless present. It reports whether v was inserted; b is
// charged for the growth and a refused charge leaves the set unchanged.
func (s *valueSet) add(v table.Value, b *budget) bool {
	var h uint64
	if s.idx != nil || len(s.vals) >= linearMax {
		h = hashValue(v)
	}
	if s.lookup(v, h) >= 0 {
		return false
	}
	return s.insert(v, h, b)
}

// insert appends v, known to be absent, with hash h (computed here if the
// set is still linear and needs an index after the insert).
func (s *valueSet) insert(v table.Value, h uint64, b *budget) bool {
	n := len(s.vals) + 1
	cost := valueBytes(v)
	grow := n > linearMax && (s.idx == nil || n*4 > len(s.idx)*3)
	var newSize int
	if grow {
		newSize = 32
		if s.idx != nil {
			newSize = len(s.idx) * 2
		}
		cost += int64(newSize-len(s.idx)) * 4
	}
	if !b.charge(cost) {
		return false
	}
	s.vals = append(s.vals, v)
	if grow {
		s.idx = make([]uint32, newSize)
		mask := uint64(newSize - 1)
		for p := range s.vals {
			hv := h
			if p != n-1 {
				hv = hashValue(s.vals[p])
			}
			i := hv & mask
			for s.idx[i] != 0 {
				i = (i + 1) & mask
			}
			s.idx[i] = uint32(p + 1)
		}
		return true
	}
	if s.idx != nil {
		mask := uint64(len(s.idx) - 1)
		i := h & mask
		for s.idx[i] != 0 {
			i = (i + 1) & mask
		}
		s.idx[i] = uint32(n)
	}
	return true
}

func (s *valueSet) len() int { return len(s.vals) }
