"""Belgian VAT return: each VAT category billing produces lands in the grid the form names.

The grid wording is the official one of the Intervat schema (NewTVA-in_v0_9.xsd, GridNumberCode,
copied in ../shared/schemas/be/intervat/GridNumberCode-from-NewTVA-in_v0_9.csv); every file is
validated against the official XSD. Amounts are hand-worked.
"""
from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date, datetime

import pytest
from lxml import etree

from partage.core.declarations import InvalidDeclarationInput, Period
from partage.core.declarations.sources import InvoiceVat, VatLine
from partage.core.declarations.xml import xsd_problems
from tests.corpora import corpus
from partage.plugins.be.declarations.vat import VatPeriod, VatReturnDeclaration, reconcile_vat, xsd
from partage.plugins.be.declarations.vat_xml import NS

MARCH = Period.parse("2026-03")
ON = date(2026, 3, 12)


def wording() -> dict[str, str]:
    path = corpus("schemas", "be", "intervat", "GridNumberCode-from-NewTVA-in_v0_9.csv")
    with path.open(encoding="utf-8") as f:
        return {row["grid"]: row["doc_fr"] for row in csv.DictReader(f)}


@pytest.fixture
def be_vat(be_tree):
    return VatReturnDeclaration(be_tree)


def one(code: str, base: int, vat: int = 0, country: str = "BE", operation: str = "services",
        credit_note: bool = False) -> InvoiceVat:
    return InvoiceVat("2026-00001", ON, (VatLine(code, base, vat),), credit_note, country, operation)


def grids(generated) -> dict[str, str]:
    root = etree.fromstring(generated.content)
    return {a.get("GridNumber"): a.text for a in root.iter(f"{{{NS}}}Amount")}


# (invoice, grid of its base, words of the official grid wording that say why)
CATEGORIES = [
    pytest.param(one("standard", 100000, 21000), "03", "au taux de 21%", id="domestic-21"),
    pytest.param(one("intermediate", 100000, 12000), "02", "au taux de 12%", id="domestic-12"),
    pytest.param(one("reduced", 100000, 6000), "01", "au taux de 6%", id="domestic-6"),
    pytest.param(one("zero", 100000), "00", "régime particulier", id="zero-rate"),
    pytest.param(one("exempt", 100000), "47", "autres opérations exemptées", id="exempt"),
    pytest.param(one("intra_community", 100000, country="DE", operation="goods"), "46",
                 "livraisons intracommunautaires exemptées", id="intra-eu-goods"),
    pytest.param(one("intra_community", 100000, country="NL", operation="services"), "44",
                 "services pour lesquels la T.V.A. étrangère est due par le cocontractant", id="intra-eu-services"),
    pytest.param(one("reverse_charge", 100000, country="DE", operation="services"), "44",
                 "services pour lesquels la T.V.A. étrangère est due par le cocontractant",
                 id="eu-b2b-service-reverse-charge"),
    pytest.param(one("export", 100000, country="US", operation="goods"), "47", "autres opérations exemptées",
                 id="export"),
    pytest.param(one("reverse_charge", 100000, country="US", operation="services"), "47",
                 "opérations effectuées à l'étranger", id="service-outside-eu"),
    pytest.param(one("reverse_charge", 100000), "45", "T.V.A. est due par le cocontractant",
                 id="domestic-reverse-charge"),
    pytest.param(one("reverse_charge", 100000, country="DE", credit_note=True), "48", "grilles 44 et 46",
                 id="credit-note-of-44"),
    pytest.param(one("intra_community", 100000, country="FR", operation="goods", credit_note=True), "48",
                 "grilles 44 et 46", id="credit-note-of-46"),
    pytest.param(one("standard", 100000, 21000, credit_note=True), "49", "autres opérations du cadre II",
                 id="credit-note-domestic"),
    pytest.param(one("reverse_charge", 100000, credit_note=True), "49", "autres opérations du cadre II",
                 id="credit-note-of-45"),
    pytest.param(one("export", 100000, country="CH", credit_note=True), "49", "autres opérations du cadre II",
                 id="credit-note-of-47"),
]


