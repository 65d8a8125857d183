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
from functools import lru_cache
from typing import Mapping, Sequence

import numpy as np

from partage.core.payroll.types import Payslip, PayslipLine, Side

TOTALS = ("gross", "net", "withholding_tax", "net_to_pay", "employer_contributions", "employer_cost")
CENT = Decimal("0.01")


def euros(cents: int) -> Decimal:
    """Integer cents as `Decimal` euros with two decimals."""
    return Decimal(int(cents)).scaleb(-2).quantize(CENT)


@lru_cache(maxsize=4096)
def scale_of(value: Decimal) -> int:
    """Decimals needed to write ``value`` exactly (0 for an integer)."""
    return max(0, -value.normalize().as_tuple().exponent)


def scaled(units: int, scale: int) -> Decimal:
    """``units`` x 10**-scale as a `Decimal` with exactly ``scale`` decimals."""
    return Decimal(int(units)).scaleb(-scale)


@dataclass(frozen=True, slots=True)
class LineColumn:
    """One printed line of a group: constant meta, one amount (and base) per row, as integers.

    ``amount`` holds ``scale`` decimals (2: cents; an INFO line may count days) and ``base``
    ``base_scale`` decimals (a base can be a fraction of the gross, e.g. 98.25 %). The rate is
    ``rate`` for every row, or, when ``rate_index`` is given, ``row_rates[rate_index[i]]``.
    """

    code: str
    label: str
    side: Side
    amount: np.ndarray                 # int64 (object: Python ints beyond int64), signed as printed
    base: np.ndarray | None = None     # same, or None when the line has no base
    rate: Decimal | None = None
    reference: str = ""
    omit_zero: bool = False            # the line is not printed on rows where its amount is 0
    scale: int = 2
    base_scale: int = 2
    row_rates: tuple[Decimal | None, ...] = ()
    rate_index: np.ndarray | None = None

    def rate_of(self, i: int) -> Decimal | None:
        return self.rate if self.rate_index is None else self.row_rates[self.rate_index[i]]

    def line(self, i: int) -> PayslipLine | None:
        value = int(self.amount[i])
        if self.omit_zero and value == 0:
            return None
        base = None if self.base is None else scaled(self.base[i], self.base_scale)
        return PayslipLine(self.code, self.label, scaled(value, self.scale), self.side, base,
                           self.rate_of(i), self.reference)


@dataclass(frozen=True, slots=True)
class SlipGroup:
    """Payslips of one shape: the six neutral totals (cents), the country's named totals (cents,
    or ``total_scales[name]`` decimals, e.g. a coefficient), the lines."""

    period: date
    rows: np.ndarray                       # int64 positions in the batch's input sequence
    amounts: Mapping[str, np.ndarray]      # every name of `TOTALS` -> int64 cents
    lines: tuple[LineColumn, ...] = ()
    totals: Mapping[str, np.ndarray] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    total_scales: Mapping[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def payslip(self, j: int) -> Payslip:
        """The `Payslip` of this group's ``j``-th row."""
        found = (col.line(j) for col in self.lines)
        totals = {name: scaled(v[j], self.total_scales.get(name, 2)) for name, v in self.totals.items()}
        return Payslip(period=self.period, lines=tuple(line for line in found if line is not None),
                       totals=totals, warnings=self.warnings,
                       **{name: euros(self.amounts[name][j]) for name in TOTALS})


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


def units(values: Sequence[Decimal], least: int = 2) -> tuple[np.ndarray, int]:
    """``values`` x 10**scale as integers with the smallest exact ``scale`` >= ``least``: int64, or
    Python ints where int64 is too small (a ceiling prorated by 1/30 keeps 28 digits)."""
    found = []
    for value in values:  # the common case: every value fits ``least`` decimals
        shifted = value.scaleb(least)
        whole = int(shifted)
        if whole != shifted:
            return _units(values, max([least] + [scale_of(v) for v in values]))
        found.append(whole)
    return _array(found), least


def _units(values: Sequence[Decimal], scale: int) -> tuple[np.ndarray, int]:
    return _array([int(v.scaleb(scale)) for v in values]), scale


def _array(found: list[int]) -> np.ndarray:
    if max(map(abs, found), default=0) < 2 ** 63:
        return np.array(found, dtype=np.int64)
    return np.array(found, dtype=object)


def cents_of(values: Sequence[Decimal]) -> np.ndarray:
    """`Decimal` euros as an int64 array of cents (raises `ValueError` on a fraction of a cent)."""
    found, scale = units(values)
    if scale != 2:
        raise ValueError(f"amount with {scale} decimals cannot be stored in cents")
    return found


def _rates(lines: Sequence[PayslipLine]) -> dict:
    first = lines[0].rate
    if all(line.rate == first and (line.rate is None) == (first is None) for line in lines):
        return {"rate": first}
    table: dict = {}
    index = np.fromiter((table.setdefault(line.rate, len(table)) for line in lines), dtype=np.int64,
                        count=len(lines))
    return {"row_rates": tuple(table), "rate_index": index}


def _line(meta: tuple, lines: Sequence[PayslipLine]) -> LineColumn:
    code, label, side, reference, no_base = meta
    amount, scale = units([line.amount for line in lines])
    base, base_scale = (None, 2) if no_base else units([line.base for line in lines])
    return LineColumn(code, label, side, amount, base, reference=reference, scale=scale,
                      base_scale=base_scale, **_rates(lines))


def _group(shape: tuple, rows: list[int], slips: list[Payslip]) -> SlipGroup:
    period, warnings, names, metas = shape
    lines = tuple(_line(meta, [s.lines[k] for s in slips]) for k, meta in enumerate(metas))
    totals, scales = {}, {}
    for name in names:
        totals[name], scale = units([s.totals[name] for s in slips])
        if scale != 2:
            scales[name] = scale
    return SlipGroup(period=period, rows=np.asarray(rows, dtype=np.int64),
                     amounts={n: cents_of([getattr(s, n) for s in slips]) for n in TOTALS},
                     lines=lines, totals=totals, warnings=warnings, total_scales=scales)


def groups_of(rows: Sequence[int], slips: Sequence[Payslip]) -> list[SlipGroup]:
    """Exact groups of payslips computed one object each; ``rows[k]`` is ``slips[k]``'s position.
    Payslips print the same lines in a group; rates, bases and totals keep their decimals."""
    shapes: dict[tuple, tuple[list[int], list[Payslip]]] = {}
    for row, slip in zip(rows, slips):
        shape = (slip.period, slip.warnings, tuple(slip.totals),
                 tuple((l.code, l.label, l.side, l.reference, l.base is None) for l in slip.lines))
        members = shapes.setdefault(shape, ([], []))
        members[0].append(row)
        members[1].append(slip)
    return [_group(shape, members[0], members[1]) for shape, members in shapes.items()]


def from_payslips(results: Sequence[Payslip | Exception]) -> PayslipColumns:
    """Columns of payslips computed one object each (the path of a plugin without columns). A
    payslip whose neutral totals are not whole cents is an error on its row, never truncated."""
    rows, slips, errors = [], [], {}
    for i, slip in enumerate(results):
        if isinstance(slip, Exception):
            errors[i] = str(slip)
        elif any(scale_of(getattr(slip, n)) > 2 for n in TOTALS):
            errors[i] = "gross: an amount with a fraction of a cent cannot be paid"
        else:
            rows.append(i)
            slips.append(slip)
    return PayslipColumns(size=len(results), groups=tuple(groups_of(rows, slips)), errors=errors)
