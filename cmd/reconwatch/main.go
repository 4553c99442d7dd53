// Command reconwatch runs Microsoft Sentinel analytics rules (KQL) offline
// over exported telemetry, starting with MITRE ATT&CK T1596. This package
// is flags and wiring only; the work happens in internal/.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit codes, stable for CI.
const (
	exitOK     = 0
	exitError  = 1
	exitUsage  = 2
	exitAlerts = 3
)

// usageError marks a mistake in the command line (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// alertsError ends a --fail-on-alert run that raised alerts (exit 3).
type alertsError struct{ n int }

func (e *alertsError) Error() string { return fmt.Sprintf("%d alerts raised", e.n) }

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"detect", "run detection rules over telemetry and print alerts", runDetect},
		{"query", "run a KQL query over telemetry", runQuery},
		{"check", "parse and check queries and rule files without data", runCheck},
		{"rules", "list, show and export the rules", runRules},
		{"version", "print the version", runVersion},
	}
}

const topUsage = `reconwatch runs Microsoft Sentinel analytics rules (KQL) offline over
Defender for Endpoint exports and streaming records, with Kusto's semantics.

Usage:
  reconwatch <command> [flags] [inputs]

Commands:
%s
Examples:
  reconwatch detect examples/
  reconwatch detect --format json --now 2026-11-26T12:00:00Z export.json
  reconwatch query -q 'DeviceNetworkEvents | summarize count() by ActionType' export.csv
  reconwatch check -f rule.kql
  reconwatch rules export T1596 --format sentinel-yaml

Run 'reconwatch <command> --help' for a command's flags.
Exit status: 0 ok, 1 error, 2 usage error, 3 alerts raised with --fail-on-alert.
`

func topHelp(w io.Writer) {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, topUsage, b.String())
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		topHelp(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		topHelp(stdout)
		return exitOK
	case "--version", "-version":
		args[0] = "version"
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(args[1:], stdout, stderr)
		return exitCode(err, stderr)
	}
	fmt.Fprintf(stderr, "reconwatch: unknown command %q\n\n", args[0])
	topHelp(stderr)
	return exitUsage
}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ue *usageError
	var ae *alertsError
	switch {
	case errors.Is(err, errHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "reconwatch: %s\n", ue.msg)
		return exitUsage
	case errors.As(err, &ae):
		return exitAlerts
	case errors.Is(err, errReported):
		return exitError
	}
	fmt.Fprintf(stderr, "reconwatch: %s\n", err)
	return exitError
}

// errReported ends a command whose errors were already printed.
var errReported = errors.New("errors reported")
