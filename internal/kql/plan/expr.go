package plan

import (
	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Expr is a bound scalar expression.
type Expr interface {
	Type() table.Type
}

// Const is a constant.
type Const struct {
	V table.Value
	T table.Type
}

// Col reads column Index of the current row.
type Col struct {
	Index int
	Name  string
	T     table.Type
}

// Call applies a bound function to its evaluated arguments.
type Call struct {
	Name string
	Fn   funcs.EvalFunc
	Args []Expr
	T    table.Type
}

// Unary applies Fn to one evaluated argument (string predicates with a
// constant needle, negation, conversions).
type Unary struct {
	Op string
	Fn func(table.Value) table.Value
	X  Expr
	T  table.Type
}

// Binary applies Fn to two evaluated arguments.
type Binary struct {
	Op   string
	Fn   func(a, b table.Value) table.Value
	X, Y Expr
	T    table.Type
}

// Logic is and/or with Kusto's three-valued logic: false and x → false,
// true or x → true, otherwise null if either side is null.
type Logic struct {
	And  bool
	X, Y Expr
}

// Cond is iff/case, evaluated lazily: only the chosen branch runs.
type Cond struct {
	Preds []Expr // len(Vals) == len(Preds)+1; the last value is the else
	Vals  []Expr
	T     table.Type
}

// SubScalar is toscalar(T) or a tabular expression used as a scalar: the
// first column of the first row of a plan, evaluated once per run.
type SubScalar struct {
	Plan Node
	T    table.Type
	ID   int // index into the run's cache
}

// InSet tests X against a set of values fixed before rows are read: the
// constant list items, plus the first column of Sub when a tabular
// subquery is in the list. Op is in, !in, in~, !in~.
type InSet struct {
	Op      string
	X       Expr
	Items   []table.Value // constant items, arrays flattened
	Dynamic []Expr        // non-constant items evaluated per row
	Sub     Node          // optional tabular subquery (first column)
	SubID   int
}

// HasAny is has_any / has_all with needles fixed before rows are read.
type HasAny struct {
	All     bool
	X       Expr
	Needles []string
	Dynamic []Expr
	Sub     Node
	SubID   int
}

func (e *Const) Type() table.Type     { return e.T }
func (e *Col) Type() table.Type       { return e.T }
func (e *Call) Type() table.Type      { return e.T }
func (e *Unary) Type() table.Type     { return e.T }
func (e *Binary) Type() table.Type    { return e.T }
func (e *Logic) Type() table.Type     { return table.Bool }
func (e *Cond) Type() table.Type      { return e.T }
func (e *SubScalar) Type() table.Type { return e.T }
func (e *InSet) Type() table.Type     { return table.Bool }
func (e *HasAny) Type() table.Type    { return table.Bool }

// IsConst reports whether e is a constant and returns its value.
func IsConst(e Expr) (table.Value, bool) {
	if c, ok := e.(*Const); ok {
		return c.V, true
	}
	return table.Null, false
}
