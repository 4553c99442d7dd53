package table

import "strings"

// Type is a static KQL scalar type, as declared by a schema or inferred by
// the checker.
type Type uint8

// The KQL scalar types. Unknown marks a type the checker could not infer.
const (
	Unknown Type = iota
	Bool
	Int
	Long
	Real
	Decimal
	Datetime
	Timespan
	String
	Guid
	Dynamic
)

var typeNames = [...]string{
	Unknown:  "unknown",
	Bool:     "bool",
	Int:      "int",
	Long:     "long",
	Real:     "real",
	Decimal:  "decimal",
	Datetime: "datetime",
	Timespan: "timespan",
	String:   "string",
	Guid:     "guid",
	Dynamic:  "dynamic",
}

// String returns Kusto's canonical name of the type.
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "unknown"
}

// IsNumeric reports whether t is int, long, real or decimal.
func (t Type) IsNumeric() bool {
	return t == Int || t == Long || t == Real || t == Decimal
}

// IsInteger reports whether t is int or long.
func (t Type) IsInteger() bool { return t == Int || t == Long }

// ParseType maps a KQL type name or alias (case-sensitive, as in Kusto, but
// also accepting the System.* names Sentinel schemas use) to its Type.
func ParseType(name string) (Type, bool) {
	switch name {
	case "bool", "boolean", "System.Boolean", "System.SByte":
		return Bool, true
	case "int", "System.Int32":
		return Int, true
	case "long", "System.Int64":
		return Long, true
	case "real", "double", "System.Double", "System.Single", "float":
		return Real, true
	case "decimal", "System.Decimal":
		return Decimal, true
	case "datetime", "date", "System.DateTime":
		return Datetime, true
	case "timespan", "time", "System.TimeSpan":
		return Timespan, true
	case "string", "System.String":
		return String, true
	case "guid", "uuid", "uniqueid", "System.Guid":
		return Guid, true
	case "dynamic", "System.Object":
		return Dynamic, true
	}
	// Schemas exported by tools vary in case ("String", "DateTime").
	switch strings.ToLower(name) {
	case "bool", "boolean":
		return Bool, true
	case "int", "int32":
		return Int, true
	case "long", "int64":
		return Long, true
	case "real", "double":
		return Real, true
	case "datetime", "date":
		return Datetime, true
	case "timespan":
		return Timespan, true
	case "string":
		return String, true
	case "guid":
		return Guid, true
	case "dynamic", "object":
		return Dynamic, true
	case "decimal":
		return Decimal, true
	}
	return Unknown, false
}

// Kind is the runtime kind a non-null value of type t carries, or KNull
// for dynamic and unknown (which hold any kind).
func (t Type) Kind() Kind {
	switch t {
	case Bool:
		return KBool
	case Int:
		return KInt
	case Long:
		return KLong
	case Real:
		return KReal
	case Decimal:
		return KDecimal
	case Datetime:
		return KDatetime
	case Timespan:
		return KTimespan
	case String:
		return KString
	case Guid:
		return KGuid
	}
	return KNull
}
