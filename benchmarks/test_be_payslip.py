"""Belgian payslip throughput: the batch API on 100,000 payslips, column path vs scalar path.

Issue 5 asks for 100,000 payslips per second or more on one core. `compute_columns` (int64
cents, NumPy) is timed on 100,000 realistic regular payslips, on the same batch with 5 % of
rows that go through the scalar path (13th month, double holiday pay, budget-first, a student
above the hours quota), and on 100,000 performances with the demo's mix of kinds
(`tenants.demo_payroll.KINDS`: 60 % employees, 20 % manual workers, 10 % artists, 10 %
students, as `inputs_from` makes them); the scalar `compute_batch` is timed on the 100,000
regular inputs in the same run as the baseline. Inputs are built outside the timed part.
Payslips per second are in ``extra_info`` and printed
(run with `-s -p no:randomly` so the baseline runs first and the ratio is printed):
`.venv/bin/pytest benchmarks/test_be_payslip.py --benchmark-only -s -p no:randomly`.
No timing assertion. `test_be_breakdowns_1000` times the scalar rules alone (no `Payslip`).
"""
from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from partage.core.payroll.facts import PayFacts
from partage.plugins.be.payroll import BelgianPayroll, PayslipInput
from partage.plugins.be.payroll.compute import compute
from partage.tenants.demo_payroll import KINDS

PERIOD = date(2025, 3, 1)
CENT = Decimal("0.01")
N = 100_000
FAMILIES = ("single", "single", "married_two_incomes", "married_two_incomes", "married_one_income")
PART_TIMES = (Decimal(1),) * 6 + (Decimal("0.5"), Decimal("0.8"), Decimal("0.75"), Decimal("0.6"))
BASELINE: dict[str, float] = {}   # scalar payslips per second, for the ratio


def regular(rng: random.Random) -> PayslipInput:
    """A white- (60 %) or blue-collar monthly pay, 1,000 to 8,000 EUR, everyday situations."""
    children = rng.choice((0, 0, 0, 1, 1, 2, 2, 3, 4))
    return PayslipInput(
        period=PERIOD, gross=Decimal(rng.randint(100_000, 800_000)) * CENT,
        contract="white_collar" if rng.random() < 0.6 else "blue_collar", family=rng.choice(FAMILIES),
        children=children, disabled_children=int(children > 0 and rng.random() < 0.03),
        other_dependants=int(rng.random() < 0.03), senior_dependants=int(rng.random() < 0.02),
        disabled=rng.random() < 0.03, non_resident=rng.random() < 0.02, part_time=rng.choice(PART_TIMES),
    )


def other(rng: random.Random, i: int) -> PayslipInput:
    """A row the scalar path computes: 13th month, double holiday pay, budget-first, or a student
    above the yearly hours quota."""
    gross = Decimal(rng.randint(30_000, 400_000)) * CENT
    kind = rng.randrange(4)
    if kind == 0:
        return PayslipInput(period=PERIOD, gross=gross, contract="student", hours=Decimal(rng.randint(4, 60)),
                            worker_id=f"student-{i}", student_hours_before=Decimal(640))
    if kind == 1:
        return PayslipInput(period=PERIOD, gross=gross, payment="double_holiday_pay")
    if kind == 2:
        return PayslipInput(period=PERIOD, gross=gross, payment="thirteenth_month")
    return PayslipInput(period=PERIOD, budget=gross, multiplier=Decimal("1.6"))


def demo_facts(rng: random.Random, i: int) -> PayFacts:
    """One performance as `tenants.demo_payroll` seeds it: its kinds, pay ranges, student hours
    and worker profiles (family status, children; artists without an attestation in the profile)."""
    kind = rng.choice(KINDS)
    student = kind == "student"
    gross = Decimal(rng.randrange(60_000, 450_000) if student else rng.randrange(180_000, 520_000)) / 100
    profile = {"family": rng.choice(["single", "married_two_incomes", "married_one_income"]),
               "children": rng.choice([0, 0, 1, 2, 3])}
    return PayFacts(period=PERIOD, gross=gross, kind=kind, start=PERIOD, end=PERIOD, worker_id=f"member-{i}",
                    hours=Decimal(rng.randrange(8, 60)) if student else None, profile=profile)


