"""Declaration lifecycle as a pure state machine.

``draft -> generated -> validated -> submitted -> accepted | rejected``. A failed validation
sends the declaration back to ``draft``; a rejected declaration may be generated again (a
correction). Each transition returns a new immutable `Declaration` with one more history entry,
so the caller stores it (append-only) and nothing is ever overwritten.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum

from partage.core.declarations.errors import IllegalTransition
from partage.core.declarations.period import Period


class Status(str, Enum):
    DRAFT = "draft"
    GENERATED = "generated"
    VALIDATED = "validated"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Event(str, Enum):
    GENERATE = "generate"
    VALIDATE = "validate"
    INVALIDATE = "invalidate"
    SUBMIT = "submit"
    ACCEPT = "accept"
    REJECT = "reject"


TRANSITIONS: dict[tuple[Status, Event], Status] = {
    (Status.DRAFT, Event.GENERATE): Status.GENERATED,
    (Status.GENERATED, Event.GENERATE): Status.GENERATED,
    (Status.GENERATED, Event.VALIDATE): Status.VALIDATED,
    (Status.GENERATED, Event.INVALIDATE): Status.DRAFT,
    (Status.VALIDATED, Event.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Event.ACCEPT): Status.ACCEPTED,
    (Status.SUBMITTED, Event.REJECT): Status.REJECTED,
    (Status.REJECTED, Event.GENERATE): Status.GENERATED,
}
FINAL = frozenset({Status.ACCEPTED})
OPEN = frozenset(set(Status) - {Status.SUBMITTED, Status.ACCEPTED})  # still owed to the authority


@dataclass(frozen=True, slots=True)
class Step:
    event: Event
    status: Status
    at: datetime
    note: str = ""


@dataclass(frozen=True, slots=True)
class Declaration:
    """A declaration of one type for one period of one tenant, and its history."""

    declaration_type: str
    period: Period
    status: Status = Status.DRAFT
    history: tuple[Step, ...] = ()
    content_sha256: str | None = None
    receipt: str | None = None

    def allowed(self) -> tuple[Event, ...]:
        return tuple(event for (status, event) in TRANSITIONS if status is self.status)


def transition(declaration: Declaration, event: Event, at: datetime, note: str = "", **changes: str) -> Declaration:
    """The declaration after ``event``; `IllegalTransition` if its status does not allow it."""
    target = TRANSITIONS.get((declaration.status, event))
    if target is None:
        allowed = ", ".join(e.value for e in declaration.allowed()) or "none"
        raise IllegalTransition(
            f"{declaration.declaration_type} {declaration.period}: cannot {event.value} a "
            f"{declaration.status.value} declaration (allowed: {allowed})")
    step = Step(event, target, at, note)
    return replace(declaration, status=target, history=declaration.history + (step,), **changes)
