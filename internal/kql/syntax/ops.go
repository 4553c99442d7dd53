package syntax

import (
	"sort"

	textdist "reconwatch/internal/suggest"
)

// opKeywords are operator names that cannot start a query: seen in source
// position with more text after them, they mean a missing table.
var opKeywords = map[string]bool{
	"where": true, "filter": true, "extend": true, "project": true, "project-away": true,
	"project-keep": true, "project-rename": true, "project-reorder": true, "summarize": true,
	"distinct": true, "join": true, "lookup": true, "mv-expand": true, "mvexpand": true,
	"mv-apply": true, "parse": true, "parse-where": true, "render": true, "invoke": true,
	"serialize": true, "getschema": true, "make-series": true,
}

// supportedOps lists the operators parseOperator knows, for suggestions.
var supportedOps = []string{
	"as", "count", "distinct", "evaluate", "extend", "filter", "getschema", "invoke", "join",
	"limit", "lookup", "make-series", "mv-apply", "mv-expand", "order", "parse", "parse-where",
	"project", "project-away", "project-keep", "project-rename", "project-reorder", "render",
	"serialize", "sort", "summarize", "take", "top", "union", "where",
}

// unsupportedOps are valid KQL operators that reconwatch does not parse.
var unsupportedOps = map[string]bool{
	"sample": true, "sample-distinct": true, "top-nested": true, "top-hitters": true,
	"find": true, "search": true, "partition": true, "partition-by": true, "fork": true,
	"facet": true, "reduce": true, "scan": true, "consume": true, "project-smart": true,
	"parse-kv": true, "make-graph": true, "graph-match": true, "graph-merge": true,
	"assert-schema": true, "execute-and-cache": true, "macro-expand": true,
}

// parseOperator parses one tabular operator after a '|'.
func (p *parser) parseOperator() Operator {
	if p.tok.kind != tIdent {
		p.errorExpected("a query operator")
	}
	switch w := p.lit(); w {
	case "where", "filter":
		return p.parseWhere()
	case "extend":
		kw := p.pos()
		p.next()
		p.needArgs("a column or expression after 'extend'")
		return &ExtendOp{Keyword: kw, Items: p.parseNamedExprList()}
	case "project":
		kw := p.pos()
		p.next()
		p.needArgs("a column or expression after 'project'")
		return &ProjectOp{Keyword: kw, Items: p.parseNamedExprList()}
	case "project-away", "project-keep":
		return p.parseProjectAway(w == "project-keep")
	case "project-rename":
		return p.parseProjectRename()
	case "project-reorder":
		return p.parseProjectReorder()
	case "summarize":
		return p.parseSummarize()
	case "count":
		kw := p.pos()
		p.next()
		return &CountOp{Keyword: kw}
	case "take", "limit":
		kw := p.pos()
		p.next()
		p.parseOptions()
		p.needArgs("a row count after '" + w + "'")
		return &TakeOp{Keyword: kw, N: p.parseExpr()}
	case "top":
		return p.parseTop()
	case "sort", "order":
		return p.parseSort()
	case "distinct":
		return p.parseDistinct()
	case "join":
		return p.parseJoin()
	case "lookup":
		return p.parseLookup()
	case "union":
		return p.parseUnion()
	case "mv-expand", "mvexpand":
		return p.parseMvExpand(w == "mvexpand")
	case "mv-apply", "mvapply":
		return p.parseMvApply()
	case "parse", "parse-where":
		return p.parseParse(w == "parse-where")
	case "as":
		return p.parseAs()
	case "render":
		return p.parseRender()
	case "evaluate":
		return p.parseEvaluate()
	case "invoke":
		kw := p.pos()
		p.next()
		if p.tok.kind != tIdent || p.peek(1).kind != tLparen {
			p.errorExpected("a function call after 'invoke'")
		}
		return &InvokeOp{Keyword: kw, Call: p.parseCallExpr()}
	case "serialize":
		s := &SerializeOp{Keyword: p.pos()}
		p.next()
		p.parseOptions()
		if !p.atListEnd() {
			s.Items = p.parseNamedExprList()
		}
		return s
	case "getschema":
		kw := p.pos()
		p.next()
		return &GetSchemaOp{Keyword: kw}
	case "make-series":
		return p.parseMakeSeries()
	case "print", "range", "datatable":
		p.fail(CodeSyntax, "'%s' starts a query and cannot follow '|'", w)
	default:
		if unsupportedOps[w] {
			p.fail(CodeUnsupported, "the '%s' operator is not supported", w)
		}
		p.fail(CodeSyntax, "expected a query operator, found %s%s", p.found(p.tok), suggest(w, supportedOps))
	}
	panic("unreachable")
}

// parseCallExpr parses name(args) with the current token at the name.
func (p *parser) parseCallExpr() *Call {
	id := &Ident{NamePos: p.pos(), Name: p.lit(), Raw: p.lit()}
	p.next()
	return p.parseCall(id)
}

// needArgs fails unless an argument list follows.
func (p *parser) needArgs(what string) {
	if p.atListEnd() {
		p.errorExpected(what)
	}
}

func (p *parser) parseWhere() *WhereOp {
	kw := p.pos()
	p.next()
	p.needArgs("a predicate after 'where'")
	return &WhereOp{Keyword: kw, Pred: p.parseExpr()}
}

func (p *parser) parseProjectAway(keep bool) *ProjectAwayOp {
	op := &ProjectAwayOp{Keyword: p.pos(), Keep: keep}
	p.next()
	for {
		op.Columns = append(op.Columns, p.parseWildcardName("a column name"))
		if !p.got(tComma) {
			return op
		}
	}
}

