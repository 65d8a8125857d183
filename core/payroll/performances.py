"""Worker profiles and work performances ("prestations"), checked by guardrails at input."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.ledger import advance
from partage.core.payroll import guardrails as g
from partage.core.payroll.errors import InvalidInput, InvalidState, NotFound
from partage.core.payroll.facts import PayFacts
from partage.core.payroll.models import DEFAULT_CHUNK_SIZE, Performance, PayrollSettings, WorkerProfile
from partage.core.payroll.review import DEFAULT_RATE, flag_for_review
from partage.core.plugins import registry


@dataclass(frozen=True, slots=True)
class PerformanceIn:
    """A member's declaration of work for one of their activities."""

    member_id: uuid.UUID
    activity_id: uuid.UUID
    start: date
    end: date
    gross: Decimal
    kind: str = "employee"
    function: str = ""
    days: int | None = None
    hours: Decimal | None = None
    declaration_ref: str | None = None  # DIMONA (BE) / DPAE (FR), set by the declaration step
    declared_on: date | None = None


def payroll_settings(session: Session) -> PayrollSettings:
    """The bound tenant's payroll settings (defaults: no guarantee fund)."""
    found = session.scalar(select(PayrollSettings))
    if found is None:
        found = PayrollSettings(guarantee_limit_member=Decimal(0), guarantee_limit_total=Decimal(0),
                                chunk_size=DEFAULT_CHUNK_SIZE, debtor_name="", employer={},
                                review_sample_rate=DEFAULT_RATE)
        session.add(found)
        session.flush()
    return found


def set_worker_profile(session: Session, country: str, member_id: uuid.UUID, *,
                       national_number: str | None, iban: str | None, bic: str | None = None,
                       birth_date: date | None = None,
                       profile: Mapping[str, Any] | None = None) -> WorkerProfile:
    """Create or replace a member's worker profile; the national number is checked by the
    country plugin, the IBAN by schwifty."""
    identifiers = registry().get(country).identifiers
    if national_number:
        try:
            national_number = identifiers.validate(identifiers.person_kind, national_number)
        except ValueError as exc:
            raise InvalidInput("national_number", str(exc)) from None
    iban = g.check_iban(iban) if iban else None
    row = session.scalar(select(WorkerProfile).where(WorkerProfile.member_id == member_id))
    if row is None:
        row = WorkerProfile(member_id=member_id)
        session.add(row)
    row.national_number, row.iban, row.bic = national_number, iban, bic
    row.birth_date, row.profile = birth_date, dict(profile or {})
    session.flush()
    return row


def estimate_cost(country: str, facts: PayFacts) -> Decimal:
    """Employer cost of the performance with the country's rules (one-payslip batch)."""
    payroll = registry().get(country).payroll
    try:
        return payroll.compute_batch([payroll.input_from(facts)], None)[0].employer_cost
    except ValueError as exc:
        raise InvalidInput(getattr(exc, "field", "performance"), str(exc)) from None


def facts_for(data: PerformanceIn, profile: WorkerProfile, employer: Mapping[str, Any]) -> PayFacts:
    return PayFacts(period=data.start.replace(day=1), gross=data.gross, kind=data.kind,
                    start=data.start, end=data.end, worker_id=str(data.member_id), days=data.days,
                    hours=data.hours, birth_date=profile.birth_date, profile=profile.profile,
                    employer=employer)


def declare_performance(session: Session, country: str, data: PerformanceIn) -> Performance:
    """Check ``data`` (bad input raises ``InvalidInput`` naming the field), run the guardrails and
    approve automatically when all pass (a random sample is flagged for a review afterwards);
    otherwise the performance waits for an advisor."""
    g.check_dates(data.start, data.end)
    g.check_kind_and_gross(data.kind, data.gross)
    g.check_activity(session, data.member_id, data.activity_id)
    profile = g.check_profile(session, data.member_id)
    settings = payroll_settings(session)
    cost = estimate_cost(country, facts_for(data, profile, settings.employer))
    name = getattr(registry().get(country).payroll, "prior_declaration", "prior declaration")
    failed = [r for r in [g.prior_declaration(name, data.declaration_ref, data.declared_on, data.start)] if r]
    budget = g.check_budget(session, settings, data.member_id, data.activity_id, cost)
    if not budget.ok:
        failed.append(budget.reason)
    perf = Performance(member_id=data.member_id, activity_id=data.activity_id, start=data.start,
                       end=data.end, days=data.days, hours=data.hours, function=data.function,
                       kind=data.kind, gross=data.gross, estimated_cost=cost,
                       guarantee=budget.guarantee if not failed else Decimal(0),
                       declaration_ref=data.declaration_ref, declared_on=data.declared_on,
                       status="pending" if failed else "approved", checks=failed)
    session.add(perf)
    session.flush()
    flag_for_review(perf, settings.review_sample_rate)
    if perf.guarantee:
        advance(session, activity_id=perf.activity_id, entry_date=data.start, amount=perf.guarantee,
                description="guarantee fund advance for a salary", source_type="performance",
                source_id=perf.id)
    return perf


def approve_performance(session: Session, performance_id: uuid.UUID,
                        actor: str | None = None) -> Performance:
    """An advisor approves a pending performance (the review overrides the failed checks)."""
    perf = session.get(Performance, performance_id)
    if perf is None:
        raise NotFound("performance_id", f"unknown performance {performance_id}")
    if perf.status != "pending":
        raise InvalidState("status", f"only a pending performance can be approved (it is {perf.status})")
    perf.status = "approved"
    if actor:
        record(session, actor=actor, action="performance_approved", subject=f"performance:{perf.id}",
               payload={"checks": list(perf.checks)})
    return perf
