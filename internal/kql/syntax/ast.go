package syntax

import "reconwatch/internal/table"

// Pos is a byte offset into the query text. Line and column are computed
// only when an error is printed (see Source.Position).
type Pos int

// NoPos marks a node that has no position (synthesized by the parser).
const NoPos Pos = -1

// Node is any AST node. End is the offset just past the node.
type Node interface {
	Pos() Pos
	End() Pos
}

// Expr is a scalar or tabular expression. KQL's grammar mixes both: a
// pipeline is an expression, and tabular expressions appear inside scalar
// ones (x in (T | project c), toscalar(T)). The checker tells them apart.
type Expr interface {
	Node
	exprNode()
}

// Operator is one tabular operator after a pipe.
type Operator interface {
	Node
	opNode()
}

// Stmt is one statement of a query.
type Stmt interface {
	Node
	stmtNode()
}

// Query is a whole query: statements separated by ';'.
type Query struct {
	Stmts []Stmt
	Text  string // the source text, for error display
}

// ---------------------------------------------------------------- statements

// LetStmt binds a name: let Name = Value; or, for a function or view,
// let Name = [view] (Params) { Body }.
type LetStmt struct {
	Let   Pos
	Name  *Ident
	Value Expr      // scalar or tabular expression; nil when Func != nil
	Func  *FuncDecl // user-defined function or view
	Semi  Pos       // position of the terminating ';' (NoPos if missing at end)
}

// FuncDecl is a user-defined function's parameters and body.
type FuncDecl struct {
	View   bool
	Lparen Pos
	Params []*Param
	Lbrace Pos
	Body   []Stmt // let statements then one expression statement
	Rbrace Pos
}

// Param is a function parameter. A tabular parameter has Tabular set and
// Columns listing its declared schema (nil Columns with Star for T:(*)).
type Param struct {
	Name    *Ident
	Type    table.Type // scalar parameters
	Tabular bool
	Columns []*ColumnDecl
	Star    bool
	Default Expr // optional default value
	TypePos Pos
}

// ExprStmt is a tabular (or, rarely, scalar) expression statement.
type ExprStmt struct {
	X Expr
}

// SetStmt is `set option [= value]`; accepted and ignored.
type SetStmt struct {
	Set   Pos
	Name  string
	Value Expr
	Semi  Pos
}

// DeclareStmt is `declare query_parameters(...)`; parameters with defaults
// behave like lets.
type DeclareStmt struct {
	Declare Pos
	Params  []*Param
	Rparen  Pos
}

// ---------------------------------------------------------------- scalar expressions

// Ident is a name: a column, table, let name or function. Escaped names
// ['a b'] are unescaped in Name.
type Ident struct {
	NamePos Pos
	Name    string
	Raw     string // as written
}

// LitKind classifies a literal.
type LitKind uint8

const (
	LitNull LitKind = iota // typed null such as long(null): Value is null, Type says which
	LitBool
	LitInt
	LitLong
	LitReal
	LitDecimal
	LitString
	LitDatetime
	LitTimespan
	LitGuid
	LitDynamic
	LitType // typeof(T) or a bare type name where one is expected
)

// Literal is a constant. The parser computes Value: strings are unescaped
// and adjacent string literals are already concatenated; timespans and
// datetimes are in ticks; dynamic literals are parsed into arrays and bags.
type Literal struct {
	ValuePos Pos
	EndPos   Pos
	Kind     LitKind
	Type     table.Type // the literal's static type (for LitType: the named type)
	Value    table.Value
	Raw      string
	// Obfuscated is set for h"..." strings; they print as "***" in logs.
	Obfuscated bool
}

// Binary is X Op Y for arithmetic, comparison, logical and string
// operators (has, contains, =~, matches regex, ...).
type Binary struct {
	X     Expr
	OpPos Pos
	Op    string // the operator as written, normalized: "==", "!=" (also for "<>"), "has", "!has", "matches regex", "and", ...
	Y     Expr
}

