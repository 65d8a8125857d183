"""Deadline calendar: when each declaration is due, and warnings for late or imminent ones.

A country plugin gives, per declaration type, a `DeadlineRule` read from its dated YAML
(``months_after`` the end of the period, ``day`` of that month or the last day, and whether a
non-working day moves the deadline to the next working day). This module only does the dates.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Iterable, Mapping

from partage.core.declarations.lifecycle import OPEN, Status
from partage.core.declarations.period import Period

Holidays = Callable[[int], frozenset[date]]  # public holidays of a year


def no_holidays(year: int) -> frozenset[date]:
    return frozenset()


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    months_after: int           # 1 = the month following the end of the period
    day: int | None             # day of that month; None = its last day
    next_working_day: bool = False
    reference: str = ""


@dataclass(frozen=True, slots=True)
class Due:
    declaration_type: str
    period: Period
    deadline: date


@dataclass(frozen=True, slots=True)
class DeadlineWarning:
    declaration_type: str
    period: Period
    deadline: date
    level: str     # "overdue" | "due_soon"
    message: str


def add_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def shift_to_working_day(day: date, holidays: Holidays = no_holidays) -> date:
    while day.weekday() >= 5 or day in holidays(day.year):
        day += timedelta(days=1)
    return day


def deadline(rule: DeadlineRule, period: Period, holidays: Holidays = no_holidays) -> date:
    """The due date of a declaration for ``period`` under ``rule``."""
    year, month = add_months(period.end, rule.months_after)
    last = calendar.monthrange(year, month)[1]
    due = date(year, month, last if rule.day is None else min(rule.day, last))
    return shift_to_working_day(due, holidays) if rule.next_working_day else due


def warnings(dues: Iterable[Due], statuses: Mapping[tuple[str, Period], Status], today: date,
             soon_days: int = 7) -> list[DeadlineWarning]:
    """Overdue and due-soon warnings for declarations still owed (not submitted nor accepted).

    ``statuses`` maps (type, period) to the current status; a missing entry is a declaration
    not even drafted yet, which is owed as well.
    """
    found = []
    for due in sorted(dues, key=lambda d: (d.deadline, d.declaration_type)):
        status = statuses.get((due.declaration_type, due.period), Status.DRAFT)
        if status not in OPEN:
            continue
        days = (due.deadline - today).days
        label = f"{due.declaration_type} {due.period} (status {status.value}) due {due.deadline.isoformat()}"
        if days < 0:
            found.append(DeadlineWarning(due.declaration_type, due.period, due.deadline, "overdue",
                                         f"{label} is {-days} day(s) overdue"))
        elif days <= soon_days:
            found.append(DeadlineWarning(due.declaration_type, due.period, due.deadline, "due_soon",
                                         f"{label}: {days} day(s) left"))
    return found


def rule_from_parameters(tree: object, prefix: str, on: date) -> DeadlineRule:
    """Read ``<prefix>.months_after``, ``.day`` (a number or ``last``) and ``.next_working_day``.

    ``tree`` is a `core.params.ParameterTree`; ``on`` is the end of the declared period, so a
    period is due under the rules in force when it ended.
    """
    day = tree.get(f"{prefix}.day").resolve(on)  # type: ignore[attr-defined]
    months = tree.at(f"{prefix}.months_after", on)  # type: ignore[attr-defined]
    shift = tree.at(f"{prefix}.next_working_day", on)  # type: ignore[attr-defined]
    value = None if str(day.value) == "last" else int(day.value)
    return DeadlineRule(int(months), value, bool(shift), day.reference)


def periods_between(kind: str, first: date, last: date) -> list[Period]:
    """The periods of ``kind`` (month, quarter, year) that end between ``first`` and ``last``."""
    found, year = [], first.year
    per_year = {"month": 12, "quarter": 4, "year": 1}[kind]
    while date(year, 1, 1) <= last:
        found += [p for n in range(1, per_year + 1) if first <= (p := Period(kind, year, n)).end <= last]
        year += 1
    return found


def schedule(rules: object, first: date, last: date, options: Mapping[str, object] | None = None) -> list[Due]:
    """Every periodic declaration a plugin's `DeclarationRules` makes due for periods ending in [first, last].

    A type that is monthly or quarterly (VAT) follows ``options['<type>_frequency']`` (default month).
    """
    dues = []
    for name in rules.declaration_types:  # type: ignore[attr-defined]
        kind = rules.generator(name).periodicity  # type: ignore[attr-defined]
        if kind == "month_or_quarter":
            kind = str((options or {}).get(f"{name}_frequency", "month"))
        if kind not in ("month", "quarter", "year"):
            continue
        for period in periods_between(kind, first, last):
            due = rules.deadline(name, period, options)  # type: ignore[attr-defined]
            if due is not None:
                dues.append(Due(name, period, due))
    return sorted(dues, key=lambda d: (d.deadline, d.declaration_type))
