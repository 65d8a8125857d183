"""Which audit events a subscriber hears, under which public event type.

An event type names a fact of the business (``invoice.paid``), not an internal action name; the
table below is the one place that maps the audit trail's actions to them.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

Predicate = Callable[[Mapping[str, Any]], bool]


def _always(payload: Mapping[str, Any]) -> bool:
    return True


def _settles(payload: Mapping[str, Any]) -> bool:
    return payload.get("status") == "paid"


# audit action -> (event type, condition on the audit payload)
_FROM_AUDIT: dict[str, tuple[str, Predicate]] = {
    "invoice.issued": ("invoice.issued", _always),
    "credit_note.issued": ("credit_note.issued", _always),
    "payment.allocated": ("invoice.paid", _settles),
    "payment.recorded": ("payment.received", _always),
    "payroll_run_approved": ("payroll_run.approved", _always),
    "payroll_run_paid": ("payroll_run.paid", _always),
    "declaration.generated": ("declaration.generated", _always),
    "declaration.submitted": ("declaration.submitted", _always),
    "member.created": ("member.created", _always),
}
EVENT_TYPES: tuple[str, ...] = tuple(sorted({kind for kind, _ in _FROM_AUDIT.values()}))
AUDIT_ACTIONS: tuple[str, ...] = tuple(sorted(_FROM_AUDIT))


def event_type_of(action: str, payload: Mapping[str, Any]) -> str | None:
    """The event type an audit event is heard as, or None."""
    found = _FROM_AUDIT.get(action)
    if found is None or not found[1](payload):
        return None
    return found[0]
