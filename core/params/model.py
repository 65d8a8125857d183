"""Dated single-value parameters, overrides and resolution results."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple, Union

from partage.core.params.errors import ParameterNotDefined

Value = Union[Decimal, str, bool, None]
STALE_AFTER_MONTHS = 12


class Resolved(NamedTuple):
    """A value with its provenance: start date of the value, legal reference, staleness flag."""

    name: str
    value: Any
    start: date
    reference: str
    stale: bool


@dataclass(frozen=True)
class Override:
    """A value that wins over the YAML from ``start`` on (e.g. a per-tenant decision)."""

    name: str
    start: date
    value: Any
    reference: str


class Entry(NamedTuple):
    """One dated value of a parameter: ``value`` applies from ``start``."""

    start: date
    value: Any
    reference: str


def review_limit(last_reviewed: date | None) -> date | None:
    """Last date still covered by a review: ``last_reviewed`` plus 12 months."""
    if last_reviewed is None:
        return None
    year = last_reviewed.year + STALE_AFTER_MONTHS // 12
    try:
        return last_reviewed.replace(year=year)
    except ValueError:  # 29 February -> 28 February
        return last_reviewed.replace(year=year, day=28)


def pick(name: str, starts: tuple[date, ...], entries: tuple[Entry, ...], d: date) -> Entry:
    """The entry in force on ``d``; ``ParameterNotDefined`` before the first start or on null."""
    index = bisect_right(starts, d) - 1
    if index < 0:
        raise ParameterNotDefined(f"{name}: not defined on {d.isoformat()} (first value starts {starts[0].isoformat()})")
    entry = entries[index]
    if entry.value is None:
        raise ParameterNotDefined(f"{name}: not defined on {d.isoformat()} (null from {entry.start.isoformat()})")
    return entry


def pick_override(overrides: tuple[Override, ...], d: date) -> Override | None:
    """The latest override whose start is on or before ``d`` (overrides are sorted by start)."""
    found = None
    for override in overrides:
        if override.start > d:
            break
        found = override
    return found


@dataclass(frozen=True)
class Parameter:
    """A single dated value (number, text or boolean) with its legal references."""

    name: str
    file: str
    entries: tuple[Entry, ...]
    description: str | None = None
    unit: str | None = None
    last_reviewed: date | None = None
    overrides: tuple[Override, ...] = ()
    starts: tuple[date, ...] = field(init=False, repr=False, compare=False)
    _limit: date | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(entry.start for entry in self.entries))
        object.__setattr__(self, "_limit", review_limit(self.last_reviewed))

    def resolve(self, d: date) -> Resolved:
        """Value in force on ``d`` with its start date, reference and staleness."""
        override = pick_override(self.overrides, d)
        if override is not None:
            if override.value is None:
                raise ParameterNotDefined(f"{self.name}: not defined on {d.isoformat()} (override from {override.start})")
            return Resolved(self.name, override.value, override.start, override.reference, False)
        entry = pick(self.name, self.starts, self.entries, d)
        stale = self._limit is not None and d > self._limit
        return Resolved(self.name, entry.value, entry.start, entry.reference, stale)

    def at(self, d: date) -> Any:
        """Value in force on ``d`` (``Decimal``, or ``str``/``bool`` for non-numeric values)."""
        return self.resolve(d).value

    def with_overrides(self, overrides: tuple[Override, ...]) -> "Parameter":
        """A copy with ``overrides`` added (sorted by start)."""
        merged = tuple(sorted(self.overrides + overrides, key=lambda o: o.start))
        return Parameter(self.name, self.file, self.entries, self.description, self.unit, self.last_reviewed, merged)
