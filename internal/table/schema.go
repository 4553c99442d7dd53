package table

import "strings"

// Column is a named, typed column.
type Column struct {
	Name string
	Type Type
}

// Schema is an ordered list of columns.
type Schema []Column

// Index returns the position of the column named name (case-sensitive, as
// in Kusto), or -1.
func (s Schema) Index(name string) int {
	for i, c := range s {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Names returns the column names in order.
func (s Schema) Names() []string {
	out := make([]string, len(s))
	for i, c := range s {
		out[i] = c.Name
	}
	return out
}

// String renders the schema as Kusto does: (a:long, b:string).
func (s Schema) String() string {
	var sb strings.Builder
	sb.WriteByte('(')
	for i, c := range s {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(c.Name)
		sb.WriteByte(':')
		sb.WriteString(c.Type.String())
	}
	sb.WriteByte(')')
	return sb.String()
}
