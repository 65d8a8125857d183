"""Payroll runs over HTTP: start one and poll its progress, blocked members, approve, mark paid,
the SEPA file, payslips (and their PDF) and correction runs.

``POST /payroll/runs`` computes the run before answering on the embedded default (200) and, with
a Redis broker, hands its chunks to the workers and answers 202 at once: poll
``GET /payroll/runs/{id}`` (status and counts) until it is ``computed``.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

import dramatiq
from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.params import FromPath, FromQuery, JSONBody
from msgspec import Meta, Struct
from sqlalchemy import select

from api.deps import Access, Caller, Session
from api.routes.billing_common import Limit, Offset, money, page
from api.routes.listing import HEADERS as LIST_HEADERS
from api.routes.listing import Cursor, SortName, awaited, listed
from api.routes.payroll import READ, RUNS_READ, RUNS_WRITE, TAGS, PayrollViewer
from core.jobs import make_broker, setup_broker
from core.listing import SortKey
from core.payroll.corrections import start_correction
from core.payroll.documents import payslip_pdf
from core.payroll.launch import launch_run, poll
from core.payroll.lines import stored_line
from core.payroll.models import PayrollRun, PayslipRecord
from core.payroll.paying import mark_paid, sepa_file
from core.payroll.runs import approve_run, blocked_payslips, get_run, month, progress

Period = Annotated[str, Meta(max_length=7, description="month, YYYY-MM")]


class RunOut(Struct):
    """A run and its counts: what a progress poll reads."""

    id: uuid.UUID
    period: str
    sequence: int              # 1: the period's run; 2, 3...: correction runs (differences)
    status: str                # draft, computing, computed, approved, paid
    chunks_total: int
    chunks_done: int
    performances: int
    payslips: int
    blocked: int
    failed: list[str]          # chunks whose last attempt failed ("chunk N: error"); start again
    created_at: datetime
    computed_at: datetime | None
    approved_at: datetime | None
    paid_at: datetime | None

    @classmethod
    def of(cls, session, run: PayrollRun, counts=None) -> "RunOut":
        p = counts or progress(session, run.id)
        return cls(id=run.id, period=f"{run.period:%Y-%m}", sequence=run.sequence, status=p.status,
                   chunks_total=p.chunks_total, chunks_done=p.chunks_done, performances=p.performances,
                   payslips=p.payslips, blocked=p.blocked, failed=list(p.failed), created_at=run.created_at,
                   computed_at=run.computed_at, approved_at=run.approved_at, paid_at=run.paid_at)


class RunStart(Struct, forbid_unknown_fields=True):
    period: Period


class BlockedOut(Struct):
    payslip_id: uuid.UUID
    member_id: uuid.UUID
    performance_id: uuid.UUID
    field: str                 # the input at fault (iban, national_number, ...)
    error: str


class SlipLine(Struct):
    code: str
    label: str
    amount: str
    side: str                  # employee, employer, info
    base: str | None
    rate: str | None

    @classmethod
    def of(cls, raw: list) -> "SlipLine":
        line = stored_line(raw)
        return cls(line.code, line.label, str(line.amount), line.side, money(line.base), money(line.rate))


class PayslipOut(Struct):
    """A payslip; in a correction run (sequence > 1) every amount is a difference."""

    id: uuid.UUID
    run_id: uuid.UUID
    performance_id: uuid.UUID
    member_id: uuid.UUID
    activity_id: uuid.UUID
    period: str
    status: str                # computed | blocked
    error: str | None
    gross: str
    net: str
    withholding_tax: str
    net_to_pay: str
    employer_contributions: str
    employer_cost: str
    lines: list[SlipLine]

    @classmethod
    def of(cls, s: PayslipRecord) -> "PayslipOut":
        return cls(id=s.id, run_id=s.run_id, performance_id=s.performance_id, member_id=s.member_id,
                   activity_id=s.activity_id, period=f"{s.period:%Y-%m}", status=s.status, error=s.error,
                   gross=str(s.gross), net=str(s.net), withholding_tax=str(s.withholding_tax),
                   net_to_pay=str(s.net_to_pay), employer_contributions=str(s.employer_contributions),
                   employer_cost=str(s.employer_cost), lines=[SlipLine.of(line) for line in s.lines or []])


def _broker(state: State) -> dramatiq.Broker:
    """The process's broker, or (an app built with its own settings, as in tests) one of its own."""
    from core.settings import settings

    if getattr(state, "payroll_broker", None) is None:
        own = state.settings is not settings()
        state.payroll_broker = make_broker(state.settings) if own else setup_broker()
    return state.payroll_broker


