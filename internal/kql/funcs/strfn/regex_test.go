package strfn

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

func mustRegex(t *testing.T, p string) *Regex {
	t.Helper()
	re, err := CompileRegex(p, 0)
	if err != nil {
		t.Fatalf("CompileRegex(%q): %v", p, err)
	}
	return re
}

func TestRegexMatches(t *testing.T) {
	cases := []struct {
		re, s string
		want  bool
	}{
		// matches regex is an unanchored search (doc: "Fabrikam" matches regex "b.*k").
		{"b.*k", "Fabrikam", true},
		{"^b", "Fabrikam", false},
		{`K.*S`, "ARKANSAS", true},
		// Unicode \d \w \s (Kusto: \d = \p{Nd}).
		{`^\d+$`, "١٢٣", true}, // Arabic-Indic digits
		{`^\d+$`, "123", true},
		{`^\w+$`, "José", true},
		{`^\w+$`, "Ⓐbc", true}, // Other_Alphabetic
		{`^\w+$`, "a-b", false},
		{`^\W$`, "é", false},
		{`^\W$`, "-", true},
		{`^\s$`, "\u00a0", true}, // NBSP is White_Space
		{`^\s$`, "\v", true},     // Go's own \s lacks \v
		{`^\S$`, "\u00a0", false},
		{`^[\w-]+$`, "naïve-x", true},
		{`^[^\w]+$`, "--é", false},
		{`^[\W]+$`, "--", true},
		{`^[\d.]+$`, "١.٢", true},
		// (?-u): ASCII meanings.
		{`(?-u)^\d$`, "١", false},
		{`(?-u:\w)`, "é", false},
		{`(?-u:\w)é`, "aé", true},
		{`^(?-u:\w)\w$`, "aé", true}, // u restored after the group
		{`(?i-u)^\w$`, "A", true},
		// (?<name>...) groups.
		{`(?<year>\d{4})-(?P<month>\d\d)`, "2024-05", true},
		// Class set operations and nested classes.
		{`^[a-y&&xyz]+$`, "xy", true},
		{`^[a-y&&xyz]+$`, "z", false},
		{`^[0-9--4]$`, "4", false},
		{`^[0-9--4]$`, "5", true},
		{`^[a-g~~b-h]+$`, "ah", true},
		{`^[a-g~~b-h]$`, "c", false},
		{`^[x[^xyz]]$`, "a", true},
		{`^[x[^xyz]]$`, "y", false},
		{`^[0-9&&[^4]]$`, "4", false},
		{`^[a&&b]$`, "a", false},
		{`^[[:alpha:]]+$`, "abc", true},
		{`^[[:^alpha:]]+$`, "123", true},
		{`^[\p{Greek}&&\pL]+$`, "αβγ", true},
		{`(?i)^[^a]$`, "A", false}, // case folding before negation, as in Rust
		{`(?i)^[^\d]$`, "A", true},
		{`(?i)^[a-c--b]+$`, "AC", true},
		// Escapes Go lacks.
		{`^\u0041\u{42}\U00000043$`, "ABC", true},
		{`^[\u0041-\u0043]+$`, "CAB", true},
		// Leading ] and - in classes.
		{`^[]a]+$`, "]a", true},
		{`^[-a]+$`, "-a", true},
		{`^[a-]+$`, "-a", true},
	}
	for _, c := range cases {
		re := mustRegex(t, c.re)
		if got := re.MatchString(c.s); got != c.want {
			gp, _ := TranslateRegex(c.re)
			t.Errorf("%q matches regex %q = %v, want %v (Go: %.120s)", c.s, c.re, got, c.want, gp)
		}
	}
}

