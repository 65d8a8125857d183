"""Belgian payroll parameters resolved once per batch into plain Decimals (fast per payslip)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from partage.core.params import Brackets, ParameterNotDefined, ParametersAt

P = "payroll."
CENT = Decimal("0.01")
COEFFICIENT = Decimal("1E-4")  # rounding quantum: published work-bonus coefficients have 4 decimals
CLOSURE_FUND_CATEGORIES = ("commercial_under_20", "commercial_20_or_more", "non_commercial")


@dataclass(frozen=True, slots=True)
class EmployerProfile:
    """Employer facts that select contributions (one profile per batch)."""

    closure_fund_category: str = "commercial_20_or_more"
    at_least_10_workers: bool = True
    joint_committee_200: bool = True

    def __post_init__(self) -> None:
        if self.closure_fund_category not in CLOSURE_FUND_CATEGORIES:
            allowed = ", ".join(CLOSURE_FUND_CATEGORIES)
            raise ValueError(f"closure_fund_category: unknown {self.closure_fund_category!r} (allowed: {allowed})")


@dataclass(frozen=True, slots=True)
class BonusPart:
    """One part (volet) of the social work bonus: full up to ``start``, tapered, nil above ``end``."""

    amount: Decimal
    start: Decimal
    end: Decimal
    coefficient: Decimal

    def scaled(self, factor: Decimal) -> "BonusPart":
        """Amounts and coefficient x ``factor`` (blue-collar 108 %), rounded as published."""
        return BonusPart(
            (self.amount * factor).quantize(CENT, ROUND_HALF_UP), self.start, self.end,
            (self.coefficient * factor).quantize(COEFFICIENT, ROUND_HALF_UP),
        )


@dataclass(frozen=True, slots=True)
class ContributionTable:
    """Special social security contribution table: brackets with their minimum and maximum."""

    table: Brackets
    minimum: Brackets
    maximum: Brackets
    thresholds: tuple[tuple[Decimal, ...], ...] = ()

    def __post_init__(self) -> None:
        bounds = tuple(tuple(b.threshold for b in s) for s in (self.table, self.minimum, self.maximum))
        object.__setattr__(self, "thresholds", bounds)


def optional(snap: ParametersAt, name: str) -> Any:
    """Value of ``name`` or None when it is not defined on the snapshot date."""
    try:
        return snap[name]
    except ParameterNotDefined:
        return None


def optional_scale(snap: ParametersAt, name: str) -> Brackets | None:
    try:
        return snap.scale(name)
    except ParameterNotDefined:
        return None


def bonus_part(snap: ParametersAt, volet: str) -> BonusPart:
    base = f"{P}work_bonus.{volet}."
    return BonusPart(*(snap[base + key] for key in ("amount", "start", "end", "coefficient")))


def contribution_table(snap: ParametersAt, kind: str) -> ContributionTable:
    base = f"{P}special_contribution.{kind}."
    return ContributionTable(snap.scale(base + "table"), snap.scale(base + "minimum"), snap.scale(base + "maximum"))
