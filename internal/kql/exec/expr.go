package exec

import (
	"fmt"
	"strings"

	"reconwatch/internal/kql/funcs/strfn"
	"reconwatch/internal/kql/plan"
	"reconwatch/internal/table"
)

// evalFn computes a scalar from one row. Compiled once per operator;
// subqueries are run when the expression is compiled.
type evalFn func(row []table.Value) table.Value

func (r *Run) compileAll(xs []plan.Expr) ([]evalFn, error) {
	out := make([]evalFn, len(xs))
	for i, x := range xs {
		f, err := r.compile(x)
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

func (r *Run) compile(e plan.Expr) (evalFn, error) {
	switch e := e.(type) {
	case *plan.Const:
		v := e.V
		return func([]table.Value) table.Value { return v }, nil
	case *plan.Col:
		i := e.Index
		return func(row []table.Value) table.Value { return row[i] }, nil
	case *plan.Unary:
		x, err := r.compile(e.X)
		if err != nil {
			return nil, err
		}
		fn := e.Fn
		return func(row []table.Value) table.Value { return fn(x(row)) }, nil
	case *plan.Binary:
		x, err := r.compile(e.X)
		if err != nil {
			return nil, err
		}
		y, err := r.compile(e.Y)
		if err != nil {
			return nil, err
		}
		fn := e.Fn
		return func(row []table.Value) table.Value { return fn(x(row), y(row)) }, nil
	case *plan.Call:
		args, err := r.compileAll(e.Args)
		if err != nil {
			return nil, err
		}
		fn := e.Fn
		buf := make([]table.Value, len(args))
		str := e.T == table.String
		return func(row []table.Value) table.Value {
			for i, a := range args {
				buf[i] = a(row)
			}
			v := fn(buf)
			if str && v.K == table.KNull {
				return table.EmptyString // strings are never null
			}
			return v
		}, nil
	case *plan.Logic:
		x, err := r.compile(e.X)
		if err != nil {
			return nil, err
		}
		y, err := r.compile(e.Y)
		if err != nil {
			return nil, err
		}
		if e.And {
			return func(row []table.Value) table.Value {
				a := x(row)
				if a.K == table.KBool && a.I == 0 {
					return a
				}
				return plan.Logic3(true, a, y(row))
			}, nil
		}
		return func(row []table.Value) table.Value {
			a := x(row)
			if a.K == table.KBool && a.I != 0 {
				return a
			}
			return plan.Logic3(false, a, y(row))
		}, nil
	case *plan.Cond:
		preds, err := r.compileAll(e.Preds)
		if err != nil {
			return nil, err
		}
		vals, err := r.compileAll(e.Vals)
		if err != nil {
			return nil, err
		}
		t := e.T
		return func(row []table.Value) table.Value {
			for i, p := range preds {
				if p(row).IsTrue() {
					return coerce(vals[i](row), t)
				}
			}
			return coerce(vals[len(vals)-1](row), t)
		}, nil
	case *plan.SubScalar:
		v, err := r.subScalar(e)
		if err != nil {
			return nil, err
		}
		return func([]table.Value) table.Value { return v }, nil
	case *plan.InSet:
		return r.compileIn(e)
	case *plan.HasAny:
		return r.compileHasAny(e)
	}
	return nil, fmt.Errorf("internal error: cannot execute expression %T", e)
}

// coerce widens a branch value to the conditional's type (an int branch
// of a long-typed case yields a long), and keeps strings non-null.
func coerce(v table.Value, t table.Type) table.Value {
	switch {
	case v.K == table.KNull:
		return table.NullOf(t)
	case t == table.Long && v.K == table.KInt:
		return table.NewLong(v.I)
	case t == table.Real && (v.K == table.KInt || v.K == table.KLong):
		return table.NewReal(float64(v.I))
	}
	return v
}

func (r *Run) subScalar(e *plan.SubScalar) (table.Value, error) {
	s := *r.sub(e.ID)
	if s != nil && s.done {
		return s.value, nil
	}
	res, err := r.Collect(e.Plan)
	if err != nil {
		return table.Null, err
	}
	v := table.NullOf(e.T)
	if len(res.Rows) > 0 && len(res.Rows[0]) > 0 {
		v = res.Rows[0][0]
	}
	*r.sub(e.ID) = &subResult{done: true, value: v}
	return v, nil
}

// subColumn runs a subquery and returns its first column.
func (r *Run) subColumn(n plan.Node) ([]table.Value, error) {
	res, err := r.Collect(n)
	if err != nil {
		return nil, err
	}
	out := make([]table.Value, 0, len(res.Rows))
	for _, row := range res.Rows {
		if len(row) > 0 {
			out = append(out, row[0])
		}
	}
	return out, nil
}

// valueSet is a hash set of values for in / !in / in~ / !in~.
type valueSet struct {
	fold bool
	m    map[string]struct{}
	buf  []byte
}

func newValueSet(fold bool) *valueSet {
	return &valueSet{fold: fold, m: map[string]struct{}{}}
}

// key normalizes a value for set membership: ints compare as longs,
// in~ folds ASCII case, dynamic strings match strings.
func (s *valueSet) key(v table.Value) []byte {
	switch v.K {
	case table.KInt:
		v = table.NewLong(v.I)
	case table.KGuid:
		v = table.NewString(strings.ToLower(v.S))
	case table.KReal:
		if v.F == float64(int64(v.F)) {
			v = table.NewLong(int64(v.F))
		}
	}
	if s.fold && v.K == table.KString {
		v = table.NewString(asciiLower(v.S))
	}
	s.buf = table.AppendKey(s.buf[:0], v)
	return s.buf
}

func (s *valueSet) add(v table.Value) {
	if v.K == table.KArray {
		for _, e := range v.D.Arr {
			s.add(e)
		}
		return
	}
	if v.K == table.KNull {
		return
	}
	s.m[string(s.key(v))] = struct{}{}
}

func (s *valueSet) has(v table.Value) bool {
	_, ok := s.m[string(s.key(v))]
	return ok
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 32
				}
			}
			return string(b)
		}
	}
	return s
}

