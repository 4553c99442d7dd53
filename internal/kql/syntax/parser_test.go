package syntax

import (
	"math"
	"testing"

	"reconwatch/internal/table"
)

// parseOK parses text and fails the test on any error.
func parseOK(t *testing.T, text string) *Query {
	t.Helper()
	q, errs := Parse(text)
	if len(errs) > 0 {
		src := &Source{Text: text}
		t.Fatalf("Parse(%q):\n%s", text, src.FormatAll(errs))
	}
	return q
}

// TestParseShapes checks the tree of each construct, as an S-expression
// (see dump). Every case is also printed and re-parsed.
func TestParseShapes(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// sources
		{"table", "T", "T"},
		{"pipeline", "T | where x > 1 | count", "(pipe T (where (> x 1)) (count))"},
		{"call source", "_GetWatchlist('x') | project SearchKey", `(pipe (call _GetWatchlist "x") (project SearchKey))`},
		{"materialize", "materialize(T | take 1)", "(call materialize (pipe T (take 1)))"},
		{"table()", `table("T") | take 1`, `(pipe (call table "T") (take 1))`},
		{"paren pipeline", "(T | take 1) | count", "(pipe (paren (pipe T (take 1))) (count))"},
		{"print", `print x = 1, "a"`, `(print (= x 1) "a")`},
		{"print pipe", "print 1 | project print_0", "(pipe (print 1) (project print_0))"},
		{"range", "range x from 1 to 10 step 2", "(range x 1 10 2)"},
		{"range call", "print range(1, 5)", "(print (call range 1 5))"},
		{"union source", "union withsource=S isfuzzy=true T, (U | take 1), Dev*",
			"(union withsource=S isfuzzy=true T (paren (pipe U (take 1))) Dev*)"},
		{"datatable", `datatable(a:long, b:string, c:dynamic)[1, "x", dynamic([1]), -2, 'y', dynamic(null),]`,
			`(datatable [a:long b:string c:dynamic] 1 "x" dynamic([1]) (- 2) "y" null(dynamic))`},
		{"datatable empty", "datatable(x:long)[]", "(datatable [x:long])"},
		{"externaldata", `externaldata(a:string, b:long)[h@"https://x/y.csv", "u2"] with (format="csv", ignoreFirstRecord=true)`,
			`(externaldata [a:string b:long] h"https://x/y.csv" "u2" format="csv" ignoreFirstRecord=true)`},

		// statements
		{"let scalar", "let x = 5; T", "(let x 5); T"},
		{"let tabular", "let T2 = T | where a; T2", "(let T2 (pipe T (where a))); T2"},
		{"let dynamic", `let l = dynamic(["a", 'b']);`, `(let l dynamic(["a","b"]))`},
		{"let escaped", "let ['some number'] = 20; print ['some number']", `(let some number 20); (print ["some number"])`},
		{"let function", `let f = (a:long, b:string = "x", T:(c:long), U:(*)) { let z = a; T | where c > z }; f(1, b="y")`,
			`(let f (a:long b:string="x" T:[c:long] U:(*)) (let z a) (pipe T (where (> c z)))); (call f 1 (= b "y"))`},
		{"let function no params", "let f = () { T }; f()", "(let f () T); (call f)"},
		{"let function trailing semi", "let f = (x:long) { x * 2; }; print f(1)", "(let f (x:long) (* x 2)); (print (call f 1))"},
		{"let view", "let v = view () { print 1 }; v", "(let v view () (print 1)); v"},
		{"let paren value", "let x = (1 + 2); print x", "(let x (paren (+ 1 2))); (print x)"},
		{"let nested function", "let f = () { let g = (a:long) { a }; g(1) }; f()",
			"(let f () (let g (a:long) a) (call g 1)); (call f)"},
		{"set", "set notruncation; set query_take_max_records = 10; T", "(set notruncation); (set query_take_max_records 10); T"},
		{"set dotted", "set a.b = true; T", "(set a.b true); T"},
		{"declare", "declare query_parameters(x:long = 5, y:string); T", `(declare (x:long=5 y:string)); T`},
		{"batch", "T | count; U | take 1;", "(pipe T (count)); (pipe U (take 1))"},
		{"empty statements", ";;T;;", "T"},

		// operators
		{"where", "T | where a and b", "(pipe T (where (and a b)))"},
		{"filter", "T | filter a", "(pipe T (where a))"},
		{"where star", `T | where * has "x"`, `(pipe T (where (has * "x")))`},
		{"extend", "T | extend a = 1, b, (c, d) = f(x), ['e f'] = 2",
			`(pipe T (extend (= a 1) b (= (c d) (call f x)) (= ["e f"] 2)))`},
		{"extend paren expr", "T | extend (a + 1) * 2", "(pipe T (extend (* (paren (+ a 1)) 2)))"},
		{"extend paren name", "T | extend (a) = 1", "(pipe T (extend (= (a) 1)))"},
		{"project", "T | project a, b = c + 1, d.e", "(pipe T (project a (= b (+ c 1)) (. d e)))"},
		{"project-away", "T | project-away a, b*, *_s, ['c d']", `(pipe T (project-away a b* *_s ["c d"]))`},
		{"project-keep", "T | project-keep a*", "(pipe T (project-keep a*))"},
		{"project-rename", "T | project-rename new_a = a, ['n b'] = ['o b']", `(pipe T (project-rename (= new_a a) (= ["n b"] ["o b"])))`},
		{"project-reorder", "T | project-reorder b, a* asc, c desc, d granny-asc, *",
			"(pipe T (project-reorder b a*:asc c:desc d:granny-asc *))"},
		{"summarize", "T | summarize count(), c = dcount(x), (m, n) = arg_max(t, *) by k, bin(ts, 1h)",
			"(pipe T (summarize (call count) (= c (call dcount x)) (= (m n) (call arg_max t *)) by k (call bin ts timespan(01:00:00))))"},
		{"summarize by only", "T | summarize by a, b", "(pipe T (summarize by a b))"},
		{"summarize hints", "T | summarize hint.strategy=shuffle hint.shufflekey=k count() by k",
			"(pipe T (summarize hint.strategy=shuffle hint.shufflekey=k (call count) by k))"},
		{"summarize named by", "T | summarize c = count() by isEven = x % 2 == 0",
			"(pipe T (summarize (= c (call count)) by (= isEven (== (% x 2) 0))))"},
		{"count", "T | count", "(pipe T (count))"},
		{"take limit", "T | take 5 | limit n + 1", "(pipe T (take 5) (take (+ n 1)))"},
		{"top", "T | top 3 by x", "(pipe T (top 3 (desc x)))"},
		{"top asc nulls", "T | top 3 by x asc nulls first", "(pipe T (top 3 (asc-nulls-first x)))"},
		{"sort", "T | sort by a, b asc, c desc nulls last, d nulls first",
			"(pipe T (sort (desc a) (asc b) (desc-nulls-last c) (desc-nulls-first d)))"},
		{"order", "T | order by a asc", "(pipe T (sort (asc a)))"},
		{"distinct", "T | distinct a, b", "(pipe T (distinct a b))"},
		{"distinct star", "T | distinct *", "(pipe T (distinct *))"},
		{"join paren", "T | join kind=inner (U | where x) on a, b",
			"(pipe T (join kind=inner (paren (pipe U (where x))) on a b))"},
		{"join name", "T | join U on a", "(pipe T (join U on a))"},
		{"join spaced kind", "T | join kind = leftanti U on a", "(pipe T (join kind=leftanti U on a))"},
		{"join hints", "T | join hint.strategy=broadcast hint.remote=auto kind=leftouter U on a",
			"(pipe T (join hint.strategy=broadcast hint.remote=auto kind=leftouter U on a))"},
		{"join left right", "T | join (U) on $left.a == $right.b and $left.c == $right.d, e",
			"(pipe T (join (paren U) on (== (. $left a) (. $right b)) (== (. $left c) (. $right d)) e))"},
		{"lookup", "T | lookup kind=leftouter (U) on k", "(pipe T (lookup kind=leftouter (paren U) on k))"},
		{"union op", "T | union kind=inner U, V*", "(pipe T (union kind=inner U V*))"},
		{"union call leg", `union (T), workspace("w").T, _Im_Dns(starttime=ago(1d))`,
			`(union (paren T) (. (call workspace "w") T) (call _Im_Dns (= starttime (call ago timespan(1.00:00:00)))))`},
		{"mv-expand", "T | mv-expand a", "(pipe T (mv-expand a))"},
		{"mv-expand full", "T | mv-expand kind=array with_itemindex=i bagexpansion=array a to typeof(string), b = c limit 10",
			"(pipe T (mv-expand kind=array with_itemindex=i bagexpansion=array a:string (= b c) limit 10))"},
		{"mvexpand legacy", "T | mvexpand a", "(pipe T (mvexpand a))"},
		{"mv-expand call", "T | mv-expand todynamic(p)", "(pipe T (mv-expand (call todynamic p)))"},
		{"mv-apply", "T | mv-apply x to typeof(long) on (top 1 by x | project x)",
			"(pipe T (mv-apply x:long on (pipe (top 1 (desc x)) (project x))))"},
		{"mv-apply limit", "T | mv-apply a, b limit 5 on (summarize count())",
			"(pipe T (mv-apply a b limit 5 on (pipe (summarize (call count)))))"},
		{"parse", `T | parse Msg with * "user=" user ", id=" id:long *`,
			`(pipe T (parse Msg with * "user=" user:string ", id=" id:long *))`},
		{"parse kind", `T | parse kind=regex flags=Ui Msg with "a" 'b' x:date`,
			`(pipe T (parse kind=regex flags=Ui Msg with "ab" x:datetime))`},
		{"parse-where", `T | parse-where kind=relaxed tostring(x) with a:int "," b`,
			`(pipe T (parse-where kind=relaxed (call tostring x) with a:int "," b:string))`},
		{"as", "T | as X | as hint.materialized=true Y", "(pipe T (as X) (as Y))"},
		{"render", `T | render timechart with (title="x", ytitle = 'y') | count`, "(pipe T (render timechart) (count))"},
		{"render legacy", "T | render barchart kind=stacked title='t'", "(pipe T (render barchart))"},
		{"evaluate", "T | evaluate bag_unpack(d, 'p_', columnsConflict='replace_source')",
			`(pipe T (evaluate (call bag_unpack d "p_" (= columnsConflict "replace_source"))))`},
		{"evaluate schema", "T | evaluate hint.distribution=per_node bag_unpack(d) : (*, a:long, b:string)",
			"(pipe T (evaluate hint.distribution=per_node (call bag_unpack d) : * [a:long b:string]))"},
		{"invoke", "T | invoke f(1)", "(pipe T (invoke (call f 1)))"},
		{"serialize", "T | serialize | serialize rn = row_number()", "(pipe T (serialize) (serialize (= rn (call row_number))))"},
		{"getschema", "T | getschema", "(pipe T (getschema))"},
		{"make-series", "T | make-series c = count() default = 0, avg(x) on ts from ago(7d) to now() step 1h by k",
			"(pipe T (make-series (= c (call count)) default=0 (call avg x) on ts from (call ago timespan(7.00:00:00)) to (call now) step timespan(01:00:00) by k))"},
		{"make-series range", "T | make-series kind=nonempty sum(x) on ts in range(a, b, 1d)",
			"(pipe T (make-series kind=nonempty (call sum x) on ts from a to b step timespan(1.00:00:00)))"},
		{"make-series step only", "T | make-series count() on ts step 1d",
			"(pipe T (make-series (call count) on ts step timespan(1.00:00:00)))"},

		// expressions
		{"member index", `print a.b[0]["c"].['d e']`, `(print (. (index (index (. a b) 0) "c") ["d e"]))`},
		{"call args", "print f(), g(1, *), h(x = 1)", "(print (call f) (call g 1 *) (call h (= x 1)))"},
		{"toscalar", "print toscalar(T | summarize max(x))", "(print (call toscalar (pipe T (summarize (call max x)))))"},
		{"in list", "print x in (1, 2), x !in (l), x in~ ('a'), x !in~ (T | project y)",
			`(print (in x [1 2]) (!in x [l]) (in~ x ["a"]) (!in~ x [(pipe T (project y))]))`},
		{"has any all", `print x has_any ("a", "b"), x has_all (l)`, `(print (has_any x ["a" "b"]) (has_all x [l]))`},
		{"between", "print x between (1 .. 10), x !between (ago(1d)..now())",
			"(print (between x 1 10) (!between x (call ago timespan(1.00:00:00)) (call now)))"},
		{"between exprs", "print x between (a - 1d .. a + 1d)",
			"(print (between x (- a timespan(1.00:00:00)) (+ a timespan(1.00:00:00))))"},
		{"not is a call", "print not(x), not (x has 'a')", `(print (call not x) (call not (has x "a")))`},
		{"unary", "print -1, +2, -x, -f(1), -(-1)", "(print (- 1) (+ 2) (- x) (- (call f 1)) (- (paren (- 1))))"},
		{"bools", "print true, True, TRUE, false, False, FALSE", "(print true true true false false false)"},
		{"ne spellings", "print a != b, a <> b", "(print (!= a b) (!= a b))"},
		{"string ops", `print a has "x", a !has "x", a has_cs "x", a !has_cs "x", a hasprefix "x", a !hasprefix_cs "x", a hassuffix "x", a !hassuffix "x"`,
			`(print (has a "x") (!has a "x") (has_cs a "x") (!has_cs a "x") (hasprefix a "x") (!hasprefix_cs a "x") (hassuffix a "x") (!hassuffix a "x"))`},
		{"contains ops", `print a contains "x", a !contains "x", a contains_cs "x", a !contains_cs "x", a containscs "x", a notcontains "x", a notcontainscs "x", a !containscs "x"`,
			`(print (contains a "x") (!contains a "x") (contains_cs a "x") (!contains_cs a "x") (contains_cs a "x") (!contains a "x") (!contains_cs a "x") (!contains_cs a "x"))`},
		{"starts ends", `print a startswith "x", a !startswith "x", a startswith_cs "x", a endswith "x", a !endswith_cs "x"`,
			`(print (startswith a "x") (!startswith a "x") (startswith_cs a "x") (endswith a "x") (!endswith_cs a "x"))`},
		{"tilde ops", `print a =~ "x", a !~ "x"`, `(print (=~ a "x") (!~ a "x"))`},
		{"matches regex", `print a matches regex @"\d+"`, `(print (matches regex a "\\d+"))`},
		{"like", `print a like "x%", a notlike "y"`, `(print (like a "x%") (notlike a "y"))`},
		{"escaped ident", `print ['a b'], ["x"], [@'it''s'], ['a' 'b']`, `(print ["a b"] x ["it's"] ab)`},
		{"dollar names", "print $left.a, $right['b']", `(print (. $left a) (index $right "b"))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := parseOK(t, tt.in)
			if got := dumpQuery(q); got != tt.want {
				t.Errorf("Parse(%q):\n got %s\nwant %s", tt.in, got, tt.want)
			}
			checkPositions(t, tt.name, q)
			checkRoundTrip(t, tt.name, q)
		})
	}
}

// TestPrecedence checks operator precedence and associativity (semantics.md §2).
func TestPrecedence(t *testing.T) {
	tests := []struct{ in, want string }{
		// and binds tighter than or
		{"a or b and c", "(or a (and b c))"},
		{"a and b or c", "(or (and a b) c)"},
		{`x == "a" or y has "b" and z`, `(or (== x "a") (and (has y "b") z))`},
		// string operators bind tighter than arithmetic
		{`a + b has "x"`, `(+ a (has b "x"))`},
		{`a * b contains "x"`, `(* a (contains b "x"))`},
		{`-a has "x"`, `(has (- a) "x")`},
		{`a has "x" == true`, `(== (has a "x") true)`},
		{`a =~ "x" and b !~ "y"`, `(and (=~ a "x") (!~ b "y"))`},
		// arithmetic
		{"a + b * c", "(+ a (* b c))"},
		{"a * b + c", "(+ (* a b) c)"},
		{"a - b - c", "(- (- a b) c)"},
		{"a / b % c * d", "(* (% (/ a b) c) d)"},
		{"-a * b", "(* (- a) b)"},
		{"-a.b", "(- (. a b))"},
		// relational below arithmetic, equality below relational
		{"a + 1 > b * 2", "(> (+ a 1) (* b 2))"},
		{"a < b == c > d", "(== (< a b) (> c d))"},
		{"a == b and c != d", "(and (== a b) (!= c d))"},
		{"a in (1) and b", "(and (in a [1]) b)"},
		{"a + 1 in (2, 3)", "(in (+ a 1) [2 3])"},
		{"a between (1 .. 2) or b", "(or (between a 1 2) b)"},
		{"a > 1 and b < 2 or c >= 3 and d <= 4", "(or (and (> a 1) (< b 2)) (and (>= c 3) (<= d 4)))"},
		// parentheses
		{"(a or b) and c", "(and (paren (or a b)) c)"},
		{"a * (b + c)", "(* a (paren (+ b c)))"},
		// left associativity of and / or
		{"a and b and c", "(and (and a b) c)"},
		{"a or b or c", "(or (or a b) c)"},
	}
	for _, tt := range tests {
		x, errs := ParseExpr(tt.in)
		if len(errs) > 0 {
			t.Errorf("ParseExpr(%q): %v", tt.in, errs)
			continue
		}
		if got := dump(x); got != tt.want {
			t.Errorf("ParseExpr(%q):\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

// TestLiteralValues checks the computed Value and Type of literals.
func TestLiteralValues(t *testing.T) {
	day := table.TicksPerDay
	tests := []struct {
		in   string
		kind LitKind
		typ  table.Type
		val  table.Value
	}{
		{"42", LitLong, table.Long, table.NewLong(42)},
		{"0x1F", LitLong, table.Long, table.NewLong(31)},
		{"9223372036854775807", LitLong, table.Long, table.NewLong(math.MaxInt64)},
		{"1.5", LitReal, table.Real, table.NewReal(1.5)},
		{"1e3", LitReal, table.Real, table.NewReal(1000)},
		{"2.", LitReal, table.Real, table.NewReal(2)},
		{"true", LitBool, table.Bool, table.NewBool(true)},
		{"FALSE", LitBool, table.Bool, table.NewBool(false)},
		{"1d", LitTimespan, table.Timespan, table.NewTimespan(day)},
		{"1.5h", LitTimespan, table.Timespan, table.NewTimespan(90 * table.TicksPerMinute)},
		{"5m", LitTimespan, table.Timespan, table.NewTimespan(5 * table.TicksPerMinute)},
		{"10ms", LitTimespan, table.Timespan, table.NewTimespan(10 * table.TicksPerMillisecond)},
		{"3micros", LitTimespan, table.Timespan, table.NewTimespan(30)},
		{"300nanos", LitTimespan, table.Timespan, table.NewTimespan(3)},
		{"7ticks", LitTimespan, table.Timespan, table.NewTimespan(7)},
		{"int(2)", LitInt, table.Int, table.NewInt(2)},
		{"int(-2147483648)", LitInt, table.Int, table.NewInt(math.MinInt32)},
		{"long(-1)", LitLong, table.Long, table.NewLong(-1)},
		{"long(0x10)", LitLong, table.Long, table.NewLong(16)},
		{"real(1)", LitReal, table.Real, table.NewReal(1)},
		{"real(+inf)", LitReal, table.Real, table.NewReal(math.Inf(1))},
		{"real(-inf)", LitReal, table.Real, table.NewReal(math.Inf(-1))},
		{"double(2.5)", LitReal, table.Real, table.NewReal(2.5)},
		{"decimal(1.25)", LitDecimal, table.Decimal, table.NewDecimal(1.25)},
		{"bool(true)", LitBool, table.Bool, table.NewBool(true)},
		{"bool(null)", LitNull, table.Bool, table.Null},
		{"int(null)", LitNull, table.Int, table.Null},
		{"real(null)", LitNull, table.Real, table.Null},
		{"datetime(null)", LitNull, table.Datetime, table.Null},
		{"timespan(null)", LitNull, table.Timespan, table.Null},
		{"guid(null)", LitNull, table.Guid, table.Null},
		{"dynamic(null)", LitNull, table.Dynamic, table.Null},
		{"datetime(2015-12-31)", LitDatetime, table.Datetime, dt(2015, 12, 31, 0)},
		{"datetime(2015-12-31 23:59:59.9)", LitDatetime, table.Datetime, dt(2015, 12, 31, 23*table.TicksPerHour+59*table.TicksPerMinute+59*table.TicksPerSecond+9_000_000)},
		{"datetime(2014-05-25T08:20:03.123456Z)", LitDatetime, table.Datetime, dt(2014, 5, 25, 8*table.TicksPerHour+20*table.TicksPerMinute+3*table.TicksPerSecond+1_234_560)},
		{"datetime(2018-02-24T15:14)", LitDatetime, table.Datetime, dt(2018, 2, 24, 15*table.TicksPerHour+14*table.TicksPerMinute)},
		{"datetime(1970-5-12)", LitDatetime, table.Datetime, dt(1970, 5, 12, 0)},
		{"datetime(2025, 6, 14)", LitDatetime, table.Datetime, dt(2025, 6, 14, 0)},
		{"datetime('2015-12-31')", LitDatetime, table.Datetime, dt(2015, 12, 31, 0)},
		{"date(2015-12-31)", LitDatetime, table.Datetime, dt(2015, 12, 31, 0)},
		{"datetime(Sat, 8 Nov 14 15:05:02 GMT)", LitDatetime, table.Datetime, dt(2014, 11, 8, 15*table.TicksPerHour+5*table.TicksPerMinute+2*table.TicksPerSecond)},
		{"datetime(min)", LitDatetime, table.Datetime, table.NewDatetime(0)},
		{"datetime(max)", LitDatetime, table.Datetime, table.NewDatetime(table.MaxDatetimeTicks)},
		{"timespan(2)", LitTimespan, table.Timespan, table.NewTimespan(2 * day)},
		{"timespan(15 seconds)", LitTimespan, table.Timespan, table.NewTimespan(15 * table.TicksPerSecond)},
		{"timespan(0.12:34:56.7)", LitTimespan, table.Timespan, table.NewTimespan(12*table.TicksPerHour + 34*table.TicksPerMinute + 56*table.TicksPerSecond + 7_000_000)},
		{"timespan(1.5h)", LitTimespan, table.Timespan, table.NewTimespan(90 * table.TicksPerMinute)},
		{"timespan(-1d)", LitTimespan, table.Timespan, table.NewTimespan(-day)},
		{"time(1d)", LitTimespan, table.Timespan, table.NewTimespan(day)},
		{"guid(74BE27DE-1e4e-49d9-b579-fe0b331d3642)", LitGuid, table.Guid, table.NewGuid("74be27de-1e4e-49d9-b579-fe0b331d3642")},
		{"dynamic(4)", LitDynamic, table.Dynamic, table.NewLong(4)},
		{"dynamic('a')", LitDynamic, table.Dynamic, table.NewString("a")},
		{"typeof(long)", LitType, table.Long, table.Null},
		{"typeof(date)", LitType, table.Datetime, table.Null},
		{"typeof(guid)", LitType, table.Guid, table.Null},
	}
	for _, tt := range tests {
		x, errs := ParseExpr(tt.in)
		if len(errs) > 0 {
			t.Errorf("%s: %v", tt.in, errs)
			continue
		}
		lit, ok := x.(*Literal)
		if !ok {
			t.Errorf("%s: got %T, want *Literal", tt.in, x)
			continue
		}
		if lit.Kind != tt.kind || lit.Type != tt.typ || !sameValue(lit.Value, tt.val) {
			t.Errorf("%s: got kind %d type %s value %#v, want kind %d type %s value %#v",
				tt.in, lit.Kind, lit.Type, lit.Value, tt.kind, tt.typ, tt.val)
		}
		if lit.Raw != tt.in || lit.ValuePos != 0 || int(lit.EndPos) != len(tt.in) {
			t.Errorf("%s: raw %q span [%d,%d)", tt.in, lit.Raw, lit.ValuePos, lit.EndPos)
		}
	}
}

func dt(y, m, d int, plus int64) table.Value {
	t, ok := table.DateTicks(y, m, d)
	if !ok {
		panic("bad date")
	}
	return table.NewDatetime(t + plus)
}

func sameValue(a, b table.Value) bool {
	if a.K == table.KReal && b.K == table.KReal && math.IsNaN(a.F) && math.IsNaN(b.F) {
		return true
	}
	return a.K == b.K && a.I == b.I && a.F == b.F && a.S == b.S && a.D == nil && b.D == nil
}

func TestRealNaN(t *testing.T) {
	x, errs := ParseExpr("real(nan)")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if lit := x.(*Literal); lit.Kind != LitReal || !math.IsNaN(lit.Value.F) {
		t.Errorf("real(nan) = %#v", lit.Value)
	}
}

func TestDynamicValues(t *testing.T) {
	tests := []struct{ in, want string }{
		{`dynamic([1, 2, "hello"])`, `[1,2,"hello"]`},
		{`dynamic({"a":1, "b":{"a":2}})`, `{"a":1,"b":{"a":2}}`},
		{`dynamic(['A1','A2'])`, `["A1","A2"]`},
		{`dynamic({'a': datetime(1970-05-11), "t": 1h, "g": guid(74be27de-1e4e-49d9-b579-fe0b331d3642)})`,
			`{"a":"1970-05-11T00:00:00.0000000Z","t":"01:00:00","g":"74be27de-1e4e-49d9-b579-fe0b331d3642"}`},
		{`dynamic([-1, -2.5, true, False, null, [], {}])`, `[-1,-2.5,true,false,null,[],{}]`},
		{`dynamic([dynamic([1]), "a" "b"])`, `[[1],"ab"]`},
		{`dynamic([])`, `[]`},
		{`dynamic({})`, `{}`},
	}
	for _, tt := range tests {
		x, errs := ParseExpr(tt.in)
		if len(errs) > 0 {
			t.Errorf("%s: %v", tt.in, errs)
			continue
		}
		lit := x.(*Literal)
		if lit.Kind != LitDynamic || lit.Type != table.Dynamic {
			t.Errorf("%s: kind %d type %s", tt.in, lit.Kind, lit.Type)
		}
		if got := string(table.AppendJSON(nil, lit.Value)); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

// TestPositions spot-checks node spans.
func TestPositions(t *testing.T) {
	text := "T\n| where x == 'a'\n| project ['b c'] = y"
	q := parseOK(t, text)
	pl := q.Stmts[0].(*ExprStmt).X.(*Pipeline)
	where := pl.Ops[0].(*WhereOp)
	bin := where.Pred.(*Binary)
	span := func(n Node) string { return text[n.Pos():n.End()] }
	checks := []struct {
		n    Node
		want string
	}{
		{pl, text},
		{where, "where x == 'a'"},
		{bin, "x == 'a'"},
		{bin.Y, "'a'"},
		{pl.Ops[1], "project ['b c'] = y"},
		{pl.Ops[1].(*ProjectOp).Items[0].Name, "['b c']"},
	}
	for _, c := range checks {
		if got := span(c.n); got != c.want {
			t.Errorf("%T span = %q, want %q", c.n, got, c.want)
		}
	}
	if bin.OpPos != Pos(len("T\n| where x ")) {
		t.Errorf("OpPos = %d", bin.OpPos)
	}
	let := parseOK(t, "let x = 1;").Stmts[0].(*LetStmt)
	if let.Semi != 9 || let.End() != 10 {
		t.Errorf("let Semi = %d, End = %d", let.Semi, let.End())
	}
	let = parseOK(t, "let x = 1").Stmts[0].(*LetStmt)
	if let.Semi != NoPos || let.End() != 9 {
		t.Errorf("let without ';': Semi = %d, End = %d", let.Semi, let.End())
	}
}

// TestFunctionDecl checks the parts of a function declaration.
func TestFunctionDecl(t *testing.T) {
	q := parseOK(t, `let f = (T:(a:long, b:string), U:(*), n:long, s:string = "d", d:dynamic) { T | take n }; f(X, Y, 1)`)
	let := q.Stmts[0].(*LetStmt)
	fd := let.Func
	if fd == nil || let.Value != nil || fd.View {
		t.Fatalf("let = %s", dump(let))
	}
	ps := fd.Params
	if len(ps) != 5 {
		t.Fatalf("got %d params", len(ps))
	}
	if !ps[0].Tabular || len(ps[0].Columns) != 2 || ps[0].Columns[1].Type != table.String {
		t.Errorf("T: %+v", ps[0])
	}
	if !ps[1].Tabular || !ps[1].Star {
		t.Errorf("U: %+v", ps[1])
	}
	if ps[2].Type != table.Long || ps[2].Tabular || ps[2].Default != nil {
		t.Errorf("n: %+v", ps[2])
	}
	if ps[3].Type != table.String || dump(ps[3].Default) != `"d"` {
		t.Errorf("s: %+v", ps[3])
	}
	if ps[4].Type != table.Dynamic {
		t.Errorf("d: %+v", ps[4])
	}
	if len(fd.Body) != 1 {
		t.Fatalf("body = %d statements", len(fd.Body))
	}
	if _, ok := fd.Body[0].(*ExprStmt); !ok {
		t.Errorf("body[0] = %T", fd.Body[0])
	}
}

func BenchmarkParse(b *testing.B) {
	cases := loadConformance(b)
	size := 0
	for _, c := range cases {
		size += len(c.Query)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cases {
			Parse(c.Query)
		}
	}
}
