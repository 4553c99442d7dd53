package dynfn

import (
	"strings"
	"testing"

	"reconwatch/internal/table"
)

func TestParseXML(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// The doc's conversion table.
		{`<e/>`, `{"e":null}`},
		{`<e>text</e>`, `{"e":"text"}`},
		{`<e name="value" />`, `{"e":{"@name":"value"}}`},
		{`<e name="value">text</e>`, `{"e":{"@name":"value","#text":"text"}}`},
		{`<e> <a>text</a> <b>text</b> </e>`, `{"e":{"a":"text","b":"text"}}`},
		{`<e> <a>text</a> <a>text</a> </e>`, `{"e":{"a":["text","text"]}}`},
		{`<e>text<a>text</a></e>`, `{"e":{"#text":"text","a":"text"}}`},
		// Text is kept as written (Json.NET); the doc table trims it.
		{`<e> text <a>text</a> </e>`, `{"e":{"#text":" text ","a":"text"}}`},
		// Empty element written with an end tag is "" (Json.NET).
		{`<e></e>`, `{"e":""}`},
		{`<e>  </e>`, `{"e":""}`},
		// The doc's example document: values stay strings.
		{`<?xml version="1.0" encoding="UTF-8"?>
<duration>
    <value>118.0</value>
    <count>5.0</count>
    <min>100.0</min>
</duration>`, `{"duration":{"value":"118.0","count":"5.0","min":"100.0"}}`},
		// Entities, CDATA, comments, namespaces.
		{`<a x="1 &amp; 2">&lt;b&gt; &#65;&#x42;</a>`, `{"a":{"@x":"1 & 2","#text":"<b> AB"}}`},
		{`<a><![CDATA[<raw>]]></a>`, `{"a":"<raw>"}`},
		{`<a>x<![CDATA[y]]>z</a>`, `{"a":"xyz"}`},
		{`<a>x<!-- c -->y</a>`, `{"a":{"#text":["x","y"]}}`},
		{`<!-- lead --><a><!-- only a comment --></a>`, `{"a":""}`},
		{`<x:a xmlns:x="urn:x"><x:b>1</x:b></x:a>`, `{"x:a":{"@xmlns:x":"urn:x","x:b":"1"}}`},
		{"<a b=\"1\n2\"/>", `{"a":{"@b":"1 2"}}`},
		{"\ufeff<a/>", `{"a":null}`},
		{`<a><b/><b>1</b><c/><b x="y"/></a>`, `{"a":{"b":[null,"1",{"@x":"y"}],"c":null}}`},
		{`<?xml version="1.0" encoding="utf-16"?><a>1</a>`, `{"a":"1"}`},
		{`<!DOCTYPE a><a>1</a>`, `{"a":"1"}`},
	} {
		got, err := ParseXML(c.in)
		if err != nil {
			t.Errorf("ParseXML(%q): %v", c.in, err)
			continue
		}
		if s := string(table.AppendJSON(nil, got)); s != c.want {
			t.Errorf("ParseXML(%q) = %s, want %s", c.in, s, c.want)
		}
	}
	for _, bad := range []string{
		``, `text`, `<a>`, `<a></b>`, `<a/><b/>`, `<a/>text`, `text<a/>`, `<a x="1" x="2"/>`,
		`<a x=1/>`, `<a>&nbsp;</a>`, `<a><b></a></b>`, `</a>`, `<a>` + "\x01" + `</a>`,
		`<?xml version="1.1"?><a/>`,
	} {
		if v, err := ParseXML(bad); err == nil {
			t.Errorf("ParseXML(%q) = %s, want an error", bad, table.AppendJSON(nil, v))
		}
	}
	if _, err := ParseXML("<a>" + strings.Repeat("x", MaxXMLLen) + "</a>"); err == nil {
		t.Errorf("ParseXML accepted more than MaxXMLLen")
	}
	if _, err := ParseXML(strings.Repeat("<a>", 600) + strings.Repeat("</a>", 600)); err == nil {
		t.Errorf("ParseXML accepted nesting past the depth limit")
	}
	if _, err := ParseXML(strings.Repeat("<a>", 500) + strings.Repeat("</a>", 500)); err != nil {
		t.Errorf("ParseXML rejected 500 levels: %v", err)
	}
}

// TestParseXMLWindowsEvent checks the shape Sentinel rules rely on:
// parse_xml(EventData).DataItem.EventData.Data is an array of
// {"@Name": ..., "#text": ...} bags.
func TestParseXMLWindowsEvent(t *testing.T) {
	doc := `<DataItem type="System.XmlData" time="2021-01-01T00:00:00.0000000Z" sourceHealthServiceId="x">
  <EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
    <Data Name="SubjectUserSid">S-1-5-18</Data>
    <Data Name="SubjectUserName">HOST$</Data>
    <Data Name="TargetUserName"></Data>
    <Data Name="Empty" />
  </EventData>
</DataItem>`
	v := call(t, "parse_xml", S(doc))
	ed := Member(Member(v, "DataItem"), "EventData")
	want(t, "xmlns", Member(ed, "@xmlns"), S("http://schemas.microsoft.com/win/2004/08/events/event"))
	data := Member(ed, "Data")
	want(t, "Data[0]", IndexValue(data, L(0)), dj(t, `{"@Name":"SubjectUserSid","#text":"S-1-5-18"}`))
	want(t, "Data[1].#text", Member(IndexValue(data, L(1)), "#text"), S("HOST$"))
	want(t, "Data[2]", IndexValue(data, L(2)), dj(t, `{"@Name":"TargetUserName"}`))
	want(t, "Data[3]", IndexValue(data, L(3)), dj(t, `{"@Name":"Empty"}`))
	want(t, "@type", Member(Member(v, "DataItem"), "@type"), S("System.XmlData"))
	// Invalid XML gives null; so does null.
	want(t, "invalid", call(t, "parse_xml", S("<a>")), N)
	want(t, "null", callDyn(t, "parse_xml", N), N)
}
