package rules

import "sort"

// EntityIdentifiers lists the identifiers an entity type accepts and the
// identifier sets of which at least one must be mapped completely.
type EntityIdentifiers struct {
	Identifiers []string
	Required    [][]string
}

// Entities is Sentinel's entity identifier table (EntityMappingIdentifiers
// in the Azure-Sentinel template validator), keyed by entity type.
var Entities = map[string]EntityIdentifiers{
	"Account": {
		Identifiers: []string{"Name", "FullName", "NTDomain", "DnsDomain", "UPNSuffix", "Sid", "AadTenantId", "AadUserId", "PUID", "IsDomainJoined", "DisplayName", "ObjectGuid", "CloudAppAccountId"},
		Required:    [][]string{{"FullName"}, {"Sid"}, {"Name"}, {"AadUserId"}, {"PUID"}, {"ObjectGuid"}},
	},
	"AzureResource": {
		Identifiers: []string{"ResourceId"},
		Required:    [][]string{{"ResourceId"}},
	},
	"CloudApplication": {
		Identifiers: []string{"AppId", "Name", "InstanceName"},
		Required:    [][]string{{"AppId"}, {"Name"}},
	},
	"DNS": {
		Identifiers: []string{"DomainName"},
		Required:    [][]string{{"DomainName"}},
	},
	"File": {
		Identifiers: []string{"Directory", "Name"},
		Required:    [][]string{{"Name"}},
	},
	"FileHash": {
		Identifiers: []string{"Algorithm", "Value"},
		Required:    [][]string{{"Algorithm", "Value"}},
	},
	"Host": {
		Identifiers: []string{"DnsDomain", "NTDomain", "HostName", "FullName", "NetBiosName", "AzureID", "OMSAgentID", "OSFamily", "OSVersion", "IsDomainJoined"},
		Required:    [][]string{{"FullName"}, {"HostName"}, {"NetBiosName"}, {"AzureID"}, {"OMSAgentID"}},
	},
	"IoTDevice": {
		Identifiers: []string{"DeviceId", "DeviceName", "Manufacturer", "Model", "FirmwareVersion", "OperatingSystem", "MacAddress", "Protocols", "SerialNumber", "Source", "IoTSecurityAgentId", "DeviceType"},
		Required:    [][]string{{"DeviceId"}},
	},
	"IP": {
		Identifiers: []string{"Address"},
		Required:    [][]string{{"Address"}},
	},
	"Mailbox": {
		Identifiers: []string{"MailboxPrimaryAddress", "DisplayName", "Upn", "ExternalDirectoryObjectId", "RiskLevel"},
		Required:    [][]string{{"MailboxPrimaryAddress"}},
	},
	"MailCluster": {
		Identifiers: []string{"NetworkMessageIds", "CountByDeliveryStatus", "CountByThreatType", "CountByProtectionStatus", "Threats", "Query", "QueryTime", "MailCount", "IsVolumeAnomaly", "Source", "ClusterSourceIdentifier", "ClusterSourceType", "ClusterQueryStartTime", "ClusterQueryEndTime", "ClusterGroup"},
		Required:    [][]string{{"Query"}, {"Source"}},
	},
	"MailMessage": {
		Identifiers: []string{"Recipient", "Urls", "Threats", "Sender", "P1Sender", "P1SenderDisplayName", "P1SenderDomain", "SenderIP", "P2Sender", "P2SenderDisplayName", "P2SenderDomain", "ReceivedDate", "NetworkMessageId", "InternetMessageId", "Subject", "BodyFingerprintBin1", "BodyFingerprintBin2", "BodyFingerprintBin3", "BodyFingerprintBin4", "BodyFingerprintBin5", "AntispamDirection", "DeliveryAction", "DeliveryLocation", "Language", "ThreatDetectionMethods"},
		Required:    [][]string{{"NetworkMessageId"}, {"Recipient"}},
	},
	"Malware": {
		Identifiers: []string{"Name", "Category"},
		Required:    [][]string{{"Name"}},
	},
	"Process": {
		Identifiers: []string{"ProcessId", "CommandLine", "ElevationToken", "CreationTimeUtc"},
		Required:    [][]string{{"CommandLine"}, {"ProcessId"}},
	},
	"RegistryKey": {
		Identifiers: []string{"Hive", "Key"},
		Required:    [][]string{{"Key"}, {"Hive"}},
	},
	"RegistryValue": {
		Identifiers: []string{"Name", "Value", "ValueType"},
		Required:    [][]string{{"Name"}},
	},
	"SecurityGroup": {
		Identifiers: []string{"DistinguishedName", "SID", "ObjectGuid"},
		Required:    [][]string{{"DistinguishedName"}, {"SID"}, {"ObjectGuid"}},
	},
	"SubmissionMail": {
		Identifiers: []string{"NetworkMessageId", "Timestamp", "Recipient", "Sender", "SenderIp", "Subject", "ReportType", "SubmissionId", "SubmissionDate", "Submitter"},
		Required:    [][]string{{"SubmissionId"}, {"NetworkMessageId"}, {"Recipient"}, {"Submitter"}},
	},
	"URL": {
		Identifiers: []string{"Url"},
		Required:    [][]string{{"Url"}},
	},
}

// EntityTypeNames returns the entity types of Entities, sorted.
func EntityTypeNames() []string {
	out := make([]string, 0, len(Entities))
	for k := range Entities {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// old-style custom entity columns ([NewEntityMappings]): a query that still
// produces one of them must map it in entityMappings.
var oldEntityColumns = []string{"AccountCustomEntity", "HostCustomEntity", "IPCustomEntity", "URLCustomEntity", "ProcessCustomEntity", "FileHashCustomEntity"}

// alertDynamicPropertyNames are the alertProperty values of
// alertDetailsOverride.alertDynamicProperties.
var alertDynamicPropertyNames = []string{"AlertLink", "ConfidenceLevel", "ConfidenceScore", "ExtendedLinks", "ProductComponentName", "ProductName", "ProviderName", "RemediationSteps", "Techniques"}
