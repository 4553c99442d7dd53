// Package dnegen generates synthetic DeviceNetworkEvents for benchmarks.
package dnegen

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

var (
	actions = []string{"ConnectionSuccess", "ConnectionSuccess", "ConnectionSuccess", "ConnectionFailed", "InboundConnectionAccepted", "DnsConnectionInspected", "HttpConnectionInspected", "SslConnectionInspected"}
	procs   = []string{"svchost.exe", "MsSense.exe", "chrome.exe", "msedge.exe", "OneDrive.exe", "Teams.exe", "powershell.exe", "curl.exe", "python.exe"}
	hosts   = []string{"eu-v20.events.data.microsoft.com", "login.microsoftonline.com", "github.com", "www.bing.com", "outlook.office365.com", "", "", "api.shodan.io", "crt.sh", "search.censys.io", "api.securitytrails.com"}
)

// Write writes about size bytes of events spread over hours and returns
// the bytes written.
func Write(w *bufio.Writer, size int64, hours int) int64 {
	r := rand.New(rand.NewPCG(1596, 2026))
	base := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	var written int64
	var sb strings.Builder
	for i := 0; written < size; i++ {
		sb.Reset()
		// records average about 2,150 bytes: spread them evenly over hours
		sec := int(int64(i) * 2150 * int64(3600*hours) / max(size, 1) % int64(3600*hours))
		at := base.Add(time.Duration(sec) * time.Second)
		ts := fmt.Sprintf("%s.%07dZ", at.Format("2006-01-02T15:04:05"), r.IntN(10000000))
		proc := procs[r.IntN(len(procs))]
		host := hosts[r.IntN(len(hosts))]
		user := r.IntN(200)
		fmt.Fprintf(&sb, `{"Timestamp":"%s","DeviceId":"%040x","DeviceName":"ws-%04d.corp.contoso.com","ActionType":"%s",`, ts, r.Uint64(), user*3, actions[r.IntN(len(actions))])
		fmt.Fprintf(&sb, `"RemoteIP":"%d.%d.%d.%d","RemotePort":%d,"RemoteUrl":"%s",`, r.IntN(223)+1, r.IntN(256), r.IntN(256), r.IntN(256), []int{443, 443, 80, 53}[r.IntN(4)], host)
		fmt.Fprintf(&sb, `"LocalIP":"10.%d.%d.%d","LocalPort":%d,"Protocol":"Tcp","LocalIPType":"Private","RemoteIPType":"%s",`, r.IntN(256), r.IntN(256), r.IntN(256), 49152+r.IntN(16000), []string{"Public", "Public", "Public", "Private"}[r.IntN(4)])
		fmt.Fprintf(&sb, `"InitiatingProcessSHA1":"%040x","InitiatingProcessSHA256":"%064x","InitiatingProcessMD5":"%032x",`, r.Uint64(), r.Uint64(), r.Uint64())
		fmt.Fprintf(&sb, `"InitiatingProcessFileName":"%s","InitiatingProcessFileSize":%d,`, proc, r.IntN(5000000))
		sb.WriteString(`"InitiatingProcessVersionInfoCompanyName":"Microsoft Corporation","InitiatingProcessVersionInfoProductName":"Microsoft\u00ae Windows\u00ae Operating System","InitiatingProcessVersionInfoProductVersion":"10.0.19041.1","InitiatingProcessVersionInfoInternalFileName":"svchost.exe","InitiatingProcessVersionInfoOriginalFileName":"svchost.exe","InitiatingProcessVersionInfoFileDescription":"Host Process for Windows Services",`)
		fmt.Fprintf(&sb, `"InitiatingProcessId":%d,"InitiatingProcessCommandLine":"\"%s\" -NoProfile -c \"iwr 'https://%s/api?query=port:%d\u0026key=%016x' -OutFile C:\\Users\\user%d\\AppData\\Local\\Temp\\out.json\"",`, r.IntN(65536), proc, host, r.IntN(65536), r.Uint64()%4, user)
		fmt.Fprintf(&sb, `"InitiatingProcessCreationTime":"%s","InitiatingProcessFolderPath":"c:\\windows\\system32\\%s","InitiatingProcessParentFileName":"services.exe","InitiatingProcessParentId":%d,"InitiatingProcessParentCreationTime":"%s",`, ts, strings.ToLower(proc), r.IntN(65536), ts)
		fmt.Fprintf(&sb, `"InitiatingProcessAccountDomain":"contoso","InitiatingProcessAccountName":"user%d","InitiatingProcessAccountSid":"S-1-5-21-2490359158-13971675-3780420524-%d","InitiatingProcessAccountUpn":"user%d@contoso.com","InitiatingProcessAccountObjectId":"%08x-1111-2222-3333-444455556666",`, user, 1000+user, user, r.Uint32())
		fmt.Fprintf(&sb, `"InitiatingProcessIntegrityLevel":"Medium","InitiatingProcessTokenElevation":"TokenElevationTypeLimited","ReportId":%d,"AppGuardContainerId":"",`, r.Int64())
		fmt.Fprintf(&sb, `"AdditionalFields":{"direction":"Out","query":"%s","answers":"[\"52.184.216.174\"]","rtt":"0.0%d"}}`+"\n", host, r.IntN(100))
		n, _ := w.WriteString(sb.String())
		written += int64(n)
	}
	return written
}
