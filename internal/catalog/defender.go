package catalog

import (
	"strings"

	"reconwatch/internal/table"
)

// Defender Advanced Hunting columns as documented in
// /work/shared/telemetry/schemas.md §1.1 (DeviceNetworkEvents) and §1.7
// (DeviceProcessEvents), with the AH types. Sentinel's copies of these
// tables (in sentinel_schemas.json) already hold most of them plus
// TimeGenerated, TenantId, SourceSystem, Type and MachineGroup; addDefender
// appends the documented columns Sentinel's file lacks, and never changes
// a type Sentinel declares (AdditionalFields stays dynamic). Columns the
// notes mark as hidden or streaming-only (_BilledSize, _IsBillable,
// InitiatingProcessUniqueId) are not added: readers report them as
// unknown columns.

// initiatingProcessBlock is §1.1's InitiatingProcess* block.
const initiatingProcessBlock = `
InitiatingProcessSHA1 string
InitiatingProcessSHA256 string
InitiatingProcessMD5 string
InitiatingProcessFileName string
InitiatingProcessFileSize long
InitiatingProcessVersionInfoCompanyName string
InitiatingProcessVersionInfoProductName string
InitiatingProcessVersionInfoProductVersion string
InitiatingProcessVersionInfoInternalFileName string
InitiatingProcessVersionInfoOriginalFileName string
InitiatingProcessVersionInfoFileDescription string
InitiatingProcessId long
InitiatingProcessCommandLine string
InitiatingProcessCreationTime datetime
InitiatingProcessFolderPath string
InitiatingProcessParentFileName string
InitiatingProcessParentId long
InitiatingProcessParentCreationTime datetime
InitiatingProcessAccountDomain string
InitiatingProcessAccountName string
InitiatingProcessAccountSid string
InitiatingProcessAccountUpn string
InitiatingProcessAccountObjectId string
InitiatingProcessIntegrityLevel string
InitiatingProcessTokenElevation string
InitiatingProcessSessionId long
IsInitiatingProcessRemoteSession bool
InitiatingProcessRemoteSessionDeviceName string
InitiatingProcessRemoteSessionIP string
`

var defenderTables = map[string]string{
	"DeviceNetworkEvents": `
Timestamp datetime
DeviceId string
DeviceName string
ActionType string
RemoteIP string
RemotePort int
RemoteUrl string
LocalIP string
LocalPort int
Protocol string
LocalIPType string
RemoteIPType string
` + initiatingProcessBlock + `
ReportId long
AppGuardContainerId string
AdditionalFields dynamic
`,
	"DeviceProcessEvents": `
Timestamp datetime
DeviceId string
DeviceName string
ActionType string
FileName string
FolderPath string
SHA1 string
SHA256 string
MD5 string
FileSize long
ProcessVersionInfoCompanyName string
ProcessVersionInfoProductName string
ProcessVersionInfoProductVersion string
ProcessVersionInfoInternalFileName string
ProcessVersionInfoOriginalFileName string
ProcessVersionInfoFileDescription string
ProcessId long
ProcessCommandLine string
ProcessIntegrityLevel string
ProcessTokenElevation string
ProcessCreationTime datetime
AccountDomain string
AccountName string
AccountSid string
AccountUpn string
AccountObjectId string
LogonId long
` + initiatingProcessBlock + `
InitiatingProcessLogonId long
InitiatingProcessSignerType string
InitiatingProcessSignatureStatus string
ReportId long
AppGuardContainerId string
AdditionalFields dynamic
`,
}

// sentinelAdditions are the columns Sentinel adds to every Defender table
// it ingests (schemas.md §1.1 "Sentinel-only columns").
const sentinelAdditions = `
TimeGenerated datetime
TenantId string
SourceSystem string
MachineGroup string
Type string
`

func parseColumnList(text string) table.Schema {
	var cols table.Schema
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		t, ok := table.ParseType(f[1])
		if !ok {
			panic("catalog: bad type in defender.go: " + line)
		}
		cols = append(cols, table.Column{Name: f[0], Type: t})
	}
	return cols
}

func addDefender(c *Catalog) {
	for name, text := range defenderTables {
		doc := parseColumnList(text)
		cur, ok := c.tables[name]
		if !ok {
			c.tables[name] = dedupe(append(doc, parseColumnList(sentinelAdditions)...))
			continue
		}
		out := append(table.Schema(nil), cur...)
		for _, col := range doc {
			if out.Index(col.Name) < 0 {
				out = append(out, col)
			}
		}
		c.tables[name] = out
	}
}
