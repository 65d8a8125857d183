"""Our French batch API (column path) vs OpenFisca-France's vectorised simulation, same salaries, same run.

"Ours" is `FrenchPayroll.compute_columns`: every payslip line, total and warning of the scalar
`compute_batch`, to the cent (checked here on a sample, and on 20,000 random inputs in
tests/fr_payroll/test_columns.py), as columns of integer cents. OpenFisca's side is one vectorised
simulation (`tests/fr_payroll/openfisca_oracle.simulate`: build the simulation, set the inputs, calculate
the payslip variables).

Fairness: each side starts from its own prepared inputs, built outside the timed part: our
`FrPayslipInput` objects (with their validation), OpenFisca's NumPy array of gross salaries. Parameters: ours
are loaded once outside (as the tree is cached in a process); OpenFisca's tax-benefit-system load (~5-7 s)
is measured apart and printed. Warm-ups are not measured; the best of ROUNDS runs is reported.

OpenFisca-France (AGPL, test-only oracle) is installed apart in var/oracle-site (`make test` or `make bench`
does it); this module puts it last on sys.path as tests/conftest.py does, and skips with the reason when
it is missing. Default 100,000 salaries (`PARTAGE_FR_BENCH_N`), 3 rounds (`PARTAGE_FR_BENCH_ROUNDS`).
Run: `.venv/bin/pytest benchmarks/test_fr_vs_openfisca.py --benchmark-only -s -p no:randomly`.
"""
from __future__ import annotations

import importlib.util
import os
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from partage.core.params import load_parameters
from partage.plugins.fr.payroll import FrenchPayroll, FrPayslipInput
from partage.plugins.fr.payroll.engine import PARAMETERS

ROOT = Path(__file__).resolve().parents[1]
_ORACLE_SITE = ROOT / "var" / "oracle-site"
if _ORACLE_SITE.is_dir() and str(_ORACLE_SITE) not in sys.path:
    sys.path.append(str(_ORACLE_SITE))

# the oracle helper lives with the tests (benchmarks/ is not a package): load it by path
_SPEC = importlib.util.spec_from_file_location("fr_openfisca_oracle",
                                               ROOT / "tests" / "fr_payroll" / "openfisca_oracle.py")
oracle = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(oracle)

REASON = oracle.available()
pytestmark = pytest.mark.skipif(REASON is not None, reason=REASON or "")

N = int(os.environ.get("PARTAGE_FR_BENCH_N", "100000"))
PERIOD = date(2026, 1, 1)
HEADCOUNT = 20
AT_RATE = Decimal("0.0064")
ROUNDS = int(os.environ.get("PARTAGE_FR_BENCH_ROUNDS", "3"))
GOAL = 1.5  # issue 6: ours at least 1.5x faster than OpenFisca's vectorised simulation
TIMES: dict[str, float] = {}


@pytest.fixture(scope="module")
def salaries() -> list[Decimal]:
    """N gross salaries spread from 1,200 to 20,000 EUR (deterministic)."""
    step = (Decimal(20000) - Decimal(1200)) / (N - 1)
    return [(Decimal(1200) + step * i).quantize(Decimal("0.01")) for i in range(N)]


@pytest.fixture(scope="module")
def system():
    start = time.perf_counter()
    loaded = oracle.load_system()
    TIMES["load"] = time.perf_counter() - start
    return loaded


def test_openfisca_simulation(benchmark, system, salaries):
    import numpy as np

    gross = np.array([float(s) for s in salaries])  # float ok: OpenFisca's own input type, outside the timing
    oracle.simulate(system, "2026-01", gross[:100], HEADCOUNT)  # warm-up, not measured
    result = benchmark.pedantic(oracle.simulate, args=(system, "2026-01", gross, HEADCOUNT),
                                rounds=ROUNDS, iterations=1)
    TIMES["openfisca"] = benchmark.stats.stats.min
    benchmark.extra_info["openfisca_load_s"] = round(TIMES["load"], 3)
    print(f"\nOpenFisca-France {oracle.VERSION}: tax-benefit system loaded in {TIMES['load']:.2f} s (apart)")
    assert len(result["net"]) == N
    _report(benchmark)


def test_our_columns(benchmark, salaries):
    tree = load_parameters(PARAMETERS)
    inputs = [FrPayslipInput(PERIOD, s, HEADCOUNT, AT_RATE) for s in salaries]  # input building not measured
    payroll = FrenchPayroll()
    payroll.compute_columns(inputs[:100], tree)  # warm-up
    columns = benchmark.pedantic(payroll.compute_columns, args=(inputs, tree), rounds=ROUNDS, iterations=1)
    TIMES["ours"] = benchmark.stats.stats.min
    assert columns.size == N and not columns.errors
    sample = list(range(0, N, max(1, N // 200)))  # the very payslips of the scalar path (not measured)
    where = columns.locate()
    ours = [where[i][0].payslip(where[i][1]) for i in sample]
    assert ours == payroll.compute_batch([inputs[i] for i in sample], tree)
    _report(benchmark)


def _report(benchmark) -> None:
    if "openfisca" not in TIMES or "ours" not in TIMES:
        return
    speedup = TIMES["openfisca"] / TIMES["ours"]
    benchmark.extra_info["openfisca_over_ours"] = round(speedup, 2)
    verdict = "met" if speedup >= GOAL else "NOT met"
    print(f"\n{N} salaries, best of {ROUNDS}: ours (compute_columns) {TIMES['ours']:.3f} s "
          f"({N / TIMES['ours']:,.0f}/s), OpenFisca {TIMES['openfisca']:.3f} s ({N / TIMES['openfisca']:,.0f}/s), "
          f"OpenFisca load {TIMES['load']:.2f} s apart; OpenFisca / ours = {speedup:.2f} "
          f"(goal: ours at least {GOAL}x faster: {verdict})")
