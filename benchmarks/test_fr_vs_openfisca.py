"""Our French batch API vs OpenFisca-France's vectorised simulation on the same salaries, same run.

OpenFisca-France (AGPL, test-only oracle; `pip install '.[oracle]'`) is skipped with its reason when it is not
importable. Its tax-benefit-system load (~7 s) is measured apart and printed; warm-ups are not measured.
Default size 20,000 salaries; `PARTAGE_FR_BENCH_N=100000` for the full comparison (about 30 s with
`PARTAGE_FR_BENCH_ROUNDS=1`).
Run: `.venv/bin/pytest benchmarks/test_fr_vs_openfisca.py --benchmark-only -s` (prints the ratio).
"""
from __future__ import annotations

import importlib.util
import os
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from core.params import load_parameters
from plugins.fr.payroll import FrenchPayroll, FrPayslipInput
from plugins.fr.payroll.engine import PARAMETERS

# the oracle helper lives with the tests (benchmarks/ is not a package): load it by path
_SPEC = importlib.util.spec_from_file_location(
    "fr_openfisca_oracle", Path(__file__).resolve().parents[1] / "tests" / "fr_payroll" / "openfisca_oracle.py")
oracle = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(oracle)

REASON = oracle.available()
pytestmark = pytest.mark.skipif(REASON is not None, reason=REASON or "")

N = int(os.environ.get("PARTAGE_FR_BENCH_N", "20000"))
PERIOD = date(2026, 1, 1)
HEADCOUNT = 20
AT_RATE = Decimal("0.0064")
ROUNDS = int(os.environ.get("PARTAGE_FR_BENCH_ROUNDS", "3"))
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

    gross = np.array([float(s) for s in salaries])
    oracle.simulate(system, "2026-01", gross[:100], HEADCOUNT)  # warm-up, not measured
    result = benchmark.pedantic(oracle.simulate, args=(system, "2026-01", gross, HEADCOUNT),
                                rounds=ROUNDS, iterations=1)
    TIMES["openfisca"] = benchmark.stats.stats.min
    benchmark.extra_info["openfisca_load_s"] = round(TIMES["load"], 3)
    print(f"\nOpenFisca-France {oracle.VERSION}: tax-benefit system loaded in {TIMES['load']:.2f} s (apart)")
    assert len(result["net"]) == N


def test_our_batch(benchmark, salaries):
    tree = load_parameters(PARAMETERS)
    inputs = [FrPayslipInput(PERIOD, s, HEADCOUNT, AT_RATE) for s in salaries]  # input building not measured
    payroll = FrenchPayroll()
    payroll.compute_batch(inputs[:100], tree)  # warm-up
    slips = benchmark.pedantic(payroll.compute_batch, args=(inputs, tree), rounds=ROUNDS, iterations=1)
    TIMES["ours"] = benchmark.stats.stats.min
    assert len(slips) == N
    _report(benchmark)


def _report(benchmark) -> None:
    if "openfisca" not in TIMES:
        return
    ratio = TIMES["ours"] / TIMES["openfisca"]
    benchmark.extra_info["ours_over_openfisca"] = round(ratio, 2)
    print(f"\n{N} salaries, best of {ROUNDS}: ours {TIMES['ours']:.3f} s ({N / TIMES['ours']:,.0f}/s), "
          f"OpenFisca {TIMES['openfisca']:.3f} s ({N / TIMES['openfisca']:,.0f}/s), load {TIMES['load']:.2f} s "
          f"apart; ours / OpenFisca = {ratio:.2f} ({'OpenFisca' if ratio > 1 else 'ours'} faster by "
          f"{max(ratio, 1 / ratio):.1f}x)")
