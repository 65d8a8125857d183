"""The contract of a declaration type, and what a generator returns.

A country plugin offers declaration types (``dimona``, ``dmfa``, ``dsn``...). Each one is a
``DeclarationType``: a pure ``generate`` over a typed input (the plugin's dataclass describing
stored data) and a ``check`` of the produced file against the official schema or the published
structure. Neither touches a database, the network or the clock (the creation time is an input).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Protocol, runtime_checkable

from partage.core.declarations.period import Period


@dataclass(frozen=True, slots=True)
class GeneratedFile:
    """One produced declaration file, with the totals it declares (integer cents)."""

    declaration_type: str
    period: Period
    filename: str
    content: bytes
    media_type: str
    summary: Mapping[str, int | str] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    def text(self, encoding: str = "utf-8") -> str:
        return self.content.decode(encoding)


@dataclass(frozen=True, slots=True)
class Source:
    """What a country builds from stored rows: the generator input and its reconciler (the file's
    totals read back against the rows), returned by the plugin's ``DeclarationRules.source``."""

    data: Any
    reconciler: Callable[[GeneratedFile], Any] | None = None


@runtime_checkable
class DeclarationType(Protocol):
    """One kind of declaration of a country."""

    code: str          # e.g. "dimona", "dmfa", "dsn"
    periodicity: str   # "event" | "month" | "quarter" | "year" | "month_or_quarter"

    def generate(self, data: Any) -> GeneratedFile:
        """Produce the file from typed stored data; raise `InvalidDeclarationInput` on bad input."""
        ...

    def check(self, generated: GeneratedFile) -> list[str]:
        """Problems found by the official schema or the structural checker; empty if none."""
        ...
