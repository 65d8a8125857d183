"""Reconciliation: a declaration's totals against the sum of its sources, to the cent."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from partage.core.declarations.errors import ReconciliationFailed


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    declared: int   # cents read back from the produced file
    expected: int   # cents summed from the sources

    @property
    def ok(self) -> bool:
        return self.declared == self.expected

    def __str__(self) -> str:
        return f"{self.name}: declared {self.declared} != sources {self.expected} (cents)"


@dataclass(frozen=True, slots=True)
class Reconciliation:
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def mismatches(self) -> list[str]:
        return [str(check) for check in self.checks if not check.ok]

    def raise_if_mismatch(self) -> "Reconciliation":
        if not self.ok:
            raise ReconciliationFailed(self.mismatches())
        return self


def reconcile(checks: Iterable[Check]) -> Reconciliation:
    return Reconciliation(tuple(checks))
