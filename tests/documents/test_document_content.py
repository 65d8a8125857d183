"""What the documents say, read back from the PDFs with pypdf: the EPC QR payload (EPC069-12 v3.0
section 3.4), numbers written the language's way (CLDR), the French payslip's legal wording
(arrêté du 25 février 2016: "Net à payer avant impôt sur le revenu", "Montant net social"; the NIR),
bases printed as amounts, tenant colours kept only where WCAG AA contrast passes."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from partage.core.billing.epc import payload
from partage.core.payroll.pdf import SlipView, brand_of, render_payslip
from partage.core.pdf import number
from partage.core.pdf.graphics import contrast, readable


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_epc_payload_follows_the_guidelines():
    text = payload(name="Smart Coop SC", iban="BE71 0961 2345 6769", amount=Decimal("402.93"),
                   bic="GKCCBEBB", remittance="+++260/0000/00170+++")
    # service tag, version 002, UTF-8 (1), SCT, BIC, name, IBAN, EUR amount, purpose, structured, text
    assert text.split("\n") == ["BCD", "002", "1", "SCT", "GKCCBEBB", "Smart Coop SC", "BE71096123456769",
                                "EUR402.93", "", "", "+++260/0000/00170+++"]
    assert payload(name="X", iban="", amount=Decimal("1")) is None           # no account: no code
    assert payload(name="X", iban="BE71096123456769", amount=Decimal("0")) is None
    assert payload(name="X", iban="BE71096123456769", amount=Decimal("1000000000.00")) is None  # max 999999999.99
    referenced = payload(name="X", iban="FR7630006000011234567890189", amount=Decimal("10"),
                         creditor_reference="RF18539007547034")
    assert referenced.split("\n")[-1] == "RF18539007547034"  # the structured reference, no text after


@pytest.mark.parametrize(("language", "country", "expected"), [
    ("en", "BE", "1,234,567.50"), ("nl", "BE", "1.234.567,50"), ("de", "BE", "1.234.567,50"),
    ("fr", "BE", "1.234.567,50"), ("fr", "FR", "1\u202f234\u202f567,50"),  # CLDR fr: narrow no-break space
])
def test_numbers_are_written_the_languages_way(language, country, expected):
    assert number(Decimal("1234567.5"), language, country=country) == expected


def test_colours_are_kept_only_where_contrast_passes_aa():
    # WCAG 2.1 examples: black on white 21:1, #777777 on white 4.48:1 (fails 4.5 by a hair)
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert readable("#777777") != "#777777" and readable("#767676") == "#767676"
    assert readable("#fbbf24") != "#fbbf24"                 # amber body text on white: refused
    assert readable("#fbbf24", large=True) != "#fbbf24"     # 1.7:1 fails even for large text
    assert readable("#0f766e") == "#0f766e"                 # teal 5.5:1: kept


def _french_slip(language="fr") -> bytes:
    lines = [["old_age_capped_employee", "Old-age insurance (capped)", 6448, "employee", 93450, "0.069"],
             ["old_age_capped_employer", "Old-age insurance (capped)", 7990, "employer", 93450, "0.0855"],
             ["csg_deductible", "CSG (deductible)", 23489, "employee", "3454.244025", "0.068"],
             ["withholding_tax", "Income tax withheld at source", 21818, "employee", 290904, "0.075"]]
    slip = SlipView("Karim Petit", "169030835507334", "FR7630006000011234567890189", "2026-11", "Graphiste",
                    Decimal("3515.77"), Decimal("3187.62"), Decimal("5046.30"), lines, language=language,
                    net=Decimal("3209.44"), withholding=Decimal("218.18"))
    brand = brand_of("Smart France SCIC SA", {}, "fr", country="FR", company_number="732 829 320",
                     employer={"nic": "00074", "urssaf_id": "78861779300013", "naf": "7022Z"})
    return render_payslip(brand, slip)


def test_the_french_payslip_has_the_legal_wording():
    text = _text(_french_slip())
    for piece in ("Bulletin de paie 2026-11", "N° de sécurité sociale (NIR)", "RETRAITE",
                  "Sécurité sociale plafonnée", "Net à payer avant impôt sur le revenu", "Montant net social",
                  "Impôt sur le revenu prélevé à la source", "SIRET 73282932000074", "URSSAF 78861779300013"):
        assert piece in text, (piece, text)
    assert "Numéro national" not in text
    assert "3\u202f454,24" in text and "3454,244025" not in text  # a base is an amount: two decimals
    assert "6,9 %" in text and "8,55 %" in text                    # employee and employer rates, one row


def test_a_belgian_payslip_names_the_employer_and_the_work():
    slip = SlipView("Lotte Peeters", "85073003328", "BE68539007547034", "2025-03", "Graphic design",
                    Decimal("3000.00"), Decimal("2100.00"), Decimal("3900.00"),
                    [["onss_employee", "Employee social security", 39210, "employee", 300000, "0.1307"]],
                    language="nl", days=5, hours=Decimal("38"))
    brand = brand_of("Smart Coop SC", {}, "fr", country="BE", company_number="0896.755.397",
                     employer={"onss_number": "197200032", "joint_committee": "200"})
    text = _text(render_payslip(brand, slip))
    for piece in ("RSZ-nummer 197200032", "Paritair comité 200", "Ondernemingsnummer 0896.755.397",
                  "Persoonlijke RSZ-bijdragen", "5 dagen / 38,00 uren", "13,07 %"):
        assert piece in text, (piece, text)
    assert "Employee social security" not in text  # the line label in the payslip's language
