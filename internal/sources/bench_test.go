package sources

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"reconwatch/internal/table"
)

// genDeviceNetworkEvents writes about size bytes of DeviceNetworkEvents
// NDJSON, deterministically. sentinel selects a Log Analytics export
// (TenantId, TimeGenerated, Type... appended after the Defender columns, as
// Sentinel stores them) instead of an Advanced Hunting export (Timestamp
// first, no Type).
func genDeviceNetworkEvents(path string, size int, sentinel bool) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	actions := []string{"ConnectionSuccess", "ConnectionFailed", "InboundConnectionAccepted", "ListeningConnectionCreated", "DnsConnectionInspected", "HttpConnectionInspected", "SslConnectionInspected"}
	procs := []string{"svchost.exe", "MsSense.exe", "powershell.exe", "chrome.exe", "curl.exe", "python.exe", "msedge.exe", "OneDrive.exe"}
	hosts := []string{"eu-v20.events.data.microsoft.com", "api.shodan.io", "crt.sh", "search.censys.io", "www.virustotal.com", "login.microsoftonline.com", "github.com", ""}
	written := 0
	for n := 0; written < size; n++ {
		var sb strings.Builder
		sec := n / 7
		ts := fmt.Sprintf("2026-11-%02dT%02d:%02d:%02d.%07dZ", 1+sec/86400%28, sec/3600%24, sec/60%60, sec%60, r.IntN(10000000))
		proc := procs[r.IntN(len(procs))]
		host := hosts[r.IntN(len(hosts))]
		dev := fmt.Sprintf("ws-%04d.corp.contoso.com", r.IntN(500))
		sb.WriteString("{")
		if !sentinel {
			fmt.Fprintf(&sb, `"Timestamp":"%s",`, ts)
		}
		fmt.Fprintf(&sb, `"DeviceId":"%040x","DeviceName":"%s","ActionType":"%s",`, r.Uint64(), dev, actions[r.IntN(len(actions))])
		fmt.Fprintf(&sb, `"RemoteIP":"%d.%d.%d.%d","RemotePort":%d,"RemoteUrl":"%s",`, r.IntN(223)+1, r.IntN(256), r.IntN(256), r.IntN(256), []int{443, 80, 53, 8443}[r.IntN(4)], host)
		fmt.Fprintf(&sb, `"LocalIP":"10.%d.%d.%d","LocalPort":%d,"Protocol":"Tcp","LocalIPType":"Private","RemoteIPType":"Public",`, r.IntN(256), r.IntN(256), r.IntN(256), 49152+r.IntN(16000))
		fmt.Fprintf(&sb, `"InitiatingProcessSHA1":"%040x","InitiatingProcessSHA256":"%064x","InitiatingProcessMD5":"%032x",`, r.Uint64(), r.Uint64(), r.Uint64())
		fmt.Fprintf(&sb, `"InitiatingProcessFileName":"%s","InitiatingProcessFileSize":%d,`, proc, r.IntN(5000000))
		sb.WriteString(`"InitiatingProcessVersionInfoCompanyName":"Microsoft Corporation","InitiatingProcessVersionInfoProductName":"Microsoft\u00ae Windows\u00ae Operating System","InitiatingProcessVersionInfoProductVersion":"10.0.19041.1","InitiatingProcessVersionInfoInternalFileName":"svchost.exe","InitiatingProcessVersionInfoOriginalFileName":"svchost.exe","InitiatingProcessVersionInfoFileDescription":"Host Process for Windows Services",`)
		fmt.Fprintf(&sb, `"InitiatingProcessId":%d,"InitiatingProcessCommandLine":"\"%s\" -NoProfile -c \"iwr 'https://%s/api?query=port:%d\u0026key=%016x' -OutFile C:\\Users\\user%d\\AppData\\Local\\Temp\\out.json\"",`, r.IntN(65536), proc, host, r.IntN(65536), r.Uint64(), r.IntN(100))
		fmt.Fprintf(&sb, `"InitiatingProcessCreationTime":"%s","InitiatingProcessFolderPath":"c:\\windows\\system32\\%s","InitiatingProcessParentFileName":"services.exe","InitiatingProcessParentId":%d,"InitiatingProcessParentCreationTime":"%s",`, ts, strings.ToLower(proc), r.IntN(65536), ts)
		fmt.Fprintf(&sb, `"InitiatingProcessAccountDomain":"contoso","InitiatingProcessAccountName":"user%d","InitiatingProcessAccountSid":"S-1-5-21-2490359158-13971675-3780420524-%d","InitiatingProcessAccountUpn":"user%d@contoso.com","InitiatingProcessAccountObjectId":"%08x-1111-2222-3333-444455556666",`, r.IntN(100), 1000+r.IntN(100), r.IntN(100), r.Uint32())
		fmt.Fprintf(&sb, `"InitiatingProcessIntegrityLevel":"Medium","InitiatingProcessTokenElevation":"TokenElevationTypeLimited","ReportId":%d,"AppGuardContainerId":"",`, r.Int64())
		fmt.Fprintf(&sb, `"AdditionalFields":{"direction":"Out","query":"%s","answers":"[\"52.184.216.174\"]","ts":"1334211694450%05d","rtt":"0.0%d"}`, host, r.IntN(100000), r.IntN(100))
		if sentinel {
			fmt.Fprintf(&sb, `,"TenantId":"11111111-2222-3333-4444-555555555555","TimeGenerated":"%s","Timestamp":"%s","SourceSystem":"","MachineGroup":"","Type":"DeviceNetworkEvents"`, ts, ts)
		}
		sb.WriteString("}\n")
		w.WriteString(sb.String())
		written += sb.Len()
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

var benchFiles sync.Map

func benchFile(b *testing.B, sentinel bool) string {
	key := fmt.Sprint(sentinel)
	if p, ok := benchFiles.Load(key); ok {
		return p.(string)
	}
	dir, err := os.MkdirTemp("", "reconwatch-bench")
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(dir, "dne.ndjson")
	if err := genDeviceNetworkEvents(p, 50<<20, sentinel); err != nil {
		b.Fatal(err)
	}
	benchFiles.Store(key, p)
	return p
}

// benchArrayFile rewrites the Sentinel NDJSON file as one JSON array.
func benchArrayFile(b *testing.B) string {
	if p, ok := benchFiles.Load("array"); ok {
		return p.(string)
	}
	src := benchFile(b, true)
	data, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	p := src + ".array.json"
	if err := os.WriteFile(p, []byte("[\n"+strings.Join(lines, ",\n")+"\n]\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	benchFiles.Store("array", p)
	return p
}

// benchCSVFile rewrites the Sentinel NDJSON file as a portal-style CSV
// export (objects as JSON text in quoted cells).
func benchCSVFile(b *testing.B) string {
	if p, ok := benchFiles.Load("csv"); ok {
		return p.(string)
	}
	src := benchFile(b, true)
	data, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	p := src + ".csv"
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := csv.NewWriter(f)
	var header []string
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			for k := range m {
				header = append(header, k)
			}
			sort.Strings(header)
			w.Write(header)
		}
		rec := make([]string, len(header))
		for j, k := range header {
			switch v := m[k].(type) {
			case string:
				rec[j] = v
			case json.Number:
				rec[j] = v.String()
			default:
				t, _ := json.Marshal(v)
				rec[j] = string(t)
			}
		}
		w.Write(rec)
	}
	w.Flush()
	f.Close()
	benchFiles.Store("csv", p)
	return p
}

var benchCols = []string{"TimeGenerated", "DeviceName", "ActionType", "RemoteIP", "RemotePort", "RemoteUrl", "InitiatingProcessFileName", "InitiatingProcessCommandLine"}

func benchScan(b *testing.B, p string) {
	st, _ := os.Stat(p)
	s, err := Open([]Input{{Path: p, Table: "DeviceNetworkEvents"}}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	s.Stats() // binds the file: the scans below read it trusting the binding
	tb, _ := s.Table("DeviceNetworkEvents")
	var idx []int
	for _, c := range benchCols {
		idx = append(idx, tb.Schema().Index(c))
	}
	batch := table.NewBatch(len(idx))
	b.SetBytes(st.Size())
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	rows := 0
	for i := 0; i < b.N; i++ {
		it, err := tb.Scan(idx)
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for it.Next(batch) {
			rows += batch.Len()
		}
		if err := it.Err(); err != nil {
			b.Fatal(err)
		}
		it.Close()
	}
	reportCPU(b, cpu0, st.Size())
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(st.Size())/float64(rows), "B/row")
}

// BenchmarkScanNDJSON reads 8 columns of a 50 MB DeviceNetworkEvents
// NDJSON file, bound already (a second query over the same input). "sentinel": TimeGenerated is near the end of each record,
// so every record is read to the end; "hunting": an Advanced Hunting
// export where Timestamp (first key) stands in for TimeGenerated and
// reading stops after the last wanted key.
func BenchmarkScanNDJSON(b *testing.B) {
	b.Run("sentinel", func(b *testing.B) { benchScan(b, benchFile(b, true)) })
	b.Run("hunting", func(b *testing.B) { benchScan(b, benchFile(b, false)) })
	b.Run("sentinel-as-json-array", func(b *testing.B) { benchScan(b, benchArrayFile(b)) })
	b.Run("sentinel-as-csv", func(b *testing.B) { benchScan(b, benchCSVFile(b)) })
}

// BenchmarkOpenAndScan measures what a query over fresh input costs
// here: Open, then one scan of 8 columns.
func BenchmarkOpenAndScan(b *testing.B) {
	b.Run("sentinel", func(b *testing.B) { benchOpenScan(b, benchFile(b, true)) })
	b.Run("hunting", func(b *testing.B) { benchOpenScan(b, benchFile(b, false)) })
	b.Run("sentinel-as-json-array", func(b *testing.B) { benchOpenScan(b, benchArrayFile(b)) })
	b.Run("sentinel-as-csv", func(b *testing.B) { benchOpenScan(b, benchCSVFile(b)) })
}

func benchOpenScan(b *testing.B, p string) {
	st, _ := os.Stat(p)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		s, err := Open([]Input{{Path: p}}, Options{Fallback: "DeviceNetworkEvents"})
		if err != nil {
			b.Fatal(err)
		}
		tb, _ := s.Table("DeviceNetworkEvents")
		var idx []int
		for _, c := range benchCols {
			idx = append(idx, tb.Schema().Index(c))
		}
		batch := table.NewBatch(len(idx))
		it, err := tb.Scan(idx)
		if err != nil {
			b.Fatal(err)
		}
		rows := 0
		for it.Next(batch) {
			rows += batch.Len()
		}
		if err := it.Err(); err != nil || rows == 0 {
			b.Fatal(err, rows)
		}
		it.Close()
	}
	reportCPU(b, cpu0, st.Size())
}

// BenchmarkOpen measures Open alone.
func BenchmarkOpen(b *testing.B) {
	p := benchFile(b, true)
	st, _ := os.Stat(p)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	cpu0 := cpuTime()
	defer func() { reportCPU(b, cpu0, st.Size()) }()
	for i := 0; i < b.N; i++ {
		s, err := Open([]Input{{Path: p}}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if n := len(s.Tables()); n != 1 {
			b.Fatal("no table")
		}
	}
}

// cpuTime is the process's user+system CPU time. On a shared machine
// wall-clock MB/s swings with other load; MB per CPU-second (the
// "cpuMB/s" metric, meaningful with -cpu 1) does much less.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, cpu0 time.Duration, size int64) {
	if d := cpuTime() - cpu0; d > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/d.Seconds()/1e6, "cpuMB/s")
	}
}
