#!/usr/bin/env python3
"""Writes the same DeviceNetworkEvents records in every input shape reconwatch
reads, for the golden tests of `reconwatch query` (cmd/reconwatch/shapes_test.go).
The events are synthetic and exercise the T1596 rule's edge cases at
--now 2026-11-26T12:00:00Z (ago(1h) = 11:00:00). Run: python3 gen.py"""
import csv, io, json

cols = [("Timestamp", "DateTime"), ("DeviceId", "String"), ("DeviceName", "String"), ("ActionType", "String"),
        ("RemoteIP", "String"), ("RemotePort", "Int32"), ("RemoteUrl", "String"), ("LocalIP", "String"),
        ("LocalPort", "Int32"), ("Protocol", "String"), ("RemoteIPType", "String"),
        ("InitiatingProcessFileName", "String"), ("InitiatingProcessCommandLine", "String"),
        ("InitiatingProcessAccountDomain", "String"), ("InitiatingProcessAccountName", "String"),
        ("ReportId", "Int64"), ("AdditionalFields", "Dynamic")]
events = []
def ev(ts, dev, acct, dom, proc, cmd, url, port=443, action="ConnectionSuccess", riptype="Public", add=None):
    events.append({"Timestamp": ts, "DeviceId": "id-" + dev.lower(), "DeviceName": dev, "ActionType": action,
                   "RemoteIP": "203.0.113.%d" % (len(events) + 1), "RemotePort": port, "RemoteUrl": url,
                   "LocalIP": "10.0.0.%d" % (len(events) + 1), "LocalPort": 50000 + len(events), "Protocol": "Tcp",
                   "RemoteIPType": riptype, "InitiatingProcessFileName": proc, "InitiatingProcessCommandLine": cmd,
                   "InitiatingProcessAccountDomain": dom, "InitiatingProcessAccountName": acct,
                   "ReportId": 7000 + len(events), "AdditionalFields": add if add is not None else {}})

py = "python.exe osint.py --key K"
# dev-a/alice: 5 requests, 2 domains -> risk 40; ago() boundary; has-term cases.
ev("2026-11-26T11:00:00.0000000Z", "dev-a", "alice", "corp", "python.exe", py, "api.shodan.io")   # exactly ago(1h): excluded (>)
ev("2026-11-26T11:00:00.0000001Z", "dev-a", "alice", "corp", "python.exe", py, "api.shodan.io")   # one tick later: included
ev("2026-11-26T11:10:00Z", "dev-a", "alice", "corp", "PYTHON.EXE", py, "api.shodan.io")           # in~ folds case
ev("2026-11-26T11:20:00Z", "dev-a", "alice", "corp", "python.exe", py, "crt.sh")
ev("2026-11-26T11:30:00Z", "dev-a", "alice", "corp", "python.exe", py, "shodan.io.evil.example")  # has: "." after shodan.io
ev("2026-11-26T11:31:00Z", "dev-a", "alice", "corp", "python.exe", py, "notshodan.io", port=8443) # has: "t" before s; not 443
ev("2026-11-26T11:32:00Z", "dev-a", "alice", "corp", "python.exe", py, "api.shodan.io", action="connectionsuccess")  # == is case-sensitive
ev("2026-11-26T11:33:00Z", "dev-a", "alice", "corp", "python.exe", py, "search.censys.io", action="ConnectionFailed")
ev("2026-11-26T10:59:59Z", "dev-a", "alice", "corp", "python.exe", py, "urlscan.io")                # before the window
# dev-b/bob with an empty domain: 1 request to 2 domains? -> 2 requests, 2 domains -> risk 40
ev("2026-11-26T11:40:00Z", "dev-b", "bob", "", "chrome.exe", "chrome.exe --x -H 'API-Key: 1'", "api.securitytrails.com", action="HttpConnectionInspected")
ev("2026-11-26T11:41:00Z", "dev-b", "bob", "", "chrome.exe", "chrome.exe --x -H 'API-Key: 1'", "dnsdumpster.com")
ev("2026-11-26T11:42:00Z", "dev-b", "bob", "", "chrome.exe", "chrome.exe myapikeys=1", "dnsdumpster.com")   # apikeys is not the term apikey
ev("2026-11-26T11:43:00Z", "dev-b", "bob", "", "chrome.exe", "chrome.exe", "censys-internal.corp", riptype="Private")  # contains censys but private
# dev-c/carol: 25 distinct crt.sh hosts and 7 command lines -> make_set caps 20 and 5; risk 90.
for i in range(25):
    ev("2026-11-26T11:%02d:%02dZ" % (5 + i, i), "dev-c", "carol", "corp", "curl.exe",
       "curl.exe https://h%d.crt.sh/api/v1?x=%d" % (i, i % 7), "h%02d.crt.sh" % i, add={"n": i, "s": "a,b\"c"})
# dev-d/dave: 4 requests to 1 domain -> below threshold, no row.
for i in range(4):
    ev("2026-11-26T11:%02d:00Z" % (50 + i), "dev-d", "dave", "corp", "wget.exe", "wget.exe http://robtex.com", "robtex.com", port=80)

names = [c for c, _ in cols]
def write(name, text):
    with open(name, "w", newline="") as f:
        f.write(text)

write("events.ndjson", "".join(json.dumps(e) + "\n" for e in events))
write("events.array.json", json.dumps(events, indent=1) + "\n")
write("events.api.json", json.dumps({"Schema": [{"Name": c, "Type": t} for c, t in cols], "Results": events}) + "\n")
write("events.graph.json", json.dumps({"schema": [{"name": c, "type": t} for c, t in cols], "results": events}) + "\n")
buf = io.StringIO()
w = csv.writer(buf, lineterminator="\r\n")
w.writerow(names)
for e in events:
    w.writerow([json.dumps(e[c]) if c == "AdditionalFields" else e[c] for c in names])
write("events.csv", "\ufeff" + buf.getvalue())
recs = [{"time": e["Timestamp"], "tenantId": "00000000-0000-0000-0000-000000000001", "operationName": "Publish",
         "category": "AdvancedHunting-DeviceNetworkEvents", "properties": e} for e in events]
lines = [json.dumps({"records": recs[i:i + 10]}) for i in range(0, len(recs), 10)]
write("events.streaming.json", "\n".join(lines) + "\n")
la = [dict(e, TimeGenerated=e["Timestamp"], Type="DeviceNetworkEvents") for e in events]
for r in la:
    del r["Timestamp"]
write("events.loganalytics.json", json.dumps(la) + "\n")
print(len(events), "events")
