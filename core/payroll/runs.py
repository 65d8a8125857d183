"""Payroll runs per tenant and period: draft -> computing -> computed -> approved -> paid."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, cast, func, select, update
from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.db import utcnow
from partage.core.ids import uuid7
from partage.core.payroll.bulk import insert_rows
from partage.core.payroll.errors import InvalidInput, InvalidState, NotFound
from partage.core.payroll.loading import fetch_raw
from partage.core.payroll.models import Performance, PayrollChunk, PayrollRun, PayslipRecord
from partage.core.payroll.payments import draw_payments
from partage.core.payroll.performances import payroll_settings


@dataclass(frozen=True, slots=True)
class RunProgress:
    run_id: uuid.UUID
    status: str
    chunks_total: int
    chunks_done: int
    performances: int
    payslips: int
    blocked: int
    failed: tuple[str, ...] = ()  # chunks not done whose last attempt failed: "chunk N: error"


def month(period: date | str) -> date:
    """The first day of ``period`` (a date or ``YYYY-MM``)."""
    if isinstance(period, str):
        try:
            year, mon = (int(x) for x in period.split("-"))
            if not 1900 <= year <= 2200:
                raise ValueError(period)
            return date(year, mon, 1)
        except ValueError:
            raise InvalidInput("period", f"expected YYYY-MM, got {period!r}") from None
    return period.replace(day=1)


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def get_run(session: Session, run_id: uuid.UUID) -> PayrollRun:
    run = session.get(PayrollRun, run_id)
    if run is None:
        raise NotFound("run_id", f"unknown payroll run {run_id}")
    return run


def lock_run(session: Session, run_id: uuid.UUID) -> PayrollRun:
    """The run, its row locked until the transaction ends (state changes wait for each other)."""
    run = get_run(session, run_id)
    session.flush()  # the refresh below reloads the run: keep pending changes
    session.refresh(run, with_for_update=True)
    return run


def create_run(session: Session, period: date | str) -> PayrollRun:
    """The regular run of ``period`` (created as draft, or the existing one)."""
    first = month(period)
    run = session.scalar(select(PayrollRun).where(PayrollRun.period == first, PayrollRun.sequence == 1))
    if run is None:
        run = PayrollRun(period=first, sequence=1, kind="regular", status="draft", chunks_total=0,
                         performances_total=0)
        session.add(run)
        session.flush()
    return run


def check_started(period: date | str, *, advance: bool, today: date | None = None) -> date:
    """The period's first day; a month not started yet is refused unless paid in ``advance``."""
    first, today = month(period), today or date.today()
    if first > today and not advance:
        raise InvalidState("period", f"{first:%Y-%m} has not started yet (today is {today:%Y-%m-%d}): "
                                     "a run pays work of a started month; to pay it in advance, "
                                     "ask for it explicitly (--advance)")
    return first


def period_runs(session: Session, first: date) -> list[PayrollRun]:
    return list(session.scalars(select(PayrollRun).where(PayrollRun.period == first)
                                .order_by(PayrollRun.sequence)))


def open_run(session: Session, period: date | str, *, actor: str = "payroll", advance: bool = True,
             today: date | None = None) -> PayrollRun:
    """The run a start of ``period`` computes: the regular run (created, or resumed while not
    approved); once that is approved or paid, a supplementary run of the work approved since
    (created when there is some; else the latest run, as it is)."""
    first = check_started(period, advance=advance, today=today)
    runs = period_runs(session, first)
    paying = [run for run in runs if run.kind in ("regular", "supplementary")]
    if paying:   # starts of the same period at the same moment decide one after the other
        lock_run(session, paying[0].id)
        runs = period_runs(session, first)
        paying = [run for run in runs if run.kind in ("regular", "supplementary")]
    if not paying:
        run = create_run(session, first)
    elif paying[-1].status not in ("approved", "paid"):
        return paying[-1]
    elif not _payable_ids(session, first, late=True):
        return paying[-1]
    else:
        run = PayrollRun(period=first, sequence=runs[-1].sequence + 1, kind="supplementary", status="draft",
                         chunks_total=0, performances_total=0)
        session.add(run)
        session.flush()
    record(session, actor=actor, action="payroll_run_started", subject=f"payroll_run:{run.id}",
           payload={"period": first.isoformat(), "kind": run.kind, "sequence": run.sequence,
                    "advance": first > (today or date.today())})
    return run


def late_work(session: Session) -> list[tuple[date, int]]:
    """Periods whose runs are approved or paid and that have approved work no run holds yet
    (a supplementary run pays it), each with how many performances."""
    closed = select(PayrollRun.period).where(PayrollRun.kind.in_(("regular", "supplementary")),
                                             PayrollRun.status.in_(("approved", "paid")))
    periods = sorted(set(session.scalars(closed)))[-12:]   # the last twelve months paid
    found = [(first, len(_payable_ids(session, first, late=True))) for first in periods]
    return [(first, count) for first, count in found if count and _latest_closed(session, first)]


def _latest_closed(session: Session, first: date) -> bool:
    paying = [r for r in period_runs(session, first) if r.kind in ("regular", "supplementary")]
    return bool(paying) and paying[-1].status in ("approved", "paid")


