// Package aggs holds KQL's aggregation functions (the ones summarize
// accepts). Each keeps compact per-group state: the executor creates one
// State per group and feeds it the evaluated arguments of every row.
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
	// Result returns the aggregate of everything added so far.
	Result() table.Value
}

// Impl is a bound aggregate.
type Impl struct {
	Type table.Type
	New  func() State
	// Empty is the result over no rows when summarize has no by-clause
	// (count → 0, make_set → [], most others → null). Result of a fresh
	// State must equal it.
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
	Bind func(env *Env, args []funcs.Arg) (Impl, error)
}

// Env carries limits for aggregates.
type Env struct {
	funcs.Env
	// MaxListSize caps make_list/make_set elements (Kusto's default is
	// 1,048,576; the deprecated makelist/makeset cap at 128).
	MaxListSize int
	// OnMemory is called with a growth in bytes by aggregates that hold
	// lists; it returns an error when the query's memory budget is spent.
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
