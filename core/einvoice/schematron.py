"""A small ISO Schematron to XSLT 2 compiler.

Scope: flat schemas (no abstract patterns, ``extends`` or ``include``) with ``queryBinding="xslt2"``:
``ns`` declarations, ``let`` (schema, pattern and rule level), ``pattern``/``rule``/``assert``/``report``
with ``id`` and ``flag``, ``value-of`` and ``name`` in messages, and embedded ``xsl:function`` /
``xsl:key`` elements copied verbatim. The stylesheet emits SVRL (``failed-assert`` and
``successful-report`` with ``id``, ``flag``, ``location`` and ``text``).

Schematron semantics kept: within one pattern a node is handled by the FIRST rule (document order)
whose context matches it. Each pattern becomes an XSLT mode; its rules become templates whose
priorities decrease in document order, and a low-priority fallback walks on through the document.
Schema and pattern ``let``s are global variables (evaluated on the document root); rule ``let``s are
local to the rule's template, in order.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from lxml import etree

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
SVRL = "http://purl.oclc.org/dsdl/svrl"
XS = "http://www.w3.org/2001/XMLSchema"
PSCH = "urn:partage:schematron"
COMPILER_VERSION = "1"
_UNSUPPORTED = ("include", "extends", "diagnostics", "properties")


class SchematronError(ValueError):
    """The Schematron source cannot be compiled (unsupported construct, bad attribute)."""


def _s(name: str) -> str:
    return f"{{{SCH}}}{name}"


def _x(name: str) -> str:
    return f"{{{XSL}}}{name}"


def source_key(sch: bytes) -> str:
    """Cache key of a Schematron source: its hash plus this compiler's version."""
    return hashlib.sha256(COMPILER_VERSION.encode() + b"\0" + sch).hexdigest()[:32]


def compile_schematron(source: bytes | str | Path) -> str:
    """Compile Schematron (bytes, text or a file path) to the text of an XSLT 2 stylesheet."""
    if isinstance(source, Path):
        source = source.read_bytes()
    if isinstance(source, str):
        source = source.encode()
    try:
        schema = etree.fromstring(source, etree.XMLParser(remove_comments=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise SchematronError(f"not well-formed XML: {exc}") from exc
    _check(schema)
    return str(etree.tostring(_stylesheet(schema), encoding="unicode", pretty_print=True))


def _check(schema: etree._Element) -> None:
    if schema.tag != _s("schema"):
        raise SchematronError(f"root element is {schema.tag}, expected ISO Schematron <schema>")
    binding = schema.get("queryBinding", "xslt")
    if binding.lower() not in ("xslt2", "xslt3", "xpath2", "xpath3", "xpath31"):
        raise SchematronError(f"queryBinding {binding!r} is not supported (xslt2 expected)")
    for name in _UNSUPPORTED:
        if schema.find(f".//{_s(name)}") is not None:
            raise SchematronError(f"<{name}> is not supported (flat Schematron only)")
    for el in schema.iter(_s("pattern"), _s("rule")):
        if el.get("abstract") == "true" or el.get("is-a"):
            raise SchematronError("abstract patterns and rules are not supported")
    for rule in schema.iter(_s("rule")):
        if not rule.get("context"):
            raise SchematronError("a <rule> has no context attribute")


def _namespaces(schema: etree._Element) -> dict[str, str]:
    nsmap = {p: u for p, u in schema.nsmap.items() if p and u != SCH}
    for ns in schema.findall(_s("ns")):
        prefix, uri = ns.get("prefix"), ns.get("uri")
        if not prefix or uri is None:
            raise SchematronError("<ns> needs prefix and uri")
        nsmap[prefix] = uri
    nsmap.update({"xsl": XSL, "svrl": SVRL, "xs": XS, "psch": PSCH})
    return nsmap


def _stylesheet(schema: etree._Element) -> etree._Element:
    nsmap = _namespaces(schema)
    sheet = etree.Element(_x("stylesheet"), nsmap=nsmap, version="2.0")
    sheet.set("exclude-result-prefixes", "#all")
    etree.SubElement(sheet, _x("output"), method="xml", indent="no")
    for child in schema:
        if child.tag in (_x("function"), _x("key")):
            sheet.append(_copy(child))
    for let in [*schema.findall(_s("let")), *schema.findall(f"{_s('pattern')}/{_s('let')}")]:
        sheet.append(_variable(let))
    _path_functions(sheet)
    patterns = schema.findall(_s("pattern"))
    _root_template(sheet, schema, patterns)
    for index, pattern in enumerate(patterns):
        _pattern_templates(sheet, pattern, f"P{index}")
    return sheet


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element, with_tail=False))


