"""Intermittents du spectacle and artists: the subset the reference supports (france.md §7)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from partage.plugins.fr.payroll import PayrollInputError
from partage.plugins.fr.payroll.payslip import compute_payslip
from tests.fr_payroll.helpers import JAN_2026, slip_input

D = Decimal


def slip(rates_at, **kw):
    return compute_payslip(slip_input("3000.00", **kw), rates_at(JAN_2026))


def amount(payslip, code):
    return next(item.amount for item in payslip.lines if item.code == code)


@pytest.mark.parametrize("kind", ["technician", "artist"])
def test_intermittent_unemployment(rates_at, kind):
    payslip = slip(rates_at, entertainment=kind)
    assert amount(payslip, "unemployment_intermittent_employee") == D("72.00")   # 2.40 %
    assert amount(payslip, "unemployment_employer") + amount(payslip, "unemployment_intermittent_employer") \
        == D("270.00")  # 4.00 % + 5 % = 9.00 %


def test_short_cdd_usage_surcharge(rates_at):
    assert amount(slip(rates_at, entertainment="technician", short_cdd_usage=True),
                  "unemployment_short_cdd_usage") == D("15.00")  # + 0.50 %
    with pytest.raises(PayrollInputError, match="short_cdd_usage"):
        slip_input("3000.00", short_cdd_usage=True)


def test_artist_rates_are_70_percent(rates_at):
    payslip = slip(rates_at, entertainment="artist")
    assert amount(payslip, "old_age_capped_employee") == D("144.90")  # 70 % x 6.90 % x 3000
    assert amount(payslip, "health_employer") == D("273.00")  # 70 % x 13 %
    assert amount(payslip, "family_employer") == D("110.25")  # 70 % x 5.25 %
    assert payslip.totals["general_reduction"] == D("0")  # not cumulated with the reduced rates (modele-social)


def test_unknown_entertainment_kind():
    with pytest.raises(PayrollInputError, match="entertainment"):
        slip_input("3000.00", entertainment="clown")
