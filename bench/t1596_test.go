// Package bench holds end-to-end benchmarks: the T1596 rule over
// generated Defender data, reading, parsing, filtering and aggregating.
//
//	go test ./bench -run '^$' -bench . -benchtime 5x -cpu 1
package bench

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"reconwatch/bench/dnegen"
	"reconwatch/internal/catalog"
	"reconwatch/internal/detect"
	"reconwatch/internal/kql"
	"reconwatch/internal/rules"
	"reconwatch/internal/sources"
	rulepack "reconwatch/rules"
)

var (
	dataOnce sync.Once
	dataPath string
	dataSize int64
)

// data writes 100 MB of events once per test binary run.
func data(b *testing.B) string {
	dataOnce.Do(func() {
		dir, err := os.MkdirTemp("", "reconwatch-bench")
		if err != nil {
			b.Fatal(err)
		}
		dataPath = filepath.Join(dir, "dne.ndjson")
		f, err := os.Create(dataPath)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		dataSize = dnegen.Write(w, 100<<20, 1)
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	})
	return dataPath
}

func readQuery(b *testing.B) string {
	q, err := os.ReadFile("../rules/testdata/t1596.kql")
	if err != nil {
		b.Fatal(err)
	}
	return string(q)
}

// BenchmarkT1596 runs the whole path a `reconwatch query` takes: open
// and sniff the input, scan the columns the plan needs, run the rule.
func BenchmarkT1596(b *testing.B) {
	path := data(b)
	text := readQuery(b)
	cat := catalog.Default()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	b.SetBytes(dataSize)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		set, err := sources.Open([]sources.Input{{Path: path}}, sources.Options{Catalog: cat, Fallback: "DeviceNetworkEvents", Parallel: 1})
		if err != nil {
			b.Fatal(err)
		}
		q, src, errs := kql.Compile(text, kql.Options{Catalog: set.Catalog(), Now: now, Tables: set})
		if len(errs) > 0 {
			b.Fatal(src.FormatAll(errs))
		}
		res, err := q.Run(context.Background(), set)
		if err != nil {
			b.Fatal(err)
		}
		if len(res[0].Rows) == 0 {
			b.Fatal("no rows")
		}
		set.Close()
	}
}

// BenchmarkT1596Query times the query alone over an opened input (the
// cost of a replay run or a second query over the same files).
func BenchmarkT1596Query(b *testing.B) {
	path := data(b)
	text := readQuery(b)
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	set, err := sources.Open([]sources.Input{{Path: path}}, sources.Options{Catalog: catalog.Default(), Fallback: "DeviceNetworkEvents", Parallel: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer set.Close()
	q, src, errs := kql.Compile(text, kql.Options{Catalog: set.Catalog(), Now: now, Tables: set})
	if len(errs) > 0 {
		b.Fatal(src.FormatAll(errs))
	}
	b.SetBytes(dataSize)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := q.Run(context.Background(), set)
		if err != nil {
			b.Fatal(err)
		}
		if len(res[0].Rows) == 0 {
			b.Fatal("no rows")
		}
	}
}

// BenchmarkReplayDay replays the T1596 rule's hourly schedule over a day
// of data: 24 runs sharing one pass over the input.
func BenchmarkReplayDay(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "day.ndjson")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	size := dnegen.Write(w, 100<<20, 24)
	w.Flush()
	f.Close()
	rs, err := rules.LoadFS(rulepack.FS(), ".")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		set, err := sources.Open([]sources.Input{{Path: path}}, sources.Options{Fallback: "DeviceNetworkEvents", Parallel: 1})
		if err != nil {
			b.Fatal(err)
		}
		_, sum, err := detect.Run(context.Background(), rs, set, detect.Options{Catalog: set.Catalog()})
		if err != nil {
			b.Fatal(err)
		}
		if sum.Runs != 24 {
			b.Fatalf("%d runs", sum.Runs)
		}
		set.Close()
	}
}
