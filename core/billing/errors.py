"""Billing errors. Each names the offending ``field`` (``lines[2].quantity``) and belongs to the
shared ``core.errors`` hierarchy, so the API answers with a problem detail (4xx) naming it.

The services validate everything before writing, so a raised error leaves nothing behind (and the
caller's transaction is rolled back anyway when the error escapes ``db.session()``).
"""
from __future__ import annotations

from core import errors as shared
from core.errors import FieldError


class BillingError(shared.PartageError):
    """Root of billing errors: ``field`` is a dotted path into the input."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        self.errors = [FieldError(field, message)]
        shared.PartageError.__init__(self, f"{field}: {message}")


class InvalidInput(BillingError, shared.ValidationFailed):
    """A value is missing, malformed or out of range (400)."""


class NotFound(BillingError, shared.NotFound):
    """A referenced record does not exist for the bound tenant (404)."""


class InvalidState(BillingError, shared.Conflict):
    """The document's state forbids the operation (409)."""


class ImmutableDocument(InvalidState):
    """An issued document was about to change (409)."""
