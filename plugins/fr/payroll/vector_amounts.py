"""Column path, step 3: the amounts of one *block* (`vector_plans.Block`) in int64 integer arithmetic,
with the scalar path's rounding (`payslip.py`).

An exact amount is an int64 count of 10**-scale euros: a base with ``scale`` decimals times a rate with
``rate_scale`` decimals is exact with ``scale + rate_scale`` decimals. `round_cents` rounds it half up
(away from zero, as `Decimal.quantize(ROUND_HALF_UP)`) to cents. `gross_limit` bounds the gross so that no
product or sum can leave int64; rows above it take the scalar path.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from partage.plugins.fr.payroll.payslip import CSG_LABELS, FORFAIT_SOCIAL
from partage.core.payroll.columns import scale_of
from partage.plugins.fr.payroll.vector_plans import EMPLOYEE, EMPLOYER, Block
from partage.plugins.fr.payroll.vector_profiles import LIMITS, Table
from partage.plugins.fr.payroll.vector_reduction import coded, coefficients
from partage.plugins.fr.payroll.vector_withholding import Withholding

BASES = ("gross", "t1", "t2", "cet", "cap_unemployment", "apec")  # attributes of `bases.Bases` a plan uses
INT64 = 2 ** 63 - 1
PROVIDENT = "provident_cadre"  # its rounded amount enters the CSG base and the forfait social


@dataclass
class Column:
    """One printed line of a block: amount in cents, base with ``base_scale`` decimals, row rates if any."""

    amount: np.ndarray
    base: np.ndarray | None
    base_scale: int = 2
    row_rates: tuple[Decimal, ...] | None = None
    rate_index: np.ndarray | None = None


def units(value: Decimal, scale: int) -> int:
    """``value`` x 10**scale, exactly (``value`` has at most ``scale`` decimals)."""
    return int(value.scaleb(scale))


def round_cents(exact: np.ndarray, scale: int) -> np.ndarray:
    """Exact amounts in 10**-scale euros rounded half up (away from zero) to cents."""
    if scale == 2:
        return exact
    step = 10 ** (scale - 2)
    half = step // 2
    if exact.min(initial=0) >= 0:
        return (exact + half) // step
    return np.where(exact >= 0, (exact + half) // step, -((half - exact) // step))


def gross_limit(block: Block, withholding: Withholding, coefficient_decimals: int) -> int:
    """Highest gross in cents whose every exact amount and sum of the block fits int64."""
    widest = max(block.employer_scale, block.csg_scale + block.csg_rate_scale,
                 2 + withholding.rate_scale, 2 + coefficient_decimals)
    return INT64 // (64 * 10 ** (widest - 2))


def _bases(block: Block, gross: np.ndarray, caps: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The bases of `bases.compute_bases` with ``block.scale`` decimals (``caps``: `LIMITS` by row)."""
    g = gross * 10 ** (block.scale - 2)
    ceiling = caps["ceiling"]
    return {"gross": g, "t1": np.minimum(g, ceiling), "t2": np.minimum(np.maximum(g - ceiling, 0), caps["t2"]),
            "cet": np.where(g > ceiling, np.minimum(g, caps["cet"]), 0),
            "cap_unemployment": np.minimum(g, caps["unemployment"]), "apec": np.minimum(g, caps["apec"])}


def _column(block: Block, side: int, k: int, amount: np.ndarray, base: np.ndarray) -> Column:
    return Column(amount, base, block.scale, *(block.row_rates(side, k) or (None, None)))


def _employee(block: Block, bases: dict[str, np.ndarray]) -> tuple[dict[str, Column], np.ndarray]:
    """Employee lines, each rounded (`payslip.compute_payslip`), and their total."""
    scale = block.scale + block.rate_scale
    columns, total = {}, np.zeros(len(bases["gross"]), dtype=np.int64)
    for k, item in enumerate(block.items(EMPLOYEE)):
        amount = round_cents(bases[item.base] * block.rate_units(EMPLOYEE, k), scale)
        columns[item.spec.code] = _column(block, EMPLOYEE, k, amount, bases[item.base])
        total += amount
    return columns, total


def _forfait(block: Block, provident: np.ndarray, liable: np.ndarray) -> tuple[Column, np.ndarray, np.ndarray]:
    """Forfait social on the (rounded) provident share: (line, exact amount at the employer scale, printed?)."""
    rate = block.rates["forfait_social_provident"]
    scale = scale_of(rate)
    printed = (provident != 0) & liable
    exact = np.where(printed, provident * units(rate, scale), 0)
    line = Column(round_cents(exact, 2 + scale), provident)
    return line, exact * 10 ** (block.employer_scale - 2 - scale), printed


def _employer(block: Block, bases: dict[str, np.ndarray], liable: np.ndarray) -> tuple:
    """(lines, total before reduction = sum of the printed lines, provident share, forfait social printed?)."""
    scale = block.scale + block.rate_scale
    size = len(bases["gross"])
    columns, total, provident = {}, np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.int64)
    for k, item in enumerate(block.items(EMPLOYER)):
        rate = block.rate_units(EMPLOYER, k)
        amount = round_cents(bases[item.base] * rate, scale)
        total += amount
        columns[item.spec.code] = _column(block, EMPLOYER, k, amount, bases[item.base])
        if item.spec.code == PROVIDENT:
            provident += amount
    printed = np.zeros(size, dtype=bool)
    if any(item.spec.code == PROVIDENT for item in block.items(EMPLOYER)):
        columns[FORFAIT_SOCIAL.code], _, printed = _forfait(block, provident, liable)
        total += columns[FORFAIT_SOCIAL.code].amount
    return columns, total, provident, printed


