package strfn

import (
	"strings"
	"testing"
)

// refAlnum and refFold are written independently of the kernels' tables.
func refAlnum(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

func refFold(s string, cs bool) string {
	if cs {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// refHas is the operational definition of semantics.md §4.1, transcribed
// literally: try every position, check the folded substring and the
// boundary conditions.
func refHas(h, n string, cs, left, right bool) bool {
	H, N := refFold(h, cs), refFold(n, cs)
	for i := 0; i+len(N) <= len(H); i++ {
		if H[i:i+len(N)] != N {
			continue
		}
		if left && len(N) > 0 && refAlnum(N[0]) && i > 0 && refAlnum(H[i-1]) {
			continue
		}
		if right && len(N) > 0 && refAlnum(N[len(N)-1]) && i+len(N) < len(H) && refAlnum(H[i+len(N)]) {
			continue
		}
		return true
	}
	return false
}

// The worked table of semantics.md §4.1, every row.
var hasWorkedTable = []struct {
	h, n string
	want bool
}{
	{"api.shodan.io", "shodan.io", true},
	{"notshodan.io", "shodan.io", false},
	{"shodan.io.evil.com", "shodan.io", true},
	{"https://x/v1/api/users", "/api/", true},
	{"/apis/v1", "/api/", false},
	{"curl -H 'API-Key: x'", "-H 'API", true},
	{"curl -H 'APIKEY: x'", "-H 'API", false},
	{"x-H 'API: 1", "-H 'API", true},
	{"my_apikey=1", "apikey", true},
	{"myapikey=1", "apikey", false},
	{"BA", "b", false},
	{"a b-c", "b", true},
	{"Hello_World", "hello", true},
}

func TestHasWorkedTable(t *testing.T) {
	for _, c := range hasWorkedTable {
		if got := Has(c.h, c.n); got != c.want {
			t.Errorf("%q has %q = %v, want %v", c.h, c.n, got, c.want)
		}
		if ref := refHas(c.h, c.n, false, true, true); ref != c.want {
			t.Errorf("reference disagrees with the table on %q has %q", c.h, c.n)
		}
	}
}

// The Q&A examples (a Microsoft employee's answer, semantics.md §4.1).
func TestHasQAExamples(t *testing.T) {
	yes := []string{"Hello World", "<Hello-World>", "*Hello*World*", "?Hello%World!", "_Hello_World_", "Hello_World"}
	no := []string{"123Hello-World456", "abcHello Worldxyz", "HelloWorld"}
	for _, h := range yes {
		if !Has(h, "hello") {
			t.Errorf("%q has \"hello\" = false, want true", h)
		}
	}
	for _, h := range no {
		if Has(h, "hello") {
			t.Errorf("%q has \"hello\" = true, want false", h)
		}
	}
	for _, h := range append(yes, no...) {
		if Has(h, "hell") {
			t.Errorf("%q has \"hell\" = true, want false", h)
		}
	}
	// Single terms and term counts.
	for _, h := range []string{"1Hello2World", "Z", "42"} {
		if !Has(h, h) || !Has("x "+h+" y", h) {
			t.Errorf("%q should be one term", h)
		}
	}
	if Has("1Hello2World", "Hello") {
		t.Error(`"1Hello2World" is a single term; has "Hello" must be false`)
	}
	g := "ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a"
	for _, term := range strings.Split(g, "-") {
		if !Has(g, term) {
			t.Errorf("guid should have term %q", term)
		}
	}
	if Has("!@#$%^&*()", "a") || !Has("!@#$%^&*()", "#$") {
		t.Error("punctuation-only haystack")
	}
	// Phrases and needles with separators.
	url := ".../resourcegroups/test.rg000001?api-version=2020"
	if !Has(url, "resourcegroups/test.rg000001") || !Has(url, "/resourcegroups/test.rg000001?") {
		t.Error("phrase needles with separators")
	}
	if !Has("North America", "North America") {
		t.Error(`"North America" has "North America"`)
	}
	if !HasPrefix("North America", "North Am") {
		t.Error(`"North America" hasprefix "North Am"`)
	}
}

// Documented operator examples (semantics.md §4.2, §4.3, conformance
// vectors derived-string-op-*).
func TestOperatorDocExamples(t *testing.T) {
	cases := []struct {
		name string
		got  bool
	}{
		{`"North America" has "america"`, Has("North America", "america")},
		{`"North America" !has "amer"`, !Has("North America", "amer")},
		{`"KustoExplorerQueryRun" !has "Explorer"`, !Has("KustoExplorerQueryRun", "Explorer")},
		{`"KustoExplorerQueryRun" contains "Explorer"`, Contains("KustoExplorerQueryRun", "Explorer")},
		{`"North America" has_cs "America"`, HasCS("North America", "America")},
		{`"North America" !has_cs "amer"`, !HasCS("North America", "amer")},
		{`"North America" hasprefix "ame"`, HasPrefix("North America", "ame")},
		{`"North America" !hasprefix "mer"`, !HasPrefix("North America", "mer")},
		{`"North America" hasprefix_cs "Ame"`, HasPrefixCS("North America", "Ame")},
		{`"North America" !hasprefix_cs "CA"`, !HasPrefixCS("North America", "CA")},
		{`"North America" hassuffix "ica"`, HasSuffix("North America", "ica")},
		{`"North America" !hassuffix "americ"`, !HasSuffix("North America", "americ")},
		{`"North America" hassuffix_cs "ica"`, HasSuffixCS("North America", "ica")},
		{`"North America" !hassuffix_cs "icA"`, !HasSuffixCS("North America", "icA")},
		{`"North and South America" has_all("south", "north")`, NewHasAny([]string{"south", "north"}, false).MatchAll("North and South America")},
		{`"North America" has_any("south", "north")`, NewHasAny([]string{"south", "north"}, false).Match("North America")},
		{`"FabriKam" contains "BRik"`, Contains("FabriKam", "BRik")},
		{`"Fabrikam" !contains "xyz"`, !Contains("Fabrikam", "xyz")},
		{`"FabriKam" contains_cs "Kam"`, ContainsCS("FabriKam", "Kam")},
		{`"Fabrikam" !contains_cs "Kam"`, !ContainsCS("Fabrikam", "Kam")},
		{`"Fabrikam" startswith "fab"`, StartsWith("Fabrikam", "fab")},
		{`"Fabrikam" !startswith "kam"`, !StartsWith("Fabrikam", "kam")},
		{`"Fabrikam" startswith_cs "Fab"`, StartsWithCS("Fabrikam", "Fab")},
		{`"Fabrikam" !startswith_cs "fab"`, !StartsWithCS("Fabrikam", "fab")},
		{`"Fabrikam" endswith "Kam"`, EndsWith("Fabrikam", "Kam")},
		{`"Fabrikam" !endswith "brik"`, !EndsWith("Fabrikam", "brik")},
		{`"Fabrikam" endswith_cs "kam"`, EndsWithCS("Fabrikam", "kam")},
		{`"Fabrikam" !endswith_cs "brik"`, !EndsWithCS("Fabrikam", "brik")},
		{`"abc" =~ "ABC"`, EqualFold("abc", "ABC")},
		{`"aBc" !~ "xyz"`, !EqualFold("aBc", "xyz")},
		{`"Abc" in~ ("123", "345", "abc")`, NewFoldSet([]string{"123", "345", "abc"}).Contains("Abc")},
		{`"bCa" !in~ ("123", "345", "ABC")`, !NewFoldSet([]string{"123", "345", "ABC"}).Contains("bCa")},
	}
	for _, c := range cases {
		if !c.got {
			t.Errorf("%s: false, want true", c.name)
		}
	}
}

// The decisions documented in kernels.go.
func TestHasDecisions(t *testing.T) {
	// Empty needle: matches everything.
	for _, h := range []string{"", "abc", "..."} {
		for name, f := range map[string]func(string, string) bool{
			"has": Has, "has_cs": HasCS, "hasprefix": HasPrefix, "hassuffix": HasSuffix,
			"contains": Contains, "contains_cs": ContainsCS, "startswith": StartsWith, "endswith": EndsWith,
		} {
			if !f(h, "") {
				t.Errorf("%q %s \"\" = false, want true", h, name)
			}
		}
	}
	if !EqualFold("", "") || EqualFold("a", "") {
		t.Error(`=~ ""`)
	}
	// Punctuation-only needles: plain substring.
	for _, c := range []struct {
		h, n string
		want bool
	}{
		{"user@contoso.com", "@", true},
		{"nobody", "@", false},
		{"a.b", ".", true},
		{`C:\Windows`, `\`, true},
		{"x#EXT#y", "#EXT#", true}, // # edges: no boundary needed
	} {
		if got := Has(c.h, c.n); got != c.want {
			t.Errorf("%q has %q = %v, want %v", c.h, c.n, got, c.want)
		}
	}
	if Has("x#EXTy", "#EXT") {
		t.Error(`"x#EXTy" has "#EXT": the needle's last byte T is alphanumeric and y follows, want false`)
	}
	if !Has("x#EXT y", "#EXT") {
		t.Error(`"x#EXT y" has "#EXT" = false, want true`)
	}
	// Non-ASCII letters are separators; folding is ASCII-only.
	for _, c := range []struct {
		h, n string
		want bool
	}{
		{"Café", "caf", true},
		{"naïve", "na", true},
		{"naïve", "ve", true},
		{"ÉCOLE", "école", false},
		{"école", "école", true},
		{"Straße", "STRASSE", false},
		{"x:é", "é", true},
	} {
		if got := Has(c.h, c.n); got != c.want {
			t.Errorf("%q has %q = %v, want %v", c.h, c.n, got, c.want)
		}
	}
	if Contains("ÉCOLE", "é") || !Contains("ÉCOLE", "COLE") {
		t.Error("contains folds ASCII only")
	}
}

// kernelCheck compares every kernel with its reference on (h, n).
func kernelCheck(t *testing.T, h, n string) {
	t.Helper()
	type kc struct {
		name      string
		got, want bool
	}
	checks := []kc{
		{"has", Has(h, n), refHas(h, n, false, true, true)},
		{"has_cs", HasCS(h, n), refHas(h, n, true, true, true)},
		{"hasprefix", HasPrefix(h, n), refHas(h, n, false, true, false)},
		{"hasprefix_cs", HasPrefixCS(h, n), refHas(h, n, true, true, false)},
		{"hassuffix", HasSuffix(h, n), refHas(h, n, false, false, true)},
		{"hassuffix_cs", HasSuffixCS(h, n), refHas(h, n, true, false, true)},
		{"contains", Contains(h, n), strings.Contains(refFold(h, false), refFold(n, false))},
		{"contains_cs", ContainsCS(h, n), strings.Contains(h, n)},
		{"startswith", StartsWith(h, n), strings.HasPrefix(refFold(h, false), refFold(n, false))},
		{"startswith_cs", StartsWithCS(h, n), strings.HasPrefix(h, n)},
		{"endswith", EndsWith(h, n), strings.HasSuffix(refFold(h, false), refFold(n, false))},
		{"endswith_cs", EndsWithCS(h, n), strings.HasSuffix(h, n)},
		{"=~", EqualFold(h, n), refFold(h, false) == refFold(n, false)},
		{"has_any(1)", NewHasAny([]string{n}, false).Match(h), refHas(h, n, false, true, true)},
		{"has_any_cs(1)", NewHasAny([]string{n}, true).Match(h), refHas(h, n, true, true, true)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Fatalf("%q %s %q = %v, reference says %v", h, c.name, n, c.got, c.want)
		}
	}
	if got, want := indexFold(h, n), strings.Index(refFold(h, false), refFold(n, false)); got != want {
		t.Fatalf("indexFold(%q, %q) = %d, want %d", h, n, got, want)
	}
}

func TestKernelsAgainstReference(t *testing.T) {
	alphabet := []string{"a", "A", "b", "B", "s", "S", "1", " ", ".", "-", "_", "é", "\xff", "ab", "Ab"}
	rnd := newRand(1)
	for it := 0; it < 50000; it++ {
		h := randString(rnd, alphabet, 12)
		n := randString(rnd, alphabet, 4)
		kernelCheck(t, h, n)
	}
	// Frequent-case / rare-case patterns that stress indexFold's two-case
	// scanning.
	long := strings.Repeat("S", 1000) + "s" + strings.Repeat("xS", 500) + "sx"
	kernelCheck(t, long, "sx")
	kernelCheck(t, long, "Sx")
	kernelCheck(t, strings.Repeat("aA", 300)+"AB", "ab")
}

func FuzzHas(f *testing.F) {
	for _, c := range hasWorkedTable {
		f.Add(c.h, c.n)
	}
	f.Add("Hello_World", "hello")
	f.Add("", "")
	f.Add("x#EXTy", "#EXT")
	f.Add("Café", "caf")
	f.Fuzz(func(t *testing.T, h, n string) {
		kernelCheck(t, h, n)
		// Multi-needle matcher against the loop, needles split on '|'.
		needles := strings.Split(n, "|")
		for _, cs := range []bool{false, true} {
			checkMatcher(t, h, needles, cs)
		}
	})
}
