"""Inputs for the column-path tests: a seeded random grid and a readable diff of two payslips."""
from __future__ import annotations

import calendar
import random
from datetime import date
from decimal import Decimal

from partage.core.payroll.types import Payslip
from partage.plugins.fr.payroll import REGIONS, FrPayslipInput

D = Decimal
PERIODS = [date(year, month, 1) for year in (2024, 2025, 2026) for month in range(1, 13)]
HEADCOUNTS = [1, 2, 10, 11, 12, 19, 20, 21, 49, 50, 51, 249, 250, 251, 300]
AT_RATES = [D("0.0064"), D("0.009"), D("0.0123"), D("0.03"), D("0.0075"), D(0), D("0.00845")]
RATIOS = [D(1), D("0.5"), D("0.8"), D("0.75"), D("0.6"), D("0.857143"), D("0.3333")]


def _gross(rng: random.Random) -> Decimal:
    """Mostly uniform in 0.01..25,000, some low, some on whole euros (exact ties and thresholds)."""
    pick = rng.random()
    if pick < 0.6:
        cents = rng.randint(1, 2_500_000)
    elif pick < 0.8:
        cents = rng.randint(1, 700_000)
    elif pick < 0.95:
        cents = rng.randint(1, 25_000) * 100
    else:
        cents = rng.randint(1, 200)
    return D(cents).scaleb(-2)


def random_input(rng: random.Random) -> FrPayslipInput:
    """One input of the regular-employee kind (the column path's bulk case), any period of 2024-2026."""
    period = rng.choice(PERIODS)
    days = None
    if rng.random() < 0.15:
        days = rng.randint(1, calendar.monthrange(period.year, period.month)[1])
    pas = None if rng.random() < 0.5 else D(rng.randint(0, 430)).scaleb(-3)
    return FrPayslipInput(
        period, _gross(rng), rng.choice(HEADCOUNTS + [rng.randint(1, 300)]), rng.choice(AT_RATES),
        cadre=rng.random() < 0.4, pas_rate=pas, region=rng.choice(REGIONS),
        work_time_ratio=RATIOS[0] if rng.random() < 0.7 else rng.choice(RATIOS), employment_days=days,
        apprenticeship_tax_liable=rng.random() < 0.9, employee_id=str(rng.random()))


def random_inputs(seed: int, count: int) -> list[FrPayslipInput]:
    rng = random.Random(seed)
    return [random_input(rng) for _ in range(count)]


def difference(ours: Payslip | Exception, scalar: Payslip | Exception) -> str:
    """What differs between two payslips (for an assertion message)."""
    if not isinstance(ours, Payslip) or not isinstance(scalar, Payslip):
        return f"column path {ours!r}, scalar path {scalar!r}"
    out = [f"{name}: {getattr(ours, name)} != {getattr(scalar, name)}" for name in
           ("period", "gross", "net", "withholding_tax", "net_to_pay", "employer_contributions", "employer_cost",
            "warnings") if getattr(ours, name) != getattr(scalar, name)]
    out += [f"totals[{k}]: {ours.totals.get(k)} != {v}" for k, v in scalar.totals.items() if ours.totals.get(k) != v]
    if set(ours.totals) != set(scalar.totals):
        out.append(f"total names {sorted(ours.totals)} != {sorted(scalar.totals)}")
    out += [f"line {k}: {a} != {b}" for k, (a, b) in enumerate(zip(ours.lines, scalar.lines)) if a != b]
    if len(ours.lines) != len(scalar.lines):
        out.append(f"{len(ours.lines)} lines != {len(scalar.lines)}")
    return "; ".join(out)
