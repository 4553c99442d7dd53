package syntax

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// errLines renders errors as "line:col: CODE message".
func errLines(text string, errs ErrorList) []string {
	src := &Source{Text: text}
	var out []string
	for _, e := range errs {
		line, col := src.Position(e.Pos)
		out = append(out, fmt.Sprintf("%d:%d: %s %s", line, col, e.Code, e.Msg))
	}
	return out
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"T | where x ==", []string{"1:15: KS001 expected an expression, found end of query"}},
		{"T\n| where x ==\n| project y", []string{"3:1: KS001 expected an expression, found '|'"}},
		{"T | where x = 1", []string{"1:13: KS001 expected '|' or ';', found '=' (use '==' to compare values)"}},
		{"T | where (a or b", []string{"1:18: KS001 expected ')', found end of query (the '(' at 1:11 is not closed)"}},
		{"T | where (a or b | take 1", []string{"1:27: KS001 expected ')', found end of query (the '(' at 1:11 is not closed)"}},
		{"T | where f(x, 1\n| project a", []string{"2:1: KS001 expected ',' or ')' in the argument list, found '|' (the '(' at 1:12 is not closed)"}},
		{"T | where f(U | take 1)", []string{"1:15: KS001 expected ',' or ')' in the argument list, found '|' (only toscalar() and materialize() take a bare query; write f((T | ...)))"}},
		{"T | where f(1,", []string{"1:15: KS001 expected an expression, found end of query"}},
		{"T | where f(1 2)", []string{"1:15: KS001 expected ',' or ')' in the argument list, found '2'"}},
		{"T | where a == b == c", []string{"1:18: KS001 unexpected '==': '==' cannot follow '==' without parentheses"}},
		{"T | where a != b in (1)", []string{"1:18: KS001 unexpected 'in': 'in' cannot follow '!=' without parentheses"}},
		{"T | where a < b < c", []string{"1:17: KS001 unexpected '<': comparisons cannot be chained; combine them with 'and'"}},
		{`T | where a has "x" contains "y"`, []string{"1:21: KS001 unexpected 'contains': 'contains' cannot follow 'has' without parentheses"}},
		{"T | where !x", []string{"1:11: KS001 expected an expression, found '!x' (there is no '!' negation; use not(...))"}},
		{"T | where (x = 1)", []string{"1:14: KS001 expected ')', found '=' (use '==' to compare values)"}},
		{"T | where x !has_any ('a')", []string{"1:13: KS001 unknown operator '!has_any'"}},
		{"T | where x in (1) !has 'a'", []string{"1:20: KS001 expected '|' or ';', found '!has'"}},
		{"T | where x && y", []string{"1:13: KS001 unexpected '&&'; use 'and' for a logical and"}},
		{"T | where x || y", []string{"1:13: KS001 unexpected '||'; use 'or' for a logical or"}},
		{"T | where x matches 'a'", []string{"1:21: KS001 expected 'regex' after 'matches', found 'a'"}},
		{"T | where x in 1", []string{"1:16: KS001 expected '(' and a list after 'in', found '1'"}},
		{"T | where x in ()", []string{"1:17: KS001 expected an expression, found ')'"}},
		{"T | where x between (1, 2)", []string{"1:23: KS001 expected '..' between the bounds, found ','"}},
		{"T | where", []string{"1:10: KS001 expected a predicate after 'where', found end of query"}},
		{"T | wher x", []string{"1:5: KS001 expected a query operator, found 'wher' (did you mean 'where'?)"}},
		{"T | 42", []string{"1:5: KS001 expected a query operator, found '42'"}},
		{"T |", []string{"1:4: KS001 expected a query operator, found end of query"}},
		{"T | take 10 extra", []string{"1:13: KS001 expected '|' or ';', found 'extra'"}},
		{"T | extend = 5", []string{"1:12: KS001 expected an expression, found '='"}},
		{"T | project", []string{"1:12: KS001 expected a column or expression after 'project', found end of query"}},
		{"T | project-away", []string{"1:17: KS001 expected a column name, found end of query"}},
		{"T | project-rename a", []string{"1:21: KS001 expected '=' (project-rename takes new_name = old_name), found end of query"}},
		{"T | summarize", []string{"1:14: KS001 expected an aggregation or 'by' after 'summarize', found end of query"}},
		{"T | summarize count() by", []string{"1:25: KS001 expected a group-by column or expression after 'by', found end of query"}},
		{"T | top 10", []string{"1:11: KS001 expected 'by', found end of query"}},
		{"T | sort x", []string{"1:10: KS001 expected 'by', found 'x'"}},
		{"T | sort by x nulls", []string{"1:20: KS001 expected 'first' or 'last' after 'nulls', found end of query"}},
		{"T | join (U)", []string{"1:13: KS001 expected 'on', found end of query"}},
		{"T | join on x", []string{"1:10: KS001 expected the right table of 'join': a name or a parenthesized query, found 'on'"}},
		{"T | join U on", []string{"1:14: KS001 expected a join key after 'on', found end of query"}},
		{"T | mv-expand", []string{"1:14: KS001 expected a column to expand, found end of query"}},
		{"T | mv-expand x to long", []string{"1:20: KS001 expected typeof(type) after 'to', found 'long'"}},
		{"T | parse x", []string{"1:12: KS001 expected 'with', found end of query"}},
		{"T | parse x with", []string{"1:17: KS001 expected a parse pattern after 'with', found end of query"}},
		{"T | parse x with a:foo", []string{"1:20: KS001 unknown type 'foo'; the scalar types are bool, int, long, real, decimal, datetime, timespan, string, guid and dynamic"}},
		{"T | evaluate x", []string{"1:14: KS001 expected a plugin call after 'evaluate', found 'x'"}},
		{"T | make-series count() on t", []string{"1:29: KS001 expected 'step', found end of query"}},
		{"T | mv-apply x on (T)", []string{"1:20: KS001 expected a query operator, found 'T'"}},
		{"T | render", []string{"1:11: KS001 expected a chart type after 'render', found end of query"}},
		{"T | print 1", []string{"1:5: KS001 'print' starts a query and cannot follow '|'"}},
		{"where x > 1", []string{"1:1: KS001 expected a table or tabular expression before 'where'; query operators follow '|'"}},
		{"| where x", []string{"1:1: KS001 expected an expression, found '|'"}},
		{"T | sample 10", []string{"1:5: KC004 the 'sample' operator is not supported"}},
		{"T | top-nested 3 of x by count()", []string{"1:5: KC004 the 'top-nested' operator is not supported"}},
		{`search "x"`, []string{"1:1: KC004 the 'search' operator is not supported"}},
		{"find where x == 1", []string{"1:1: KC004 the 'find' operator is not supported"}},
		{"T | join U where x == y", []string{"1:12: KC004 join ... where is not supported; use join ... on"}},
		{"print x.f(1)", []string{"1:9: KC004 method-call syntax .f(...) is not supported"}},
		{"T | count as n", []string{"1:11: KS001 expected '|' or ';', found 'as'"}},
		// statements
		{"let x = 1\nT | where y > x", []string{"2:1: KS001 expected ';' after let statement, found 'T'"}},
		{"let = 1; T", []string{"1:5: KS001 expected a name after 'let', found '='"}},
		{"let x 1; T", []string{"1:7: KS001 expected '=' after the let name, found '1'"}},
		{"let f = (a:long) { a + }; T", []string{"1:24: KS001 expected an expression, found '}'"}},
		{"let f = (a:long) { }; T", []string{"1:20: KS001 expected an expression as the function body, found '}'"}},
		{"let f = (a:foo) { a }; T", []string{"1:12: KS001 unknown type 'foo'; the scalar types are bool, int, long, real, decimal, datetime, timespan, string, guid and dynamic"}},
		{"let f = (a:long { a }; T", []string{"1:17: KS001 expected ',' or ')' in the parameter list, found '{'"}},
		{"let f = (a:long) a; T", []string{"1:18: KS001 expected '{' to start the function body, found 'a'"}},
		{"let f = () { let a = 1 a }; T", []string{"1:24: KS001 expected ';' after let statement, found 'a'"}},
		{"set x", []string{"1:6: KS001 expected ';' after set statement, found end of query"}},
		{"declare query_parameters(x:long) T", []string{"1:34: KS001 expected ';' after declare statement, found 'T'"}},
		// literals
		{"print 99999999999999999999", []string{"1:7: KS003 integer literal 99999999999999999999 is out of range for long"}},
		{"print 1e999", []string{"1:7: KS003 real literal 1e999 is out of range"}},
		{"print 99999999999999999d", []string{"1:7: KS003 timespan literal 99999999999999999d is out of range"}},
		{"print datetime(2020-13-45)", []string{"1:7: KS003 invalid datetime literal datetime(2020-13-45); use todatetime() to convert an expression"}},
		{"print long(x)", []string{"1:7: KS003 invalid long literal long(x); use tolong() to convert an expression"}},
		{"print int(3000000000)", []string{"1:7: KS003 invalid int literal int(3000000000); use toint() to convert an expression"}},
		{"print guid(xyz)", []string{"1:7: KS003 invalid guid literal guid(xyz); use toguid() to convert an expression"}},
		{"print timespan(1 fortnight)", []string{"1:7: KS003 invalid timespan literal timespan(1 fortnight); use totimespan() to convert an expression"}},
		{"print bool(yes)", []string{"1:7: KS003 invalid bool literal bool(yes); use tobool() to convert an expression"}},
		{"print datetime(2020-01-01", []string{"1:7: KS002 datetime literal not terminated: missing ')'"}},
		{`print "abc`, []string{`1:7: KS002 string literal not terminated: missing closing "`}},
		{`print "a\qb"`, []string{`1:9: KS003 invalid escape sequence '\q' in string literal; use a verbatim string @"..." for regular expressions`}},
		{"print dynamic([1,)", []string{"1:18: KS001 expected a dynamic value (number, string, bool, null, array or object), found ')'"}},
		{"print dynamic({a: 1})", []string{"1:16: KS001 expected a quoted property name, found 'a'"}},
		{"print dynamic([1] x)", []string{"1:19: KS001 expected ')' to close dynamic(...), found 'x'"}},
		{"print typeof(foo)", []string{"1:14: KS001 unknown type 'foo'; the scalar types are bool, int, long, real, decimal, datetime, timespan, string, guid and dynamic"}},
		{"datatable(a:long)[x]", []string{"1:19: KS001 expected a literal value in datatable, found 'x'"}},
		{"datatable(a:long)[1", []string{"1:20: KS001 expected ',' or ']' in the datatable values, found end of query"}},
		{"print 'a' # 'b'", []string{"1:11: KS001 unexpected character '#'; comments start with //"}},
		{"print 1.5x", []string{`1:7: KS003 invalid number '1.5x': 'x' is not a timespan unit`}},
		// several errors: recovery at '|' and ';'
		{"T | where | extend = | project a", []string{
			"1:11: KS001 expected a predicate after 'where', found '|'",
			"1:20: KS001 expected an expression, found '='",
		}},
		{"T | where a ==; U | take; V | count", []string{
			"1:15: KS001 expected an expression, found ';'",
			"1:25: KS001 expected a row count after 'take', found ';'",
		}},
		{"let a = ; let b = (; T | foo", []string{
			"1:9: KS001 expected an expression, found ';'",
			"1:20: KS001 expected an expression, found ';'",
			"1:26: KS001 expected a query operator, found 'foo' (did you mean 'top'?)",
		}},
		{"T | where x in (U | where ) | project a | summarize", []string{
			"1:27: KS001 expected a predicate after 'where', found ')'",
			"1:52: KS001 expected an aggregation or 'by' after 'summarize', found end of query",
		}},
	}
	for _, tt := range tests {
		_, errs := Parse(tt.in)
		got := errLines(tt.in, errs)
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("Parse(%q):\n got %s\nwant %s", tt.in, strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
		}
		for _, e := range errs {
			if e.Kind != "syntax" {
				t.Errorf("Parse(%q): error kind %q", tt.in, e.Kind)
			}
		}
	}
}

