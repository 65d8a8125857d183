"""The column path (`compute_columns`, integer cents) gives the scalar path's payslips to the cent.

Every comparison is with `compute_batch`, the independent `Decimal` implementation: payslips must
be equal as dataclasses (amounts, lines in order with labels, bases, rates and references, the
named totals, warnings).
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partage.core.params import Override
from partage.core.payroll.types import Payslip
from partage.plugins.be.payroll import BelgianPayroll, EmployerProfile, PayslipInput
from partage.plugins.be.payroll.snapshot import BeParams
from tests.be_payroll.cases import load_cases
from tests.be_payroll.grid import CONTRACTS, FAMILIES, PERIODS, mixed_grid

MAR25 = date(2025, 3, 1)
OCT23 = date(2023, 10, 1)   # before the artists' fee-rule daily reference (76.70 from 2023-11)


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


def test_grid_of_payslips_equals_the_scalar_path(payroll: BelgianPayroll) -> None:
    # 24,000 regular white- and blue-collar inputs (every boundary of every period), ~9,000 artists
    # and students, students of one worker crossing the quota, rows around the quarterly cap on the
    # basic employer contribution, in a shuffled order.
    inputs = mixed_grid(32_000)
    kinds = Counter(worker.contract.value for worker in inputs)
    assert kinds["white_collar"] + kinds["blue_collar"] >= 24_000 and min(kinds.values()) >= 4_000
    counting = CountingPayroll()
    columns = counting.compute_columns(inputs).payslips()
    scalar = payroll.compute_batch(inputs)
    assert len(columns) == len(scalar) and not differences(columns, scalar)
    above_quota = sum(any("quota" in w for w in slip.warnings) for slip in scalar)
    assert above_quota > 100
    capped = sum(any(line.code == "employer_basic_above_cap" for line in slip.lines) for slip in scalar)
    assert capped >= 18 * 3   # 2025-07..2026-12: a cent above, far above and one payslip above the cap
    # the column path computed (nearly) every row itself, but the students above the quota and the
    # rows whose basic employer contribution the quarterly cap cuts
    assert above_quota + capped <= counting.scalar_rows < above_quota + capped + len(inputs) / 1000
    warnings = {w.split(":")[0] for slip in scalar for w in slip.warnings}
    assert {"stale parameter", "arts_work_attestation", "fee rule daily reference not defined for this period",
            "student quota of 650 hours exceeded"} <= warnings   # warnings are compared too
    days = [line.amount for slip in scalar for line in slip.lines if line.code == "artist_equivalent_days"]
    assert 156 in days and len(days) > 3_000


cents = st.integers(min_value=0, max_value=2_000_000).map(lambda c: D(c) / 100)
hours = st.one_of(st.none(), st.just(D(0)), st.integers(0, 70_000).map(lambda h: D(h) / 100))
huge = st.integers(min_value=0, max_value=10**14).map(lambda c: D(c) / 100)  # beyond the int64 range: scalar
high = st.integers(min_value=2_000_000, max_value=12_000_000).map(lambda c: D(c) / 100)  # around the 85,000 cap
# base declared earlier in the quarter: none, any, near the 85,000 cap, or beyond int64 cents (scalar)
before = st.one_of(st.just(D(0)), st.just(D(0)), st.integers(0, 10_000_000).map(lambda c: D(c) / 100),
                   st.integers(-300, 300).map(lambda c: D(85_000) + D(c) / 100), st.just(D("1E+20")))
parts = st.integers(min_value=1, max_value=10_000).map(lambda u: D(u) / 10_000)
odd_parts = st.integers(min_value=1, max_value=10**6).map(lambda u: D(u) / 10**6)  # finer than 0.0001: scalar
regular = st.builds(
    PayslipInput, period=st.sampled_from(PERIODS), gross=st.one_of(cents, cents, cents, huge, high),
    contract=st.sampled_from(CONTRACTS),
    family=st.sampled_from(FAMILIES), children=st.integers(0, 9), other_dependants=st.integers(0, 3),
    senior_dependants=st.integers(0, 2), disabled=st.booleans(), spouse_disabled=st.booleans(),
    non_resident=st.booleans(), part_time=st.one_of(st.just(D(1)), parts, odd_parts), quarter_base_before=before,
)
artists = st.builds(
    PayslipInput, period=st.sampled_from(PERIODS), gross=st.one_of(cents, cents, cents, huge, high),
    contract=st.just("artist"), family=st.sampled_from(FAMILIES), children=st.integers(0, 9), non_resident=st.booleans(),
    part_time=st.one_of(st.just(D(1)), parts, odd_parts), arts_work_attestation=st.booleans(),
    quarter_base_before=before,
)
students = st.builds(
    PayslipInput, period=st.sampled_from(PERIODS[-30:]), gross=st.one_of(cents, cents, cents, huge),
    contract=st.just("student"), family=st.sampled_from(FAMILIES), children=st.integers(0, 9),
    non_resident=st.booleans(), part_time=st.one_of(st.just(D(1)), odd_parts), hours=hours,
    student_hours_before=st.one_of(st.just(D(0)), st.sampled_from([D(600), D(640), D(650)]), hours.filter(bool)),
    worker_id=st.sampled_from(["", "s1", "s2"]),  # a few workers: their payslips add up their hours
    quarter_base_before=before,   # above the quota: ordinary contributions, the basic one capped too
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(regular, artists, students), min_size=1, max_size=12))
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


SEP25, JUN25 = date(2025, 9, 1), date(2025, 6, 1)   # with and without the quarterly cap (from 2025-07)


def test_rows_beyond_the_quarterly_cap_go_to_the_scalar_path(payroll: BelgianPayroll) -> None:
    # Base (gross, blue-collar 108 %) + base declared earlier in the quarter: on the 85,000 cap or
    # below it stays in columns; a cent above it (or, in a period with a cap, a declared base beyond
    # int64 cents) goes through the scalar path, which prints the capped base and the exempt part.
    def row(period: date, gross: str, before: str, **more) -> PayslipInput:
        return PayslipInput(period=period, gross=D(gross), quarter_base_before=D(before), **more)

    inputs = []
    for period in (SEP25, JUN25, date(2026, 3, 1)):
        inputs += [
            row(period, "30000.00", "55000.00"), row(period, "30000.00", "55000.01"),       # on the cap / above
            row(period, "25000.00", "58000.00", contract="blue_collar"),                      # 27,000 + 58,000
            row(period, "25000.00", "58000.01", contract="blue_collar", family="married_one_income"),
            row(period, "30000.00", "60000.00", contract="artist"), row(period, "4000.00", "0"),
            row(period, "90000.00", "0", part_time=D("0.5")), row(period, "2000.00", "85000.00"),
            row(period, "0.00", "90000.00"), row(period, "0.00", "1E+20"),
            row(period, "2000.00", "0", contract="student", hours=D(10)),
        ]
    counting = CountingPayroll()
    columns = counting.compute_columns(inputs).payslips()
    scalar = payroll.compute_batch(inputs)
    assert not differences(columns, scalar)
    capped = [i for i, slip in enumerate(scalar) if any(found.code == "employer_basic_above_cap" for found in slip.lines)]
    assert capped == [1, 3, 4, 6, 7, 23, 25, 26, 28, 29]   # none in 2025-06
    assert counting.scalar_rows == len(capped) + 2   # and the 1E+20 declared base of 2025-09 and 2026-03


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


def test_artists_in_groups_by_attestation_with_the_fee_rule_warnings(payroll: BelgianPayroll) -> None:
    def artist(period: date, gross: str, attested: bool, **more) -> PayslipInput:
        return PayslipInput(period=period, gross=D(gross), contract="artist", arts_work_attestation=attested, **more)

    inputs = [artist(MAR25, "767.00", True), artist(MAR25, "2500.00", False), PayslipInput(period=MAR25, gross=D(2500)),
              artist(OCT23, "1800.00", True), artist(OCT23, "1800.00", False, part_time=D("0.5")),
              artist(MAR25, "20000.00", True, family="married_one_income"), artist(MAR25, "0.00", False),
              artist(date(2026, 12, 1), "11965.21", True)]   # 156.0001 days: the cap; a stale daily reference
    counting = CountingPayroll()
    columns = counting.compute_columns(inputs)
    expected = payroll.compute_batch(inputs)
    assert columns.payslips() == expected and counting.scalar_rows == 0
    days = {i: line.amount for i, slip in enumerate(expected) for line in slip.lines
            if line.code == "artist_equivalent_days"}
    assert days == {0: 10, 1: D("32.59"), 5: 156, 6: 0, 7: 156}   # none before 2023-11 (no daily reference)
    groups = {tuple(int(r) for r in g.rows): g.warnings for g in columns.groups}   # one warnings tuple a group
    warnings = {rows: tuple(w for w in found if not w.startswith("stale")) for rows, found in groups.items()}
    missing = "arts_work_attestation: missing, article 1bis employment cannot be used"
    undefined = "fee rule daily reference not defined for this period: equivalent days not shown"
    assert warnings[(0,)] == () and warnings[(1, 6)] == (missing,) and warnings[(4,)] == (missing, undefined)
    assert warnings[(3,)] == (undefined,)
    assert "stale parameter: payroll.artists.fee_rule_daily_reference" in groups[(7,)]
    assert not any("artists" in w for w in groups[(2,)])   # a stale artists' parameter concerns artists only


def test_students_hours_add_up_in_input_order_and_only_the_row_above_the_quota_is_scalar() -> None:
    def student(hours: str | None, worker: str = "s1", before: int = 600, **more) -> PayslipInput:
        return PayslipInput(period=MAR25, gross=D("400.00"), contract="student", worker_id=worker,
                            hours=None if hours is None else D(hours), student_hours_before=D(before), **more)

    inputs = [
        student("30"), PayslipInput(period=MAR25, gross=D(2000)), student(None), student("0.00"),
        student("20"),                   # 650 hours used exactly: still within the quota
        student("10", worker="s2", before=0, family="married_one_income", children=2),
        student("0.01"),                 # above the quota: scalar path, with the hours tracked here
        student("5", before=0),          # the quota is already used up by s1's earlier payslips
        student("40", worker="", before=640),   # no worker id: not tracked, its own hours before
        PayslipInput(period=date(2026, 1, 1), gross=D(400), contract="student", hours=D(40), worker_id="s1"),
        student("10", part_time=D("0.123457")),   # part time is irrelevant to a student
        PayslipInput(period=MAR25, gross=D(600), contract="artist"),
        # a budget-first student (scalar path) uses hours that the next (column) payslips see
        PayslipInput(period=MAR25, budget=D(500), contract="student", hours=D(640), worker_id="s3"),
        student("5", worker="s3", before=0), student("20", worker="s3", before=0),
    ]
    payroll = CountingPayroll()
    got = payroll.compute_columns(inputs).payslips()
    scalar = BelgianPayroll().compute_batch(inputs)
    assert not differences(got, scalar)
    above = [i for i, slip in enumerate(scalar) if any("quota" in w for w in slip.warnings)]
    assert above == [6, 7, 8, 10, 14] and payroll.scalar_rows == len(above) + 1


def test_a_period_whose_fee_rule_is_not_in_hundredths_sends_only_its_artists_to_the_scalar_path(
        payroll: BelgianPayroll) -> None:
    tree = payroll.tree().with_overrides(
        [Override("payroll.artists.fee_rule_max_days_per_quarter", date(2025, 2, 1), D("156.005"), "test")])
    inputs = [PayslipInput(period=MAR25, gross=D(g), contract=kind) for g in ("1700.00", "20000.00")
              for kind in ("artist", "white_collar", "student")]
    counting = CountingPayroll()
    assert counting.compute_columns(inputs, tree).payslips() == payroll.compute_batch(inputs, tree)
    assert counting.scalar_rows == 2


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
