"""Column path: the PAS rate of every row, as `withholding.withholding_rate` picks it.

A row takes its personalised rate, or the rate of the bracket of its region's neutral grid its net taxable
pay falls in (``bisect_right`` there, ``searchsorted(side="right")`` here, on exact integers). Rates are
kept as one table of `Decimal` (each row holds its position in it), so a payslip gets back the very rate
object of the scalar path.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from partage.plugins.fr.payroll.rates import FrRates
from partage.core.payroll.columns import scale_of
from partage.plugins.fr.payroll.vector_profiles import Table

ZERO = Decimal(0)  # `Brackets.rate_for` below the first threshold


@dataclass(frozen=True)
class Grid:
    """One region's neutral grid: thresholds in 10**-scale euros; bracket k has rate ``offset + 1 + k``."""

    offset: int
    thresholds: np.ndarray
    scale: int


@dataclass(frozen=True)
class Withholding:
    """PAS rates of a block: the table of rates, and how a row finds its rate in it."""

    rates: tuple[Decimal, ...]
    units: np.ndarray            # rates x 10**rate_scale
    rate_scale: int
    given: np.ndarray            # by PAS rate of the batch (`Table.pas_rates`): its position in ``rates``, or -1
    region: np.ndarray           # by profile: position of its region's grid in ``grids``, or -1
    grids: tuple[Grid, ...]

    def codes(self, net_taxable: np.ndarray, profile_of: np.ndarray, pas_of: np.ndarray) -> np.ndarray:
        """Position in ``rates`` of each row's PAS rate (``net_taxable`` in cents)."""
        out = self.given[pas_of]
        region = np.where(out < 0, self.region[profile_of], -1)
        for k, grid in enumerate(self.grids):
            rows = np.flatnonzero(region == k)
            amount = net_taxable[rows] * 10 ** (grid.scale - 2)
            out[rows] = grid.offset + np.searchsorted(grid.thresholds, amount, side="right")
        return out


def _grid(rates: FrRates, region: str, table: list[Decimal]) -> Grid:
    brackets = rates.pas_grids[region]
    scale = max([2] + [scale_of(b.threshold) for b in brackets])
    offset = len(table)
    table.append(ZERO)
    table.extend(b.rate for b in brackets)
    return Grid(offset, np.array([int(b.threshold.scaleb(scale)) for b in brackets], dtype=np.int64), scale)


def withholding(rates: FrRates, table: Table, rows: np.ndarray) -> Withholding:
    """The PAS rates of ``rows`` (input positions of one period) under ``rates``."""
    found: list[Decimal] = []
    given = np.full(len(table.pas_rates), -1, dtype=np.int64)
    for k in np.unique(table.pas[rows]).tolist():
        if table.pas_rates[k] is not None:
            given[k] = len(found)
            found.append(table.pas_rates[k])
    region = np.full(len(table.profiles), -1, dtype=np.int64)
    grids: dict[str, int] = {}
    grid_list: list[Grid] = []
    on_grid = rows[table.on_grid[rows]]
    for k in np.unique(table.profile[on_grid]).tolist():
        name = table.profiles[k].sample.region
        if name not in grids:
            grids[name] = len(grid_list)
            grid_list.append(_grid(rates, name, found))
        region[k] = grids[name]
    scale = max([0] + [scale_of(r) for r in found])
    return Withholding(tuple(found), np.array([int(r.scaleb(scale)) for r in found], dtype=np.int64), scale,
                       given, region, tuple(grid_list))
