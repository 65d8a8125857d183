"""Dated parameters: values and dates published in the reference (france.md §1-§4)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from partage.plugins.fr.payroll.rates import SIMPLE, build_rates

D = Decimal


@pytest.mark.parametrize("day", [date(2024, 1, 1), date(2024, 8, 1), date(2025, 3, 1), date(2025, 6, 1),
                                 date(2026, 1, 1), date(2026, 7, 1)])
def test_every_period_resolves(tree, day):
    rates = build_rates(tree.at_date(day))
    assert set(SIMPLE) <= set(rates.values)
    assert all(rates.references[name] for name in SIMPLE)


@pytest.mark.parametrize("name, day, value", [
    ("payroll.ceiling.pmss", date(2025, 12, 1), "3925"),
    ("payroll.ceiling.pmss", date(2026, 1, 1), "4005"),
    ("payroll.smic.hourly", date(2026, 5, 31), "12.02"),
    ("payroll.smic.hourly", date(2026, 6, 1), "12.31"),
    ("payroll.reductions.rgdu.smic_hourly_reference", date(2026, 12, 1), "12.02"),
    ("payroll.contributions.social_security.old_age_uncapped_employer", date(2025, 12, 1), "0.0202"),
    ("payroll.contributions.social_security.old_age_uncapped_employer", date(2026, 1, 1), "0.0211"),
    ("payroll.contributions.unemployment.employer", date(2025, 4, 30), "0.0405"),
    ("payroll.contributions.unemployment.employer", date(2025, 5, 1), "0.04"),
    ("payroll.contributions.unemployment.ags", date(2026, 1, 1), "0.0025"),
    ("payroll.reductions.reduced_rates.health_smic_multiple", date(2025, 1, 1), "2.25"),
    ("payroll.reductions.reduced_rates.family_smic_multiple", date(2024, 6, 1), "3.5"),
    ("payroll.reductions.rgdu.power", date(2026, 1, 1), "1.75"),
])
def test_published_values(tree, name, day, value):
    assert tree.at(name, day) == D(value)


def test_scheme_and_bandeaux_switch_in_2026(tree):
    assert tree.at("payroll.reductions.scheme", date(2025, 12, 31)) == "fillon"
    assert tree.at("payroll.reductions.scheme", date(2026, 1, 1)) == "rgdu"
    assert tree.at("payroll.reductions.reduced_rates.applies", date(2025, 12, 31)) is True
    assert tree.at("payroll.reductions.reduced_rates.applies", date(2026, 1, 1)) is False


@pytest.mark.parametrize("headcount, t_delta, fillon_t", [(49, "0.3781", "0.3193"), (50, "0.3821", "0.3233")])
def test_headcount_scales(tree, headcount, t_delta, fillon_t):
    rgdu = tree.at("payroll.reductions.rgdu.t_delta", date(2026, 1, 1))
    fillon = tree.at("payroll.reductions.fillon.t_max", date(2025, 6, 1))
    assert rgdu.single_amount(D(headcount)) == D(t_delta)
    assert fillon.single_amount(D(headcount)) == D(fillon_t)


@pytest.mark.parametrize("day, base, rate", [
    (date(2026, 1, 1), "1634.99", "0"), (date(2026, 1, 1), "1635", "0.005"), (date(2026, 1, 1), "2460.27", "0.053"),
    (date(2026, 1, 1), "55558", "0.43"), (date(2025, 6, 1), "1620", "0.005"), (date(2025, 6, 1), "55061.99", "0.38"),
])
def test_neutral_grid_metropolitan(tree, day, base, rate):
    assert tree.at("payroll.withholding.metropolitan", day).rate_for(D(base)) == D(rate)