def plan(session: Session, run: PayrollRun) -> int:
    """Split the approved performances starting in the period into chunks (draft -> computing)."""
    if run.status != "draft":
        return run.chunks_total
    ids = _payable_ids(session, run.period, late=run.sequence > 1)
    size = max(1, payroll_settings(session).chunk_size)
    rows = [{"id": uuid7(), "tenant_id": run.tenant_id, "run_id": run.id, "number": n,
             "performance_ids": ids[start:start + size], "status": "pending",
             "computed": 0, "blocked": 0, "attempts": 0, "done_at": None}
            for n, start in enumerate(range(0, len(ids), size))]
    insert_rows(session, PayrollChunk.__table__, rows)
    run.status, run.chunks_total, run.performances_total = "computing", len(rows), len(ids)
    return len(rows)


def _payable_ids(session: Session, period: date, *, late: bool = False) -> list[str]:
    """The approved performances starting in ``period``, by member: their ids as text (``late``:
    only those without a computed payslip in a run of the period, for a supplementary run). On
    PostgreSQL the canonical text is read straight from the connection (row-level security checks
    the tenant; no ORM row or `uuid.UUID` per performance: a third of a 100,000-member plan); the
    ORM's tenant filter reads them elsewhere."""
    postgres = session.get_bind().dialect.name == "postgresql"
    query = (select(cast(Performance.id, String) if postgres else Performance.id)
             .where(Performance.status == "approved", Performance.start >= period,
                    Performance.start < _next_month(period))
             .order_by(Performance.member_id, Performance.id))
    if late:
        held = select(PayslipRecord.performance_id).where(
            PayslipRecord.status == "computed",
            PayslipRecord.run_id.in_(select(PayrollRun.id).where(PayrollRun.period == period)))
        query = query.where(Performance.id.not_in(held))
    if postgres:
        return [row[0] for row in fetch_raw(session, query)]
    return [str(i) for i in session.scalars(query).all()]


def pending_chunks(session: Session, run_id: uuid.UUID, *, retry_failed: bool = True) -> list[int]:
    """Chunks not done yet (without those given up when ``retry_failed`` is false)."""
    query = select(PayrollChunk.number).where(PayrollChunk.run_id == run_id, PayrollChunk.status != "done")
    if not retry_failed:
        query = query.where(PayrollChunk.attempts < MAX_ATTEMPTS)
    return list(session.scalars(query.order_by(PayrollChunk.number)))


def progress(session: Session, run_id: uuid.UUID) -> RunProgress:
    """Counts for a progress bar or the API status."""
    run = get_run(session, run_id)
    done, computed, blocked = session.execute(select(
        func.count(), func.coalesce(func.sum(PayrollChunk.computed), 0),
        func.coalesce(func.sum(PayrollChunk.blocked), 0)).where(
        PayrollChunk.run_id == run_id, PayrollChunk.status == "done")).one()
    return RunProgress(run.id, run.status, run.chunks_total, done, run.performances_total, computed, blocked,
                       failed_chunks(session, run_id))


MAX_ATTEMPTS = 5  # a chunk failing this many times is reported, not sent again


def failed_chunks(session: Session, run_id: uuid.UUID) -> tuple[str, ...]:
    """Chunks not done whose last attempt failed, each with its error (a coordinator stops
    sending a chunk after ``MAX_ATTEMPTS`` failures)."""
    return tuple(f"chunk {number}: {error}" for number, error in session.execute(
        select(PayrollChunk.number, PayrollChunk.error).where(
            PayrollChunk.run_id == run_id, PayrollChunk.status != "done",
            PayrollChunk.error.is_not(None)).order_by(PayrollChunk.number)))


def finish(session: Session, run_id: uuid.UUID) -> PayrollRun:
    """computing -> computed once every chunk is done."""
    run = get_run(session, run_id)
    if run.status == "computing" and not pending_chunks(session, run_id):
        run.status, run.computed_at = "computed", utcnow()
        record(session, actor="payroll", action="payroll_run_computed", subject=f"payroll_run:{run.id}",
               payload={"period": run.period.isoformat(), "performances": run.performances_total})
    return run


def has_payslips(session: Session, run_id: uuid.UUID) -> bool:
    """Whether the run holds a payslip (computed, or blocked: approving it sends the blocked
    members' work to the period's next run, once fixed)."""
    return session.scalar(select(PayslipRecord.id).where(PayslipRecord.run_id == run_id).limit(1)) is not None


def approve_run(session: Session, run_id: uuid.UUID, actor: str) -> PayrollRun:
    run = lock_run(session, run_id)  # a concurrent approval waits here, then sees it
    if run.status != "computed":
        raise InvalidState("status", f"only a computed run can be approved (the run of {run.period:%Y-%m} "
                                     f"is {run.status})")
    if not has_payslips(session, run.id):
        raise InvalidState("payslips", f"the run of {run.period:%Y-%m} has no payslip: no approved work "
                                       "started that month, nothing to approve or pay")
    run.status, run.approved_at = "approved", utcnow()
    drawn = draw_payments(session, run.id)
    record(session, actor=actor, action="payroll_run_approved", subject=f"payroll_run:{run.id}",
           payload={"period": run.period.isoformat(), "payments": drawn})
    return run


def blocked_payslips(session: Session, run_id: uuid.UUID) -> list[PayslipRecord]:
    """The run's blocked members, each with the error naming the field at fault."""
    return list(session.scalars(select(PayslipRecord).where(
        PayslipRecord.run_id == run_id, PayslipRecord.status == "blocked")))


def mark_performances_paid(session: Session, run_id: uuid.UUID) -> None:
    paid = select(PayslipRecord.performance_id).where(PayslipRecord.run_id == run_id,
                                                      PayslipRecord.status == "computed")
    session.execute(update(Performance).where(Performance.id.in_(paid)).values(status="paid"),
                    execution_options={"synchronize_session": False})
