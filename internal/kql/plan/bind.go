package plan

import (
	"fmt"
	"strings"

	"reconwatch/internal/kql/aggs"
	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

// Catalog resolves table names to schemas.
type Catalog interface {
	Table(name string) (table.Schema, bool)
}

// MapCatalog is a Catalog over a map, handy for tests.
type MapCatalog map[string]table.Schema

// Table implements Catalog.
func (m MapCatalog) Table(name string) (table.Schema, bool) {
	s, ok := m[name]
	return s, ok
}

// Options configure binding.
type Options struct {
	Catalog Catalog
	// Now is the reference instant (ticks) for now() and ago().
	Now int64
	// MaxRegexSize bounds regex patterns (0: funcs.DefaultMaxRegexSize).
	MaxRegexSize int
	// MaxListSize caps make_list/make_set (0: Kusto's 1,048,576).
	MaxListSize int
	// DataTables, when set, lists the tables that have data: a wildcard
	// union (union *, union Device*) spans those, as it spans a
	// workspace's tables in Kusto; without it, every catalog table.
	DataTables func() []string
	// Discover, when set, runs a plan to find the keys bag_unpack creates.
	Discover Discoverer
	// DiscoverValues, when set, runs a plan to find the distinct values
	// of a column, which evaluate pivot turns into columns.
	DiscoverValues ValueDiscoverer
	// OnMemory, when set, is charged by aggregates that hold lists
	// (make_list, make_set, ...); an error ends the query.
	OnMemory func(delta int64) error
}

// Program is a bound query: one plan per tabular statement (a batch may
// hold several), plus counters the executor sizes its caches with.
type Program struct {
	Results []Node
	NumSubs int // SubScalar / InSet / HasAny subquery cache slots
	NumMats int // Materialize cache slots
	// Tables lists the tables the query reads.
	Tables []string
}

// maxCallDepth bounds user-function expansion (recursion is not allowed
// in KQL; this stops a hostile query from expanding forever).
const maxCallDepth = 64

type binder struct {
	opt      Options
	fenv     *funcs.Env
	aenv     *aggs.Env
	errs     syntax.ErrorList
	subs     int
	mats     int
	depth    int
	tables   map[string]bool
	matByLet map[*binding]*Materialize
	// tuples records calls of functions that yield several columns as a
	// projection item (array_sort_asc(a, b)): how many.
	tuples map[*syntax.Call]funcs.Impl
}

// Bind checks q and builds its plan. Diagnostics are semantic errors
// (Kind "semantic") with positions into q's text; the Program is nil when
// there are any.
func Bind(q *syntax.Query, opt Options) (*Program, syntax.ErrorList) {
	if opt.Catalog == nil {
		opt.Catalog = MapCatalog{}
	}
	b := &binder{
		opt:      opt,
		fenv:     &funcs.Env{Now: opt.Now, MaxRegexSize: opt.MaxRegexSize},
		tables:   map[string]bool{},
		matByLet: map[*binding]*Materialize{},
		tuples:   map[*syntax.Call]funcs.Impl{},
	}
	if b.fenv.MaxRegexSize == 0 {
		b.fenv.MaxRegexSize = funcs.DefaultMaxRegexSize
	}
	b.aenv = &aggs.Env{Env: *b.fenv, MaxListSize: opt.MaxListSize, OnMemory: opt.OnMemory}
	if b.aenv.MaxListSize == 0 {
		b.aenv.MaxListSize = 1 << 20
	}
	prog := &Program{}
	sc := newScope(nil)
	for _, st := range q.Stmts {
		if n := b.stmt(st, sc); n != nil {
			prog.Results = append(prog.Results, n)
		}
	}
	if len(prog.Results) == 0 && len(b.errs) == 0 {
		end := syntax.Pos(len(q.Text))
		b.errs.Add("semantic", syntax.CodeInvalid, end, end, "the query has no tabular expression to run")
	}
	if len(b.errs) > 0 {
		b.errs.Sort()
		return nil, b.errs
	}
	for _, n := range prog.Results {
		analyzeNeeds(n, nil)
	}
	prog.NumSubs = b.subs
	prog.NumMats = b.mats
	for t := range b.tables {
		prog.Tables = append(prog.Tables, t)
	}
	sortStrings(prog.Tables)
	return prog, nil
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// errorf records a semantic error at node n.
func (b *binder) errorf(n syntax.Node, code, format string, args ...any) {
	if len(b.errs) >= 50 {
		return
	}
	pos, end := syntax.NoPos, syntax.NoPos
	if n != nil {
		pos, end = n.Pos(), n.End()
	}
	if pos < 0 {
		pos = 0
	}
	if end < pos {
		end = pos
	}
	b.errs.Add("semantic", code, pos, end, format, args...)
}

// unknown reports an unresolved name with a suggestion.
func (b *binder) unknown(n syntax.Node, what, name string, candidates []string) {
	msg := fmt.Sprintf("unknown %s '%s'", what, name)
	if s := suggest(name, candidates); s != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", s)
	}
	b.errorf(n, syntax.CodeUnknownName, "%s", msg)
}

func (b *binder) stmt(st syntax.Stmt, sc *scope) Node {
	switch st := st.(type) {
	case *syntax.LetStmt:
		b.let(st, sc)
		return nil
	case *syntax.ExprStmt:
		return b.tabular(st.X, sc)
	case *syntax.SetStmt:
		return nil
	case *syntax.DeclareStmt:
		for _, p := range st.Params {
			if p.Default != nil {
				sc.names[p.Name.Name] = &binding{kind: bindScalar, expr: b.scalar(p.Default, sc, nil), name: p.Name.Name}
			} else {
				b.errorf(p.Name, syntax.CodeInvalid, "query parameter '%s' has no default value and none was supplied", p.Name.Name)
			}
		}
		return nil
	}
	b.errorf(st, syntax.CodeUnsupported, "unsupported statement")
	return nil
}

func (b *binder) let(st *syntax.LetStmt, sc *scope) {
	name := st.Name.Name
	if st.Func != nil {
		sc.names[name] = &binding{kind: bindFunc, fn: st.Func, def: sc, name: name}
		return
	}
	if c, ok := st.Value.(*syntax.Call); ok && c.Fun.Name == "materialize" {
		// materialize() is cached once per query: bind it once and share
		// the node between references.
		sc.names[name] = &binding{kind: bindNode, node: b.tabular(st.Value, sc), name: name}
		return
	}
	if b.isTabular(st.Value, sc) {
		// Bind once now to report errors at the definition, then rebind
		// at each reference (a let binds the calculation, not its value).
		before := len(b.errs)
		b.tabular(st.Value, sc)
		if len(b.errs) > before {
			// Its errors are reported here; uses of the name stay quiet.
			sc.names[name] = &binding{kind: bindNode, node: poison, name: name}
			return
		}
		sc.names[name] = &binding{kind: bindTabular, ast: st.Value, def: sc, name: name}
		return
	}
	e := b.scalar(st.Value, sc, nil)
	sc.names[name] = &binding{kind: bindScalar, expr: e, name: name}
}

// isTabular decides whether an expression denotes a table.
func (b *binder) isTabular(e syntax.Expr, sc *scope) bool {
	switch e := e.(type) {
	case *syntax.Pipeline, *syntax.Datatable, *syntax.PrintExpr, *syntax.RangeExpr, *syntax.UnionExpr, *syntax.ExternalDataExpr:
		return true
	case *syntax.Paren:
		return b.isTabular(e.X, sc)
	case *syntax.Ident:
		if bd := sc.lookup(e.Name); bd != nil {
			return bd.kind == bindTabular || bd.kind == bindNode
		}
		if _, ok := b.opt.Catalog.Table(e.Name); ok {
			return true
		}
		if cf, ok := b.opt.Catalog.(CatalogFunctions); ok {
			_, ok := cf.Function(e.Name)
			return ok
		}
		return false
	case *syntax.Call:
		switch e.Fun.Name {
		case "materialize", "table", "view":
			return true
		}
		if bd := sc.lookup(e.Fun.Name); bd != nil && bd.kind == bindFunc {
			return bd.fn.View || b.funcIsTabular(bd)
		}
		if cf, ok := b.opt.Catalog.(CatalogFunctions); ok {
			_, ok := cf.Function(e.Fun.Name)
			return ok
		}
	}
	return false
}

// funcIsTabular looks at a user function's body to see whether it returns
// a table.
func (b *binder) funcIsTabular(bd *binding) bool {
	if len(bd.fn.Body) == 0 {
		return false
	}
	last, ok := bd.fn.Body[len(bd.fn.Body)-1].(*syntax.ExprStmt)
	if !ok {
		return false
	}
	inner := newScope(bd.def)
	for _, p := range bd.fn.Params {
		if p.Tabular {
			inner.names[p.Name.Name] = &binding{kind: bindNode, node: &Values{}}
		} else {
			inner.names[p.Name.Name] = &binding{kind: bindScalar, expr: &Const{T: p.Type}}
		}
	}
	for _, st := range bd.fn.Body[:len(bd.fn.Body)-1] {
		if l, ok := st.(*syntax.LetStmt); ok {
			if l.Func != nil {
				inner.names[l.Name.Name] = &binding{kind: bindFunc, fn: l.Func, def: inner}
			} else if b.isTabular(l.Value, inner) {
				inner.names[l.Name.Name] = &binding{kind: bindNode, node: &Values{}}
			} else {
				inner.names[l.Name.Name] = &binding{kind: bindScalar, expr: &Const{}}
			}
		}
	}
	return b.isTabular(last.X, inner)
}

func (b *binder) newSub() int {
	b.subs++
	return b.subs - 1
}

func (b *binder) newMat() int {
	b.mats++
	return b.mats - 1
}

// uniqueName returns name, or name with the smallest numeric suffix that
// is not in taken (Kusto's rule for duplicate output names: x, x1, x2).
func uniqueName(name string, taken func(string) bool) string {
	if !taken(name) {
		return name
	}
	for i := 1; ; i++ {
		n := fmt.Sprintf("%s%d", name, i)
		if !taken(n) {
			return n
		}
	}
}

// nextColumnName returns the next free ColumnN name.
func nextColumnName(taken func(string) bool) string {
	for i := 1; ; i++ {
		n := fmt.Sprintf("Column%d", i)
		if !taken(n) {
			return n
		}
	}
}

func schemaHas(s table.Schema) func(string) bool {
	return func(n string) bool { return s.Index(n) >= 0 }
}

// wildcardMatch matches a column name against a pattern with * wildcards.
func wildcardMatch(pattern, name string) bool {
	if !strings.Contains(pattern, "*") {
		return pattern == name
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	name = name[len(parts[0]):]
	for i := 1; i < len(parts)-1; i++ {
		j := strings.Index(name, parts[i])
		if j < 0 {
			return false
		}
		name = name[j+len(parts[i]):]
	}
	return strings.HasSuffix(name, parts[len(parts)-1])
}