// Unary is -X or +X.
type Unary struct {
	OpPos Pos
	Op    string
	X     Expr
}

// InExpr is X in (list), X !in (list), in~, !in~, has_any, has_all. List
// elements may be scalars, dynamic arrays, or one tabular expression.
type InExpr struct {
	X      Expr
	OpPos  Pos
	Op     string // "in", "!in", "in~", "!in~", "has_any", "has_all"
	Lparen Pos
	List   []Expr
	Rparen Pos
}

// Between is X between (Lo .. Hi) or X !between (...).
type Between struct {
	X      Expr
	OpPos  Pos
	Not    bool
	Lo, Hi Expr
	Rparen Pos
}

// Call is a function call: built-in scalar or aggregate function, user
// function, or a tabular function such as materialize(...) or table("T").
type Call struct {
	Fun    *Ident
	Lparen Pos
	Args   []Expr // may contain *NamedArg and *Star
	Rparen Pos
}

// NamedArg is name = value inside a call's argument list, for user
// functions (f(c=7)) and plugins (bag_unpack(d, columnsConflict='...')).
type NamedArg struct {
	Name  *Ident
	Value Expr
}

// Star is * in arg_max(x, *), take_any(*), distinct *, where * has "x".
type Star struct {
	StarPos Pos
}

// Paren is (X).
type Paren struct {
	Lparen Pos
	X      Expr
	Rparen Pos
}

// Member is X.Name (dynamic property access, or $left.col / $right.col in
// join conditions, where X is an Ident named "$left" or "$right").
type Member struct {
	X    Expr
	Dot  Pos
	Name *Ident
}

// Index is X[Index] (array index or bag key).
type Index struct {
	X      Expr
	Lbrack Pos
	Index  Expr
	Rbrack Pos
}

// ---------------------------------------------------------------- tabular expressions

// Pipeline is Source | Op | Op ...
type Pipeline struct {
	Source Expr
	Ops    []Operator
}

// Datatable is datatable(c:type, ...)[v, v, ...]. Values are literals or
// unary-minus literals, row-major.
type Datatable struct {
	Keyword Pos
	Columns []*ColumnDecl
	Values  []Expr
	Rbrack  Pos
}

// ColumnDecl is name:type in a datatable, a tabular parameter or a
// parse pattern.
type ColumnDecl struct {
	Name *Ident
	Type table.Type
}

// PrintExpr is print [name=]expr, ...
type PrintExpr struct {
	Keyword Pos
	Items   []*NamedExpr
	EndPos  Pos
}

// RangeExpr is range Name from From to To step Step.
type RangeExpr struct {
	Keyword        Pos
	Name           *Ident
	From, To, Step Expr
}

// UnionExpr is union used as a source (union T1, T2), not after a pipe.
type UnionExpr struct {
	Op *UnionOp
}

// ExternalDataExpr is externaldata(c:type, ...)[uri, ...] [with (name=value, ...)].
// URIs are string literals; Options hold the with-properties (format, ...).
type ExternalDataExpr struct {
	Keyword Pos
	Columns []*ColumnDecl
	URIs    []Expr
	Options []*Option
	EndPos  Pos // just past ']' or the closing ')' of with (...)
}

// ---------------------------------------------------------------- shared pieces

// NamedExpr is [Name =] X, or (N1, N2) = X for functions returning
// several columns. Name is nil when no name was written.
type NamedExpr struct {
	Name  *Ident
	Names []*Ident // (a, b) = f(...)
	X     Expr
}

// SortKey is one key of sort/top: X [asc|desc] [nulls first|last].
type SortKey struct {
	X          Expr
	Asc        bool // false = desc, Kusto's default
	NullsFirst bool
	NullsSet   bool // nulls first/last was written; otherwise asc → first, desc → last
}

// Option is a name=value option of an operator (kind=inner,
// hint.strategy=shuffle, withsource=T, isfuzzy=true, with_itemindex=I).
type Option struct {
	NamePos Pos
	Name    string
	Value   Expr // usually *Ident or *Literal
}

