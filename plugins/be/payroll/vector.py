"""`compute_columns`: Belgian payslips column-wise, on int64 cents, for bulk payroll runs.

The column path computes regular monthly pay given a gross of white- and blue-collar workers
(`vector_rules`), artists and students within their yearly hours quota (`vector_kinds`), grouped
by period, contract type, family status and (artists) arts-work attestation, so that every
payslip of a group prints the same lines and warnings. Student hours are tracked first, in
input order, as in `compute_batch`. Every other row (budget-first, exceptional payments, a
student above the quota, a row whose base plus the base declared earlier in the quarter goes
beyond the quarterly cap on the basic employer contribution, values the integers cannot hold
exactly) goes through the scalar `compute_one` with those tracked hours, and joins the same
`PayslipColumns`. Tests check that
both paths give the same payslips to the cent.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from itertools import repeat
from operator import eq
from typing import TYPE_CHECKING, Sequence

import numpy as np

from partage.core.payroll.columns import TOTALS, LineColumn, PayslipColumns, SlipGroup, from_payslips
from partage.core.payroll.types import Payslip, Side
from partage.plugins.be.payroll.compute import Breakdown
from partage.plugins.be.payroll.exact import NotVectorisable, PeriodTable
from partage.plugins.be.payroll.inputs import ContractType, PayslipInput
from partage.plugins.be.payroll.payslip import (
    LABELS, REF_BONUS, REF_CSSS, REF_EMPLOYER, REF_FISCAL, REF_ONSS, REF_TAX, relevant_stale, totals,
)
from partage.plugins.be.payroll.snapshot import BeParams
from partage.plugins.be.payroll.vector_inputs import CENT_PLACES, CONTRACTS, EXACT, FAMILIES, InputColumns, eligible
from partage.plugins.be.payroll.vector_kinds import (
    DAYS, TrackedHours, artist_warnings, equivalent_days, student_breakdown,
)
from partage.plugins.be.payroll.vector_rules import breakdown

if TYPE_CHECKING:  # pragma: no cover
    from partage.plugins.be.payroll.batch import BelgianPayroll, Params

Resolved = dict[date, "BeParams | ValueError"]


def compute_columns(payroll: "BelgianPayroll", inputs: Sequence[PayslipInput],
                    params: "Params" = None) -> PayslipColumns:
    """Payslips of ``inputs`` column-wise; parameters are resolved once per distinct period."""
    cols = InputColumns.of(inputs)
    resolved: Resolved = {}
    for period in cols.periods:
        try:
            resolved[period] = payroll.resolve(params, period)
        except ValueError as exc:
            resolved[period] = exc
    tables = [_table(resolved[period]) for period in cols.periods]
    hours = TrackedHours.of(inputs, cols, resolved)
    fast = eligible(cols, *_limits(tables)) & hours.within
    groups, scalar_rows = [], [np.flatnonzero(~fast)]
    for rows in _split(cols, fast):
        group, unsettled = _group(inputs, cols, rows, tables[cols.period[rows[0]]])
        if len(group):
            groups.append(group)
        scalar_rows.append(unsettled)
    rest = _scalar(payroll, inputs, np.sort(np.concatenate(scalar_rows)), resolved, hours)
    return PayslipColumns(size=len(inputs), groups=tuple(groups) + rest.groups, errors=rest.errors)


def _table(p: "BeParams | ValueError") -> PeriodTable | None:
    if isinstance(p, ValueError):
        return None
    try:
        return PeriodTable.of(p)
    except NotVectorisable:
        return None


def _limits(tables: list[PeriodTable | None]) -> tuple[np.ndarray, np.ndarray]:
    """Largest gross by (period, contract) and largest count by period; -1 for a scalar-only period."""
    gross = np.full((max(len(tables), 1), len(CONTRACTS)), -1, dtype=np.int64)
    counts = np.full(max(len(tables), 1), -1, dtype=np.int64)
    for i, q in enumerate(tables):
        if q is not None:
            gross[i] = [q.gross_limit(kind) for kind in CONTRACTS]
            counts[i] = q.count_limit
    return gross, counts


def _split(cols: InputColumns, fast: np.ndarray) -> list[np.ndarray]:
    """Positions of the fast rows, one array per (period, contract, family, artist without an
    attestation), in input order."""
    rows = np.flatnonzero(fast)
    key = (cols.period[rows] * len(CONTRACTS) + cols.contract[rows]) * len(FAMILIES) + cols.family[rows]
    key = key * 2 + cols.unattested[rows]
    order = np.argsort(key, kind="stable")
    rows, key = rows[order], key[order]
    starts = np.flatnonzero(np.diff(key)) + 1
    return np.split(rows, starts) if len(rows) else []


def _group(inputs: Sequence[PayslipInput], cols: InputColumns, rows: np.ndarray,
           q: PeriodTable) -> tuple[SlipGroup, np.ndarray]:
    """The group of ``rows`` (one period, contract, family and attestation), and its rows left to
    the scalar path."""
    first = inputs[int(rows[0])]
    kind, family, unattested = first.contract, first.family, bool(cols.unattested[rows[0]])
    s, left = cols.situation.take(rows), rows[:0]
    if kind is ContractType.STUDENT:
        b = student_breakdown(q, family, s)
    else:
        b, unsettled = breakdown(q, q.contracts[kind], family, s)
        left = rows[unsettled]
        if len(left):
            s, rows = s.take(~unsettled), rows[~unsettled]
            b, _ = breakdown(q, q.contracts[kind], family, s)
    warnings, days = (), None
    if kind is ContractType.ARTIST:
        warnings, days = artist_warnings(q.fee_rule, unattested), equivalent_days(q.fee_rule, s.gross)
    warnings += tuple(f"stale parameter: {name}" for name in relevant_stale(first, q.params.stale))
    return slip_group(q.params, rows, b, warnings, kind is not ContractType.STUDENT, days), left


def slip_group(p: BeParams, rows: np.ndarray, b: Breakdown, warnings: tuple[str, ...], bonus: bool = True,
               days: np.ndarray | None = None) -> SlipGroup:
    """A `SlipGroup` printing what `payslip.to_payslip` prints for a regular pay given a gross:
    ``bonus`` False leaves out the work-bonus, fiscal-bonus and special-contribution lines (a
    student's, always zero); ``days`` are an artist's equivalent days (hundredths)."""
    amounts = {"gross": b.gross, "net": b.taxable, "withholding_tax": b.withholding_tax, "net_to_pay": b.net,
               "employer_contributions": b.employer_social_security, "employer_cost": b.employer_cost}
    return SlipGroup(period=p.period, rows=rows, amounts=amounts, lines=_lines(b, bonus, days), totals=totals(b),
                     warnings=warnings)


def _lines(b: Breakdown, bonus: bool, days: np.ndarray | None) -> tuple[LineColumn, ...]:
    employee, base = Side.EMPLOYEE, b.contribution_base

    def line(code: str, amount: np.ndarray, **meta) -> LineColumn:
        return LineColumn(code, LABELS[code], meta.pop("side", employee), amount, **meta)

    onss = line("onss_employee", b.employee_social_security, base=base, rate=b.employee_rate, reference=REF_ONSS)
    taxable = line("taxable", b.taxable, side=Side.INFO)
    withholding = line("withholding_tax_base", b.withholding_before_bonus, base=b.taxable, reference=REF_TAX)
    employer = tuple(LineColumn(code, label, Side.EMPLOYER, amount, base, rate, REF_EMPLOYER)
                     for code, label, rate, amount in b.employer_lines)
    if days is not None:
        code, label, reference = DAYS
        employer += (LineColumn(code, label, Side.INFO, days, b.gross, reference=reference),)
    if not bonus:
        return (onss, taxable, withholding) + employer
    return (
        onss,
        line("work_bonus_a", -b.work_bonus_a, reference=REF_BONUS, omit_zero=True),
        line("work_bonus_b", -b.work_bonus_b, reference=REF_BONUS, omit_zero=True),
        taxable, withholding,
        line("fiscal_work_bonus", -b.fiscal_work_bonus, reference=REF_FISCAL, omit_zero=True),
        line("special_social_security", b.special_social_security, base=b.contribution_base, reference=REF_CSSS,
             omit_zero=True),
    ) + employer


def _whole_cents(values: list[Decimal]) -> bool:
    scaled = list(map(Decimal.scaleb, values, repeat(CENT_PLACES), repeat(EXACT)))
    return all(map(eq, scaled, map(int, scaled)))


def _in_cents(slip: Payslip | ValueError) -> Payslip | ValueError:
    """``slip``, or an error if an amount has a fraction of a cent (columns would truncate it)."""
    if isinstance(slip, ValueError):
        return slip
    bases = [(f"{line.code} base", line.base) for line in slip.lines if line.base is not None]
    values = [*map(getattr, repeat(slip), TOTALS), *slip.totals.values(), *(base for _, base in bases)]
    if _whole_cents(values):
        return slip
    named = [*((name, getattr(slip, name)) for name in TOTALS), *slip.totals.items(), *bases]
    name, value = next((name, value) for name, value in named if not _whole_cents([value]))
    return ValueError(f"{name}: {value} is not a whole number of cents (payslip columns hold cents)")


def _scalar(payroll: "BelgianPayroll", inputs: Sequence[PayslipInput], positions: np.ndarray,
            resolved: Resolved, hours: TrackedHours) -> PayslipColumns:
    """Rows of ``positions`` (ascending) through `compute_one`, with the student hours tracked over
    the whole batch, as columns indexed like ``inputs``."""
    results: list = []
    for i in positions.tolist():
        worker = inputs[i]
        p = resolved[worker.period]
        if isinstance(p, ValueError):
            results.append(p)
            continue
        try:
            results.append(payroll.compute_one(hours.tracked(i, worker), p))
        except ValueError as exc:
            results.append(exc)
    found = from_payslips([_in_cents(slip) for slip in results])
    groups = tuple(replace(g, rows=positions[g.rows]) for g in found.groups)
    return PayslipColumns(len(inputs), groups, {int(positions[i]): error for i, error in found.errors.items()})