func (r *Run) compileIn(e *plan.InSet) (evalFn, error) {
	fold := e.Op == "in~" || e.Op == "!in~"
	neg := e.Op == "!in" || e.Op == "!in~"
	set := newValueSet(fold)
	for _, v := range e.Items {
		set.add(v)
	}
	if e.Sub != nil {
		col, err := r.subColumn(e.Sub)
		if err != nil {
			return nil, err
		}
		for _, v := range col {
			set.add(v)
		}
	}
	x, err := r.compile(e.X)
	if err != nil {
		return nil, err
	}
	dyn, err := r.compileAll(e.Dynamic)
	if err != nil {
		return nil, err
	}
	var probe *valueSet
	if len(dyn) > 0 {
		probe = newValueSet(fold)
	}
	return func(row []table.Value) table.Value {
		v := x(row)
		if v.K == table.KNull {
			// in is an or of ==, !in an and of != (null-values.md).
			return table.NewBool(neg)
		}
		found := set.has(v)
		if !found && probe != nil {
			for _, d := range dyn {
				probe.m = map[string]struct{}{}
				probe.add(d(row))
				if probe.has(v) {
					found = true
					break
				}
			}
		}
		return table.NewBool(found != neg)
	}, nil
}

// hasMatcher is the has_any / has_all kernel over fixed needles.
type hasMatcher interface {
	Match(h string) bool
}

func (r *Run) compileHasAny(e *plan.HasAny) (evalFn, error) {
	needles := append([]string(nil), e.Needles...)
	if e.Sub != nil {
		col, err := r.subColumn(e.Sub)
		if err != nil {
			return nil, err
		}
		for _, v := range col {
			needles = appendNeedles(needles, v)
		}
	}
	x, err := r.compile(e.X)
	if err != nil {
		return nil, err
	}
	dyn, err := r.compileAll(e.Dynamic)
	if err != nil {
		return nil, err
	}
	if e.All {
		return func(row []table.Value) table.Value {
			h := textOf(x(row))
			for _, n := range needles {
				if !strfn.Has(h, n) {
					return table.NewBool(false)
				}
			}
			for _, d := range dyn {
				for _, n := range appendNeedles(nil, d(row)) {
					if !strfn.Has(h, n) {
						return table.NewBool(false)
					}
				}
			}
			return table.NewBool(true)
		}, nil
	}
	m := strfn.NewHasAny(needles, false)
	return func(row []table.Value) table.Value {
		h := textOf(x(row))
		if m.Match(h) {
			return table.NewBool(true)
		}
		for _, d := range dyn {
			for _, n := range appendNeedles(nil, d(row)) {
				if strfn.Has(h, n) {
					return table.NewBool(true)
				}
			}
		}
		return table.NewBool(false)
	}, nil
}

func appendNeedles(dst []string, v table.Value) []string {
	if v.K == table.KArray {
		for _, e := range v.D.Arr {
			dst = appendNeedles(dst, e)
		}
		return dst
	}
	if v.K == table.KNull {
		return dst
	}
	return append(dst, v.String())
}

func textOf(v table.Value) string {
	if v.K == table.KString {
		return v.S
	}
	return v.String()
}
