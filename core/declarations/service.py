"""Pure orchestration of one declaration: generate, check, reconcile, validate, submit.

The caller loads the typed input from the database, calls `produce`, stores the returned
`Declaration` (and the file when validated), and later calls `submit` with an adapter.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from partage.core.declarations.errors import IllegalTransition
from partage.core.declarations.lifecycle import Declaration, Event, transition
from partage.core.declarations.reconcile import Reconciliation
from partage.core.declarations.submission import SubmissionAdapter
from partage.core.declarations.types import DeclarationType, GeneratedFile

Reconciler = Callable[[GeneratedFile], Reconciliation]


@dataclass(frozen=True, slots=True)
class Produced:
    declaration: Declaration
    generated: GeneratedFile
    problems: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return not self.problems


def produce(declaration: Declaration, kind: DeclarationType, data: Any, at: datetime,
            reconciler: Reconciler | None = None) -> Produced:
    """Generate (bad input raises `InvalidDeclarationInput`, the declaration is unchanged), then
    check the file and reconcile it: validated if clean, else back to draft with the problems noted."""
    generated = kind.generate(data)
    current = transition(declaration, Event.GENERATE, at, content_sha256=generated.sha256)
    problems = list(kind.check(generated))
    if reconciler is not None:
        problems += reconciler(generated).mismatches()
    if problems:
        note = "; ".join(problems[:5]) + (f" (+{len(problems) - 5} more)" if len(problems) > 5 else "")
        return Produced(transition(current, Event.INVALIDATE, at, note), generated, tuple(problems))
    return Produced(transition(current, Event.VALIDATE, at), generated, ())


def submit(declaration: Declaration, generated: GeneratedFile, adapter: SubmissionAdapter, at: datetime) -> Declaration:
    """Send the validated file through ``adapter`` and record its receipt."""
    if generated.sha256 != declaration.content_sha256:
        raise IllegalTransition(f"{declaration.declaration_type} {declaration.period}: this file is not the validated one")
    transition(declaration, Event.SUBMIT, at)  # refuses before anything is sent if not validated
    receipt = adapter.submit(generated, at)
    return transition(declaration, Event.SUBMIT, at, f"{adapter.channel}: {receipt.location}", receipt=receipt.reference)
