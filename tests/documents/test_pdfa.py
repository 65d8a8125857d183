"""Every PDF kind the product writes is PDF/A-3B (checked with pypdf, ``pdfa_check``): invoice and
credit note PDFs, their Factur-X (plus the attachment with AFRelationship and the fx metadata),
one payslip and a bulk payslip file; and the checker itself fails on a PDF that is not PDF/A."""
from __future__ import annotations

import base64
import io
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from partage.core.billing import create_credit_note
from partage.core.billing.exports import document_pdf
from partage.core.payroll.pdf import SlipView, brand_of, render_batch, render_payslip
from partage.core.tenancy import cross_tenant
from tests.billing.conftest import ACTOR, DAY, line, make_books
from tests.documents.pdfa_check import pdfa_problems

ROOT = Path(__file__).parents[2]


def _logo(slug: str = "smart-be") -> str:
    """The preset's SVG logo (it has text: the check proves it is set in an embedded font)."""
    svg = (ROOT / "tenants" / "presets" / slug / "logo.svg").read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def _branded_books(db, country: str):
    from partage.tenants.models import Tenant

    books = make_books(db, country, bank_account="BE71096123456769" if country == "be" else
                       "FR7630006000011234567890189", street="Coupure Rechts 88", postal_code="9000",
                       city="Gent", register_city="Gent")
    with cross_tenant(actor=ACTOR, reason="test branding"), db.session() as s:
        tenant = s.get(Tenant, books.tenant_id)
        tenant.branding = {"primary_color": "#0f766e", "secondary_color": "#fbbf24",
                           "logo_data_uri": _logo(), "document_footer": "Coop · Gent"}
        tenant.company_number, tenant.vat_number = ("0428759497", "BE0428759497") if country == "be" \
            else ("303265045", "FR40303265045")
    return books


@pytest.fixture(scope="module")
def documents(shared_sqlite_db) -> dict[str, bytes]:
    """name -> PDF of every billing kind, for a Belgian and a French tenant."""
    found = {}
    for country in ("be", "fr"):
        books = _branded_books(shared_sqlite_db, country)
        invoice = books.invoice([line("3", "33.33", discount_percent="10"), line("1", "10.00", "reduced")])
        with books.session() as s:
            note = create_credit_note(s, invoice.id, {"reason": "returned"}, actor=ACTOR, on=DAY)
            found[f"{country} invoice"] = document_pdf(s, "invoice", invoice.id)
            found[f"{country} credit note"] = document_pdf(s, "credit_note", note.id)
            found[f"{country} factur-x invoice"] = document_pdf(s, "invoice", invoice.id, embed_xml=True)
            found[f"{country} factur-x credit note"] = document_pdf(s, "credit_note", note.id, embed_xml=True)
    return found


def _slip(language=None, country="BE") -> SlipView:
    lines = [["onss_employee", "Employee social security", 39210, "employee", 300000, "0.1307"],
             ["taxable", "Taxable pay", 260790, "info", None, None],
             ["employer_basic", "Employer basic contribution", 75000, "employer", 300000, "0.2500"]]
    if country == "FR":
        lines = [["old_age_capped_employee", "Old-age insurance (capped)", 20700, "employee", 300000, "0.069"],
                 ["old_age_capped_employer", "Old-age insurance (capped)", 25650, "employer", 300000, "0.0855"],
                 ["csg_deductible", "CSG (deductible)", 20026, "employee", "2945.10", "0.068"],
                 ["withholding_tax", "Income tax withheld at source", 5000, "employee", 250000, "0.02"]]
    return SlipView("Lotte Peeters", "85073003328", "BE68539007547034", "2025-03", "design",
                    Decimal("3000.00"), Decimal("2100.00"), Decimal("3900.00"), lines, language=language,
                    days=5, hours=Decimal("38"), year_to_date=(Decimal("9000"), Decimal("600"), Decimal("6300")))


def test_invoice_and_credit_note_pdfs_are_pdfa_3b(documents):
    for name, pdf in documents.items():
        attachment = "factur-x.xml" if "factur-x" in name else None
        assert pdfa_problems(pdf, attachment) == [], name


def test_facturx_attachment_is_the_cii_the_validator_reads(documents):
    reader = PdfReader(io.BytesIO(documents["fr factur-x invoice"]))
    attached = reader.attachments["factur-x.xml"][0]
    assert attached.startswith(b"<?xml") and b"CrossIndustryInvoice" in attached
    assert b"<ram:ApplicableHeaderTradeDelivery />" not in attached  # never empty
    assert b"<ram:ApplicableHeaderTradeDelivery/>" not in attached


@pytest.mark.parametrize(("country", "language"), [("BE", "fr"), ("BE", "nl"), ("BE", "de"), ("BE", "en"),
                                                   ("FR", "fr")])
def test_payslip_pdfs_are_pdfa_3b(country, language):
    brand = brand_of("Smart Coop SC", {"primary_color": "#e5004b", "logo_data_uri": _logo(),
                                       "document_footer": "Gent"}, language, country=country,
                     company_number="0896.755.397", employer={"onss_number": "197200032",
                                                              "joint_committee": "200"})
    for pdf in (render_payslip(brand, _slip(country=country)),
                render_batch(brand, [_slip(country=country), _slip("nl", country)])):
        assert pdfa_problems(pdf) == []


def test_the_checker_refuses_a_plain_reportlab_pdf():
    """A PDF written without core.pdf (standard Helvetica, no OutputIntent, no XMP) fails every check."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    c = Canvas(buffer)
    c.drawString(100, 700, "Facture")
    c.showPage()
    c.save()
    problems = pdfa_problems(buffer.getvalue(), "factur-x.xml")
    assert "font /Helvetica not embedded" in problems and "font /Helvetica has no ToUnicode map" in problems
    assert "no XMP metadata stream" in problems
    assert "no GTS_PDFA1 OutputIntent" in problems
    assert "factur-x.xml is not an associated file (/AF)" in problems


def test_a_long_invoice_continues_on_more_pages(shared_sqlite_db):
    """Sixty lines with long descriptions: several numbered pages, every line printed, still PDF/A."""
    books = _branded_books(shared_sqlite_db, "be")
    lines = [line("1", "10.00") | {"description": f"Ligne {i:02d} " + "description longue " * 6}
             for i in range(60)]
    invoice = books.invoice(lines)
    with books.session() as s:
        pdf = document_pdf(s, "invoice", invoice.id)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 3 and f"Page {len(reader.pages)}/{len(reader.pages)}" in text
    assert all(f"Ligne {i:02d}" in text for i in range(60))
    assert pdfa_problems(pdf) == []
