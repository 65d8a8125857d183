"""Payroll errors: each names the offending ``field`` (shared ``core.errors`` hierarchy)."""
from __future__ import annotations

from partage.core import errors as shared


class PayrollError(shared.FieldScopedError):
    """Root of payroll errors: ``field`` names the input at fault."""


class InvalidInput(PayrollError, shared.ValidationFailed):
    """A value is missing, malformed or out of range (400)."""


class NotFound(PayrollError, shared.NotFound):
    """A referenced record does not exist for the bound tenant (404)."""


class InvalidState(PayrollError, shared.Conflict):
    """The run is not in a state allowing this step (409)."""
