package aggs

import (
	"bytes"
	"math"
	"math/bits"
	"strings"
	"unsafe"

	"reconwatch/internal/table"
)

// Value identity for sets and distinct counts. Two values are the same key
// exactly when table.AppendKey encodes them equally: same kind, same
// payload, guids case-insensitive, -0 == 0, all NaNs equal, arrays and bags
// by their sorted JSON text. hashValue and sameKey implement that without
// allocating for scalars.

const (
	hk0 = 0xa0761d6478bd642f
	hk1 = 0xe7037ed1a0b428db
	hk2 = 0x8ebc6af09c88c6e3
	hk3 = 0x589965cc75374cc3
)

// mum is the 64x64→128 multiply-fold at the core of wyhash.
func mum(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// fmix is MurmurHash3's 64-bit finalizer (a bijection with full avalanche).
func fmix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// hashString is a deterministic wyhash-style hash of s. Determinism keeps
// dcount estimates reproducible between runs.
func hashString(seed uint64, s string) uint64 {
	h := mum(seed^hk0, uint64(len(s))^hk1)
	for len(s) >= 16 {
		h = mum(le64(s)^hk1, le64(s[8:])^h)
		s = s[16:]
	}
	if len(s) >= 8 {
		h = mum(le64(s)^hk2, h^hk1)
		s = s[8:]
	}
	var t uint64
	for i := 0; i < len(s); i++ {
		t |= uint64(s[i]) << (8 * i)
	}
	return fmix(mum(t^hk3, h^hk2))
}

func hashInt(kind table.Kind, x uint64) uint64 {
	return fmix(mum(x^hk1, uint64(kind)^hk2) ^ x)
}

// normFloat folds -0 into 0 and every NaN into one NaN, as AppendKey does.
func normFloat(f float64) uint64 {
	if f == 0 {
		return 0
	}
	if f != f {
		return math.Float64bits(math.NaN())
	}
	return math.Float64bits(f)
}

func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

// hashValue hashes v consistently with sameKey.
func hashValue(v table.Value) uint64 {
	switch v.K {
	case table.KNull:
		return hk3
	case table.KBool, table.KInt, table.KLong, table.KDatetime, table.KTimespan:
		return hashInt(v.K, uint64(v.I))
	case table.KReal, table.KDecimal:
		return hashInt(v.K, normFloat(v.F))
	case table.KString:
		return hashString(uint64(table.KString), v.S)
	case table.KGuid:
		s := v.S
		if hasUpperASCII(s) {
			s = strings.ToLower(s)
		}
		return hashString(uint64(table.KGuid), s)
	}
	k := table.AppendKey(nil, v)
	return hashString(uint64(v.K), unsafe.String(unsafe.SliceData(k), len(k)))
}

// sameKey reports whether a and b are the same set element.
func sameKey(a, b table.Value) bool {
	if a.K != b.K {
		return false
	}
	switch a.K {
	case table.KNull:
		return true
	case table.KBool, table.KInt, table.KLong, table.KDatetime, table.KTimespan:
		return a.I == b.I
	case table.KReal, table.KDecimal:
		return normFloat(a.F) == normFloat(b.F)
	case table.KString:
		return a.S == b.S
	case table.KGuid:
		return strings.EqualFold(a.S, b.S)
	}
	if a.D == b.D {
		return true
	}
	return bytes.Equal(table.AppendKey(nil, a), table.AppendKey(nil, b))
}

// valueBytes estimates the memory a retained value holds.
func valueBytes(v table.Value) int64 {
	n := int64(unsafe.Sizeof(v)) + int64(len(v.S))
	if v.D != nil {
		n += dynBytes(v.D)
	}
	return n
}

func dynBytes(d *table.Dyn) int64 {
	n := int64(unsafe.Sizeof(*d))
	for _, e := range d.Arr {
		n += valueBytes(e)
	}
	for i, k := range d.Keys {
		n += 16 + int64(len(k)) + valueBytes(d.Vals[i])
	}
	return n
}

const valueSize = int64(unsafe.Sizeof(table.Value{}))
