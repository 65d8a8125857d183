"""From a computed payslip (the country-neutral `Payslip`) to a valid, reconciled DmfA."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from partage.core.declarations import InvalidDeclarationInput, Period
from partage.core.declarations.xml import xsd_problems
from partage.core.payroll.types import Payslip, PayslipLine, Side
from partage.plugins.be.declarations.dmfa import DmfaDeclaration
from partage.plugins.be.declarations.dmfa_inputs import DmfaQuarter, Occupation
from partage.plugins.be.declarations.dmfa_reconcile import reconcile_dmfa
from partage.plugins.be.declarations.from_payslip import DmfaCodes, dmfa_payslip
from partage.plugins.be.declarations.inputs import Worker
from tests.declarations.conftest import NISS_1985, NISS_2017


def payslip(month: int, gross: str, employee: str, employer: str, bonus: str = "0") -> Payslip:
    totals = {"gross": Decimal(gross), "employee_social_security": Decimal(employee),
              "employer_social_security": Decimal(employer), "social_work_bonus": Decimal(bonus)}
    line = PayslipLine("onss_employee", "Employee social security", Decimal(employee), Side.EMPLOYEE, Decimal(gross))
    return Payslip(date(2025, month, 1), Decimal(gross), Decimal(0), Decimal(0), Decimal(0), Decimal(employer),
                   Decimal(gross) + Decimal(employer), (line,), totals)


def test_payslips_make_a_valid_reconciled_dmfa(be_tree, employer, dmfa_xsd):
    codes = DmfaCodes.from_tree(be_tree, date(2025, 3, 31))
    occupation = Occupation("200", date(2025, 1, 1), None, 5, 1, 3800, 1900)
    slips = [dmfa_payslip(payslip(m, "1850.00", "241.80", "462.50", "120.12"), f"p{m}", Worker(NISS_1985), "495",
                          codes, occupation=occupation, days=10, hours=7600) for m in (1, 2, 3)]
    slips.append(dmfa_payslip(payslip(2, "300.00", "8.13", "16.26"), "s1", Worker(NISS_2017), "840", codes,
                              hours=24, student=True))
    generated = DmfaDeclaration(be_tree).generate(DmfaQuarter(employer, Period.parse("2025-Q1"), tuple(slips),
                                                              datetime(2025, 4, 20, 8, 0)))
    assert xsd_problems(generated.content, dmfa_xsd) == []
    assert reconcile_dmfa(generated, slips).ok
    assert generated.summary["remuneration_cents"] == 3 * 185000 + 30000
    assert b"<RemunCode>1</RemunCode>" in generated.content and b"<DeductionCode>0001</DeductionCode>" in generated.content


def test_a_payslip_without_its_lines_is_refused(be_tree):
    bare = Payslip(date(2025, 1, 1), Decimal(1), Decimal(1), Decimal(0), Decimal(1), Decimal(0), Decimal(1))
    with pytest.raises(InvalidDeclarationInput, match="payslip.totals.employee_social_security"):
        dmfa_payslip(bare, "p", Worker(NISS_1985), "495", DmfaCodes("1", "1", "0"))


def test_a_stored_payslip_without_totals_maps_from_its_lines(be_tree):
    lines = (PayslipLine("onss_employee", "", Decimal("241.80"), Side.EMPLOYEE, Decimal("1850.00")),
             PayslipLine("work_bonus_a", "", Decimal("-100.00"), Side.EMPLOYEE),
             PayslipLine("work_bonus_b", "", Decimal("-20.12"), Side.EMPLOYEE))
    stored = Payslip(date(2025, 1, 1), Decimal("1850.00"), Decimal(0), Decimal(0), Decimal(0), Decimal("462.50"),
                     Decimal("2312.50"), lines)
    slip = dmfa_payslip(stored, "p", Worker(NISS_1985), "495", DmfaCodes("1", "1", "0"), occupation=Occupation(),
                        days=5, hours=3800)
    assert slip.remuneration_cents() == 185000 and slip.contribution_cents() == 24180 + 46250
    assert slip.work_bonus == 12012 and slip.contributions[0].basis == 185000


def test_payslips_make_belcotax_fiches(employer):
    from partage.plugins.be.declarations.belcotax import BelcotaxDeclaration, BelcotaxYear, reconcile_belcotax
    from partage.plugins.be.declarations.from_payslip import year_payslip

    def slip(month, taxable, tax, csss, bonus):
        p = payslip(month, "2000.00", "261.40", "500.00", bonus)
        totals = {**p.totals, "taxable": Decimal(taxable), "withholding_tax": Decimal(tax),
                  "special_social_security": Decimal(csss)}
        return Payslip(p.period, p.gross, p.net, p.withholding_tax, p.net_to_pay, p.employer_contributions,
                       p.employer_cost, p.lines, totals)

    worker = Worker(NISS_1985, "Dupont", "Marie")
    slips = tuple(year_payslip(slip(m, "1858.72", "312.45", "9.30", "120.12"), worker, "Rue A 1", "1000",
                               city="Bruxelles") for m in (1, 2))
    from dataclasses import replace
    sender = replace(employer, email="paie@example.org", phone="025421080")
    generated = BelcotaxDeclaration().generate(BelcotaxYear(sender, 2025, slips, datetime(2026, 2, 1), "Paie"))
    assert b"<f10_2060_gewonebezoldiginge>371744<" in generated.content       # 2 x 1858.72 in cents
    assert BelcotaxDeclaration().check(generated) == [] and reconcile_belcotax(generated, slips).ok
