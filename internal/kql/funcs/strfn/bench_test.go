package strfn

import (
	"fmt"
	"testing"
)

// The OSINTDomains list of the T1596 rule (seed/t1596.kql), in rule order.
var t1596Domains = []string{
	"shodan.io", "api.shodan.io",
	"censys.io", "search.censys.io",
	"dnsdumpster.com",
	"securitytrails.com", "api.securitytrails.com",
	"spyse.com",
	"zoomeye.org",
	"fofa.so", "fofa.info",
	"binaryedge.io", "api.binaryedge.io",
	"onyphe.io",
	"hunter.io",
	"intelx.io",
	"passivedns.circl.lu",
	"riddler.io",
	"robtex.com",
	"hackertarget.com",
	"whoisxmlapi.com",
	"domaintools.com",
	"crt.sh",
	"certspotter.com",
	"urlscan.io",
	"viewdns.info",
	"threatcrowd.org",
}

// benchURLs is a RemoteUrl-like mix: mostly ordinary traffic, a few hits.
var benchURLs = func() []string {
	base := []string{
		"https://login.microsoftonline.com/common/oauth2/v2.0/token",
		"https://www.google.com/search?q=weather+today&hl=en",
		"http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en/authrootstl.cab",
		"https://outlook.office365.com/owa/",
		"settings-win.data.microsoft.com",
		"https://github.com/search?q=shodan+api&type=repositories",
		"https://cdn.jsdelivr.net/npm/bootstrap@5.3.0/dist/css/bootstrap.min.css",
		"https://api.shodan.io/shodan/host/search?key=REDACTED&query=port:3389",
		"https://crt.sh/?q=%25.contoso.com&output=json",
		"https://teams.microsoft.com/api/mt/part/emea-02/beta/users/tenants",
		"slscr.update.microsoft.com",
		"https://search.censys.io/api/v2/hosts/search?q=services.service_name:RDP",
	}
	var out []string
	for i := 0; i < 64; i++ {
		out = append(out, base[i%len(base)])
	}
	return out
}()

var sink bool
var sinkInt int

func BenchmarkHas(b *testing.B) {
	cmd := `"powershell.exe" -nop -w hidden -c "iwr https://api.securitytrails.com/v1/domain/contoso.com -H 'APIKEY: x'"`
	for _, n := range []string{"apikey", "-H 'API", "/api/", "shodan.io"} {
		b.Run(n, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(cmd)))
			for i := 0; i < b.N; i++ {
				sink = Has(cmd, n)
			}
		})
	}
	b.Run("url/shodan.io", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sink = Has(benchURLs[i&63], "shodan.io")
		}
	})
}

func BenchmarkContains(b *testing.B) {
	for _, n := range []string{"shodan", "censys", "crt.sh"} {
		b.Run(n, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				sink = Contains(benchURLs[i&63], n)
			}
		})
	}
	b.Run("cs/shodan", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sink = ContainsCS(benchURLs[i&63], "shodan")
		}
	})
}

// BenchmarkHasAny compares the matcher with a loop of Has over the 27
// domains of the T1596 rule (ns/op is per URL).
func BenchmarkHasAny(b *testing.B) {
	m := NewHasAny(t1596Domains, false)
	b.Run("matcher", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sink = m.Match(benchURLs[i&63])
		}
	})
	b.Run("loop", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sink = HasAny(benchURLs[i&63], t1596Domains, false)
		}
	})
	b.Run("matcher/index", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkInt = m.MatchIndex(benchURLs[i&63])
		}
	})
	cmdNeedles := []string{"/api/", "apikey", "api_key", "--key", "-H 'API"}
	cm := NewHasAny(cmdNeedles, false)
	cmd := `"curl.exe" -s -H 'API-Key: 0123' https://api.securitytrails.com/v1/history/contoso.com/dns/a`
	b.Run("cmdline/matcher", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sink = cm.Match(cmd)
		}
	})
	b.Run("cmdline/loop", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sink = HasAny(cmd, cmdNeedles, false)
		}
	})
}

func BenchmarkFoldSet(b *testing.B) {
	s := NewFoldSet([]string{"curl.exe", "wget.exe", "python.exe", "python3.exe", "py.exe",
		"powershell.exe", "pwsh.exe", "cmd.exe", "wscript.exe", "cscript.exe"})
	names := []string{"svchost.exe", "PowerShell.exe", "msedge.exe", "CURL.EXE"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink = s.Contains(names[i&3])
	}
}

func TestKernelsDoNotAllocate(t *testing.T) {
	m := NewHasAny(t1596Domains, false)
	for name, f := range map[string]func(){
		"Has":        func() { sink = Has(benchURLs[7], "shodan.io") },
		"Contains":   func() { sink = Contains(benchURLs[7], "SHODAN") },
		"StartsWith": func() { sink = StartsWith(benchURLs[7], "HTTPS") },
		"EqualFold":  func() { sink = EqualFold(benchURLs[7], benchURLs[7]) },
		"Match":      func() { sink = m.Match(benchURLs[5]) },
		"MatchIndex": func() { sinkInt = m.MatchIndex(benchURLs[7]) },
		"MatchAll":   func() { sink = m.MatchAll(benchURLs[7]) },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s allocates %v times per call", name, n)
		}
	}
}

func ExampleHas() {
	fmt.Println(Has("api.shodan.io", "shodan.io"), Has("notshodan.io", "shodan.io"), Has("KustoExplorerQueryRun", "Explorer"))
	// Output: true false false
}
