"""VAT returns: Belgian Intervat grids and French CA3 boxes equal the invoices of the period."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest
from lxml import etree

from partage.core.declarations import InvalidDeclarationInput, Period
from partage.core.declarations.sources import InvoiceVat, VatLine
from partage.plugins.be.declarations.vat import VatPeriod, VatReturnDeclaration, reconcile_vat
from partage.plugins.be.declarations.vat_xml import NS
from partage.plugins.fr.declarations.ca3 import Ca3Declaration, Ca3Period, reconcile_ca3

BE_INVOICES = (
    InvoiceVat("2025-0001", date(2025, 1, 10), (VatLine("standard", 100000, 21000), VatLine("reduced", 5000, 300))),
    InvoiceVat("2025-0002", date(2025, 2, 3), (VatLine("intermediate", 20000, 2400),)),
    InvoiceVat("2025-0003", date(2025, 2, 18), (VatLine("reverse_charge", 40000, 0), VatLine("intra_community", 7000, 0)),
               client_country="DE"),
    InvoiceVat("2025-0004", date(2025, 3, 31), (VatLine("standard", 10000, 2100),), credit_note=True),
)


@pytest.fixture
def be_vat(be_tree):
    return VatReturnDeclaration(be_tree)


def be_period(employer, **changes):
    base = VatPeriod(employer, Period.parse("2025-Q1"), BE_INVOICES, datetime(2025, 4, 10), 60000, 12600, "quarter")
    return replace(base, **changes)


def grids(generated) -> dict[str, str]:
    root = etree.fromstring(generated.content)
    return {a.get("GridNumber"): a.text for a in root.iter(f"{{{NS}}}Amount")}


def test_belgian_return_grids(be_vat, employer):
    generated = be_vat.generate(be_period(employer))
    found = grids(generated)
    # rates 6/12/21 % feed grids 01/02/03; VAT due in 54; credit notes in 49/64; balance 71 (belgium.md 2.4)
    assert found["01"] == "50.00" and found["02"] == "200.00" and found["03"] == "1000.00"
    assert found["54"] == "237.00" and found["49"] == "100.00" and found["64"] == "21.00"
    assert found["71"] == "90.00" and "72" not in found           # 237 - 126 - 21
    assert "00" not in found                                       # zero grids are omitted
    assert be_vat.check(generated) == []
    assert reconcile_vat(generated, BE_INVOICES).ok


def test_belgian_refund_goes_to_grid_72(be_vat, employer):
    generated = be_vat.generate(be_period(employer, deductible_vat=30000, purchases=100000))
    found = grids(generated)
    assert found["72"] == "84.00" and "71" not in found   # 237 - 300 - 21
    assert b'Restitution="YES"' in generated.content


@pytest.mark.parametrize("changes, field", [
    ({"invoices": (InvoiceVat("X", date(2025, 4, 1), (VatLine("standard", 100, 21),)),)}, "invoices[0].issued"),
    ({"invoices": (InvoiceVat("X", date(2025, 1, 1), (VatLine("franchise", 100, 0),)),)}, "invoices[0].lines[0].vat_code"),
    ({"invoices": (InvoiceVat("X", date(2025, 1, 1), (VatLine("standard", 100, 100000),)),)}, "invoices"),  # 54 inconsistent
    ({"deductible_vat": 50000, "purchases": 1000}, "invoices"),                                           # 59 > 50 % of 81
])
def test_belgian_consistency_errors(be_vat, employer, changes, field):
    with pytest.raises(InvalidDeclarationInput) as exc:
        be_vat.generate(be_period(employer, **changes))
    assert field in {e.field for e in exc.value.errors}


def test_checker_catches_an_edited_grid(be_vat, employer, be_tree):
    generated = be_vat.generate(be_period(employer))
    edited = replace(generated, content=generated.content.replace(b'"71">90.00', b'"71">91.00'))
    assert any("71/72" in p for p in be_vat.check(edited))
    assert not reconcile_vat(replace(generated, content=generated.content.replace(b'"03">1000.00', b'"03">1000.01')),
                             BE_INVOICES).ok
    assert be_tree.at("billing.vat.standard", date(2025, 1, 1)) == Decimal("0.21")


FR_INVOICES = (
    InvoiceVat("F-1", date(2026, 1, 5), (VatLine("standard", 100000, 20000), VatLine("reduced", 20000, 1100))),
    InvoiceVat("F-2", date(2026, 1, 9), (VatLine("intermediate", 30000, 3000), VatLine("super_reduced", 10000, 210))),
    InvoiceVat("F-3", date(2026, 1, 12), (VatLine("export", 50000, 0), VatLine("intra_community", 8000, 0))),
    InvoiceVat("A-1", date(2026, 1, 30), (VatLine("standard", 5000, 1000),), credit_note=True),
)


def test_ca3_boxes(fr_tree):
    ca3 = Ca3Declaration(fr_tree)
    data = Ca3Period("732829320", Period.parse("2026-01"), FR_INVOICES, datetime(2026, 2, 12), 0, 4000, 1000)
    generated = ca3.generate(data)
    import json
    doc = json.loads(generated.content)
    ops, totals = doc["operations"], doc["totals"]
    # 20 % -> 08, 5.5 % -> 09, 10 % -> 9B, 2.1 % continental -> T6, exports E1, intra-EU F2 (france.md 8)
    assert ops["08"] == {"base": "950.00", "tax": "190.00"} and ops["09"]["tax"] == "11.00"
    assert ops["9B"]["base"] == "300.00" and ops["T6"]["tax"] == "2.10"
    assert ops["E1"]["base"] == "500.00" and ops["F2"]["base"] == "80.00"
    assert totals["16"] == "233.10" and totals["23"] == "50.00" and totals["28"] == "183.10" and totals["25"] == "0.00"
    assert ca3.check(generated) == [] and reconcile_ca3(generated, FR_INVOICES).ok


def test_ca3_credit(fr_tree):
    data = Ca3Period("732829320", Period.parse("2026-01"), FR_INVOICES[:1], datetime(2026, 2, 12), 0, 30000)
    import json
    totals = json.loads(Ca3Declaration(fr_tree).generate(data).content)["totals"]
    assert totals["25"] == "89.00" and totals["28"] == "0.00"


def test_ca3_refuses_invoices_of_another_period(fr_tree):
    data = Ca3Period("732829320", Period.parse("2026-02"), FR_INVOICES, datetime(2026, 3, 12))
    with pytest.raises(InvalidDeclarationInput, match="invoices\\[0\\].issued"):
        Ca3Declaration(fr_tree).generate(data)


def test_monthly_return_names_the_month(be_vat, employer):
    invoices = BE_INVOICES[:2]
    generated = be_vat.generate(be_period(employer, period=Period.parse("2025-02"), invoices=invoices[1:],
                                          periodicity="month"))
    root = etree.fromstring(generated.content)
    assert root.find(f".//{{{NS}}}Period/{{{NS}}}Month").text == "2"
    assert root.find(f".//{{{NS}}}Period/{{{NS}}}Year").text == "2025"
    assert reconcile_vat(generated, invoices[1:]).ok
