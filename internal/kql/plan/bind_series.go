package plan

import (
	"reconwatch/internal/kql/aggs"
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

// MakeSeries is make-series: per group of the by keys, one array per
// aggregate with a value per bin of the axis, and the axis itself as an
// array of bin starts. Out = keys, aggregates, axis (Kusto.Language's
// order).
type MakeSeries struct {
	In       Node
	Keys     []Expr
	Aggs     []*AggCall
	Defaults []table.Value
	Axis     Expr
	// From, To and Step are constants; From and To are null when not
	// given (then the bins span the data).
	From, To, Step table.Value
	Out            table.Schema
}

// Schema implements Node.
func (n *MakeSeries) Schema() table.Schema { return n.Out }

// maxSeriesBins is Kusto's cap on make-series arrays (2^20).
const maxSeriesBins = 1 << 20

func (b *binder) makeSeries(o *syntax.MakeSeriesOp, in Node, sc *scope) Node {
	inRow := &rowCtx{schema: in.Schema()}
	n := &MakeSeries{In: in}
	var out table.Schema
	for _, k := range o.By {
		x := b.scalar(k.X, sc, inRow)
		name := ""
		if k.Name != nil {
			name = k.Name.Name
		} else if name = exprName(k.X); name == "" {
			name = nextColumnName(schemaHas(out))
		}
		if x.Type() == table.Dynamic {
			b.errorf(k.X, syntax.CodeTypeMismatch, "make-series cannot group by a dynamic value; convert it with tostring()")
		}
		n.Keys = append(n.Keys, x)
		out = append(out, table.Column{Name: uniqueName(name, schemaHas(out)), Type: resolved(x.Type())})
	}
	coll := &aggCollector{offset: 0}
	for i, it := range o.Aggs {
		call, ok := it.X.(*syntax.Call)
		a := (*aggs.Agg)(nil)
		if ok {
			a = aggs.Lookup(call.Fun.Name)
		}
		if a == nil || a.RowSelector {
			b.errorf(it.X, syntax.CodeInvalid, "make-series needs an aggregate function here (count(), sum(), avg() ...)")
			continue
		}
		before := len(coll.calls)
		b.bindAggregate(call, a, sc, &rowCtx{schema: in.Schema(), aggs: coll})
		if len(coll.calls) == before {
			continue
		}
		ac := coll.calls[before]
		if t := ac.Impl.Type; !t.IsNumeric() && t != table.Timespan && t != table.Unknown {
			b.errorf(it.X, syntax.CodeTypeMismatch, "make-series needs a numeric aggregate; %s() returns %s", a.Name, t)
			continue
		}
		name := ""
		if it.Name != nil {
			name = it.Name.Name
		} else {
			name = aggName(a, call)
		}
		def := table.NewLong(0)
		if o.Defaults != nil && i < len(o.Defaults) && o.Defaults[i] != nil {
			v, ok := IsConst(b.scalar(o.Defaults[i], sc, nil))
			if !ok {
				b.errorf(o.Defaults[i], syntax.CodeInvalid, "a make-series default must be a constant")
			}
			def = v
		}
		n.Aggs = append(n.Aggs, ac)
		n.Defaults = append(n.Defaults, def)
		out = append(out, table.Column{Name: uniqueName(name, schemaHas(out)), Type: table.Dynamic})
	}
	n.Axis = b.scalar(o.On, sc, inRow)
	at := n.Axis.Type()
	switch at {
	case table.Datetime, table.Timespan, table.Int, table.Long, table.Real, table.Decimal, table.Unknown:
	default:
		b.errorf(o.On, syntax.CodeTypeMismatch, "the make-series axis must be a datetime, timespan or number, not %s", at)
	}
	constant := func(e syntax.Expr, what string) table.Value {
		if e == nil {
			return table.Null
		}
		v, ok := IsConst(b.scalar(e, sc, nil))
		if !ok {
			b.errorf(e, syntax.CodeInvalid, "the make-series %s must be a constant", what)
		}
		return v
	}
	n.From, n.To, n.Step = constant(o.From, "start"), constant(o.To, "end"), constant(o.Step, "step")
	if n.Step.K == table.KNull || (n.Step.K == table.KTimespan && n.Step.I <= 0) || (n.Step.IsNumber() && mustFloat(n.Step) <= 0) {
		b.errorf(o.Step, syntax.CodeInvalid, "the make-series step must be a positive constant")
	}
	axisName := exprName(o.On)
	if axisName == "" {
		axisName = nextColumnName(schemaHas(out))
	}
	out = append(out, table.Column{Name: uniqueName(axisName, schemaHas(out)), Type: table.Dynamic})
	n.Out = out
	return n
}

func mustFloat(v table.Value) float64 {
	f, _ := v.AsFloat()
	return f
}
