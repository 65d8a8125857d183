"""The XML Schema layer: UBL 2.1 (Invoice, CreditNote), CII D16B (uncoupled clm) and Factur-X profiles."""
from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from lxml import etree

from partage.core.einvoice.engine import ProcessingError
from partage.core.einvoice.report import Finding

_LOCK = threading.Lock()


@lru_cache(maxsize=None)
def schema(xsd_path: Path) -> etree.XMLSchema:
    """A parsed XML Schema (imports resolved from the file system, no network)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    try:
        return etree.XMLSchema(etree.parse(str(xsd_path), parser))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as exc:
        raise ProcessingError(f"cannot load XML Schema {xsd_path.name}: {exc}") from exc


def check(xsd_path: Path, document: etree._ElementTree) -> list[Finding]:
    """Schema errors of a parsed document, one finding per libxml2 error."""
    xml_schema = schema(xsd_path)
    with _LOCK:   # an XMLSchema object keeps its error log: one validation at a time
        xml_schema.validate(document)
        log = list(xml_schema.error_log)
    return [Finding(rule_id=f"XSD-{entry.type_name}", flag="fatal",
                    message=f"line {entry.line}: {entry.message}",
                    location=entry.path or f"line {entry.line}") for entry in log]
