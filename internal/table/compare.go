package table

import (
	"encoding/binary"
	"math"
	"strings"
)

// Equal is KQL's == on two non-null values: numbers compare by value across
// int, long and real; strings compare ordinally (case-sensitive); arrays and
// bags compare structurally. Callers handle null first.
func Equal(a, b Value) bool {
	if a.K == b.K {
		switch a.K {
		case KNull:
			return true
		case KBool, KInt, KLong, KDatetime, KTimespan:
			return a.I == b.I
		case KReal, KDecimal:
			return a.F == b.F
		case KString:
			return a.S == b.S
		case KGuid:
			return strings.EqualFold(a.S, b.S)
		case KArray:
			if len(a.D.Arr) != len(b.D.Arr) {
				return false
			}
			for i := range a.D.Arr {
				if !Equal(a.D.Arr[i], b.D.Arr[i]) {
					return false
				}
			}
			return true
		case KBag:
			if len(a.D.Keys) != len(b.D.Keys) {
				return false
			}
			for i, k := range a.D.Keys {
				bv, ok := b.BagGet(k)
				if !ok || !Equal(a.D.Vals[i], bv) {
					return false
				}
			}
			return true
		}
		return false
	}
	if a.IsNumber() && b.IsNumber() {
		if (a.K == KInt || a.K == KLong) && (b.K == KInt || b.K == KLong) {
			return a.I == b.I
		}
		af, _ := a.AsFloat()
		bf, _ := b.AsFloat()
		return af == bf
	}
	// A dynamic string against a guid or string compares by text.
	if (a.K == KString || a.K == KGuid) && (b.K == KString || b.K == KGuid) {
		return strings.EqualFold(a.S, b.S)
	}
	return false
}

// Compare orders two values: negative when a sorts before b. Nulls sort
// first; NaN sorts right after null, before every number (Kusto's order is
// null, NaN, -inf, ..., +inf). Values of unrelated kinds order by kind.
func Compare(a, b Value) int {
	if a.K == KNull || b.K == KNull {
		return sign(a, b)
	}
	if a.IsNumber() && b.IsNumber() {
		if (a.K == KInt || a.K == KLong) && (b.K == KInt || b.K == KLong) {
			return cmpInt(a.I, b.I)
		}
		af, _ := a.AsFloat()
		bf, _ := b.AsFloat()
		an, bn := math.IsNaN(af), math.IsNaN(bf)
		switch {
		case an && bn:
			return 0
		case an:
			return -1
		case bn:
			return 1
		case af < bf:
			return -1
		case af > bf:
			return 1
		}
		return 0
	}
	if a.K != b.K {
		return cmpInt(int64(a.K), int64(b.K))
	}
	switch a.K {
	case KBool, KDatetime, KTimespan:
		return cmpInt(a.I, b.I)
	case KString, KGuid:
		return strings.Compare(a.S, b.S)
	case KArray, KBag:
		return strings.Compare(string(AppendJSON(nil, a)), string(AppendJSON(nil, b)))
	}
	return 0
}

// sign handles the null cases of Compare: null before anything else.
func sign(a, b Value) int {
	switch {
	case a.K == KNull && b.K == KNull:
		return 0
	case a.K == KNull:
		return -1
	default:
		return 1
	}
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// AppendKey appends an unambiguous binary encoding of v, used to group and
// join by value. Equal values of the same static type encode equally;
// strings encode with their length so concatenated keys never collide.
func AppendKey(b []byte, v Value) []byte {
	b = append(b, byte(v.K))
	switch v.K {
	case KNull:
	case KBool, KInt, KLong, KDatetime, KTimespan:
		b = binary.LittleEndian.AppendUint64(b, uint64(v.I))
	case KReal, KDecimal:
		f := v.F
		if f == 0 {
			f = 0 // fold -0 into 0
		}
		if math.IsNaN(f) {
			f = math.NaN()
		}
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	case KString:
		b = binary.AppendUvarint(b, uint64(len(v.S)))
		b = append(b, v.S...)
	case KGuid:
		b = binary.AppendUvarint(b, uint64(len(v.S)))
		b = append(b, strings.ToLower(v.S)...)
	case KArray, KBag:
		j := AppendJSON(nil, SortedBag(v))
		b = binary.AppendUvarint(b, uint64(len(j)))
		b = append(b, j...)
	}
	return b
}
