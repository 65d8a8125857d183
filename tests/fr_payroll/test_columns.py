"""Column path (`FrenchPayroll.compute_columns`): the same payslips as the scalar `compute_batch`, to the cent.

The scalar path (one `Decimal` `Payslip` per input) is the independent implementation each column-path
payslip is compared with: every field, line (order, amount, base, rate, reference), named total and warning.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partage.core.payroll.types import Payslip
from partage.plugins.fr.payroll import REGIONS, FrenchPayroll, FrPayslipInput, PayrollInputError
from partage.plugins.fr.payroll import engine, vector
from tests.fr_payroll.columns_grid import AT_RATES, HEADCOUNTS, PERIODS, RATIOS, difference, random_inputs
from tests.fr_payroll.helpers import slip_input
from tests.fr_payroll.test_oracle import _params as table_b, check_total

D = Decimal
PAYROLL = FrenchPayroll()


def assert_same(inputs, tree) -> None:
    """compute_columns(inputs).payslips() == compute_batch(inputs), row by row, with a readable diff."""
    ours = PAYROLL.compute_columns(inputs, tree).payslips()
    scalar = PAYROLL.compute_batch(inputs, tree)
    assert len(ours) == len(scalar)
    bad = [i for i, (a, b) in enumerate(zip(ours, scalar)) if a != b]
    assert not bad, f"{len(bad)} rows differ, first {inputs[bad[0]]}: {difference(ours[bad[0]], scalar[bad[0]])}"


@pytest.fixture
def scalar_rows(monkeypatch) -> list[int]:
    """Input positions the column path leaves to the scalar path, as they are computed."""
    found: list[int] = []
    real = vector._scalar_path

    def spy(inputs, table, rows, errors):
        found.extend(rows.tolist())
        return real(inputs, table, rows, errors)
    monkeypatch.setattr(vector, "_scalar_path", spy)
    return found


def test_random_grid_matches_scalar(tree, scalar_rows):
    inputs = random_inputs(seed=2026, count=20_000)
    assert {i.period for i in inputs} >= {date(2026, 5, 1), date(2026, 6, 1)}  # SMIC change of 2026-06
    assert_same(inputs, tree)
    assert len(scalar_rows) < len(inputs) * 0.05  # the columns computed the bulk


def test_benchmark_salaries_match_scalar(tree):
    step = (D(20000) - D(1200)) / 4999
    assert_same([FrPayslipInput(date(2026, 1, 1), (D(1200) + step * i).quantize(D("0.01")), 20, D("0.0064"))
                 for i in range(5000)], tree)


def test_low_and_zero_gross(tree):
    grosses = [D(0), D("0.01"), D("0.33"), D("0.34"), D("0.67"), D("1.00"), D("12.34")]
    inputs = [slip_input(str(g), p, cadre=c, headcount=h) for g in grosses for p in (date(2024, 5, 1), date(2026, 1, 1))
              for c in (False, True) for h in (5, 11, 60)]
    assert_same(inputs, tree)


def test_csg_deductible_ties_match_scalar(tree):
    """Table B's CSG ties (2,500: 167.025; 3,500: 233.835): net taxable = gross - printed lines on both paths."""
    inputs = [slip_input(g, date(2026, 1, 1), headcount=h, cadre=c) for g in ("2500.00", "3500.00")
              for h in (20, 60) for c in (False, True)]
    assert_same(inputs, tree)
    for slip in PAYROLL.compute_columns(inputs, tree).payslips():
        t = slip.totals
        assert t["net_taxable"] == t["gross"] - t["employee_contributions"] - t["csg_deductible"]


def test_every_headcount_boundary_and_ceiling(tree):
    pmss = {date(2024, 3, 1): 3864, date(2025, 3, 1): 3925, date(2026, 7, 1): 4005}
    inputs = [slip_input(str(D(pmss[p] * k) + d), p, headcount=h, cadre=True, pas_rate=D("0.05"))
              for p in pmss for h in HEADCOUNTS for k in (1, 4, 8) for d in (D("-0.01"), D(0), D("0.01"))]
    assert_same(inputs, tree)


@st.composite
def regular_input(draw) -> FrPayslipInput:
    period = draw(st.sampled_from(PERIODS))
    days = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=28)))
    pas = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=430).map(lambda n: D(n).scaleb(-3))))
    return FrPayslipInput(
        period, D(draw(st.integers(min_value=0, max_value=2_500_000))).scaleb(-2),
        draw(st.integers(min_value=1, max_value=300)), draw(st.sampled_from(AT_RATES)), cadre=draw(st.booleans()),
        pas_rate=pas, region=draw(st.sampled_from(REGIONS)), work_time_ratio=draw(st.sampled_from(RATIOS)),
        employment_days=days, apprenticeship_tax_liable=draw(st.booleans()))


