"""Payslips column-wise: what a country plugin's fast batch path returns to bulk runs.

A batch of payslips is split into *groups* whose payslips print the same lines (same codes,
labels, sides, rates and references: one contract type and period, say). A group holds one NumPy
``int64`` array of integer cents per amount, indexed like its ``rows`` (positions in the input
sequence). Rows that could not be computed are in ``errors`` (position -> message naming the field)
and in no group. ``payslip(i)`` rebuilds the country-neutral `Payslip` of one row in `Decimal`, so
the column path and the one-object-per-payslip path can be compared to the cent.

Amounts are cents because the law rounds each printed amount to the cent; a plugin computes
in integers (or exact fractions) and rounds as its law says before it fills a column.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Iterable, Mapping, Sequence

import numpy as np

from core.payroll.types import Payslip, PayslipLine, Side

TOTALS = ("gross", "net", "withholding_tax", "net_to_pay", "employer_contributions", "employer_cost")
CENT = Decimal("0.01")


def euros(cents: int) -> Decimal:
    """Integer cents as `Decimal` euros with two decimals."""
    return Decimal(int(cents)).scaleb(-2).quantize(CENT)


@dataclass(frozen=True, slots=True)
class LineColumn:
    """One printed line of a group: constant meta, one amount (and base) per row in cents."""

    code: str
    label: str
    side: Side
    amount: np.ndarray                 # int64 cents, signed as on `PayslipLine.amount`
    base: np.ndarray | None = None     # int64 cents, or None when the line has no base
    rate: Decimal | None = None
    reference: str = ""
    omit_zero: bool = False            # the line is not printed on rows where its amount is 0
    scale: int = 2                     # decimals of `amount` (2: cents; an INFO line may count days)

    def line(self, i: int) -> PayslipLine | None:
        value = int(self.amount[i])
        if self.omit_zero and value == 0:
            return None
        amount = Decimal(value).scaleb(-self.scale).quantize(Decimal(1).scaleb(-self.scale))
        base = None if self.base is None else euros(self.base[i])
        return PayslipLine(self.code, self.label, amount, self.side, base, self.rate, self.reference)


@dataclass(frozen=True, slots=True)
class SlipGroup:
    """Payslips of one shape: the six neutral totals, the country's named totals, the lines."""

    period: date
    rows: np.ndarray                       # int64 positions in the batch's input sequence
    amounts: Mapping[str, np.ndarray]      # every name of `TOTALS` -> int64 cents
    lines: tuple[LineColumn, ...] = ()
    totals: Mapping[str, np.ndarray] = field(default_factory=dict)  # country-named, int64 cents
    warnings: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)

    def payslip(self, j: int) -> Payslip:
        """The `Payslip` of this group's ``j``-th row."""
        found = (col.line(j) for col in self.lines)
        return Payslip(period=self.period, lines=tuple(line for line in found if line is not None),
                       totals={name: euros(v[j]) for name, v in self.totals.items()},
                       warnings=self.warnings, **{name: euros(self.amounts[name][j]) for name in TOTALS})


@dataclass(frozen=True, slots=True)
class PayslipColumns:
    """A computed batch: groups of payslips, and the rows that failed with their error."""

    size: int
    groups: tuple[SlipGroup, ...]
    errors: Mapping[int, str] = field(default_factory=dict)

    def locate(self) -> dict[int, tuple[SlipGroup, int]]:
        """Input position -> (group, row within the group)."""
        return {int(pos): (g, j) for g in self.groups for j, pos in enumerate(g.rows)}

    def payslip(self, i: int) -> Payslip:
        """The payslip of input ``i`` (raises `ValueError` with the row's error if it failed)."""
        if i in self.errors:
            raise ValueError(self.errors[i])
        group, j = self.locate()[i]
        return group.payslip(j)

    def payslips(self) -> list[Payslip | ValueError]:
        """Every row in input order: a `Payslip`, or a `ValueError` carrying the row's error."""
        where = self.locate()
        return [ValueError(self.errors[i]) if i in self.errors else where[i][0].payslip(where[i][1])
                for i in range(self.size)]


def cents_of(values: Iterable[Decimal]) -> np.ndarray:
    """`Decimal` euros (two decimals) as an int64 array of cents."""
    return np.fromiter((int(v.scaleb(2)) for v in values), dtype=np.int64)


def _shape(slip: Payslip) -> tuple:
    return (slip.period, slip.warnings, tuple(slip.totals),
            tuple((l.code, l.label, l.side, l.rate, l.reference, l.base is None,
                   -l.amount.as_tuple().exponent) for l in slip.lines))


def _group(shape: tuple, rows: list[int], slips: list[Payslip]) -> SlipGroup:
    period, warnings, names, metas = shape
    lines = []
    for k, (code, label, side, rate, reference, no_base, scale) in enumerate(metas):
        amount = np.fromiter((int(s.lines[k].amount.scaleb(scale)) for s in slips), dtype=np.int64)
        base = None if no_base else cents_of(s.lines[k].base for s in slips)
        lines.append(LineColumn(code, label, side, amount, base, rate, reference, scale=scale))
    return SlipGroup(period=period, rows=np.asarray(rows, dtype=np.int64),
                     amounts={n: cents_of(getattr(s, n) for s in slips) for n in TOTALS},
                     lines=tuple(lines), totals={n: cents_of(s.totals[n] for s in slips) for n in names},
                     warnings=warnings)


def from_payslips(results: Sequence[Payslip | Exception]) -> PayslipColumns:
    """Columns of payslips computed one object each (the path of a plugin without columns)."""
    shapes: dict[tuple, tuple[list[int], list[Payslip]]] = {}
    errors: dict[int, str] = {}
    for i, slip in enumerate(results):
        if isinstance(slip, Exception):
            errors[i] = str(slip)
            continue
        rows, slips = shapes.setdefault(_shape(slip), ([], []))
        rows.append(i)
        slips.append(slip)
    groups = tuple(_group(shape, rows, slips) for shape, (rows, slips) in shapes.items())
    return PayslipColumns(size=len(results), groups=groups, errors=errors)
