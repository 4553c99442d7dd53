package dynfn

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// MaxXMLLen is the longest text parse_xml converts (1 MB, as in Kusto);
// longer text gives null.
const MaxXMLLen = 1 << 20

// maxXMLDepth bounds element nesting; deeper documents give null.
const maxXMLDepth = table.MaxJSONDepth

func init() {
	funcs.Register(&funcs.Func{Name: "parse_xml", MinArgs: 1, MaxArgs: 1, ResultName: funcs.NameFirstArg,
		Bind: fixed(table.Dynamic, sig(funcs.IsStringish, "string"), func(args []table.Value) table.Value {
			if args[0].K == table.KNull {
				return table.Null
			}
			v, err := ParseXML(str(args[0]))
			if err != nil {
				return table.Null
			}
			return v
		})})
}

// ParseXML converts an XML document into a dynamic value the way Kusto's
// parse_xml does (the Json.NET XML-to-JSON mapping, keeping only elements,
// attributes and text):
//
//	<e/>                          {"e": null}
//	<e></e>                       {"e": ""}
//	<e>text</e>                   {"e": "text"}
//	<e name="value" />            {"e": {"@name": "value"}}
//	<e name="value">text</e>      {"e": {"@name": "value", "#text": "text"}}
//	<e> <a>text</a> <b>x</b> </e> {"e": {"a": "text", "b": "x"}}
//	<e> <a>1</a> <a>2</a> </e>    {"e": {"a": ["1", "2"]}}
//	<e> text <a>x</a> </e>        {"e": {"#text": " text ", "a": "x"}}
//
// Names keep their namespace prefix (x:e, @xmlns:x); namespace declarations
// are attributes (@xmlns). Attributes come first, then child groups in
// order of first appearance; repeated names become arrays. All values are
// strings: numbers are not converted. Whitespace-only text is dropped;
// other text is kept as written (entity references decoded, CDATA merged
// with adjacent text). Comments, processing instructions, the XML
// declaration and DOCTYPE are skipped.
//
// It fails (Kusto: null) for text that is not one well-formed document,
// longer than MaxXMLLen or nested deeper than the JSON depth limit.
func ParseXML(s string) (table.Value, error) {
	if len(s) > MaxXMLLen {
		return table.Null, errXML
	}
	s = strings.TrimPrefix(s, "\ufeff")
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	// The text is already decoded; an encoding declaration describes bytes
	// we never see (.NET's LoadXml ignores it too).
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }

	var (
		root  *xelem
		stack []*xelem
		text  strings.Builder
		inRun bool // text accumulates in text
	)
	flush := func() error {
		if !inRun {
			return nil
		}
		t := text.String()
		text.Reset()
		inRun = false
		if isXMLSpace(t) {
			return nil
		}
		if len(stack) == 0 {
			return errXML // text outside the root element
		}
		top := stack[len(stack)-1]
		top.kids = append(top.kids, xkid{text: t, isText: true})
		return nil
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return table.Null, errXML
		}
		switch t := tok.(type) {
		case xml.CharData:
			text.Write(t)
			inRun = true
		case xml.StartElement:
			if err := flush(); err != nil {
				return table.Null, err
			}
			if len(stack) == 0 && root != nil {
				return table.Null, errXML // a second root
			}
			if len(stack) >= maxXMLDepth {
				return table.Null, errXML
			}
			off := int(d.InputOffset())
			e := &xelem{name: qname(t.Name), selfClosed: off >= 2 && off <= len(s) && s[off-2:off] == "/>"}
			for _, a := range t.Attr {
				name := "@" + qname(a.Name)
				for _, prev := range e.attrs {
					if prev.name == name {
						return table.Null, errXML // duplicate attribute
					}
				}
				e.attrs = append(e.attrs, xattr{name, normalizeAttr(a.Value)})
			}
			if len(stack) == 0 {
				root = e
			} else {
				top := stack[len(stack)-1]
				top.kids = append(top.kids, xkid{elem: e})
			}
			stack = append(stack, e)
		case xml.EndElement:
			if err := flush(); err != nil {
				return table.Null, err
			}
			if len(stack) == 0 || stack[len(stack)-1].name != qname(t.Name) {
				return table.Null, errXML
			}
			stack = stack[:len(stack)-1]
		case xml.Comment, xml.ProcInst, xml.Directive:
			// Skipped, but they separate text nodes.
			if err := flush(); err != nil {
				return table.Null, err
			}
		}
	}
	if err := flush(); err != nil {
		return table.Null, err
	}
	if root == nil || len(stack) != 0 {
		return table.Null, errXML
	}
	return table.NewBag([]string{root.name}, []table.Value{root.value()}), nil
}

var errXML = errors.New("invalid XML")

type xattr struct{ name, value string }

type xelem struct {
	name       string
	attrs      []xattr
	kids       []xkid
	selfClosed bool
}

type xkid struct {
	elem   *xelem
	text   string
	isText bool
}

func (k xkid) name() string {
	if k.isText {
		return "#text"
	}
	return k.elem.name
}

func (k xkid) value() table.Value {
	if k.isText {
		return table.NewString(k.text)
	}
	return k.elem.value()
}

// value converts an element (the part after its name) as Json.NET does.
func (e *xelem) value() table.Value {
	switch {
	case len(e.attrs) == 0 && len(e.kids) == 1 && e.kids[0].isText:
		return table.NewString(e.kids[0].text)
	case len(e.attrs) == 0 && len(e.kids) == 0:
		if e.selfClosed {
			return table.Null
		}
		return table.EmptyString
	}
	keys := make([]string, 0, len(e.attrs)+len(e.kids))
	vals := make([]table.Value, 0, len(e.attrs)+len(e.kids))
	for _, a := range e.attrs {
		keys = append(keys, a.name)
		vals = append(vals, table.NewString(a.value))
	}
	// Group children by name, in order of first appearance.
	type group struct {
		name string
		kids []xkid
	}
	var groups []*group
	byName := map[string]*group{}
	for _, k := range e.kids {
		n := k.name()
		g := byName[n]
		if g == nil {
			g = &group{name: n}
			byName[n] = g
			groups = append(groups, g)
		}
		g.kids = append(g.kids, k)
	}
	for _, g := range groups {
		var v table.Value
		if len(g.kids) == 1 {
			v = g.kids[0].value()
		} else {
			arr := make([]table.Value, len(g.kids))
			for i, k := range g.kids {
				arr[i] = k.value()
			}
			v = table.NewArray(arr)
		}
		keys = append(keys, g.name)
		vals = append(vals, v)
	}
	return table.NewBag(keys, vals)
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func isXMLSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return true
}

// normalizeAttr applies XML attribute-value normalization: literal tabs
// and line breaks become spaces (as .NET's parser does).
func normalizeAttr(s string) string {
	if !strings.ContainsAny(s, "\t\r\n") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
}
