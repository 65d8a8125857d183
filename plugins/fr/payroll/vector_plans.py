"""Column path: rows cut into *blocks* of one period whose payslips have the same contribution lines on
the same bases, with the same number of decimals for the bases.

Each row's contribution plan is the scalar one (`contributions.plans`, once per profile and reduced-rate
case). Plans of a block may differ by their rates (AT/MP rate, training and FNAL rates by headcount, the
2024-2025 reduced maladie / AF rates by gross): `Block.rate_units` gives each row's rate of a line.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

import numpy as np

from partage.plugins.fr.payroll.contributions import PlanItem, plans
from partage.plugins.fr.payroll.payslip import CSG_LABELS
from partage.plugins.fr.payroll.rates import FrRates
from partage.core.payroll.columns import scale_of
from partage.plugins.fr.payroll.vector_profiles import Profile, Table

Plan = tuple[tuple[PlanItem, ...], tuple[PlanItem, ...]]  # (employee, employer)
EMPLOYEE, EMPLOYER = 0, 1


@dataclass(frozen=True)
class Block:
    """Rows of one period printing the same contribution lines, bases with ``scale`` decimals."""

    period: date
    rates: FrRates
    scale: int
    rows: np.ndarray             # input positions, ascending
    plans: tuple[Plan, ...]      # the distinct plans of the rows ...
    plan_of: np.ndarray          # ... and each row's

    def items(self, side: int) -> tuple[PlanItem, ...]:
        """The lines of ``side`` (EMPLOYEE or EMPLOYER) as the first plan has them (the rates may differ)."""
        return self.plans[0][side]

    def rates_of(self, side: int, k: int) -> list[Decimal]:
        return [plan[side][k].rate for plan in self.plans]

    def rate_units(self, side: int, k: int) -> int | np.ndarray:
        """Rate x 10**rate_scale of line ``k`` of ``side``: one int when every row has the same, else by row."""
        found = [int(rate.scaleb(self.rate_scale)) for rate in self.rates_of(side, k)]
        if len(set(found)) == 1:
            return found[0]
        return np.array(found, dtype=np.int64)[self.plan_of]

    def row_rates(self, side: int, k: int) -> tuple[tuple[Decimal, ...], np.ndarray] | None:
        """(distinct rates, each row's position in them) of line ``k``, or None when all rows share one."""
        table: dict[Decimal, int] = {}
        index = np.array([table.setdefault(rate, len(table)) for rate in self.rates_of(side, k)], dtype=np.int64)
        return None if len(table) == 1 else (tuple(table), index[self.plan_of])

    @cached_property
    def rate_scale(self) -> int:
        """Decimals of the plans' rates."""
        return max((scale_of(item.rate) for plan in self.plans for item in plan[0] + plan[1]), default=0)

    @cached_property
    def employer_scale(self) -> int:
        """Decimals of the exact employer total (forfait social included)."""
        return max(self.scale + self.rate_scale, 2 + scale_of(self.rates["forfait_social_provident"]))

    @cached_property
    def csg_scale(self) -> int:
        """Decimals of the CSG/CRDS base."""
        return self.scale + scale_of(self.rates["professional_expenses_abatement"])

    @cached_property
    def csg_rate_scale(self) -> int:
        return max(scale_of(self.rates[code]) for code in CSG_LABELS)


def _health_family(profile: Profile, reduced: int) -> tuple[Decimal, Decimal]:
    """(maladie, AF) employer rates: bit 0 of ``reduced`` the reduced maladie rate, bit 1 the reduced AF."""
    rates = profile.rates
    return (rates["health_employer_reduced" if reduced & 1 else "health_employer"],
            rates["family_employer_reduced" if reduced & 2 else "family_employer"])


def _shape(profile: Profile, plan: Plan) -> tuple:
    lines = tuple(tuple((item.spec, item.base) for item in side) for side in plan)
    return profile.sample.period, profile.scale, lines


def _split(values: np.ndarray, count: int) -> list[np.ndarray]:
    """Positions of each value 0..count-1 in ``values``, ascending."""
    order = np.argsort(values, kind="stable")
    return np.split(order, np.cumsum(np.bincount(values, minlength=count))[:-1])


def _block(table: Table, rows: np.ndarray, pairs: np.ndarray, pair_of: np.ndarray, pair_plans: list) -> Block:
    distinct, plan_of = np.unique(pair_of, return_inverse=True)
    profile = table.profiles[int(pairs[distinct[0]]) // 4]
    return Block(profile.sample.period, profile.rates, profile.scale, rows,
                 tuple(pair_plans[p] for p in distinct.tolist()), plan_of)


def blocks(table: Table, rows: np.ndarray) -> list[Block]:
    """The blocks of ``rows`` (column-path input positions, ascending)."""
    if not len(rows):
        return []
    profile_of, gross = table.profile[rows], table.gross[rows]
    reduced = (gross <= table.by_profile["health"][profile_of]) + 2 * (gross <= table.by_profile["family"][profile_of])
    pairs, pair_of = np.unique(profile_of * 4 + reduced, return_inverse=True)  # (profile, reduced rates) of rows
    shapes: dict[tuple, int] = {}
    pair_plans, block_of_pair = [], []
    for pair in pairs.tolist():
        profile = table.profiles[pair // 4]
        plan = plans(profile.sample, profile.rates, _health_family(profile, pair % 4))
        pair_plans.append(plan)
        block_of_pair.append(shapes.setdefault(_shape(profile, plan), len(shapes)))
    if len(shapes) == 1:
        return [_block(table, rows, pairs, pair_of, pair_plans)]
    members = _split(np.array(block_of_pair, dtype=np.int64)[pair_of], len(shapes))
    return [_block(table, rows[m], pairs, pair_of[m], pair_plans) for m in members]
