package plan

import (
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

// bindingKind tells what a let name stands for.
type bindingKind uint8

const (
	bindScalar  bindingKind = iota // a bound scalar expression
	bindTabular                    // a tabular expression, rebound at each reference
	bindNode                       // an already bound plan (tabular parameter, materialize)
	bindFunc                       // a user-defined function or view
)

type binding struct {
	kind bindingKind
	expr Expr        // bindScalar
	ast  syntax.Expr // bindTabular: the expression to bind
	def  *scope      // bindTabular/bindFunc: the scope it was defined in
	node Node        // bindNode
	fn   *syntax.FuncDecl
	name string
}

// scope is a lexical scope of let names. Lookups walk outwards.
type scope struct {
	parent *scope
	names  map[string]*binding
}

func newScope(parent *scope) *scope {
	return &scope{parent: parent, names: map[string]*binding{}}
}

func (s *scope) lookup(name string) *binding {
	for sc := s; sc != nil; sc = sc.parent {
		if b, ok := sc.names[name]; ok {
			return b
		}
	}
	return nil
}

func (s *scope) all() []string {
	var out []string
	for sc := s; sc != nil; sc = sc.parent {
		for n := range sc.names {
			out = append(out, n)
		}
	}
	return out
}

// rowCtx is the row an expression is evaluated against.
type rowCtx struct {
	schema table.Schema
	// join conditions resolve $left / $right against these.
	left, right table.Schema
	// inSummarize allows aggregate calls; aggregates found are collected.
	aggs *aggCollector
	// inputWidth, when > 0, is how many leading columns of schema are the
	// operator's input (extend grows schema as it binds its items;
	// pack_all() packs the input row only).
	inputWidth int
	// win, when set, collects the window function calls (row_number(),
	// prev() ...) met while binding, which the operator computes in a
	// Window node below itself; nil where window functions are not
	// allowed.
	win *windowCollector
}

func (r *rowCtx) col(name string) (int, table.Type, bool) {
	if r == nil {
		return -1, table.Unknown, false
	}
	if i := r.schema.Index(name); i >= 0 {
		return i, r.schema[i].Type, true
	}
	return -1, table.Unknown, false
}
