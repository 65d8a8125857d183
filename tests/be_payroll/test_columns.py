"""The column path (`compute_columns`, integer cents) gives the scalar path's payslips to the cent.

Every comparison is with `compute_batch`, the independent `Decimal` implementation: payslips must
be equal as dataclasses (amounts, lines in order with labels, bases, rates and references, the
named totals, warnings).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.params import Override
from core.payroll.types import Payslip
from plugins.be.payroll import BelgianPayroll, EmployerProfile, PayslipInput
from plugins.be.payroll.snapshot import BeParams
from tests.be_payroll.cases import load_cases
from tests.be_payroll.grid import CONTRACTS, FAMILIES, PERIODS, regular_grid

MAR25 = date(2025, 3, 1)


class CountingPayroll(BelgianPayroll):
    """Counts the rows sent to the scalar `compute_one`."""

    def __init__(self, employer: EmployerProfile | None = None) -> None:
        super().__init__(employer)
        self.scalar_rows = 0

    def compute_one(self, worker: PayslipInput, p: BeParams) -> Payslip:
        self.scalar_rows += 1
        return super().compute_one(worker, p)


def differences(columns: list, scalar: list) -> list[str]:
    """The first differing rows of two lists of payslips, readable in a failure."""
    found = [f"row {i}:\n  columns {left}\n  scalar  {right}"
             for i, (left, right) in enumerate(zip(columns, scalar)) if left != right]
    return found[:3] + [f"{len(found)} rows differ"] if found else []


def test_grid_of_regular_payslips_equals_the_scalar_path(payroll: BelgianPayroll) -> None:
    inputs = regular_grid(24_000)
    assert len(inputs) >= 24_000
    counting = CountingPayroll()
    columns = counting.compute_columns(inputs).payslips()
    scalar = payroll.compute_batch(inputs)
    assert len(columns) == len(scalar) and not differences(columns, scalar)
    assert counting.scalar_rows < len(inputs) / 1000  # the column path computed (nearly) every row itself
    assert {bool(s.warnings) for s in scalar} == {False, True}  # stale-parameter warnings are compared too


cents = st.integers(min_value=0, max_value=2_000_000).map(lambda c: D(c) / 100)
huge = st.integers(min_value=0, max_value=10**14).map(lambda c: D(c) / 100)  # beyond the int64 range: scalar
parts = st.integers(min_value=1, max_value=10_000).map(lambda u: D(u) / 10_000)
odd_parts = st.integers(min_value=1, max_value=10**6).map(lambda u: D(u) / 10**6)  # finer than 0.0001: scalar
regular = st.builds(
    PayslipInput, period=st.sampled_from(PERIODS), gross=st.one_of(cents, cents, cents, huge),
    contract=st.sampled_from(CONTRACTS),
    family=st.sampled_from(FAMILIES), children=st.integers(0, 9), other_dependants=st.integers(0, 3),
    senior_dependants=st.integers(0, 2), disabled=st.booleans(), spouse_disabled=st.booleans(),
    non_resident=st.booleans(), part_time=st.one_of(st.just(D(1)), parts, odd_parts),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(regular, min_size=1, max_size=12))
def test_columns_equal_scalar_payslips_property(inputs: list[PayslipInput]) -> None:
    payroll = BelgianPayroll()
    assert payroll.compute_columns(inputs).payslips() == payroll.compute_batch(inputs)


def test_half_cent_work_bonus_with_inexact_part_time_goes_to_the_scalar_path() -> None:
    # 1435.15 at 60 %: S = 2391.9166..., volet B x P is exactly 62.485 but the scalar path divides
    # with 28 digits and rounds 62.48499...96 down: the column path leaves such rows to it.
    worker = PayslipInput(period=MAR25, gross=D("1435.15"), part_time=D("0.6"))
    counting = CountingPayroll()
    assert counting.compute_columns([worker]).payslips() == counting.compute_batch([worker])
    assert counting.scalar_rows == 2  # once for the columns, once for compute_batch


def test_mixed_batch_keeps_positions_errors_and_student_hours() -> None:
    def student(hours: str) -> PayslipInput:
        return PayslipInput(period=MAR25, gross=D("600.00"), contract="student", hours=D(hours), worker_id="s1",
                            student_hours_before=D(600))

    inputs = [
        PayslipInput(period=MAR25, gross=D("2500.00")),
        PayslipInput(period=MAR25, budget=D("4000.00")),
        student("40"),
        PayslipInput(period=MAR25, gross=D("3000.00"), payment="thirteenth_month"),
        PayslipInput(period=date(2015, 1, 1), gross=D("2000.00")),  # no parameters in force yet
        PayslipInput(period=MAR25, gross=D("1800.00"), contract="artist"),
        PayslipInput(period=MAR25, gross=D("2500.00"), payment="double_holiday_pay"),
        PayslipInput(period=MAR25, budget=D("4000.00"), multiplier=D("1.6"), family="married_two_incomes"),
        student("30"),  # the quota (650 h) is exceeded by the second payslip of the batch only
        PayslipInput(period=date(2024, 1, 1), gross=D("2691.67"), payment="termination_fee", children=3),
        PayslipInput(period=MAR25, gross=D("2100.00"), contract="blue_collar", family="married_one_income"),
    ]
    payroll = BelgianPayroll()
    columns = payroll.compute_columns(inputs)
    with pytest.raises(ValueError) as bad:
        payroll.compute_batch([inputs[4]])
    assert columns.errors == {4: str(bad.value)} and "not defined" in str(bad.value)
    got = columns.payslips()
    assert isinstance(got[4], ValueError) and str(got[4]) == str(bad.value)
    expected = payroll.compute_batch(inputs[:4] + inputs[5:])
    assert got[:4] + got[5:] == expected
    assert any("quota" in w for w in got[8].warnings) and not any("quota" in w for w in got[2].warnings)
    assert columns.payslip(10) == expected[-1]


def test_amounts_with_a_fraction_of_a_cent_are_errors_not_truncated(payroll: BelgianPayroll) -> None:
    # The scalar path keeps 1800.005 and a 4-decimal multiplier; int64 cent columns cannot hold them.
    inputs = [PayslipInput(period=MAR25, gross=D("1800.005"), contract="blue_collar"),
              PayslipInput(period=MAR25, budget=D("4000.00"), multiplier=D("1.6125")),
              PayslipInput(period=MAR25, gross=D("1800.0")), PayslipInput(period=MAR25, gross=D("1.8E+3"))]
    columns = payroll.compute_columns(inputs)
    assert columns.errors[0].startswith("gross: 1800.005 is not a whole number of cents")
    assert columns.errors[1].startswith("multiplier: 1.6125 is not a whole number of cents")
    assert columns.payslips()[2:] == payroll.compute_batch(inputs[2:])


def test_a_period_whose_parameters_are_not_in_cents_goes_through_the_scalar_path(payroll: BelgianPayroll) -> None:
    # A threshold with a fraction of a cent cannot be an integer of cents: the whole period is
    # computed by the scalar path (its payslips are still in cents), other periods stay in columns.
    tree = payroll.tree().with_overrides(
        [Override("payroll.work_bonus.volet_b.start", date(2025, 2, 1), D("2175.255"), "test")])
    inputs = [PayslipInput(period=MAR25, gross=D(g)) for g in ("1700.00", "2600.00", "4100.00")]
    inputs.append(PayslipInput(period=date(2024, 6, 1), gross=D("2600.00")))
    counting = CountingPayroll()
    assert counting.compute_columns(inputs, tree).payslips() == payroll.compute_batch(inputs, tree)
    assert counting.scalar_rows == 3


def test_parameters_of_another_date_fail_only_their_rows(payroll: BelgianPayroll) -> None:
    inputs = [PayslipInput(period=date(2021, 1, 1), gross=D("1800.00")), PayslipInput(period=MAR25, gross=D(2000))]
    columns = payroll.compute_columns(inputs, payroll.tree().at_date(MAR25))
    assert list(columns.errors) == [0] and columns.errors[0].startswith("period: ")
    assert columns.payslip(1) == payroll.compute_batch(inputs[1:])[0]
    with pytest.raises(ValueError, match="period: "):
        columns.payslip(0)


def test_group_columns_are_int64_cents_and_rows_are_input_positions(payroll: BelgianPayroll) -> None:
    inputs = [PayslipInput(period=MAR25, gross=D(1500 + 100 * i), family=FAMILIES[i % 3]) for i in range(9)]
    columns = payroll.compute_columns(inputs)
    assert len(columns.groups) == 3 and not columns.errors
    assert sorted(int(r) for g in columns.groups for r in g.rows) == list(range(9))
    for group in columns.groups:
        assert group.amounts["gross"].dtype.name == "int64"
        assert {line.code for line in group.lines if line.omit_zero} == {
            "work_bonus_a", "work_bonus_b", "fiscal_work_bonus", "special_social_security"}


def test_empty_batch(payroll: BelgianPayroll) -> None:
    columns = payroll.compute_columns([])
    assert (columns.size, columns.groups, columns.payslips()) == (0, (), [])


CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.name}" for c in CASES])
def test_published_cases_through_the_columns(case) -> None:
    payroll = BelgianPayroll(EmployerProfile(**case.employer))
    worker = PayslipInput(period=case.period, **case.input)
    slip = payroll.compute_columns([worker]).payslip(0)
    assert slip == payroll.compute_batch([worker])[0]
    if case.xfail:
        return  # a case the scalar path fails on purpose (documented in its YAML) fails here too
    values = {line.code: line.amount for line in slip.lines} | dict(slip.totals)
    wrong = {key: (expected, values.get(key)) for key, expected in case.output.items()
             if key not in values or abs(values[key] - expected) > case.tolerance}
    assert not wrong
