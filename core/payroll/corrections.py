"""Correction runs: a paid payslip is never edited; a correction run pays the differences.

After a period's run is paid, an advisor amends a performance (``amend_performance``: new gross,
days or hours; status ``amended``, audited with the old values). ``start_correction`` then opens
the period's next run (``sequence`` 2, 3...) in one transaction: each amended performance is
recomputed with the country plugin under the period's rules, and its payslip row holds the
DIFFERENCE between the new payslip and what the period's paid runs already paid for it (per total
and per line code). A positive net difference gets a salary payment (SEPA); approving and marking
the run paid (``core.payroll.paying``) posts the cost difference to the activity's ledger (a debit,
or a credit when the cost went down) and sets the performances back to ``paid``.

Idempotent: an amendment is in exactly one correction run. Calling ``start_correction`` again
while that run is not paid returns it; once it is paid, the performance is ``paid`` again and no
later run picks it up. A performance held by an unpaid correction run cannot be amended again.
"""
from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.billing.models.parties import Member
from partage.core.db import utcnow
from partage.core.ids import uuid7
from partage.core.payroll import differences as diff
from partage.core.payroll.bulk import insert_rows
from partage.core.payroll.chunks import one_by_one
from partage.core.payroll.errors import InvalidInput, InvalidState, NotFound
from partage.core.payroll.facts import PayFacts
from partage.core.payroll.guardrails import check_kind_and_gross
from partage.core.payroll.models import (Performance, PayrollChunk, PayrollRun, PayslipRecord, SalaryPayment,
                                 WorkerProfile)
from partage.core.payroll.performances import payroll_settings
from partage.core.payroll.runs import _next_month, _payable_ids, month
from partage.core.payroll.tenant import tenant_facts
from partage.core.plugins import registry

AMENDABLE = ("paid", "amended")


def _open_payslip(session: Session, performance_id: uuid.UUID) -> uuid.UUID | None:
    """A payslip of the performance in a run not paid yet (a correction waiting to be paid)."""
    unpaid = select(PayrollRun.id).where(PayrollRun.status != "paid")
    return session.scalar(select(PayslipRecord.id).where(
        PayslipRecord.performance_id == performance_id, PayslipRecord.run_id.in_(unpaid)).limit(1))


def _changes(perf: Performance, gross: Decimal | None, days: int | None,
             hours: Decimal | None) -> dict[str, Any]:
    if gross is None and days is None and hours is None:
        raise InvalidInput("gross", "give the new gross, days or hours")
    if gross is not None:
        check_kind_and_gross(perf.kind, gross)
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
        raise InvalidInput("days", f"a whole number of days, 0 or more; got {days!r}")
    if hours is not None and (not isinstance(hours, Decimal) or hours <= 0):
        raise InvalidInput("hours", f"a positive Decimal; got {hours!r}")
    values = {"gross": gross, "days": days, "hours": hours}
    return {name: value for name, value in values.items() if value is not None}


def amend_performance(session: Session, performance_id: uuid.UUID, *, reason: str, actor: str,
                      gross: Decimal | None = None, days: int | None = None,
                      hours: Decimal | None = None) -> Performance:
    """Change a paid performance; the next correction run of its period pays the difference."""
    perf = session.get(Performance, performance_id)
    if perf is None:
        raise NotFound("performance_id", f"unknown performance {performance_id}")
    if perf.status not in AMENDABLE:
        raise InvalidState("status", f"only a paid performance is amended (it is {perf.status}); "
                                     "before it is paid, an advisor handles it as a declaration")
    if _open_payslip(session, perf.id):
        raise InvalidState("performance_id", "a correction run holding this performance is not paid "
                                             "yet: approve and pay it first")
    if not (reason or "").strip():
        raise InvalidInput("reason", "say why the performance is amended")
    changes = _changes(perf, gross, days, hours)
    before = {name: str(getattr(perf, name)) for name in changes}
    for name, value in changes.items():
        setattr(perf, name, value)
    perf.status, perf.amended_at = "amended", utcnow()
    record(session, actor=actor, action="performance_amended", subject=f"performance:{perf.id}",
           payload={"reason": reason.strip(), "before": before,
                    "after": {name: str(value) for name, value in changes.items()}})
    return perf


