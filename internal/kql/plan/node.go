package plan

import (
	"reconwatch/internal/kql/aggs"
	"reconwatch/internal/table"
)

// Node is a bound tabular operator. Schema is its output schema.
type Node interface {
	Schema() table.Schema
}

// Scan reads a named table. Cols lists which columns of the table's full
// schema the rest of the plan needs; readers decode only those. Out is
// the scan's output schema (the chosen columns, in Cols order).
type Scan struct {
	Table string
	Full  table.Schema
	Cols  []int
	Out   table.Schema
}

// Values is an inline table: datatable, or a materialized constant.
type Values struct {
	Out  table.Schema
	Rows [][]table.Value
}

// Range is range Name from From to To step Step.
type Range struct {
	Out            table.Schema
	From, To, Step Expr
}

// Filter keeps rows whose predicate is exactly true.
type Filter struct {
	In   Node
	Pred Expr
}

// Compute evaluates one expression per output column (project, extend,
// project-rename, project-away, project-reorder all lower to it). Exprs
// see the input row.
type Compute struct {
	In    Node
	Exprs []Expr
	Out   table.Schema
}

// Extend is Compute for extend: Exprs may refer to columns computed
// earlier in the same extend, so each is evaluated into the row being
// built (Slots say where each result goes in the output row; the output
// row starts as a copy of the input).
type Extend struct {
	In    Node
	Exprs []Expr
	Slots []int
	Out   table.Schema
}

// AggCall is one aggregate of a summarize.
type AggCall struct {
	Name string
	Impl aggs.Impl
	Args []Expr
	// For arg_max/arg_min/take_any with several outputs.
	Multi *MultiAgg
	// Shared >= 0 marks an extra output column of a multi-column
	// aggregate (percentiles): it reads column Col of the state of
	// Aggs[Shared] instead of keeping a state of its own.
	Shared int
	Col    int
}

// MultiAgg is arg_max/arg_min (Key set) or take_any over several
// expressions (Key nil): it yields len(Outs) columns from one row.
type MultiAgg struct {
	Max  bool
	Key  Expr
	Outs []Expr
}

// Aggregate is summarize: group by Keys, one state per AggCall per group.
// Out = key columns then aggregate outputs.
type Aggregate struct {
	In   Node
	Keys []Expr
	Aggs []*AggCall
	Out  table.Schema
}

// SortKey orders rows by an expression.
type SortKey struct {
	X          Expr
	Asc        bool
	NullsFirst bool
}

// Sort orders all rows (Limit > 0: keep only the first Limit: top).
type Sort struct {
	In    Node
	Keys  []SortKey
	Limit int64 // -1 for no limit
}

// Take keeps the first N rows.
type Take struct {
	In Node
	N  int64
}

// Distinct keeps one row per distinct combination of all columns.
type Distinct struct {
	In Node
}

// Count counts rows into one column named Count.
type Count struct {
	In Node
}

// JoinKind enumerates join flavours.
type JoinKind uint8

const (
	JoinInnerUnique JoinKind = iota
	JoinInner
	JoinLeftOuter
	JoinRightOuter
	JoinFullOuter
	JoinLeftAnti
	JoinRightAnti
	JoinLeftSemi
	JoinRightSemi
)

// Join matches rows of Left and Right on equal keys. Out is left columns
// then right columns (renamed on collision) for inner/outer kinds, one
// side only for semi/anti kinds. Lookup sets DropRightKeys.
type Join struct {
	Left, Right   Node
	Kind          JoinKind
	LeftKeys      []int
	RightKeys     []int
	DropRightKeys bool // lookup: right key columns are not repeated
	RightCols     []int
	Out           table.Schema
}

// Union concatenates legs, mapping each leg's columns into Out. Map[i][j]
// is the input column of leg i feeding output column j, or -1 (null).
type Union struct {
	Legs     []Node
	Map      [][]int
	Out      table.Schema
	Source   int // index of the withsource column in Out, or -1
	LegNames []string
}

// MvExpand expands array/bag columns into rows.
type MvExpand struct {
	In       Node
	Cols     []int // expanded column positions (in output = input positions)
	Exprs    []Expr
	ToTypes  []table.Type
	BagArray bool // kind=array
	IndexCol int  // with_itemindex column position, -1 if none
	Limit    int64
	Out      table.Schema
}

// Parse extracts columns from a string with a pattern.
type Parse struct {
	In      Node
	Source  Expr
	Matcher ParseMatcher
	Out     table.Schema // input columns then the new ones
	First   int          // index of the first new column in Out
	Where   bool         // parse-where: drop rows that do not match
}

// ParseMatcher matches a parse pattern against a string and fills the
// extracted values (dst has one slot per new column). It reports false
// when the pattern does not match.
type ParseMatcher func(s string, dst []table.Value) bool

// Materialize caches its input for the whole run (materialize(), as, and
// tabular lets referenced more than once where Kusto would cache).
type Materialize struct {
	In Node
	ID int
}

// MvApplyPlaceholder and other rarely used operators can be added here.

// Serialize marks its input as ordered; rows pass through.
type Serialize struct {
	In Node
}

// WindowKind enumerates the window functions.
type WindowKind uint8

const (
	WinRowNumber WindowKind = iota // row_number([start [, restart]])
	WinPrev                        // prev(column [, offset [, default]])
	WinNext                        // next(column [, offset [, default]])
	WinCumSum                      // row_cumsum(term [, restart])
	WinRankDense                   // row_rank_dense(term [, restart])
	WinRankMin                     // row_rank_min(term [, restart])
	WinSession                     // row_window_session(expr, maxFromFirst, maxBetween [, restart])
)