func (p *parser) parseProjectRename() *ProjectRenameOp {
	op := &ProjectRenameOp{Keyword: p.pos()}
	p.next()
	for {
		name := p.parseName("new_name = old_name")
		p.expect(tAssign, "'=' (project-rename takes new_name = old_name)")
		old := p.parseName("the old column name")
		op.Items = append(op.Items, &NamedExpr{Name: name, X: old})
		if !p.got(tComma) {
			return op
		}
	}
}

func (p *parser) parseProjectReorder() *ProjectReorderOp {
	op := &ProjectReorderOp{Keyword: p.pos()}
	p.next()
	for {
		it := &ReorderItem{Name: p.parseWildcardName("a column name")}
		if p.tok.kind == tIdent {
			switch w := p.lit(); w {
			case "asc", "desc", "granny-asc", "granny-desc":
				it.Order = w
				p.next()
			}
		}
		op.Columns = append(op.Columns, it)
		if !p.got(tComma) {
			return op
		}
	}
}

func (p *parser) parseSummarize() *SummarizeOp {
	op := &SummarizeOp{Keyword: p.pos()}
	p.next()
	op.Options = p.parseOptions()
	if !p.isWord("by") && !p.atListEnd() {
		op.Aggs = p.parseNamedExprList()
	}
	if p.isWord("by") {
		p.next()
		p.needArgs("a group-by column or expression after 'by'")
		op.By = p.parseNamedExprList()
	}
	if op.Aggs == nil && op.By == nil {
		p.errorExpected("an aggregation or 'by' after 'summarize'")
	}
	return op
}

func (p *parser) parseTop() *TopOp {
	op := &TopOp{Keyword: p.pos()}
	p.next()
	p.parseOptions()
	p.needArgs("a row count after 'top'")
	op.N = p.parseExpr()
	p.expectWord("by")
	op.By = p.parseSortKey()
	return op
}

func (p *parser) parseSort() *SortOp {
	op := &SortOp{Keyword: p.pos()}
	p.next()
	p.parseOptions()
	p.expectWord("by")
	for {
		op.Keys = append(op.Keys, p.parseSortKey())
		if !p.got(tComma) {
			return op
		}
	}
}

// parseSortKey parses expr [asc|desc] [nulls first|last].
func (p *parser) parseSortKey() *SortKey {
	k := &SortKey{X: p.parseExpr()}
	switch {
	case p.isWord("asc"):
		k.Asc = true
		p.next()
	case p.isWord("desc"):
		p.next()
	}
	if p.isWord("nulls") {
		p.next()
		switch {
		case p.isWord("first"):
			k.NullsFirst = true
		case p.isWord("last"):
		default:
			p.errorExpected("'first' or 'last' after 'nulls'")
		}
		k.NullsSet = true
		p.next()
	}
	return k
}

func (p *parser) parseDistinct() *DistinctOp {
	op := &DistinctOp{Keyword: p.pos()}
	p.next()
	p.parseOptions()
	if p.tok.kind == tStar && sourceSafe(p.peek(1).kind) {
		op.Items = []Expr{&Star{StarPos: p.pos()}}
		p.next()
		return op
	}
	p.needArgs("a column list or '*' after 'distinct'")
	for {
		op.Items = append(op.Items, p.parseExpr())
		if !p.got(tComma) {
			return op
		}
	}
}

func (p *parser) parseAs() *AsOp {
	op := &AsOp{Keyword: p.pos()}
	p.next()
	p.parseOptions()
	op.Name = p.parseName("a name after 'as'")
	return op
}

// parseRender parses render chart and skips whatever follows (with (...),
// legacy properties) up to the next '|' or ';'.
func (p *parser) parseRender() *RenderOp {
	op := &RenderOp{Keyword: p.pos()}
	p.next()
	if p.tok.kind != tIdent {
		p.errorExpected("a chart type after 'render'")
	}
	op.Chart = p.lit()
	op.EndPos = Pos(p.tok.end)
	p.next()
	depth := 0
	for p.tok.kind != tEOF {
		switch p.tok.kind {
		case tLparen, tLbrack, tLbrace:
			depth++
		case tRparen, tRbrack, tRbrace:
			if depth == 0 {
				return op
			}
			depth--
		case tPipe, tSemi:
			if depth == 0 {
				return op
			}
		}
		op.EndPos = Pos(p.tok.end)
		p.next()
	}
	return op
}

func (p *parser) parseEvaluate() *EvaluateOp {
	op := &EvaluateOp{Keyword: p.pos()}
	p.next()
	op.Options = p.parseOptions()
	if p.tok.kind != tIdent || p.peek(1).kind != tLparen {
		p.errorExpected("a plugin call after 'evaluate'")
	}
	op.Plugin = p.parseCallExpr()
	if p.got(tColon) {
		p.expect(tLparen, "'(' and the output schema")
		if p.got(tStar) {
			op.SchemaStar = true
			if p.got(tComma) && p.tok.kind != tRparen {
				op.Schema = p.parseColumnDecls()
			}
		} else {
			op.Schema = p.parseColumnDecls()
		}
		p.expect(tRparen, "',' or ')' in the output schema")
	}
	return op
}

// suggest returns ` (did you mean "x"?)` for the candidate closest to w,
// if one is close.
func suggest(w string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(w, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || len(w) < 3 {
		return ""
	}
	return " (did you mean '" + best + "'?)"
}

// editDistance is the Levenshtein distance, for short words.
func editDistance(a, b string) int {
	if len(a) > 40 || len(b) > 40 {
		return 99
	}
	return textdist.Levenshtein(a, b)
}

func init() { sort.Strings(supportedOps) }
