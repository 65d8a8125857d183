"""Billing errors. Each names the offending ``field`` (``lines[2].quantity``) and belongs to the
shared ``core.errors`` hierarchy, so the API answers with a problem detail (4xx) naming it.

The services validate everything before writing, so a raised error leaves nothing behind (and the
caller's transaction is rolled back anyway when the error escapes ``db.session()``).
"""
from __future__ import annotations

from partage.core import errors as shared


class BillingError(shared.FieldScopedError):
    """Root of billing errors: ``field`` is a dotted path into the input."""


class InvalidInput(BillingError, shared.ValidationFailed):
    """A value is missing, malformed or out of range (400)."""


class NotFound(BillingError, shared.NotFound):
    """A referenced record does not exist for the bound tenant (404)."""


class InvalidState(BillingError, shared.Conflict):
    """The document's state forbids the operation (409)."""


class ImmutableDocument(InvalidState):
    """An issued document was about to change (409)."""