def paid_so_far(session: Session, period: date, ids: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
    """Per performance, the sum of its computed payslips in the period's paid runs."""
    paid_runs = select(PayrollRun.id).where(PayrollRun.period == period, PayrollRun.status == "paid")
    rows = session.scalars(select(PayslipRecord).where(
        PayslipRecord.run_id.in_(paid_runs), PayslipRecord.performance_id.in_(ids),
        PayslipRecord.status == "computed"))
    slips: dict[uuid.UUID, list] = defaultdict(list)
    for row in rows:
        slips[row.performance_id].append(
            diff.stored(period, {n: getattr(row, n) for n in diff.TOTALS}, row.lines))
    return {key: diff.total(period, found) for key, found in slips.items()}


def _facts(perf: Performance, profile: WorkerProfile, period: date, employer: dict) -> PayFacts:
    """The same neutral facts a regular run gives the plugin (``core.payroll.chunks``)."""
    return PayFacts(period=period, gross=perf.gross, kind=perf.kind, start=perf.start, end=perf.end,
                    worker_id=str(perf.member_id), days=perf.days, hours=perf.hours,
                    birth_date=profile.birth_date, profile=profile.profile or {}, employer=employer)


def _blocker(profile: WorkerProfile | None) -> str | None:
    if profile is None:
        return "member_id: the member has no worker profile (national number, IBAN)"
    if not profile.national_number:
        return "national_number: the member has no national number"
    if not profile.iban:
        return "iban: the member has no IBAN"
    return None


def recompute(session: Session, period: date, perfs: list[Performance],
              profiles: dict[uuid.UUID, WorkerProfile]) -> list[Any]:
    """Each performance's new payslip under the period's rules, or the error (a string) blocking it."""
    payroll = registry().get(tenant_facts(session).country).payroll
    employer = payroll_settings(session).employer
    results: list[Any] = [_blocker(profiles.get(p.member_id)) for p in perfs]
    ready, inputs = [], []
    for i, perf in enumerate(perfs):
        if results[i] is None:
            try:
                facts = _facts(perf, profiles[perf.member_id], period, employer)
                inputs.append(payroll.input_from(facts))
                ready.append(i)
            except ValueError as exc:
                results[i] = str(exc)
    for i, slip in zip(ready, one_by_one(payroll, inputs)):
        results[i] = str(slip) if isinstance(slip, Exception) else slip
    return results


def _slip_row(run: PayrollRun, perf: Performance, slip=None, error: str | None = None) -> dict:
    amounts = {n: getattr(slip, n) if slip else diff.ZERO for n in diff.TOTALS}
    return {"id": uuid7(), "tenant_id": run.tenant_id, "run_id": run.id, "chunk_number": 0,
            "performance_id": perf.id, "member_id": perf.member_id, "activity_id": perf.activity_id,
            "period": run.period, "status": "blocked" if error else "computed", "error": error,
            **amounts, "lines": diff.to_json(slip) if slip else []}


def _payment_row(run: PayrollRun, slip_row: dict, profile: WorkerProfile, name: str) -> dict:
    return {"id": uuid7(), "tenant_id": run.tenant_id, "run_id": run.id,
            "performance_id": slip_row["performance_id"], "payslip_id": slip_row["id"],
            "member_id": slip_row["member_id"], "amount": slip_row["net_to_pay"], "iban": profile.iban,
            "bic": profile.bic, "name": name[:140], "paid": False}


def _people(session: Session, perfs: list[Performance]) -> tuple[dict, dict]:
    ids = list({p.member_id for p in perfs})
    profiles = {p.member_id: p for p in session.scalars(
        select(WorkerProfile).where(WorkerProfile.member_id.in_(ids)))}
    names = {m.id: f"{m.first_name} {m.last_name}" for m in session.execute(
        select(Member.id, Member.first_name, Member.last_name).where(Member.id.in_(ids)))}
    return profiles, names


def _write(session: Session, run: PayrollRun, perfs: list[Performance]) -> tuple[int, int]:
    """The differences' payslips and payments, and one chunk (done) so progress counts them."""
    profiles, names = _people(session, perfs)
    paid = paid_so_far(session, run.period, [p.id for p in perfs])
    slips, payments = [], []
    for perf, result in zip(perfs, recompute(session, run.period, perfs, profiles)):
        if isinstance(result, str):
            slips.append(_slip_row(run, perf, error=result))
            continue
        before = paid.get(perf.id) or diff.nothing(run.period)
        slips.append(_slip_row(run, perf, diff.difference(result, before)))
        if slips[-1]["net_to_pay"] > 0:
            payments.append(_payment_row(run, slips[-1], profiles[perf.member_id], names[perf.member_id]))
    insert_rows(session, PayslipRecord.__table__, slips)
    insert_rows(session, SalaryPayment.__table__, payments)
    blocked = sum(1 for s in slips if s["status"] == "blocked")
    session.add(PayrollChunk(run_id=run.id, number=0, performance_ids=[str(p.id) for p in perfs],
                             status="done", computed=len(slips) - blocked, blocked=blocked, attempts=0,
                             done_at=utcnow()))
    return len(slips) - blocked, blocked


def _amended(session: Session, first: date) -> list[Performance]:
    return list(session.scalars(select(Performance).where(
        Performance.status == "amended", Performance.start >= first,
        Performance.start < _next_month(first)).order_by(Performance.member_id, Performance.id)))


def start_correction(session: Session, period: date | str, actor: str) -> PayrollRun:
    """The period's correction run of its amended performances (computed here, in this
    transaction), or the correction run already waiting to be paid."""
    first = month(period)
    runs = list(session.scalars(select(PayrollRun).where(PayrollRun.period == first)
                                .order_by(PayrollRun.sequence)))
    if not runs or runs[0].status != "paid":
        raise InvalidState("period", f"the run of {first:%Y-%m} is not paid: nothing to correct yet")
    waiting = next((run for run in runs if run.kind == "correction" and run.status != "paid"), None)
    if waiting is not None:
        return waiting
    perfs = _amended(session, first)
    if not perfs:
        late = len(_payable_ids(session, first, late=True))
        hint = (f"; {late} performance(s) approved after its run: `partage payroll run` pays them in a "
                "supplementary run" if late else "")
        raise InvalidState("period", f"no amended performance of {first:%Y-%m} to correct{hint}")
    run = PayrollRun(period=first, sequence=runs[-1].sequence + 1, kind="correction", status="computing",
                     chunks_total=1,
                     performances_total=len(perfs))
    session.add(run)
    session.flush()
    computed, blocked = _write(session, run, perfs)
    run.status, run.computed_at = "computed", utcnow()
    record(session, actor=actor, action="payroll_correction_computed", subject=f"payroll_run:{run.id}",
           payload={"period": first.isoformat(), "sequence": run.sequence, "payslips": computed,
                    "blocked": blocked})
    return run