// TestErrorLimit checks that parsing stops after maxErrors diagnostics.
func TestErrorLimit(t *testing.T) {
	text := strings.Repeat("T | where ;\n", 50)
	_, errs := Parse(text)
	if len(errs) != maxErrors {
		t.Fatalf("got %d errors, want %d", len(errs), maxErrors)
	}
	for i, e := range errs {
		line, _ := (&Source{Text: text}).Position(e.Pos)
		if line != i+1 {
			t.Errorf("error %d on line %d", i, line)
		}
	}
}

// TestParseExprErrors checks ParseExpr's handling of leftovers.
func TestParseExprErrors(t *testing.T) {
	x, errs := ParseExpr("a + b c")
	if x != nil || len(errs) != 1 || errs[0].Msg != "expected end of expression, found 'c'" {
		t.Errorf("got %v, %v", x, errs)
	}
	x, errs = ParseExpr("T | where a")
	if len(errs) > 0 || dump(x) != "(pipe T (where a))" {
		t.Errorf("got %s, %v", dump(x), errs)
	}
}

// TestFormatGolden checks the caret rendering of diagnostics against
// testdata/errors.golden (go test -update rewrites it).
func TestFormatGolden(t *testing.T) {
	text := "let threshold = 5;\n" +
		"SecurityEvent\n" +
		"| where TimeGenerated > ago(1d)\n" +
		"\t| where EventID = 4625\n" +
		"| summarize Failures = count() by Account, bin(TimeGenerated, 1h\n" +
		"| where Failures > threshold and Account startswith \"adm\\in\"\n" +
		"| extend Note = \"réussi\" + # oops\n" +
		"| projct Account, Failures\n"
	_, errs := Parse(text)
	src := &Source{Name: "rule.kql", Text: text}
	got := src.FormatAll(errs)
	golden := "testdata/errors.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("FormatAll mismatch:\n--- got\n%s--- want\n%s", got, want)
	}
}
