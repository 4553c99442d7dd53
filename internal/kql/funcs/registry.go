// Package funcs holds KQL's built-in scalar functions: their signatures,
// result types, default result names and implementations.
//
// A function is bound once per call site at plan time (Bind), with the
// static types of its arguments and the values of its constant arguments,
// so that per-row evaluation does no type dispatch it can avoid and
// compiles no regex twice.
package funcs

import (
	"fmt"

	"reconwatch/internal/table"
)

// Env is what binding may depend on besides the arguments.
type Env struct {
	// Now is the query's reference instant in ticks: now() and ago() use it
	// for the whole query.
	Now int64
	// MaxRegexSize bounds a compiled regex program (bytes of pattern text).
	MaxRegexSize int
}

// DefaultMaxRegexSize is the default bound on regex pattern length.
const DefaultMaxRegexSize = 64 << 10

// Arg describes one argument at a call site.
type Arg struct {
	Type table.Type
	// Const holds the argument's value when it is a constant known at bind
	// time (a literal, a let-bound constant or a folded expression).
	Const *table.Value
	// IsTypeOf marks a typeof(T) argument (extract's last argument, for
	// example); Type then holds T and Const points at a null value.
	IsTypeOf bool
}

// EvalFunc computes a function from evaluated arguments. It must not
// retain args.
type EvalFunc func(args []table.Value) table.Value

// Impl is a bound function: its result type and implementation.
type Impl struct {
	Type table.Type
	Eval EvalFunc
	// Tuple > 0 says the call yields Tuple columns when it stands alone
	// as a print, extend or project item (array_sort_asc(a, b) yields
	// two), named by Func.TupleName. With Tuple > 1, Eval returns a
	// dynamic array holding one value per column (which is also the
	// call's value inside a larger expression); with Tuple == 1 it
	// returns the single column's value.
	Tuple int
	// TupleTypes, when set, types the tuple's columns (series_stats'
	// min is real, min_idx long); nil means every column is dynamic.
	TupleTypes []table.Type
}

// NameRule says how an unnamed column computed by the function is named.
type NameRule uint8

const (
	// NameColumn: generated name Column1, Column2, ...
	NameColumn NameRule = iota
	// NameFirstArg: the name of the first argument if it is a column
	// (conversions such as tostring(x) and bin(x, 1h) keep x's name).
	NameFirstArg
	// NamePrefixArg: a prefix, "_", then the first argument's name, which
	// may be empty (Kusto.Language's PrefixAndFirstArgument: strlen(x) →
	// strlen_x, strlen("a") → strlen_, gettype(x) → type_x). The prefix
	// is Func.NamePrefix, or the function's name when that is empty.
	NamePrefixArg
)

// Func is a built-in scalar function.
type Func struct {
	Name       string
	MinArgs    int
	MaxArgs    int // -1: variadic
	ResultName NameRule
	// NamePrefix is the prefix of NamePrefixArg names ("" means Name).
	NamePrefix string
	// TupleName, for functions whose Impl may set Tuple, names column i
	// of a tuple result from the name of argument i ("" when the
	// argument has none).
	TupleName func(argName string, i int) string
	// TupleFirstArg makes TupleName get the first argument's name for
	// every column (series_fit_line(y) → series_fit_line_y_slope, ...).
	TupleFirstArg bool
	// Bind checks the argument types and returns the implementation.
	// Errors should be *ArgError where one argument is at fault.
	Bind func(env *Env, args []Arg) (Impl, error)
}

// ArgError blames one argument of a call.
type ArgError struct {
	Index int // 0-based; -1 for the call as a whole
	Msg   string
}

func (e *ArgError) Error() string { return e.Msg }

// ArgErrorf builds an ArgError.
func ArgErrorf(index int, format string, args ...any) *ArgError {
	return &ArgError{Index: index, Msg: fmt.Sprintf(format, args...)}
}

var registry = map[string]*Func{}

// Register adds f under its name and any aliases. It panics on duplicates:
// registration happens in init and a duplicate is a programming error.
func Register(f *Func, aliases ...string) {
	for _, n := range append([]string{f.Name}, aliases...) {
		if _, dup := registry[n]; dup {
			panic("funcs: duplicate registration of " + n)
		}
		registry[n] = f
	}
}

// Prefix returns the prefix of f's NamePrefixArg names.
func (f *Func) Prefix() string {
	if f.NamePrefix != "" {
		return f.NamePrefix
	}
	return f.Name
}

// Lookup returns the function named name (case-sensitive), or nil.
func Lookup(name string) *Func { return registry[name] }

// Names returns every registered name, for suggestions.
func Names() []string {
	out := make([]string, 0, len(registry))
	for n := range registry {
		out = append(out, n)
	}
	return out
}
