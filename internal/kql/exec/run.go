// Package exec runs bound KQL plans. Operators stream batches of rows
// from the table readers up the plan; only operators that must see all
// rows (sort, join's build side, materialize) hold rows, and they are
// bounded by a memory budget that ends the query with a clear error.
package exec

import (
	"context"
	"fmt"

	"reconwatch/internal/kql/plan"
	"reconwatch/internal/table"
)

// Tables resolves the table names a plan scans.
type Tables interface {
	Table(name string) (table.Table, bool)
}

// MapTables is Tables over a map.
type MapTables map[string]table.Table

// Table implements Tables.
func (m MapTables) Table(name string) (table.Table, bool) {
	t, ok := m[name]
	return t, ok
}

// Limits bound what one query may hold in memory.
type Limits struct {
	// MaxMemory is the budget in bytes for rows held by sort, join,
	// distinct, summarize state, materialize and make_list/make_set.
	MaxMemory int64
	// Budget, when set, is shared with aggregate states bound at plan
	// time (their OnMemory hook charges it); Run resets and uses it.
	Budget *Budget
}

// Budget counts the bytes a query holds against a limit.
type Budget struct {
	Max  int64
	used int64
}

// Charge adds n bytes held by what; it fails once the budget is spent.
func (b *Budget) Charge(n int64, what string) error {
	b.used += n
	if b.Max > 0 && b.used > b.Max {
		return &LimitError{What: what, Limit: b.Max}
	}
	return nil
}

// DefaultMaxMemory is 4 GiB: enough for large hunts, small enough to stop
// a runaway join long before the machine swaps.
const DefaultMaxMemory int64 = 4 << 30

// LimitError reports a query stopped by a limit.
type LimitError struct {
	What  string
	Limit int64
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("query stopped: %s needed more than the memory limit of %s (raise it with --max-memory)", e.What, formatBytes(e.Limit))
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// Result is one tabular result: a schema and its rows.
type Result struct {
	Schema table.Schema
	Rows   [][]table.Value
}

// Run executes one program over tables. It is not safe for concurrent
// use; create one Run per execution.
type Run struct {
	ctx    context.Context
	tables Tables
	limits Limits
	budget *Budget
	subs   []*subResult
	// applyRows holds the current input row of each running mv-apply.
	applyRows map[*plan.RowInput][]table.Value
	mats      []*table.MemTable
	// Stats counts rows read per table scan.
	Stats map[string]int64
}

type subResult struct {
	done  bool
	value table.Value
	set   *valueSet
	has   hasMatcher
}

// NewRun prepares a run of prog.
func NewRun(ctx context.Context, prog *plan.Program, tables Tables, limits Limits) *Run {
	if limits.MaxMemory <= 0 {
		limits.MaxMemory = DefaultMaxMemory
	}
	if tables == nil {
		tables = MapTables{}
	}
	budget := limits.Budget
	if budget == nil {
		budget = &Budget{}
	}
	budget.Max, budget.used = limits.MaxMemory, 0
	return &Run{
		ctx:    ctx,
		tables: tables,
		limits: limits,
		budget: budget,
		subs:   make([]*subResult, prog.NumSubs),
		mats:   make([]*table.MemTable, prog.NumMats),
		Stats:  map[string]int64{},
	}
}

// Execute runs every result plan of prog and collects the rows.
func Execute(ctx context.Context, prog *plan.Program, tables Tables, limits Limits) ([]*Result, error) {
	r := NewRun(ctx, prog, tables, limits)
	var out []*Result
	for _, n := range prog.Results {
		res, err := r.Collect(n)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

// Collect runs n and gathers its rows.
func (r *Run) Collect(n plan.Node) (*Result, error) {
	it, err := r.Open(n)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	res := &Result{Schema: n.Schema()}
	for {
		b, err := it.Next()
		if err != nil {
			return nil, err
		}
		if b == nil {
			return res, nil
		}
		for i := 0; i < b.Len(); i++ {
			res.Rows = append(res.Rows, append([]table.Value(nil), b.Row(i)...))
		}
	}
}

// Iter streams the rows of a plan node in batches. A returned batch is
// valid until the next call to Next.
type Iter interface {
	Next() (*table.Batch, error)
	Close()
}

// charge accounts n more bytes held; it fails once the budget is spent.
func (r *Run) charge(n int64, what string) error { return r.budget.Charge(n, what) }

func (r *Run) release(n int64) { r.budget.used -= n }

// rowBytes estimates the memory a retained row holds.
func rowBytes(row []table.Value) int64 {
	n := int64(len(row)) * 48
	for _, v := range row {
		n += valueBytes(v)
	}
	return n
}

func valueBytes(v table.Value) int64 {
	switch v.K {
	case table.KString, table.KGuid:
		return int64(len(v.S))
	case table.KArray:
		n := int64(24 + 48*len(v.D.Arr))
		for _, e := range v.D.Arr {
			n += valueBytes(e)
		}
		return n
	case table.KBag:
		n := int64(48 + 64*len(v.D.Keys))
		for i, k := range v.D.Keys {
			n += int64(len(k)) + valueBytes(v.D.Vals[i])
		}
		return n
	}
	return 0
}

func (r *Run) checkCtx() error {
	if r.ctx == nil {
		return nil
	}
	return r.ctx.Err()
}

// sub returns the cache slot of subquery id, growing the cache (plans
// bound after the Run was created, e.g. during bag_unpack discovery, may
// use higher ids).
func (r *Run) sub(id int) **subResult {
	for id >= len(r.subs) {
		r.subs = append(r.subs, nil)
	}
	return &r.subs[id]
}

func (r *Run) mat(id int) **table.MemTable {
	for id >= len(r.mats) {
		r.mats = append(r.mats, nil)
	}
	return &r.mats[id]
}