// ---------------------------------------------------------------- operators

type WhereOp struct {
	Keyword Pos // where or filter
	Pred    Expr
}

type ExtendOp struct {
	Keyword Pos
	Items   []*NamedExpr
}

// ProjectOp is project: a list of columns, renames and computed columns.
type ProjectOp struct {
	Keyword Pos
	Items   []*NamedExpr
}

// ProjectAwayOp is project-away (Keep=false) or project-keep (Keep=true);
// names may hold wildcards (*).
type ProjectAwayOp struct {
	Keyword Pos
	Keep    bool
	Columns []*Ident
}

// ProjectRenameOp is project-rename new = old, ...
type ProjectRenameOp struct {
	Keyword Pos
	Items   []*NamedExpr // Name = new name, X = *Ident old name
}

// ProjectReorderOp is project-reorder c [asc|desc|granny-asc|granny-desc], ...
type ProjectReorderOp struct {
	Keyword Pos
	Columns []*ReorderItem
}

type ReorderItem struct {
	Name  *Ident // may hold wildcards
	Order string // "", "asc", "desc", "granny-asc", "granny-desc"
}

// SummarizeOp is summarize [options] aggs [by keys].
type SummarizeOp struct {
	Keyword Pos
	Options []*Option
	Aggs    []*NamedExpr
	By      []*NamedExpr
}

type CountOp struct {
	Keyword Pos
}

// TakeOp is take N or limit N.
type TakeOp struct {
	Keyword Pos
	N       Expr
}

type TopOp struct {
	Keyword Pos
	N       Expr
	By      *SortKey
}

// SortOp is sort by / order by.
type SortOp struct {
	Keyword Pos
	Keys    []*SortKey
}

// DistinctOp is distinct c, ... or distinct *.
type DistinctOp struct {
	Keyword Pos
	Items   []Expr // *Ident, other expressions, or a single *Star
}

// JoinOp is join [kind=K] [hints] (Right) on conditions.
type JoinOp struct {
	Keyword Pos
	Options []*Option
	Right   Expr
	On      []Expr // *Ident (same-named key) or *Binary "==" between $left.x and $right.y
	OnPos   Pos
}

// LookupOp is lookup [kind=K] (Right) on conditions.
type LookupOp struct {
	Keyword Pos
	Options []*Option
	Right   Expr
	On      []Expr
}

// UnionOp is union [options] T, ... (after a pipe the input is the first leg).
type UnionOp struct {
	Keyword Pos
	Options []*Option // kind, withsource, isfuzzy
	Tables  []Expr
}

// MvExpandOp is mv-expand [kind=] [with_itemindex=] items [limit N].
type MvExpandOp struct {
	Keyword Pos
	Options []*Option
	Items   []*MvExpandItem
	Limit   Expr
	Legacy  bool // written mvexpand (no dash): the default row limit is 128, not 2^31-1
}

type MvExpandItem struct {
	Col    *NamedExpr
	ToType table.Type // Unknown when no "to typeof(T)"
}

// ParseOp is parse / parse-where [kind=...] [flags=...] Source with pattern.
type ParseOp struct {
	Keyword Pos
	Where   bool // parse-where
	Options []*Option
	Source  Expr
	Pattern []*ParsePart
}

// ParsePart is one element of a parse pattern: a * wildcard, a string
// constant, or a column [:type].
type ParsePart struct {
	Star    bool
	Const   *Literal
	Column  *ColumnDecl // Type is String when not written
	PartPos Pos
}

// AsOp is as [hint.materialized=true] Name.
type AsOp struct {
	Keyword Pos
	Name    *Ident
}

// RenderOp is render chart [with (...)]; it changes nothing.
type RenderOp struct {
	Keyword Pos
	Chart   string
	EndPos  Pos
}

