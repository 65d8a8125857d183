"""XML helpers shared by XML declarations: building, XSD validation (the official schemas are packaged
with each country plugin, ``plugins/<cc>/resources``)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Union

from lxml import etree

Child = Union["etree._Element", None]


def leaf(tag: str, value: object) -> Child:
    """``<tag>value</tag>``, or None when value is None (optional element left out)."""
    if value is None:
        return None
    element = etree.Element(tag)
    element.text = str(value)
    return element


def node(tag: str, *children: Child | Iterable[Child], **attributes: str) -> "etree._Element":
    """An element with the given children in order; None children are skipped, iterables flattened."""
    element = etree.Element(tag, **attributes)
    for child in children:
        if child is None:
            continue
        if isinstance(child, etree._Element):
            element.append(child)
        else:
            element.extend(c for c in child if c is not None)
    return element


def to_bytes(root: "etree._Element") -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@lru_cache(maxsize=8)
def load_schema(path: Path) -> "etree.XMLSchema":
    return etree.XMLSchema(etree.parse(str(path)))


def xsd_problems(content: bytes, path: Path) -> list[str]:
    """Every XSD error of ``content`` (line: message); an empty list means it validates."""
    schema = load_schema(path)
    try:
        document = etree.fromstring(content)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def xsd_enumeration(path: Path, element: str) -> tuple[str, ...]:
    """The enumerated values of a global simple element of an XSD (to test our data against it)."""
    ns = {"xs": "http://www.w3.org/2001/XMLSchema"}
    tree = etree.parse(str(path))
    values = tree.xpath(f"/xs:schema/xs:element[@name='{element}']//xs:enumeration/@value", namespaces=ns)
    return tuple(str(v) for v in values)
