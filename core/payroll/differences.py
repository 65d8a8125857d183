"""Payslip arithmetic for correction runs: what was paid (the sum of a performance's stored
payslips) and the difference a recomputation makes, per amount and per line code.

Pure functions over the country-neutral `Payslip`; lines are matched by (code, side), a code
printed twice on one payslip counts once with the sum of its amounts (and bases).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Iterable

from partage.core.money import to_cents
from partage.core.payroll.lines import stored_line
from partage.core.payroll.types import Payslip, PayslipLine, Side

TOTALS = ("gross", "net", "withholding_tax", "net_to_pay", "employer_contributions", "employer_cost")
ZERO = Decimal("0.00")
Key = tuple[str, Side]


def nothing(period: date) -> Payslip:
    """A payslip of zeros (what was paid for a performance never paid)."""
    return Payslip(period, *(ZERO,) * len(TOTALS))


def stored(period: date, amounts: dict[str, Decimal], lines: Iterable[list]) -> Payslip:
    """A stored payslip row (lines JSON: code, label, amount, side, base, rate) as a `Payslip`."""
    parsed = tuple(PayslipLine(line.code, line.label, line.amount, Side(line.side), line.base, line.rate)
                   for line in map(stored_line, lines))
    return Payslip(period, *(amounts[name] for name in TOTALS), lines=parsed)


def _json_amount(value: Decimal | None) -> int | str | None:
    """As bulk runs store it: integer cents for an amount in cents, else the printed decimal."""
    if value is None:
        return None
    return to_cents(value) if value.as_tuple().exponent == -2 else str(value)


def to_json(slip: Payslip) -> list[list]:
    """The ``lines`` column of a payslip row (see ``core.payroll.lines``)."""
    return [[l.code, l.label, _json_amount(l.amount), l.side.value, _json_amount(l.base),
             None if l.rate is None else str(l.rate)] for l in slip.lines]


def _sum_base(a: Decimal | None, b: Decimal | None, sign: int) -> Decimal | None:
    if a is None and b is None:
        return None
    return (a or ZERO) + sign * (b or ZERO)


def _by_code(lines: Iterable[PayslipLine]) -> dict[Key, PayslipLine]:
    out: dict[Key, PayslipLine] = {}
    for line in lines:
        key, seen = (line.code, line.side), out.get((line.code, line.side))
        out[key] = line if seen is None else replace(
            seen, amount=seen.amount + line.amount, base=_sum_base(seen.base, line.base, 1))
    return out


def _line(a: PayslipLine | None, b: PayslipLine | None, sign: int) -> PayslipLine | None:
    """``a + sign * b`` for one code; None when nothing is left (no amount, no base)."""
    ref = a or b
    amount = (a.amount if a else ZERO) + sign * (b.amount if b else ZERO)
    base = _sum_base(a.base if a else None, b.base if b else None, sign)
    if amount == 0 and not base:
        return None
    return PayslipLine(ref.code, ref.label, amount, ref.side, base, ref.rate, ref.reference)


def merge(a: Payslip, b: Payslip, sign: int = 1) -> Payslip:
    """``a + sign * b`` per total and per line code (a's period; lines of ``a`` first)."""
    left, right = _by_code(a.lines), _by_code(b.lines)
    keys = [*left, *(key for key in right if key not in left)]
    lines = tuple(line for key in keys if (line := _line(left.get(key), right.get(key), sign)))
    return Payslip(a.period, *(getattr(a, n) + sign * getattr(b, n) for n in TOTALS), lines=lines)


def difference(new: Payslip, paid: Payslip) -> Payslip:
    """What a correction pays: ``new`` minus ``paid``; unchanged lines are left out."""
    return merge(new, paid, -1)


def total(period: date, slips: Iterable[Payslip]) -> Payslip:
    """The sum of ``slips`` (what was paid so far for one performance)."""
    out = nothing(period)
    for slip in slips:
        out = merge(out, slip)
    return out