@pytest.mark.parametrize("invoice, grid, words", CATEGORIES)
def test_each_category_lands_in_the_grid_the_form_names(be_vat, employer, invoice, grid, words):
    assert words in wording()[grid]
    generated = be_vat.generate(VatPeriod(employer, MARCH, (invoice,), datetime(2026, 4, 2)))
    found = grids(generated)
    assert found[grid] == "1000.00"
    sales = {"00", "01", "02", "03", "44", "45", "46", "47", "48", "49"}
    assert [g for g in found if g in sales] == [grid]            # nowhere else
    vat = invoice.lines[0].vat
    if vat:                                                     # 54 on sales, 64 on credit notes
        assert found["64" if invoice.credit_note else "54"] == f"{vat // 100}.00"
    assert xsd_problems(generated.content, xsd()) == [] and be_vat.check(generated) == []
    assert reconcile_vat(generated, (invoice,)).ok


def test_a_month_of_every_category_adds_up(be_vat, employer):
    """Hand-worked: 54 = 210 + 24 + 6 = 240; 64 = 21; 71 = 240 - 21 = 219."""
    invoices = (one("standard", 100000, 21000), one("intermediate", 20000, 2400), one("reduced", 10000, 600),
                one("reverse_charge", 50000, country="DE"), one("intra_community", 30000, country="DE", operation="goods"),
                one("reverse_charge", 40000), one("export", 5000, country="US", operation="goods"),
                one("standard", 10000, 2100, credit_note=True), one("reverse_charge", 7000, country="DE", credit_note=True))
    found = grids(be_vat.generate(VatPeriod(employer, MARCH, invoices, datetime(2026, 4, 2))))
    assert found == {"01": "100.00", "02": "200.00", "03": "1000.00", "44": "500.00", "45": "400.00",
                     "46": "300.00", "47": "50.00", "48": "70.00", "49": "100.00", "54": "240.00",
                     "64": "21.00", "71": "219.00"}


def test_an_intra_eu_mixed_invoice_is_refused_naming_it(be_vat, employer):
    invoice = one("reverse_charge", 100000, country="DE", operation="mixed")
    with pytest.raises(InvalidDeclarationInput) as caught:
        be_vat.generate(VatPeriod(employer, MARCH, (invoice,), datetime(2026, 4, 2)))
    assert "invoices[0].operation" in {e.field for e in caught.value.errors}


def test_intra_community_to_a_belgian_client_has_no_grid(be_vat, employer):
    with pytest.raises(InvalidDeclarationInput, match=r"invoices\[0\]\.lines\[0\]\.vat_code"):
        be_vat.generate(VatPeriod(employer, MARCH, (one("intra_community", 100),), datetime(2026, 4, 2)))


@pytest.mark.parametrize("periodicity, period", [("month", "2026-Q1"), ("quarter", "2026-03")])
def test_one_periodicity_per_tenant(be_vat, employer, periodicity, period):
    data = VatPeriod(employer, Period.parse(period), (), datetime(2026, 4, 2), periodicity=periodicity)
    with pytest.raises(InvalidDeclarationInput, match="period"):
        be_vat.generate(data)


def test_declarant_block_has_address_and_contact(be_vat, employer):
    declarant = replace(employer, email="tva@example.org", phone="+32 2 542 10 80")
    generated = be_vat.generate(VatPeriod(declarant, MARCH, (one("standard", 100, 21),), datetime(2026, 4, 2)))
    root = etree.fromstring(generated.content)
    block = {e.tag.split("}")[1]: e.text for e in root.find(f".//{{{NS}}}Declarant")}
    assert block == {"VATNumber": "0403019261", "Name": "Smart BE", "Street": "Rue Coenraets 72",
                     "PostCode": "1060", "City": "Saint-Gilles", "CountryCode": "BE",
                     "EmailAddress": "tva@example.org", "Phone": "+32 2 542 10 80"}
    assert generated.content.startswith(b"<?xml version='1.0' encoding='ISO-8859-1'?>")
    assert xsd_problems(generated.content, xsd()) == []


def test_the_shipped_schema_is_the_official_one():
    shipped = xsd().read_bytes()
    assert shipped == corpus("schemas", "be", "intervat", "NewTVA-in_v0_9.xsd").read_bytes()
    assert (xsd().parent / "PROVENANCE.md").exists()
