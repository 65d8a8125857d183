"""Column path: the general reduction coefficient (float estimate, scalar recomputation near a rounding
boundary) equals the scalar `Decimal` coefficient on dense grids of salaries."""
from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from functools import partial

import numpy as np
import pytest

from partage.plugins.fr.payroll import engine, vector_reduction
from partage.plugins.fr.payroll.reduction import reduction_coefficient
from partage.plugins.fr.payroll.vector_profiles import read_inputs
from tests.fr_payroll.helpers import slip_input

D = Decimal
PERIODS = [date(2024, 6, 1), date(2025, 6, 1), date(2026, 1, 1), date(2026, 6, 1)]


def _rows(period: date, count: int) -> list:
    """Salaries from 0.01 to a little above the exit threshold (1.6 SMIC Fillon, 3 SMIC RGDU), full and
    part time, entry/exit in the month, small and large employers."""
    rng = random.Random(period.toordinal())
    top = 320_000 if period.year < 2026 else 600_000
    out = []
    for _ in range(count):
        ratio = rng.choice([D(1), D("0.5"), D("0.8")])
        days = rng.choice([None, None, 10, 17])
        cents = rng.randint(1, int(top * ratio))
        out.append(slip_input(str(D(cents).scaleb(-2)), period, headcount=rng.choice([20, 60]),
                              work_time_ratio=ratio, employment_days=days))
    return out


def _check(tree, inputs) -> int:
    table = read_inputs(inputs, partial(engine._rates_or_errors, tree))
    rates = table.profiles[0].rates
    units, in_range, decimals = vector_reduction.coefficients(rates, table.gross, table.profile, table)
    covered = table.by_profile["covered"][table.profile]  # the others take the scalar path (inexact ceiling)
    assert covered.mean() > 0.8
    for i in np.flatnonzero(covered).tolist():
        item = inputs[i]
        profile = table.profiles[table.profile[i]]
        expected = reduction_coefficient(item.gross, item.headcount, profile.ratio, rates)
        assert D(int(units[i])).scaleb(-decimals) == expected, (item, units[i], expected)
    return int(np.count_nonzero(in_range))


@pytest.mark.parametrize("period", PERIODS)
def test_coefficient_equals_scalar(tree, period):
    inputs = _rows(period, 15_000)
    assert _check(tree, inputs) > 7_500  # most rows are in the reduction's range


def test_recomputation_near_boundaries_is_exact(tree, monkeypatch):
    monkeypatch.setattr(vector_reduction, "NEAR", 0.5)  # every row counts as near: all recomputed in Decimal
    _check(tree, _rows(date(2026, 1, 1), 2_000))
    _check(tree, _rows(date(2025, 6, 1), 2_000))
