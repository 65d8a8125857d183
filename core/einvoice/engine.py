"""Run compiled Schematron with Saxon (saxonche): compile once, cache on disk and in memory."""
from __future__ import annotations

import os
import re
import tempfile
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from partage.core.einvoice.paths import cache_dir
from partage.core.einvoice.report import Finding
from partage.core.einvoice.schematron import SVRL, compile_schematron, source_key

_BRACKET_ID = re.compile(r"\[([A-Za-z0-9_.-]+)\]")
_LOCK = threading.RLock()   # one Saxon processor per process; calls into it are serialised


class ProcessingError(RuntimeError):
    """The validator itself failed (bad stylesheet, unreadable document), not the invoice."""


class RulesRuntimeError(ProcessingError):
    """The rules raised a dynamic XPath error on this document (e.g. a cardinality the XSD forbids)."""


@lru_cache(maxsize=1)
def processor() -> Any:
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


def stylesheet_text(sch_path: Path) -> str:
    """The XSLT compiled from a .sch file, read from the cache or compiled and stored there."""
    source = sch_path.read_bytes()
    cached = cache_dir() / f"{sch_path.stem}-{source_key(source)}.xsl"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    text = compile_schematron(source)
    _store(cached, text)
    return text


def _store(path: Path, text: str) -> None:
    """Atomic write; a read-only location just means no disk cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError:
        pass


@lru_cache(maxsize=None)
def schematron_executable(sch_path: Path) -> Any:
    """A Saxon executable for a .sch file (compiled once per process)."""
    return compile_xslt(stylesheet_text(sch_path), base=sch_path)


@lru_cache(maxsize=None)
def xslt_file_executable(xsl_path: Path) -> Any:
    """A Saxon executable for a ready XSLT file (its relative document() calls resolve beside it)."""
    with _LOCK:
        try:
            return processor().new_xslt30_processor().compile_stylesheet(stylesheet_file=str(xsl_path))
        except Exception as exc:  # saxonche raises PySaxonApiError
            raise ProcessingError(f"cannot compile {xsl_path.name}: {exc}") from exc


def compile_xslt(text: str, base: Path | None = None) -> Any:
    with _LOCK:
        xslt = processor().new_xslt30_processor()
        if base is not None:
            xslt.set_cwd(str(base.parent))
        try:
            return xslt.compile_stylesheet(stylesheet_text=text)
        except Exception as exc:
            raise ProcessingError(f"cannot compile stylesheet{f' for {base.name}' if base else ''}: {exc}") from exc


def parse(xml_text: str) -> Any:
    """A Saxon document node from XML text (without an encoding declaration)."""
    with _LOCK:
        try:
            return processor().parse_xml(xml_text=xml_text)
        except Exception as exc:
            raise ProcessingError(f"Saxon cannot parse the document: {exc}") from exc


def run(executable: Any, node: Any) -> list[Finding]:
    """Apply a compiled stylesheet producing SVRL to a parsed document; return its findings."""
    with _LOCK:
        try:
            svrl = executable.transform_to_string(xdm_node=node)
        except Exception as exc:
            raise RulesRuntimeError(" ".join(str(exc).split())) from exc
    if not svrl:
        raise ProcessingError("Schematron run produced no output")
    return svrl_findings(svrl.encode("utf-8"))


def svrl_findings(svrl: bytes) -> list[Finding]:
    """Findings from SVRL: every failed-assert and successful-report.

    Asserts without an ``id`` (the Factur-X profile structure checks) take the ``[ID]`` their message
    starts with, if any, else ``UNNAMED``.
    """
    root = etree.fromstring(svrl)
    findings = []
    for el in root.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        text_el = el.find(f"{{{SVRL}}}text")
        message = " ".join("".join(text_el.itertext()).split()) if text_el is not None else ""
        bracket = _BRACKET_ID.match(message)
        rule_id = el.get("id") or (bracket.group(1) if bracket else "UNNAMED")
        findings.append(Finding(rule_id=rule_id, flag=el.get("flag") or "fatal", message=message,
                                location=el.get("location") or ""))
    return findings
