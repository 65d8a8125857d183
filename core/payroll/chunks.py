"""Compute one chunk of a run in one transaction: payslips and payments written in bulk.

The chunk row is locked first (``FOR UPDATE`` on PostgreSQL; SQLite serialises writers) and a
chunk already ``done`` is skipped, so a retried or duplicated message never writes twice; the
unique keys on (tenant, run, performance) are the last line of defence.
"""
from __future__ import annotations

import uuid
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.billing.models.parties import Member
from core.db import Database, utcnow
from core.ids import uuid7
from core.payroll.bulk import insert_rows
from core.payroll.facts import PayFacts
from core.payroll.models import (Performance, PayrollChunk, PayrollRun, PayslipRecord,
                                 SalaryPayment, WorkerProfile)
from core.payroll.performances import payroll_settings
from core.payroll.tenant import tenant_facts
from core.plugins import registry

ZERO = Decimal("0.00")


PERF = (Performance.id, Performance.member_id, Performance.activity_id, Performance.start,
        Performance.end, Performance.days, Performance.hours, Performance.kind, Performance.gross)
PROFILE = (WorkerProfile.member_id, WorkerProfile.id.label("profile_id"), WorkerProfile.national_number,
           WorkerProfile.iban, WorkerProfile.bic, WorkerProfile.birth_date, WorkerProfile.profile)
NO_PROFILE = {name: None for name in ("profile_id", "national_number", "iban", "bic", "birth_date",
                                      "profile")}


def _load(session: Session, chunk: PayrollChunk) -> list[SimpleNamespace]:
    """The chunk's performances with member and worker profile: three key lookups, plain rows
    (no join: the planner cannot see through the row-level security predicate)."""
    ids = [uuid.UUID(i) for i in chunk.performance_ids]
    perfs = session.execute(select(*PERF).where(Performance.id.in_(ids))).all()
    member_ids = list({p.member_id for p in perfs})
    names = {r.id: r for r in session.execute(
        select(Member.id, Member.first_name, Member.last_name).where(Member.id.in_(member_ids)))}
    profiles = {r.member_id: r._asdict() for r in session.execute(
        select(*PROFILE).where(WorkerProfile.member_id.in_(member_ids)))}
    rows = [SimpleNamespace(**{**NO_PROFILE, **profiles.get(p.member_id, {}), **p._asdict(),
                               "first_name": names[p.member_id].first_name,
                               "last_name": names[p.member_id].last_name})
            for p in perfs]
    return sorted(rows, key=lambda r: (str(r.member_id), str(r.id)))


def _blocker(work) -> str | None:
    if work.profile_id is None:
        return "member_id: the member has no worker profile (national number, IBAN)"
    if not work.national_number:
        return "national_number: the member has no national number"
    if not work.iban:
        return "iban: the member has no IBAN"
    return None


def _facts(w, run: PayrollRun, employer: dict) -> PayFacts:
    return PayFacts(period=run.period, gross=w.gross, kind=w.kind, start=w.start, end=w.end,
                    worker_id=str(w.member_id), days=w.days, hours=w.hours,
                    birth_date=w.birth_date, profile=w.profile or {}, employer=employer)


def _compute(payroll: Any, inputs: list) -> list:
    """The plugin's batch API; on a failing batch, one by one so only the culprit is blocked."""
    try:
        return payroll.compute_batch(inputs, None)
    except ValueError:
        out = []
        for item in inputs:
            try:
                out.append(payroll.compute_batch([item], None)[0])
            except ValueError as exc:
                out.append(exc)
        return out


def _lines(slip) -> list:
    return [[l.code, l.label, str(l.amount), l.side.value, None if l.base is None else str(l.base),
             None if l.rate is None else str(l.rate)] for l in slip.lines]


def _payslip_row(run: PayrollRun, number: int, p, slip=None, error: str | None = None) -> dict:
    amounts = (slip.gross, slip.net, slip.withholding_tax, slip.net_to_pay,
               slip.employer_contributions, slip.employer_cost) if slip else (ZERO,) * 6
    names = ("gross", "net", "withholding_tax", "net_to_pay", "employer_contributions", "employer_cost")
    return {"id": uuid7(), "tenant_id": run.tenant_id, "run_id": run.id, "chunk_number": number,
            "performance_id": p.id, "member_id": p.member_id, "activity_id": p.activity_id,
            "period": run.period, "status": "blocked" if error else "computed", "error": error,
            **dict(zip(names, amounts)), "lines": _lines(slip) if slip else []}


def _payment_row(run: PayrollRun, w, slip_row: dict) -> dict:
    return {"id": uuid7(), "tenant_id": run.tenant_id, "run_id": run.id,
            "performance_id": w.id, "payslip_id": slip_row["id"], "member_id": w.member_id,
            "amount": slip_row["net_to_pay"], "iban": w.iban, "bic": w.bic, "paid": False,
            "name": f"{w.first_name} {w.last_name}"[:140]}


def _rows(session: Session, run: PayrollRun, chunk: PayrollChunk) -> tuple[list, list]:
    payroll = registry().get(tenant_facts(session, run.tenant_id).country).payroll
    employer = payroll_settings(session).employer
    slips, payments, ready, inputs = [], [], [], []
    for work in _load(session, chunk):
        error = _blocker(work)
        if error is None:
            try:
                inputs.append(payroll.input_from(_facts(work, run, employer)))
                ready.append(work)
                continue
            except ValueError as exc:
                error = str(exc)
        slips.append(_payslip_row(run, chunk.number, work, error=error))
    for work, slip in zip(ready, _compute(payroll, inputs)):
        if isinstance(slip, Exception):
            slips.append(_payslip_row(run, chunk.number, work, error=str(slip)))
            continue
        slips.append(_payslip_row(run, chunk.number, work, slip))
        payments.append(_payment_row(run, work, slips[-1]))
    return slips, payments


def _locked_chunk(session: Session, run_id: uuid.UUID, number: int) -> PayrollChunk | None:
    return session.scalar(select(PayrollChunk).where(PayrollChunk.run_id == run_id,
                                                     PayrollChunk.number == number)
                          .with_for_update())


def compute_chunk(db: Database, run_id: uuid.UUID, number: int) -> bool:
    """Compute chunk ``number`` of the run (the bound tenant's); False when it was already done."""
    with db.session() as session:
        chunk = _locked_chunk(session, run_id, number)
        if chunk is None or chunk.status == "done":
            return False
        run = session.get(PayrollRun, run_id)
        slips, payments = _rows(session, run, chunk)
        insert_rows(session, PayslipRecord.__table__, slips)
        insert_rows(session, SalaryPayment.__table__, payments)
        chunk.status, chunk.done_at = "done", utcnow()
        chunk.computed, chunk.blocked = len(payments), len(slips) - len(payments)
        chunk.attempts += 1
        return True
