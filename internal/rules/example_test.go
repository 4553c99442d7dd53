package rules_test

import (
	"fmt"
	"os"

	"reconwatch/internal/rules"
	"reconwatch/internal/table"
)

func Example() {
	src := `id: 6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10
name: Example
description: Example rule.
severity: Low
requiredDataConnectors:
  - connectorId: MicrosoftThreatProtection
    dataTypes:
      - DeviceNetworkEvents
queryFrequency: 1h
queryPeriod: 30m
triggerOperator: gt
triggerThreshold: 0
query: |
  DeviceNetworkEvents
  | summarize Count = count() by DeviceName
customDetails:
  Count: Total
version: 1.0.0
kind: Scheduled
`
	r, err := rules.Parse([]byte(src), "example.yaml")
	if err != nil {
		panic(err)
	}
	// The caller checks the query; here a stub returns its result columns.
	check := func(string) ([]table.Column, error) {
		return []table.Column{{Name: "DeviceName", Type: table.String}, {Name: "Count", Type: table.Long}}, nil
	}
	for _, d := range rules.Validate(r, check) {
		fmt.Println(d)
	}
	fmt.Println(r.Triggered(1), r.Src.QueryStart)
	if err := rules.Export(r, os.Stdout, rules.FormatSentinelYAML); err != nil {
		panic(err)
	}
	// Output:
	// example.yaml:10:1: error: queryPeriod: queryPeriod (30m) must be greater than or equal to queryFrequency (1h) [period-frequency] (rule "Example" 6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10)
	// example.yaml:17:3: error: customDetails.Count: customDetails Count column "Total" is not a column of the query result [column-missing] (rule "Example" 6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10)
	// true {14 3}
	// id: 6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10
	// name: Example
	// description: Example rule.
	// severity: Low
	// requiredDataConnectors:
	//   - connectorId: MicrosoftThreatProtection
	//     dataTypes:
	//       - DeviceNetworkEvents
	// queryFrequency: 1h
	// queryPeriod: 30m
	// triggerOperator: gt
	// triggerThreshold: 0
	// query: |
	//   DeviceNetworkEvents
	//   | summarize Count = count() by DeviceName
	// customDetails:
	//   Count: Total
	// version: 1.0.0
	// kind: Scheduled
}