def _attachment(body: bytes, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@get("/payroll/runs", opt=RUNS_READ, sync_to_thread=True, tags=TAGS)
def list_runs(session: Session, period: FromQuery[Period | None] = None, limit: Limit = 50,
              offset: Offset = 0) -> list[RunOut]:
    """Runs, latest period first (a period's correction runs after its run)."""
    query = select(PayrollRun)
    if period:
        query = query.where(PayrollRun.period == month(period))
    rows = page(session, query, limit, offset, PayrollRun.period.desc(), PayrollRun.sequence)
    return [RunOut.of(session, run) for run in rows]


@post("/payroll/runs", opt=RUNS_WRITE, sync_to_thread=True, tags=TAGS, status_code=200)
def start(data: JSONBody[RunStart], session: Session, state: State) -> Response[RunOut]:
    """Start (or resume) the run of ``period``: 200 once computed (embedded default), 202 while
    the workers compute it (Redis): poll ``Location``. Starting again re-sends the chunks not done."""
    run_id = launch_run(state.db, data.period, _broker(state))
    out = RunOut.of(session, get_run(session, run_id), poll(session, run_id))
    return Response(out, status_code=202 if out.status == "computing" else 200,
                    headers={"Location": f"/payroll/runs/{run_id}"})


@get("/payroll/runs/{run_id:uuid}", opt=RUNS_READ, sync_to_thread=True, tags=TAGS)
def status(run_id: FromPath[uuid.UUID], session: Session) -> RunOut:
    """Status and counts (chunks total/done, performances, payslips, blocked): a progress poll."""
    counts = poll(session, run_id)
    return RunOut.of(session, get_run(session, run_id), counts)


@get("/payroll/runs/{run_id:uuid}/blocked", opt=RUNS_READ, sync_to_thread=True, tags=TAGS)
def blocked(run_id: FromPath[uuid.UUID], session: Session) -> list[BlockedOut]:
    """Members the run could not pay, each with the error naming the field at fault."""
    get_run(session, run_id)
    return [BlockedOut(payslip_id=b.id, member_id=b.member_id, performance_id=b.performance_id,
                       field=(b.error or "").split(":")[0], error=b.error or "")
            for b in blocked_payslips(session, run_id)]


@post("/payroll/runs/{run_id:uuid}/approve", opt=RUNS_WRITE, status_code=200, sync_to_thread=True,
      tags=TAGS)
def approve(run_id: FromPath[uuid.UUID], session: Session, principal: Caller) -> RunOut:
    """computed -> approved (409 naming ``status`` from any other state)."""
    return RunOut.of(session, approve_run(session, run_id, principal.actor))


@post("/payroll/runs/{run_id:uuid}/paid", opt=RUNS_WRITE, status_code=200, sync_to_thread=True,
      tags=TAGS)
def paid(run_id: FromPath[uuid.UUID], session: Session, principal: Caller) -> RunOut:
    """approved -> paid: each activity is debited with its payslips' cost (a correction run:
    the cost difference), payments and performances are marked paid."""
    mark_paid(session, run_id, principal.actor)
    return RunOut.of(session, get_run(session, run_id))


@get("/payroll/runs/{run_id:uuid}/sepa", opt=RUNS_READ, sync_to_thread=True, tags=TAGS,
     media_type="application/xml")
def sepa(run_id: FromPath[uuid.UUID], session: Session,
         execution_date: FromQuery[date | None] = None) -> Response:
    """The SEPA credit transfer file (pain.001.001.03): one transfer per member and run."""
    run = get_run(session, run_id)
    body = sepa_file(session, run_id, execution_date or date.today())
    return _attachment(body, "application/xml", f"sepa-{run.period:%Y-%m}-{run.sequence}.xml")


@get("/payroll/runs/{run_id:uuid}/payslips", opt=RUNS_READ, sync_to_thread=True, tags=TAGS)
def run_payslips(run_id: FromPath[uuid.UUID], session: Session,
                 status: FromQuery[str | None] = None, limit: Limit = 100,
                 offset: Offset = 0) -> list[PayslipOut]:
    """The run's payslips in pages (``status``: computed or blocked)."""
    get_run(session, run_id)
    query = select(PayslipRecord).where(PayslipRecord.run_id == run_id)
    if status:
        query = query.where(PayslipRecord.status == status)
    rows = page(session, query, limit, offset, PayslipRecord.chunk_number, PayslipRecord.id)
    return [PayslipOut.of(s) for s in rows]


@post("/payroll/corrections", opt=RUNS_WRITE, sync_to_thread=True, tags=TAGS)
def correct(data: JSONBody[RunStart], session: Session, principal: Caller) -> RunOut:
    """The correction run of a paid ``period``: the differences of its amended performances
    (the correction run waiting to be paid when there is one; 409 when nothing is amended)."""
    return RunOut.of(session, start_correction(session, data.period, principal.actor))


PAYSLIP_SORTS = {"newest": SortKey((PayslipRecord.period, PayslipRecord.id), descending=True),
                 "oldest": SortKey((PayslipRecord.period, PayslipRecord.id))}


@get("/payroll/payslips", opt=READ, sync_to_thread=True, tags=TAGS, response_headers=LIST_HEADERS,
     after_request=awaited)
def list_payslips(request: Request, session: Session, principal: Caller, access: Access,
                  run_id: FromQuery[uuid.UUID | None] = None, limit: Limit = 100,
                  offset: Offset = 0, sort: SortName = None, after: Cursor = None,
                  before: Cursor = None) -> Response[list[PayslipOut]]:
    """Payslips, latest period first (a member: their own); keyset-paged (``sort`` newest | oldest,
    ``X-Total-Count`` and ``Link`` headers)."""
    viewer = PayrollViewer(session, principal, access)
    query = viewer.only(select(PayslipRecord), PayslipRecord.member_id, by="member")
    if run_id:
        query = query.where(PayslipRecord.run_id == run_id)
    return listed(request, session, query, sorts=PAYSLIP_SORTS, default="newest", sort=sort, after=after,
                  before=before, limit=limit, offset=offset, item=PayslipOut.of)


@get("/payroll/payslips/{payslip_id:uuid}", opt=READ, sync_to_thread=True, tags=TAGS)
def get_payslip(payslip_id: FromPath[uuid.UUID], session: Session, principal: Caller,
                access: Access) -> PayslipOut:
    return PayslipOut.of(PayrollViewer(session, principal, access).payslip(payslip_id))


@get("/payroll/payslips/{payslip_id:uuid}/document", opt=READ, sync_to_thread=True, tags=TAGS,
     media_type="application/pdf")
def payslip_document(payslip_id: FromPath[uuid.UUID], session: Session, principal: Caller,
                     access: Access) -> Response:
    """The payslip as a PDF with the tenant's branding, generated on demand."""
    slip = PayrollViewer(session, principal, access).payslip(payslip_id)
    return _attachment(payslip_pdf(session, slip.id), "application/pdf",
                       f"payslip-{slip.period:%Y-%m}-{slip.id}.pdf")


ROUTES = [list_runs, start, status, blocked, approve, paid, sepa, run_payslips, correct,
          list_payslips, get_payslip, payslip_document]