func TestRegexTranslation(t *testing.T) {
	for in, want := range map[string]string{
		`a(?<n>b)`:      `a(?P<n>b)`,
		`(?P<n>b)`:      `(?P<n>b)`,
		`(?u)a`:         `a`,
		`(?iu)a`:        `(?i)a`,
		`(?-u:a)`:       `(?:a)`,
		`(?i-u:a)`:      `(?i:a)`,
		`[a-z]+\.com`:   `[a-z]+\.com`, // plain classes are copied verbatim
		`[^,]*`:         `[^,]*`,
		`\d`:            `\p{Nd}`,
		`(?-u)\d\s`:     `[0-9][\t\n\v\f\r ]`,
		`\x41\x{42}\pL`: `\x41\x{42}\pL`,
		`\u00e9`:        `\x{E9}`,
	} {
		got, err := TranslateRegex(in)
		if err != nil {
			t.Errorf("TranslateRegex(%q): %v", in, err)
			continue
		}
		if got != want {
			t.Errorf("TranslateRegex(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRegexErrors(t *testing.T) {
	for p, want := range map[string]string{
		`a(b`:        "missing closing )",
		`(?=x)`:      "look-ahead",
		`(?<!x)y`:    "look-behind",
		`(a)\1`:      "backreferences",
		`(?P=n)`:     "backreferences",
		`(?x) a b`:   "verbose",
		`(?R)a`:      "CRLF",
		`[a-`:        "missing closing ]",
		`[z-a]`:      "range",
		`x{1001}`:    "repeat count",
		`\p{Nope}`:   "character class",
		`[\p{Nope}]`: "character class",
		`a\`:         "trailing backslash",
		`\u{110000}`: "escape",
	} {
		_, err := CompileRegex(p, 0)
		if err == nil {
			t.Errorf("CompileRegex(%q) succeeded, want an error mentioning %q", p, want)
			continue
		}
		var re *RegexError
		if !errors.As(err, &re) || re.Pattern != p {
			t.Errorf("CompileRegex(%q): error %T %v is not a *RegexError for the pattern", p, err, err)
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("CompileRegex(%q) = %q, want it to mention %q", p, err, want)
		}
	}
	if _, err := CompileRegex(strings.Repeat("a", 100), 50); err == nil || !strings.Contains(err.Error(), "limit is 50") {
		t.Errorf("size limit: %v", err)
	}
}

func TestRegexCache(t *testing.T) {
	c := NewRegexCache(2, 0)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for _, p := range []string{`a+`, `b+`, `c+`, `(`} {
				re, err := c.Get(p)
				if p == `(` {
					if err == nil {
						t.Error("want an error for (")
					}
					continue
				}
				if err != nil || !re.MatchString(p[:1]) {
					t.Errorf("cache Get(%q): %v", p, err)
				}
			}
		}(i)
	}
	wg.Wait()
}

// Patterns of the kind Sentinel rules use compile and behave.
func TestRegexRealWorld(t *testing.T) {
	cases := []struct {
		re, s string
		want  bool
	}{
		{`(?i)\b(?:powershell|pwsh|cmd)\.exe\b`, `C:\Windows\System32\WindowsPowerShell\v1.0\PowerShell.exe -nop`, true},
		{`[a-zA-Z0-9]{20,}`, "token=abcdefghijklmnopqrstuvwxyz", true},
		{`\\\\[^\\]+\\`, `\\server\share\x`, true},
		{`(?i)^.*\\`, `C:\Users\x`, true},
		{`\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}`, "ip=10.0.0.1", true},
		{`(?i)(?:https?://)?(?:[\w-]+\.)+(?:io|sh|com)`, "go to https://api.shodan.io/", true},
		{`[\[\]{}()*+?.\\^$|]`, "a.b", true},
		{`^[^@]+@[^@]+\.[a-z]{2,}$`, "user@contoso.com", true},
		{`(?m)^line2$`, "line1\nline2\nline3", true},
		{`(?s)a.b`, "a\nb", true},
		{`a.b`, "a\nb", false},
		{`(?U)a+`, "aaa", true},
		{`[[:xdigit:]]{8}-[[:xdigit:]]{4}`, "ad67d136-c1db", true},
		{`(?i)[^a-z0-9\-\._]`, "ok-name_1.x", false},
	}
	for _, c := range cases {
		re := mustRegex(t, c.re)
		if got := re.MatchString(c.s); got != c.want {
			t.Errorf("%q matches regex %q = %v, want %v", c.s, c.re, got, c.want)
		}
	}
}

// FuzzTranslateRegex: translation never panics, and whatever it produces
// either compiles or is reported as an error; a compiled regex never panics
// on matching.
func FuzzTranslateRegex(f *testing.F) {
	for _, s := range []string{`a(?<n>b)\d`, `[a-y&&xyz]`, `[x[^xyz]]`, `[0-9--4]`, `(?-u:\w)\s`, `\u{41}[\u0041-\u0043]`, `[]a]`, `[^]`, `[[:alpha:]&&[^a]]`, `(?i)[^\W]`, `[--a]`, `[&&]`, `\`, `(?`, `[\p{Greek}--\pL]`} {
		f.Add(s, "abc αβγ 123 ١٢")
	}
	f.Fuzz(func(t *testing.T, p, s string) {
		re, err := CompileRegex(p, 1<<12)
		if err != nil {
			return
		}
		re.MatchString(s)
	})
}
