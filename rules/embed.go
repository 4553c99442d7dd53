// Package rulepack is reconwatch's built-in rule pack: the Sentinel
// analytics rules under this folder (one folder per detection, each rule
// x.yaml with its reconwatch metadata x.meta.yaml), embedded in the binary.
//
// Load them with rules.LoadFS(rulepack.FS(), ".").
package rulepack

import (
	"embed"
	"io/fs"
)

//go:embed t1596/*.yaml
var files embed.FS

// FS returns the default rule pack. Paths look like "t1596/t1596.yaml".
func FS() fs.FS { return files }
