// Command gen writes synthetic DeviceNetworkEvents as NDJSON (an Advanced
// Hunting export) for benchmarks: deterministic, about -size bytes, with
// the field mix and value shapes of real exports (long command lines with
// escapes, hashes, SIDs, a nested AdditionalFields object) and a share of
// OSINT traffic for the T1596 rule to find.
//
//	go run ./bench/gen -size 200MB -o /tmp/dne.ndjson
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"reconwatch/bench/dnegen"
)

func main() {
	size := flag.String("size", "100MB", "approximate output size (KB, MB, GB)")
	out := flag.String("o", "dne.ndjson", "output file")
	hours := flag.Int("hours", 1, "hours of data the events span")
	flag.Parse()
	n, err := parseSize(*size)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	written := dnegen.Write(w, n, *hours)
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	f.Close()
	fmt.Fprintf(os.Stderr, "gen: wrote %d bytes to %s\n", written, *out)
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	for suf, m := range map[string]int64{"KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30} {
		if strings.HasSuffix(s, suf) {
			mult, s = m, strings.TrimSuffix(s, suf)
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	return int64(v * float64(mult)), err
}
