// Package aggs holds KQL's aggregation functions (the ones summarize
// accepts). Each keeps compact per-group state: the executor creates one
// State per group and feeds it the evaluated arguments of every row
// (constant arguments such as make_set's cap included).
//
// Semantic choices shared by the aggregates (details at each one):
//   - Nulls are ignored (count(x) still counts every row). For min, max
//     and arg_max/arg_min keys, "" is string's null and is skipped too;
//     dcount, make_set and make_list keep "" as a value.
//   - Results over no rows equal summarize's documented defaults:
//     count/countif/dcount/dcountif/count_distinct/sum/sumif/variance/
//     varianceif/stdev/stdevif → 0, make_* → [], avg → NaN, others null
//     ("" for string results).
//   - make_list/make_set/make_bag keep first-seen order (Kusto's is
//     undefined), so a cap keeps the first N values; values beyond the cap
//     are dropped. dcount is deterministic.
//   - Retained strings and dynamic payloads are shared with the input,
//     which the engine never mutates.
package aggs

import (
	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// State accumulates one group.
type State interface {
	// Add folds in one row's evaluated arguments (same order as the call).
	// It must not retain args; it copies what it keeps.
	Add(args []table.Value)
	// Result returns the aggregate of everything added so far. It may be
	// called more than once and does not disturb the state; the value it
	// returns is not modified by later Adds.
	Result() table.Value
}

// The optional interfaces below are implemented by some States; the
// executor discovers them with a type assertion once per aggregate (all
// States of one Impl are of the same concrete type).

// MultiState is implemented by the State of an aggregate with several
// output columns (len(Impl.Columns) > 1, e.g. percentiles(x, 5, 50, 95)).
type MultiState interface {
	State
	// Results appends one value per Impl.Columns entry to dst.
	Results(dst []table.Value) []table.Value
}

// Merger is implemented by States that can absorb another State of the
// same Impl (partial aggregation in parallel); every State in this package
// does. Merging partitions in input order keeps first-seen semantics
// (make_list order, make_set caps, take_any). other must not be used
// afterwards.
type Merger interface {
	Merge(other State)
}

// Errer is implemented by States that retain memory (make_*, dcount,
// dcountif, count_distinct*, percentile*, buildschema). Err reports the first error Env.OnMemory
// returned for this aggregate call site; from then on the States of that
// call site drop further values. (The executor also sees the error from
// its own OnMemory callback and may check that instead.)
type Errer interface {
	Err() error
}

// Impl is a bound aggregate.
type Impl struct {
	Type table.Type
	New  func() State
	// Empty is the result over no rows when summarize has no by-clause
	// (count → 0, make_set → [], most others → null). Result of a fresh
	// State must equal it.

	// Columns is set when the default output name needs a suffix or the
	// aggregate yields several columns: percentile(x, 95) has one column
	// named percentile_x_95; percentiles(x, 5, 95) has two. Each column is
	// named Prefix + "_" + <first argument name> + "_" + NameSuffix. Type
	// equals Columns[0].Type. With more than one column the State is a
	// MultiState. Nil for ordinary single-column aggregates.
	Columns []Column
}

// Column is one output column of a multi-column aggregate.
type Column struct {
	Type       table.Type
	NameSuffix string
}

// Agg is an aggregation function.
type Agg struct {
	Name    string
	MinArgs int
	MaxArgs int // -1: variadic
	// Prefix builds the default column name: Prefix + "_" + name of the
	// first argument ("count_", "dcount_RemoteUrl", "set_x").
	Prefix string
	// Bind checks argument types (funcs.Arg.Const holds constant
	// arguments such as make_set's size cap) and returns the
	// implementation. env.Limits may cap memory-hungry aggregates.
	// Errors blaming one argument are *funcs.ArgError. env may be nil.
	Bind func(env *Env, args []funcs.Arg) (Impl, error)

	// NameArgs is how many leading argument names join the default column
	// name: 0 means 1 (Prefix_x); covariance(x, y) has 2 (covariance_x_y).
	// An empty Prefix means the name is the first argument's name alone
	// (take_any(x) → x, take_anyif, binary_all_*).
	NameArgs int
	// RowSelector marks arg_max, arg_min, argmax, argmin, take_any and any:
	// called with several arguments or * they yield several columns from
	// one row, which the executor builds with ArgBest / AnyRow. Their Bind
	// accepts any argument count and returns an Impl over the first
	// argument only (arg_max: the maximal key; take_any: one value), which
	// is exactly the one-argument form.
	RowSelector bool
}

// Env carries limits for aggregates.
type Env struct {
	funcs.Env
	// MaxListSize caps make_list/make_set elements (Kusto's default is
	// 1,048,576; the deprecated makelist/makeset cap at 128).
	MaxListSize int
	// OnMemory is called with a growth in bytes by aggregates that hold
	// lists; it returns an error when the query's memory budget is spent.
	// Deltas are positive (memory is not reported back when freed). It is
	// called from Add and Merge, so it must be safe for concurrent use if
	// States are fed concurrently. After it fails once, the States of that
	// call site stop calling it and drop further values (see Errer).
	OnMemory func(delta int64) error
}

var registry = map[string]*Agg{}

// Register adds a under its name and aliases.
func Register(a *Agg, aliases ...string) {
	for _, n := range append([]string{a.Name}, aliases...) {
		if _, dup := registry[n]; dup {
			panic("aggs: duplicate registration of " + n)
		}
		registry[n] = a
	}
}

// Lookup returns the aggregate named name, or nil.
func Lookup(name string) *Agg { return registry[name] }

// Names returns every registered aggregate name.
func Names() []string {
	out := make([]string, 0, len(registry))
	for n := range registry {
		out = append(out, n)
	}
	return out
}
