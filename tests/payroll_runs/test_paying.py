"""SEPA pain.001 checked against the ISO 20022 schema shipped with sepaxml; payslip PDFs."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
from lxml import etree
from schwifty import IBAN
from sqlalchemy import select

from partage.core.payroll.documents import payslip_pdf, render_run
from partage.core.payroll.execute import run_payroll
from partage.core.payroll.models import PayslipRecord
from partage.core.payroll.paying import sepa_file
from partage.core.payroll.runs import approve_run
from partage.core.payroll.tenant import tenant_facts
from partage.core.payroll.pdf import SlipView, brand_of, render_batch, render_payslip
from partage.core.tenancy import bind_tenant

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"


def test_sepa_file_pays_each_member_once_and_is_schema_valid(seeded):
    with bind_tenant(seeded.tenant):
        status = run_payroll(seeded.db, "2025-03")
        with seeded.db.session() as s:
            approve_run(s, status.run_id, "advisor")
            xml = sepa_file(s, status.run_id, date(2025, 3, 28), validate=False)
            legal_name = tenant_facts(s).legal_name
            nets = dict(s.execute(select(PayslipRecord.member_id, PayslipRecord.net_to_pay)).all())
    doc = etree.fromstring(xml)
    etree.XMLSchema(etree.parse(str(XSD))).assertValid(doc)
    transfers = doc.findall(".//p:CdtTrfTxInf", NS)
    ibans = [t.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS) for t in transfers]
    paid_to = [t.findtext("p:PmtId/p:EndToEndId", namespaces=NS) for t in transfers]
    assert sorted(paid_to) == sorted(m.hex for m in nets)  # one transfer per member
    assert all(IBAN(i).validate() for i in ibans)
    amounts = sum(Decimal(t.findtext("p:Amt/p:InstdAmt", namespaces=NS)) for t in transfers)
    assert amounts == sum(nets.values()) == Decimal(doc.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS))
    # the employer pays: its legal name as initiating party and debtor, not the account's label
    assert doc.findtext(".//p:GrpHdr/p:InitgPty/p:Nm", namespaces=NS) == legal_name
    assert doc.findtext(".//p:PmtInf/p:Dbtr/p:Nm", namespaces=NS) == legal_name


def test_payslip_pdfs_on_demand_and_in_bulk(seeded, tmp_path):
    with bind_tenant(seeded.tenant):
        status = run_payroll(seeded.db, "2025-03")
        with seeded.db.session() as s:
            first = s.scalar(select(PayslipRecord.id).limit(1))
            pdf = payslip_pdf(s, first)
        assert pdf.startswith(b"%PDF-") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 1
        assert render_run(seeded.db, status.run_id, tmp_path, per_file=25) == 60
    files = sorted(tmp_path.glob("*.pdf"))
    assert len(files) == 3 and all(f.read_bytes().startswith(b"%PDF-") for f in files)


def test_branding_and_logo():
    svg = (Path(__file__).parents[2] / "tenants" / "presets" / "smart-be" / "logo.svg").read_bytes()
    import base64

    brand = brand_of("Smart Coop SC", {"primary_color": "#e5004b", "document_footer": "Gent",
                                       "logo_data_uri": "data:image/svg+xml;base64," + base64.b64encode(svg).decode()})
    view = SlipView("Lotte Peeters", "85073003328", "BE68539007547034", "2025-03", "design",
                    Decimal("3000.00"), Decimal("2100.00"), Decimal("3900.00"),
                    [["onss", "Social security", "392.10", "employee", "3000.00", "0.1307"]])
    pdf = render_payslip(brand, view)   # speed: benchmarks/test_payroll_run.py
    assert b"/XObject" in pdf and pdf.startswith(b"%PDF-")


@pytest.mark.parametrize(("language", "expected"), [
    ("fr-BE", ["Fiche de paie 2025-03 (correction 1)", "Net à payer", "2.100,00 EUR", "3.000,00",
               "Retenues du travailleur", "13,07 %"]),
    ("nl", ["Loonbrief 2025-03 (correctie 1)", "Netto te betalen", "2.100,00 EUR", "Rijksregisternummer",
            "Inhoudingen werknemer"]),
    ("de", ["Lohnabrechnung 2025-03 (Korrektur 1)", "Arbeitgeberkosten", "3.900,00 EUR"]),
    ("en", ["Payslip 2025-03 (correction 1)", "Net to pay", "2,100.00 EUR", "Employee deductions", "13.07 %"]),
    ("es", ["Payslip 2025-03 (correction 1)"]),   # no Spanish labels: English
])
def test_a_payslip_pdf_speaks_the_tenants_language(language, expected):
    """Labels in the tenant's first locale; amounts with the decimal comma and the thousands point
    used in Belgium in French, Dutch and German."""
    import io

    from pypdf import PdfReader

    view = SlipView("Lotte Peeters", "85073003328", "BE68539007547034", "2025-03", "design",
                    Decimal("3000.00"), Decimal("2100.00"), Decimal("3900.00"),
                    [["onss", "ONSS", 39210, "employee", 300000, "0.1307"]], correction=1)
    pdf = render_payslip(brand_of("Smart Coop SC", {}, language), view)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for piece in expected:
        assert piece in text, (piece, text)


@pytest.mark.parametrize(("member", "expected"), [("nl", "Loonbrief"), ("es", "Fiche de paie"), (None, "Fiche de paie")])
def test_a_members_own_language_wins_over_the_tenants(member, expected):
    """A French-speaking tenant's Dutch-speaking member reads a Dutch payslip; a language without
    labels, or none, gives the tenant's."""
    import io

    from pypdf import PdfReader

    view = SlipView("Lotte Peeters", "85073003328", "BE68539007547034", "2025-03", "design",
                    Decimal("3000.00"), Decimal("2100.00"), Decimal("3900.00"), [], language=member)
    pdfs = [render_payslip(brand_of("Smart Coop SC", {}, "fr"), view),
            render_batch(brand_of("Smart Coop SC", {}, "fr"), [view, view])]
    for pdf in pdfs:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert expected in text and "2.100,00 EUR" in text
