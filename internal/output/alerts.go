package output

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"reconwatch/internal/detect"
	"reconwatch/internal/table"
)

// WriteAlertsJSON writes one JSON object per alert per line; the keys and
// their order are listed in the package documentation.
func WriteAlertsJSON(w io.Writer, alerts []detect.Alert) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var b []byte
	for i := range alerts {
		b = appendAlertJSON(b[:0], &alerts[i])
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func appendAlertJSON(b []byte, a *detect.Alert) []byte {
	str := func(b []byte, key, val string) []byte {
		b = table.AppendQuoted(b, key)
		b = append(b, ':')
		b = table.AppendQuoted(b, val)
		return append(b, ',')
	}
	strs := func(b []byte, key string, vals []string) []byte {
		b = table.AppendQuoted(b, key)
		b = append(b, ':', '[')
		for i, v := range vals {
			if i > 0 {
				b = append(b, ',')
			}
			b = table.AppendQuoted(b, v)
		}
		return append(b, ']', ',')
	}
	tm := func(b []byte, key string, t time.Time) []byte {
		b = table.AppendQuoted(b, key)
		b = append(b, ':')
		if t.IsZero() {
			b = append(b, "null"...)
		} else {
			b = append(b, '"')
			b = table.AppendDatetime(b, table.TicksFromTime(t))
			b = append(b, '"')
		}
		return append(b, ',')
	}

	b = append(b, '{')
	b = str(b, "AlertName", a.AlertName)
	b = str(b, "Severity", a.Severity)
	b = str(b, "Confidence", a.Confidence)
	b = str(b, "Description", a.Description)
	b = strs(b, "Tactics", a.Tactics)
	b = strs(b, "Techniques", a.Techniques)
	b = tm(b, "StartTime", a.StartTime)
	b = tm(b, "EndTime", a.EndTime)
	b = tm(b, "RunTime", a.RunTime)

	b = append(b, `"Entities":[`...)
	first := true
	for _, e := range a.Entities {
		n := 0
		for _, f := range e.Fields {
			if f.Value != "" {
				n++
			}
		}
		if n == 0 {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, `{"Type":`...)
		b = table.AppendQuoted(b, e.Type)
		for _, f := range e.Fields {
			if f.Value == "" {
				continue
			}
			b = append(b, ',')
			b = table.AppendQuoted(b, f.Identifier)
			b = append(b, ':')
			b = table.AppendQuoted(b, f.Value)
		}
		b = append(b, '}')
	}
	b = append(b, "],"...)

	b = append(b, `"CustomDetails":{`...)
	for i, d := range a.CustomDetails {
		if i > 0 {
			b = append(b, ',')
		}
		b = table.AppendQuoted(b, d.Key)
		b = append(b, ':')
		b = table.AppendJSON(b, d.Value)
	}
	b = append(b, "},"...)

	b = append(b, `"Result":`...)
	switch len(a.Rows) {
	case 0:
		b = append(b, "null"...)
	case 1:
		b = appendRowObject(b, a.Schema, a.Rows[0])
	default:
		b = append(b, '[')
		for i, row := range a.Rows {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendRowObject(b, a.Schema, row)
		}
		b = append(b, ']')
	}
	b = append(b, ',')

	b = str(b, "RuleId", a.RuleID)
	b = str(b, "RuleName", a.RuleName)
	b = str(b, "RuleVersion", a.RuleVersion)
	b[len(b)-1] = '}'
	return b
}

// WriteAlertsCSV writes one CSV row per alert, with a header: RunTime,
// Severity, AlertName, RuleId, Host, Account, then one column per custom
// detail key in first-seen order, then StartTime, EndTime. Host and
// Account are as in WriteAlertsTable; several entities of a kind are
// joined with ", ". Times are as in the json result format; a zero time
// is empty.
func WriteAlertsCSV(w io.Writer, alerts []detect.Alert) error {
	keys := detailKeys(alerts)
	bw := bufio.NewWriterSize(w, 64<<10)
	var b []byte
	fields := func(vals ...string) {
		for i, v := range vals {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendCSVField(b, v)
		}
	}
	fields("RunTime", "Severity", "AlertName", "RuleId", "Host", "Account")
	b = append(b, ',')
	fields(keys...)
	if len(keys) > 0 {
		b = append(b, ',')
	}
	fields("StartTime", "EndTime")
	b = append(b, '\r', '\n')
	for i := range alerts {
		a := &alerts[i]
		fields(csvTime(a.RunTime), a.Severity, a.AlertName, a.RuleID,
			strings.Join(hostsOf(a), ", "), strings.Join(accountsOf(a), ", "))
		b = append(b, ',')
		for j, k := range keys {
			if j > 0 {
				b = append(b, ',')
			}
			if v, ok := detailValue(a, k); ok {
				b = appendCSVField(b, v.String())
			}
		}
		if len(keys) > 0 {
			b = append(b, ',')
		}
		fields(csvTime(a.StartTime), csvTime(a.EndTime))
		b = append(b, '\r', '\n')
		if len(b) > 32<<10 {
			if _, err := bw.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	if _, err := bw.Write(b); err != nil {
		return err
	}
	return bw.Flush()
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return table.FormatDatetime(table.TicksFromTime(t))
}

// detailKeys lists the custom detail keys of alerts in first-seen order.
func detailKeys(alerts []detect.Alert) []string {
	var keys []string
	seen := map[string]bool{}
	for i := range alerts {
		for _, d := range alerts[i].CustomDetails {
			if !seen[d.Key] {
				seen[d.Key] = true
				keys = append(keys, d.Key)
			}
		}
	}
	return keys
}

// detailValue returns the custom detail key of a.
func detailValue(a *detect.Alert, key string) (table.Value, bool) {
	for _, d := range a.CustomDetails {
		if d.Key == key {
			return d.Value, true
		}
	}
	return table.Null, false
}

// metric finds a number-like field of an alert: the custom detail named
// name (case-insensitively), else the result column of that name (over
// several rows, the largest value).
func metric(a *detect.Alert, name string) (table.Value, bool) {
	for _, d := range a.CustomDetails {
		if strings.EqualFold(d.Key, name) && !d.Value.IsNull() {
			return d.Value, true
		}
	}
	col := columnIndex(a.Schema, name)
	if col < 0 {
		return table.Null, false
	}
	best, found := table.Null, false
	for _, row := range a.Rows {
		if col >= len(row) || row[col].IsNull() {
			continue
		}
		if !found {
			best, found = row[col], true
			continue
		}
		x, okx := numberOf(row[col])
		y, oky := numberOf(best)
		if okx && (!oky || x > y) {
			best = row[col]
		}
	}
	return best, found
}

func columnIndex(s table.Schema, name string) int {
	if i := s.Index(name); i >= 0 {
		return i
	}
	for i, c := range s {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}

// numberOf reads v as a number, accepting numeric strings.
func numberOf(v table.Value) (float64, bool) {
	if f, ok := v.AsFloat(); ok {
		return f, !math.IsNaN(f)
	}
	if v.K == table.KString {
		f, err := strconv.ParseFloat(strings.TrimSpace(v.S), 64)
		return f, err == nil && !math.IsNaN(f)
	}
	return 0, false
}

// entityField returns the first non-empty identifier of e among ids.
func entityField(e *detect.Entity, ids ...string) string {
	for _, id := range ids {
		for _, f := range e.Fields {
			if strings.EqualFold(f.Identifier, id) && f.Value != "" {
				return f.Value
			}
		}
	}
	return ""
}

// hostsOf names the alert's Host entities: HostName, else FullName, else
// NetBiosName, else AzureID. Duplicates are dropped.
func hostsOf(a *detect.Alert) []string {
	return entityNames(a, "Host", func(e *detect.Entity) string {
		return entityField(e, "HostName", "FullName", "NetBiosName", "AzureID")
	})
}

// accountsOf names the alert's Account entities: NTDomain\Name, else
// Name@UPNSuffix, else Name, else FullName, DisplayName, Sid, AadUserId.
func accountsOf(a *detect.Alert) []string {
	return entityNames(a, "Account", func(e *detect.Entity) string {
		name := entityField(e, "Name")
		if name != "" {
			if d := entityField(e, "NTDomain"); d != "" {
				return d + `\` + name
			}
			if u := entityField(e, "UPNSuffix"); u != "" {
				return name + "@" + u
			}
			return name
		}
		return entityField(e, "FullName", "DisplayName", "Sid", "AadUserId", "ObjectGuid")
	})
}

func entityNames(a *detect.Alert, typ string, name func(*detect.Entity) string) []string {
	var out []string
	for i := range a.Entities {
		e := &a.Entities[i]
		if !strings.EqualFold(e.Type, typ) {
			continue
		}
		n := name(e)
		if n == "" {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == n
		}
		if !dup {
			out = append(out, n)
		}
	}
	return out
}

// seenSpan returns when the alert's activity was first and last seen: the
// result columns FirstSeen and LastSeen (earliest and latest over the
// rows) when present, else the run window.
func seenSpan(a *detect.Alert) (first, last string) {
	first, last = tableTime(a.StartTime), tableTime(a.EndTime)
	pick := func(name string, earliest bool) (string, bool) {
		col := columnIndex(a.Schema, name)
		if col < 0 {
			return "", false
		}
		var best table.Value
		var text string
		found := false
		for _, row := range a.Rows {
			if col >= len(row) || row[col].IsNull() {
				continue
			}
			v := row[col]
			if v.K == table.KDatetime {
				if !found || best.K != table.KDatetime || (earliest && v.I < best.I) || (!earliest && v.I > best.I) {
					best, text, found = v, tableTime(table.TimeFromTicks(v.I)), true
				}
				continue
			}
			if !found {
				best, text, found = v, termText(v.String()), true
			}
		}
		return text, found
	}
	if s, ok := pick("FirstSeen", true); ok {
		first = s
	}
	if s, ok := pick("LastSeen", false); ok {
		last = s
	}
	return first, last
}

// tableTime formats t for the alert table: UTC to the second.
func tableTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

func severityStyle(sev string) string {
	switch sev {
	case "High":
		return ansiRed
	case "Medium":
		return ansiYellow
	case "Low":
		return ansiCyan
	case "Informational":
		return ansiDim
	}
	return ""
}

// tableMetrics picks the count columns of the alert table: RequestCount
// and UniqueOSINTDomains when any alert has them, else up to
// maxOtherDetails other custom details.
const maxOtherDetails = 4

type metricCol struct {
	key, title string
}

func tableMetrics(alerts []detect.Alert) []metricCol {
	var out []metricCol
	for _, m := range []metricCol{{"RequestCount", "REQUESTS"}, {"UniqueOSINTDomains", "OSINT DOMAINS"}} {
		for i := range alerts {
			if _, ok := metric(&alerts[i], m.key); ok {
				out = append(out, m)
				break
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, k := range detailKeys(alerts) {
		if strings.EqualFold(k, "RiskScore") {
			continue
		}
		if len(out) == maxOtherDetails {
			break
		}
		out = append(out, metricCol{k, headerCase(k)})
	}
	return out
}

// headerCase turns a CamelCase key into an upper-case title:
// TopDomains → TOP DOMAINS, UniqueOSINTDomains → UNIQUE OSINT DOMAINS.
func headerCase(k string) string {
	rs := []rune(k)
	var sb strings.Builder
	for i, r := range rs {
		// A word starts at an upper-case letter after a lower-case one, or
		// at the last capital of an acronym followed by a lower-case word
		// (OSINTDomains), but not at a plural acronym (IPs).
		plural := i+1 < len(rs) && rs[i+1] == 's' && (i+2 == len(rs) || !isLower(rs[i+2]))
		if i > 0 && isUpper(r) && (isLower(rs[i-1]) || isUpper(rs[i-1]) && i+1 < len(rs) && isLower(rs[i+1]) && !plural) {
			sb.WriteByte(' ')
		}
		if r == '_' {
			r = ' '
		}
		sb.WriteRune(r)
	}
	return strings.ToUpper(sb.String())
}

func isUpper(r rune) bool { return r >= 'A' && r <= 'Z' }
func isLower(r rune) bool { return r >= 'a' && r <= 'z' }

// WriteAlertsTable writes an overview of alerts for a terminal, one line
// per alert, riskiest first: by RiskScore (custom detail, else result
// column) descending where present, then severity, then run time, then
// name. Columns: severity, device (Host entity), account (Account entity),
// risk, the RequestCount and UniqueOSINTDomains custom details when present
// (else up to four other custom details), first and last seen (result
// columns FirstSeen/LastSeen, else the run window), alert name. A summary
// of the run follows, from summary and the alerts: the alert count per
// severity (or "no alerts"), and, when summary is not empty, runs and span,
// records read and skipped per table, skip reasons (the first ten) and
// records outside the time range. opts.NoHeader drops the column titles
// only; opts.Color colours severities and bolds titles.
func WriteAlertsTable(w io.Writer, alerts []detect.Alert, summary detect.Summary, opts Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var b []byte
	if len(alerts) > 0 {
		b = appendAlertGrid(b, alerts, opts)
		b = append(b, '\n')
	}
	b = appendAlertSummary(b, alerts, summary, opts)
	if _, err := bw.Write(b); err != nil {
		return err
	}
	return bw.Flush()
}

type alertLine struct {
	a       *detect.Alert
	risk    float64
	hasRisk bool
	cells   []string
}

func appendAlertGrid(b []byte, alerts []detect.Alert, opts Options) []byte {
	maxw := opts.maxCell()
	metrics := tableMetrics(alerts)
	titles := []string{"SEVERITY", "DEVICE", "ACCOUNT", "RISK"}
	right := []bool{false, false, false, true}
	for _, m := range metrics {
		// Right-align a count column unless it holds text.
		num := true
		for i := range alerts {
			if v, ok := metric(&alerts[i], m.key); ok && !v.IsNumber() {
				num = false
			}
		}
		titles = append(titles, m.title)
		right = append(right, num)
	}
	titles = append(titles, "FIRST SEEN (UTC)", "LAST SEEN (UTC)", "ALERT")
	right = append(right, false, false, false)

	lines := make([]alertLine, len(alerts))
	for i := range alerts {
		a := &alerts[i]
		l := alertLine{a: a}
		cell := func(s string) string {
			if s == "" {
				return "-"
			}
			return truncate(termText(s), maxw)
		}
		num := func(v table.Value, ok bool) string {
			if !ok {
				return "-"
			}
			return cell(v.String())
		}
		rv, ok := metric(a, "RiskScore")
		l.risk, l.hasRisk = numberOf(rv)
		l.cells = append(l.cells,
			cell(a.Severity),
			cell(strings.Join(hostsOf(a), ", ")),
			cell(strings.Join(accountsOf(a), ", ")),
			num(rv, ok))
		for _, m := range metrics {
			l.cells = append(l.cells, num(metric(a, m.key)))
		}
		first, last := seenSpan(a)
		l.cells = append(l.cells, cell(first), cell(last), cell(a.AlertName))
		lines[i] = l
	}
	sort.SliceStable(lines, func(i, j int) bool {
		x, y := lines[i], lines[j]
		if x.hasRisk != y.hasRisk {
			return x.hasRisk
		}
		if x.hasRisk && x.risk != y.risk {
			return x.risk > y.risk
		}
		if rx, ry := detect.SeverityRank(x.a.Severity), detect.SeverityRank(y.a.Severity); rx != ry {
			return rx > ry
		}
		if !x.a.RunTime.Equal(y.a.RunTime) {
			return x.a.RunTime.Before(y.a.RunTime)
		}
		return x.a.AlertName < y.a.AlertName
	})

	g := newGrid(titles, right, !opts.NoHeader, opts.Color)
	for _, l := range lines {
		g.fit(l.cells)
	}
	if !opts.NoHeader {
		b = g.appendHeader(b)
	}
	for _, l := range lines {
		sev := severityStyle(l.a.Severity)
		b = g.appendLine(b, l.cells, func(i int) string {
			if i == 0 {
				return sev
			}
			return ""
		})
	}
	return b
}

// appendAlertSummary appends the alert count line and, when summary holds
// anything, what the run read, skipped and covered.
func appendAlertSummary(b []byte, alerts []detect.Alert, s detect.Summary, opts Options) []byte {
	counts := map[string]int{}
	for i := range alerts {
		counts[alerts[i].Severity]++
	}
	if len(alerts) == 0 {
		b = append(b, paint(ansiBold, "no alerts", opts.Color)...)
	} else {
		b = append(b, paint(ansiBold, plural(int64(len(alerts)), "alert", "alerts", false), opts.Color)...)
		b = append(b, ": "...)
		b = append(b, sevCounts(counts, opts.Color)...)
	}
	raised := 0
	for _, n := range s.AlertsBySev {
		raised += n
	}
	if raised > len(alerts) {
		b = fmt.Appendf(b, " (of %s raised: %s)", groupDigits(int64(raised)), sevCounts(s.AlertsBySev, false))
	}
	b = append(b, '\n')

	if s.Runs == 0 && s.From.IsZero() && s.To.IsZero() && len(s.RecordsRead) == 0 &&
		len(s.RecordsSkipped) == 0 && len(s.SkipReasons) == 0 && s.OutOfRange == 0 {
		return b
	}
	const indent = "                " // under the values
	label := func(b []byte, l string) []byte {
		b = append(b, "  "...)
		b = append(b, paint(ansiDim, l, opts.Color)...)
		return append(b, indent[:14-len(l)]...)
	}

	b = label(b, "runs:")
	b = append(b, groupDigits(int64(s.Runs))...)
	b = append(b, " evaluated"...)
	if !s.From.IsZero() || !s.To.IsZero() {
		b = append(b, ", "...)
		b = append(b, orDash(tableTime(s.From))...)
		b = append(b, " → "...)
		b = append(b, orDash(tableTime(s.To))...)
		b = append(b, " UTC"...)
		if !s.From.IsZero() && !s.To.IsZero() && s.To.After(s.From) {
			b = append(b, " ("...)
			b = append(b, humanDuration(s.To.Sub(s.From))...)
			b = append(b, ')')
		}
	}
	b = append(b, '\n')

	b = label(b, "read:")
	b = appendPerTable(b, s.RecordsRead)
	b = append(b, '\n')

	b = label(b, "skipped:")
	b = appendPerTable(b, s.RecordsSkipped)
	b = append(b, '\n')
	const maxReasons = 10
	for i, r := range s.SkipReasons {
		if i == maxReasons {
			b = fmt.Appendf(b, "  %s  … and %s more\n", indent[:12], groupDigits(int64(len(s.SkipReasons)-maxReasons)))
			break
		}
		b = append(b, "  "...)
		b = append(b, indent[:14]...)
		b = append(b, "- "...)
		b = append(b, truncate(termText(r), 120)...)
		b = append(b, '\n')
	}

	b = label(b, "out of range:")
	b = append(b, plural(s.OutOfRange, "record", "records", false)...)
	b = append(b, '\n')
	return b
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// appendPerTable appends "N records (TableA n, TableB m)", tables sorted
// by name; "0 records" when empty.
func appendPerTable(b []byte, m map[string]int64) []byte {
	names := make([]string, 0, len(m))
	var total int64
	for k, n := range m {
		names = append(names, k)
		total += n
	}
	sort.Strings(names)
	b = append(b, plural(total, "record", "records", false)...)
	if len(names) == 0 {
		return b
	}
	b = append(b, " ("...)
	for i, k := range names {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, termText(k)...)
		b = append(b, ' ')
		b = append(b, groupDigits(m[k])...)
	}
	return append(b, ')')
}

// sevCounts renders "1 High, 2 Medium", most severe first.
func sevCounts(counts map[string]int, color bool) string {
	var names []string
	for k := range counts {
		if counts[k] > 0 {
			names = append(names, k)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		ri, rj := detect.SeverityRank(names[i]), detect.SeverityRank(names[j])
		if ri != rj {
			return ri > rj
		}
		return names[i] < names[j]
	})
	parts := make([]string, len(names))
	for i, k := range names {
		label := k
		if label == "" {
			label = "unknown severity"
		}
		parts[i] = groupDigits(int64(counts[k])) + " " + paint(severityStyle(k), termText(label), color)
	}
	return strings.Join(parts, ", ")
}

// humanDuration renders d compactly: 6d, 6d 4h, 3h 20m, 5m 10s, 45s.
func humanDuration(d time.Duration) string {
	d = d.Round(time.Second)
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	h := d / time.Hour
	d -= h * time.Hour
	m := d / time.Minute
	d -= m * time.Minute
	s := d / time.Second
	var parts []string
	add := func(n time.Duration, unit string) {
		if n > 0 {
			parts = append(parts, strconv.FormatInt(int64(n), 10)+unit)
		}
	}
	switch {
	case days > 0:
		add(days, "d")
		add(h, "h")
	case h > 0:
		add(h, "h")
		add(m, "m")
	default:
		add(m, "m")
		add(s, "s")
	}
	if len(parts) == 0 {
		return "0s"
	}
	return strings.Join(parts, " ")
}
