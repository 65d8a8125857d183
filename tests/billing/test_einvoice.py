"""Every UBL document we produce passes the official rules with no fatal finding: XSD, EN 16931
(CEN 1.3.16) and, for Belgian B2B, Peppol BIS Billing 3.0.19 with its bundled CEN rules
(``core.einvoice.validate``, the e-invoice validator). At least ten scenarios per country."""
from __future__ import annotations

import pytest

from partage.core.billing import create_client, create_credit_note
from partage.core.billing.exports import credit_note_xml, invoice_ubl, invoice_xml
from partage.core.tenancy import cross_tenant
from tests.billing.conftest import ACTOR, DAY, line, make_books

einvoice = pytest.importorskip("partage.core.einvoice")
SELLER = {"be": ("0428759497", "BE0428759497"), "fr": ("303265045", "FR40303265045")}
FOREIGN = {"kind": "business", "name": "Kunde GmbH", "country": "DE", "vat_number": "DE136695976",
           "street": "Hauptstr. 1", "city": "Berlin", "postal_code": "10115"}
PEPPOL_CUSTOMIZATION = b"urn:fdc:peppol.eu:2017:poacc:billing:3.0"
CONSUMER = {"kind": "consumer", "name": "Jo Doe", "country": "US", "email": "jo@example.com"}


@pytest.fixture(scope="module")
def validator():
    return einvoice.validate


def _books(db, country, **settings):
    books = make_books(db, country, bank_account="BE71096123456769", **settings)
    from partage.tenants.models import Tenant

    with cross_tenant(actor=ACTOR, reason="test seller numbers"), db.session() as s:
        tenant = s.get(Tenant, books.tenant_id)
        tenant.company_number, tenant.vat_number = SELLER[country]
    return books


def _client(books, data):
    with books.session() as s:
        return create_client(s, data, actor=ACTOR).id


def _documents(books, country, fmt: str) -> dict[str, bytes]:
    """name -> UBL or CII of an issued invoice or credit note."""
    domestic_vat = {"be": "BE0403019261", "fr": "FR44732829320"}[country]
    number = {"be": "0403019261", "fr": "732829320"}[country]
    vat_client = _client(books, {"kind": "business", "name": "Domestic SA", "country": country.upper(),
                                 "company_number": number, "vat_number": domestic_vat})
    rates = ("intermediate", "reduced") if country == "be" else ("reduced", "super_reduced")
    scenarios = {
        "several rates": ([line("1", "100.00"), line("2", "12.50", rates[0]),
                           line("3", "33.33", rates[1])], None),
        "discounts": ([line("3", "33.33", discount_percent="10"),
                       line("1.5", "80.00", rates[1], discount_percent="2.5")], None),
        "reverse charge": ([line("10", "45.00", "reverse_charge")], vat_client),
        "foreign client intra-EU": ([line("1", "1200.00", "intra_community")], _client(books, FOREIGN)),
        "export to a consumer": ([line("2", "99.90", "export")], _client(books, CONSUMER)),
        "domestic consumer": ([line("1", "59.99")], books.consumer_id),
        "exempt": ([line("4", "60.00", "exempt")], None),
    }
    if country == "be":
        scenarios["zero rate"] = ([line("12", "2.50", "zero")], None)
    docs, invoices = {}, {}
    for name, (lines, client) in scenarios.items():
        invoice = books.invoice(lines, client_id=client)
        invoices[name] = invoice
        with books.session() as s:
            docs[name] = invoice_xml(s, invoice.id, fmt)
    with books.session() as s:
        full = create_credit_note(s, invoices["several rates"].id, {"reason": "order cancelled"},
                                  actor=ACTOR, on=DAY)
        part = create_credit_note(s, invoices["discounts"].id, {"reason": "one returned", "lines": [
            line("1", "33.33", discount_percent="10")]}, actor=ACTOR, on=DAY)
        docs["full credit note"], docs["partial credit note"] = credit_note_xml(s, full.id, fmt), \
            credit_note_xml(s, part.id, fmt)
    return docs


def _franchise(db, country, fmt) -> bytes:
    books = _books(db, country, vat_franchise=True)
    invoice = books.invoice([{"description": "Cours", "quantity": "2", "unit_price": "45.00"}])
    with books.session() as s:
        return invoice_xml(s, invoice.id, fmt)


@pytest.mark.parametrize(("country", "fmt"), [("be", "ubl"), ("fr", "ubl"), ("fr", "cii")])
def test_ten_scenarios_pass_the_official_rules(shared_sqlite_db, validator, country, fmt):
    books = _books(shared_sqlite_db, country)
    docs = _documents(books, country, fmt)
    docs["franchise"] = _franchise(shared_sqlite_db, country, fmt)
    assert len(docs) >= 10
    failures, peppol_docs = {}, set()
    for name, xml in docs.items():
        # a Peppol BIS document passes the Peppol rules, every other one the EN 16931 rules
        is_peppol = PEPPOL_CUSTOMIZATION in xml
        peppol_docs |= {name} if is_peppol else set()
        report = validator(xml, peppol=is_peppol)
        if not report.valid:
            failures[name] = [f"{f.rule_id}: {f.message}" for f in report.fatal]
        assert b"unknown@invalid" not in xml  # never a made-up electronic address
    assert failures == {}
    # B2C is outside Peppol (belgium.md 3); Belgian businesses are addressed by 0208 by default,
    # French and German clients have no participant identifier here
    assert not any("consumer" in name for name in peppol_docs)
    if fmt == "ubl" and country == "be":
        assert {"several rates", "reverse charge", "full credit note"} <= peppol_docs
        assert "foreign client intra-EU" not in peppol_docs
    else:
        assert peppol_docs == set()


def test_belgian_invoice_addresses_parties_by_enterprise_number(shared_sqlite_db):
    books = _books(shared_sqlite_db, "be")
    invoice = books.invoice([line()])
    with books.session() as s:
        xml = invoice_ubl(s, invoice.id).decode()
    assert '<cbc:EndpointID schemeID="0208">0428759497</cbc:EndpointID>' in xml
    assert '<cbc:EndpointID schemeID="0208">0403019261</cbc:EndpointID>' in xml
    assert f"<cbc:PaymentID>{invoice.payment_reference}</cbc:PaymentID>" in xml


def test_facturx_invoice_and_credit_note_pass_the_profile_rules(shared_sqlite_db, validator):
    from pypdf import PdfReader

    from partage.core.billing.exports import document_pdf
    from partage.tenants.models import Tenant

    books = _books(shared_sqlite_db, "fr")
    with cross_tenant(actor=ACTOR, reason="test branding"), shared_sqlite_db.session() as s:
        s.get(Tenant, books.tenant_id).branding = {"primary_color": "#e5004b",
                                                    "document_footer": "Coop SCIC · 1 rue X, Lyon"}
    invoice = books.invoice([line("3", "33.33", discount_percent="10"), line("1", "10.00", "reduced")])
    with books.session() as s:
        note = create_credit_note(s, invoice.id, {"reason": "returned"}, actor=ACTOR, on=DAY)
        pdfs = [document_pdf(s, "invoice", invoice.id, embed_xml=True),
                document_pdf(s, "credit_note", note.id, embed_xml=True)]
    for pdf in pdfs:
        report = validator(pdf)
        assert report.valid and report.layer("facturx") is not None
        text = PdfReader(__import__("io").BytesIO(pdf)).pages[0].extract_text()
        assert "Illustration" in text and "Coop SCIC" in text  # activity name, tenant footer
