"""Payslip inputs as NumPy columns, and which rows the column path (`vector`) can compute.

One pass per field over the inputs (C-level `attrgetter` maps). A value the integer path
cannot take exactly becomes -1 (gross with a fraction of a cent or beyond int64, part time finer
than `PART_TIME_STEP`), and its row goes through the scalar path.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import MAX_PREC, Context, Decimal, Inexact
from itertools import repeat
from operator import attrgetter, eq, is_
from typing import Any, Sequence

import numpy as np

from partage.plugins.be.payroll.exact import INT64_MAX, PART_TIME_STEP
from partage.plugins.be.payroll.inputs import ZERO, ContractType, FamilyStatus, PaymentKind, PayslipInput
from partage.plugins.be.payroll.rounding import CENT
from partage.plugins.be.payroll.vector_rules import Situation

CONTRACTS = tuple(ContractType)                                         # index = contract code
FAMILIES = tuple(FamilyStatus)                                          # index = family code
CONTRACT_CODE = {kind: CONTRACTS.index(kind) for kind in CONTRACTS}
ARTIST, STUDENT = CONTRACT_CODE[ContractType.ARTIST], CONTRACT_CODE[ContractType.STUDENT]
FAMILY_CODE = {status: FAMILIES.index(status) for status in FAMILIES}
REGULAR = {kind: kind is PaymentKind.REGULAR for kind in PaymentKind}
COUNT_CAP = INT64_MAX // 2          # counts are added two by two: keep the sum within int64


def _field(inputs: Sequence[PayslipInput], name: str) -> list[Any]:
    return list(map(attrgetter(name), inputs))


def _codes(values: list[Any], codes: dict, dtype=np.int8) -> np.ndarray:
    return np.fromiter(map(codes.__getitem__, values), dtype=dtype, count=len(values))


def _flags(values: list[Any]) -> np.ndarray:
    return np.fromiter(map(bool, values), dtype=bool, count=len(values))


EXACT = Context(prec=MAX_PREC, traps=[Inexact])   # scaleb never rounds in this context
CENT_PLACES = -CENT.as_tuple().exponent
PART_TIME_PLACES = -PART_TIME_STEP.as_tuple().exponent


def _units(value: Decimal, places: int) -> int:
    """``value x 10**places`` as an int, or -1 if it is not whole or beyond int64."""
    scaled = value.scaleb(places, EXACT)
    whole = int(scaled)
    return whole if whole == scaled and whole < INT64_MAX else -1


def _gross_cents(value: Decimal | None) -> int:
    return -1 if value is None else _units(value, CENT_PLACES)


def _gross_column(values: list[Decimal | None]) -> np.ndarray:
    """Gross pay in cents (-1: none given, a fraction of a cent, beyond int64); C-level maps."""
    given = not any(map(is_, values, repeat(None)))   # `None in values` would compare each Decimal
    missing = [] if given else [i for i, value in enumerate(values) if value is None]
    if missing:
        values = list(values)
        for i in missing:
            values[i] = ZERO
    scaled = list(map(Decimal.scaleb, values, repeat(CENT_PLACES), repeat(EXACT)))
    whole = list(map(int, scaled))
    try:
        found = np.array(whole, dtype=np.int64) if all(map(eq, scaled, whole)) else None
    except OverflowError:
        found = None
    if found is None:  # some value is not whole cents or too large: row by row
        found = np.fromiter(map(_gross_cents, values), dtype=np.int64, count=len(values))
    found[missing] = -1
    return found


def _part_column(values: list[Decimal]) -> np.ndarray:
    """Part time in `PART_TIME_UNITS` (-1: finer than `PART_TIME_STEP`), once per distinct value."""
    units = {value: _units(value, PART_TIME_PLACES) for value in dict.fromkeys(values)}
    return _codes(values, units, np.int64)


def _counts(values: list[int]) -> np.ndarray:
    try:
        found = np.array(values, dtype=np.int64)
    except OverflowError:
        found = np.array([min(v, COUNT_CAP) for v in values], dtype=np.int64)
    return np.minimum(found, COUNT_CAP)


@dataclass(frozen=True, slots=True)
class InputColumns:
    """Every input field the column path reads, one array per field, in input order."""

    periods: tuple[date, ...]   # distinct periods, in order of first appearance
    period: np.ndarray          # index into ``periods``
    regular: np.ndarray         # bool: a regular monthly payment given by its gross
    contract: np.ndarray        # index into CONTRACTS
    family: np.ndarray          # index into FAMILIES
    unattested: np.ndarray      # bool: an artist without an arts-work attestation
    situation: Situation        # cents, part time, counts and flags of every row

    @classmethod
    def of(cls, inputs: Sequence[PayslipInput]) -> "InputColumns":
        dates = _field(inputs, "period")
        periods = tuple(dict.fromkeys(dates))
        contract = _codes(_field(inputs, "contract"), CONTRACT_CODE)
        artists = np.flatnonzero(contract == ARTIST)
        unattested = np.zeros(len(contract), dtype=bool)
        unattested[artists] = [not inputs[i].arts_work_attestation for i in artists.tolist()]
        return cls(periods, _codes(dates, {d: i for i, d in enumerate(periods)}, np.int64),
                   _codes(_field(inputs, "payment"), REGULAR, bool), contract,
                   _codes(_field(inputs, "family"), FAMILY_CODE), unattested, _situation(inputs))

    def __len__(self) -> int:
        return len(self.period)


def _situation(inputs: Sequence[PayslipInput]) -> Situation:
    gross = _gross_column(_field(inputs, "gross"))
    part = _part_column(_field(inputs, "part_time"))
    children = _counts(_field(inputs, "children")) + _counts(_field(inputs, "disabled_children"))
    return Situation(gross, part, children, _counts(_field(inputs, "other_dependants")),
                     _counts(_field(inputs, "senior_dependants")), _flags(_field(inputs, "disabled")),
                     _flags(_field(inputs, "spouse_disabled")), _flags(_field(inputs, "non_resident")),
                     _quarter_before(_field(inputs, "quarter_base_before")))


def _quarter_before(values: list[Decimal]) -> np.ndarray:
    """Base declared earlier in the quarter, in cents (-1: a fraction of a cent or beyond int64);
    all zero (the usual case) without converting a value."""
    if not any(values):
        return np.zeros(len(values), dtype=np.int64)
    return _gross_column(values)


def eligible(cols: InputColumns, gross_limit: np.ndarray, count_limit: np.ndarray) -> np.ndarray:
    """Rows the column path computes (students still need their hours within the quota).

    ``gross_limit[period, contract]`` is the largest gross in cents for which the integers stay
    exact (-1 for a period the column path cannot take); ``count_limit[period]`` likewise for counts.
    A student's pay does not depend on part time.
    """
    s = cols.situation
    counts = np.maximum(np.maximum(s.children, s.other), s.senior)
    return (cols.regular & (s.gross >= 0) & ((s.part > 0) | (cols.contract == STUDENT))
            & (s.gross <= gross_limit[cols.period, cols.contract]) & (counts <= count_limit[cols.period]))