// WindowCall is one window function call, hoisted out of the expressions
// of the operator that uses it. Its expressions read the Window node's
// row being built: the input columns and the hidden columns of the calls
// before it (row_number(1, prev(a) != a) reads prev's column).
type WindowCall struct {
	Kind WindowKind
	Name string
	// Col is the input column prev/next read; Offset how many rows back
	// or ahead (0: the current row).
	Col    int
	Offset int
	// Default is prev/next's value when there is no such row (nil: null),
	// converted to T.
	Default Expr
	// X is row_cumsum's and row_rank_*'s term, row_window_session's
	// expression.
	X Expr
	// MaxFirst and MaxGap are row_window_session's distances: from the
	// session's first value, and between neighbouring values.
	MaxFirst, MaxGap Expr
	// Start is row_number's starting index (nil: 1).
	Start Expr
	// Restart, when true on a row, restarts the numbering, sum or rank
	// there (nil: never).
	Restart Expr
	T       table.Type
}

// Exprs returns the call's expressions that are set.
func (c *WindowCall) Exprs() []Expr {
	var out []Expr
	for _, x := range []Expr{c.Default, c.X, c.Start, c.Restart, c.MaxFirst, c.MaxGap} {
		if x != nil {
			out = append(out, x)
		}
	}
	return out
}

// Window computes window functions over its serialized input: every call
// is evaluated for every row, in row order, into a hidden column appended
// to the input row (Out is In's columns, then one hidden column per
// reserved slot; slots past len(Calls) stay null). Operators above read
// the hidden columns and drop them. prev looks back through a bounded
// ring of past values, next through a bounded queue of rows read ahead,
// so conditionals that evaluate lazily (iff, case) see the same values as
// if every call ran on every row.
type Window struct {
	In    Node
	Calls []*WindowCall
	Out   table.Schema
}

// BagUnpack expands a bag column into columns discovered from the data
// (or given by an explicit schema).
type BagUnpack struct {
	In       Node
	Col      int
	Prefix   string
	Conflict string
	Ignored  map[string]bool
	Out      table.Schema // known output schema after discovery
	// Src[i] is the input column feeding output i, or -1 when it comes
	// from bag key Keys[i].
	Src  []int
	Keys []string
}

// Pivot is evaluate pivot(): In aggregates the input by the group-by
// columns and the pivot column (its output is the NKeys group keys, the
// pivot value, then the aggregate), and Pivot turns each pivot value into
// a column. Keys[k] is the output position of group key k (-1: an
// explicit schema leaves it out). ValueCols maps a pivot value's name
// (PivotName) to its output column; values not in it are dropped (an
// explicit schema that omits them). Empty[i] fills output column i where
// a group has no row for its value (the aggregate over no rows: count()
// → 0).
type Pivot struct {
	In        Node
	NKeys     int
	Keys      []int
	ValueCols map[string]int
	Empty     []table.Value
	Out       table.Schema
}

// IPv4Lookup is evaluate ipv4_lookup(): each input row is joined to the
// Lookup row whose IPv4 key (an address or a CIDR block) contains the
// row's key, and whose ExtraKeys equal the row's. Out is the input's
// columns, then the lookup columns LookupCols (all but the extra keys).
// Unmatched rows are dropped, or kept with nulls when Unmatched.
type IPv4Lookup struct {
	In, Lookup  Node
	Key         int // input column holding the address
	LookupKey   int // lookup column holding the address or block
	ExtraKeys   []int
	ExtraLookup []int
	LookupCols  []int
	Unmatched   bool
	Out         table.Schema
}

// Basket is evaluate basket(): frequent patterns of column values. Dims
// marks the input columns that take part; Wildcard[i] is what output
// column i of a dimension shows when the pattern leaves it free. Weight
// is the weight column (-1: each row weighs 1). Out is SegmentId, Count,
// Percent, then the input's columns.
type Basket struct {
	In        Node
	Threshold float64
	Weight    int
	MaxDims   int
	Dims      []bool
	Wildcard  []table.Value
	Out       table.Schema
}

func (n *Scan) Schema() table.Schema        { return n.Out }
func (n *Values) Schema() table.Schema      { return n.Out }
func (n *Range) Schema() table.Schema       { return n.Out }
func (n *Filter) Schema() table.Schema      { return n.In.Schema() }
func (n *Compute) Schema() table.Schema     { return n.Out }
func (n *Extend) Schema() table.Schema      { return n.Out }
func (n *Aggregate) Schema() table.Schema   { return n.Out }
func (n *Sort) Schema() table.Schema        { return n.In.Schema() }
func (n *Take) Schema() table.Schema        { return n.In.Schema() }
func (n *Distinct) Schema() table.Schema    { return n.In.Schema() }
func (n *Count) Schema() table.Schema       { return table.Schema{{Name: "Count", Type: table.Long}} }
func (n *Join) Schema() table.Schema        { return n.Out }
func (n *Union) Schema() table.Schema       { return n.Out }
func (n *MvExpand) Schema() table.Schema    { return n.Out }
func (n *Parse) Schema() table.Schema       { return n.Out }
func (n *Materialize) Schema() table.Schema { return n.In.Schema() }
func (n *Serialize) Schema() table.Schema   { return n.In.Schema() }
func (n *BagUnpack) Schema() table.Schema   { return n.Out }
func (n *Window) Schema() table.Schema      { return n.Out }
func (n *Pivot) Schema() table.Schema       { return n.Out }
func (n *IPv4Lookup) Schema() table.Schema  { return n.Out }
func (n *Basket) Schema() table.Schema      { return n.Out }
