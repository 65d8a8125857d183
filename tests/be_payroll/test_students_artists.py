"""Students (solidarity contributions, 650-hour quota) and artists (fee-rule equivalent days)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from partage.plugins.be.payroll import BelgianPayroll, PayslipInput

MAR25 = date(2025, 3, 1)


def one(payroll: BelgianPayroll, **kwargs) -> dict:
    slip = payroll.compute_batch([PayslipInput(period=MAR25, **kwargs)])[0]
    values = {line.code: line.amount for line in slip.lines}
    values.update(slip.totals)
    values["warnings"] = slip.warnings
    return values


def test_student_solidarity_contributions(payroll: BelgianPayroll) -> None:
    # cessoc.be / easypay: 2.71 % student, 5.42 % employer; no work bonus, no special contribution.
    out = one(payroll, gross=D("1000.00"), contract="student", hours=D(80), student_hours_before=D(100))
    assert out["employee_social_security"] == D("27.10")
    assert out["employer_student_solidarity"] == D("54.20")
    assert out["social_work_bonus"] == 0 and out["special_social_security"] == 0


def test_student_hours_above_650_pay_ordinary_contributions(payroll: BelgianPayroll) -> None:
    # 650 hours a calendar year from 2025 (cessoc.be): 600 used, 100 worked -> 50 within the quota.
    out = one(payroll, gross=D("1000.00"), contract="student", hours=D(100), student_hours_before=D(600))
    assert out["employer_student_solidarity"] == D("27.10")  # 500.00 x 5.42 %
    assert out["employee_social_security"] == D("13.55") + D("65.35")  # student rate, then ordinary rate, each on 500.00
    assert any("quota" in w for w in out["warnings"])


def test_artist_equivalent_days_by_fee_rule(payroll: BelgianPayroll) -> None:
    # amplo.be: 1/26 of the reference wage = 76.70 EUR from 01/11/2023; days capped at 156 a quarter.
    out = one(payroll, gross=D("767.00"), contract="artist", arts_work_attestation=True)
    assert out["artist_equivalent_days"] == D("10.00")
    assert one(payroll, gross=D("20000.00"), contract="artist", arts_work_attestation=True)[
        "artist_equivalent_days"] == 156


def test_artist_without_attestation_is_warned(payroll: BelgianPayroll) -> None:
    out = one(payroll, gross=D("767.00"), contract="artist")
    assert any("arts_work_attestation" in w for w in out["warnings"])


def test_blue_collar_pays_holiday_contributions_on_108_percent(payroll: BelgianPayroll) -> None:
    # socialsecurity.be holiday pay: 5.57 % quarterly + 10.27 % annual, on 108 % of gross.
    out = one(payroll, gross=D("2500.00"), contract="blue_collar")
    assert out["employer_holiday_quarterly"] == D("150.39")  # 2700.00 x 5.57 %
    assert out["employer_holiday_annual"] == D("277.29")  # 2700.00 x 10.27 %


def test_student_hours_add_up_across_a_batch(payroll: BelgianPayroll) -> None:
    # 650-hour yearly quota (cessoc.be): 600 used before, then two payslips of 40 hours each.
    first, second = (PayslipInput(period=MAR25, gross=D("400.00"), contract="student", hours=D(40),
                                  student_hours_before=D(600), worker_id="s-1") for _ in range(2))
    slips = payroll.compute_batch([first, second])
    lines = [{line.code: line.amount for line in slip.lines} for slip in slips]
    assert lines[0]["employer_student_solidarity"] == D("21.68")  # all 40 hours within the quota
    assert lines[1]["employer_student_solidarity"] == D("5.42")  # 10 of 40 hours left: 100.00 x 5.42 %