// EvaluateOp is evaluate [hints] plugin(args) [: (schema)].
type EvaluateOp struct {
	Keyword    Pos
	Options    []*Option
	Plugin     *Call
	Schema     []*ColumnDecl
	SchemaStar bool // the schema starts with *: (*, c:type, ...) keeps the other input columns
}

// InvokeOp is invoke f(args): the input is f's first tabular argument.
type InvokeOp struct {
	Keyword Pos
	Call    *Call
}

// SerializeOp is serialize [name = expr, ...].
type SerializeOp struct {
	Keyword Pos
	Items   []*NamedExpr
}

// GetSchemaOp is getschema.
type GetSchemaOp struct {
	Keyword Pos
}

// MakeSeriesOp is make-series; parsed so that rules using it check, and
// executed where supported.
type MakeSeriesOp struct {
	Keyword  Pos
	Options  []*Option
	Aggs     []*NamedExpr // with optional default = v in Defaults
	Defaults []Expr       // parallel to Aggs; nil when none
	On       Expr
	From, To Expr // optional
	Step     Expr
	By       []*NamedExpr
}

// MvApplyOp is mv-apply items on (subquery).
type MvApplyOp struct {
	Keyword Pos
	Options []*Option
	Items   []*MvExpandItem
	Limit   Expr
	Sub     *Pipeline // subquery operators; Source is nil
}

// ---------------------------------------------------------------- positions

func (x *Ident) Pos() Pos    { return x.NamePos }
func (x *Ident) End() Pos    { return x.NamePos + Pos(len(x.Raw)) }
func (x *Literal) Pos() Pos  { return x.ValuePos }
func (x *Literal) End() Pos  { return x.EndPos }
func (x *Binary) Pos() Pos   { return x.X.Pos() }
func (x *Binary) End() Pos   { return x.Y.End() }
func (x *Unary) Pos() Pos    { return x.OpPos }
func (x *Unary) End() Pos    { return x.X.End() }
func (x *InExpr) Pos() Pos   { return x.X.Pos() }
func (x *InExpr) End() Pos   { return x.Rparen + 1 }
func (x *Between) Pos() Pos  { return x.X.Pos() }
func (x *Between) End() Pos  { return x.Rparen + 1 }
func (x *Call) Pos() Pos     { return x.Fun.Pos() }
func (x *Call) End() Pos     { return x.Rparen + 1 }
func (x *NamedArg) Pos() Pos { return x.Name.Pos() }
func (x *NamedArg) End() Pos { return x.Value.End() }
func (x *Star) Pos() Pos     { return x.StarPos }
func (x *Star) End() Pos     { return x.StarPos + 1 }
func (x *Paren) Pos() Pos    { return x.Lparen }
func (x *Paren) End() Pos    { return x.Rparen + 1 }
func (x *Member) Pos() Pos   { return x.X.Pos() }
func (x *Member) End() Pos   { return x.Name.End() }
func (x *Index) Pos() Pos    { return x.X.Pos() }
func (x *Index) End() Pos    { return x.Rbrack + 1 }
func (x *Pipeline) Pos() Pos {
	if x.Source == nil && len(x.Ops) > 0 { // mv-apply subquery
		return x.Ops[0].Pos()
	}
	return x.Source.Pos()
}
func (x *Pipeline) End() Pos {
	if len(x.Ops) > 0 {
		return x.Ops[len(x.Ops)-1].End()
	}
	return x.Source.End()
}
func (x *Datatable) Pos() Pos { return x.Keyword }
func (x *Datatable) End() Pos { return x.Rbrack + 1 }
func (x *PrintExpr) Pos() Pos { return x.Keyword }
func (x *PrintExpr) End() Pos { return x.EndPos }
func (x *RangeExpr) Pos() Pos { return x.Keyword }
func (x *RangeExpr) End() Pos { return x.Step.End() }
func (x *UnionExpr) Pos() Pos { return x.Op.Pos() }
func (x *UnionExpr) End() Pos { return x.Op.End() }

