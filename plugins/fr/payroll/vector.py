"""French payslips column-wise (`FrenchPayroll.compute_columns`): the scalar path's payslips, to the cent,
computed on arrays of integer cents.

1. `vector_profiles.read_inputs`: gross cents, PAS rate and *profile* of each row (a profile: every input
   but the gross, the PAS rate and the employee id), each profile resolved once in `Decimal` (ceiling, SMIC
   thresholds, warnings); parameters once per period.
2. `vector_plans.blocks`: rows of one period whose payslips have the same contribution lines on the same
   bases (the scalar `contributions.plans` of each row; rates such as AT/MP may differ inside a block).
3. `vector_amounts.block_amounts`: a block's amounts in int64 integers, with the scalar path's rounding.
4. A block is cut into groups that print the same lines (`_groups`); line labels, references and order
   come from the scalar payslip of the group's first row, so they are the scalar path's own.
Rows the column path does not cover (intermittents and artists, rates with more than
`vector_profiles.MAX_SCALE` decimals, a gross above a ceiling that is not a finite decimal or too large
for int64) are computed by the scalar path in the same call, and returned in the same `PayslipColumns` at
their input position (`core.payroll.columns.groups_of`).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

import numpy as np

from partage.core.payroll.columns import LineColumn, PayslipColumns, SlipGroup, groups_of, scale_of
from partage.core.payroll.types import Payslip, PayslipLine
from partage.plugins.fr.payroll.payslip import compute_payslip
from partage.plugins.fr.payroll.vector_amounts import BlockAmounts, Column, block_amounts, gross_limit
from partage.plugins.fr.payroll.vector_plans import Block, blocks
from partage.plugins.fr.payroll.vector_profiles import MAX_SCALE, Resolve, Table, read_inputs
from partage.plugins.fr.payroll.vector_withholding import withholding


def _line(meta: PayslipLine, column: Column, sub) -> LineColumn:
    per_row = column.row_rates is not None
    return LineColumn(meta.code, meta.label, meta.side, column.amount[sub],
                      None if column.base is None else column.base[sub], None if per_row else meta.rate,
                      meta.reference, base_scale=column.base_scale, row_rates=column.row_rates or (),
                      rate_index=column.rate_index[sub] if per_row else None)


def _group(done: BlockAmounts, rows: np.ndarray, sub, template: Payslip) -> SlipGroup:
    """The group of ``rows`` (``sub``: their place in the block), printed like ``template``."""
    return SlipGroup(period=template.period, rows=rows[sub], amounts={k: v[sub] for k, v in done.amounts.items()},
                       lines=tuple(_line(meta, done.columns[meta.code], sub) for meta in template.lines),
                       totals={name: done.totals[name][sub] for name in template.totals},
                       warnings=template.warnings, total_scales=done.total_scales)


def _groups(inputs: Sequence, block: Block, done: BlockAmounts) -> list[SlipGroup]:
    """Cut a block into groups printing the same lines (same non-zero bases, forfait social, warnings)."""
    rows = block.rows
    values, first, inverse = np.unique(done.shape, return_index=True, return_inverse=True)
    if len(values) == 1:
        return [_group(done, rows, slice(None), compute_payslip(inputs[int(rows[0])], block.rates))]
    order = np.argsort(inverse, kind="stable")
    cuts = np.cumsum(np.bincount(inverse, minlength=len(values)))[:-1]
    return [_group(done, rows, sub, compute_payslip(inputs[int(rows[first[k]])], block.rates))
            for k, sub in enumerate(np.split(order, cuts))]


def _column_path(inputs: Sequence, table: Table, rows: np.ndarray) -> tuple[list[SlipGroup], list[np.ndarray]]:
    """Groups of the column-path ``rows``, and the rows left to the scalar path (gross too large for int64,
    or above a ceiling that is not a finite decimal: `vector_profiles._scale`)."""
    groups, left = [], []
    for block in blocks(table, rows):
        pas = withholding(block.rates, table, block.rows)
        limit = gross_limit(block, pas, int(block.rates.reduction["coefficient_decimals"]))
        cap = np.minimum(table.by_profile["gross_cap"][table.profile[block.rows]], limit)
        large = table.gross[block.rows] > cap
        if large.any():
            left.append(block.rows[large])
            block = replace(block, rows=block.rows[~large], plan_of=block.plan_of[~large])
        if len(block.rows):
            groups.extend(_groups(inputs, block, block_amounts(block, table, pas)))
    return groups, left


def _scalar_path(inputs: Sequence, table: Table, rows: np.ndarray, errors: dict[int, str]) -> list[SlipGroup]:
    """Groups of ``rows`` computed one `Payslip` each (a row that fails gets its error in ``errors``)."""
    done_rows, slips = [], []
    for i in rows.tolist():
        try:
            slips.append(compute_payslip(inputs[i], table.profiles[table.profile[i]].rates))
            done_rows.append(i)
        except ValueError as exc:
            errors[i] = str(exc)
    return groups_of(done_rows, slips)


def _pas_covered(table: Table) -> np.ndarray:
    """Rows whose PAS rate the column path reads: a personalised rate of few decimals, or a readable grid."""
    given = np.array([r is not None and scale_of(r) <= MAX_SCALE for r in table.pas_rates] + [False], dtype=bool)
    return given[table.pas] | (table.on_grid & table.by_profile["grid"][table.profile])


def compute_columns(inputs: Sequence, resolve: Resolve) -> PayslipColumns:
    """The payslips of ``inputs`` as columns; ``resolve`` gives the rates (or the error) of each period."""
    table = read_inputs(inputs, resolve)
    fast = table.by_profile["covered"][table.profile] & (table.gross >= 0) & _pas_covered(table)
    groups, left = _column_path(inputs, table, np.flatnonzero(fast))
    slow = np.sort(np.concatenate([np.flatnonzero(~fast & (table.profile >= 0))] + left))
    errors = dict(table.errors)
    groups.extend(_scalar_path(inputs, table, slow, errors))
    return PayslipColumns(size=len(inputs), groups=tuple(groups), errors=errors)
