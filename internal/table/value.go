package table

import (
	"math"
	"time"
)

// Kind is the runtime kind of a Value. Static type dynamic has no kind of
// its own: a dynamic cell holds any scalar kind, an Array or a Bag.
type Kind uint8

// The runtime kinds. KNull is the kind of every null, typed or dynamic.
const (
	KNull Kind = iota
	KBool
	KInt
	KLong
	KReal
	KDecimal
	KDatetime
	KTimespan
	KString
	KGuid
	KArray
	KBag
)

// Value is one KQL cell. Which fields are meaningful depends on K:
// I holds bool (0/1), int, long, datetime and timespan ticks; F holds real
// and decimal; S holds string and guid text; D holds arrays and bags.
// The zero Value is null.
type Value struct {
	K Kind
	I int64
	F float64
	S string
	D *Dyn
}

// Dyn is the payload of a dynamic array or property bag. Bags keep their
// keys in insertion order; Kusto does not promise an order, so callers
// that need a stable text sort the keys (see AppendJSON).
type Dyn struct {
	Arr  []Value
	Keys []string
	Vals []Value
}

// Null is the null value.
var Null = Value{}

// EmptyString is "", which is what a missing string is in Kusto.
var EmptyString = Value{K: KString}

// Constructors.

func NewBool(b bool) Value {
	if b {
		return Value{K: KBool, I: 1}
	}
	return Value{K: KBool}
}
func NewInt(i int64) Value          { return Value{K: KInt, I: int64(int32(i))} }
func NewLong(i int64) Value         { return Value{K: KLong, I: i} }
func NewReal(f float64) Value       { return Value{K: KReal, F: f} }
func NewDecimal(f float64) Value    { return Value{K: KDecimal, F: f} }
func NewString(s string) Value      { return Value{K: KString, S: s} }
func NewGuid(s string) Value        { return Value{K: KGuid, S: s} }
func NewDatetime(ticks int64) Value { return Value{K: KDatetime, I: ticks} }
func NewTimespan(ticks int64) Value { return Value{K: KTimespan, I: ticks} }

// NewArray wraps elements as a dynamic array.
func NewArray(elems []Value) Value {
	if elems == nil {
		elems = []Value{}
	}
	return Value{K: KArray, D: &Dyn{Arr: elems}}
}

// NewBag builds a property bag; keys and vals must have equal length.
func NewBag(keys []string, vals []Value) Value {
	return Value{K: KBag, D: &Dyn{Keys: keys, Vals: vals}}
}

// IsNull reports whether v is null.
func (v Value) IsNull() bool { return v.K == KNull }

// Bool returns the truth of a bool value; null and other kinds are false.
func (v Value) Bool() bool { return v.K == KBool && v.I != 0 }

// IsTrue reports whether v is exactly true: what where keeps.
func (v Value) IsTrue() bool { return v.K == KBool && v.I != 0 }

// Array returns the elements of an array value, or nil.
func (v Value) Array() []Value {
	if v.K == KArray {
		return v.D.Arr
	}
	return nil
}

// BagGet looks a key up in a bag value.
func (v Value) BagGet(key string) (Value, bool) {
	if v.K != KBag {
		return Null, false
	}
	for i, k := range v.D.Keys {
		if k == key {
			return v.D.Vals[i], true
		}
	}
	return Null, false
}

// NullOf returns the value a missing cell of type t takes: "" for strings
// (strings are never null in Kusto), null otherwise.
func NullOf(t Type) Value {
	if t == String {
		return EmptyString
	}
	return Null
}

// AsFloat returns a numeric value as float64.
func (v Value) AsFloat() (float64, bool) {
	switch v.K {
	case KInt, KLong:
		return float64(v.I), true
	case KReal, KDecimal:
		return v.F, true
	}
	return 0, false
}

// IsNumber reports whether v is an int, long, real or decimal.
func (v Value) IsNumber() bool {
	return v.K == KInt || v.K == KLong || v.K == KReal || v.K == KDecimal
}

// Time and ticks. Kusto counts 100 ns ticks from 0001-01-01T00:00:00Z.

const (
	TicksPerMicrosecond int64 = 10
	TicksPerMillisecond int64 = 10_000
	TicksPerSecond      int64 = 10_000_000
	TicksPerMinute            = 60 * TicksPerSecond
	TicksPerHour              = 60 * TicksPerMinute
	TicksPerDay               = 24 * TicksPerHour

	// UnixEpochTicks is 1970-01-01T00:00:00Z in ticks.
	UnixEpochTicks int64 = 621_355_968_000_000_000
	// MaxDatetimeTicks is 9999-12-31T23:59:59.9999999Z.
	MaxDatetimeTicks int64 = 3_155_378_975_999_999_999
)

// TicksFromTime converts a time.Time to Kusto ticks.
func TicksFromTime(t time.Time) int64 {
	t = t.UTC()
	return UnixEpochTicks + t.Unix()*TicksPerSecond + int64(t.Nanosecond())/100
}

// TimeFromTicks converts Kusto ticks to a UTC time.Time.
func TimeFromTicks(ticks int64) time.Time {
	d := ticks - UnixEpochTicks
	sec := floorDiv(d, TicksPerSecond)
	rem := d - sec*TicksPerSecond
	return time.Unix(sec, rem*100).UTC()
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// NewDatetimeFromTime builds a datetime value from a time.Time.
func NewDatetimeFromTime(t time.Time) Value { return NewDatetime(TicksFromTime(t)) }

// ValidDatetime reports whether ticks is in Kusto's datetime range.
func ValidDatetime(ticks int64) bool { return ticks >= 0 && ticks <= MaxDatetimeTicks }

// RealIsNaN reports whether v is a NaN real.
func (v Value) RealIsNaN() bool { return v.K == KReal && math.IsNaN(v.F) }

// Type returns the static type a value of this kind has: arrays and bags
// are dynamic, null is Unknown (an untyped null).
func (v Value) Type() Type {
	switch v.K {
	case KBool:
		return Bool
	case KInt:
		return Int
	case KLong:
		return Long
	case KReal:
		return Real
	case KDecimal:
		return Decimal
	case KDatetime:
		return Datetime
	case KTimespan:
		return Timespan
	case KString:
		return String
	case KGuid:
		return Guid
	case KArray, KBag:
		return Dynamic
	}
	return Unknown
}
