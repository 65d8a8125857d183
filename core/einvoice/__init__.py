"""E-invoice conformance: XSD, EN 16931, Peppol BIS Billing 3.0 and Factur-X profile rules.

``validate(xml_bytes_or_path, peppol=False) -> Report``. Schematron sources are compiled to XSLT 2 by
our own compiler (``core.einvoice.schematron``) and run with Saxon; stylesheets are cached.
"""
from partage.core.einvoice.engine import ProcessingError
from partage.core.einvoice.paths import ArtifactsMissing
from partage.core.einvoice.report import Finding, Layer, Report
from partage.core.einvoice.validator import validate

__all__ = ["ArtifactsMissing", "Finding", "Layer", "ProcessingError", "Report", "validate"]
