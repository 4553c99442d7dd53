package rules

import (
	"regexp"
	"sort"
	"strings"
)

// Tactics are the tactic names a rule's tactics list accepts (the ARM
// AttackTactic enum; names have no spaces). PreAttack is accepted by ARM
// but not by the Azure-Sentinel template validator; Validate warns about it.
var Tactics = []string{
	"Reconnaissance", "ResourceDevelopment", "InitialAccess", "Execution",
	"Persistence", "PrivilegeEscalation", "DefenseEvasion", "CredentialAccess",
	"Discovery", "LateralMovement", "Collection", "CommandAndControl",
	"Exfiltration", "Impact", "PreAttack", "ImpairProcessControl",
	"InhibitResponseFunction",
}

var techniqueRE = regexp.MustCompile(`^T\d{4}(\.\d{3})?$`)

// techniqueTactics maps ATT&CK technique ids (without sub-technique) to
// their tactics. It is the table of Sentinel's KillChainTechniquesHelper
// (Enterprise and ICS), with PreAttack dropped (the template validator's
// AttackTactic enum has no PreAttack, so that flag never matches), joined
// with the ATT&CK (v18) tactics of techniques that table lacks or maps
// incompletely. A technique matches when any of its tactics is listed.
var techniqueTactics = buildTechniqueTactics()

func buildTechniqueTactics() map[string][]string {
	byTactic := map[string][]string{
		// KillChainTechniquesHelper.
		"InitialAccess":           {"T1078", "T1091", "T1133", "T1195", "T1199", "T1200", "T1189", "T1190", "T1566", "T0810", "T0817", "T0818", "T0819", "T0822", "T0883", "T0847", "T0848", "T0865", "T0862", "T0860", "T0866", "T0886"},
		"Persistence":             {"T1037", "T1053", "T1078", "T1098", "T1136", "T1137", "T1176", "T1197", "T1133", "T1205", "T1505", "T1525", "T1542", "T1543", "T1546", "T1547", "T1554", "T1574", "T0889", "T0839", "T0873", "T0857", "T0859", "T1556"},
		"PrivilegeEscalation":     {"T1037", "T1053", "T1055", "T1068", "T1078", "T1134", "T1484", "T1543", "T1546", "T1547", "T1548", "T1574", "T0874", "T0890", "T1611"},
		"DefenseEvasion":          {"T1006", "T1014", "T1027", "T1036", "T1055", "T1070", "T1078", "T1112", "T1127", "T1134", "T1140", "T1197", "T1202", "T1205", "T1207", "T1211", "T1216", "T1218", "T1220", "T1221", "T1222", "T1480", "T1484", "T1497", "T1535", "T1542", "T1548", "T1550", "T1553", "T1556", "T1562", "T1564", "T1574", "T1578", "T1599", "T1600", "T1601", "T0858", "T0820", "T0872", "T0849", "T0851", "T0856", "T1612", "T1610"},
		"CredentialAccess":        {"T1003", "T1040", "T1056", "T1110", "T1111", "T1187", "T1212", "T1528", "T1539", "T1552", "T1555", "T1556", "T1557", "T1558", "T1606", "T1613", "T1614", "T1621"},
		"Discovery":               {"T1007", "T1010", "T1012", "T1016", "T1018", "T1033", "T1040", "T1046", "T1049", "T1057", "T1069", "T1082", "T1083", "T1087", "T1120", "T1124", "T1135", "T1201", "T1217", "T1482", "T1497", "T1518", "T1526", "T1538", "T1580", "T0840", "T0842", "T0846", "T0888", "T0887"},
		"LateralMovement":         {"T1021", "T1072", "T1080", "T1091", "T1210", "T1534", "T1550", "T1563", "T1570", "T0866", "T0886", "T0859", "T0812", "T0867", "T0843"},
		"Execution":               {"T1047", "T1053", "T1059", "T1072", "T1106", "T1129", "T1203", "T1204", "T1559", "T1569", "T0807", "T0871", "T0823", "T0821", "T0834", "T0853", "T0863", "T0874", "T0858"},
		"Collection":              {"T1005", "T1025", "T1039", "T1056", "T1074", "T1113", "T1114", "T1115", "T1119", "T1123", "T1125", "T1185", "T1213", "T1530", "T1557", "T1560", "T1602", "T0887", "T0802", "T0811", "T0868", "T0877", "T0830", "T0801", "T0861", "T0845", "T0852", "T1609", "T1610"},
		"Exfiltration":            {"T1011", "T1020", "T1029", "T1030", "T1041", "T1048", "T1052", "T1537", "T1567"},
		"CommandAndControl":       {"T1001", "T1008", "T1071", "T1090", "T1092", "T1095", "T1102", "T1104", "T1105", "T1132", "T1205", "T1219", "T1568", "T1571", "T1572", "T1573", "T0885", "T0884", "T0869"},
		"Impact":                  {"T1485", "T1486", "T1489", "T1490", "T1491", "T1495", "T1496", "T1498", "T1499", "T1529", "T1531", "T1561", "T1565", "T0879", "T0813", "T0815", "T0826", "T0827", "T0828", "T0837", "T0880", "T0829", "T0831", "T0832", "T0882"},
		"ImpairProcessControl":    {"T0839", "T0856", "T0806", "T0836", "T0855"},
		"InhibitResponseFunction": {"T0857", "T0851", "T0800", "T0878", "T0803", "T0804", "T0805", "T0809", "T0814", "T0816", "T0835", "T0838", "T0881"},
		"Reconnaissance":          {"T1595", "T1592", "T1589", "T1590", "T1591", "T1598", "T1597", "T1596", "T1593", "T1594"},
		"ResourceDevelopment":     {"T1583", "T1586", "T1584", "T1587", "T1585", "T1588", "T1608"},
	}
	// ATT&CK v18 tactics missing from that table.
	extra := map[string][]string{
		"Persistence":         {"T1653", "T1668", "T1671"},
		"PrivilegeEscalation": {"T1098"},
		"DefenseEvasion":      {"T1620", "T1622", "T1647", "T1656", "T1666", "T1672"},
		"CredentialAccess":    {"T1649"},
		"Discovery":           {"T1613", "T1614", "T1615", "T1619", "T1622", "T1652", "T1654"},
		"Execution":           {"T1609", "T1610", "T1648", "T1651"},
		"InitialAccess":       {"T1659", "T1669"},
		"CommandAndControl":   {"T1659", "T1665"},
		"Impact":              {"T1657", "T1667"},
		"ResourceDevelopment": {"T1650"},
	}
	out := map[string][]string{}
	add := func(m map[string][]string) {
		for tactic, techs := range m {
			for _, t := range techs {
				if !contains(out[t], tactic) {
					out[t] = append(out[t], tactic)
				}
			}
		}
	}
	add(byTactic)
	add(extra)
	for _, v := range out {
		sort.Strings(v)
	}
	return out
}

// TechniqueTactics returns the tactics of an ATT&CK technique or
// sub-technique (T1596.005 is looked up as T1596), and whether the
// technique is known.
func TechniqueTactics(technique string) ([]string, bool) {
	base, _, _ := strings.Cut(technique, ".")
	t, ok := techniqueTactics[base]
	return append([]string(nil), t...), ok
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) (string, bool) {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return x, true
		}
	}
	return "", false
}
