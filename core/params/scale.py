"""Bracket scales (marginal-rate, single-amount and flat-rate grids)."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Iterable, NamedTuple

from partage.core.params.errors import ParameterError, ParameterNotDefined
from partage.core.params.model import Entry, Override, Resolved, pick, pick_override, review_limit

ZERO = Decimal(0)


class Bracket(NamedTuple):
    """One bracket in force: applies from ``threshold`` (inclusive) up to the next threshold."""

    threshold: Decimal
    rate: Decimal | None = None
    amount: Decimal | None = None


class Brackets(tuple):
    """Brackets in force on a date, sorted by threshold."""

    def __new__(cls, brackets: Iterable[Bracket] = ()) -> "Brackets":
        self = super().__new__(cls, sorted(brackets, key=lambda b: b.threshold))
        self._thresholds = tuple(b.threshold for b in self)
        return self

    def _index(self, amount: Decimal) -> int:
        return bisect_right(self._thresholds, amount) - 1

    def marginal(self, amount: Decimal) -> Decimal:
        """Sum over brackets of rate x the part of ``amount`` inside the bracket (no rounding)."""
        total = ZERO
        for i, bracket in enumerate(self):
            if amount <= bracket.threshold:
                break
            if bracket.rate is None:
                raise ParameterError(f"bracket at {bracket.threshold} has no rate (marginal needs rates)")
            top = amount if i + 1 == len(self) else min(amount, self[i + 1].threshold)
            total += bracket.rate * (top - bracket.threshold)
        return total

    def single_amount(self, amount: Decimal) -> Decimal:
        """Amount of the highest bracket whose threshold is <= ``amount`` (0 below the first)."""
        index = self._index(amount)
        if index < 0:
            return ZERO
        value = self[index].amount
        if value is None:
            raise ParameterError(f"bracket at {self[index].threshold} has no amount")
        return value

    def rate_for(self, amount: Decimal) -> Decimal:
        """Rate of the bracket ``amount`` falls in (0 below the first threshold)."""
        index = self._index(amount)
        if index < 0:
            return ZERO
        value = self[index].rate
        if value is None:
            raise ParameterError(f"bracket at {self[index].threshold} has no rate")
        return value


class BracketSeries(NamedTuple):
    """Dated threshold/rate/amount series of one bracket of a scale."""

    threshold: tuple[Entry, ...]
    rate: tuple[Entry, ...] | None
    amount: tuple[Entry, ...] | None


def _starts(entries: tuple[Entry, ...]) -> tuple[date, ...]:
    return tuple(entry.start for entry in entries)


def _resolve_bracket(name: str, series: BracketSeries, d: date) -> tuple[Bracket, list[Entry]] | None:
    """The bracket in force on ``d`` and the entries used, or None if its threshold is undefined."""
    try:
        threshold = pick(name, _starts(series.threshold), series.threshold, d)
    except ParameterNotDefined:
        return None
    used = [threshold]
    values: dict[str, Decimal | None] = {"rate": None, "amount": None}
    for key in ("rate", "amount"):
        entries = getattr(series, key)
        if entries is not None:
            entry = pick(f"{name} ({key})", _starts(entries), entries, d)
            used.append(entry)
            values[key] = entry.value
    return Bracket(threshold.value, values["rate"], values["amount"]), used


@dataclass(frozen=True)
class Scale:
    """A dated bracket table: ``at(d)`` gives the ``Brackets`` in force."""

    name: str
    file: str
    series: tuple[BracketSeries, ...]
    description: str | None = None
    last_reviewed: date | None = None
    overrides: tuple[Override, ...] = ()
    _limit: date | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_limit", review_limit(self.last_reviewed))

    def resolve(self, d: date) -> Resolved:
        """Brackets in force on ``d``; start and reference are those of the latest change used."""
        override = pick_override(self.overrides, d)
        if override is not None:
            return Resolved(self.name, Brackets(override.value), override.start, override.reference, False)
        brackets, used = [], []
        for i, series in enumerate(self.series):
            found = _resolve_bracket(f"{self.name} bracket {i + 1}", series, d)
            if found is not None:
                brackets.append(found[0])
                used.extend(found[1])
        if not brackets:
            first = min(s.threshold[0].start for s in self.series)
            raise ParameterNotDefined(f"{self.name}: no bracket defined on {d.isoformat()} (first starts {first})")
        latest = max(used, key=lambda entry: entry.start)
        stale = self._limit is not None and d > self._limit
        return Resolved(self.name, Brackets(brackets), latest.start, latest.reference, stale)

    def at(self, d: date) -> Brackets:
        """Brackets in force on ``d``."""
        return self.resolve(d).value

    def with_overrides(self, overrides: tuple[Override, ...]) -> "Scale":
        """A copy with ``overrides`` added (each override value is a sequence of ``Bracket``)."""
        merged = tuple(sorted(self.overrides + overrides, key=lambda o: o.start))
        return Scale(self.name, self.file, self.series, self.description, self.last_reviewed, merged)
