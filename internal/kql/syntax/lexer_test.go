package syntax

import (
	"strings"
	"testing"
)

// lexDump renders the tokens of src as "kind:text" separated by spaces,
// without the final EOF.
func lexDump(src string) (string, ErrorList) {
	toks, errs := tokenize(src)
	var parts []string
	for _, t := range toks[:len(toks)-1] {
		parts = append(parts, kindTag(t.kind)+":"+src[t.pos:t.end])
	}
	return strings.Join(parts, " "), errs
}

func kindTag(k tokKind) string {
	switch k {
	case tIdent:
		return "id"
	case tBangWord:
		return "bang"
	case tString:
		return "str"
	case tLong:
		return "long"
	case tReal:
		return "real"
	case tTimespan:
		return "ts"
	case tGoo:
		return "goo"
	case tIllegal:
		return "bad"
	}
	return "p"
}

func TestLexer(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		// identifiers and keywords
		{"a _b $left $right Äpfel x1", "id:a id:_b id:$left id:$right id:Äpfel id:x1"},
		{"project-away project-keep project-rename project-reorder", "id:project-away id:project-keep id:project-rename id:project-reorder"},
		{"mv-expand mv-apply parse-where make-series granny-asc", "id:mv-expand id:mv-apply id:parse-where id:make-series id:granny-asc"},
		{"a-b project - away x-away", "id:a p:- id:b id:project p:- id:away id:x p:- id:away"},
		{"in in~ !in !in~ x in~(1)", "id:in id:in~ bang:!in bang:!in~ id:x id:in~ p:( long:1 p:)"},
		{"!between !has !has_cs !contains_cs !startswith !endswith_cs", "bang:!between bang:!has bang:!has_cs bang:!contains_cs bang:!startswith bang:!endswith_cs"},
		{"notcontains containscs has_any has_all", "id:notcontains id:containscs id:has_any id:has_all"},
		{"3DES 0xZZ", "id:3DES id:0xZZ"},
		// operators and punctuation
		{"== != <> <= >= < > =~ !~ = =>", "p:== p:!= p:<> p:<= p:>= p:< p:> p:=~ p:!~ p:= p:=>"},
		{"( ) [ ] { } , ; : . .. | + - * / % ? @", "p:( p:) p:[ p:] p:{ p:} p:, p:; p:: p:. p:.. p:| p:+ p:- p:* p:/ p:% p:? p:@"},
		{"a|b;c", "id:a p:| id:b p:; id:c"},
		// numbers
		{"0 42 0x1F 0XaB", "long:0 long:42 long:0x1F long:0XaB"},
		{"1.5 2. 1e3 1.5e-3 2E+5", "real:1.5 real:2. real:1e3 real:1.5e-3 real:2E+5"},
		{"1..5 x[1].y", "long:1 p:.. long:5 id:x p:[ long:1 p:] p:. id:y"},
		// timespans: every unit of table.TimespanUnits and NanoUnits
		{"1d 2day 3days 1h 1hr 2hrs 1hour 2hours", "ts:1d ts:2day ts:3days ts:1h ts:1hr ts:2hrs ts:1hour ts:2hours"},
		{"1m 1min 1minute 2minutes 1s 1sec 1second 2seconds", "ts:1m ts:1min ts:1minute ts:2minutes ts:1s ts:1sec ts:1second ts:2seconds"},
		{"1ms 1milli 2millis 1millisec 1millisecond 2milliseconds", "ts:1ms ts:1milli ts:2millis ts:1millisec ts:1millisecond ts:2milliseconds"},
		{"1micro 2micros 1microsec 1microsecond 2microseconds", "ts:1micro ts:2micros ts:1microsec ts:1microsecond ts:2microseconds"},
		{"1nano 2nanos 1nanosec 1nanosecond 2nanoseconds 1tick 2ticks", "ts:1nano ts:2nanos ts:1nanosec ts:1nanosecond ts:2nanoseconds ts:1tick ts:2ticks"},
		{"1.5h 0.5d -1d", "ts:1.5h ts:0.5d p:- ts:1d"},
		// strings
		{`'a' "b" 'it''s'`, `str:'a' str:"b" str:'it' str:'s'`},
		{`"a\"b" 'c\'d' "\\"`, `str:"a\"b" str:'c\'d' str:"\\"`},
		{`@'C:\x' @"a""b" @'it''s'`, `str:@'C:\x' str:@"a""b" str:@'it''s'`},
		{`h'secret' H"x" h@'a\b' h`, `str:h'secret' str:H"x" str:h@'a\b' id:h`},
		{"```a\n\"b\"\n```", "str:```a\n\"b\"\n```"},
		{"h```x```", "str:h```x```"},
		// typed literals scanned raw
		{"datetime(2015-12-31 23:59:59.9)", "goo:datetime(2015-12-31 23:59:59.9)"},
		{"datetime(2014-05-25T08:20:03.123456Z) date(2020-1-2)", "goo:datetime(2014-05-25T08:20:03.123456Z) goo:date(2020-1-2)"},
		{"timespan(0.12:34:56.7) time(1d) guid(74be27de-1e4e-49d9-b579-fe0b331d3642)", "goo:timespan(0.12:34:56.7) goo:time(1d) goo:guid(74be27de-1e4e-49d9-b579-fe0b331d3642)"},
		{"long(-1) int(null) real(+inf) double(nan) decimal(1.5) bool(true)", "goo:long(-1) goo:int(null) goo:real(+inf) goo:double(nan) goo:decimal(1.5) goo:bool(true)"},
		{"datetime (x) typeof(long) dynamic(1)", "id:datetime p:( id:x p:) id:typeof p:( id:long p:) id:dynamic p:( long:1 p:)"},
		// comments and whitespace
		{"a // comment\nb//c", "id:a id:b"},
		{"a\u00a0b\ufeffc\tb", "id:a id:b id:c id:b"},
	}
	for _, tt := range tests {
		got, errs := lexDump(tt.in)
		if len(errs) > 0 {
			t.Errorf("lex(%q): unexpected errors %v", tt.in, errs)
		}
		if got != tt.want {
			t.Errorf("lex(%q):\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestLexerErrors(t *testing.T) {
	tests := []struct {
		in       string
		wantToks string
		wantErr  string // message of the first error
		pos, end Pos
	}{
		{`"abc`, `str:"abc`, `string literal not terminated: missing closing "`, 0, 4},
		{"'ab\ncd'", "str:'ab id:cd str:'", `string literal not terminated: missing closing '`, 0, 3},
		{`@"a`, `str:@"a`, `string literal not terminated: missing closing "`, 0, 3},
		{"```abc", "str:```abc", "multi-line string literal not terminated: missing closing ```", 0, 6},
		{`"a\db"`, `str:"a\db"`, `invalid escape sequence '\d' in string literal; use a verbatim string @"..." for regular expressions`, 2, 4},
		{`"\u12"`, `str:"\u12"`, `invalid escape sequence '\u12' in string literal: \u takes 4 hex digits`, 1, 5},
		{"“a”", "bad:“ id:a bad:”", `unexpected character '“'; use straight quotes " or ' for strings`, 0, 3},
		{"a # b", "id:a bad:# id:b", "unexpected character '#'; comments start with //", 2, 3},
		{"a && b", "id:a bad:&& id:b", "unexpected '&&'; use 'and' for a logical and", 2, 4},
		{"a || b", "id:a bad:|| id:b", "unexpected '||'; use 'or' for a logical or", 2, 4},
		{"!x", "bang:!x", "", 0, 0},
		{"! x", "bad:! id:x", "unexpected character '!'; '!' only appears in operators such as != and !has, use not(...) to negate", 0, 1},
		{"1.5x", "bad:1.5x", `invalid number '1.5x': 'x' is not a timespan unit`, 0, 4},
		{"datetime(2020-01-01", "goo:datetime(2020-01-01", "datetime literal not terminated: missing ')'", 0, 19},
		{"a \xff b", "id:a bad:\xff id:b", "invalid UTF-8 byte 0xff", 2, 3},
		{"~", "bad:~", "unexpected character '~'; did you mean '=~' or '!~'?", 0, 1},
	}
	for _, tt := range tests {
		got, errs := lexDump(tt.in)
		if got != tt.wantToks {
			t.Errorf("lex(%q): tokens\n got %s\nwant %s", tt.in, got, tt.wantToks)
		}
		if tt.wantErr == "" {
			if len(errs) > 0 {
				t.Errorf("lex(%q): unexpected errors %v", tt.in, errs)
			}
			continue
		}
		if len(errs) == 0 {
			t.Errorf("lex(%q): no error, want %q", tt.in, tt.wantErr)
			continue
		}
		e := errs[0]
		if !strings.HasPrefix(e.Msg, tt.wantErr) || e.Pos != tt.pos || e.End != tt.end {
			t.Errorf("lex(%q): got error %q at [%d,%d), want %q at [%d,%d)", tt.in, e.Msg, e.Pos, e.End, tt.wantErr, tt.pos, tt.end)
		}
	}
}

func TestStringValues(t *testing.T) {
	tests := []struct {
		in   string
		want string
		obf  bool
	}{
		{`'abc'`, "abc", false},
		{`"a\tb\nc\rd\\e\'f\"g"`, "a\tb\nc\rd\\e'f\"g", false},
		{`"\u0041\u00e9\x41\101\0"`, "AéAA\x00", false},
		{`"\ud83d\ude00"`, "😀", false},
		{`"\U0001F600"`, "😀", false},
		{`"\a\b\f\v"`, "\a\b\f\v", false},
		{`@'C:\Folder\filename.txt'`, `C:\Folder\filename.txt`, false},
		{`@"say ""hi"""`, `say "hi"`, false},
		{`@'it''s'`, `it's`, false},
		{`h'secret'`, "secret", true},
		{`h@"a\b"`, `a\b`, true},
		{"```line1\nline2 \\n```", "line1\nline2 \\n", false},
		{`"Hello" ', ' @"world!"`, "Hello, world!", false},
		{"'a' // comment\n 'b'", "ab", false},
		{`'a' h'b'`, "ab", true},
	}
	for _, tt := range tests {
		x, errs := ParseExpr(tt.in)
		if len(errs) > 0 {
			t.Errorf("%s: %v", tt.in, errs)
			continue
		}
		lit, ok := x.(*Literal)
		if !ok || lit.Kind != LitString {
			t.Errorf("%s: got %s, want a string literal", tt.in, dump(x))
			continue
		}
		if lit.Value.S != tt.want || lit.Obfuscated != tt.obf {
			t.Errorf("%s: got %q (obfuscated %v), want %q (%v)", tt.in, lit.Value.S, lit.Obfuscated, tt.want, tt.obf)
		}
		if lit.Raw != tt.in || lit.ValuePos != 0 || int(lit.EndPos) != len(tt.in) {
			t.Errorf("%s: raw %q span [%d,%d)", tt.in, lit.Raw, lit.ValuePos, lit.EndPos)
		}
	}
}

func BenchmarkTokenize(b *testing.B) {
	cases := loadConformance(b)
	var all strings.Builder
	for _, c := range cases {
		all.WriteString(c.Query)
		all.WriteString(";\n")
	}
	text := all.String()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		tokenize(text)
	}
}
