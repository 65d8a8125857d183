"""Seeded input grids for the column path: every regular situation and the law's boundaries,
artists (with and without an attestation, with and without a fee-rule daily reference) and
students (several payslips of one worker crossing the yearly hours quota), rows around the
quarterly cap on the basic employer contribution."""
from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal as D
from typing import Iterator

from partage.plugins.be.payroll import BelgianPayroll, PayslipInput
from partage.plugins.be.payroll.snapshot import BeParams

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
                    for factor in (D(1), 1 / p.blue_factor):  # S is the gross; also its 108 % base
                        found.update(_near((wage * part * factor).quantize(CENT)))
    for table in (p.css_single, p.css_couple, p.css_one_income):
        for thresholds in table.thresholds:
            for factor in (D(1), 1 / p.blue_factor):  # the contribution base (108 % blue-collar) on the threshold
                found.update(amount for t in thresholds for amount in _near((t * factor).quantize(CENT), 1))
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


def artist(rng: random.Random) -> dict:
    """A regular artist situation: an arts-work attestation or not, any part time."""
    return situation(rng) | {"contract": "artist", "arts_work_attestation": rng.random() < 0.7}


def student(rng: random.Random, workers: int = 300) -> dict:
    """A student situation: hours (None, 0, whole or in hundredths), one of ``workers`` worker ids
    (or none), hours used before this batch; part time is irrelevant to a student."""
    hours = rng.choice([None, D(0), D(rng.randint(1, 40)), D(rng.randint(1, 160)),
                        D(rng.randint(1, 20_000)) / 100])
    before = rng.choice([D(0), D(0), D(300), D(600), D(640), D(650), D(700), D(rng.randint(0, 65_000)) / 100])
    worker = rng.choice(["", f"student-{rng.randrange(workers)}", f"student-{rng.randrange(workers)}"])
    return situation(rng) | {"contract": "student", "hours": hours, "student_hours_before": before,
                             "worker_id": worker, "part_time": rng.choice(PART_TIMES + (D("0.123457"),))}


def fee_rule_boundaries(p: BeParams) -> set[D]:
    """Gross pays around the equivalent-days cap and around half-hundredths of a day."""
    if p.artist_daily_reference is None:
        return set()
    found = set(_near((p.artist_max_days * p.artist_daily_reference).quantize(CENT), 3))
    for days in (D("0.005"), D("1.015"), D("10.005"), D("77.775"), D("155.995")):
        found.update(_near((days * p.artist_daily_reference).quantize(CENT), 1))
    return found


def quota_rows(rng: random.Random, period: date, quota: D, worker: str) -> list[PayslipInput]:
    """Three payslips of one student around the quota: the last one just within, on, or above it."""
    before = quota - D(rng.choice([40, 80, 120]))
    first = D(rng.randint(1, 39))
    last = quota - before - first + rng.choice([D(-1), D(0), D("0.01"), D(1), D(30)])
    return [PayslipInput(period=period, gross=gross(rng), contract="student", hours=hours, worker_id=worker,
                         student_hours_before=before, family=rng.choice(FAMILIES))
            for hours in (first, D(0), max(last, D(0)))]


QUARTER_CAP = D("85000.00")   # the cap on the basic employer contribution's base from 2025-07 (none before)


def cap_rows(rng: random.Random, period: date, p: BeParams) -> list[PayslipInput]:
    """Regular rows whose base plus the base declared earlier in the quarter is a cent below, on, or a
    cent above the quarterly cap, far above it, or one payslip above it alone (in a period without
    the cap, the same amounts: nothing is capped)."""
    rows = []
    for delta in (D("-0.01"), D(0), D("0.01"), D(rng.randint(1, 4_000_000)) * CENT):
        kind = situation(rng) | {"contract": rng.choice(CONTRACTS + ("artist",))}
        amount = D(rng.randint(1_500_000, 4_000_000)) * CENT
        base = (amount * p.blue_factor).quantize(CENT, ROUND_HALF_UP) if kind["contract"] == "blue_collar" else amount
        rows.append(PayslipInput(period=period, gross=amount, quarter_base_before=max(QUARTER_CAP - base + delta, D(0)),
                                 **kind))
    rows.append(PayslipInput(period=period, gross=D(rng.randint(8_500_001, 12_000_000)) * CENT, **situation(rng)))
    return rows


def mixed_grid(size: int, seed: int = 20250302, payroll: BelgianPayroll | None = None) -> list[PayslipInput]:
    """The regular grid (three quarters of ``size``), an artist or a student on the period and gross
    of a third of its rows, the fee-rule boundaries of each period, students crossing the quota, rows
    around the quarterly cap on the basic employer contribution, and random rows of every kind up to
    ``size``, in a shuffled order."""
    rng = random.Random(seed)
    payroll = payroll or BelgianPayroll()
    inputs = regular_grid(size * 3 // 4, seed, payroll)
    inputs += [PayslipInput(period=row.period, gross=row.gross, **rng.choice((artist, student))(rng))
               for row in inputs if rng.random() < 1 / 3]
    for period in PERIODS:
        p = payroll.resolve(None, period)
        inputs += [PayslipInput(period=period, gross=amount, **artist(rng)) for amount in fee_rule_boundaries(p)]
        inputs += quota_rows(rng, period, p.student_quota, f"quota-{period:%Y%m}")
        inputs += cap_rows(rng, period, p)
    kinds = (situation, situation, artist, student)
    inputs += [PayslipInput(period=rng.choice(PERIODS), gross=gross(rng), **rng.choice(kinds)(rng))
               for _ in range(max(size - len(inputs), 0))]
    rng.shuffle(inputs)
    return inputs