func (x *NamedExpr) Pos() Pos {
	if x.Name != nil {
		return x.Name.Pos()
	}
	if len(x.Names) > 0 {
		return x.Names[0].Pos() - 1
	}
	return x.X.Pos()
}
func (x *NamedExpr) End() Pos { return x.X.End() }

func (x *LetStmt) Pos() Pos { return x.Let }
func (x *LetStmt) End() Pos {
	if x.Semi != NoPos {
		return x.Semi + 1
	}
	if x.Func != nil {
		return x.Func.Rbrace + 1
	}
	return x.Value.End()
}
func (x *ExprStmt) Pos() Pos    { return x.X.Pos() }
func (x *ExprStmt) End() Pos    { return x.X.End() }
func (x *SetStmt) Pos() Pos     { return x.Set }
func (x *SetStmt) End() Pos     { return x.Semi + 1 }
func (x *DeclareStmt) Pos() Pos { return x.Declare }
func (x *DeclareStmt) End() Pos { return x.Rparen + 1 }

// Operators report their keyword position; End is the end of their last part.
func (x *WhereOp) Pos() Pos          { return x.Keyword }
func (x *WhereOp) End() Pos          { return x.Pred.End() }
func (x *ExtendOp) Pos() Pos         { return x.Keyword }
func (x *ExtendOp) End() Pos         { return lastNamed(x.Items, x.Keyword) }
func (x *ProjectOp) Pos() Pos        { return x.Keyword }
func (x *ProjectOp) End() Pos        { return lastNamed(x.Items, x.Keyword) }
func (x *ProjectAwayOp) Pos() Pos    { return x.Keyword }
func (x *ProjectAwayOp) End() Pos    { return lastIdent(x.Columns, x.Keyword) }
func (x *ProjectRenameOp) Pos() Pos  { return x.Keyword }
func (x *ProjectRenameOp) End() Pos  { return lastNamed(x.Items, x.Keyword) }
func (x *ProjectReorderOp) Pos() Pos { return x.Keyword }
func (x *ProjectReorderOp) End() Pos {
	if n := len(x.Columns); n > 0 {
		return x.Columns[n-1].Name.End()
	}
	return x.Keyword
}
func (x *SummarizeOp) Pos() Pos { return x.Keyword }
func (x *SummarizeOp) End() Pos {
	if len(x.By) > 0 {
		return lastNamed(x.By, x.Keyword)
	}
	return lastNamed(x.Aggs, x.Keyword)
}
func (x *CountOp) Pos() Pos    { return x.Keyword }
func (x *CountOp) End() Pos    { return x.Keyword + 5 }
func (x *TakeOp) Pos() Pos     { return x.Keyword }
func (x *TakeOp) End() Pos     { return x.N.End() }
func (x *TopOp) Pos() Pos      { return x.Keyword }
func (x *TopOp) End() Pos      { return x.By.X.End() }
func (x *SortOp) Pos() Pos     { return x.Keyword }
func (x *SortOp) End() Pos     { return x.Keys[len(x.Keys)-1].X.End() }
func (x *DistinctOp) Pos() Pos { return x.Keyword }
func (x *DistinctOp) End() Pos { return x.Items[len(x.Items)-1].End() }
func (x *JoinOp) Pos() Pos     { return x.Keyword }
func (x *JoinOp) End() Pos     { return lastExpr(x.On, x.Right.End()) }
func (x *LookupOp) Pos() Pos   { return x.Keyword }
func (x *LookupOp) End() Pos   { return lastExpr(x.On, x.Right.End()) }
func (x *UnionOp) Pos() Pos    { return x.Keyword }
func (x *UnionOp) End() Pos    { return lastExpr(x.Tables, x.Keyword) }
func (x *MvExpandOp) Pos() Pos { return x.Keyword }
func (x *MvExpandOp) End() Pos {
	if x.Limit != nil {
		return x.Limit.End()
	}
	return x.Items[len(x.Items)-1].Col.End()
}
func (x *ParseOp) Pos() Pos { return x.Keyword }
func (x *ParseOp) End() Pos {
	if n := len(x.Pattern); n > 0 {
		return x.Pattern[n-1].PartPos + 1
	}
	return x.Source.End()
}
func (x *AsOp) Pos() Pos         { return x.Keyword }
func (x *AsOp) End() Pos         { return x.Name.End() }
func (x *RenderOp) Pos() Pos     { return x.Keyword }
func (x *RenderOp) End() Pos     { return x.EndPos }
func (x *EvaluateOp) Pos() Pos   { return x.Keyword }
func (x *EvaluateOp) End() Pos   { return x.Plugin.End() }
func (x *InvokeOp) Pos() Pos     { return x.Keyword }
func (x *InvokeOp) End() Pos     { return x.Call.End() }
func (x *SerializeOp) Pos() Pos  { return x.Keyword }
func (x *SerializeOp) End() Pos  { return lastNamed(x.Items, x.Keyword+9) }
func (x *GetSchemaOp) Pos() Pos  { return x.Keyword }
func (x *GetSchemaOp) End() Pos  { return x.Keyword + 9 }
func (x *MakeSeriesOp) Pos() Pos { return x.Keyword }
func (x *MakeSeriesOp) End() Pos { return lastNamed(x.By, x.Step.End()) }
func (x *MvApplyOp) Pos() Pos    { return x.Keyword }
func (x *MvApplyOp) End() Pos    { return x.Sub.End() }

