"""French payslip throughput: our batch API on 1,000 salaries vs a trivial Decimal loop (same run).

No timing assertion: pytest-benchmark reports both so the ratio can be read. Run with
`.venv/bin/pytest benchmarks/test_fr_payslip.py --benchmark-only`.
"""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from partage.core.params import load_parameters
from partage.plugins.fr.payroll import FrenchPayroll, FrPayslipInput
from partage.plugins.fr.payroll.engine import PARAMETERS

PERIOD = date(2026, 1, 1)
CENT = Decimal("0.01")
N = 1000


@pytest.fixture(scope="module")
def tree():
    return load_parameters(PARAMETERS)


@pytest.fixture(scope="module")
def salaries() -> list[Decimal]:
    """1,000 gross salaries spread from 1,200 to 20,000 EUR (deterministic)."""
    step = (Decimal(20000) - Decimal(1200)) / (N - 1)
    return [(Decimal(1200) + step * i).quantize(CENT) for i in range(N)]


def test_fr_batch_1000(benchmark, tree, salaries):
    inputs = [FrPayslipInput(PERIOD, gross, 20, Decimal("0.0064")) for gross in salaries]
    payroll = FrenchPayroll()
    slips = benchmark(payroll.compute_batch, inputs, tree)
    assert len(slips) == N


def test_trivial_decimal_loop_1000(benchmark, tree, salaries):
    """Baseline: one flat employee rate and one flat employer rate per salary, rounded to the cent."""
    snap = tree.at_date(PERIOD)
    employee = snap["payroll.contributions.social_security.old_age_uncapped_employee"]
    employer = snap["payroll.contributions.social_security.health_employer"]

    def loop() -> list[Decimal]:
        return [gross - (gross * employee).quantize(CENT, ROUND_HALF_UP)
                + (gross * employer).quantize(CENT, ROUND_HALF_UP) for gross in salaries]

    assert len(benchmark(loop)) == N
