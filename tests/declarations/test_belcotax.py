"""Belcotax 281.10 fiches in the 325.10 summary: one fiche per worker, control totals, reconciliation."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from lxml import etree

from partage.core.declarations import InvalidDeclarationInput
from partage.plugins.be.declarations.belcotax import BelcotaxDeclaration, BelcotaxYear, YearPayslip, reconcile_belcotax
from partage.plugins.be.declarations.inputs import Worker
from tests.declarations.conftest import BIS, NISS_1985


def slips() -> tuple[YearPayslip, ...]:
    one, two = Worker(NISS_1985, "Dupont", "Marie"), Worker(BIS, "Peeters", "Jan")
    return (YearPayslip(one, "Rue A 1", "1000", date(2025, 2, 1), 160834, 25012, 1860, 12000, date(2025, 2, 3),
                        city="Bruxelles", civil_status="2", children=2),
            YearPayslip(one, "Rue A 1", "1000", date(2025, 5, 1), 90000, 10000, 0, 0, None, date(2025, 5, 30),
                        city="Bruxelles", civil_status="2", children=2),
            YearPayslip(two, "Straat 2", "9000", date(2025, 11, 1), 45000, 0, 0, city="Gent", language="nl"))


def year(employer, **changes) -> BelcotaxYear:
    sender = replace(employer, email="paie@example.org", phone="025421080")
    return replace(BelcotaxYear(sender, 2025, slips(), datetime(2026, 2, 10, 9, 0), "Paie"), **changes)


def test_one_fiche_per_worker_inside_the_325_10(employer):
    generated = BelcotaxDeclaration().generate(year(employer))
    root = etree.fromstring(generated.content)
    fiches = root.findall("Verzending/Aangiften/Aangifte/Opgaven/Opgave32510/Fiche28110")
    assert len(fiches) == 2 and [f.findtext("f2008_typefiche") for f in fiches] == ["28110", "28110"]
    dupont = next(f for f in fiches if f.findtext("f2011_nationaalnr") == NISS_1985)
    assert dupont.findtext("f10_2060_gewonebezoldiginge") == "250834"      # integer euro-cents
    assert dupont.findtext("f10_2055_datumvanindienstt") == "03-02-2025"
    assert dupont.findtext("f10_2056_datumvanvertrek") == "30-05-2025"
    assert BelcotaxDeclaration().check(generated) == []
    assert reconcile_belcotax(generated, slips()).ok


def test_edited_amount_breaks_the_control_totals(employer):
    generated = BelcotaxDeclaration().generate(year(employer))
    edited = replace(generated, content=generated.content.replace(b">250834<", b">250835<"))
    assert any("f10_2059" in p for p in BelcotaxDeclaration().check(edited))
    assert not reconcile_belcotax(edited, slips()).ok


@pytest.mark.parametrize("changes, field", [
    ({"open_runs": ("2025-12",)}, "open_runs"),
    ({"payslips": (replace(slips()[0], worker=Worker("", "X")),)}, "payslips[0].worker.niss"),
    ({"payslips": (replace(slips()[0], month=date(2024, 12, 1)),)}, "payslips[0].month"),
    ({"payslips": (replace(slips()[0], withholding_tax=-5),)}, "payslips[0].withholding_tax"),
])
def test_bad_year(employer, changes, field):
    with pytest.raises(InvalidDeclarationInput) as exc:
        BelcotaxDeclaration().generate(year(employer, **changes))
    assert field in {e.field for e in exc.value.errors}


def test_the_file_validates_against_the_official_xsd_with_every_zone(employer):
    from partage.plugins.be.declarations.belcotax import xsd
    from partage.core.declarations.xml import xsd_problems

    generated = BelcotaxDeclaration().generate(year(employer))
    assert xsd_problems(generated.content, xsd()) == []
    dupont = next(f for f in etree.fromstring(generated.content).iter("Fiche28110")
                  if f.findtext("f2011_nationaalnr") == NISS_1985)
    zones = {z.tag: z.text for z in dupont}
    # municipality, residence 0 = Belgium, civil status 2 = married, 2 children, language 2 = French (XSD docs)
    assert (zones["f2017_gemeente"], zones["f2018_landwoonplaats"], zones["f2019_burgerlijkstand"],
            zones["f2021_aantalkinderen"], zones["f2027_taalcode"]) == ("Bruxelles", "0", "2", "2", "2")
    assert {f"f10_20{n}" for n in (31, 35, 36, 37, 38, 39, 40, 41, 42, 45)} <= {z[:8] for z in zones}
    assert zones["f10_2040_individualconvention"] == "1"           # « 1 = pas d'application »
    # hand-worked: 2.60 = 1608.34 + 900.00; 2.62 = 9 a); 2.74 = 250.12 + 100.00; 2.75 = 18.60
    assert zones["f10_2060_gewonebezoldiginge"] == zones["f10_2062_totaal"] == "250834"
    assert zones["f10_2059_totaalcontrole"] == str(250834 + 250834 + 35012 + 1860)   # 2.60..2.88, 2.62 included
    assert BelcotaxDeclaration().check(generated) == []


def test_a_fiche_without_the_beneficiary_address_is_named(employer):
    with pytest.raises(InvalidDeclarationInput) as exc:
        BelcotaxDeclaration().generate(year(employer, payslips=(replace(slips()[0], city=""),)))
    assert "payslips[0].city" in {e.field for e in exc.value.errors}


def test_the_shipped_belcotax_schema_is_the_official_one():
    from tests.corpora import corpus
    from partage.plugins.be.declarations.belcotax import xsd

    assert xsd().read_bytes() == corpus("schemas", "be", "belcotax", "Belcotax-2024.xsd").read_bytes()
    assert (xsd().parent / "PROVENANCE.md").exists()