func lastNamed(items []*NamedExpr, def Pos) Pos {
	if n := len(items); n > 0 {
		return items[n-1].End()
	}
	return def
}

func lastIdent(items []*Ident, def Pos) Pos {
	if n := len(items); n > 0 {
		return items[n-1].End()
	}
	return def
}

func lastExpr(items []Expr, def Pos) Pos {
	if n := len(items); n > 0 {
		return items[n-1].End()
	}
	return def
}

// Markers seal the interfaces.

func (*Ident) exprNode()     {}
func (*Literal) exprNode()   {}
func (*Binary) exprNode()    {}
func (*Unary) exprNode()     {}
func (*InExpr) exprNode()    {}
func (*Between) exprNode()   {}
func (*Call) exprNode()      {}
func (*NamedArg) exprNode()  {}
func (*Star) exprNode()      {}
func (*Paren) exprNode()     {}
func (*Member) exprNode()    {}
func (*Index) exprNode()     {}
func (*Pipeline) exprNode()  {}
func (*Datatable) exprNode() {}
func (*PrintExpr) exprNode() {}
func (*RangeExpr) exprNode() {}
func (*UnionExpr) exprNode() {}

func (*WhereOp) opNode()          {}
func (*ExtendOp) opNode()         {}
func (*ProjectOp) opNode()        {}
func (*ProjectAwayOp) opNode()    {}
func (*ProjectRenameOp) opNode()  {}
func (*ProjectReorderOp) opNode() {}
func (*SummarizeOp) opNode()      {}
func (*CountOp) opNode()          {}
func (*TakeOp) opNode()           {}
func (*TopOp) opNode()            {}
func (*SortOp) opNode()           {}
func (*DistinctOp) opNode()       {}
func (*JoinOp) opNode()           {}
func (*LookupOp) opNode()         {}
func (*UnionOp) opNode()          {}
func (*MvExpandOp) opNode()       {}
func (*ParseOp) opNode()          {}
func (*AsOp) opNode()             {}
func (*RenderOp) opNode()         {}
func (*EvaluateOp) opNode()       {}
func (*InvokeOp) opNode()         {}
func (*SerializeOp) opNode()      {}
func (*GetSchemaOp) opNode()      {}
func (*MakeSeriesOp) opNode()     {}
func (*MvApplyOp) opNode()        {}

func (*LetStmt) stmtNode()     {}
func (*ExprStmt) stmtNode()    {}
func (*SetStmt) stmtNode()     {}
func (*DeclareStmt) stmtNode() {}
