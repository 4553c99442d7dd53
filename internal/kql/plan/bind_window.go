package plan

import (
	"reconwatch/internal/kql/funcs/convfn"
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

// Window functions (row_number, prev, next, row_cumsum, row_rank_dense,
// row_rank_min, row_window_session) depend on the rows around the current
// one, so they cannot be plain functions of one row: a conditional that
// skips a branch would skip a row's contribution to a running number, and
// next() needs rows not read yet. The binder hoists every call into a
// Window node below the operator that uses it (extend, project, where,
// serialize, sort, top, summarize, print); the Window computes the call
// for every row, in order, into a hidden column, and the operator's
// expression reads that column like any other. The hidden columns are
// dropped after the operator.

var windowFuncs = map[string]WindowKind{
	"row_number":     WinRowNumber,
	"prev":           WinPrev,
	"next":           WinNext,
	"row_cumsum":     WinCumSum,
	"row_rank_dense": WinRankDense,
	"row_rank_min":   WinRankMin,
	// row_window_session(expr, maxFromFirst, maxBetween [, restart]):
	// the first value of the row's session [D:row-window-session-function.md].
	"row_window_session": WinSession,
}

// maxWindowOffset bounds prev/next offsets: the Window holds that many
// values or rows.
const maxWindowOffset = 1 << 20

// windowCollector gathers the window calls of one operator.
type windowCollector struct {
	op string // the operator, for messages
	in Node   // the operator's input, which the Window reads
	// base is the index of the first hidden column in the rows the
	// operator's expressions read (the width of the input).
	base int
	// reserved is the number of hidden columns extend reserves before
	// binding its items (its own columns come after them); -1 for the
	// other operators, whose expressions only read the input.
	reserved int
	// serialized marks operators that serialize their input themselves
	// (serialize, print).
	serialized bool
	// replaced marks input columns an earlier item of the same extend
	// has replaced: the Window would read their old values.
	replaced map[int]bool
	// checked, ok and cause cache isSerialized's answer.
	checked bool
	ok      bool
	cause   string
	calls   []*WindowCall
}

// windows lets the expressions bound in r use window functions, computed
// over in by a Window node the operator op puts below itself.
func (r *rowCtx) windows(op string, in Node) *windowCollector {
	w := &windowCollector{op: op, in: in, base: len(r.schema), reserved: -1}
	r.win = w
	return w
}

// hiddenName names hidden column k; no KQL name can spell it.
func hiddenName(k int) string { return "\x00win" + itoa(k) }

// countWindowCalls counts the window function calls written in items (a
// call inside a subquery is counted too: reserving a slot too many is
// harmless), so that extend can reserve their hidden columns before it
// binds its own.
func countWindowCalls(items []*syntax.NamedExpr, sc *scope) int {
	n := 0
	for _, it := range items {
		syntax.Inspect(it.X, func(x syntax.Node) bool {
			if c, ok := x.(*syntax.Call); ok {
				if _, win := windowFuncs[c.Fun.Name]; win {
					if bd := sc.lookup(c.Fun.Name); bd == nil || bd.kind != bindFunc {
						n++
					}
				}
			}
			return true
		})
	}
	return n
}

// isSerialized reports whether the collector's input is a serialized row
// set, in which window functions may be used, and if not, what lost the
// order.
func (w *windowCollector) isSerialized() (bool, string) {
	if w.serialized {
		return true, ""
	}
	if !w.checked {
		w.checked = true
		w.ok, w.cause = isSerialized(w.in)
	}
	return w.ok, w.cause
}

// isSerialized reports whether n's rows are in a defined order that window
// functions may use [D:serialize-operator.md, D:window-functions.md]:
// sort, top, range, serialize and getschema produce one; where, extend,
// project*, take, parse, mv-expand, as and the like keep their input's;
// summarize, distinct, count, join, lookup, union and evaluate lose it.
// A table is not serialized. datatable and print (Values) are taken as
// serialized, their rows being in written order (inferred: the docs list
// neither). mv-expand keeps the order per window-functions.md, though
// serialize-operator.md lists it as nonserialized. When n is not
// serialized, cause names the operator or table that lost the order.
func isSerialized(n Node) (ok bool, cause string) {
	for {
		switch m := n.(type) {
		case *Sort, *Range, *Serialize, *Values:
			return true, ""
		case *Filter:
			n = m.In
		case *Compute:
			n = m.In
		case *Extend:
			n = m.In
		case *Window:
			n = m.In
		case *Take:
			n = m.In
		case *Parse:
			n = m.In
		case *MvExpand:
			n = m.In
		case *Named:
			n = m.In
		case *Materialize:
			n = m.In
		case *Scan:
			return false, "table '" + m.Table + "'"
		case *Aggregate:
			return false, "summarize"
		case *Distinct:
			return false, "distinct"
		case *Count:
			return false, "count"
		case *Join:
			if m.DropRightKeys {
				return false, "lookup"
			}
			return false, "join"
		case *Union:
			return false, "union"
		case *BagUnpack:
			return false, "evaluate bag_unpack"
		case *Pivot:
			return false, "evaluate pivot"
		case *Basket:
			return false, "evaluate basket"
		case *IPv4Lookup:
			return false, "evaluate ipv4_lookup"
		default:
			return false, "an operator that does not keep an order"
		}
	}
}

// node builds the Window node of the collected calls.
func (w *windowCollector) node() *Window {
	out := append(table.Schema(nil), w.in.Schema()...)
	for k := 0; k < max(len(w.calls), w.reserved); k++ {
		t := table.Dynamic
		if k < len(w.calls) {
			t = resolved(w.calls[k].T)
		}
		out = append(out, table.Column{Name: hiddenName(k), Type: t})
	}
	return &Window{In: w.in, Calls: w.calls, Out: out}
}

// wrapSort puts the Window below a sort or top that used window
// functions, and drops the hidden columns after it.
func (w *windowCollector) wrapSort(s *Sort) Node {
	if len(w.calls) == 0 {
		return s
	}
	s.In = w.node()
	return dropColumns(s, w.base, len(w.calls))
}

// dropColumns projects away columns [from, from+count) of n.
func dropColumns(n Node, from, count int) Node {
	s := n.Schema()
	c := &Compute{In: n}
	for i, col := range s {
		if i >= from && i < from+count {
			continue
		}
		c.Exprs = append(c.Exprs, &Col{Index: i, Name: col.Name, T: col.Type})
		c.Out = append(c.Out, col)
	}
	return c
}

// window binds a call of a window function into a WindowCall of the row's
// collector and returns a reference to its hidden column.
func (b *binder) window(e *syntax.Call, kind WindowKind, sc *scope, row *rowCtx) Expr {
	name := e.Fun.Name
	var w *windowCollector
	if row != nil {
		w = row.win
	}
	if w == nil {
		if row != nil && row.aggs != nil {
			b.errorf(e.Fun, syntax.CodeInvalid, "%s() is a window function: in summarize, use it inside an aggregate or a by key", name)
			return bad
		}
		b.errorf(e.Fun, syntax.CodeInvalid, "%s() is a window function: use it in extend, project, where, serialize, sort, top, summarize or print", name)
		return bad
	}
	minArgs, maxArgs := 1, 2
	switch kind {
	case WinRowNumber:
		minArgs = 0
	case WinPrev, WinNext:
		maxArgs = 3
	case WinSession:
		minArgs, maxArgs = 3, 4
	}
	if n := len(e.Args); n < minArgs || n > maxArgs {
		b.errorf(e, syntax.CodeArgCount, "%s() takes %s, got %d", name, argRange(minArgs, maxArgs), n)
		return bad
	}
	if ok, cause := w.isSerialized(); !ok {
		b.errorf(e.Fun, syntax.CodeInvalid, "%s() needs a serialized row set, but the rows reaching %s come from %s, which has no defined order: add '| sort by ...' (or '| serialize' to keep the current order) before %s", name, w.op, cause, w.op)
		return bad
	}
	args := make([]Expr, len(e.Args))
	for i, a := range e.Args {
		if _, ok := a.(*syntax.NamedArg); ok {
			b.errorf(a, syntax.CodeInvalid, "%s() does not take named arguments", name)
			return bad
		}
		if args[i] = b.scalar(a, sc, row); args[i] == bad {
			return bad
		}
	}
	c := &WindowCall{Kind: kind, Name: name, Offset: 1}
	restart := -1 // index of the restart argument
	switch kind {
	case WinRowNumber:
		c.T = table.Long
		if len(args) > 0 {
			if t := args[0].Type(); !t.IsInteger() && t != table.Dynamic && t != table.Unknown {
				b.errorf(e.Args[0], syntax.CodeTypeMismatch, "row_number(): the starting index must be a long, not %s", t)
				return bad
			}
			c.Start = args[0]
		}
		restart = 1
	case WinPrev, WinNext:
		col, ok := args[0].(*Col)
		if !ok || col.Index >= w.base {
			// Kusto.Language: "Column name expected." A column computed
			// in the same extend is not in the rows the Window reads.
			b.errorf(e.Args[0], syntax.CodeInvalid, "%s(): the first argument must be the name of an input column", name)
			return bad
		}
		c.Col, c.T = col.Index, col.T
		if len(args) > 1 {
			v, ok := IsConst(args[1])
			if !ok || (v.K != table.KInt && v.K != table.KLong) || v.I < 0 || v.I > maxWindowOffset {
				b.errorf(e.Args[1], syntax.CodeInvalid, "%s(): the offset must be a constant whole number from 0 to %d", name, maxWindowOffset)
				return bad
			}
			c.Offset = int(v.I)
		}
		if len(args) > 2 {
			t := c.T
			c.Default = fold(&Unary{Op: t.String(), T: t, X: args[2], Fn: func(v table.Value) table.Value {
				return convfn.Convert(v, t)
			}})
		}
	case WinCumSum:
		t := args[0].Type()
		switch t {
		case table.Int, table.Long, table.Real, table.Decimal:
		case table.Unknown:
			t = table.Real
		default:
			b.errorf(e.Args[0], syntax.CodeTypeMismatch, "row_cumsum(): the term must be a number (int, long, real or decimal), not %s", t)
			return bad
		}
		c.X, c.T = args[0], t
		restart = 1
	case WinRankDense, WinRankMin:
		if t := args[0].Type(); t == table.Dynamic {
			// Kusto.Language: "The value of type 'dynamic' is not
			// allowed in this context".
			b.errorf(e.Args[0], syntax.CodeTypeMismatch, "%s(): the term cannot be dynamic; convert it with tostring(), tolong() or todouble()", name)
			return bad
		}
		c.X, c.T = args[0], table.Long
		restart = 1
	case WinSession:
		// Kusto.Language: "A value of type datetime expected" for the
		// expression; the distances are timespans.
		if t := args[0].Type(); t != table.Datetime && t != table.Dynamic && t != table.Unknown {
			b.errorf(e.Args[0], syntax.CodeTypeMismatch, "row_window_session(): the expression must be a datetime, not %s", t)
			return bad
		}
		for i := 1; i <= 2; i++ {
			if t := args[i].Type(); t != table.Timespan && t != table.Dynamic && t != table.Unknown {
				b.errorf(e.Args[i], syntax.CodeTypeMismatch, "row_window_session(): the maximum distances must be timespans, not %s", t)
				return bad
			}
		}
		c.X, c.MaxFirst, c.MaxGap, c.T = args[0], args[1], args[2], table.Datetime
		restart = 3
	}
	if restart >= 0 && restart < len(args) {
		if t := args[restart].Type(); t != table.Bool && t != table.Dynamic && t != table.Unknown {
			b.errorf(e.Args[restart], syntax.CodeTypeMismatch, "%s(): the restart argument must be a bool, not %s", name, t)
			return bad
		}
		c.Restart = args[restart]
	}
	// The Window evaluates the call over its own row: the input columns
	// and the hidden columns of the calls bound before this one.
	limit := w.base + len(w.calls)
	for i, x := range args {
		var late *Col
		walkExpr(x, func(x Expr) {
			if col, ok := x.(*Col); ok && (col.Index >= limit || w.replaced[col.Index]) && late == nil {
				late = col
			}
		})
		if late != nil {
			b.errorf(e.Args[i], syntax.CodeInvalid, "%s(): '%s' is computed in the same %s; compute it in an earlier extend", name, late.Name, w.op)
			return bad
		}
	}
	k := len(w.calls)
	if w.reserved >= 0 && k >= w.reserved {
		b.errorf(e, syntax.CodeInvalid, "internal error: more window function calls than reserved in %s", w.op)
		return bad
	}
	w.calls = append(w.calls, c)
	return &Col{Index: w.base + k, Name: name, T: resolved(c.T)}
}
