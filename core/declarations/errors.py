"""Errors of the declaration engine; each one names what is wrong so a user can fix it."""
from __future__ import annotations

from partage.core.errors import FieldError, PartageError, ValidationFailed


class InvalidDeclarationInput(ValidationFailed):
    """The stored data cannot make a declaration: ``errors`` names every missing or bad field.

    Raised before anything is produced, so no declaration is ever half-generated.
    """

    title, slug = "Declaration input refused", "declaration-input"


class IllegalTransition(PartageError):
    """A lifecycle event that the current status does not allow (e.g. submit a draft)."""

    status, title, slug = 409, "Illegal declaration transition", "declaration-transition"


class ReconciliationFailed(PartageError):
    """A declaration's totals differ from its sources; ``mismatches`` lists each difference."""

    status, title, slug = 422, "Declaration does not reconcile", "declaration-reconciliation"

    def __init__(self, mismatches: list[str]) -> None:
        self.mismatches = list(mismatches)
        super().__init__("; ".join(self.mismatches))


class Problems:
    """Collects field errors, then raises them all at once (or nothing)."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def require(self, condition: bool, field: str, message: str) -> bool:
        if not condition:
            self.add(field, message)
        return condition

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidDeclarationInput(self.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)
