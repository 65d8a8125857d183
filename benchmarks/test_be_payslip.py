"""Belgian payslip throughput: the batch API on 1,000 payslips vs a trivial Decimal loop (same run).

No timing assertion: pytest-benchmark reports both so the ratio can be read. Run with
`.venv/bin/pytest benchmarks/test_be_payslip.py --benchmark-only`. The batch mixes white- and
blue-collar workers, the three family situations and 0-3 children, gross 1,200 to 8,000 EUR.
`test_be_breakdowns_1000` times the rules alone (no `Payslip`/line objects) to show where the
time goes.
"""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from plugins.be.payroll import BelgianPayroll, PayslipInput
from plugins.be.payroll.compute import compute

PERIOD = date(2025, 3, 1)
CENT = Decimal("0.01")
N = 1000
FAMILIES = ("single", "married_two_incomes", "married_one_income")
CONTRACTS = ("white_collar", "blue_collar")


@pytest.fixture(scope="module")
def payroll() -> BelgianPayroll:
    return BelgianPayroll()


@pytest.fixture(scope="module")
def inputs() -> list[PayslipInput]:
    """1,000 deterministic payslip inputs."""
    step = (Decimal(8000) - Decimal(1200)) / (N - 1)
    return [
        PayslipInput(period=PERIOD, gross=(Decimal(1200) + step * i).quantize(CENT), family=FAMILIES[i % 3],
                     contract=CONTRACTS[i % 2], children=i % 4)
        for i in range(N)
    ]


def test_be_batch_1000(benchmark, payroll, inputs):
    tree = payroll.tree()
    slips = benchmark(payroll.compute_batch, inputs, tree)
    assert len(slips) == N


def test_be_breakdowns_1000(benchmark, payroll, inputs):
    params = payroll.resolve(payroll.tree(), PERIOD)
    out = benchmark(lambda: [compute(worker, worker.gross, params) for worker in inputs])
    assert len(out) == N


def test_trivial_decimal_loop_1000(benchmark, payroll, inputs):
    """Baseline: one flat employee rate and one flat employer rate per gross, rounded to the cent."""
    snap = payroll.tree().at_date(PERIOD)
    employee = snap["payroll.social_security.employee_rate"]
    employer = snap["payroll.employer.global_rate"] - employee
    salaries = [worker.gross for worker in inputs]

    def loop() -> list[Decimal]:
        return [gross - (gross * employee).quantize(CENT, ROUND_HALF_UP)
                + (gross * employer).quantize(CENT, ROUND_HALF_UP) for gross in salaries]

    assert len(benchmark(loop)) == N
