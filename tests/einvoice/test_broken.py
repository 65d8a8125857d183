"""Broken copies of an official Peppol example fail with the official rule ids.

Each copy is made here from ``peppol/examples/base-example.xml`` with lxml (one edit each); the
expected ids are the ones the EN 16931 / Peppol rules and the UBL XSD define for that defect.
"""
from __future__ import annotations

import pytest
from lxml import etree

from partage.core.einvoice import validate

NS = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
      "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"}


@pytest.fixture(scope="module")
def example(shared) -> bytes:
    return (shared / "peppol/examples/base-example.xml").read_bytes()


def edit(xml: bytes, change) -> bytes:
    tree = etree.fromstring(xml)
    change(tree)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def one(tree, path: str):
    found = tree.xpath(path, namespaces=NS)
    assert found, path
    return found[0]


def wrong_total(tree) -> None:
    one(tree, "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount").text = "1700.00"


def no_buyer_name(tree) -> None:
    name = one(tree, "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName")
    name.getparent().remove(name)


def unknown_line_vat_category(tree) -> None:
    one(tree, "cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID").text = "XX"


def standard_rate_zero_on_a_line(tree) -> None:
    one(tree, "cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent").text = "0"


def no_buyer_reference(tree) -> None:
    for el in tree.xpath("cbc:BuyerReference | cac:OrderReference", namespaces=NS):
        tree.remove(el)


def issue_date_before_id(tree) -> None:
    issue_date = one(tree, "cbc:IssueDate")
    one(tree, "cbc:ID").addprevious(issue_date)


@pytest.mark.parametrize("change, layer, rule_id", [
    (wrong_total, "en16931", "BR-CO-15"),
    (no_buyer_name, "en16931", "BR-07"),
    (unknown_line_vat_category, "en16931", "BR-CL-18"),
    (standard_rate_zero_on_a_line, "en16931", "BR-S-05"),
    (no_buyer_reference, "peppol", "PEPPOL-EN16931-R003"),
    (issue_date_before_id, "xsd", "XSD-SCHEMAV_ELEMENT_CONTENT"),
], ids=lambda v: v.__name__ if callable(v) else None)
def test_broken_copy_fails_with_the_rule(example, compiled, change, layer, rule_id):
    assert validate(example, peppol=True).valid       # the untouched example is valid
    report = validate(edit(example, change), peppol=True)
    assert not report.valid
    hits = [f for f in report.layer(layer).findings if f.rule_id == rule_id]
    assert hits and all(f.flag == "fatal" for f in hits)
    assert all(f.location.startswith("/") for f in hits)


def test_element_order_error_names_the_element(example, compiled):
    report = validate(edit(example, issue_date_before_id))
    (finding,) = report.layer("xsd").findings
    assert "ID" in finding.message and "not expected" in finding.message
    assert report.layer("en16931").findings == []      # the business rules do not care about order


def test_wrong_total_is_located_on_the_document_root(example, compiled):
    report = validate(edit(example, wrong_total))
    (finding,) = [f for f in report.findings if f.rule_id == "BR-CO-15"]
    assert finding.location == "/*:Invoice[1]"      # BR-CO-15's rule context is the document element
    assert "BT-112" in finding.message