@pytest.fixture(scope="module")
def payroll() -> BelgianPayroll:
    return BelgianPayroll()


@pytest.fixture(scope="module")
def inputs() -> list[PayslipInput]:
    """100,000 regular white- and blue-collar payslip inputs (seeded)."""
    rng = random.Random(5)
    return [regular(rng) for _ in range(N)]


@pytest.fixture(scope="module")
def mixed(inputs: list[PayslipInput]) -> list[PayslipInput]:
    """The same batch with every 20th row replaced by a row for the scalar path (5 %)."""
    rng = random.Random(6)
    return [other(rng, i) if i % 20 == 0 else worker for i, worker in enumerate(inputs)]


@pytest.fixture(scope="module")
def realistic(payroll: BelgianPayroll) -> list[PayslipInput]:
    """100,000 inputs with the demo's mix of kinds, made by the plugin's bulk `inputs_from` (seeded)."""
    rng = random.Random(7)
    inputs = payroll.inputs_from([demo_facts(rng, i) for i in range(N)])
    assert not any(isinstance(worker, ValueError) for worker in inputs)
    return inputs


def report(benchmark, name: str, count: int) -> float:
    """Payslips per second (median round) into ``extra_info``, printed with the ratio to the baseline."""
    rate = count / benchmark.stats.stats.median
    benchmark.extra_info["payslips_per_second"] = round(rate)
    line = f"\n{name}: {rate:,.0f} payslips/s"
    if "scalar" in BASELINE and name != "scalar":
        benchmark.extra_info["ratio_to_scalar"] = round(rate / BASELINE["scalar"], 1)
        line += f" ({rate / BASELINE['scalar']:.1f} x the scalar compute_batch)"
    print(line)
    return rate


def test_be_batch_scalar_100000(benchmark, payroll, inputs):
    """Baseline: one `Decimal` `Payslip` object per input."""
    tree = payroll.tree()
    slips = benchmark.pedantic(payroll.compute_batch, (inputs, tree), rounds=2, iterations=1)
    assert len(slips) == N
    BASELINE["scalar"] = report(benchmark, "scalar", N)


def test_be_columns_100000(benchmark, payroll, inputs):
    tree = payroll.tree()
    columns = benchmark.pedantic(payroll.compute_columns, (inputs, tree), rounds=7, iterations=1, warmup_rounds=1)
    assert columns.size == N and not columns.errors
    report(benchmark, "columns", N)


def test_be_columns_mixed_100000(benchmark, payroll, mixed):
    tree = payroll.tree()
    columns = benchmark.pedantic(payroll.compute_columns, (mixed, tree), rounds=5, iterations=1, warmup_rounds=1)
    assert columns.size == N and not columns.errors
    report(benchmark, "columns, 5 % scalar rows", N)


def test_be_columns_realistic_100000(benchmark, payroll, realistic):
    """The demo's mix: employees, manual workers, artists and students all on the column path."""
    tree = payroll.tree()
    columns = benchmark.pedantic(payroll.compute_columns, (realistic, tree), rounds=5, iterations=1,
                                 warmup_rounds=1)
    assert columns.size == N and not columns.errors
    report(benchmark, "columns, realistic mix (demo kinds: 60 % employees, 20 % workers, 10 % artists, "
                      "10 % students)", N)


def test_be_breakdowns_1000(benchmark, payroll, inputs):
    params = payroll.resolve(payroll.tree(), PERIOD)
    sample = inputs[:1000]
    out = benchmark(lambda: [compute(worker, worker.gross, params) for worker in sample])
    assert len(out) == 1000


def test_trivial_decimal_loop_1000(benchmark, payroll, inputs):
    """Baseline: one flat employee rate and one flat employer rate per gross, rounded to the cent."""
    snap = payroll.tree().at_date(PERIOD)
    employee = snap["payroll.social_security.employee_rate"]
    employer = snap["payroll.employer.global_rate"] - employee
    salaries = [worker.gross for worker in inputs[:1000]]

    def loop() -> list[Decimal]:
        return [gross - (gross * employee).quantize(CENT, ROUND_HALF_UP)
                + (gross * employer).quantize(CENT, ROUND_HALF_UP) for gross in salaries]

    assert len(benchmark(loop)) == 1000
