"""Seeded input grids for the column path: every regular situation and the law's boundaries."""
from __future__ import annotations

import random
from datetime import date
from decimal import Decimal as D
from typing import Iterator

from plugins.be.payroll import BelgianPayroll, PayslipInput
from plugins.be.payroll.snapshot import BeParams

CENT = D("0.01")
PERIODS = [date(year, month, 1) for year in range(2021, 2027) for month in range(1, 13)]
CONTRACTS = ("white_collar", "blue_collar")
FAMILIES = ("single", "married_two_incomes", "married_one_income")
PART_TIMES = (D(1), D(1), D("0.5"), D("0.6"), D("0.75"), D("0.8"), D("0.9"))  # 0.6 and 0.9 divide inexactly


def _near(amount: D, spread: int = 2) -> Iterator[D]:
    for step in range(-spread, spread + 1):
        if amount + step * CENT > 0:
            yield amount + step * CENT


def boundaries(p: BeParams) -> set[D]:
    """Gross pays on and around the thresholds of the period (work bonus, special contribution, tax)."""
    found: set[D] = set()
    for kind in CONTRACTS:
        for volet in p.bonus[kind]:
            for wage in (volet.start, volet.end):
                for part in (D(1), D("0.5"), D("0.8")):
                    for factor in (D(1), 1 / p.blue_factor):  # gross whose contribution base is the threshold
                        found.update(_near((wage * part * factor).quantize(CENT)))
    for table in (p.css_single, p.css_couple):
        for thresholds in table.thresholds:
            found.update(amount for t in thresholds for amount in _near(t, 1))
    keep = 1 - p.employee_rate  # taxable ~ gross x (1 - 13.07 %) above the work bonus
    for bracket in p.tax.base_scale:
        for annual in (bracket.threshold + p.tax.expenses_max, bracket.threshold / (1 - p.tax.expenses_rate)):
            found.update(_near((annual / 12 / keep).quantize(CENT), 3))
    return {g for g in found if g <= D(20000)}


def situation(rng: random.Random) -> dict:
    """A random regular white- or blue-collar situation (everything but period and gross)."""
    children = rng.randint(0, 5)
    return dict(
        contract=rng.choice(CONTRACTS), family=rng.choice(FAMILIES), children=children,
        disabled_children=rng.choice([0, 0, 0, rng.randint(0, children)]),
        other_dependants=rng.choice([0, 0, 0, 1, 2]), senior_dependants=rng.choice([0, 0, 0, 1]),
        disabled=rng.random() < 0.1, spouse_disabled=rng.random() < 0.1, non_resident=rng.random() < 0.1,
        part_time=rng.choice(PART_TIMES + (D(rng.randint(5000, 10000)) / 10000,)),
    )


def gross(rng: random.Random) -> D:
    """0.01 to 20,000.00 EUR, denser where the work bonus and the special contribution change."""
    cents = rng.choice([rng.randint(1, 2_000_000), rng.randint(100_000, 450_000), rng.randint(1, 100_000)])
    return D(cents) * CENT


def regular_grid(size: int, seed: int = 20250301, payroll: BelgianPayroll | None = None) -> list[PayslipInput]:
    """``size`` random regular inputs over 2021-01..2026-12 plus every boundary gross of each period."""
    rng = random.Random(seed)
    payroll = payroll or BelgianPayroll()
    inputs = [PayslipInput(period=period, gross=amount, **situation(rng))
              for period in PERIODS for amount in sorted(boundaries(payroll.resolve(None, period)))]
    inputs += [PayslipInput(period=rng.choice(PERIODS), gross=gross(rng), **situation(rng))
               for _ in range(max(size - len(inputs), 0))]
    rng.shuffle(inputs)
    return inputs
