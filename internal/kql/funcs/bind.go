package funcs

import (
	"reconwatch/internal/table"
)

// Helpers shared by the function packages for common binding patterns.

// Fixed returns a Bind that accepts any argument types the predicate
// allows and always yields ret.
func Fixed(ret table.Type, check func(args []Arg) error, eval EvalFunc) func(*Env, []Arg) (Impl, error) {
	return func(_ *Env, args []Arg) (Impl, error) {
		if check != nil {
			if err := check(args); err != nil {
				return Impl{}, err
			}
		}
		return Impl{Type: ret, Eval: eval}, nil
	}
}

// IsStringish reports whether t can stand where a string is expected:
// string itself, or dynamic (converted with tostring), or Unknown.
func IsStringish(t table.Type) bool {
	return t == table.String || t == table.Dynamic || t == table.Unknown
}

// IsNumeric reports whether t is numeric, dynamic or Unknown.
func IsNumeric(t table.Type) bool {
	return t.IsNumeric() || t == table.Dynamic || t == table.Unknown
}

// ExpectTypes checks argument i against a predicate and names the
// expectation in the error, e.g. ExpectTypes(args, 0, IsStringish, "string").
func ExpectType(args []Arg, i int, ok func(table.Type) bool, want string) error {
	if i >= len(args) {
		return nil
	}
	if !ok(args[i].Type) {
		return ArgErrorf(i, "argument %d must be %s, not %s", i+1, want, args[i].Type)
	}
	return nil
}

// Str returns the string content of v for functions that take strings:
// strings as they are, null as "", other kinds (dynamic elements) as
// tostring would render them.
func Str(v table.Value) string {
	if v.K == table.KString {
		return v.S
	}
	return v.String()
}

// CommonNumeric returns the widest numeric type of ts (int < long < real <
// decimal), or Unknown if any is not numeric. Dynamic counts as real.
func CommonNumeric(ts ...table.Type) table.Type {
	out := table.Int
	for _, t := range ts {
		switch t {
		case table.Int:
		case table.Long:
			if out == table.Int {
				out = table.Long
			}
		case table.Real, table.Dynamic:
			if out != table.Decimal {
				out = table.Real
			}
		case table.Decimal:
			out = table.Decimal
		default:
			return table.Unknown
		}
	}
	return out
}
