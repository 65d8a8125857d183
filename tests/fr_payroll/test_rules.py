"""Rules checked against facts of the law (reference france.md), not against our own output."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from partage.plugins.fr.payroll.payslip import compute_payslip
from tests.fr_payroll.helpers import slip_input

D = Decimal
JUNE_2025, JULY_2026 = date(2025, 6, 1), date(2026, 7, 1)


def slip(rates_at, gross, period=date(2026, 1, 1), **kw):
    return compute_payslip(slip_input(gross, period, **kw), rates_at(period))


def line(payslip, code):
    return next(item for item in payslip.lines if item.code == code)


def codes(payslip):
    return {item.code for item in payslip.lines}


def test_rgdu_keeps_the_january_smic_after_the_june_revaluation(rates_at):
    # Décret 2026-509: 12.02 € kept for the RGDU all year -> same coefficient as in January (0.3147)
    assert slip(rates_at, "2000.00", JULY_2026).totals["general_reduction_coefficient"] == D("0.3147")


@pytest.mark.parametrize("headcount, t_max", [(20, "0.3981"), (60, "0.4021")])
def test_rgdu_is_capped_at_tmin_plus_tdelta(rates_at, headcount, t_max):
    assert slip(rates_at, "1823.03", headcount=headcount).totals["general_reduction_coefficient"] == D(t_max)
    assert slip(rates_at, "1500.00", headcount=headcount).totals["general_reduction_coefficient"] == D(t_max)


def test_rgdu_stops_at_three_smic(rates_at):
    # 3 x 1820 x 12.02 / 12 = 5469.10 €
    assert slip(rates_at, "5469.10").totals["general_reduction"] == 0
    assert slip(rates_at, "5469.00").totals["general_reduction_coefficient"] == D("0.0200")


@pytest.mark.parametrize("headcount, t_max", [(20, "0.3193"), (60, "0.3233")])
def test_fillon_2025(rates_at, headcount, t_max):
    smic = "1801.80"  # 1820 x 11.88 / 12
    assert slip(rates_at, smic, JUNE_2025, headcount=headcount).totals["general_reduction_coefficient"] == D(t_max)
    assert slip(rates_at, "2882.88", JUNE_2025).totals["general_reduction"] == 0  # 1.6 SMIC


@pytest.mark.parametrize("period, gross, health, family", [
    (JUNE_2025, "2000.00", "0.07", "0.0345"),    # <= 2.25 and 3.3 SMIC
    (JUNE_2025, "5000.00", "0.13", "0.0345"),    # > 2.25 SMIC, <= 3.3 SMIC
    (JUNE_2025, "6000.00", "0.13", "0.0525"),    # > 3.3 SMIC (5945.94)
    (date(2024, 6, 1), "2900.00", "0.07", "0.0345"),  # 2024: 2.5 SMIC = 2.5 x 1766.92
    (date(2026, 1, 1), "2000.00", "0.13", "0.0525"),  # bandeaux abolished
])
def test_reduced_health_and_family_rates(rates_at, period, gross, health, family):
    payslip = slip(rates_at, gross, period)
    assert line(payslip, "health_employer").rate == D(health)
    assert line(payslip, "family_employer").rate == D(family)


def test_fnal_and_training_by_headcount(rates_at):
    small = slip(rates_at, "5000.00", headcount=10)
    large = slip(rates_at, "5000.00", headcount=60)
    assert line(small, "fnal").amount == D("4.01") and line(small, "fnal").base == D("4005")  # 0.10 % of T1
    assert line(large, "fnal").amount == D("25.00")  # 0.50 % of the whole gross
    assert line(small, "training").amount == D("27.50")  # 0.55 % below 11 employees
    assert line(large, "training").amount == D("50.00")  # 1 % from 11


def test_cet_only_above_the_ceiling(rates_at):
    assert "cet_employee" not in codes(slip(rates_at, "4005.00"))
    assert line(slip(rates_at, "4005.01"), "cet_employee").base == D("4005.01")


def test_csg_abatement_stops_at_four_ceilings(rates_at):
    payslip = slip(rates_at, "20000.00")
    # base = 20000 - 1.75 % x 4 x 4005 = 19719.65
    assert line(payslip, "csg_deductible").base == D("19719.65")
    assert payslip.totals["csg_deductible"] == D("1340.94")


def test_part_time_prorates_ceiling_and_smic(rates_at):
    half = slip(rates_at, "1000.00", work_time_ratio=D("0.5"))
    assert half.totals["general_reduction_coefficient"] == D("0.3147")  # = full time at 2000 (worked example)
    t2 = line(slip(rates_at, "2500.00", work_time_ratio=D("0.5")), "agirc_arrco_t2_employee")
    assert t2.base == D("497.50")  # ceiling 4005 / 2 = 2002.50


def test_entry_mid_month_prorates_ceiling(rates_at):
    payslip = slip(rates_at, "2500.00", employment_days=15)
    assert line(payslip, "old_age_capped_employee").base == D("2002.50")  # 4005 x 15 / 30


def test_cadre_lines(rates_at):
    payslip = slip(rates_at, "3000.00", cadre=True)
    assert line(payslip, "apec_employee").amount == D("0.72")
    assert line(payslip, "apec_employer").amount == D("1.08")
    assert line(payslip, "provident_cadre").amount == D("45.00")
    assert line(payslip, "csg_deductible").base == D("2992.50")  # 98.25 % x 3000 + 45.00


def test_withholding_neutral_and_personalised(rates_at):
    neutral = slip(rates_at, "3000.00")
    assert neutral.withholding_tax == D("130.39")  # 5.3 % x 2460.27
    personal = slip(rates_at, "3000.00", pas_rate=D("0.075"))
    assert personal.withholding_tax == D("184.52")
    assert personal.net_to_pay == D("2374.79") - D("184.52")


def test_overseas_grid_2026_warns(rates_at):
    assert any("pas_grid_outdated" in w for w in slip(rates_at, "3000.00", region="guyane_mayotte").warnings)
    # June 2025 Guyane-Mayotte grid: 2460.27 is in [2393, 2704[ -> 2.1 %
    assert slip(rates_at, "3000.00", JUNE_2025, region="guyane_mayotte").withholding_tax == D("51.67")
