"""The Schematron compiler on tiny schemas: ISO Schematron semantics, checked by hand."""
from __future__ import annotations

import pytest
from lxml import etree

from partage.core.einvoice import engine
from partage.core.einvoice.schematron import XSL, SchematronError, compile_schematron, source_key

HEAD = ('<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2" '
        'xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<ns prefix="o" uri="urn:orders"/><ns prefix="u" uri="urn:utils"/>'
        '<ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/>')
DOC = ('<o:order xmlns:o="urn:orders" currency="EUR"><o:item qty="2" special="yes">ab</o:item>'
       '<o:item qty="0">cd</o:item><o:note/></o:order>')


def fired(body: str, doc: str = DOC) -> list[tuple[str, str, str, str]]:
    """(id, flag, location, text) of every finding of the schema HEAD+body on doc."""
    executable = engine.compile_xslt(compile_schematron(HEAD + body + "</schema>"))
    return [(f.rule_id, f.flag, f.location, f.message) for f in engine.run(executable, engine.parse(doc))]


def ids(body: str, doc: str = DOC) -> list[str]:
    return [f[0] for f in fired(body, doc)]


def test_first_matching_rule_wins_within_a_pattern():
    body = ('<pattern><rule context="o:item[@special]"><assert id="special" test="false()">s</assert></rule>'
            '<rule context="o:item"><assert id="plain" test="false()">p</assert></rule></pattern>')
    assert ids(body) == ["special", "plain"]     # item 1 only by the first rule, item 2 by the second


def test_patterns_are_independent():
    body = ('<pattern><rule context="o:item"><assert id="a" test="false()">a</assert></rule></pattern>'
            '<pattern><rule context="o:item[@qty = 0]"><assert id="b" test="false()">b</assert></rule></pattern>')
    assert sorted(ids(body)) == ["a", "a", "b"]


def test_rules_keep_matching_below_a_fired_context():
    body = ('<pattern><rule context="o:order"><assert id="order" test="false()">o</assert></rule>'
            '<rule context="o:item"><assert id="item" test="false()">i</assert></rule></pattern>')
    assert ids(body) == ["order", "item", "item"]


def test_assert_fires_when_false_report_when_true():
    body = ('<pattern><rule context="o:item">'
            '<assert id="qty-positive" test="@qty &gt; 0" flag="fatal">qty</assert>'
            '<report id="is-special" test="@special" flag="warning">special</report></rule></pattern>')
    assert fired(body) == [
        ("is-special", "warning", "/*:order[1]/*:item[1]", "special"),
        ("qty-positive", "fatal", "/*:order[1]/*:item[2]", "qty")]


def test_let_at_schema_pattern_and_rule_level():
    body = ('<let name="currency" value="/o:order/@currency"/>'
            '<pattern><let name="limit" value="1"/>'
            '<rule context="o:item"><let name="q" value="xs:integer(@qty)"/><let name="q2" value="$q * 2"/>'
            '<assert id="limit" test="$q2 &gt; $limit">over</assert>'
            '<report id="eur" test="$currency = \'EUR\'">eur</report></rule></pattern>')
    assert ids(body) == ["eur", "limit", "eur"]


def test_value_of_and_name_in_messages():
    body = ('<pattern><rule context="o:item[@qty = 0]"><assert id="m" test="false()">'
            '<name/> has qty <value-of select="@qty"/> of <value-of select="count(../o:item)"/> '
            'under <name path=".."/></assert></rule></pattern>')
    assert fired(body)[0][3] == "o:item has qty 0 of 2 under o:order"


def test_embedded_functions_are_copied():
    body = ('<xsl:function name="u:double" as="xs:integer"><xsl:param name="v" as="xs:integer"/>'
            '<xsl:sequence select="$v * 2"/></xsl:function>'
            '<pattern><rule context="o:item"><assert id="f" test="u:double(xs:integer(@qty)) = 4">f</assert>'
            '</rule></pattern>')
    assert [f[2] for f in fired(body)] == ["/*:order[1]/*:item[2]"]


def test_attribute_contexts_and_flags_default_from_the_rule():
    body = ('<pattern><rule context="@qty" flag="warning"><assert id="a" test=". != \'0\'">zero</assert>'
            '</rule><rule context="o:note"><assert id="empty" test="normalize-space()">empty</assert></rule>'
            '</pattern>')
    assert [(f[0], f[1], f[2]) for f in fired(body)] == [
        ("a", "warning", "/*:order[1]/*:item[2]/@qty"), ("empty", "fatal", "/*:order[1]/*:note[1]")]


@pytest.mark.parametrize("schema, error", [
    ('<schema xmlns="http://purl.oclc.org/dsdl/schematron"><pattern/></schema>', "queryBinding"),
    (HEAD + '<include href="x.sch"/></schema>', "include"),
    (HEAD + '<pattern abstract="true" id="p"/></schema>', "abstract"),
    (HEAD + '<pattern><rule><assert test="1">x</assert></rule></pattern></schema>', "context"),
    ('<schema/>', "ISO Schematron"),
    ('<schema', "well-formed"),
])
def test_unsupported_or_broken_schemas_are_refused(schema, error):
    with pytest.raises(SchematronError, match=error):
        compile_schematron(schema)


def test_output_is_an_xslt2_stylesheet_and_the_key_tracks_the_source():
    sheet = etree.fromstring(compile_schematron(HEAD + "<pattern/></schema>"))
    assert sheet.tag == f"{{{XSL}}}stylesheet" and sheet.get("version") == "2.0"
    assert source_key(b"<a/>") != source_key(b"<b/>") and len(source_key(b"<a/>")) == 32