@settings(max_examples=150, deadline=None)
@given(batch=st.lists(regular_input(), min_size=1, max_size=12))
def test_property_columns_equal_scalar(tree, batch):
    assert_same(batch, tree)


def test_mixed_batch_keeps_positions_and_errors(tree, scalar_rows):
    regular = slip_input("3000.00")
    inputs = [regular, slip_input("2500.00", entertainment="artist"), {"gross": "1900"},
              slip_input("2500.00", entertainment="technician", short_cdd_usage=True),
              slip_input("3000.00", date(2023, 1, 1)), slip_input("300000000.00", cadre=True),
              slip_input("100000000000000000000.00"), slip_input("1900.00", work_time_ratio=D("0.123456789")),
              slip_input("1900.00", pas_rate=D("0.0712345678")),
              slip_input("1800.00", date(2025, 2, 1), employment_days=13), replace(regular, gross=D("0.00")), regular]
    columns = PAYROLL.compute_columns(inputs, tree)
    assert columns.size == len(inputs) and set(columns.errors) == {2, 4}
    assert columns.errors[2] == "inputs[2]: expected FrPayslipInput, got dict"
    assert columns.errors[4].startswith("period: 2023-01 is not covered by the parameters")
    slips = columns.payslips()
    for i, item in enumerate(inputs):
        if i in columns.errors:
            assert isinstance(slips[i], ValueError) and str(slips[i]) == columns.errors[i]
            with pytest.raises(ValueError, match="inputs|period"):
                columns.payslip(i)
        else:
            scalar = PAYROLL.compute_batch([item], tree)[0]
            assert slips[i] == scalar, difference(slips[i], scalar)
    computed = sorted(int(r) for g in columns.groups for r in g.rows)
    assert computed == [i for i in range(len(inputs)) if i not in columns.errors]
    assert scalar_rows == [1, 3, 5, 6, 7, 8, 9]  # artist, technician, int64 limit, decimals, above 1,700.83


def test_snapshot_and_default_tree(tree):
    snap = tree.at_date(date(2026, 1, 1))
    inputs = [slip_input("1900.00"), slip_input("5000.00", cadre=True)]
    assert PAYROLL.compute_columns(inputs, snap).payslips() == PAYROLL.compute_batch(inputs, snap)
    assert PAYROLL.compute_columns(inputs).payslips() == PAYROLL.compute_batch(inputs)
    with pytest.raises(PayrollInputError, match="snapshot serves one period"):
        PAYROLL.compute_columns(inputs + [slip_input("1900.00", date(2026, 2, 1))], snap)


def test_parameters_resolved_once_per_period(tree, monkeypatch):
    calls = []
    real = engine.build_rates
    monkeypatch.setattr(engine, "build_rates", lambda snap: calls.append(snap.date) or real(snap))
    inputs = random_inputs(seed=7, count=500)
    PAYROLL.compute_columns(inputs, tree)
    assert sorted(calls) == sorted({i.period for i in inputs})


def test_groups_hold_integer_cents(tree):
    columns = PAYROLL.compute_columns([slip_input(str(g)) for g in (1900, 3000, 5000, 12000)], tree)
    for group in columns.groups:
        assert all(v.dtype.kind == "i" for v in group.amounts.values())
        assert all(line.amount.dtype.kind == "i" for line in group.lines)
    assert len(columns.groups) == 2  # under / over the ceiling: T2 and CET lines print above it
    assert isinstance(columns.payslip(3), Payslip) and columns.payslip(3).gross == D("12000.00")


@pytest.fixture(scope="module")
def table_b_slips(tree) -> dict:
    """Every reference table B row through one compute_columns call: (period, gross) -> payslip."""
    cases = {(period, gross): slip_input(gross, period, **inputs) for period, gross, inputs, _, _ in
             (p.values for p in table_b())}
    slips = PAYROLL.compute_columns(list(cases.values()), tree).payslips()
    return dict(zip(cases, slips))


@pytest.mark.parametrize("period, gross, inputs, column, expected", list(table_b()))
def test_table_b_through_columns(table_b_slips, period, gross, inputs, column, expected):
    check_total(table_b_slips[(period, gross)], column, expected)


def test_ceiling_not_a_finite_decimal(tree, scalar_rows):
    """2025: PMSS 3,925 x 13 / 30 days is 1,700.833...: rows under it are columns, rows above it scalar."""
    inputs = [slip_input(g, date(2025, 2, 1), employment_days=13, cadre=True)
              for g in ("0.01", "900.00", "1700.83", "1700.84", "2500.00", "9000.00")]
    assert_same(inputs, tree)
    assert scalar_rows == [3, 4, 5]