def _variable(let: etree._Element) -> etree._Element:
    name = let.get("name")
    if not name:
        raise SchematronError("<let> needs a name")
    var = etree.Element(_x("variable"), name=name)
    if let.get("value") is not None:
        var.set("select", let.get("value"))
    else:
        for child in let:
            var.append(_copy(child))
        var.text = let.text
    return var


def _path_functions(sheet: etree._Element) -> None:
    """psch:path($node): an XPath locating the node, e.g. /*:Invoice[1]/*:ID[1] or .../@currencyID."""
    path = etree.SubElement(sheet, _x("function"), name="psch:path", **{"as": "xs:string"})
    etree.SubElement(path, _x("param"), name="node", **{"as": "node()"})
    etree.SubElement(path, _x("sequence"), select=(
        "if ($node instance of document-node()) then '/' else string-join("
        "for $a in $node/ancestor-or-self::node()[not(self::document-node())] return psch:step($a), '')"))
    step = etree.SubElement(sheet, _x("function"), name="psch:step", **{"as": "xs:string"})
    etree.SubElement(step, _x("param"), name="n", **{"as": "node()"})
    etree.SubElement(step, _x("sequence"), select=(
        "if ($n instance of attribute()) then concat('/@', name($n))"
        " else if ($n instance of element()) then concat('/*:', local-name($n), '[',"
        " count($n/preceding-sibling::*[node-name(.) eq node-name($n)]) + 1, ']')"
        " else concat('/node()[', count($n/preceding-sibling::node()) + 1, ']')"))


def _root_template(sheet: etree._Element, schema: etree._Element, patterns: list[etree._Element]) -> None:
    root = etree.SubElement(sheet, _x("template"), match="/")
    out = etree.SubElement(root, f"{{{SVRL}}}schematron-output")
    title = schema.find(_s("title"))
    if title is not None and title.text:
        out.set("title", " ".join(title.text.split()))
    for index, pattern in enumerate(patterns):
        active = etree.SubElement(out, f"{{{SVRL}}}active-pattern")
        active.set("id", pattern.get("id") or f"P{index}")
        etree.SubElement(out, _x("apply-templates"), select="/", mode=f"P{index}")


def _pattern_templates(sheet: etree._Element, pattern: etree._Element, mode: str) -> None:
    rules = pattern.findall(_s("rule"))
    for position, rule in enumerate(rules):
        priority = str(1000 + len(rules) - position)
        template = etree.SubElement(sheet, _x("template"), match=rule.get("context"),
                                    priority=priority, mode=mode)
        for let in rule.findall(_s("let")):
            template.append(_variable(let))
        for check in rule:
            if check.tag in (_s("assert"), _s("report")):
                template.append(_check_instruction(check, rule))
        etree.SubElement(template, _x("apply-templates"), select="@*|*", mode=mode)
    fallback = etree.SubElement(sheet, _x("template"), match="/|@*|node()", priority="-2", mode=mode)
    etree.SubElement(fallback, _x("apply-templates"), select="@*|*", mode=mode)


def _check_instruction(check: etree._Element, rule: etree._Element) -> etree._Element:
    test = check.get("test")
    if not test:
        raise SchematronError(f"<{etree.QName(check).localname}> {check.get('id', '')} has no test")
    is_assert = check.tag == _s("assert")
    instruction = etree.Element(_x("if"), test=f"not({test})" if is_assert else test)
    result = etree.SubElement(instruction, f"{{{SVRL}}}{'failed-assert' if is_assert else 'successful-report'}")
    for name, value in (("id", check.get("id")), ("test", test), ("role", check.get("role"))):
        if value:
            etree.SubElement(result, _x("attribute"), name=name).text = value
    flag = check.get("flag") or rule.get("flag") or check.get("role") or rule.get("role") or "fatal"
    etree.SubElement(result, _x("attribute"), name="flag").text = flag
    etree.SubElement(result, _x("attribute"), name="location", select="psch:path(.)")
    text = etree.SubElement(result, f"{{{SVRL}}}text")
    _message(check, text)
    return instruction


def _message(source: etree._Element, target: etree._Element) -> None:
    """Copy a message's mixed content: text, value-of, name; emph/dir/span keep their text."""
    _text(target, source.text)
    for child in source:
        if child.tag == _s("value-of"):
            etree.SubElement(target, _x("value-of"), select=child.get("select", "."))
        elif child.tag == _s("name"):
            etree.SubElement(target, _x("value-of"), select=f"name({child.get('path', '.')})")
        elif isinstance(child.tag, str):
            _message(child, target)
        _text(target, child.tail)


def _text(target: etree._Element, text: str | None) -> None:
    if text:
        etree.SubElement(target, _x("text")).text = text
