package strfn

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

func randString(r *rand.Rand, alphabet []string, maxParts int) string {
	var b strings.Builder
	for n := r.IntN(maxParts + 1); n > 0; n-- {
		b.WriteString(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

// loopIndex is has_any_index by definition: the first needle h has.
func loopIndex(h string, needles []string, cs bool) int {
	for i, n := range needles {
		if refHas(h, n, cs, true, true) {
			return i
		}
	}
	return -1
}

func loopAll(h string, needles []string, cs bool) bool {
	for _, n := range needles {
		if !refHas(h, n, cs, true, true) {
			return false
		}
	}
	return true
}

func checkMatcher(t *testing.T, h string, needles []string, cs bool) {
	t.Helper()
	m := NewHasAny(needles, cs)
	wantIdx := loopIndex(h, needles, cs)
	if got := m.Match(h); got != (wantIdx >= 0) {
		t.Fatalf("Match(%q) over %q (cs=%v) = %v, loop says %v", h, needles, cs, got, wantIdx >= 0)
	}
	if got := m.MatchIndex(h); got != wantIdx {
		t.Fatalf("MatchIndex(%q) over %q (cs=%v) = %d, loop says %d", h, needles, cs, got, wantIdx)
	}
	if got, want := m.MatchAll(h), loopAll(h, needles, cs); got != want {
		t.Fatalf("MatchAll(%q) over %q (cs=%v) = %v, loop says %v", h, needles, cs, got, want)
	}
	if got := HasAny(h, needles, cs); got != (wantIdx >= 0) {
		t.Fatalf("HasAny(%q, %q, %v) = %v", h, needles, cs, got)
	}
	if got, want := HasAll(h, needles, cs), loopAll(h, needles, cs); got != want {
		t.Fatalf("HasAll(%q, %q, %v) = %v", h, needles, cs, got)
	}
}

// Property: the matcher answers exactly like looping Has over the needles.
func TestHasAnyMatcherMatchesLoop(t *testing.T) {
	alphabet := []string{"a", "A", "b", "B", "1", " ", ".", "-", "/", "é", "ab", "AB", "a.b"}
	r := newRand(7)
	for it := 0; it < 30000; it++ {
		needles := make([]string, r.IntN(6))
		for i := range needles {
			needles[i] = randString(r, alphabet, 3)
		}
		h := randString(r, alphabet, 14)
		checkMatcher(t, h, needles, it%2 == 0)
	}
}

func TestHasAnyMatcherCases(t *testing.T) {
	m := NewHasAny(t1596Domains, false)
	for _, c := range []struct {
		h    string
		want int
	}{
		{"https://api.shodan.io/shodan/host/8.8.8.8?key=x", 0}, // shodan.io (index 0) comes first in array order
		{"search.censys.io", 2},
		{"https://CRT.SH/?q=%25.contoso.com", 22},
		{"https://notshodan.io/", -1},
		{"https://www.bing.com/search?q=shodan", -1},
		{"threatcrowd.org", 26},
		{"", -1},
	} {
		if got := m.MatchIndex(c.h); got != c.want {
			t.Errorf("MatchIndex(%q) = %d, want %d", c.h, got, c.want)
		}
		if got := m.Match(c.h); got != (c.want >= 0) {
			t.Errorf("Match(%q) = %v", c.h, got)
		}
	}
	// Empty needle list and empty needles.
	if NewHasAny(nil, false).Match("x") || NewHasAny(nil, false).MatchIndex("x") != -1 || !NewHasAny(nil, false).MatchAll("x") {
		t.Error("empty needle list")
	}
	if got := NewHasAny([]string{"zz", "", "x"}, false).MatchIndex("x"); got != 1 {
		t.Errorf("empty needle at 1: MatchIndex = %d, want 1", got)
	}
	// has_all with more than 256 needles takes the fallback path.
	var many []string
	for i := 0; i < 300; i++ {
		many = append(many, "t"+strings.Repeat("x", i%7))
	}
	h := "t tx txx txxx txxxx txxxxx txxxxxx"
	if !NewHasAny(many, false).MatchAll(h) || NewHasAny(append(many, "zz"), false).MatchAll(h) {
		t.Error("MatchAll fallback")
	}
}

func TestFoldSet(t *testing.T) {
	s := NewFoldSet([]string{"curl.exe", "PowerShell.exe", "", strings.Repeat("A", 300)})
	for v, want := range map[string]bool{
		"CURL.EXE": true, "powershell.EXE": true, "": true, "curl": false, "curl.exe ": false,
		strings.Repeat("a", 300): true, strings.Repeat("a", 299): false, "pwsh.exe": false,
	} {
		if got := s.Contains(v); got != want {
			t.Errorf("Contains(%.20q) = %v, want %v", v, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { s.Contains("PowerShell.EXE") }); n != 0 {
		t.Errorf("FoldSet.Contains allocates %v times", n)
	}
}
