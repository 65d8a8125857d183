"""Guardrails run when a performance is declared: clear errors for bad input, and checks that
decide between automatic approval and an advisor's review ("Objectif 5%")."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from partage.core.billing.models.parties import Activity
from partage.core.ledger import balance, outstanding
from partage.core.payroll.errors import InvalidInput
from partage.core.payroll.facts import KINDS
from partage.core.payroll.models import Performance, PayrollSettings, WorkerProfile

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Budget:
    """Outcome of the budget check: what the guarantee fund advances, or why it cannot."""

    ok: bool
    guarantee: Decimal = ZERO
    reason: str = ""


def check_iban(value: str | None, field: str = "iban") -> str:
    """The compact IBAN, or ``InvalidInput`` naming ``field`` (schwifty checks country and digits)."""
    if not value:
        raise InvalidInput(field, "is required to pay a salary")
    try:
        return IBAN(value).compact
    except SchwiftyException as exc:
        raise InvalidInput(field, f"not a valid IBAN ({exc})") from None


def check_dates(start: date, end: date) -> None:
    if not isinstance(start, date):
        raise InvalidInput("start", "must be a date")
    if not isinstance(end, date):
        raise InvalidInput("end", "must be a date")
    if end < start:
        raise InvalidInput("end", f"ends ({end}) before it starts ({start})")


def check_kind_and_gross(kind: str, gross: Decimal) -> None:
    if kind not in KINDS:
        raise InvalidInput("kind", f"unknown kind {kind!r} (allowed: {', '.join(KINDS)})")
    if not isinstance(gross, Decimal) or gross <= 0:
        raise InvalidInput("gross", f"must be a positive Decimal, got {gross!r}")


def check_activity(session: Session, member_id: uuid.UUID, activity_id: uuid.UUID) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise InvalidInput("activity_id", f"unknown activity {activity_id}")
    if activity.member_id != member_id:
        raise InvalidInput("activity_id", "the activity belongs to another member")
    return activity


def check_profile(session: Session, member_id: uuid.UUID) -> WorkerProfile:
    """The worker profile, which must carry an IBAN and a national number."""
    profile = session.scalar(select(WorkerProfile).where(WorkerProfile.member_id == member_id))
    if profile is None:
        raise InvalidInput("member_id", "the member has no worker profile (national number, IBAN)")
    if not profile.national_number:
        raise InvalidInput("national_number", "the member has no national number")
    if not profile.iban:
        raise InvalidInput("iban", "the member has no IBAN")
    return profile


def prior_declaration(name: str, ref: str | None, declared_on: date | None, start: date) -> str | None:
    """Why the prior declaration (DIMONA, DPAE) check fails, or None."""
    if not ref:
        return f"{name}: no reference yet (the declaration step sets it)"
    if declared_on is None or declared_on > start:
        return f"{name}: filed on {declared_on}, after the start of work ({start})"
    return None


def _reserved(session: Session, activity_id: uuid.UUID) -> Decimal:
    """Cost of approved performances of the activity not yet paid (no ledger debit yet)."""
    return session.scalar(select(func.sum(Performance.estimated_cost)).where(
        Performance.activity_id == activity_id, Performance.status == "approved")) or ZERO


def outstanding_advances(session: Session, member_id: uuid.UUID | None = None) -> Decimal:
    """What the guarantee fund has advanced and not been repaid, read from the ledger: for the
    member (all their activities), else for the whole tenant."""
    if member_id is None:
        return outstanding(session)
    return outstanding(session, select(Activity.id).where(Activity.member_id == member_id))


def check_budget(session: Session, settings: PayrollSettings, member_id: uuid.UUID,
                 activity_id: uuid.UUID, cost: Decimal) -> Budget:
    """The activity's balance (less approved, unpaid costs) covers ``cost``, or the guarantee fund
    advances the shortfall within the tenant's limits (per member and in total) on what it has
    advanced and not been repaid yet."""
    # one budget decision at a time per tenant: two declarations at the same moment would each see
    # the balance and the fund's advances without the other's (the lock waits for the other's commit)
    session.execute(select(PayrollSettings.id).where(PayrollSettings.id == settings.id).with_for_update())
    available = balance(session, activity_id) - _reserved(session, activity_id)
    shortfall = cost - max(available, ZERO)
    if shortfall <= 0:
        return Budget(True)
    if outstanding_advances(session, member_id) + shortfall > settings.guarantee_limit_member:
        return Budget(False, reason=f"budget: {shortfall} missing, over the guarantee limit per member")
    if outstanding_advances(session) + shortfall > settings.guarantee_limit_total:
        return Budget(False, reason=f"budget: {shortfall} missing, over the guarantee fund's total limit")
    return Budget(True, guarantee=shortfall)
