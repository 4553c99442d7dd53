package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// IsRuleFile reports whether a file name is a rule file: *.yaml or *.yml,
// but not a metadata file (*.meta.yaml, *.meta.yml).
func IsRuleFile(name string) bool {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".meta.yaml") || strings.HasSuffix(lower, ".meta.yml") {
		return false
	}
	return strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml")
}

// metaNames returns the candidate metadata file names of a rule file.
func metaNames(rulePath string) []string {
	base := strings.TrimSuffix(rulePath, path.Ext(rulePath))
	return []string{base + MetaSuffix, base + ".meta.yml"}
}

// skipDir reports whether a folder walk skips a directory: hidden ones and
// testdata.
func skipDir(name string, root bool) bool {
	if root {
		return false
	}
	return name == "testdata" || (strings.HasPrefix(name, ".") && name != "." && name != "..")
}

// Load reads the rule in a file, or every rule file under a folder
// (recursively; hidden folders and testdata are skipped; metadata files
// are not rules). Rules are returned in path order. A file that fails to
// parse does not stop the others: Load returns the rules it could read
// with the joined errors.
func Load(p string) ([]*Rule, error) {
	return load(p, false)
}

// LoadDir is Load that also attaches to each rule its metadata file
// (x.meta.yaml beside x.yaml) when there is one.
func LoadDir(p string) ([]*Rule, error) {
	return load(p, true)
}

func load(p string, withMeta bool) ([]*Rule, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		r, err := loadFile(p)
		if err != nil {
			return nil, err
		}
		var errs []error
		if withMeta {
			errs = attachMeta(r, p, func(name string) ([]byte, error) { return os.ReadFile(name) })
		}
		return []*Rule{r}, errors.Join(errs...)
	}
	var out []*Rule
	var errs []error
	err = filepath.WalkDir(p, func(fp string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if d.IsDir() {
			if skipDir(d.Name(), fp == p) {
				return filepath.SkipDir
			}
			return nil
		}
		if !IsRuleFile(d.Name()) {
			return nil
		}
		r, err := loadFile(fp)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if withMeta {
			errs = append(errs, attachMeta(r, fp, func(name string) ([]byte, error) { return os.ReadFile(name) })...)
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	return out, errors.Join(errs...)
}

func loadFile(p string) (*Rule, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return Parse(data, p)
}

// attachMeta reads the metadata file of the rule at rulePath, if any.
func attachMeta(r *Rule, rulePath string, read func(string) ([]byte, error)) []error {
	for _, mp := range metaNames(rulePath) {
		data, err := read(mp)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return []error{err}
		}
		m, err := ParseMeta(data, mp)
		if err != nil {
			return []error{err}
		}
		if m.RuleID != "" && r.ID != "" && !strings.EqualFold(m.RuleID, r.ID) {
			return []error{fmt.Errorf("%s: ruleId %s does not match the id %s of %s", mp, m.RuleID, r.ID, rulePath)}
		}
		r.Meta = m
		return nil
	}
	return nil
}

// LoadFS reads every rule file under root in fsys (use "." for all),
// attaching metadata files as LoadDir does. File names in positions and
// diagnostics are fsys paths. Use it for embedded rule packs.
func LoadFS(fsys fs.FS, root string) ([]*Rule, error) {
	if root == "" {
		root = "."
	}
	var out []*Rule
	var errs []error
	read := func(name string) ([]byte, error) { return fs.ReadFile(fsys, name) }
	err := fs.WalkDir(fsys, root, func(fp string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if d.IsDir() {
			if skipDir(d.Name(), fp == root) {
				return fs.SkipDir
			}
			return nil
		}
		if !IsRuleFile(d.Name()) {
			return nil
		}
		data, err := fs.ReadFile(fsys, fp)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		r, err := Parse(data, fp)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		errs = append(errs, attachMeta(r, fp, read)...)
		out = append(out, r)
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	return out, errors.Join(errs...)
}
