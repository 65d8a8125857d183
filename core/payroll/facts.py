"""Country-neutral facts of one performance to pay; each country plugin maps them to its own
payslip input (``payroll.input_from(facts)``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache, partial
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Hashable, Mapping, Sequence

KINDS = ("employee", "worker", "artist", "student")


@dataclass(frozen=True, slots=True)
class PayFacts:
    """What the run knows about one performance, its worker and the employer."""

    period: date                       # first day of the month paid
    gross: Decimal                     # gross pay agreed for the performance
    kind: str                          # employee, worker (manual), artist, student
    start: date
    end: date
    worker_id: str = ""
    days: int | None = None
    hours: Decimal | None = None
    birth_date: date | None = None
    profile: Mapping[str, Any] = field(default_factory=dict)   # worker's country payroll profile
    employer: Mapping[str, Any] = field(default_factory=dict)  # tenant's employer facts


def inputs_by_situation(facts: Sequence[PayFacts], input_from: Callable[[PayFacts], Any],
                        situation: Callable[[PayFacts], Hashable],
                        per_row: Callable[[Any, PayFacts], Any]) -> list[Any]:
    """Country inputs of many performances, each validated situation built once.

    ``situation(f)`` keys what the input takes from the worker's profile and the employer (the
    same for most rows of a run); ``input_from`` builds and validates the first input of each
    situation; ``per_row(template, f)`` returns a copy carrying ``f``'s own amounts (gross...),
    checking them. A failing row gives its `ValueError` in place of an input.
    """
    made: dict[Hashable, Any] = {}
    out: list[Any] = []
    for f in facts:
        try:
            key = situation(f)
        except TypeError:  # an unhashable profile value: no sharing for this row
            out.append(attempt(input_from, f))
            continue
        template = made.get(key)
        if template is None:
            made[key] = template = attempt(input_from, f)
            out.append(template)
        elif isinstance(template, ValueError):
            out.append(attempt(input_from, f))
        else:
            out.append(attempt(partial(per_row, template), f))
    return out


def attempt(build: Callable[[PayFacts], Any], f: PayFacts) -> Any:
    try:
        return build(f)
    except ValueError as exc:
        return exc


def profile_key(mapping: Mapping[str, Any]) -> tuple:
    """A hashable key of a worker profile or employer facts (raises TypeError if a value is not)."""
    return tuple(sorted(mapping.items()))


def with_fields(template: Any, **changes: Any) -> Any:
    """A copy of a frozen, slotted input with ``changes`` (no validation: the caller checks them)."""
    return _copier(type(template), tuple(changes))(template, *changes.values())


@lru_cache(maxsize=64)
def _copier(cls: type, changed: tuple[str, ...]) -> Callable[..., Any]:
    """A function ``(template, *new values)`` that copies ``cls`` slot by slot: generated once per
    class and changed fields, it sets each slot through its descriptor (a bulk run copies one
    template per payslip; a loop over the slot names with ``getattr`` costs three times more)."""
    unknown = set(changed) - set(cls.__slots__)
    if unknown:
        raise TypeError(f"{cls.__name__} has no field {sorted(unknown)[0]!r}")
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    body = ["    n = _new(_cls)"]
    for k, name in enumerate(cls.__slots__):
        scope[f"_set{k}"] = getattr(cls, name).__set__
        value = f"v{changed.index(name)}" if name in changed else f"t.{name}"
        body.append(f"    _set{k}(n, {value})")
    args = ", ".join(["t", *(f"v{k}" for k in range(len(changed)))])
    exec(f"def copy({args}):\n" + "\n".join(body) + "\n    return n", scope)  # noqa: S102 - built from slot names
    return scope["copy"]
