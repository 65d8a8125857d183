"""Invariants of every payslip (hypothesis): totals agree with lines, cost grows with the gross."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from partage.core.payroll.types import Side
from partage.plugins.fr.payroll.payslip import compute_payslip
from tests.fr_payroll.helpers import slip_input

D = Decimal
CENT = D("0.01")
PERIODS = [date(2024, 3, 1), date(2024, 9, 1), date(2025, 3, 1), date(2025, 6, 1), date(2026, 1, 1), date(2026, 7, 1)]


@settings(max_examples=150, deadline=None)
@given(cents=st.integers(min_value=0, max_value=4_000_000), period=st.sampled_from(PERIODS),
       headcount=st.sampled_from([3, 20, 60]), cadre=st.booleans(),
       ratio=st.sampled_from([D(1), D("0.5")]), days=st.sampled_from([None, 10]))
def test_payslip_invariants(rates_at, cents, period, headcount, cadre, ratio, days):
    gross = str(D(cents) * CENT)
    kw = dict(headcount=headcount, cadre=cadre, work_time_ratio=ratio, employment_days=days)
    slip = compute_payslip(slip_input(gross, period, **kw), rates_at(period))
    t = slip.totals
    employee = sum(l.amount for l in slip.lines if l.side is Side.EMPLOYEE and l.code.endswith("_employee"))
    assert t["employee_contributions"] == employee
    printed_net = t["gross"] - employee - t["csg_deductible"] - t["csg_non_deductible"] - t["crds"]
    assert t["net"] == printed_net  # the printed lines add up to the printed net (docs/countries/fr.md)
    employer = sum(l.amount for l in slip.lines if l.side is Side.EMPLOYER and l.code != "general_reduction")
    assert t["employer_contributions_before_reduction"] == employer  # and to the employer total
    assert t["net_taxable"] == t["gross"] - employee - t["csg_deductible"]  # the printed deductible lines
    assert slip.net_to_pay == t["net"] - t["withholding_tax"]
    assert t["employer_contributions"] == t["employer_contributions_before_reduction"] - t["general_reduction"]
    assert slip.employer_cost == t["gross"] + t["employer_contributions"]
    assert 0 <= t["general_reduction_coefficient"] < 1 and t["employer_contributions"] >= 0
    following = compute_payslip(slip_input(str(D(gross) + CENT), period, **kw), rates_at(period))
    assert following.employer_cost >= slip.employer_cost  # budget-first relies on this