def _csg(block: Block, gross: np.ndarray, caps: dict[str, np.ndarray], provident: np.ndarray,
         employee_total: np.ndarray) -> tuple[dict[str, Column], np.ndarray, np.ndarray]:
    """CSG/CRDS lines (rounded), the net (gross minus the printed employee and CSG/CRDS lines) and the net
    taxable (gross minus the printed employee lines and the printed deductible CSG), as `payslip.compute_payslip`."""
    rates = block.rates
    abatement = rates["professional_expenses_abatement"]
    extra = scale_of(abatement)
    g = gross * 10 ** (block.scale - 2)
    base = (g * 10 ** extra - np.minimum(g, caps["abatement"]) * units(abatement, extra)
            + provident * 10 ** (block.csg_scale - 2))
    scale = block.csg_scale + block.csg_rate_scale
    exact = {code: base * units(rates[code], block.csg_rate_scale) for code in CSG_LABELS}
    columns = {code: Column(round_cents(value, scale), base, block.csg_scale) for code, value in exact.items()}
    net = gross - employee_total - sum(columns[code].amount for code in CSG_LABELS)   # printed lines
    return columns, net, gross - employee_total - columns["csg_deductible"].amount


def _shape(table: Table, rows: np.ndarray, bases: dict[str, np.ndarray], forfait: np.ndarray) -> np.ndarray:
    """Per row, which lines print: a bit per non-zero base (zero-base lines are skipped), one for the
    forfait social, then the warnings."""
    shape = forfait.astype(np.int64) << len(BASES)
    for bit, name in enumerate(BASES):
        shape |= (bases[name] != 0).astype(np.int64) << bit
    profile_of = table.profile[rows]
    warnings = np.where(table.on_grid[rows], table.by_profile["warnings"][profile_of],
                        table.by_profile["given_warnings"][profile_of])
    return shape | (warnings << (len(BASES) + 1))


@dataclass(frozen=True)
class BlockAmounts:
    """Everything a block's payslips print, by row: line columns by code, neutral and named totals."""

    columns: dict[str, Column]
    amounts: dict[str, np.ndarray]     # `core.payroll.columns.TOTALS`, cents
    totals: dict[str, np.ndarray]      # the French named totals, cents unless in ``total_scales``
    total_scales: dict[str, int]
    shape: np.ndarray                  # see `_shape`


def _totals(gross: np.ndarray, employee_total: np.ndarray, csg: dict[str, Column], net: np.ndarray,
            net_taxable: np.ndarray, pas: np.ndarray, before: np.ndarray,
            reduction: np.ndarray) -> dict[str, np.ndarray]:
    """The named totals of `payslip.compute_payslip` (but the coefficient and the ceiling)."""
    after = before - reduction
    return {
        "gross": gross, "employee_contributions": employee_total,
        **{code: csg[code].amount for code in CSG_LABELS}, "net": net, "net_taxable": net_taxable,
        "withholding_tax": pas, "net_to_pay": net - pas, "employer_contributions_before_reduction": before,
        "general_reduction": reduction, "employer_contributions": after, "labour_cost": gross + after,
    }


def block_amounts(block: Block, table: Table, withholding: Withholding) -> BlockAmounts:
    """The payslips of a block's rows."""
    gross, profile_of = table.gross[block.rows], table.profile[block.rows]
    caps = dict(zip(LIMITS, table.caps(block.scale, profile_of).T))
    bases = _bases(block, gross, caps)
    columns, employee_total = _employee(block, bases)
    employer, before, provident, forfait = _employer(block, bases, table.by_profile["forfait"][profile_of])
    csg, net, net_taxable = _csg(block, gross, caps, provident, employee_total)
    codes = withholding.codes(net_taxable, profile_of, table.pas[block.rows])
    pas = round_cents(net_taxable * withholding.units[codes], 2 + withholding.rate_scale)
    coefficient, in_range, decimals = coefficients(block.rates, gross, profile_of, table)
    reduction = np.minimum(round_cents(coefficient * gross, decimals + 2), before)   # `payslip.capped_reduction`
    totals = _totals(gross, employee_total, csg, net, net_taxable, pas, before, reduction)
    totals.update(general_reduction_coefficient=coefficient, ceiling=table.by_profile["ceiling"][profile_of])
    columns.update(csg)
    columns.update(employer)
    columns["general_reduction"] = Column(-reduction, gross, 2, *coded(coefficient, in_range, decimals))
    columns["withholding_tax"] = Column(pas, net_taxable, 2, withholding.rates, codes)
    amounts = {"gross": gross, "net": net, "withholding_tax": pas, "net_to_pay": totals["net_to_pay"],
               "employer_contributions": totals["employer_contributions"], "employer_cost": totals["labour_cost"]}
    return BlockAmounts(columns, amounts, totals, {"general_reduction_coefficient": decimals},
                        _shape(table, block.rows, bases, forfait))
