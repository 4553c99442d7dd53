package kql

import (
	"os"
	"strings"
	"testing"

	"reconwatch/internal/catalog"
)

// The seed rule checks against Defender's DeviceNetworkEvents schema and
// infers exactly the output schema Sentinel shows.
func TestT1596Schema(t *testing.T) {
	text, err := os.ReadFile("testdata/t1596.kql")
	if err != nil {
		t.Fatal(err)
	}
	q, src, errs := Compile(string(text), Options{Catalog: catalog.Default()})
	if len(errs) > 0 {
		t.Fatal(src.FormatAll(errs))
	}
	got := q.Schemas()[0].String()
	want := "(FirstSeen:datetime, LastSeen:datetime, DeviceName:string, InitiatingProcessAccountName:string, " +
		"InitiatingProcessAccountDomain:string, RequestCount:long, UniqueOSINTDomains:long, QueriedDomains:dynamic, " +
		"ProcessesUsed:dynamic, CommandLines:dynamic, RiskScore:long, Alert:string)"
	if got != want {
		t.Errorf("schema\n got %s\nwant %s", got, want)
	}
	if strings.Join(q.Program.Tables, ",") != "DeviceNetworkEvents" {
		t.Errorf("tables = %v", q.Program.Tables)
	}
}
